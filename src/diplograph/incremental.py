"""``build --update``: add articles to an existing output, or rebuild changed ones, without
building everything again.

The existing graph file of OUTDIR is read and split into one graph per article
(:func:`diplograph.triplestore.dataset.split_by_article`): everything an article said
(its node, its statements and what they are ``prov:wasDerivedFrom``, the entities it mentions
with their labels). The new articles are built into a graph each; an article already in the
output (same article IRI, which comes from the file name) has its whole graph replaced, the
other articles are left as they were. Knowledge-base facts (offices) are kept for the people
some article still mentions. The union is written as a fresh build would write it, so building
A and B at once, or A first and then ``--update`` with B, gives byte-identical Turtle.

From TriG or N-Quads the split is exact. From Turtle or N-Triples (one merged graph) an
entity's surface forms (``skos:altLabel``) cannot be told apart between two articles in the
same language that mention the entity; such a form stays while either article does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.term import Node

from diplograph.build import (
    BuildResult,
    build_graph,
    check_shapes,
    describe_result,
    write_outputs,
)
from diplograph.kb import load_kb
from diplograph.options import BuildOptions, report_to_stderr, with_changes
from diplograph.progress import phase
from diplograph.rdf.description import locations_of
from diplograph.rdf.exports import EXPORT_FORMATS
from diplograph.rdf.mapping import GraphBuilder, bind_prefixes
from diplograph.rdf.namespace import DEFAULT_BASE, DG
from diplograph.records import EventMention
from diplograph.resolve.events import resolve_events
from diplograph.streaming import publish_build
from diplograph.triplestore.dataset import ArticleGraphs, read_article_graphs, split_by_article

__all__ = [
    "Reporter",
    "existing_output",
    "merge",
    "resolve_parts",
    "mentions_in",
    "assemble",
    "update",
]

Reporter = Callable[[str], None]

# Exact formats first: they keep one named graph per article.
_READ_ORDER = ("trig", "nquads", "json-ld", "trig-star", "turtle", "nt", "turtle-star")


def existing_output(outdir: Path, fmt: str) -> Path | None:
    """The graph file of an earlier build in ``outdir``: the one of ``fmt`` if present,
    otherwise another format diplograph writes (TriG, N-Quads and JSON-LD first), or None.
    Every format is read as diplograph wrote it
    (:func:`~diplograph.triplestore.dataset.read_article_graphs`)."""
    own = outdir / EXPORT_FORMATS[fmt].filename
    if own.is_file():
        return own
    for name in _READ_ORDER:
        path = outdir / EXPORT_FORMATS[name].filename
        if path.is_file():
            return path
    return None


def merge(old: ArticleGraphs, new: ArticleGraphs) -> ArticleGraphs:
    """The articles of ``old`` with those of ``new`` added or put in their place.

    Shared graphs are united, then cut down to the facts about entities that some article
    still mentions (and the office records those entities hold).
    """
    articles = {name: triples for name, triples in old.articles.items() if name not in new.articles}
    articles.update(new.articles)
    mentioned = {s for triples in articles.values() for s, p, _ in triples if p == DG.mentionedIn}
    shared: dict[URIRef | None, set] = {}
    for part in (old.shared, new.shared):
        for name, triples in part.items():
            shared.setdefault(name, set()).update(triples)
    held = {
        o for triples in shared.values() for s, p, o in triples if p == DG.holds and s in mentioned
    }
    # the states and organisations of offices are typed and labelled in the KB graph while
    # some office held by a mentioned person points at them
    agents = {o for triples in shared.values() for _, p, o in triples if p == DG.ofAgent}
    live_agents = {
        o for triples in shared.values() for s, p, o in triples if p == DG.ofAgent and s in held
    }
    kept = (mentioned - agents) | held | live_agents
    return ArticleGraphs(
        articles=dict(sorted(articles.items())),
        shared={name: {t for t in triples if t[0] in kept} for name, triples in shared.items()},
    )


def article_files(parts: ArticleGraphs, base: str = DEFAULT_BASE) -> dict[str, str]:
    """The id of each article of ``parts`` and the name of the file it was read from."""
    prefix = base + "article/"
    return {
        str(s)[len(prefix) :]: str(o)
        for triples in parts.articles.values()
        for s, p, o in triples
        if p == DG.sourceFile and str(s).startswith(prefix)
    }


def _is_event(node: object, prefix: str) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(prefix)


def resolve_parts(parts: ArticleGraphs, base: str = DEFAULT_BASE) -> ArticleGraphs:
    """Resolve the event mentions of all articles of ``parts`` again (the new articles may
    speak of events the earlier ones did), as a fresh build of them all would: the events
    graph is made anew and every attendance points at the event its mention now belongs to."""
    builder = GraphBuilder(Graph(), base=base, dataset=Dataset())
    event_prefix = str(builder.iri("event/"))
    # what an earlier resolution wrote: the events graph, the events' own triples (a merged
    # graph puts them beside the articles), the links from mentions to them
    shared = {
        name: {t for t in triples if not _is_event(t[0], event_prefix) and t[1] != DG.mentionOf}
        for name, triples in parts.shared.items()
        if name != builder.events_graph
    }
    articles = {
        name: {t for t in triples if not _is_event(t[0], event_prefix) and t[1] != DG.mentionOf}
        for name, triples in parts.articles.items()
    }
    mentions = [m for name, triples in articles.items() for m in mentions_in(triples, base)]
    resolution = resolve_events(mentions, load_kb())
    events: dict[Node, URIRef] = {
        builder.iri(f"mention/{a}/{local}"): builder.iri(e)
        for (a, local), e in resolution.of_mention.items()
    }
    for triples in articles.values():
        via = {st: events[m] for st, p, m in triples if p == DG.eventMention and m in events}
        if not via:
            continue
        subjects = {st: o for st, p, o in triples if p == RDF.subject and st in via}
        objects = {st: o for st, p, o in triples if p == RDF.object and st in via}
        triples -= {(st, RDF.object, o) for st, o in objects.items()}
        triples -= {(subjects[st], DG.attends, o) for st, o in objects.items() if st in subjects}
        for st, event in via.items():
            triples.add((st, RDF.object, event))
            if st in subjects:
                triples.add((subjects[st], DG.attends, event))
    builder.add_events(resolution)
    assert builder.dataset is not None
    shared[builder.events_graph] = set(
        builder.dataset.graph(builder.events_graph).triples((None, None, None))
    )
    return ArticleGraphs(articles=articles, shared=shared)


def mentions_in(triples: set, base: str = DEFAULT_BASE) -> list[EventMention]:
    """The event mentions an article's graph describes (as :meth:`GraphBuilder.add` wrote them)."""
    article = next((s for s, p, o in triples if p == RDF.type and o == DG.Article), None)
    language = next((str(o) for s, p, o in triples if s == article and p == DG.language), "")
    published_literal = next(
        (o for s, p, o in triples if s == article and p == DG.publicationDate), None
    )
    published = published_literal.toPython() if published_literal is not None else None
    if not isinstance(published, dt.date):
        published = None
    nodes = {s for s, p, o in triples if p == RDF.type and o == DG.EventMention}
    props: dict = {n: {} for n in nodes}
    for s, p, o in triples:
        if s in props:
            props[s].setdefault(p, []).append(o)
    prefix = base + "mention/"
    found = []
    for node in sorted(nodes):
        article_id, _, local = str(node)[len(prefix) :].partition("/")
        values = props[node]

        def one(p, values=values):
            return values.get(p, [None])[0]

        date = one(DG.date)
        date = date.toPython() if date is not None else None
        date = date if isinstance(date, dt.date) else None
        year = one(DG.year)
        year_value = int(str(year)[:4]) if year is not None else None
        place = one(DG.place)
        place_id = str(place)[len(base) :] if place is not None else None
        if place_id and place_id.startswith("country/"):
            place_id = (
                "state/" + place_id[len("country/") :]
            )  # a state's territory stands for the state
        series = one(DG.series)
        kind = str(one(DG.eventType) or DG.Event).rpartition("#")[2]
        found.append(
            EventMention(
                article=article_id,
                local=local,
                kind=kind,
                date=date,
                date_precision=str(one(DG.datePrecision)) if date else None,
                date_source=str(one(DG.dateSource) or "text") if date else "none",
                place=place_id,
                series=str(series)[len(base) :] if series is not None else None,
                status=str(one(DG.status) or "happened"),
                participants=tuple(
                    sorted(str(p)[len(base) :] for p in values.get(DG.participant, []))
                ),
                lang=language,
                published=published,
                year=date.year if date else (year_value or (published.year if published else None)),
            )
        )
    return found


