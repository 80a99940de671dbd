"""Benchmark: reading an output split by article (what ``load`` and ``build --update`` do) at
1,000 / 2,000 / 4,000 generated articles (not a test; run it by hand).

    python benchmarks/bench_split.py [--sizes 1000 2000 4000] [--workdir DIR] [--before]

For each size the generated corpus (``benchmarks/corpus.py``, distinct file names) is built
once as TriG and as Turtle into the work folder (kept for later runs). Then, per format, it
times :func:`~diplograph.triplestore.dataset.read_article_graphs` (parse with pyoxigraph and
split) and a whole ``build --update`` of one new article into the output. With ``--before``
it also times what ``--update`` did before (rdflib parse, then the quadratic split kept in
``tests/split_before.py``).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import time
from pathlib import Path

from corpus import write_corpus

from diplograph.build import build
from diplograph.incremental import update
from diplograph.rdf.exports import EXPORT_FORMATS
from diplograph.triplestore.dataset import read_article_graphs, read_graph

NEW_ARTICLE = (
    "date 2025-09-02 Talks in Oslo\n\n"
    "Norway's foreign minister met his Finnish counterpart in Oslo on Tuesday to talk about "
    "Arctic shipping lanes.\n"
)


def quiet(line: str) -> None:
    """Drop progress lines."""


def prepared(workdir: Path, n: int, fmt: str) -> Path:
    """The output folder of ``n`` generated articles built in ``fmt`` (built if missing)."""
    corpus = workdir / f"corpus-{n}"
    if not corpus.is_dir():
        write_corpus(n, corpus)
    out = workdir / f"out-{n}-{fmt}"
    if not (out / EXPORT_FORMATS[fmt].filename).is_file():
        build([str(corpus)], out, fmt=fmt, html=False, jobs=2, report=quiet)
    return out


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-split"))
    parser.add_argument("--formats", nargs="+", default=["trig", "turtle"])
    parser.add_argument("--before", action="store_true", help="also time the quadratic split")
    parser.add_argument("--no-update", action="store_true", help="time only the split")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    new = args.workdir / "new"
    new.mkdir(exist_ok=True)
    (new / "oslo-talks.en.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    if args.before:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from split_before import split_before
    print(
        f"{'articles':>8} {'format':>7} {'quads':>9} {'read+split s':>13} {'update s':>9}"
        + (f" {'before s':>9}" if args.before else "")
    )
    for n in args.sizes:
        for fmt in args.formats:
            out = prepared(args.workdir, n, fmt)
            path = out / EXPORT_FORMATS[fmt].filename
            parts: list = []
            split = timed(lambda path=path, parts=parts: parts.append(read_article_graphs(path)))
            copy = args.workdir / f"update-{n}-{fmt}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(out, copy)
            updated = math.nan
            if not args.no_update:
                updated = timed(
                    lambda copy=copy, fmt=fmt: update(
                        [str(new)], copy, fmt=fmt, html=False, validate=False, report=quiet
                    )
                )
            shutil.rmtree(copy)
            line = f"{n:>8} {fmt:>7} {len(parts[0]):>9,} {split:>13.1f} {updated:>9.1f}"
            if args.before:
                line += f" {timed(lambda path=path: split_before(read_graph(path))):>9.1f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
