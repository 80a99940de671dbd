"""Graph analysis on the projection: central actors, who meets whom, communities, attendance.

Every function takes the projection (:func:`diplograph.view.projection.project`) first.
Results are :class:`Table` objects: printable as text, and shown as HTML in a notebook.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from diplograph.errors import OutputError
from diplograph.tempfiles import refuse_non_regular
from diplograph.view.projection import ACTOR_TYPES, project

__all__ = [
    "REPORTED",
    "Table",
    "interaction_graph",
    "centrality",
    "central_actors",
    "meeting_pairs",
    "communities",
    "community_table",
    "event_attendance",
    "relation_counts",
    "analyze",
    "graphml_ready",
    "write_graphml",
    "load_projection",
    "analyze_file",
]

#: Relations that link two nodes through something an article reported.
REPORTED = ("meets", "attends", "reports", "proposes")


@dataclass(frozen=True)
class Table:
    """A titled table of results, printable as text and shown as HTML in a notebook."""

    title: str
    headers: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)

    def text(self) -> str:
        cells = [list(self.headers)] + [[_cell(v) for v in row] for row in self.rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.headers))]
        numeric = [
            all(isinstance(row[i], int | float) for row in self.rows) for i in range(len(widths))
        ]

        def line(row: list[str]) -> str:
            parts = [
                c.rjust(w) if num else c.ljust(w)
                for c, w, num in zip(row, widths, numeric, strict=True)
            ]
            return "  ".join(parts).rstrip()

        out = [self.title, line(cells[0]), "  ".join("-" * w for w in widths)]
        out += [line(r) for r in cells[1:]] or ["(none)"]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython's plain-text display
        printer.text(self.text())

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in self.rows
        )
        return f"<h4>{html.escape(self.title)}</h4><table><tr>{head}</tr>{body}</table>"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def interaction_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of the reported relations, weighted by supporting sentences.

    Places and addressee links are left out: they describe a node, they are not an interaction.
    """
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(
        (n, {"label": d["label"], "type": d["type"]}) for n, d in g.nodes(data=True)
    )
    for a, b, data in g.edges(data=True):
        if data["relation"] not in REPORTED or a == b:
            continue
        weight = max(1, len(data["evidence"]))
        if simple.has_edge(a, b):
            simple[a][b]["weight"] += weight
        else:
            simple.add_edge(a, b, weight=weight)
    simple.remove_nodes_from(
        [n for n, d in simple.nodes(data=True) if d["type"] == "place" and not simple.degree(n)]
    )
    return simple


def centrality(g: nx.MultiDiGraph) -> dict[str, float]:
    """Degree centrality of every node of the projection over all its edges (0 for a lone node)."""
    simple: nx.Graph[str] = nx.Graph(g.to_undirected(as_view=True))
    if simple.number_of_nodes() < 2:
        return dict.fromkeys(simple, 0.0)
    return nx.degree_centrality(simple)


def central_actors(g: nx.MultiDiGraph, *, top: int = 10) -> Table:
    """Actors ranked by degree centrality in the interaction graph, with betweenness.

    Args:
        g: the projection.
        top: how many actors to list.
    """
    simple = interaction_graph(g)
    if simple.number_of_nodes() < 2:
        degree = dict.fromkeys(simple, 0.0)
        between = dict.fromkeys(simple, 0.0)
    else:
        degree = nx.degree_centrality(simple)
        # sampled on big graphs, with a fixed seed
        k = None if simple.number_of_nodes() <= 500 else 500
        between = nx.betweenness_centrality(simple, k=k, seed=0, weight=None)
    actors = [n for n, d in simple.nodes(data=True) if d["type"] in ACTOR_TYPES]
    ranked = sorted(actors, key=lambda n: (-degree[n], -between[n], simple.nodes[n]["label"]))[:top]
    rows = [
        (
            simple.nodes[n]["label"],
            simple.nodes[n]["type"],
            simple.degree(n),
            degree[n],
            between[n],
            len(g.nodes[n]["articles"]),
        )
        for n in ranked
    ]
    return Table(
        "Most central actors", ("actor", "type", "links", "degree", "betweenness", "articles"), rows
    )


def meeting_pairs(g: nx.MultiDiGraph, *, top: int = 10) -> Table:
    """Pairs of actors that meet most often: by articles reporting a meeting, then sentences,
    then events both attend."""
    attended: dict[str, set[str]] = {}
    for a, b, data in g.edges(data=True):
        if data["relation"] == "attends":
            attended.setdefault(a, set()).add(b)
    rows = []
    for a, b, data in g.edges(data=True):
        if data["relation"] != "meets":
            continue
        la, lb = sorted((g.nodes[a]["label"], g.nodes[b]["label"]))
        shared = len(attended.get(a, set()) & attended.get(b, set()))
        rows.append((la, lb, len(data["articles"]), len(data["evidence"]), shared))
    rows.sort(key=lambda r: (-r[2], -r[3], -r[4], r[0], r[1]))
    return Table(
        "Who meets whom most often",
        ("actor", "meets", "articles", "sentences", "shared events"),
        rows[:top],
    )


