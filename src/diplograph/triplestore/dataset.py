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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.namespace import PROV, RDFS, SKOS, VOID
from rdflib.term import Node

from diplograph.errors import GraphFileError
from diplograph.rdf.namespace import DEFAULT_BASE, DG

__all__ = [
    "kb_graph",
    "describes",
    "read_article_graphs",
    "read_quads",
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
    if fmt in ("turtle", "trig", "nt", "nquads") and has_triple_terms(path):
        # rdflib has no RDF 1.2: read by pyoxigraph, each reifier as a reified statement
        for s, p, o, name in read_quads(path, fmt):
            if isinstance(graph, Dataset) and name is not None:
                graph.graph(name).add((s, p, o))
            else:
                graph.add((s, p, o))
        return graph
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


def has_triple_terms(path: Path) -> bool:
    """Whether a Turtle, TriG, N-Triples or N-Quads file may hold RDF 1.2 triple terms (it
    has ``<<`` somewhere; a file that only says ``<<`` in a literal reads the same either way).
    """
    try:
        with path.open("rb") as handle:
            carry = b""
            while chunk := handle.read(1 << 20):
                if b"<<" in carry + chunk:
                    return True
                carry = chunk[-1:]
    except OSError:
        return False
    return False


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


_OX_FORMATS = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "trig": "TRIG",
    "nquads": "N_QUADS",
    "json-ld": "JSON_LD",
}


def read_quads(path: Path, fmt: str) -> Iterator[tuple[Node, Node, Node, URIRef | None]]:
    """The quads of a graph file parsed by pyoxigraph, as rdflib terms (graph None: the
    default graph). An RDF 1.2 reifier (``ST rdf:reifies <<( S P O )>>``, as
    ``--format turtle-star`` writes it) comes out as the reified statement of the plain
    formats (``ST a rdf:Statement; rdf:subject S; rdf:predicate P; rdf:object O``).

    Raises:
        GraphFileError: the file is missing or not valid ``fmt`` (line and text named), or
            holds a triple term anywhere else than as the object of ``rdf:reifies``.
    """
    import pyoxigraph as ox

    ox_format = getattr(ox.RdfFormat, _OX_FORMATS[fmt])
    try:
        if fmt == "json-ld":
            quads = ox.parse(jsonld_text(path).encode("utf-8"), format=ox_format)
        else:
            quads = ox.parse(path=str(path), format=ox_format)
        convert = _RdflibTerms()
        for quad in quads:
            graph = quad.graph_name
            # a graph name is an IRI or a blank node, never a literal
            name = None if isinstance(graph, ox.DefaultGraph) else cast(URIRef, convert(graph))
            s, p, o = quad.subject, quad.predicate, quad.object
            if isinstance(o, ox.Triple) and p.value == _REIFIES:
                st = convert(s)
                yield st, RDF.type, RDF.Statement, name
                yield st, RDF.subject, convert(o.subject), name
                yield st, RDF.predicate, convert(o.predicate), name
                yield st, RDF.object, convert(o.object), name
                continue
            yield convert(s), convert(p), convert(o), name
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GraphFileError(f"{path}: is a folder without a graph file") from None
    except (SyntaxError, ValueError) as exc:
        raise GraphFileError(syntax_problem(path, fmt, exc)) from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read ({exc.strerror or exc})") from None


_REIFIES = "http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies"


class _RdflibTerms:
    """pyoxigraph terms to rdflib terms (each IRI and literal made once per file)."""

    def __init__(self) -> None:
        self.made: dict[object, Node] = {}

    def __call__(self, term: object) -> Node:
        import pyoxigraph as ox

        made = self.made.get(term)
        if made is not None:
            return made
        if isinstance(term, ox.NamedNode):
            made = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            made = BNode(term.value)
        elif isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if term.language:
                made = Literal(term.value, lang=term.language)
            elif datatype == _XSD_STRING:
                made = Literal(term.value)
            else:
                made = Literal(term.value, datatype=URIRef(datatype))
        else:
            raise ValueError(
                f"a triple term ({term}) stands where diplograph reads only IRIs and literals; "
                "triple terms are read only as the object of rdf:reifies"
            )
        if len(self.made) < 1_000_000:
            self.made[term] = made
        return made


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def split_by_article(graph: Graph) -> ArticleGraphs:
    """The triples of ``graph`` in one named graph per article (see the module docstring).

    Time and memory are linear in the size of the split (each quad of a dataset, each triple
    of a merged graph, is looked at a bounded number of times)."""
    if isinstance(graph, ConjunctiveGraph):
        named: dict[URIRef, set[Triple]] = {}
        default: set[Triple] = set()
        # one pass over the quads: rdflib's per-graph iteration looks up every graph of each
        # triple, which is quadratic for entity triples repeated in every article's graph
        for s, p, o, context in graph.quads((None, None, None, None)):
            name = getattr(context, "identifier", context)
            if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
                named.setdefault(name, set()).add((s, p, o))
            else:
                default.add((s, p, o))
        if any((name, RDF.type, DG.Article) in triples for name, triples in named.items()):
            return _from_named(named, default)
        return _from_merged(set().union(default, *named.values()))
    return _from_merged(set(graph.triples((None, None, None))))


