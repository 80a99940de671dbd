"""Graph files read as diplograph wrote them, and one named graph per article.

Every command reads graph files through :func:`read_graph` (or :func:`read_union`): Turtle,
N-Triples, TriG, N-Quads and JSON-LD alike, a dataset's default graph being the union of its
graphs. Parse errors name the line and show its text; JSON-LD never fetches a context.

A store keeps each article's statements in a named graph named by the article's IRI, so that
rebuilding an article replaces exactly what it said and nothing else. Entity nodes are shared:
an entity's type, labels and Wikidata link go into the graph of every article that mentions it
(a store is a set per graph, and the union of the graphs is the merged graph); from a merged
graph, surface forms (``skos:altLabel``) go to every mentioning article of the same language,
as the graph cannot tell which one saw them. Knowledge-base
facts that no article states (offices) go into a shared graph ``<base>graph/kb`` that is only
ever added to. Where the default graph is the set of all triples (a store, a server loaded by
``diplograph load``), triples of no graph go to ``<base>graph/unplaced``
(:func:`with_unplaced_named`).

Works on the merged rdflib ``Graph`` that :func:`diplograph.build.build_graph` returns, and on
an rdflib ``Dataset`` that already has one named graph per article (TriG / N-Quads input).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import PROV, SKOS, VOID
from rdflib.term import Node

from diplograph.errors import GraphFileError
from diplograph.rdf.namespace import DEFAULT_BASE, DG

__all__ = [
    "Triple",
    "FORMATS",
    "QUAD_FORMATS",
    "UNION_UPDATE",
    "RELATIONS",
    "ArticleGraphs",
    "with_unplaced_named",
    "rdf_format",
    "read_graph",
    "read_union",
    "graph_file",
    "jsonld_text",
    "syntax_problem",
    "split_by_article",
]

Triple = tuple[Node, Node, Node]
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}
UNION_UPDATE = "CLEAR DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""SPARQL Update making the default graph the set of the triples of all named graphs."""
RELATIONS = {DG.meets, DG.attends, DG.reports, DG.proposes}


@dataclass
class ArticleGraphs:
    """Triples by graph: ``articles`` are replaced whole, ``shared`` graphs are only added to
    (key ``None`` is the default graph)."""

    articles: dict[URIRef, set[Triple]] = field(default_factory=dict)
    shared: dict[URIRef | None, set[Triple]] = field(default_factory=dict)

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
        for name, triples in (*self.articles.items(), *self.shared.items()):
            for s, p, o in triples:
                yield s, p, o, name

    def __len__(self) -> int:
        return sum(len(t) for t in self.articles.values()) + sum(
            len(t) for t in self.shared.values()
        )


def with_unplaced_named(parts: ArticleGraphs) -> ArticleGraphs:
    """``parts`` with the triples of no named graph (key ``None``) in the shared graph
    ``<base>graph/unplaced``: where the default graph is made as the union of the named graphs
    (a store, a server), every triple then has a named graph."""
    if None not in parts.shared:
        return parts
    base = DEFAULT_BASE
    if parts.articles:
        base = str(min(parts.articles)).rpartition("article/")[0]
    shared: dict[URIRef | None, set[Triple]] = {
        name: triples for name, triples in parts.shared.items() if name is not None
    }
    unplaced = URIRef(base + "graph/unplaced")
    shared[unplaced] = shared.get(unplaced, set()) | parts.shared[None]
    return ArticleGraphs(articles=parts.articles, shared=shared)


