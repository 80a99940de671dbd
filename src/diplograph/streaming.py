"""Builds in bounded memory: articles stream through the pipeline in chunks and their triples
stream into an N-Triples (or N-Quads) file as they come.

Nothing grows with the number of articles except the set of rows that several articles can
produce (facts about knowledge-base entities and shared events), which is bounded by the
knowledge base, and the list of processed file names. Turtle, TriG and JSON-LD need the whole
graph to pretty-print it: they are written from the streamed file at the end when the graph has
at most :data:`PRETTY_LIMIT` triples; above that the streamed file is the output and the build
says so. graph.html and ``--store`` read the graph back in the same way.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph

from diplograph.errors import OutputError
from diplograph.limits import DEFAULT_TIMEOUT
from diplograph.parallel import CHUNK_SIZE, ArticleRows, Executor
from diplograph.progress import BuildProgress
from diplograph.rdf.exports import EXPORT_FORMATS, ExportFormat, write_export
from diplograph.rdf.mapping import bind_prefixes
from diplograph.rdf.namespace import DEFAULT_BASE
from diplograph.reader import DEFAULT_MAX_BYTES, expand_inputs

PRETTY_LIMIT = 300_000
"""Largest graph (triples or quads) read back for Turtle, TriG, JSON-LD and graph.html."""

STREAM_FORMATS = {False: EXPORT_FORMATS["nt"], True: EXPORT_FORMATS["nquads"]}


class RowWriter:
    """Appends the rows of articles to an open file, writing each shared row only once."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.rows = 0
        self._seen: set[str] = set()

    def write(self, article: ArticleRows) -> None:
        seen = self._seen
        lines = []
        for row, shared in zip(article.rows, article.shared, strict=True):
            if shared:
                if row in seen:
                    continue
                seen.add(row)
            lines.append(row)
        self.out.write("".join(lines))
        self.rows += len(lines)


def _temp_beside(path: Path) -> Path:
    from diplograph.tempfiles import temp_prefix

    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    os.close(fd)
    return Path(tmp)


