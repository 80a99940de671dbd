"""graph.html: the interactive network, built with pyvis on the networkx projection.

The page works from file:// with no network: vis-network's script and style are inlined from the
copy pyvis ships, and the page template (ours, not pyvis's, which pulls Bootstrap from a CDN)
loads nothing from any host. All text from articles reaches the page only as JSON data (Jinja's
``tojson`` escapes ``<``, ``>`` and ``&``) and is put on screen with ``textContent``, never as
markup.

The first view shows actors, events and places; claims and proposals are folded into a count on
the actors they are linked to and drawn when one is expanded. Small graphs are laid out by
vis-network's physics, which is switched off once stabilised. Above :data:`LARGE` linked nodes
the positions are computed here with networkx (each community on its own, then packed in rows)
and the page starts with physics off, so it is usable at once.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment
from pyvis.network import Network
from rdflib import Graph

from diplograph.tempfiles import write_atomic
from diplograph.view.analysis import centrality, communities
from diplograph.view.projection import TYPE_ORDER, project

__all__ = [
    "edge_style",
    "FOLDED",
    "COLOURS",
    "SHAPES",
    "GLYPHS",
    "EDGE_COLOURS",
    "LARGE",
    "LABEL_CHARS",
    "keep_central",
    "layout",
    "CORE",
    "build_network",
    "render_html",
    "render_projection",
    "write_html",
    "write_page",
]

COLOURS = {
    "person": "#4e79a7",
    "state": "#f28e2b",
    "organisation": "#59a1a0",
    "news organisation": "#b07aa1",
    "event": "#e15759",
    "claim": "#9d9590",
    "proposal": "#59a14f",
    "place": "#d8b83f",
    "other": "#9c9c9c",
}
SHAPES = {
    "person": "dot",
    "state": "square",
    "organisation": "triangle",
    "news organisation": "diamond",
    "event": "star",
    "claim": "hexagon",
    "proposal": "triangleDown",
    "place": "dot",
    "other": "dot",
}
#: Legend glyphs matching :data:`SHAPES`.
GLYPHS = {
    "dot": "●",
    "square": "■",
    "triangle": "▲",
    "diamond": "◆",
    "star": "★",
    "hexagon": "⬢",
    "box": "▬",
    "triangleDown": "▼",
}
EDGE_COLOURS = {
    "meets": "#d62728",
    "attends": "#4e79a7",
    "reports": "#9467bd",
    "proposes": "#2ca02c",
    "addressee": "#98df8a",
    "place": "#c9a227",
    "mentions": "#b9b9b9",
}
#: Claims and proposals: folded into a count on their actors until expanded on the page.
FOLDED = frozenset({"claim", "proposal"})
#: How an edge whose sentences all carry one of these modalities is drawn (vis-network dashes)
#: and marked (a word after the relation in its label).
MODALITY_STYLE = {
    "planned": (True, "planned"),
    "hypothetical": ([2, 6], "conditional"),
    "conditional": ([2, 6], "conditional"),
    "denied": ([1, 5], "✗ denied"),
    "negated": ([1, 5], "✗ denied"),
    "cancelled": ([1, 5], "✗ cancelled"),
}
#: Above this many nodes, positions are precomputed and physics is off from the start.
LARGE = 300
#: Longest label drawn per type (40 otherwise). The full text is in the tooltip and the details
#: panel.
LABEL_CHARS = {"claim": 60, "proposal": 60}


def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text("utf-8"), (lib / "vis-network.css").read_text(
        "utf-8"
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def keep_central(g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, list[str]]:
    """The ``max_nodes`` most central nodes (degree centrality, ties by key), and the labels of
    the nodes left out. Claims and proposals come after every other node: the first view folds
    them, so the nodes kept are the ones it draws."""
    if g.number_of_nodes() <= max_nodes:
        return g, []
    degree = centrality(g)
    folded = {n for n, d in g.nodes(data=True) if d["type"] in FOLDED}
    ranked = sorted(g, key=lambda n: (n in folded, -degree[n], n))
    keep = set(ranked[: max(max_nodes, 0)])
    left_out = sorted(g.nodes[n]["label"] for n in g if n not in keep)
    return g.subgraph(keep).copy(), left_out


def layout(
    g: nx.MultiDiGraph, *, seed: int = 7, groups: list[list[str]] | None = None
) -> dict[str, tuple[float, float]]:
    """Canvas positions (pixels) for every node: a spring layout per connected component,
    components packed in rows, largest first, so small islands do not fly off to the edges.

    With ``groups`` (communities: lists of nodes), each group is laid out on its own and packed
    like a component, so communities lie apart; nodes in no group are components of their own.

    In a component of more than :data:`CORE` nodes only the most connected ones are laid out by
    the spring model (its cost grows with the square of the nodes: 9 s for 2,000); the others
    are placed around the neighbour that brought them in (:func:`_place_around`).
    """
    # nodes and edges in sorted order: the spring layout depends on it, and the page must be the
    # same bytes whatever order the projection was built in
    simple: nx.Graph[str] = nx.Graph()
    simple.add_nodes_from(sorted(g))
    simple.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in g.edges()))
    if groups is not None:
        grouped = {n for group in groups for n in group if n in simple}
        rest = simple.subgraph(sorted(set(simple) - grouped))
        found = [sorted(n for n in group if n in simple) for group in groups]
        found = [c for c in found if c] + [sorted(c) for c in nx.connected_components(rest)]
        components = sorted(found, key=lambda c: (-len(c), c))
    else:
        components = sorted(
            (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c)
        )
    spacing = 70.0
    placed: list[tuple[list[str], dict[str, tuple[float, float]], float]] = []
    for nodes in components:
        if len(nodes) == 1:
            pos = {nodes[0]: (0.0, 0.0)}
            radius = spacing / 2
        else:
            radius = spacing * math.sqrt(len(nodes)) * 0.75
            raw = _component_layout(_induced(simple, nodes), seed=seed)
            pos = {n: (float(x) * radius, float(y) * radius) for n, (x, y) in raw.items()}
        placed.append((nodes, pos, radius))
    total = sum((2 * r) ** 2 for _, _, r in placed)
    row_width = max(math.sqrt(total) * 1.3, 2 * placed[0][2] if placed else 0)
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for _, pos, radius in placed:
        size = 2 * radius + spacing
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + size / 2, y + size / 2
        positions.update({n: (round(cx + px, 1), round(cy + py, 1)) for n, (px, py) in pos.items()})
        x += size
        row_height = max(row_height, size)
    return positions


def _induced(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph in sorted order (a networkx subgraph view may
    iterate its nodes in the order of a set, which changes from run to run)."""
    keep = set(nodes)
    sub: nx.Graph[str] = nx.Graph()
    sub.add_nodes_from(sorted(keep))
    sub.add_edges_from(sorted((a, b) for a, b in g.edges(sorted(keep)) if b in keep))
    return sub


