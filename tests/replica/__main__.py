"""python -m tests.replica --port 8080 --articles 500 [--seed 1] [--js] [--variant NAME]"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from types import FrameType

from .server import Replica
from .site import MIN_ARTICLES
from .themes import DEFAULT_VARIANT, VARIANTS


def _articles(text: str) -> int:
    value = _integer(text)
    if value < MIN_ARTICLES:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_ARTICLES}")
    return value


def _port(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535 (0 picks a free port)")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.replica",
        description="Serve an offline replica of asianlite.com until Ctrl-C.",
    )
    parser.add_argument(
        "--port", type=_port, default=8080, help="port to listen on (default 8080; 0 = any free)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--articles", type=_articles, default=500, help="number of posts (default 500)"
    )
    parser.add_argument("--seed", type=_integer, default=1, help="content seed (default 1)")
    parser.add_argument(
        "--js", action="store_true", help="serve listing and article pages as JavaScript shells"
    )
    parser.add_argument(
        "--public-url", help="base URL written into pages, if clients reach the server differently"
    )
    parser.add_argument(
        "--prerender", action="store_true", help="render all article pages before serving"
    )
    parser.add_argument(
        "--variant",
        choices=list(VARIANTS),
        default=DEFAULT_VARIANT,
        help=f"which site and theme to serve (default {DEFAULT_VARIANT})",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser.parse_args(argv)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Ctrl-C and SIGTERM both stop cleanly, even when started in the background
    # (where shells start programs with SIGINT ignored).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    replica = Replica(
        args.articles,
        args.seed,
        js=args.js,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        verbose=args.verbose,
        variant=args.variant,
    )
    try:
        base = replica.bind()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 1
    if args.prerender:
        replica.prerender()
    mode = ", JavaScript shells" if args.js else ""
    if args.variant != DEFAULT_VARIANT:
        mode += f", variant {args.variant}"
    print(
        f"{replica.variant.site_name} replica: {args.articles} articles "
        f"(seed {args.seed}{mode}) at {base}/ "
        f"(built in {time.perf_counter() - started:.1f} s; Ctrl-C to stop)",
        flush=True,
    )
    try:
        replica.serve_forever()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
