"""Builds in bounded memory: articles stream through the pipeline in chunks and their triples
stream into an N-Triples (or N-Quads) file as they come.

Nothing grows with the number of articles except the set of rows that several articles can
produce (facts about knowledge-base entities and shared events), which is bounded by the
knowledge base, the event mentions (for the resolve stage) and the list of processed file
names. At the end the resolve stage rewrites the streamed file once (:func:`resolve_rows`), and
the sinks write the asked format from it (:mod:`diplograph.sinks`): N-Triples and N-Quads are the
streamed rows sorted, Turtle and TriG the sorted rows written by pyoxigraph, at any size;
JSON-LD needs rdflib and the whole graph in memory, so above ``pretty_limit`` triples
(:data:`diplograph.options.PRETTY_LIMIT`) the streamed N-Quads are the output instead.
graph.html is projected from an Oxigraph store of the rows; above ``pretty_limit`` it shows the
most central nodes only (:data:`diplograph.options.LARGE_PAGE_NODES`).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import IO, Any

from rdflib import RDF, Dataset, Graph

from diplograph.errors import OutputError, printable
from diplograph.generations import Generation
from diplograph.kb import load_kb
from diplograph.limits import articles_within_limits
from diplograph.options import (
    LARGE_PAGE_NODES,
    BuildOptions,
    BuildResult,
    report_to_stderr,
    with_changes,
)
from diplograph.parallel import ArticleRows, Executor, event_rows
from diplograph.progress import BuildProgress, phase
from diplograph.rdf.description import article_iri, describe, describe_build, description_graph
from diplograph.rdf.exports import EXPORT_FORMATS, ExportFormat
from diplograph.rdf.mapping import bind_prefixes
from diplograph.rdf.namespace import DG
from diplograph.reader import expand_inputs
from diplograph.records import Article, EventMention
from diplograph.resolve.events import EventResolution, resolve_events
from diplograph.sinks import (
    PAGE_IN_MEMORY,
    as_triple,
    count_rows,
    description_rows,
    keyed,
    page_of_rows,
    write_description,
    write_graph,
    write_sorted,
)
from diplograph.tempfiles import temp_beside, write_atomic
from diplograph.triplestore.disk import StagedStore

__all__ = ["STREAM_FORMATS", "RowWriter", "resolve_rows", "read_back", "stream_build"]

STREAM_FORMATS = {False: EXPORT_FORMATS["nt"], True: EXPORT_FORMATS["nquads"]}
OUTPUT_NAMES = sorted({f.filename for f in EXPORT_FORMATS.values()} | {"graph.html", "void.ttl"})
"""Every file a build may write into its output folder."""


def publish_build(
    outdir: Path,
    options: BuildOptions,
    report: Callable[[str], None],
    work: Callable[[Path], BuildResult],
) -> BuildResult:
    """Run ``work`` (a build writing its files into the folder it is given) as one output
    generation of ``outdir`` (:class:`diplograph.generations.Generation`): under the folder's
    lock, and, when it processed an article, with the store ``options.store_dir`` written and
    swapped in (:class:`~diplograph.triplestore.disk.StagedStore`), then the files published
    together. Whatever fails before that leaves the outputs and the store as they were.

    Raises:
        OutputError: the folder is in use by another build, or cannot be written.
        StoreError: the store is not a store, in use, or cannot be written.
    """
    store_dir = options.store_dir
    with Generation(outdir, OUTPUT_NAMES, report) as generation:
        # the store is locked (or refused) before the build starts
        with StagedStore(store_dir) if store_dir is not None else nullcontext() as staged:
            result = work(generation.folder)
            if not result.processed:
                return result
            if staged is not None:
                dataset = result.dataset
                result.store_written = staged.write(
                    dataset if dataset is not None else result.graph
                )
                staged.commit()
        generation.publish()
    result.outputs = [generation.final(path) for path in result.outputs]
    if result.graph_file is not None:
        result.graph_file = generation.final(result.graph_file)
    return result


class RowWriter:
    """Appends the rows of articles to an open file, writing each shared row only once."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.rows = 0
        self._seen: set[str] = set()

    @property
    def seen(self) -> set[str]:
        """The shared rows written so far."""
        return self._seen

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