def communities(g: nx.MultiDiGraph, *, seed: int = 0) -> list[list[str]]:
    """Communities of the interaction graph (Louvain, weighted, fixed seed), largest first.

    Nodes without any reported relation are left out. Each community is a sorted list of node keys.
    """
    simple = interaction_graph(g)
    simple.remove_nodes_from([n for n in list(simple) if simple.degree(n) == 0])
    if simple.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def community_table(g: nx.MultiDiGraph, *, seed: int = 0, top: int = 10, members: int = 8) -> Table:
    """:func:`communities` as a table: size and the most connected actors of each."""
    simple = interaction_graph(g)
    rows = []
    for i, community in enumerate(communities(g, seed=seed)[:top], start=1):
        actors = [n for n in community if g.nodes[n]["type"] in ACTOR_TYPES]
        actors.sort(key=lambda n: (-simple.degree(n), g.nodes[n]["label"]))
        events = sum(1 for n in community if g.nodes[n]["type"] == "event")
        shown = [g.nodes[n]["label"] for n in actors[:members]]
        if len(actors) > members:
            shown.append(f"… {len(actors) - members} more")
        rows.append((i, len(community), events, shown))
    return Table("Communities (Louvain)", ("#", "nodes", "events", "main actors"), rows)


def event_attendance(g: nx.MultiDiGraph, *, members: int = 10) -> Table:
    """Each event with its date, place and the actors reported to attend it, most attended first.

    Args:
        g: the projection.
        members: how many attendees to name per event (the count is always complete).
    """
    rows = []
    for n, data in g.nodes(data=True):
        if data["type"] != "event":
            continue
        attendees = sorted(
            g.nodes[a]["label"]
            for a, _, d in g.in_edges(n, data=True)
            if d["relation"] == "attends"
        )
        places = sorted(
            g.nodes[p]["label"] for _, p, d in g.out_edges(n, data=True) if d["relation"] == "place"
        )
        shown = attendees[:members] + (
            [f"… {len(attendees) - members} more"] if len(attendees) > members else []
        )
        rows.append((data["label"], data["date"], ", ".join(places), len(attendees), shown))
    rows.sort(key=lambda r: (-r[3], r[1], r[0]))
    return Table("Attendance per event", ("event", "date", "place", "attendees", "who"), rows)


def relation_counts(g: nx.MultiDiGraph) -> Table:
    """How many edges and supporting sentences each relation has."""
    edges: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    for _, _, data in g.edges(data=True):
        edges[data["relation"]] += 1
        sentences[data["relation"]] += len(data["evidence"])
    rows = [(r, edges[r], sentences[r]) for r in sorted(edges)]
    return Table("Relations", ("relation", "edges", "sentences"), rows)


def analyze(g: nx.MultiDiGraph, *, top: int = 10, seed: int = 0) -> list[Table]:
    """All tables of ``diplograph analyze``, in the order they are printed."""
    return [
        relation_counts(g),
        central_actors(g, top=top),
        meeting_pairs(g, top=top),
        community_table(g, seed=seed, top=top),
        event_attendance(g),
    ]


def graphml_ready(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projection whose attributes GraphML accepts.

    Lists and dicts (evidence, dates, articles) become JSON strings; ``centrality`` and
    ``community`` (number, largest first; -1 for none) are added for Gephi's styling.
    """
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    degree = centrality(g)
    member = {n: i for i, c in enumerate(communities(g)) for n in c}
    for n, data in g.nodes(data=True):
        attrs = {k: _graphml_value(v) for k, v in data.items()}
        attrs.update(centrality=float(degree.get(n, 0.0)), community=member.get(n, -1))
        out.add_node(n, **attrs)
    for a, b, key, data in g.edges(keys=True, data=True):
        attrs = {k: _graphml_value(v) for k, v in data.items()}
        attrs["sentences"] = len(data.get("evidence", []))
        out.add_edge(a, b, key=key, **attrs)
    return out


def _graphml_value(value: object) -> object:
    if isinstance(value, list | tuple | dict | set):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
    if value is None:
        return ""
    return value


def write_graphml(g: nx.MultiDiGraph, path: Path | str) -> None:
    """Write the projection as GraphML (for Gephi), with list attributes as JSON strings.

    The file is written beside ``path`` under a temporary name and renamed into place; a
    ``path`` that is not a regular file (a device, a FIFO, a folder, a link to one) is refused.

    Raises:
        OutputError: ``path`` is not a regular file.
    """
    path = Path(path)
    refuse_non_regular(path)
    ready = graphml_ready(g)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        nx.write_graphml(ready, tmp, encoding="utf-8")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_projection(path: Path | str) -> nx.MultiDiGraph:
    """Read a graph file written by ``diplograph build`` and project it.

    Args:
        path: a graph file in any format build writes (a dataset is read as the union of its
            graphs), or the folder holding it.

    Raises:
        GraphFileError: the file is missing or is not RDF.
    """
    from diplograph.triplestore.dataset import read_union

    return project(read_union(Path(path)))


def analyze_file(
    path: Path | str, *, top: int = 10, seed: int = 0, graphml: Path | str | None = None
) -> list[Table]:
    """The tables of :func:`analyze` for a graph file; writes GraphML too when asked.

    Raises:
        GraphFileError: the graph cannot be read.
        OutputError: the GraphML file cannot be written.
    """
    if graphml is not None:
        refuse_non_regular(Path(graphml))  # before the work, not after it
    g = load_projection(path)
    tables = analyze(g, top=top, seed=seed)
    if graphml is not None:
        graphml = Path(graphml)
        try:
            write_graphml(g, graphml)
        except OSError as exc:
            raise OutputError(f"{graphml}: cannot write GraphML ({exc.strerror or exc})") from None
    return tables
