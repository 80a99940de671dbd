"""``diplograph query``: run a bundled or own SPARQL query on a graph file, a store or an
endpoint."""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

from diplograph.cli import command, endpoint_url
from diplograph.errors import QueryError

# the defaults, without importing the engines before a query is asked for
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_MEMORY_MB = 4096


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0: no limit)")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (0: no limit)")
    return value


def _query_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "source",
        nargs="?",
        metavar="GRAPH_OR_STORE",
        help="graph file (.ttl, .trig, .nt, .nq), store folder (build --store), "
        "or SPARQL query endpoint URL",
    )
    p.add_argument(
        "query_file", nargs="?", type=Path, metavar="QUERY.rq", help="a SPARQL query file"
    )
    p.add_argument("-e", "--expression", metavar="SPARQL", help="the query text itself")
    p.add_argument("--name", metavar="NAME", help="a bundled query (see --list)")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="bind the query variable ?KEY to VALUE, as an RDF term of the declared type "
        "(repeatable); an IRI may be given in full, prefixed as tables print it "
        "(dgr:person/donald-trump) or by a label ('Donald Trump')",
    )
    p.add_argument(
        "--format",
        choices=["table", "csv", "tsv", "json"],
        default="table",
        help="output format (default table)",
    )
    p.add_argument(
        "--engine",
        choices=["auto", "rdflib", "oxigraph"],
        default="auto",
        help="engine for graph files (default: rdflib for small files, pyoxigraph for large ones)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the query (reading the graph included) after this long, on every engine; "
        f"for an endpoint also the total time for its answer (default {DEFAULT_TIMEOUT:g}; "
        "0: no limit)",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="let a query on a graph file or store call other endpoints (SERVICE); "
        "refused by default",
    )
    p.add_argument(
        "--max-rows",
        type=_count,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"stop a query that gives more rows than this (default {DEFAULT_MAX_ROWS:,}; "
        "0: no limit)",
    )
    p.add_argument(
        "--max-memory",
        type=_count,
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MB",
        help=f"stop a query whose process holds more memory than this, in MB "
        f"(default {DEFAULT_MAX_MEMORY_MB:,}; 0: no limit)",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="list the bundled queries and their parameters, then stop",
    )


@command(
    "query",
    "Run a SPARQL query (bundled, from a file, or given with -e) on a graph, a store or an "
    "endpoint.",
    "diplograph query output/graph.ttl --name meetings-of-actor --param 'actor=Vladimir Putin'",
)(_query_options)
def run_query(args: argparse.Namespace) -> int:
    from diplograph import queries
    from diplograph.triplestore.engines import QueryLimits, run
    from diplograph.triplestore.results import render

    if args.list:
        print(queries.describe())
        return 0
    if args.source is None:
        raise QueryError(
            "give the graph file, store folder or endpoint URL to query (GRAPH_OR_STORE)"
        )
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", args.source):
        try:
            endpoint_url(args.source)
        except argparse.ArgumentTypeError as exc:
            raise QueryError(f"GRAPH_OR_STORE {exc}") from None
    chosen = [x for x in (args.query_file, args.expression, args.name) if x is not None]
    if len(chosen) != 1:
        raise QueryError(
            "give exactly one query: QUERY.rq, -e 'SPARQL' or --name NAME (--list shows the names)"
        )
    if args.name:
        query = queries.named(args.name)
    elif args.query_file:
        query = queries.from_file(args.query_file)
    else:
        query = queries.parse_query(args.expression, "-e")
    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r}: write it as KEY=VALUE")
        params[key] = value
    limits = QueryLimits(
        timeout=args.timeout or None,
        max_rows=args.max_rows or None,
        max_memory_mb=args.max_memory or None,
    )
    results = run(
        args.source,
        query,
        params,
        engine=args.engine,
        limits=limits,
        allow_service=args.allow_service,
    )
    for note in results.notes:
        print(f"note: {note}", file=sys.stderr)
    print(render(results, args.format), end="" if args.format in ("csv", "tsv") else "\n")
    return 0
