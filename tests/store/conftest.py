"""Real stores for the store tests: a pyoxigraph folder, an Oxigraph server, an auth server.

The Oxigraph server is the ``oxigraph`` executable from the ``oxigraph`` PyPI package, started
once per test session (per xdist worker) on a free loopback port and stopped by its pid.
Servers that need credentials are a tiny standard-library HTTP server, since Oxigraph has none.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cmo.store import open_store
from cmo.store.base import GraphStore
from cmo.store.transport import PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_VARIABLE

STARTUP_SECONDS = 20.0
POLL_SECONDS = 0.05
TOKEN = "tok-3f9a1c-never-shown"
USER = "coder"
PASSWORD = "pw-77d2e0-never-shown"


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; closed again before use)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_executable() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which("oxigraph")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a running ``oxigraph serve`` with its own fresh folder."""
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [executable, "serve", "--location", str(folder / "data"),
             "--bind", f"127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                log_text = (folder / "server.log").read_text(errors="replace")
                pytest.fail(f"oxigraph serve exited with {process.returncode}: {log_text}")
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not answer on {url} in {STARTUP_SECONDS} s")
                time.sleep(POLL_SECONDS)
        yield url
    finally:
        _stop(process)


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential variables from the developer's shell leak into a test."""
    for name in (TOKEN_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def remote_store(oxigraph_url: str, no_credentials: None) -> Iterator[GraphStore]:
    """The session's Oxigraph server, emptied for this test."""
    store = open_store(oxigraph_url)
    for graph in store.graphs():
        store.delete_graph(graph)
    with store:
        yield store


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    with open_store(tmp_path / "store") as store:
        yield store


@pytest.fixture(params=["embedded", "remote"])
def graph_store(request: pytest.FixtureRequest) -> GraphStore:
    """A fresh, empty store of each kind."""
    return request.getfixturevalue(f"{request.param}_store")


@dataclass
class AuthServer:
    """A loopback server that answers an ASK only with the right credentials, else 401."""

    url: str
    requests: list[str | None]


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler of the tests' loopback servers: answers in one call, logs nothing."""

    def answer(self, status: int, body: bytes, content_type: str,
               headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        for name, value in ((*headers, ("Content-Type", content_type),
                             ("Content-Length", str(len(body))))):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


class _AuthHandler(QuietHandler):
    accepted = frozenset({
        f"Bearer {TOKEN}",
        "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
    })

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        authorization = self.headers.get("Authorization")
        self.server.seen.append(authorization)  # type: ignore[attr-defined]
        if authorization not in self.accepted:
            self.answer(401, b"Unauthorized", "text/plain",
                        (("WWW-Authenticate", 'Bearer realm="cmo-test"'),))
        else:
            self.answer(200, b'{"head":{},"boolean":true}', "application/sparql-results+json")


@contextlib.contextmanager
def loopback(handler: type[BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """A real HTTP server on 127.0.0.1 (a free port) answering with ``handler``, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def address(server: ThreadingHTTPServer) -> str:
    """The server's URL: ``http://127.0.0.1:PORT``."""
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def auth_server(no_credentials: None) -> Iterator[AuthServer]:
    with loopback(_AuthHandler) as server:
        server.seen = []  # type: ignore[attr-defined]
        yield AuthServer(address(server), server.seen)  # type: ignore[attr-defined]
