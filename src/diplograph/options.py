"""What a build is asked to do: the options that ``build``, ``stream_build``, ``update``, the
extraction executor and ``diplograph build`` share, with their defaults in one place.

The entry points take a :class:`BuildOptions` and, for callers that name options one by one,
keyword arguments that change it (:func:`with_changes`): ``build(inputs, out, html=False)`` and
``build(inputs, out, BuildOptions(html=False))`` are the same build.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import Any

from diplograph.errors import OutputError
from diplograph.limits import DEFAULT_TIMEOUT
from diplograph.rdf.exports import EXPORT_FORMATS, ExportFormat
from diplograph.rdf.namespace import DEFAULT_BASE
from diplograph.reader import DEFAULT_MAX_BYTES

CHUNK_SIZE = 32
"""Articles per unit of work sent to a worker."""

PRETTY_LIMIT = 300_000
"""Largest graph (triples or quads) read back for Turtle, TriG, JSON-LD and graph.html."""


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
        timeout: seconds one article may take through the pipeline; over it, it is skipped
            (see :mod:`diplograph.limits`); None: no limit.
        chunk_size: articles per unit of work of a worker.
        pretty_limit: largest streamed graph read back for Turtle/TriG/JSON-LD and graph.html.
    """

    lang: str | None = None
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
    timeout: float | None = DEFAULT_TIMEOUT
    chunk_size: int = CHUNK_SIZE
    pretty_limit: int = PRETTY_LIMIT

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
