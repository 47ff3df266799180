"""A stacked bar chart of statuses per competence, drawn as SVG on the server. Pure.

No JavaScript: the page includes the SVG as it is. Each bar carries its counts as text, and
the summary table beside it holds the same numbers for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from portal.competence.gaps import Status
from portal.reports.matrix import Tally

ORDER = (Status.OK, Status.EXPIRING, Status.NOT_DUE, Status.MISSING, Status.EXPIRED)
COLOURS = {
    Status.OK: "#1d6b36",
    Status.EXPIRING: "#b36f00",
    Status.NOT_DUE: "#6b7683",
    Status.MISSING: "#a3161b",
    Status.EXPIRED: "#5c0b0e",
}
SYMBOLS = {
    Status.OK: "✓",
    Status.EXPIRING: "!",
    Status.NOT_DUE: "…",
    Status.MISSING: "✗",
    Status.EXPIRED: "✗",
}
LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, GAP = 260, 440, 22, 8


def stacked_bars(tallies: Sequence[Tally], title: str, label: Callable[[Status], str]) -> Markup:
    """The chart: one bar per tally, its length split by status, counts written in."""
    top = 34
    height = top + len(tallies) * (BAR_HEIGHT + GAP) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="chart-title" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    x: float = 0
    for status in ORDER:  # the legend, with symbol and text
        parts.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{COLOURS[status]}"/>'
            f'<text x="{x + 18}" y="16" font-size="12">{SYMBOLS[status]} '
            f"{escape(label(status))}</text>"
        )
        x += 18 + 7 * (len(str(label(status))) + 2) + 16
    for index, tally in enumerate(tallies):
        y = top + index * (BAR_HEIGHT + GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" font-size="13" '
            f'text-anchor="end">{escape(_short(tally.label))}</text>'
        )
        total, x = tally.total or 1, float(LABEL_WIDTH)
        for status in ORDER:
            count = tally.counts[status]
            if not count:
                continue
            w = BAR_WIDTH * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[status]}"><title>{escape(label(status))}: {count}'
                f"</title></rect>"
            )
            if w >= 26:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 16}" font-size="12" '
                    f'fill="#ffffff" text-anchor="middle">{SYMBOLS[status]}{count}</text>'
                )
            x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
