"""The main job: articles in, graph.ttl and graph.html out.

Articles are read one at a time; a bad article is reported in one line and the batch goes on.
Outputs are written to a temporary file and renamed into place, so a failed or interrupted
build never leaves a half-written graph.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from diplograph.errors import ArticleError, ArticleSkipped, GraphInvalid, OutputError
from diplograph.kb import load_kb
from diplograph.limits import DEFAULT_MAX_WORDS, DEFAULT_TIMEOUT, check_article, extract_limited
from diplograph.nlp.pipeline import process
from diplograph.rdf.exports import EXPORT_FORMATS
from diplograph.rdf.mapping import GraphBuilder
from diplograph.rdf.namespace import DEFAULT_BASE
from diplograph.reader import DEFAULT_MAX_BYTES, expand_inputs, read_article
from diplograph.records import Article, Extraction
from diplograph.relations.extract import extraction

Reporter = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build did: counts, problems, and the graph."""

    graph: Graph
    dataset: Dataset | None = None  # one named graph per article, when asked for
    processed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    relations: int = 0
    entities: int = 0
    events: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    triples: int | None = None  # set by streaming builds, whose graph may not be in memory

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{len(self.processed)} processed, {len(self.skipped)} skipped, {len(self.failed)} failed; "
            f"{self.entities} entities, {self.events} events, {self.relations} relations, "
            f"{len(self.graph) if self.triples is None else self.triples} triples; {self.seconds:.1f} s"
        )


def read_articles(
    inputs: Iterable[str], *, lang: str | None, max_bytes: int, result: BuildResult, report: Reporter,
    max_words: int | None = DEFAULT_MAX_WORDS,
) -> Iterator[Article]:
    """Articles of the inputs; problems go to ``result`` and ``report``, one line each
    (skipped: unsupported language or over a limit, see :mod:`diplograph.limits`; failed:
    unusable input)."""
    for source in expand_inputs(inputs):
        try:
            article = read_article(source, lang=lang, max_bytes=max_bytes)
            check_article(article, max_words=max_words)
            yield article
        except ArticleSkipped as exc:
            result.skipped.append((exc.source, exc.problem))
            report(f"skipped {exc}")
        except ArticleError as exc:
            result.failed.append((exc.source, exc.problem))
            report(f"error: {exc}")


def extract_articles(articles: Iterable[Article], *, model: str | None = None, batch_size: int = 16) -> Iterator[Extraction]:
    """Run the NLP pipeline over articles (grouped into runs of one language) and yield records."""
    batch: list[Article] = []

    def flush() -> Iterator[Extraction]:
        if not batch:
            return
        lang = batch[0].lang
        docs = process(((a.id, a.body, a.date) for a in batch), lang, model=model, batch_size=batch_size)
        for article, doc in zip(batch, docs, strict=True):
            yield extraction(doc, article)
        batch.clear()

    for article in articles:
        if batch and (article.lang != batch[0].lang or len(batch) >= batch_size):
            yield from flush()
        batch.append(article)
    yield from flush()