def rdf_format(path: Path) -> str:
    """The rdflib format name for a graph file, from its suffix.

    Raises:
        GraphFileError: the suffix is not one of a known RDF syntax.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise GraphFileError(
            f"{path}: unknown graph format {path.suffix or '(no extension)'}; "
            f"use one of the extensions {known}"
        )
    return fmt


def read_graph(path: Path) -> Graph:
    """Parse a graph file with rdflib, whatever format diplograph writes.

    TriG, N-Quads and JSON-LD become a ``Dataset`` whose default graph is the union of its
    graphs (a set: a triple in several graphs is there once); Turtle and N-Triples a ``Graph``.
    A folder stands for the graph file in it (:func:`graph_file`).

    Raises:
        GraphFileError: the file is missing, not valid RDF (the message names the line and
            shows its text), or JSON-LD that names a context elsewhere (never fetched).
    """
    path = graph_file(path)
    fmt = rdf_format(path)
    graph: Graph = Dataset(default_union=True) if fmt in QUAD_FORMATS else Graph()
    try:
        if fmt == "json-ld":
            graph.parse(data=jsonld_text(path), format=fmt, publicID=path.resolve().as_uri())
        else:
            graph.parse(str(path), format=fmt)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GraphFileError(f"{path}: is a folder without a graph file") from None
    except GraphFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds of parse errors
        raise GraphFileError(syntax_problem(path, fmt, exc)) from None
    return graph


def read_union(path: Path) -> Graph:
    """A graph file as one plain ``Graph``: a dataset's graphs united (each triple once), its
    prefixes kept. What ``validate`` and ``analyze`` look at.

    Raises:
        GraphFileError: as :func:`read_graph`.
    """
    read = read_graph(path)
    if not isinstance(read, ConjunctiveGraph):
        return read
    graph = Graph()
    for prefix, namespace in read.namespaces():
        graph.bind(prefix, namespace, override=False)
    for triple in read.triples((None, None, None)):
        graph.add(triple)
    return graph


def graph_file(path: Path) -> Path:
    """``path`` itself, or for a folder the graph file diplograph build wrote into it (the
    most recently written one if there are several formats).

    Raises:
        GraphFileError: a folder holds no graph file.
    """
    path = Path(path)
    if not path.is_dir():
        return path
    from diplograph.rdf.exports import EXPORT_FORMATS

    found = [path / f.filename for f in EXPORT_FORMATS.values() if (path / f.filename).is_file()]
    if not found:
        names = ", ".join(f.filename for f in EXPORT_FORMATS.values())
        raise GraphFileError(f"{path}: no graph file in this folder (looked for {names})")
    return max(found, key=lambda p: p.stat().st_mtime_ns)


def jsonld_text(path: Path) -> str:
    """The text of a JSON-LD file, checked to name no context outside it.

    A context given by URL (``"@context": "https://..."``, ``file:`` included) or an
    ``@import`` would be fetched by the parser; diplograph reads nothing from the network or
    from other files, so such a file is refused. diplograph's own output embeds its context.

    Raises:
        GraphFileError: the file cannot be read, is not JSON, or names an outside context.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphFileError(
            f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraphFileError(_located(path, "json-ld", exc.lineno, exc.colno, exc.msg)) from None
    outside = next(_outside_contexts(document), None)
    if outside is not None:
        raise GraphFileError(
            f"{path}: the JSON-LD context {outside} is not read (contexts are never fetched "
            "from the network or other files); embed the context in the file"
        )
    return text


def _outside_contexts(node: object) -> Iterator[str]:
    """Context references of a JSON-LD document that point outside it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for context in value if isinstance(value, list) else [value]:
                    if isinstance(context, str):
                        yield context
            if key == "@import" and isinstance(value, str):
                yield value
            yield from _outside_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _outside_contexts(item)


def syntax_problem(path: Path, fmt: str, exc: BaseException) -> str:
    """One line saying where ``path`` stops being valid ``fmt``: the line, the column and
    the text of that line.

    The place comes from pyoxigraph, which points at the offending term (for an error of
    rdflib's, the file is read again by pyoxigraph to find it); rdflib's own pointer, at the
    start of the production that failed, is the fallback.
    """
    if isinstance(exc, SyntaxError) and exc.lineno:  # pyoxigraph
        reason = re.sub(r"^Parser error [^:]*: ", "", exc.msg or "")  # the place, said below
        return _located(path, fmt, exc.lineno, exc.offset or 0, reason)
    if isinstance(exc, json.JSONDecodeError):
        return _located(path, fmt, exc.lineno, exc.colno, exc.msg)
    located = _oxigraph_problem(path, fmt)
    if located:
        return located
    why, text, at = getattr(exc, "_why", None), getattr(exc, "_str", None), getattr(exc, "_i", None)
    if why is not None and text is not None and at is not None:  # rdflib's Turtle/TriG parser
        if isinstance(text, str):
            text = text.encode("utf-8")
        while at < len(text) and text[at : at + 1] in (b" ", b"\t", b"\r", b"\n"):
            at += 1
        start = text.rfind(b"\n", 0, at) + 1
        column = len(text[start:at].decode("utf-8", "replace")) + 1
        return _located(path, fmt, text.count(b"\n", 0, at) + 1, column, str(why))
    message = str(exc).strip()
    first = message.splitlines()[0] if message else type(exc).__name__
    return f"{path}: not valid {fmt} ({first[:200]})"


def _oxigraph_problem(path: Path, fmt: str) -> str | None:
    import pyoxigraph as ox

    formats = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
    }
    if fmt not in formats:
        return None
    try:
        for _ in ox.parse(path=str(path), format=formats[fmt]):
            pass
    except SyntaxError as exc:
        if exc.lineno:
            return syntax_problem(path, fmt, exc)
    except (OSError, ValueError):
        return None
    return None


def _located(path: Path, fmt: str, line: int, column: int, reason: str) -> str:
    """``PATH: not valid FMT at line L, column C: REASON: "TEXT OF THE LINE"``."""
    shown = _line_text(path, line)
    where = f"line {line}" + (f", column {column}" if column else "")
    tail = f": {shown!r}" if shown else ""
    return f"{path}: not valid {fmt} at {where}: {reason.strip().rstrip('.')}{tail}"


def _line_text(path: Path, line: int, width: int = 100) -> str:
    """Line ``line`` (1-based) of a file, stripped and cut to ``width`` characters."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if number == line:
                    text = text.strip()
                    return text if len(text) <= width else text[: width - 1] + "…"
    except OSError:
        pass
    return ""


def split_by_article(graph: Graph) -> ArticleGraphs:
    """The triples of ``graph`` in one named graph per article (see the module docstring)."""
    if isinstance(graph, ConjunctiveGraph):
        graphs = graph.graphs() if isinstance(graph, Dataset) else graph.contexts()
        named = [c for c in graphs if isinstance(c.identifier, URIRef) and len(c)]
        if any((c.identifier, RDF.type, DG.Article) in c for c in named):
            return _from_contexts(graph, named)
    return _from_merged(graph)


def _from_contexts(dataset: ConjunctiveGraph, named: list[Graph]) -> ArticleGraphs:
    out = ArticleGraphs()
    seen: set[Triple] = set()
    for context in named:
        name = cast(URIRef, context.identifier)  # ``named`` holds only graphs named by an IRI
        triples = set(context.triples((None, None, None)))
        seen |= triples
        if (name, RDF.type, DG.Article) in context:
            out.articles[name] = triples
        else:
            out.shared[name] = triples
    rest = {t for t in dataset.triples((None, None, None)) if t not in seen}
    if rest:
        out.shared[None] = rest
    return out


def _from_merged(graph: Graph) -> ArticleGraphs:
    out = ArticleGraphs()
    articles = set(graph.subjects(RDF.type, DG.Article))
    parts: dict[URIRef, set[Triple]] = {a: set() for a in articles if isinstance(a, URIRef)}
    placed: set[Triple] = set()

    def put(article: URIRef, triples: Iterable[Triple]) -> None:
        for t in triples:
            parts[article].add(t)
            placed.add(t)

    for known in parts:
        put(known, graph.triples((known, None, None)))
    for statement, article in graph.subject_objects(PROV.wasDerivedFrom):
        if not isinstance(article, URIRef) or article not in parts:
            continue
        put(article, graph.triples((statement, None, None)))
        s = graph.value(statement, RDF.subject)
        p = graph.value(statement, RDF.predicate)
        o = graph.value(statement, RDF.object)
        if s is not None and p is not None and o is not None and (s, p, o) in graph:
            put(article, [(s, p, o)])
        if o is not None and (
            (o, RDF.type, DG.Claim) in graph or (o, RDF.type, DG.Proposal) in graph
        ):
            put(article, graph.triples((o, None, None)))
    kb_graphs: dict[URIRef | None, set[Triple]] = {}
    languages = {a: str(graph.value(a, DG.language) or "") for a in parts}
    for node, article in graph.subject_objects(DG.mentionedIn):
        if not isinstance(article, URIRef) or article not in parts:
            continue
        put(
            article,
            (
                t
                for t in graph.triples((node, None, None))
                if _describes(t, article, languages[article])
            ),
        )
        for holding in graph.objects(node, DG.holds):
            kb = kb_graphs.setdefault(_kb_graph(article), set())
            kb.add((node, DG.holds, holding))
            kb.update(graph.triples((holding, None, None)))
    for triples in kb_graphs.values():
        placed.update(triples)
    for dataset in graph.subjects(RDF.type, VOID.Dataset):
        # the build's description (diplograph.rdf.description), in its own graph as in TriG
        if isinstance(dataset, URIRef) and str(dataset).endswith("/dataset"):
            described = set(graph.triples((dataset, None, None))) - placed
            name = URIRef(str(dataset)[: -len("dataset")] + "graph/dataset")
            kb_graphs.setdefault(name, set()).update(described)
            placed.update(described)
    out.articles = parts
    out.shared.update(kb_graphs)
    rest = {t for t in graph.triples((None, None, None)) if t not in placed}
    if rest:
        out.shared[None] = rest
    return out


def _describes(triple: Triple, article: URIRef, language: str) -> bool:
    """Whether a triple about an entity mentioned in ``article`` belongs in its graph.

    Relation triples are placed through their statements, offices go to the shared graph,
    ``dg:mentionedIn`` only to the article it names. Surface forms (``skos:altLabel``) are
    tagged with the language of the article they were seen in: one in another language cannot
    come from this article (one in the same language may; a merged graph cannot tell).
    """
    _, p, o = triple
    if p in RELATIONS or p == DG.holds:
        return False
    if p == DG.mentionedIn:
        return o == article
    if p == SKOS.altLabel and isinstance(o, Literal) and o.language and language:
        return o.language == language
    return True


def _kb_graph(article: URIRef) -> URIRef:
    """``<base>graph/kb`` for an article IRI ``<base>article/ID`` (as the RDF mapping names it)."""
    base, _, _ = str(article).rpartition("article/")
    return URIRef(base + "graph/kb")