def read_article_graphs(path: Path) -> ArticleGraphs:
    """A graph file split into one graph per article (:func:`split_by_article`), parsed by
    pyoxigraph: what ``load`` and ``build --update`` read, in time linear in the file.

    Raises:
        GraphFileError: as :func:`read_graph`.
    """
    path = graph_file(path)
    fmt = rdf_format(path)
    if fmt == "xml":
        return split_by_article(read_graph(path))
    named: dict[URIRef, set[Triple]] = {}
    default: set[Triple] = set()
    for s, p, o, name in read_quads(path, fmt):
        if name is None:
            default.add((s, p, o))
        else:
            named.setdefault(name, set()).add((s, p, o))
    if fmt in QUAD_FORMATS and any(
        (name, RDF.type, DG.Article) in triples for name, triples in named.items()
    ):
        return _from_named(named, default)
    return _from_merged(set().union(default, *named.values()))


def _from_named(named: dict[URIRef, set[Triple]], default: set[Triple]) -> ArticleGraphs:
    out = ArticleGraphs()
    for name, triples in named.items():
        if not triples:
            continue
        if (name, RDF.type, DG.Article) in triples:
            out.articles[name] = triples
        else:
            out.shared[name] = triples
    rest = default.difference(*named.values())
    if rest:
        out.shared[None] = rest
    return out


def _from_merged(triples: set[Triple]) -> ArticleGraphs:
    out = ArticleGraphs()
    about: dict[Node, list[Triple]] = {}
    by_predicate: dict[Node, list[Triple]] = {}
    for t in triples:
        about.setdefault(t[0], []).append(t)
        by_predicate.setdefault(t[1], []).append(t)

    def value(subject: Node, predicate: Node) -> Node | None:
        return next((o for _, p, o in about.get(subject, ()) if p == predicate), None)

    parts: dict[URIRef, set[Triple]] = {
        s: set()
        for s, _, o in by_predicate.get(RDF.type, ())
        if o == DG.Article and isinstance(s, URIRef)
    }
    placed: set[Triple] = set()

    def put(article: Node, found) -> None:
        for t in found:
            parts[cast(URIRef, article)].add(t)  # only ever called with a key of ``parts``
            placed.add(t)

    for article in parts:
        put(article, about.get(article, ()))
    languages = {a: str(value(a, DG.language) or "") for a in parts}
    kb_graphs: dict[URIRef, set[Triple]] = {}
    described: dict[tuple[Node, str], list[Triple]] = {}
    holders: dict[Node, list[Node]] = {}
    for s, _, o in by_predicate.get(DG.holds, ()):
        holders.setdefault(s, []).append(o)
    offices_done: set[tuple[URIRef, Node]] = set()
    agents: dict[Node | None, list[Triple]] = {}  # an agent's type and labels, found once
    for statement, _, source in by_predicate.get(PROV.wasDerivedFrom, ()):
        if source not in parts:
            continue
        put(source, about.get(statement, ()))
        subj = value(statement, RDF.subject)
        pred = value(statement, RDF.predicate)
        obj = value(statement, RDF.object)
        fact = (subj, pred, obj)
        if subj is not None and pred is not None and obj is not None and fact in triples:
            put(source, [cast(Triple, fact)])
        if obj is not None and (
            (obj, RDF.type, DG.Claim) in triples or (obj, RDF.type, DG.Proposal) in triples
        ):
            put(source, about.get(obj, ()))
    mentioned_in = DG.mentionedIn
    for node, _, mentioned in by_predicate.get(mentioned_in, ()):
        if mentioned not in parts:
            continue
        article = cast(URIRef, mentioned)  # a key of ``parts``
        language = languages[article]
        # what describes an entity is the same for every article of a language: found once,
        # so an entity in N articles costs N, not N times its N dg:mentionedIn triples
        key = (node, language)
        description = described.get(key)
        if description is None:
            description = described[key] = [
                t
                for t in about.get(node, ())
                if t[1] != mentioned_in and describes(t, article, language)
            ]
        put(article, description)
        put(article, [(node, mentioned_in, article)])
        if node in holders:
            kb_name = kb_graph(article)
            if (kb_name, node) in offices_done:
                continue
            offices_done.add((kb_name, node))
            kb = kb_graphs.setdefault(kb_name, set())
            for holding in holders[node]:
                kb.add((node, DG.holds, holding))
                kb.update(about.get(holding, ()))
                agent = value(holding, DG.ofAgent)
                if agent not in agents:
                    agents[agent] = _agent_description(about, agent)
                kb.update(agents[agent])
    for found in kb_graphs.values():
        placed.update(found)
    for dataset, _, _ in [t for t in by_predicate.get(RDF.type, ()) if t[2] == VOID.Dataset]:
        # the build's description (diplograph.rdf.description), in its own graph as in TriG
        if isinstance(dataset, URIRef) and str(dataset).endswith("/dataset"):
            own = set(about.get(dataset, ())) - placed
            name = URIRef(str(dataset)[: -len("dataset")] + "graph/dataset")
            kb_graphs.setdefault(name, set()).update(own)
            placed.update(own)
    out.articles = parts
    out.shared.update({name: found for name, found in kb_graphs.items() if found})
    rest = triples - placed
    if rest:
        out.shared[None] = rest
    return out


def _agent_description(about: dict[Node, list[Triple]], agent: Node | None) -> list[Triple]:
    """The type and labels of the state or organisation of an office (the KB graph has them)."""
    if agent is None:
        return []
    return [t for t in about.get(agent, ()) if t[1] in (RDF.type, RDFS.label)]


def describes(triple: Triple, article: URIRef, language: str) -> bool:
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


def kb_graph(article: URIRef) -> URIRef:
    """``<base>graph/kb`` for an article IRI ``<base>article/ID`` (as the RDF mapping names it)."""
    base, _, _ = str(article).rpartition("article/")
    return URIRef(base + "graph/kb")
