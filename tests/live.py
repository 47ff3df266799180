"""A live server and a client that fills in its forms as a browser does, for tests that send
the same form twice at once (a double click, two tabs)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import TEST_SECRET


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

    def post_twice_at_once(
        self, action: str, data: dict[str, str], files: dict | None = None
    ) -> list[requests.Response]:
        """Send the same filled-in form twice, both requests leaving at the same moment;
        ``files`` as ``requests`` takes them (name → (filename, bytes)), for an upload."""
        return self.post_all_at_once([(action, data), (action, data)], files=files)

    def post_all_at_once(
        self, forms: list[tuple[str, dict[str, str]]], files: dict | None = None
    ) -> list[requests.Response]:
        """Send each ``(action, data)`` at the same moment, each on its own connection with
        this browser's cookies; the answers in the order they came back."""
        barrier = threading.Barrier(len(forms))
        answers: list[requests.Response] = []

        def send(action: str, data: dict[str, str]) -> None:
            http = requests.Session()
            http.cookies.update(self.http.cookies)
            barrier.wait()
            answers.append(
                http.post(
                    urljoin(self.base_url, action), data=data, files=files, allow_redirects=False
                )
            )

        threads = [threading.Thread(target=send, args=form) for form in forms]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(answers) == len(forms), "a request did not come back within a minute"
        return answers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def portal_serve(database_url: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """``portal serve`` (gunicorn, as production runs it) on ``database_url`` in a process
    group of its own, so that a test can kill it outright."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    portal = Path(sys.executable).with_name("portal")
    process = subprocess.Popen(
        [str(portal), "serve"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process)
        yield base_url, process
    finally:
        kill(process)


def kill(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` to the server and all its workers, and wait for them to go."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=30)


def _wait_until_up(base_url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "portal serve ended before it answered"
        # Refused until gunicorn listens, slow while its workers load the app.
        with suppress(requests.RequestException):
            if requests.get(f"{base_url}/healthz", timeout=10).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError("portal serve did not answer within a minute")
