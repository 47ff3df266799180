"""Markdown to HTML: the one place that turns content text (lessons, documents) into markup.

``MarkdownIt("js-default")`` escapes HTML in the source and refuses ``javascript:`` links;
tables come with the preset and footnotes from mdit-py-plugins.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin

_md = MarkdownIt("js-default").enable("table").use(footnote_plugin)
# The renderer writes every table as a bare <table>; the source's own HTML is escaped, so no
# other <table> can be in the stored text.
_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)


def render(text: str) -> str:
    """HTML for ``text``; stored at content sync and shown with :func:`as_markup`."""
    return _md.render(text)


def as_markup(html: str, table_label: str = "") -> Markup:
    """Stored HTML, rendered by :func:`render` at sync, marked safe for templates.

    Each table comes in a box of its own that scrolls sideways, is reached by the keyboard and
    is named ``table_label`` (the reader's language), so that a wide table does not widen the
    page on a phone. It is done here rather than at sync so that content stored before reads
    the same.
    """
    label = escape(table_label)
    return Markup(
        _TABLE.sub(
            lambda table: (
                f'<div class="table-wrap" role="region" aria-label="{label}" '
                f'tabindex="0">{table.group(0)}</div>'
            ),
            html,
        )
    )
