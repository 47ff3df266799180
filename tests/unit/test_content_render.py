"""Stored content HTML on the page: every table scrolls in a box of its own."""

from __future__ import annotations

from portal.content.render import as_markup, render

TABLE = "| Hva | Hvem |\n|---|---|\n| Journal | Lege |\n"


def test_each_table_is_wrapped_in_a_focusable_named_scroll_box():
    html = render(f"Før.\n\n{TABLE}\nMellom.\n\n{TABLE}")
    shown = str(as_markup(html, table_label="Tabell som kan rulles sideveis"))
    box = (
        '<div class="table-wrap" role="region" aria-label="Tabell som kan rulles sideveis"'
        ' tabindex="0"><table>'
    )
    assert shown.count(box) == 2
    assert shown.count("</table></div>") == 2
    assert shown.replace(box, "<table>").replace("</table></div>", "</table>") == html


def test_the_label_is_escaped_and_text_without_tables_is_unchanged():
    shown = str(as_markup(render(TABLE), table_label='"<b>'))
    assert 'aria-label="&#34;&lt;b&gt;"' in shown
    text = render("Ingen tabell her, bare `<table>` som kode.")
    assert str(as_markup(text, table_label="x")) == text
