"""The portal served for a measurement, on 127.0.0.1 only.

``gunicorn``: the production server, ``portal serve`` as an operator starts it, in a process
of its own; the memory of its workers is read from ``/proc``. ``thread``: the portal in this
process behind Werkzeug's HTTP server, for a quick run at a small size (no worker memory).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.browser import Browser

SECRET = "bench-secret"
STARTUP_SECONDS = 90


class ServerFailed(RuntimeError):
    pass


@dataclass
class Server:
    port: int
    process: subprocess.Popen | None = None  # the gunicorn master; None: in this process
    log: Path | None = None

    def workers(self) -> list[int]:
        """The pids of the gunicorn workers now running (a worker may have been replaced)."""
        if self.process is None:
            return []
        return [pid for pid in _pids() if _parent(pid) == self.process.pid]

    def reset_peaks(self) -> bool:
        """Start the workers' peak-memory counters (VmHWM) afresh; False where the kernel
        does not allow it."""
        try:
            for pid in self.workers():
                Path(f"/proc/{pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return bool(self.workers())

    def peak_mib(self) -> float | None:
        """The largest peak resident memory of any worker since the last reset, in MiB."""
        return self._largest("VmHWM")

    def resident_mib(self) -> float | None:
        """The largest resident memory of any worker now, in MiB."""
        return self._largest("VmRSS")

    def _largest(self, key: str) -> float | None:
        found = [kib for pid in self.workers() if (kib := _status_kib(pid, key))]
        return max(found) / 1024 if found else None

    def log_tail(self, lines: int = 30) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(kind: str, database_url: str, workers: int = 2) -> Iterator[Server]:
    starter = {"gunicorn": _gunicorn, "thread": _in_thread}[kind]
    with starter(database_url, workers) as server:
        _wait_until_healthy(server)
        yield server


@contextmanager
def _gunicorn(database_url: str, workers: int) -> Iterator[Server]:
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
    }
    portal = Path(sys.executable).with_name("portal")
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "gunicorn.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(portal), "serve"], env=environment, stdout=output, stderr=subprocess.STDOUT
            )
        server = Server(port=port, process=process, log=log)
        try:
            yield server
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # gunicorn: finish the requests, then stop
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def _in_thread(database_url: str, _workers: int) -> Iterator[Server]:
    from werkzeug.serving import make_server

    from portal import create_app

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": SECRET})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(port=http.server_port)
    finally:
        http.shutdown()
        thread.join()
        app.extensions["portal.engine"].dispose()


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            code = server.process.returncode
            raise ServerFailed(f"portal serve exited with {code}:\n{server.log_tail()}")
        try:
            if Browser(server.port, timeout=5).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerFailed(f"/healthz did not answer in {STARTUP_SECONDS} s:\n{server.log_tail()}")


def _pids() -> Iterator[int]:
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            yield int(entry.name)


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[1])  # the fields after the command's name


def _status_kib(pid: int, key: str) -> int | None:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    return None
