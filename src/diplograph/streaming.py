"""Builds in bounded memory: articles stream through the pipeline in chunks and their triples
stream into an N-Triples (or N-Quads) file as they come.

Nothing grows with the number of articles except the set of rows that several articles can
produce (facts about knowledge-base entities and shared events), which is bounded by the
knowledge base, and the list of processed file names. Turtle, TriG and JSON-LD need the whole
graph to pretty-print it: they are written from the streamed file at the end when the graph has
at most ``pretty_limit`` triples (:data:`diplograph.options.PRETTY_LIMIT`); above that the
streamed file is the output and the build says so. graph.html and ``--store`` read the graph
back in the same way.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from rdflib import RDF, Dataset, Graph

from diplograph.kb import load_kb
from diplograph.rdf.namespace import DG
from diplograph.records import EventMention
from diplograph.resolve.events import EventResolution, resolve_events

from diplograph.errors import OutputError
from diplograph.options import BuildOptions, report_to_stderr, with_changes
from diplograph.parallel import ArticleRows, Executor
from diplograph.progress import BuildProgress
from diplograph.rdf.exports import EXPORT_FORMATS, ExportFormat, write_export
from diplograph.rdf.mapping import bind_prefixes
from diplograph.reader import expand_inputs

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


def resolve_rows(path: Path, resolution: EventResolution, *, base: str, quads: bool) -> int:
    """Point the streamed attendance rows at the resolved events and add the events' rows.

    The articles' rows name the event mentions; this rewrites the file once, line by line, so
    memory stays bounded. Returns how many rows the file gained (or, with N-Triples, lost:
    the same attendance stated by several articles is one triple).
    """
    from diplograph.parallel import event_rows

    builder_rows = event_rows(resolution, base=base, quads=quads)
    mention_prefix = f"<{base}mention/"
    events = {f"<{base}mention/{a}/{local}>": f"<{base}{e}>" for (a, local), e in resolution.of_mention.items()}
    targets = (f" <{DG.attends}> ", f" <{RDF.object}> ")
    tmp = _temp_beside(path)
    added = 0
    seen: set[str] = set()
    try:
        with path.open("r", encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as out:
            for line in src:
                if mention_prefix in line and (targets[0] in line or targets[1] in line):
                    head, sep, rest = line.partition(targets[0] if targets[0] in line else targets[1])
                    obj, _, tail = rest.partition(" ")
                    line = head + sep + events.get(obj, obj) + " " + tail
                    if not quads and sep == targets[0]:
                        if line in seen:
                            added -= 1
                            continue
                        seen.add(line)
                out.write(line)
            out.write("".join(builder_rows))
            added += len(builder_rows)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return added


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
    options: BuildOptions | None = None,
    *,
    report: Callable[[str], None] | None = None,
    **changes: Any,
):  # -> BuildResult (imported late: diplograph.build imports this module)
    """Build OUTDIR/graph.* from articles without holding the articles, Docs or graph in memory.

    Args:
        options: what to build and how (see :class:`diplograph.options.BuildOptions`; ``validate``
            is not looked at). Extraction runs on ``jobs`` processes or the ``dask`` cluster in
            chunks of ``chunk_size`` articles; with ``store`` the result keeps the dataset with
            one graph per article for an Oxigraph store; ``pretty_limit`` is the largest graph
            read back for Turtle/TriG/JSON-LD and graph.html.
        report: where problems and notes go, one line each (default: stderr).
        changes: options to change, by name (``stream_build(inputs, out, jobs=2)``).

    Returns:
        The BuildResult; its ``graph`` (and ``dataset``) are filled only when the graph was
        read back (small enough and needed), ``triples`` always.

    Raises:
        OutputError: unknown format, or the output folder cannot be written.
    """
    from diplograph.build import BuildResult, read_articles

    options = with_changes(options, changes)
    export = options.export()
    quads = export.named_graphs or options.store
    stream_format: ExportFormat = STREAM_FORMATS[quads]
    outdir = Path(outdir)
    report = report or report_to_stderr
    started = time.perf_counter()
    result = BuildResult(graph=Graph())
    sources = list(expand_inputs(inputs))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        stream_path = _temp_beside(outdir / stream_format.filename)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write output ({exc.strerror or exc})") from None
    entities: set[str] = set()
    mentions: list[EventMention] = []
    executor = Executor(options, quads=quads)
    try:
        with (
            BuildProgress(len(sources), enabled=options.progress) as bar,
            stream_path.open("w", encoding="utf-8") as out,
        ):
            say = bar.wrap(report)
            articles = read_articles(
                sources, lang=options.lang, max_bytes=options.max_bytes, result=result, report=say
            )
            writer = RowWriter(out)
            done = len(result.skipped) + len(result.failed)
            for rows in executor.rows(articles):
                if rows.error:
                    result.add_failed(rows.source, rows.error, say)
                elif rows.skipped:
                    result.add_skipped(rows.source, rows.skipped, say)
                else:
                    writer.write(rows)
                    result.processed.append(rows.source)
                    result.relations += rows.relations
                    entities.update(rows.entities)
                    mentions.extend(rows.mentions)
                now = len(result.processed) + len(result.skipped) + len(result.failed)
                bar.advance(now - done)
                done = now
            bar.advance(len(sources) - done)
        resolution = resolve_events(mentions, load_kb())
        result.entities = len(entities)
        result.events = len(resolution.events)
        result.triples = writer.rows + resolve_rows(stream_path, resolution, base=options.base, quads=quads)
        if not result.processed:
            stream_path.unlink(missing_ok=True)
            return result
        _finish(
            result, stream_path, outdir, export, stream_format, options, quads=quads, report=report
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
    options: BuildOptions,
    *,
    quads: bool,
    report: Callable[[str], None],
) -> None:
    """Put the streamed file in place, or write the asked format from it; graph.html."""
    from diplograph.build import write_atomic, write_page

    base, html, store = options.base, options.html, options.store
    pretty_limit = options.pretty_limit
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
        result.outputs.append(
            write_page(result.graph, outdir, max_nodes=options.max_nodes, report=report)
        )
