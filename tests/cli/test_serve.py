"""`portal serve` (and so `make run`) is a real multi-threaded server that names no versions."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def served(sqlite_template, tmp_path):
    """``portal serve`` on a free port (from PORT) and a migrated SQLite copy."""
    database = tmp_path / "portal.sqlite3"
    shutil.copy(sqlite_template, database)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": TEST_SECRET,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "portal"), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_serve_answers_on_port_with_the_login_page_and_no_versions(served):
    response = wait_for(f"{served}/login")
    assert response.status == 200
    assert 'name="email"' in response.read().decode()
    server = response.headers.get("Server", "")
    assert "Werkzeug" not in server
    assert "Python" not in server
    assert not any(character.isdigit() for character in server)


def test_make_run_serves_with_portal_serve():
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=5123"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    serve = [line for line in commands.splitlines() if "portal serve" in line]
    assert serve, commands
    assert "PORT=5123" in serve[0]
    assert "portal run" not in commands