def resolve_rows(
    path: Path,
    resolution: EventResolution,
    *,
    base: str,
    quads: bool,
    written: set[str] | frozenset[str] = frozenset(),
) -> int:
    """Point the streamed attendance rows at the resolved events and add the events' rows.

    The articles' rows name the event mentions; this rewrites the file once, line by line, so
    memory stays bounded. Returns how many rows the file gained (or, with N-Triples, lost:
    the same attendance stated by several articles is one triple).

    Args:
        written: shared rows the articles already wrote (:class:`RowWriter`); with N-Triples an
            event row among them (a state's territory as an event's place) is not written again.
    """
    builder_rows = event_rows(resolution, base=base, quads=quads)
    if not quads:
        builder_rows = [row for row in builder_rows if row not in written]
    mention_prefix = f"<{base}mention/"
    events = {
        f"<{base}mention/{a}/{local}>": f"<{base}{e}>"
        for (a, local), e in resolution.of_mention.items()
    }
    targets = (f" <{DG.attends}> ", f" <{RDF.object}> ")
    tmp = temp_beside(path)
    added = 0
    seen: set[str] = set()
    try:
        with path.open("r", encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as out:
            for line in src:
                if mention_prefix in line and (targets[0] in line or targets[1] in line):
                    head, sep, rest = line.partition(
                        targets[0] if targets[0] in line else targets[1]
                    )
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
        tmp.replace(path)
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
) -> BuildResult:
    """Build OUTDIR/graph.* from articles without holding the articles, Docs or graph in memory.

    Args:
        options: what to build and how (see :class:`diplograph.options.BuildOptions`; ``validate``
            is not looked at). Extraction runs on ``jobs`` processes or the ``dask`` cluster in
            chunks of ``chunk_size`` articles; with ``store`` the result keeps the dataset with
            one graph per article for an Oxigraph store; ``pretty_limit`` is the largest graph
            read back for JSON-LD, and the size above which graph.html is cut to its most
            central nodes.
        report: where problems and notes go, one line each (default: stderr).
        changes: options to change, by name (``stream_build(inputs, out, jobs=2)``).

    Returns:
        The BuildResult; ``triples`` is the size of the graph; its ``graph`` (and ``dataset``)
        are read from the written file when first asked for (except with ``store``, which
        reads them at once).

    Raises:
        OutputError: unknown format, or the output folder cannot be written or is in use.
        StoreError: ``store_dir`` is not a store, is in use, or cannot be written.
    """
    options = with_changes(options, changes)
    options.export()
    outdir = Path(outdir)
    report = report or report_to_stderr
    return publish_build(
        outdir, options, report, lambda folder: _stream(inputs, folder, options, report)
    )


def _stream(
    inputs: Iterable[str], outdir: Path, options: BuildOptions, report: Callable[[str], None]
) -> BuildResult:
    """:func:`stream_build` into the folder ``outdir`` (a generation's folder)."""
    export = options.export()
    quads = export.named_graphs or options.store or options.store_dir is not None
    stream_format: ExportFormat = STREAM_FORMATS[quads]
    started = time.perf_counter()
    result = BuildResult(base=options.base)
    unsearchable: list[tuple[str, str]] = []  # reported once the progress bar is set up
    sources = list(
        expand_inputs(
            inputs, problem=lambda source, problem: unsearchable.append((source, problem))
        )
    )
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        stream_path = temp_beside(outdir / stream_format.filename)
    except OSError as exc:
        raise OutputError(
            f"{printable(str(outdir))}: cannot write output ({exc.strerror or exc})"
        ) from None
    entities: set[str] = set()
    mentions: list[EventMention] = []
    executor = Executor(options, quads=quads)
    try:
        with (
            BuildProgress(len(sources), enabled=options.progress) as bar,
            stream_path.open("w", encoding="utf-8") as out,
        ):
            say = bar.wrap(report)
            for source, problem in unsearchable:
                result.add_failed(source, problem, say)
            found = articles_within_limits(
                sources,
                lang=options.lang,
                max_bytes=options.max_bytes,
                timeout=options.timeout,
                skipped=lambda source, problem: result.add_skipped(source, problem, say),
                failed=lambda source, problem: result.add_failed(source, problem, say),
                warn=lambda source, problem: say(f"warning: {printable(source)}: {problem}"),
            )
            articles = _located(found, result.locations, options.base)
            writer = RowWriter(out)
            phase(f"extracting {len(sources):,} article files")
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
        phase(f"joining {len(mentions):,} event mentions into events")
        resolution = resolve_events(mentions, load_kb())
        result.entities = len(entities)
        result.events = len(resolution.events)
        result.triples = writer.rows + resolve_rows(
            stream_path, resolution, base=options.base, quads=quads, written=writer.seen
        )
        if not result.processed:
            return result
        result.triples += _describe(result, stream_path, options, quads=quads)
        _finish(result, stream_path, outdir, export, options, quads=quads, report=report)
    except OSError as exc:
        raise OutputError(
            f"{printable(str(outdir))}: cannot write output ({exc.strerror or exc})"
        ) from None
    finally:
        stream_path.unlink(missing_ok=True)
    result.seconds = time.perf_counter() - started
    return result


