"""What a build is asked to do and what it did: the options that ``build``, ``stream_build``,
``update``, the extraction executor and ``diplograph build`` share, with their defaults in one
place, and the :class:`BuildResult` they all return.

The entry points take a :class:`BuildOptions` and, for callers that name options one by one,
keyword arguments that change it (:func:`with_changes`): ``build(inputs, out, html=False)`` and
``build(inputs, out, BuildOptions(html=False))`` are the same build.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from diplograph.errors import OutputError, printable
from diplograph.limits import DEFAULT_TIMEOUT
from diplograph.rdf.description import DEFAULT_LICENSE, DatasetCounts, DescriptionOptions
from diplograph.rdf.exports import EXPORT_FORMATS, ExportFormat
from diplograph.rdf.namespace import DEFAULT_BASE
from diplograph.reader import DEFAULT_MAX_BYTES, Language

__all__ = [
    "CHUNK_SIZE",
    "LARGE_PAGE_NODES",
    "PRETTY_LIMIT",
    "BuildOptions",
    "BuildResult",
    "Reporter",
    "report_to_stderr",
    "with_changes",
]

CHUNK_SIZE = 32
"""Articles per unit of work sent to a worker."""

PRETTY_LIMIT = 300_000
"""Largest graph (triples or quads) read back into rdflib for JSON-LD; above it graph.html shows
only the :data:`LARGE_PAGE_NODES` most central nodes."""

LARGE_PAGE_NODES = 2_000
"""Nodes graph.html keeps, the most central ones, when the graph has more than ``pretty_limit``
triples and no ``max_nodes`` was asked for (the layout of more would cost more than the build)."""

Reporter = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """How to read, extract and write a build.

    Attributes:
        lang: language of all articles; None: detected per article.
        base: base IRI of the resources minted.
        model: an installed trained spaCy pipeline to add.
        max_bytes: longest article accepted, in bytes.
        html: write graph.html beside the graph file.
        max_nodes: keep only the most central nodes in graph.html.
        fmt: turtle, trig, nt, nquads or json-ld (see :data:`EXPORT_FORMATS`).
        validate: check the graph against ontology/shapes.ttl before writing anything; None
            means, for :func:`diplograph.build.build`: when DIPLOGRAPH_VALIDATE is 1.
        jobs: extraction processes on this machine (1: extract in this process).
        dask: a Dask scheduler address, or ``local`` for a local Dask cluster.
        progress: a progress bar on stderr when it is a terminal.
        store: keep the dataset (one graph per article) for writing an Oxigraph store.
        store_dir: the Oxigraph store folder the build writes (``--store``); it is replaced
            together with the output files (:class:`diplograph.triplestore.disk.StagedStore`).
        timeout: seconds one article may take through the pipeline; over it, it is skipped
            (see :mod:`diplograph.limits`); None: no limit.
        chunk_size: articles per unit of work of a worker.
        pretty_limit: largest streamed graph read back for JSON-LD; above it graph.html keeps
            only the :data:`LARGE_PAGE_NODES` most central nodes (unless ``max_nodes`` says).
        license: IRI of the graph's licence, stated in its description (VoID/DCAT).
        creator: who made the graph (an IRI or a name), stated in its description; None: not
            stated.
    """

    lang: Language | None = None
    base: str = DEFAULT_BASE
    model: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    html: bool = True
    max_nodes: int | None = None
    fmt: str = "turtle"
    validate: bool | None = None
    jobs: int = 1
    dask: str | None = None
    progress: bool = False
    store: bool = False
    store_dir: Path | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    chunk_size: int = CHUNK_SIZE
    pretty_limit: int = PRETTY_LIMIT
    license: str = DEFAULT_LICENSE
    creator: str | None = None

    def description(self) -> DescriptionOptions:
        """What the dataset description says of licence and creator."""
        return DescriptionOptions(license=self.license, creator=self.creator)

    def export(self) -> ExportFormat:
        """The export format named by ``fmt``.

        Raises:
            OutputError: ``fmt`` names no format diplograph writes.
        """
        export = EXPORT_FORMATS.get(self.fmt)
        if export is None:
            raise OutputError(
                f"unknown output format {self.fmt!r}; use one of {', '.join(EXPORT_FORMATS)}"
            )
        return export


def with_changes(options: BuildOptions | None, changes: dict[str, Any]) -> BuildOptions:
    """``options`` (the defaults when None) with the options named in ``changes`` replaced.

    Raises:
        TypeError: ``changes`` names something that is not a build option.
    """
    return replace(options or BuildOptions(), **changes)


def report_to_stderr(line: str) -> None:
    """The default reporter: one line on stderr."""
    print(line, file=sys.stderr)


class BuildResult:
    """What a build did: counts, problems, the files written, and the graph.

    A streaming build does not hold its graph: ``graph`` (and, for TriG/N-Quads, ``dataset``) is
    then read from the written graph file the first time it is asked for (see ``graph_file``).

    Attributes:
        dataset: one named graph per article, when asked for.
        processed, skipped, failed: file names (with the problem, one line) of the articles.
        relations, entities, events: what the articles contributed.
        seconds: wall time of the build.
        outputs: the files written.
        store_written: what writing the store did, with ``store_dir``.
        triples: size of the graph, set by streaming builds.
        graph_file: the written file ``graph`` is read from when it was not kept in memory.
        counts: what the graph holds, as its description states it (set once described).
        locations: per article IRI, where the article was read (path as given, or URL).
    """

    def __init__(
        self,
        graph: Graph | None = None,
        dataset: Dataset | None = None,
        *,
        processed: list[str] | None = None,
        graph_file: Path | None = None,
        base: str = DEFAULT_BASE,
    ) -> None:
        self._graph = graph
        self._dataset = dataset
        self.graph_file = graph_file
        self.base = base
        self.processed: list[str] = processed if processed is not None else []
        self.skipped: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.relations = 0
        self.entities = 0
        self.events = 0
        self.seconds = 0.0
        self.outputs: list[Path] = []
        self.triples: int | None = None
        self.counts: DatasetCounts | None = None
        self.locations: dict[str, str] = {}
        self.store_written: Any = None  # what writing ``store_dir`` did (a StoreWrite)

    @property
    def graph(self) -> Graph:
        """The built graph (read from ``graph_file`` on first use when not in memory)."""
        if self._graph is None:
            self._read_back()
        assert self._graph is not None
        return self._graph

    @graph.setter
    def graph(self, graph: Graph) -> None:
        self._graph = graph

    @property
    def dataset(self) -> Dataset | None:
        """One named graph per article, when the build made it or wrote TriG/N-Quads."""
        if self._dataset is None and self._graph is None:
            self._read_back()
        return self._dataset

    @dataset.setter
    def dataset(self, dataset: Dataset | None) -> None:
        self._dataset = dataset

    def _read_back(self) -> None:
        from diplograph.rdf.mapping import bind_prefixes
        from diplograph.triplestore.dataset import read_graph

        graph = Graph()
        if self.graph_file is None or not self.graph_file.is_file():
            self._graph = graph
            return
        bind_prefixes(graph, self.base)
        read = read_graph(self.graph_file)
        if isinstance(read, Dataset) and self.graph_file.suffix in (".trig", ".nq"):
            bind_prefixes(read, self.base)
            self._dataset = read
        for triple in read.triples((None, None, None)):
            graph.add(triple)
        self._graph = graph

    @property
    def ok(self) -> bool:
        return not self.failed

    def add_skipped(self, source: str, problem: str, report: Reporter) -> None:
        """Count an article left out on purpose, and say so in one line."""
        self.skipped.append((source, problem))
        report(f"skipped {printable(source)}: {problem}")

    def add_failed(self, source: str, problem: str, report: Reporter) -> None:
        """Count an article that could not be used, and say so in one line."""
        self.failed.append((source, problem))
        report(f"error: {printable(source)}: {problem}")

    def summary(self) -> str:
        triples = len(self.graph) if self.triples is None else self.triples
        return (
            f"{len(self.processed)} processed, {len(self.skipped)} skipped, "
            f"{len(self.failed)} failed; "
            f"{self.entities} entities, {self.events} events, {self.relations} relations, "
            f"{triples} triples; {self.seconds:.1f} s"
        )
