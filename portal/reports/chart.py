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
RECOMMENDED = "recommended"  # a recommended competence missing or expired: its own, quiet part
COLOURS = {
    Status.OK: "#1d6b36",
    Status.EXPIRING: "#b36f00",
    Status.NOT_DUE: "#6b7683",
    Status.MISSING: "#a3161b",
    Status.EXPIRED: "#5c0b0e",
    RECOMMENDED: "#dde2e7",
}
SYMBOLS = {
    Status.OK: "✓",
    Status.EXPIRING: "!",
    Status.NOT_DUE: "…",
    Status.MISSING: "✗",
    Status.EXPIRED: "✗",
    RECOMMENDED: "○",
}
INK = {RECOMMENDED: "#1b1f24"}  # the count's colour on its part; white on the others
LABEL_WIDTH, BAR_WIDTH, BAR_HEIGHT, GAP = 260, 440, 22, 8
NARROW_WIDTH = 340  # about a phone's width in CSS pixels, so that 1 unit is about 1 px


def _parts(tally: Tally, recommended: bool) -> list[tuple[str, int]]:
    """The bar's parts in order, ``(key, count)``; with ``recommended``, the recommended gaps
    apart from the mandatory ones, so that they never look like a mandatory «Mangler»."""
    if not recommended:
        return [(status, tally.counts[status]) for status in ORDER]
    gaps = (Status.MISSING, Status.EXPIRED)
    parts = [
        (status, tally.mandatory_counts[status] if status in gaps else tally.counts[status])
        for status in ORDER
    ]
    return [*parts, (RECOMMENDED, tally.recommended_gaps)]


def stacked_bars(
    tallies: Sequence[Tally],
    title: str,
    label: Callable[[Status], str],
    *,
    narrow: bool = False,
    recommended: str | None = None,
) -> Markup:
    """The chart: one bar per tally, its length split by status, counts written in.

    ``narrow``: for a phone, drawn about as wide as the screen so that its text stays at its
    size (13–14 px): each name above its bar, the legend in rows. ``recommended``: the
    legend's word for the recommended gaps, drawn apart (pale) from the mandatory ones."""
    names: dict[str, str] = {status: str(label(status)) for status in ORDER}
    if recommended is not None:
        names[RECOMMENDED] = recommended
    key = "chart-title-narrow" if narrow else "chart-title"
    label_width, bar_width = (0, NARROW_WIDTH) if narrow else (LABEL_WIDTH, BAR_WIDTH)
    legend, x, top = [], 0.0, 4
    for part, name in names.items():  # the legend, with symbol and text
        text = f"{SYMBOLS[part]} {name}"
        step = 18 + 7.5 * len(text) + 16
        if x and x + step > (bar_width if narrow else label_width + bar_width):
            x, top = 0.0, top + 20
        outline = ' stroke="#4a5360" stroke-dasharray="2 2"' if part == RECOMMENDED else ""
        legend.append(
            f'<rect x="{x}" y="{top}" width="14" height="14" fill="{COLOURS[part]}"{outline}/>'
            f'<text x="{x + 18}" y="{top + 12}" font-size="{13 if narrow else 12}">'
            f"{escape(text)}</text>"
        )
        x += step
    top += 30
    row = BAR_HEIGHT + GAP + (18 if narrow else 0)
    height = top + len(tallies) * row + 10
    width = label_width + bar_width + (0 if narrow else 20)
    classes = "chart chart--narrow" if narrow else "chart"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" '
        f'role="img" aria-labelledby="{key}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{key}">{escape(title)}</title>',
        *legend,
    ]
    for index, tally in enumerate(tallies):
        y = top + index * row
        if narrow:
            parts.append(f'<text x="0" y="{y + 13}" font-size="14">{escape(tally.label)}</text>')
            y += 18
        else:
            parts.append(
                f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" font-size="13" '
                f'text-anchor="end">{escape(_short(tally.label))}</text>'
            )
        total, x = tally.total or 1, float(label_width)
        for part, count in _parts(tally, recommended is not None):
            if not count:
                continue
            w = bar_width * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[part]}"><title>{escape(names[part])}: {count}'
                f"</title></rect>"
            )
            if w >= 26:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 16}" font-size="{13 if narrow else 12}" '
                    f'fill="{INK.get(part, "#ffffff")}" text-anchor="middle">'
                    f"{SYMBOLS[part]}{count}</text>"
                )
            x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
