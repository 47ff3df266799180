"""Evidence files: which types are allowed, told by the file's first bytes. Pure.

The name and the browser's declared type are not trusted: a file is a PDF, PNG or JPEG only
if it starts like one.
"""

from __future__ import annotations

MAX_BYTES = 10 * 1024 * 1024

# magic bytes → (content type, file extension)
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class EvidenceRejected(Exception):
    """The file is not an allowed type, is empty, or is too large."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "type", "empty" or "size"


def sniff(head: bytes) -> tuple[str, str] | None:
    """The content type and extension of a file starting with ``head``, or None."""
    for magic, content_type, extension in _SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check(data: bytes) -> tuple[str, str]:
    """The content type and extension of ``data``.

    :raise EvidenceRejected: if it is empty, larger than :data:`MAX_BYTES`, or not PDF/PNG/JPEG
    """
    if not data:
        raise EvidenceRejected("empty")
    if len(data) > MAX_BYTES:
        raise EvidenceRejected("size")
    found = sniff(data[:16])
    if found is None:
        raise EvidenceRejected("type")
    return found


def safe_filename(name: str | None, extension: str) -> str:
    """A plain download name: letters, digits, dash, underscore and dot, with the right ending."""
    stem = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in stem)
    return f"{cleaned.strip('_')[:80] or 'dokumentasjon'}.{extension}"
