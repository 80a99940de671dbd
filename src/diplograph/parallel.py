"""Extraction of article chunks in this process, in a local process pool, or on a Dask cluster.

The unit of work is a chunk of articles: a worker runs the NLP pipeline over it and returns, per
article, the article's graph as N-Triples or N-Quads rows (see :func:`article_rows`). The rows of
an article depend only on the article, never on which worker saw it or what else was in its
chunk, and the results come back in input order, so every executor gives the same output file.

Each worker process loads the pipelines and the knowledge base once (both are cached per
process) and keeps them for all its chunks.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice
from typing import Any

from rdflib import URIRef

from diplograph.errors import DiplographError
from diplograph.limits import DEFAULT_TIMEOUT
from diplograph.options import CHUNK_SIZE, BuildOptions, with_changes
from diplograph.rdf.namespace import DEFAULT_BASE
from diplograph.records import Article, EventMention, Extraction
from diplograph.resolve.events import EventResolution
from diplograph.sinks import quad_row, triple_row

__all__ = [
    "LOCAL_PREFIXES",
    "ArticleRows",
    "article_rows",
    "event_rows",
    "warm_up",
    "extract_chunk",
    "chunked",
    "Work",
    "Executor",
    "default_jobs",
]

LOCAL_PREFIXES = ("article/", "statement/", "claim/", "proposal/", "mention/")
"""Resources minted for one article only: their triples never repeat in another article."""


@dataclass(frozen=True)
class ArticleRows:
    """One article's share of the output.

    Attributes:
        source: the article's file name.
        rows: N-Triples (or N-Quads) lines, each ending in a newline, in mapping order.
        shared: per row, True if the same row may come from other articles too (facts about
            knowledge-base entities, events, offices) and must be written only once.
        relations, entities, events: what the article contributed, for the build summary.
        mentions: the events the article speaks of, for the resolve stage.
        error: set instead of rows when the article could not be processed.
        skipped: set instead of rows when the article was left out on purpose (a limit).
    """

    source: str
    rows: tuple[str, ...] = ()
    shared: bytes = b""
    relations: int = 0
    entities: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    mentions: tuple[EventMention, ...] = ()
    error: str | None = None
    skipped: str | None = None


class _RowSink:
    """Stands in for the graph (and dataset) of a GraphBuilder and keeps serialised rows.

    With ``quads``, the GraphBuilder is given this object as its dataset, so every triple
    arrives once through :meth:`graph` with the name of its graph; the plain graph side
    receives the triples a second time and ignores them.
    """

    def __init__(self, *, quads: bool) -> None:
        self.quads = quads
        self.article_iri = ""
        self.kb_graph = ""
        self.local: tuple[str, ...] = ()
        self.rows: dict[str, bool] = {}  # row -> shared; a dict keeps mapping order

    def bind(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add(self, triple: tuple) -> None:
        if self.quads:
            return
        s, p, o = triple
        row = triple_row(s, p, o)
        # plain str comparisons: rdflib's term __eq__ and isinstance checks are slow
        local = str.startswith(s, self.local) or (
            type(o) is URIRef and str.__eq__(o, self.article_iri)
        )
        self.rows.setdefault(row, not local)

    def graph(self, name: URIRef) -> _NamedSink:
        return _NamedSink(self, str(name))


class _NamedSink:
    def __init__(self, sink: _RowSink, name: str) -> None:
        self.sink = sink
        self.name = name

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        row = quad_row(s, p, o, self.name)
        self.sink.rows.setdefault(row, self.name == self.sink.kb_graph)


def article_rows(
    record: Extraction, *, base: str = DEFAULT_BASE, quads: bool = False
) -> ArticleRows:
    """Map one article's records to RDF rows with the same mapping as the in-memory build.

    Knowledge-base facts about office holders are repeated for every article that mentions the
    person (marked shared), so the rows do not depend on the articles seen before.
    """
    from diplograph.rdf.mapping import GraphBuilder

    sink = _RowSink(quads=quads)
    builder = GraphBuilder(sink, base=base, dataset=sink if quads else None)  # type: ignore[arg-type]
    sink.article_iri = str(builder.iri(f"article/{record.article.id}"))
    sink.kb_graph = str(builder.kb_graph)
    sink.local = tuple(str(builder.iri(prefix)) for prefix in LOCAL_PREFIXES)
    builder.add(record)
    return ArticleRows(
        source=record.article.source,
        rows=tuple(sink.rows),
        shared=bytes(sink.rows.values()),
        relations=len(record.relations),
        entities=tuple(record.entities),
        events=tuple(record.events),
        mentions=builder.mentions,
    )


def event_rows(
    resolution: EventResolution, *, base: str = DEFAULT_BASE, quads: bool = False
) -> list[str]:
    """The rows of the resolved events of a build (in ``<base>graph/events`` with ``quads``)."""
    from diplograph.rdf.mapping import GraphBuilder

    sink = _RowSink(quads=quads)
    builder = GraphBuilder(sink, base=base, dataset=sink if quads else None)  # type: ignore[arg-type]
    sink.kb_graph = str(builder.kb_graph)
    builder.add_events(resolution)
    return list(sink.rows)


def warm_up(model: str | None = None) -> None:
    """Load the knowledge base and both pipelines in this process (once; they are cached)."""
    from diplograph.kb import load_kb
    from diplograph.nlp.pipeline import make_nlp

    load_kb()
    for lang, text in (
        ("de", "Olaf Scholz traf Emmanuel Macron in Paris."),
        ("en", "Olaf Scholz met Emmanuel Macron in Paris."),
    ):
        make_nlp(lang, model)(text)  # the first Doc loads lookup tables and word lists


def extract_chunk(
    articles: list[Article],
    *,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    quads: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> list[ArticleRows]:
    """Run the pipeline over a chunk of articles and map each to rows; one bad article does
    not lose the others. Articles go through one at a time, each under the time limit (see
    :mod:`diplograph.limits`; as fast as batches for diplograph's rule-based pipelines)."""
    from diplograph.limits import extract_limited

    out: list[ArticleRows] = []
    records = extract_limited(
        articles,
        model=model,
        timeout=timeout,
        skipped=lambda exc: out.append(ArticleRows(exc.source, skipped=exc.problem)),
        failed=lambda source, problem: out.append(ArticleRows(source, error=problem)),
    )
    for record in records:
        try:
            out.append(article_rows(record, base=base, quads=quads))
        except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
            out.append(
                ArticleRows(
                    record.article.source, error=f"internal error while mapping to RDF: {exc!r}"
                )
            )
    return out


def chunked(articles: Iterable[Article], size: int = CHUNK_SIZE) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


Work = Callable[[list[Article]], list[ArticleRows]]


def _in_order(
    submit: Callable[[list[Article]], Any],
    result: Callable[[Any], list[ArticleRows]],
    chunks: Iterable[list[Article]],
    window: int,
) -> Iterator[ArticleRows]:
    """Keep at most ``window`` chunks in flight and yield their rows in input order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


class Executor:
    """Where chunks are extracted: ``jobs`` local processes, or a Dask scheduler.

    Args:
        options: the build's options; the executor uses ``jobs``, ``dask``, ``model``,
            ``base``, ``chunk_size`` and ``timeout``.
        quads: map articles to N-Quads rows (one named graph per article), not N-Triples.
        changes: build options to change, by name (``Executor(jobs=2, chunk_size=1)``).
    """

    def __init__(
        self, options: BuildOptions | None = None, *, quads: bool = False, **changes: Any
    ) -> None:
        self.options = with_changes(options, changes)
        self.quads = quads

    def describe(self) -> str:
        options = self.options
        if options.dask:
            return f"dask {options.dask}"
        return f"{options.jobs} process{'es' if options.jobs > 1 else ''}"

    def rows(self, articles: Iterable[Article]) -> Iterator[ArticleRows]:
        """Rows of every article, in input order."""
        options = self.options
        work = partial(
            extract_chunk,
            model=options.model,
            base=options.base,
            quads=self.quads,
            timeout=options.timeout,
        )
        chunks: Iterator[list[Article]] = iter(chunked(articles, options.chunk_size))
        # never more processes than cores, nor than units of work (one article: no pool)
        first = list(islice(chunks, max(options.jobs, 1)))
        jobs = min(options.jobs, default_jobs(), len(first))
        chunks = chain(first, chunks)
        if options.dask:
            yield from self._dask_rows(work, chunks)
        elif jobs <= 1:
            warm_up(options.model)
            for chunk in chunks:
                yield from work(chunk)
        else:
            # load once here: forked workers inherit the pipelines instead of each building them
            # (on platforms that spawn workers, the initializer loads them in each)
            warm_up(options.model)
            with ProcessPoolExecutor(
                max_workers=jobs, initializer=warm_up, initargs=(options.model,)
            ) as pool:
                yield from _in_order(
                    lambda c: pool.submit(work, c), Future.result, chunks, window=jobs * 3
                )

    def _dask_rows(self, work: Work, chunks: Iterable[list[Article]]) -> Iterator[ArticleRows]:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise DiplographError(
                "--dask needs dask[distributed]: pip install 'dask[distributed]'"
            ) from None
        options = self.options
        cluster = None
        if options.dask == "local":
            cluster = LocalCluster(
                n_workers=max(options.jobs, 2),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            address: Any = cluster
        else:
            address = options.dask
        try:
            try:
                import dask

                client = Client(
                    address, timeout=dask.config.get("distributed.comm.timeouts.connect")
                )
            except OSError as exc:
                raise DiplographError(
                    f"--dask {options.dask}: cannot reach the scheduler ({exc})"
                ) from None
            with client:
                client.run(warm_up, options.model)  # every worker loads the pipelines once, now
                workers = max(len(client.scheduler_info().get("workers", {})), 1)
                # pure=False: two identical chunks are still two tasks
                yield from _in_order(
                    lambda c: client.submit(work, c, pure=False),
                    lambda f: f.result(),
                    chunks,
                    window=workers * 3,
                )
        finally:
            if cluster is not None:
                cluster.close()


def default_jobs() -> int:
    """Number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
