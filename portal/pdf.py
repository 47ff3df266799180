"""What every PDF of the portal shares (certificates, portfolios, checklists, training plans).

They use fpdf2's core fonts, so there are no font files to ship. Those fonts know Latin-1
only: æ, ø, å and § are there, but dashes, typographic quotes and symbols are not. Every text
passes through :func:`latin1` first, so that no content can make a PDF fail.
"""

from __future__ import annotations

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
