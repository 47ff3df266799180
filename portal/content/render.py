"""Markdown to HTML: the one place that turns content text (lessons, documents) into markup.

``MarkdownIt("js-default")`` escapes HTML in the source and refuses ``javascript:`` links;
tables come with the preset and footnotes from mdit-py-plugins.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin

_md = MarkdownIt("js-default").enable("table").use(footnote_plugin)


def render(text: str) -> str:
    """HTML for ``text``; stored at content sync and shown with :func:`as_markup`."""
    return _md.render(text)


def as_markup(html: str) -> Markup:
    """Stored HTML, rendered by :func:`render` at sync, marked safe for templates."""
    return Markup(html)