#: Nodes of a component laid out by the spring model; the rest are placed around them.
CORE = 300
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _component_layout(sub: nx.Graph, *, seed: int) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1]² for one connected component."""
    if sub.number_of_nodes() <= CORE:
        raw = nx.spring_layout(sub, seed=seed, iterations=50)
        return {n: (float(x), float(y)) for n, (x, y) in raw.items()}
    ranked = sorted(sub, key=lambda n: (-sub.degree(n), n))
    core = sorted(ranked[:CORE])
    raw = nx.spring_layout(_induced(sub, core), seed=seed, iterations=50)
    pos = {n: (float(x), float(y)) for n, (x, y) in raw.items()}
    _place_around(sub, pos, step=1.2 / math.sqrt(CORE))
    for k, n in enumerate(sorted(set(sub) - set(pos))):  # a group need not be connected
        r = 1.1 + 0.02 * math.sqrt(k)
        pos[n] = (r * math.cos(k * _GOLDEN), r * math.sin(k * _GOLDEN))
    scale = max((max(abs(x), abs(y)) for x, y in pos.values()), default=1.0) or 1.0
    return {n: (x / scale, y / scale) for n, (x, y) in pos.items()}


def _place_around(sub: nx.Graph, pos: dict[str, tuple[float, float]], *, step: float) -> None:
    """Place the nodes of ``sub`` not in ``pos``, breadth first from the placed ones: each on a
    sunflower spiral around its most connected placed neighbour (its k-th node at distance
    ``step``·√k, turned by the golden angle), so a hub's many claims form a disc around it."""
    children: dict[str, int] = {}
    frontier = sorted(pos)
    while frontier:
        found: dict[str, None] = {}
        for node in frontier:
            for other in sorted(sub[node]):
                if other not in pos and other not in found:
                    found[other] = None
        layer = sorted(found, key=lambda n: (-sub.degree(n), n))
        for node in layer:
            anchor = max((n for n in sub[node] if n in pos), key=lambda n: (sub.degree(n), n))
            k = children[anchor] = children.get(anchor, 0) + 1
            ax, ay = pos[anchor]
            r = step * 0.35 * math.sqrt(k + 2)
            pos[node] = (ax + r * math.cos(k * _GOLDEN), ay + r * math.sin(k * _GOLDEN))
        frontier = layer