def read_back(path: Path, *, quads: bool, base: str) -> tuple[Graph, Dataset | None]:
    """The graph (and for N-Quads the dataset) of a streamed file, with diplograph's prefixes."""
    graph = Graph()
    bind_prefixes(graph, base)
    if not quads:
        graph.parse(str(path), format="nt")
        return graph, None
    dataset = Dataset()
    bind_prefixes(dataset, base)
    dataset.parse(str(path), format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph, dataset


def stream_build(
    inputs: Iterable[str],
    outdir: Path | str,
    *,
    lang: str | None = None,
    base: str = DEFAULT_BASE,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool = True,
    max_nodes: int | None = None,
    report: Callable[[str], None] | None = None,
    fmt: str = "turtle",
    jobs: int = 1,
    dask: str | None = None,
    progress: bool = False,
    store: bool = False,
    pretty_limit: int = PRETTY_LIMIT,
    chunk_size: int = CHUNK_SIZE,
    timeout: float | None = DEFAULT_TIMEOUT,
):  # -> BuildResult (imported late: diplograph.build imports this module)
    """Build OUTDIR/graph.* from articles without holding the articles, Docs or graph in memory.

    Args:
        jobs: worker processes on this machine (1: extract in this process).
        dask: a Dask scheduler address, or ``local`` for a local Dask cluster; extraction runs
            on its workers.
        progress: show a progress bar on stderr (only when stderr is a terminal).
        store: the caller will write the graph into an Oxigraph store, so keep the dataset
            with one graph per article in the result.
        pretty_limit: largest graph read back for Turtle/TriG/JSON-LD and graph.html.
        timeout: seconds one article may take (see :mod:`diplograph.limits`); over it, skipped.
        chunk_size: articles per unit of work of a worker.

    Returns:
        The BuildResult; its ``graph`` (and ``dataset``) are filled only when the graph was
        read back (small enough and needed), ``triples`` always.

    Raises:
        OutputError: unknown format, or the output folder cannot be written.
    """
    from diplograph.build import BuildResult, read_articles

    export = EXPORT_FORMATS.get(fmt)
    if export is None:
        raise OutputError(f"unknown output format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    quads = export.named_graphs or store
    stream_format: ExportFormat = STREAM_FORMATS[quads]
    outdir = Path(outdir)
    report = report or (lambda line: print(line, file=sys.stderr))
    started = time.perf_counter()
    result = BuildResult(graph=Graph())
    sources = list(expand_inputs(inputs))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        stream_path = _temp_beside(outdir / stream_format.filename)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write output ({exc.strerror or exc})") from None
    entities: set[str] = set()
    events: set[str] = set()
    executor = Executor(
        jobs=jobs,
        dask=dask,
        model=model,
        base=base,
        quads=quads,
        chunk_size=chunk_size,
        timeout=timeout,
    )
    try:
        with (
            BuildProgress(len(sources), enabled=progress) as bar,
            stream_path.open("w", encoding="utf-8") as out,
        ):
            say = bar.wrap(report)
            articles = read_articles(
                sources, lang=lang, max_bytes=max_bytes, result=result, report=say
            )
            writer = RowWriter(out)
            done = len(result.skipped) + len(result.failed)
            for rows in executor.rows(articles):
                if rows.error:
                    result.failed.append((rows.source, rows.error))
                    say(f"error: {rows.source}: {rows.error}")
                elif rows.skipped:
                    result.skipped.append((rows.source, rows.skipped))
                    say(f"skipped {rows.source}: {rows.skipped}")
                else:
                    writer.write(rows)
                    result.processed.append(rows.source)
                    result.relations += rows.relations
                    entities.update(rows.entities)
                    events.update(rows.events)
                now = len(result.processed) + len(result.skipped) + len(result.failed)
                bar.advance(now - done)
                done = now
            bar.advance(len(sources) - done)
        result.entities = len(entities)
        result.events = len(events)
        result.triples = writer.rows
        if not result.processed:
            stream_path.unlink(missing_ok=True)
            return result
        _finish(
            result,
            stream_path,
            outdir,
            export,
            stream_format,
            quads=quads,
            base=base,
            html=html,
            max_nodes=max_nodes,
            store=store,
            pretty_limit=pretty_limit,
            report=report,
        )
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write output ({exc.strerror or exc})") from None
    finally:
        stream_path.unlink(missing_ok=True)
    result.seconds = time.perf_counter() - started
    return result


def _finish(
    result,
    stream_path: Path,
    outdir: Path,
    export: ExportFormat,
    stream_format: ExportFormat,
    *,
    quads: bool,
    base: str,
    html: bool,
    max_nodes: int | None,
    store: bool,
    pretty_limit: int,
    report: Callable[[str], None],
) -> None:
    """Put the streamed file in place, or write the asked format from it; graph.html."""
    from diplograph.build import write_atomic

    small = result.triples <= pretty_limit
    needs_graph = export is not stream_format or html or store
    if small and needs_graph:
        result.graph, result.dataset = read_back(stream_path, quads=quads, base=base)
        result.triples = len(result.graph)
    if export is stream_format:
        target = outdir / export.filename
        os.replace(stream_path, target)
        result.outputs.append(target)
    elif small:
        target = outdir / export.filename
        write_atomic(target, lambda tmp: write_export(result.graph, result.dataset, tmp, export))
        result.outputs.append(target)
    else:
        target = outdir / stream_format.filename
        os.replace(stream_path, target)
        result.outputs.append(target)
        report(
            f"the graph has {result.triples:,} {'quads' if quads else 'triples'}, "
            f"more than {pretty_limit:,}: wrote {target.name} "
            f"({'N-Quads' if quads else 'N-Triples'}, streamed) instead of {export.filename}"
        )
    if not small:
        if html:
            report(f"graph.html not written: the graph is larger than {pretty_limit:,} triples")
        if store:
            # the store needs the dataset; a graph this large is read back for it all the same
            result.graph, result.dataset = read_back(target, quads=True, base=base)
        return
    if html:
        from diplograph.view.html import write_html

        page = outdir / "graph.html"
        left_out = write_html(result.graph, page, max_nodes=max_nodes)
        if left_out:
            left = len(left_out)
            report(f"graph.html: {left} least central nodes left out (--max-nodes {max_nodes})")
        result.outputs.append(page)
