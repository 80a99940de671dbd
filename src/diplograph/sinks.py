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
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD
from rdflib.plugins.serializers.nt import _quoteLiteral

from diplograph.rdf.description import ENTITY_CLASSES, DatasetCounts
from diplograph.rdf.exports import EXPORT_FORMATS, ExportFormat, write_export
from diplograph.rdf.namespace import DG
from diplograph.tempfiles import write_atomic

__all__ = [
    "PAGE_IN_MEMORY",
    "page_of_rows",
    "count_rows",
    "Reporter",
    "RUN_ROWS",
    "PARSE_BATCH",
    "PREFIXES",
    "term",
    "triple_row",
    "quad_row",
    "graph_of",
    "as_triple",
    "graph_rows",
    "dataset_rows",
    "keyed",
    "sorted_rows",
    "write_sorted",
    "write_graph",
    "store_of_rows",
    "write_page",
]

Reporter = Callable[[str], None]

RUN_ROWS = 500_000
"""Rows sorted in memory at once; a longer graph is sorted in runs on disk and merged."""

PARSE_BATCH = 50_000
"""Rows handed to pyoxigraph's parser at once."""

PAGE_IN_MEMORY = 2_000_000
"""Largest graph (in rows) whose page is projected from an Oxigraph store in memory (about
1 GB); a larger one is loaded into a store on disk (see :func:`page_of_rows`)."""

