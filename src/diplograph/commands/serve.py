"""``diplograph serve``: a build's graph behind a read-only SPARQL endpoint, with its page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diplograph.cli import command

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "location",
        type=Path,
        metavar="OUTDIR",
        help="a build's output folder (its graph file, graph.html and void.ttl), a graph file, "
        "or a store folder written by build --store",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log every request on stderr")


@command(
    "serve",
    "Serve a built graph: a read-only SPARQL endpoint at /sparql and graph.html at /.",
    "diplograph serve output/ --port 8000",
)(_serve_options)
def run_serve(args: argparse.Namespace) -> int:
    from diplograph.serve import serve

    serve(
        args.location,
        host=args.host,
        port=args.port,
        quiet=not args.verbose,
        say=lambda line: print(line, file=sys.stderr, flush=True),
    )
    return 0
