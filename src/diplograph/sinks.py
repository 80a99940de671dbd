"""The last stage of a build: the graph file in the asked format, and graph.html.

Everything is written atomically with the user's umask (:func:`diplograph.tempfiles.write_atomic`).

Turtle and TriG are written by pyoxigraph from the graph's rows (N-Triples or N-Quads lines, as
:mod:`diplograph.parallel` makes them) sorted by their text: a subject's triples are then
together, and the same graph gives the same bytes whatever order its rows came in (one process
or several, a fresh build or ``--update``). Sorting holds at most :data:`RUN_ROWS` rows in
memory; longer graphs are sorted in runs on disk and merged, so Turtle is written at any size.

graph.html is made from an Oxigraph store in memory loaded with the rows (see
:func:`diplograph.view.projection.project_store`), never by parsing with rdflib.
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, groupby, islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.nt import _quoteLiteral

from diplograph.rdf.exports import ExportFormat, write_export
from diplograph.rdf.namespace import DG
from diplograph.tempfiles import write_atomic

Reporter = Callable[[str], None]

RUN_ROWS = 500_000
"""Rows sorted in memory at once; a longer graph is sorted in runs on disk and merged."""

PARSE_BATCH = 50_000
"""Rows handed to pyoxigraph's parser at once."""

PAGE_IN_MEMORY = 2_000_000
"""Largest graph (in rows) whose page is projected from an Oxigraph store in memory (about
1 GB); a larger one is loaded into a store on disk (see :func:`page_of_rows`)."""

PREFIXES = {
    "dg": str(DG._NS),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "wd": "http://www.wikidata.org/entity/",
    "xsd": str(XSD),
}
"""Prefixes of Turtle and TriG (resources keep full IRIs: their local names contain ``/``)."""

_N3: dict[Any, str] = {}  # IRI -> its N-Triples form (IRIs repeat across rows and articles)


def term(node: Any) -> str:
    """The N-Triples form of an rdflib term (IRIs cached)."""
    if type(node) is not URIRef:
        return _quoteLiteral(node) if isinstance(node, Literal) else node.n3()
    text = _N3.get(node)
    if text is None:
        if len(_N3) > 200_000:
            _N3.clear()
        text = _N3[node] = node.n3()
    return text


def triple_row(s: Any, p: Any, o: Any) -> str:
    """One N-Triples line."""
    return f"{term(s)} {term(p)} {term(o)} .\n"


def quad_row(s: Any, p: Any, o: Any, graph: str) -> str:
    """One N-Quads line in the named graph ``graph`` (an IRI)."""
    return f"{term(s)} {term(p)} {term(o)} <{graph}> .\n"


def graph_of(row: str) -> str:
    """The graph IRI of an N-Quads row written by :func:`quad_row`."""
    return row[:-3].rpartition(" ")[2]


def as_triple(row: str) -> str:
    """The N-Triples line of an N-Quads row written by :func:`quad_row`."""
    return row[:-3].rpartition(" ")[0] + " .\n"


def graph_rows(graph: Graph) -> Iterator[str]:
    """The N-Triples rows of an rdflib graph."""
    for s, p, o in graph.triples((None, None, None)):
        yield triple_row(s, p, o)


def dataset_rows(dataset: Dataset) -> Iterator[str]:
    """The rows of a dataset for sorting as TriG: ``GRAPH NUL N-Quads-row`` (see :func:`keyed`);
    triples of the default graph have an empty graph and an N-Triples row."""
    for s, p, o, context in dataset.quads((None, None, None, None)):
        name = getattr(context, "identifier", context)
        if name is None or name == DATASET_DEFAULT_GRAPH_ID:
            yield "\x00" + triple_row(s, p, o)
        else:
            yield f"<{name}>\x00" + quad_row(s, p, o, str(name))


def keyed(rows: Iterable[str]) -> Iterator[str]:
    """N-Quads rows prefixed by their graph and NUL, so that sorting puts a graph together."""
    for row in rows:
        yield graph_of(row) + "\x00" + row


def _spill(run: list[str]) -> IO[str]:
    run.sort()
    spilled = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by the caller
    spilled.writelines(run)
    spilled.seek(0)
    return spilled


def _batches(rows: Iterator[str], size: int) -> Iterator[list[str]]:
    while batch := list(islice(rows, size)):
        yield batch


def sorted_batches(
    rows: Iterable[str], *, run_rows: int | None = None, batch_rows: int | None = None
) -> Iterator[list[str]]:
    """``rows`` (each ending in a newline) sorted, each once, in lists of at most
    ``batch_rows`` (default :data:`PARSE_BATCH`); at most ``run_rows`` (default
    :data:`RUN_ROWS`) rows are sorted in memory at once, longer inputs in runs on disk that
    are then merged. Rows are taken and handed on in lists, not one by one: a build writes
    millions of them."""
    run_rows = run_rows or RUN_ROWS
    batch_rows = batch_rows or PARSE_BATCH
    source = iter(rows)
    runs: list[IO[str]] = []
    try:
        while len(piece := list(islice(source, run_rows))) == run_rows:
            runs.append(_spill(list(set(piece))))
        if not runs:
            ordered = sorted(set(piece))
            for start in range(0, len(ordered), batch_rows):
                yield ordered[start : start + batch_rows]
            return
        if piece:
            runs.append(_spill(list(set(piece))))
        merged = map(itemgetter(0), groupby(heapq.merge(*runs)))
        yield from _batches(merged, batch_rows)
    finally:
        for spilled in runs:
            spilled.close()