def _core(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph of the first view: every node but claims and proposals, and the edges between
    them."""
    return g.subgraph(n for n, d in g.nodes(data=True) if d["type"] not in FOLDED)


def _with_neighbours(g: nx.MultiDiGraph, groups: list[list[str]]) -> list[list[str]]:
    """The groups, with each node in none of them (places, states only linked as places) joined
    to the group of most of its neighbours, breadth first."""
    member = {n: i for i, group in enumerate(groups) for n in group}
    simple: nx.Graph = nx.Graph(g.to_undirected(as_view=True))
    left = sorted(n for n in simple if n not in member)
    while left:
        placed = False
        for n in left:
            votes: dict[int, int] = {}
            for m in simple[n]:
                if m in member:
                    votes[member[m]] = votes.get(member[m], 0) + 1
            if votes:
                member[n] = min(votes, key=lambda i: (-votes[i], i))
                placed = True
        left = [n for n in left if n not in member]
        if not placed:
            break
    found: list[list[str]] = [[] for _ in groups]
    for n, i in member.items():
        found[i].append(n)
    return [sorted(group) for group in found]


def edge_style(evidence: list[dict]) -> tuple[object, str, str]:
    """Dashes, label mark and modality of an edge: those of its sentences' modality when no
    sentence states the relation as fact."""
    found = sorted({e.get("modality") or "asserted" for e in evidence})
    marked = [m for m in found if m in MODALITY_STYLE]
    if not marked or len(marked) < len(found):
        return False, "", found[0] if len(found) == 1 else ""
    dashes, mark = MODALITY_STYLE[marked[0]]
    return dashes, mark, marked[0]


def _folded(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """The claims and proposals folded into each actor or event: those linked to it by any edge
    (reported, proposed, addressed, mentioned)."""
    folded: dict[str, set[str]] = {}
    for a, b in g.edges():
        for inner, outer in ((a, b), (b, a)):
            if g.nodes[inner]["type"] in FOLDED and g.nodes[outer]["type"] not in FOLDED:
                folded.setdefault(outer, set()).add(inner)
    return {n: sorted(c) for n, c in folded.items()}


def build_network(g: nx.MultiDiGraph, *, max_nodes: int | None = None) -> tuple[Network, list[str]]:
    """A pyvis Network of the projection; returns it and the labels of nodes left out.

    Claims and proposals are in the network but start hidden: the page folds them into a count on
    the actors they are linked to and shows them when one is expanded. Sizes, positions and the
    rank of each node (which labels the page always shows) come from the graph without them.

    Args:
        g: the projection.
        max_nodes: keep only this many of the most central nodes.
    """
    left_out: list[str] = []
    if max_nodes is not None:
        g, left_out = keep_central(g, max_nodes)
    core = _core(g)
    degree = centrality(core)
    top = max(degree.values(), default=0.0) or 1.0
    rank = {n: i for i, n in enumerate(sorted(degree, key=lambda n: (-degree[n], n)))}
    linked = {n for n in core if core.degree(n)}
    positions = None
    if len(linked) > LARGE:
        groups = _with_neighbours(core.subgraph(linked), communities(core.subgraph(linked)))
        positions = layout(core.subgraph(linked), groups=groups)
    folded = _folded(g)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local", notebook=False)
    for node, data in sorted(g.nodes(data=True)):
        kind = data["type"]
        extra: dict[str, object] = {}
        if positions is not None and node in positions:
            x, y = positions[node]
            extra = {"x": x, "y": y}
        size = 10 + 22 * math.sqrt(degree.get(node, 0.0) / top)
        if kind == "event":
            size = max(size, 18)
        if kind in FOLDED:
            size = 9
            extra["text"] = data.get("text", data["label"])
            extra["sentence"] = data.get("sentence", "")
        net.add_node(
            node,
            label=_short(data["label"], LABEL_CHARS.get(kind, 40)),
            color=COLOURS.get(kind, COLOURS["other"]),
            shape=SHAPES.get(kind, "dot"),
            size=round(size, 2),
            ntype=kind,
            fullLabel=data["label"],
            names=data.get("names", []),
            wikidata=data["wikidata"],
            date=data.get("date", ""),
            articles=data["articles"],
            centrality=round(degree.get(node, 0.0), 4),
            rank=rank.get(node, len(rank)),
            folded=folded.get(node, []),
            **extra,
        )
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for n, (a, b, _, data) in enumerate(edges):
        dashes, mark, modality = edge_style(data["evidence"])
        relation = data["relation"]
        net.add_edge(
            a,
            b,
            id=f"e{n}",
            label=relation + (f" ({mark})" if mark else ""),
            color=EDGE_COLOURS.get(relation, "#999999"),
            arrows="" if relation == "meets" else "to",
            dashes=dashes,
            # corroboration: the more articles state a fact, the wider its edge
            width=1 + min(len(data["articles"]) or 1, 6) * 0.75 - 0.75,
            relation=relation,
            modality=modality,
            mark=mark,
            evidence=data["evidence"],
            confidence=data["confidence"],
            dates=data["dates"],
            langs=data["langs"],
            articles=data["articles"],
        )
    return net, left_out


def _article_list(g: nx.MultiDiGraph) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for _, _, data in g.edges(data=True):
        for ev in data["evidence"]:
            seen.setdefault(ev["source"], {k: ev[k] for k in ("source", "title", "date", "lang")})
    return sorted(seen.values(), key=lambda a: (a["date"], a["title"], a["source"]))


def render_html(
    graph: Graph, *, max_nodes: int | None = None, title: str = "diplograph"
) -> tuple[str, list[str]]:
    """The HTML page of a graph, and the labels of the nodes ``max_nodes`` left out."""
    return render_projection(project(graph), max_nodes=max_nodes, title=title)


def render_projection(
    g: nx.MultiDiGraph,
    *,
    max_nodes: int | None = None,
    title: str = "diplograph",
    why: str = "--max-nodes",
) -> tuple[str, list[str]]:
    """The HTML page of a projection, and the labels of the nodes ``max_nodes`` left out
    (the page says so, with ``why``)."""
    net, left_out = build_network(g, max_nodes=max_nodes)
    js, css = _vis_assets()
    template_text = (
        resources.files("diplograph").joinpath("view/templates/graph.html").read_text("utf-8")
    )
    template = Environment(autoescape=True).from_string(template_text)
    types = [t for t in [*TYPE_ORDER, "other"] if any(n["ntype"] == t for n in net.nodes)]
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "types": [
            {
                "type": t,
                "colour": COLOURS[t],
                "glyph": GLYPHS[SHAPES[t]],
                "count": sum(n["ntype"] == t for n in net.nodes),
            }
            for t in types
        ],
        "edgeColours": EDGE_COLOURS,
        "articles": _article_list(g),
        "physics": not any("x" in n for n in net.nodes),
        "leftOut": left_out,
    }
    page = template.render(
        title=title,
        vis_js=js,
        vis_css=css,
        data=data,
        n_nodes=len(net.nodes),
        n_edges=len(net.edges),
        left_out=len(left_out),
        left_out_why=why,
    )
    return page, left_out


def write_html(
    graph: Graph, path: Path, *, max_nodes: int | None = None, title: str = "diplograph"
) -> list[str]:
    """Write graph.html atomically. Returns the labels of nodes left out by ``max_nodes``."""
    page, left_out = render_html(graph, max_nodes=max_nodes, title=title)
    write_page(page, path)
    return left_out


def write_page(page: str, path: Path | str) -> None:
    """Write a page under a temporary name beside ``path`` and rename it into place (with the
    mode the user's umask gives new files)."""
    write_atomic(Path(path), lambda tmp: tmp.write_text(page, encoding="utf-8"))