def earlier_locations(outdir: Path, report: Reporter) -> dict[str, str]:
    """Where the articles of the earlier build were read, as its void.ttl says (article IRI ->
    path or URL); empty without a readable void.ttl (then said in one line)."""
    path = outdir / "void.ttl"
    if not path.is_file():
        return {}
    try:
        return locations_of(Graph().parse(str(path), format="turtle"))
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds of parse errors
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        report(f"{path}: not readable ({first}); the kept articles' source locations are lost")
        return {}


def assemble(parts: ArticleGraphs, base: str = DEFAULT_BASE) -> tuple[Graph, Dataset]:
    """The merged graph, and the dataset (one named graph per article, shared graphs), of
    ``parts``."""
    graph = Graph()
    dataset = Dataset()
    bind_prefixes(graph, base)
    bind_prefixes(dataset, base)
    for s, p, o, name in parts.quads():
        graph.add((s, p, o))
        target = dataset.graph(name) if name is not None else dataset.default_graph
        target.add((s, p, o))
    return graph, dataset


def update(
    inputs: Iterable[str],
    outdir: Path | str,
    options: BuildOptions | None = None,
    *,
    report: Reporter | None = None,
    **changes: Any,
) -> BuildResult:
    """Add the articles of ``inputs`` to the output in ``outdir`` (replacing articles of the
    same name), and write it again in format ``fmt``.

    Args:
        options: what to build and how (see :class:`diplograph.options.BuildOptions`); the
            articles are extracted in this process (``jobs``, ``dask``, ``progress`` and
            ``store`` are not looked at; ``store_dir`` gets the whole updated graph), and the
            updated graph is validated only when ``validate`` is true (None: not validated).
        report: where problems and notes go, one line each (default: stderr).
        changes: options to change, by name (``update(inputs, out, html=False)``).

    Returns:
        The result of building the new articles; its ``graph`` and ``dataset`` are the whole
        updated output.

    Raises:
        GraphFileError: the existing graph file cannot be read (nothing is written).
        GraphInvalid: ``validate`` and the updated graph violates the shapes (nothing written).
        OutputError: unknown format, or the folder cannot be written.
    """
    options = with_changes(options, changes)
    options.export()
    outdir = Path(outdir)
    report = report or report_to_stderr
    return publish_build(
        outdir,
        options,
        report,
        lambda folder: _update(inputs, outdir, folder, options, report),
    )


