"""``diplograph load``: push a graph to a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from diplograph.cli import command, endpoint_url


def _load_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "graph",
        type=Path,
        metavar="GRAPH",
        help="graph file (.ttl, .trig, .nt, .nq, .jsonld) written by build, "
        "or the folder holding it",
    )
    p.add_argument(
        "--endpoint",
        required=True,
        type=endpoint_url,
        metavar="URL",
        help="Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
        "http://localhost:3030/ds/data (Fuseki), "
        "http://host:7200/repositories/ID/rdf-graphs/service (GraphDB), "
        "http://localhost:8890/sparql-graph-crud-auth (Virtuoso)",
    )
    p.add_argument(
        "--graph",
        dest="graph_iri",
        metavar="IRI",
        help="put everything into this one named graph (default: one named graph per article)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--replace",
        dest="replace",
        action="store_true",
        default=True,
        help="replace each target graph (HTTP PUT; the default)",
    )
    mode.add_argument(
        "--append",
        dest="replace",
        action="store_false",
        help="add to each target graph (HTTP POST)",
    )
    p.add_argument(
        "--auth-env",
        default="DIPLOGRAPH_AUTH",
        metavar="VARIABLE",
        help="environment variable holding user:password (HTTP Basic, or Digest when the server "
        "asks for it), 'Digest user:password' (Digest only) or a bearer token "
        "(default DIPLOGRAPH_AUTH); user:password@ in the URL wins",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="total time for each request, one graph (default 120)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")


@command(
    "load",
    "Load a graph into a running triple store over the SPARQL 1.1 Graph Store Protocol.",
    "DIPLOGRAPH_AUTH=admin:secret diplograph load output/graph.ttl "
    "--endpoint http://localhost:7878/store",
)(_load_options)
def run_load(args: argparse.Namespace) -> int:
    from diplograph.errors import EndpointError
    from diplograph.triplestore.endpoint import load_file, shown

    if not args.timeout > 0 or args.timeout == float("inf"):
        raise EndpointError(f"--timeout {args.timeout:g}: give a number of seconds above 0")
    result = load_file(
        args.graph,
        args.endpoint,
        graph=args.graph_iri,
        replace=args.replace,
        auth_variable=args.auth_env,
        timeout=args.timeout,
    )
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if not args.quiet:
        graphs, where = len(result.graphs), shown(args.endpoint)
        print(f"loaded {result.quads} quads into {graphs} graphs at {where}", file=sys.stderr)
    return 0
