"""A tiny HTTP server on 127.0.0.1 for tests that need crafted pages."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# What a route answers for a path: (status, content type, body), or None for 404.
Route = Callable[[str], "tuple[int, str, bytes] | None"]


def pages(table: dict[str, str], content_type: str = "text/html; charset=utf-8") -> Route:
    """A route serving fixed pages (``.xml`` paths as XML), encoded as UTF-8 (lone
    surrogates kept, for hostile pages)."""

    def route(path: str) -> tuple[int, str, bytes] | None:
        page = table.get(path)
        if page is None:
            return None
        kind = "application/xml; charset=utf-8" if path.endswith(".xml") else content_type
        return 200, kind, page.encode("utf-8", "surrogatepass")

    return route


@contextmanager
def serve(route: Route) -> Iterator[str]:
    """Serve ``route`` on a free loopback port; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, kind, body = route(self.path) or (404, "text/plain", b"not found")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server, base_url = listen(Handler)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


def listen(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``handler`` on a free loopback port in a background thread; the server
    (to shut down) and its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
