"""``diplograph analyze``: tables of central actors, meetings, communities and attendance."""

from __future__ import annotations

import argparse
from pathlib import Path

from diplograph.cli import command


def _analyze_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "graph",
        type=Path,
        metavar="GRAPH",
        help="a graph written by diplograph build (graph.ttl, or the folder holding it)",
    )
    p.add_argument("--top", type=int, default=10, help="rows per ranking (default 10)")
    p.add_argument(
        "--seed", type=int, default=0, help="random seed of the community detection (default 0)"
    )
    p.add_argument(
        "--graphml",
        type=Path,
        metavar="FILE",
        help="also write the projection as GraphML (for Gephi)",
    )


@command(
    "analyze",
    "Print the most central actors, who meets whom, communities and attendance of a graph.",
    "diplograph analyze output/graph.ttl --graphml output/graph.graphml",
)(_analyze_options)
def run_analyze(args: argparse.Namespace) -> int:
    from diplograph.view.analysis import analyze_file

    for table in analyze_file(args.graph, top=args.top, seed=args.seed, graphml=args.graphml):
        print(table.text())
        print()
    if args.graphml:
        print(f"wrote {args.graphml}")
    return 0
