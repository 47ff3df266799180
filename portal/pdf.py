"""What every PDF of the portal shares (certificates, portfolios, checklists, training plans).

A :class:`Document` writes in DejaVu Sans where the machine has it (Debian and Ubuntu:
``fonts-dejavu-core``), so dashes, typographic quotes and every Norwegian letter come out as
written. Without it, the document falls back on fpdf2's core font Helvetica, which knows
Latin-1 only: æ, ø, å and § are there, dashes and quotes are mapped by :func:`latin1`, and
anything else becomes ``?``, so that no content can make a PDF fail.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fpdf import FPDF

#: Where distributions put DejaVu Sans, searched in this order.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu"),  # Fedora, Alpine
    Path("/usr/share/fonts/TTF"),  # Arch
)
UNICODE_FAMILY = "DejaVuSans"
CORE_FAMILY = "Helvetica"

_REPLACEMENTS = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "−": "-",
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "…": "...",
        "•": "*",
        "✓": "OK",
        "✗": "X",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def latin1(text: str) -> str:
    """``text`` with common typography mapped to Latin-1 and anything else as ``?``."""
    return text.translate(_REPLACEMENTS).encode("latin-1", "replace").decode("latin-1")


@cache
def unicode_font_files() -> tuple[Path, Path] | None:
    """DejaVu Sans and DejaVu Sans Bold, or None where the machine has neither."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class Document(FPDF):
    """An fpdf2 document in the portal's font; :meth:`font` sets its style and size."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        files = unicode_font_files()
        self.portal_family = CORE_FAMILY
        if files is not None:
            regular, bold = files
            self.add_font(UNICODE_FAMILY, "", str(regular))
            self.add_font(UNICODE_FAMILY, "B", str(bold))
            self.portal_family = UNICODE_FAMILY

    def font(self, style: str = "", size: float = 10) -> None:
        self.set_font(self.portal_family, style, size)

    def normalize_text(self, text: str) -> str:
        """Text as the current font can show it: as written in DejaVu, mapped to Latin-1 in
        the core font (fpdf2 would refuse a character outside it)."""
        return super().normalize_text(text if self.is_ttf_font else latin1(text))
