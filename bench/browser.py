"""A visitor over plain HTTP (``http.client``): logs in through the real form, CSRF token
included, keeps the session cookie and reads every response to its end."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class LoginFailed(RuntimeError):
    pass


class Browser:
    def __init__(self, port: int, timeout: float = 600):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def login(self, email: str, password: str) -> None:
        page = self.get("/login")
        token = _csrf_token(page.body.decode())
        form = {"csrf_token": token, "email": email, "password": password}
        answer = self._request(
            "POST",
            "/login",
            urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if answer.status != 302:
            raise LoginFailed(f"logging in as {email} answered {answer.status}, not a redirect")

    def _request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:  # the server cleared it
                    self.cookies.pop(name, None)
        return Response(response.status, response.headers, data)


class _TokenFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "input" and found.get("name") == "csrf_token":
            self.token = found.get("value")


def _csrf_token(page: str) -> str:
    finder = _TokenFinder()
    finder.feed(page)
    if not finder.token:
        raise LoginFailed("the login page has no csrf_token field")
    return finder.token