PREFIXES = {
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "dg": str(DG._NS),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "void": str(VOID),
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


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_REIFICATION = {f"<{_RDF}{name}>": name for name in ("subject", "predicate", "object")}
_STATEMENT_TYPE = (f"<{_RDF}type>", f"<{_RDF}Statement>")
_REIFIES = f"<{_RDF}reifies>"


def triple_term_rows(rows: Iterable[str]) -> Iterator[str]:
    """Sorted rows with each reified statement in RDF 1.2: its ``rdf:type rdf:Statement``,
    ``rdf:subject``, ``rdf:predicate`` and ``rdf:object`` rows become one row
    ``ST rdf:reifies <<( S P O )>>``; its other rows (the provenance annotations) stay.

    Works on the sorted rows of :func:`write_sorted` (N-Triples rows, or rows made by
    :func:`keyed`), where the rows of one subject in one graph follow each other.
    """
    for _, group in groupby(rows, key=lambda row: row.split(" ", 1)[0]):
        block = list(group)
        parts: dict[str, str] = {}
        typed = False
        tail = ".\n"  # what follows the object: the graph (rows of keyed) and the dot
        for row in block:
            _, predicate, rest = row.split(" ", 2)
            if predicate not in _REIFICATION and predicate != _STATEMENT_TYPE[0]:
                continue
            obj, _, after = rest.partition(" ")
            if (predicate, obj) == _STATEMENT_TYPE:
                typed = True
            elif predicate in _REIFICATION and not obj.startswith('"'):
                parts[_REIFICATION[predicate]] = obj
                tail = after
        if not typed or len(parts) != 3 or len(block) < 4:
            yield from block
            continue
        head = block[0].split(" ", 1)[0]
        term = f"<<( {parts['subject']} {parts['predicate']} {parts['object']} )>>"
        kept = [
            row
            for row in block
            if row.split(" ", 2)[1] not in _REIFICATION
            and tuple(row.split(" ", 3)[1:3]) != _STATEMENT_TYPE
        ]
        kept.append(f"{head} {_REIFIES} {term} {tail}")
        yield from sorted(kept)


def _parsed(rows: Iterator[str], fmt: ox.RdfFormat, *, strip_key: bool) -> Iterator[ox.Quad]:
    batch: list[str] = []
    for row in rows:
        batch.append(row.partition("\x00")[2] if strip_key else row)
        if len(batch) >= PARSE_BATCH:
            yield from ox.parse("".join(batch).encode("utf-8"), format=fmt)
            batch = []
    if batch:
        yield from ox.parse("".join(batch).encode("utf-8"), format=fmt)


def write_sorted(
    rows: Iterable[str], path: Path, export: ExportFormat, *, count: list[int] | None = None
) -> None:
    """Write rows to ``path`` in the format ``export`` (Turtle, TriG, N-Triples or N-Quads),
    sorted: N-Triples rows for a format of one graph, rows made by :func:`keyed` or
    :func:`dataset_rows` for one with named graphs.

    Args:
        count: if given, the number of rows written is appended to it.
    """
    ordered = sorted_rows(rows)
    written = [0]

    def counted(items: Iterator[str]) -> Iterator[str]:
        for item in items:
            written[0] += 1
            yield item

    ordered = counted(ordered)
    if export.star:
        ordered = triple_term_rows(ordered)
    if export.rdflib_format in ("nt", "nquads"):
        with path.open("w", encoding="utf-8") as out:
            out.writelines(r.partition("\x00")[2] if export.named_graphs else r for r in ordered)
    else:
        fmt = ox.RdfFormat.TRIG if export.named_graphs else ox.RdfFormat.TURTLE
        source = ox.RdfFormat.N_QUADS if export.named_graphs else ox.RdfFormat.N_TRIPLES
        quads = _parsed(ordered, source, strip_key=export.named_graphs)
        ox.serialize(quads, str(path), fmt, prefixes=PREFIXES)
    if count is not None:
        count.append(written[0])


def write_graph(graph: Graph, dataset: Dataset | None, path: Path, export: ExportFormat) -> None:
    """Write an in-memory graph (or, for formats with named graphs, its dataset) atomically:
    Turtle, TriG, N-Triples and N-Quads sorted (:func:`write_sorted`), JSON-LD by rdflib."""
    if export.rdflib_format == "json-ld":
        write_atomic(path, lambda tmp: write_export(graph, dataset, tmp, export))
        return
    if export.named_graphs:
        if dataset is None:
            raise ValueError(f"{export.name} needs the dataset with one graph per article")
        rows: Iterable[str] = dataset_rows(dataset)
    else:
        rows = graph_rows(graph)
    write_atomic(path, lambda tmp: write_sorted(rows, tmp, export))


_TYPE = f"<{RDF.type}>"
_ENTITY_TYPES = frozenset(f"<{c}> .\n" for c in ENTITY_CLASSES)
_STATEMENT = f"<{RDF.Statement}> .\n"
_ARTICLE = f"<{DG.Article}> .\n"
_EVENT_COUNT = f"<{DG.articleCount}>"
_ARTICLE_FACTS = {f"<{DG.sourceFile}>": "sourceFile", f"<{DG.sha256}>": "sha256"}


def count_rows(rows: Iterable[str], *, quads: bool) -> DatasetCounts:
    """What the graph of ``rows`` holds: its distinct triples, entities, events, relation
    statements and articles (see :class:`~diplograph.rdf.description.DatasetCounts`).

    Args:
        rows: N-Triples lines, each triple once (as a streamed build and an rdflib graph give
            them), or with ``quads`` N-Quads lines: these are sorted on the way
            (:func:`sorted_rows`), so a triple stated in several graphs counts once, at any size.
    """
    counts = DatasetCounts()
    entities: set[str] = set()
    articles: list[str] = []
    facts: list[str] = []
    for row in sorted_rows(map(as_triple, rows)) if quads else rows:
        counts.triples += 1
        s, p, rest = row.split(" ", 2)
        if p == _TYPE:
            if rest in _ENTITY_TYPES:
                entities.add(s)
            elif rest == _STATEMENT:
                counts.relations += 1
            elif rest == _ARTICLE:
                articles.append(s[1:-1])
        elif p == _EVENT_COUNT:
            counts.events += 1
        elif p in _ARTICLE_FACTS:
            facts.append(row)
    counts.entities = len(entities)
    counts.articles = {article: {"sourceFile": None, "sha256": None} for article in articles}
    if facts:
        for triple in ox.parse("".join(facts).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            known = counts.articles.get(triple.subject.value)
            if known is not None and isinstance(triple.object, ox.Literal):
                known[_ARTICLE_FACTS[f"<{triple.predicate.value}>"]] = triple.object.value
    return counts


def description_rows(description: Graph, *, graph: str | None = None) -> list[str]:
    """The rows of a dataset description: N-Triples, or N-Quads in the named graph ``graph``."""
    if graph is None:
        return [triple_row(s, p, o) for s, p, o in description]
    return [quad_row(s, p, o, graph) for s, p, o in description]


def write_description(description: Graph, path: Path) -> None:
    """Write a dataset description (void.ttl) atomically, as sorted Turtle."""
    rows = [triple_row(s, p, o) for s, p, o in description]
    write_atomic(path, lambda tmp: write_sorted(rows, tmp, EXPORT_FORMATS["turtle"]))


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