def sorted_rows(rows: Iterable[str], *, run_rows: int | None = None) -> Iterator[str]:
    """``rows`` (each ending in a newline) sorted, each once; at most ``run_rows`` in memory."""
    return chain.from_iterable(sorted_batches(rows, run_rows=run_rows))


def write_sorted(
    rows: Iterable[str], path: Path, export: ExportFormat, *, count: list[int] | None = None
) -> None:
    """Write rows to ``path`` in the format ``export`` (Turtle, TriG, N-Triples or N-Quads),
    sorted: N-Triples rows for a format of one graph, rows made by :func:`keyed` or
    :func:`dataset_rows` for one with named graphs.

    Args:
        count: if given, the number of rows written is appended to it.
    """
    written = 0
    strip_key = export.named_graphs

    def batches() -> Iterator[list[str]]:
        nonlocal written
        for batch in sorted_batches(rows):
            written += len(batch)
            yield [r.partition("\x00")[2] for r in batch] if strip_key else batch

    if export.name in ("nt", "nquads"):
        with path.open("w", encoding="utf-8") as out:
            for batch in batches():
                out.writelines(batch)
    else:
        fmt = ox.RdfFormat.TRIG if export.named_graphs else ox.RdfFormat.TURTLE
        source = ox.RdfFormat.N_QUADS if export.named_graphs else ox.RdfFormat.N_TRIPLES
        # the quads go from parser to serialiser through itertools, not a Python loop per quad
        quads = chain.from_iterable(
            ox.parse("".join(batch).encode("utf-8"), format=source) for batch in batches()
        )
        ox.serialize(quads, str(path), fmt, prefixes=PREFIXES)
    if count is not None:
        count.append(written)


def write_graph(graph: Graph, dataset: Dataset | None, path: Path, export: ExportFormat) -> None:
    """Write an in-memory graph (or, for formats with named graphs, its dataset) atomically:
    Turtle, TriG, N-Triples and N-Quads sorted (:func:`write_sorted`), JSON-LD by rdflib."""
    if export.name == "json-ld":
        write_atomic(path, lambda tmp: write_export(graph, dataset, tmp, export))
        return
    if export.named_graphs:
        if dataset is None:
            raise ValueError(f"{export.name} needs the dataset with one graph per article")
        rows: Iterable[str] = dataset_rows(dataset)
    else:
        rows = graph_rows(graph)
    write_atomic(path, lambda tmp: write_sorted(rows, tmp, export))


def store_of_rows(
    rows: Iterable[str] | Path, *, quads: bool, folder: Path | str | None = None
) -> ox.Store:
    """An Oxigraph store holding rows (or the rows file ``rows``): in memory, or on disk in
    ``folder`` (an empty folder the caller removes afterwards)."""
    store = ox.Store(str(folder)) if folder is not None else ox.Store()
    fmt = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    if isinstance(rows, Path):
        store.bulk_load(path=str(rows), format=fmt)
        return store
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= PARSE_BATCH:
            store.bulk_load("".join(batch).encode("utf-8"), format=fmt)
            batch = []
    if batch:
        store.bulk_load("".join(batch).encode("utf-8"), format=fmt)
    return store


def page_of_rows(
    rows_file: Path,
    outdir: Path,
    *,
    quads: bool,
    max_nodes: int | None,
    why: str = "",
    on_disk: bool = False,
) -> tuple[Path, list[str]]:
    """Write OUTDIR/graph.html of the rows in ``rows_file``; its path and the lines it reports.

    With ``on_disk`` the rows are loaded into an Oxigraph store in a temporary folder (removed
    afterwards) instead of memory: an in-memory store takes about 550 bytes per triple, an
    on-disk one a bounded cache. The page is the same either way (the projection does not
    depend on the store's order)."""
    said: list[str] = []
    if not on_disk:
        store = store_of_rows(rows_file, quads=quads)
        return write_page(store, outdir, max_nodes=max_nodes, report=said.append, why=why), said
    with tempfile.TemporaryDirectory(prefix="diplograph-page-") as folder:
        store = store_of_rows(rows_file, quads=quads, folder=folder)
        page = write_page(store, outdir, max_nodes=max_nodes, report=said.append, why=why)
        del store  # closes the store before its folder is removed
    return page, said


def write_page(
    store: ox.Store,
    outdir: Path,
    *,
    max_nodes: int | None,
    report: Reporter,
    why: str = "",
) -> Path:
    """Write OUTDIR/graph.html of the graph in ``store`` (its union of graphs), saying how many
    nodes ``max_nodes`` left out (and ``why``, if set); its path."""
    from diplograph.view.html import render_projection
    from diplograph.view.projection import project_store

    page = outdir / "graph.html"
    text, left_out = render_projection(
        project_store(store), max_nodes=max_nodes, why=why or "--max-nodes"
    )
    write_atomic(page, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    if left_out:
        reason = why or f"--max-nodes {max_nodes}"  # the page says the same
        report(f"graph.html: {len(left_out):,} least central nodes left out ({reason})")
    return page
