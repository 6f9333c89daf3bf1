"""Real renderers for tests: a native Splash server, and a slow proxy to make it time out."""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.crawling import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_tool(path: str, name: str) -> ModuleType:
    """Import a standalone script under tools/ (not a package) by its path."""
    spec = importlib.util.spec_from_file_location(name, REPO / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def splash_server(run_dir: Path) -> Iterator[str]:
    """A real Splash (tools/splash/install.sh) on a free loopback port; yields its URL."""
    splashctl = load_tool("tools/splash/splashctl.py", "splashctl")
    server = splashctl.SplashServer(port=free_port(), run_dir=str(run_dir))
    server.start()
    try:
        yield str(server.url)
    finally:
        server.stop()


@contextmanager
def slow_proxy(upstream: str, delay: float, slow_prefix: str) -> Iterator[str]:
    """Forward GETs to ``upstream``, holding paths under ``slow_prefix`` for ``delay`` s.

    Upstream's absolute links are rewritten to the proxy, so a crawl stays on it.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith(slow_prefix):
                time.sleep(delay)
            try:
                with urllib.request.urlopen(upstream + self.path, timeout=30) as answer:
                    status, headers, body = answer.status, answer.headers, answer.read()
            except urllib.error.HTTPError as error:
                status, headers, body = error.code, error.headers, error.read()
            except OSError:  # upstream gone (a test ending while a render still fetches)
                self.send_error(502)
                return
            body = body.replace(upstream.encode(), public.encode())  # links via the proxy
            self.send_response(status)
            self.send_header("Content-Type", headers.get("Content-Type", "text/html"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    public = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield public
    finally:
        server.shutdown()
        server.server_close()
