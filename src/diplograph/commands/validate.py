"""``diplograph validate``: check a graph file against the diplograph SHACL shapes."""

from __future__ import annotations

import argparse
from pathlib import Path

from diplograph.cli import command


def _validate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "graph",
        type=Path,
        metavar="GRAPH",
        help="graph file: .ttl, .trig, .nt, .nq or .jsonld (a dataset is checked as "
        "the union of its "
        "graphs), or the folder holding it",
    )
    p.add_argument(
        "--limit", type=int, default=None, metavar="N", help="print at most N violations"
    )


@command(
    "validate",
    "Check a graph against the diplograph SHACL shapes; exit 1 on violations.",
    "diplograph validate output/graph.ttl",
)(_validate_options)
def run_validate(args: argparse.Namespace) -> int:
    from diplograph.rdf.validation import validate_graph
    from diplograph.triplestore.dataset import graph_file, read_union

    path = graph_file(args.graph)
    graph = read_union(path)
    report = validate_graph(graph)
    print(f"{path}: {len(graph)} triples")
    print(report.text(limit=args.limit))
    return 0 if report.conforms else 1
