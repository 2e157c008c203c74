"""Small HTTP helpers for tests that run a real server on 127.0.0.1."""

from __future__ import annotations

import functools
import socket
import subprocess
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 30) -> tuple[int, str]:
    """Status and body; a dev server holding requests makes this time out (status 0)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Terminate a server process, killing it if it does not stop within 10 seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class _Handler(SimpleHTTPRequestHandler):
    """Static files, no request log, and the server's extra headers."""

    def log_message(self, format: str, *args: Any) -> None:
        return

    def end_headers(self) -> None:
        for name, value in getattr(self.server, "extra_headers", {}).items():
            self.send_header(name, value)
        super().end_headers()


@dataclass
class Served:
    """A folder served on 127.0.0.1 with a free port; `extra_headers` go on every response."""

    root: Path
    extra_headers: dict[str, str] = field(default_factory=dict)
    server: ThreadingHTTPServer = field(init=False)

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Handler, directory=str(self.root))
        )
        self.server.extra_headers = self.extra_headers  # type: ignore[attr-defined]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