def _located(
    articles: Iterable[Article], locations: dict[str, str], base: str
) -> Iterable[Article]:
    """``articles``, each noted in ``locations`` (article IRI -> where it was read) on its way."""
    for article in articles:
        if article.location:
            locations[article_iri(base, article.id)] = article.location
        yield article


def _describe(result: BuildResult, stream_path: Path, options: BuildOptions, *, quads: bool) -> int:
    """Count the streamed graph and append its description (in ``<base>graph/dataset`` with
    ``quads``) to the streamed file; the rows added. The counts go to ``result.counts``."""
    counts = count_rows(_rows(stream_path), quads=quads)
    description = describe(counts, options.description(), base=options.base)
    rows = description_rows(
        description, graph=str(description_graph(options.base)) if quads else None
    )
    with stream_path.open("a", encoding="utf-8") as out:
        out.writelines(rows)
    result.counts = counts
    return len(rows)


def _rows(path: Path) -> Iterable[str]:
    with path.open("r", encoding="utf-8") as rows:
        yield from rows


def _finish(
    result: BuildResult,
    stream_path: Path,
    outdir: Path,
    export: ExportFormat,
    options: BuildOptions,
    *,
    quads: bool,
    report: Callable[[str], None],
) -> None:
    """Write the asked format from the streamed file (or put the file itself in place), then
    graph.html from it. With ``jobs`` > 1 the page is made in another process while this one
    writes the graph file (the two read the same rows and write different files)."""
    base = options.base
    large = (result.triples or 0) > options.pretty_limit
    if options.store or options.store_dir is not None:
        # the store needs the dataset in memory, whatever the size
        result.graph, result.dataset = read_back(stream_path, quads=True, base=base)
    target = outdir / export.filename
    rows_file = stream_path
    page = None
    if options.html:
        max_nodes, why = options.max_nodes, ""
        if max_nodes is None and large:
            max_nodes = LARGE_PAGE_NODES
            why = (
                f"the graph has more than {options.pretty_limit:,} triples: the page shows the "
                f"{max_nodes:,} most central nodes; --max-nodes chooses how many"
            )
        make_page = partial(
            page_of_rows,
            rows_file,
            outdir,
            quads=quads,
            max_nodes=max_nodes,
            why=why,
            on_disk=(result.triples or 0) > PAGE_IN_MEMORY,
        )
        phase("laying out graph.html" + (" (aside)" if options.jobs > 1 else ""))
        page = _PageJob(make_page, report, aside=options.jobs > 1 and not options.dask)
    try:
        phase(f"writing {target.name}")
        if export is STREAM_FORMATS[quads] or (export.name == "json-ld" and large):
            # the streamed rows sorted: the same bytes whatever the order of the inputs
            streamed = STREAM_FORMATS[quads]
            if export is not streamed:
                target = outdir / streamed.filename
                report(
                    f"the graph has {result.triples:,} quads, more than "
                    f"{options.pretty_limit:,}: wrote {target.name} (N-Quads) instead of "
                    f"{export.filename}"
                )
            lines = _rows(stream_path)
            rows = keyed(lines) if quads else lines
            write_atomic(target, lambda tmp: write_sorted(rows, tmp, streamed))
        elif export.name == "json-ld":
            if not (options.store or options.store_dir is not None):
                result.graph, result.dataset = read_back(stream_path, quads=quads, base=base)
            write_graph(result.graph, result.dataset, target, export)
        else:
            lines = _rows(stream_path)
            rows = (
                keyed(lines) if export.named_graphs else (map(as_triple, lines) if quads else lines)
            )
            count: list[int] = []
            write_atomic(target, lambda tmp: write_sorted(rows, tmp, export, count=count))
            if not export.named_graphs:
                result.triples = count[0]  # a triple in several named graphs is one triple
        result.outputs.append(target)
        result.graph_file = target
        if result.counts is not None:
            void = outdir / "void.ttl"
            description = describe_build(
                result.counts, options.description(), base=base, locations=result.locations
            )
            write_description(description, void)
            result.outputs.append(void)
        if page is not None:
            result.outputs.append(page.result())
    finally:
        if page is not None:
            page.close()


class _PageJob:
    """graph.html made here when asked for (:meth:`result`), or at once in a process aside."""

    def __init__(
        self,
        make: Callable[[], tuple[Path, list[str]]],
        report: Callable[[str], None],
        *,
        aside: bool,
    ) -> None:
        self.make, self.report = make, report
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        if aside:
            methods = multiprocessing.get_all_start_methods()
            # fork: the process aside shares the loaded modules instead of importing them
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self.future = self.pool.submit(make)

    def result(self) -> Path:
        page, said = self.future.result() if self.future is not None else self.make()
        for line in said:
            self.report(line)
        return page

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
