"""A live server and a client that fills in its forms as a browser does, for tests that send
the same form twice at once (a double click, two tabs)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server


@pytest.fixture
def live_app(csrf_app: Flask) -> Iterator[str]:
    """``csrf_app`` (the test database, CSRF on) served on a free local port, many threads."""
    server = make_server("127.0.0.1", 0, csrf_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


class _Forms(HTMLParser):
    """Each POST form of a page: its action and the values its inputs carry as served."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._open: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = {name: value or "" for name, value in attrs}
        if tag == "form" and fields.get("method", "").lower() == "post":
            self._open = {}
            self.forms.append((fields.get("action", ""), self._open))
        elif tag == "input" and self._open is not None and "name" in fields:
            if fields.get("type") not in ("checkbox", "radio", "submit"):
                self._open[fields["name"]] = fields.get("value", "")
        elif tag == "select" and self._open is not None:
            self._select = fields.get("name")
        elif tag == "option" and self._open is not None and self._select is not None:
            # The first option, unless another is selected: what a browser sends untouched.
            if self._select not in self._open or "selected" in fields:
                self._open[self._select] = fields.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None
        elif tag == "select":
            self._select = None


class Visitor:
    """One logged-in person's browser, without the browser."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def login(self, email: str, password: str) -> None:
        page = self.form("/login")
        answer = self.post("/login", {**page, "email": email, "password": password})
        assert answer.status_code == 302, answer.text

    def form(self, page: str, action: str = "") -> dict[str, str]:
        """The fields of the POST form on ``page`` that posts to ``action`` (the page itself
        when empty), with the hidden values the server put in them."""
        answer = self.http.get(urljoin(self.base_url, page))
        assert answer.status_code == 200, (page, answer.status_code)
        parser = _Forms()
        parser.feed(answer.text)
        for form_action, fields in parser.forms:
            if form_action == action:
                return dict(fields)
        raise AssertionError(f"no form posting to {action!r} on {page}")

    def post(self, action: str, data: dict[str, str]) -> requests.Response:
        return self.http.post(urljoin(self.base_url, action), data=data, allow_redirects=False)

    def post_twice_at_once(self, action: str, data: dict[str, str]) -> list[requests.Response]:
        """Send the same filled-in form twice, both requests leaving at the same moment, each
        on its own connection with this browser's cookies."""
        barrier = threading.Barrier(2)
        answers: list[requests.Response] = []

        def send() -> None:
            http = requests.Session()
            http.cookies.update(self.http.cookies)
            barrier.wait()
            answers.append(
                http.post(urljoin(self.base_url, action), data=data, allow_redirects=False)
            )

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(answers) == 2, "a request did not come back within a minute"
        return answers