def _update(
    inputs: Iterable[str], outdir: Path, folder: Path, options: BuildOptions, report: Reporter
) -> BuildResult:
    """:func:`update` of ``outdir``, writing into the generation folder ``folder``."""
    export = options.export()
    source = existing_output(outdir, options.fmt)
    if source is not None:
        phase(f"reading the earlier {source.name}")
    old = read_article_graphs(source) if source is not None else ArticleGraphs()
    if source is None:
        report(f"{outdir}: no earlier graph to update; building a new one")
    phase("extracting")
    result = build_graph(
        inputs, options, report=report, named_graphs=True, earlier=article_files(old, options.base)
    )
    if not result.processed:
        return result
    assert result.dataset is not None
    phase("merging with the earlier articles and joining their events")
    new = split_by_article(result.dataset)
    replaced = sum(1 for name in new.articles if name in old.articles)
    parts = resolve_parts(merge(old, new), options.base)
    result.graph, result.dataset = assemble(parts, options.base)
    describe_result(result, options)
    kept = earlier_locations(outdir, report)
    result.locations = {
        article: location
        for article, location in {**kept, **result.locations}.items()
        if URIRef(article) in parts.articles
    }
    if options.validate:
        check_shapes(result.graph, outdir, what="updated")
    report(
        f"update: {len(new.articles) - replaced} articles added, {replaced} replaced, "
        f"{len(parts.articles) - len(new.articles)} kept from "
        f"{source.name if source else 'nothing'}"
    )
    phase(f"writing {export.filename}" + (" and graph.html" if options.html else ""))
    write_outputs(result, folder, export, options, report)
    return result