def build_graph(
    inputs: Iterable[str],
    *,
    lang: str | None = None,
    base: str = DEFAULT_BASE,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    report: Reporter | None = None,
    named_graphs: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> BuildResult:
    """Read, extract and map articles into one RDF graph (nothing is written).

    With ``named_graphs`` the result also holds a dataset with one graph per article (named by
    the article's IRI) and one for knowledge-base facts; its union is the graph. An article
    that takes longer than ``timeout`` seconds is skipped (see :mod:`diplograph.limits`).
    """
    report = report or (lambda line: print(line, file=sys.stderr))
    started = time.perf_counter()
    load_kb()
    builder = GraphBuilder(base=base, dataset=Dataset() if named_graphs else None)
    result = BuildResult(graph=builder.graph, dataset=builder.dataset)
    entities: set[str] = set()
    events: set[str] = set()
    articles = read_articles(inputs, lang=lang, max_bytes=max_bytes, result=result, report=report)

    def skipped(exc: ArticleSkipped) -> None:
        result.skipped.append((exc.source, exc.problem))
        report(f"skipped {exc}")

    def failed(source: str, problem: str) -> None:
        result.failed.append((source, problem))
        report(f"error: {source}: {problem}")

    records = extract_limited(articles, model=model, timeout=timeout, skipped=skipped, failed=failed)
    for record in records:
        try:
            builder.add(record)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
            result.failed.append((record.article.source, f"internal error: {exc!r}"))
            report(f"error: {record.article.source}: internal error while mapping to RDF: {exc!r}")
            continue
        result.processed.append(record.article.source)
        result.relations += len(record.relations)
        entities.update(record.entities)
        events.update(record.events)
    result.entities = len(entities)
    result.events = len(events)
    result.seconds = time.perf_counter() - started
    return result


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    from diplograph.tempfiles import sync, temp_prefix

    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        sync(tmp_path)
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def serialize(graph: Graph, path: Path, fmt: str = "turtle") -> None:
    """Serialise a graph to ``path`` atomically."""
    write_atomic(path, lambda tmp: graph.serialize(destination=str(tmp), format=fmt, encoding="utf-8"))


def build(
    inputs: Iterable[str],
    outdir: Path | str,
    *,
    lang: str | None = None,
    base: str = DEFAULT_BASE,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool = True,
    max_nodes: int | None = None,
    report: Reporter | None = None,
    fmt: str = "turtle",
    validate: bool | None = None,
    jobs: int = 1,
    dask: str | None = None,
    progress: bool = False,
    store: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> BuildResult:
    """Build OUTDIR/graph.ttl (or the file of another format) and OUTDIR/graph.html from articles.

    Without validation the build streams (:func:`diplograph.streaming.stream_build`): memory
    stays bounded however many articles there are, and extraction can run on ``jobs``
    processes or a Dask cluster. Validation needs the whole graph in memory.

    Args:
        fmt: turtle, trig, nt, nquads or json-ld (see :data:`diplograph.rdf.exports.EXPORT_FORMATS`).
        validate: check the graph against ontology/shapes.ttl before writing anything; None
            means: when the environment variable DIPLOGRAPH_VALIDATE is 1.
        jobs: extraction processes on this machine.
        dask: a Dask scheduler address (or ``local``) to extract on.
        progress: a progress bar on stderr when it is a terminal.
        store: keep the dataset (one graph per article) for writing an Oxigraph store.
        timeout: seconds one article may take through the pipeline; over it, it is skipped.

    Raises:
        OutputError: the output folder cannot be written.
        GraphInvalid: validation was asked for and the graph violates the shapes (nothing written).
    """
    from diplograph.rdf.exports import write_export

    export = EXPORT_FORMATS.get(fmt)
    if export is None:
        raise OutputError(f"unknown output format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if validate is None:
        validate = os.environ.get("DIPLOGRAPH_VALIDATE", "") == "1"
    outdir = Path(outdir)
    report = report or (lambda line: print(line, file=sys.stderr))
    from diplograph.tempfiles import remove_stale

    for stale in remove_stale(outdir):
        report(f"removed {stale.name}, left behind by an interrupted build")
    if not validate:
        from diplograph.streaming import stream_build

        return stream_build(
            inputs, outdir, lang=lang, base=base, model=model, max_bytes=max_bytes, html=html,
            max_nodes=max_nodes, report=report, fmt=fmt, jobs=jobs, dask=dask, progress=progress,
            store=store, timeout=timeout,
        )
    result = build_graph(
        inputs, lang=lang, base=base, model=model, max_bytes=max_bytes, report=report,
        named_graphs=export.named_graphs, timeout=timeout,
    )
    if not result.processed:
        return result
    if validate:
        from diplograph.rdf.validation import validate_graph

        checked = validate_graph(result.graph)
        if not checked.conforms:
            raise GraphInvalid(
                f"the built graph violates the diplograph shapes; nothing written to {outdir}\n"
                + checked.text(limit=50)
            )
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        target = outdir / export.filename
        write_atomic(target, lambda tmp: write_export(result.graph, result.dataset, tmp, export))
        result.outputs.append(target)
        if html:
            from diplograph.view.html import write_html

            page = outdir / "graph.html"
            left_out = write_html(result.graph, page, max_nodes=max_nodes)
            if left_out:
                report(f"graph.html: {len(left_out)} least central nodes left out (--max-nodes {max_nodes})")
            result.outputs.append(page)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot write output ({exc.strerror or exc})") from None
    return result
