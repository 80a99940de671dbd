"""graph.html: the interactive network, built with pyvis on the networkx projection.

The page works from file:// with no network: vis-network's script and style are inlined from the
copy pyvis ships, and the page template (ours) loads nothing from any host. All text from
articles reaches the page only as JSON data rendered with textContent, never as markup.
"""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment
from pyvis.network import Network
from rdflib import Graph

from diplograph.view.projection import project

COLOURS = {
    "person": "#4e79a7",
    "state": "#f28e2b",
    "organisation": "#76b7b2",
    "news organisation": "#b07aa1",
    "event": "#e15759",
    "claim": "#bab0ac",
    "proposal": "#59a14f",
    "place": "#edc948",
    "other": "#9c9c9c",
}
SHAPES = {
    "person": "dot",
    "state": "square",
    "organisation": "triangle",
    "news organisation": "diamond",
    "event": "star",
    "claim": "box",
    "proposal": "box",
    "place": "triangleDown",
    "other": "dot",
}
EDGE_COLOURS = {
    "meets": "#e15759",
    "attends": "#4e79a7",
    "reports": "#b07aa1",
    "proposes": "#59a14f",
    "addressee": "#8cd17d",
    "place": "#d4c26a",
}
LARGE = 300


def _vis_assets() -> tuple[str, str]:
    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text("utf-8"), (lib / "vis-network.css").read_text("utf-8")


def _tooltip(data: dict) -> str:
    lines = [f"{data['relation']} (confidence {data['confidence']:.2f})"]
    for ev in data["evidence"][:5]:
        lines.append(f"“{ev['text']}” — {ev['title']} {ev['date']}".strip())
    return "\n".join(lines)


def build_network(g: nx.MultiDiGraph, *, max_nodes: int | None = None) -> tuple[Network, list[str]]:
    """A pyvis Network of the projection; returns it and the labels of nodes left out."""
    left_out: list[str] = []
    if max_nodes is not None and g.number_of_nodes() > max_nodes:
        centrality = nx.degree_centrality(nx.Graph(g.to_undirected()))
        keep = sorted(centrality, key=lambda n: (-centrality[n], n))[:max_nodes]
        left_out = sorted(g.nodes[n]["label"] for n in g.nodes if n not in set(keep))
        g = g.subgraph(keep).copy()
    simple = nx.Graph(g.to_undirected())
    centrality = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else {n: 0 for n in simple}
    positions = None
    if g.number_of_nodes() > LARGE:
        positions = nx.spring_layout(simple, seed=7, iterations=50, scale=1000 + 3 * g.number_of_nodes())
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local", notebook=False)
    for node, data in sorted(g.nodes(data=True)):
        kwargs = {}
        if positions is not None:
            x, y = positions[node]
            kwargs = {"x": float(x), "y": float(y), "physics": False}
        net.add_node(
            node,
            label=data["label"] if len(data["label"]) <= 40 else data["label"][:39] + "…",
            title=f"{data['label']} ({data['type']})" + (f"\n{data['wikidata']}" if data["wikidata"] else ""),
            color=COLOURS.get(data["type"], COLOURS["other"]),
            shape=SHAPES.get(data["type"], "dot"),
            size=10 + 40 * centrality.get(node, 0),
            group=data["type"],
            ntype=data["type"],
            fullLabel=data["label"],
            wikidata=data["wikidata"],
            articles=data["articles"],
            **kwargs,
        )
    for n, (a, b, data) in enumerate(sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"]))):
        net.add_edge(
            a, b,
            id=f"e{n}",
            label=data["relation"],
            title=_tooltip(data) if data["evidence"] else data["relation"],
            color=EDGE_COLOURS.get(data["relation"], "#999999"),
            arrows="" if data["relation"] == "meets" else "to",
            relation=data["relation"],
            evidence=data["evidence"],
            confidence=data["confidence"],
            dates=data["dates"],
            langs=data["langs"],
        )
    return net, left_out


def render_html(graph: Graph, *, max_nodes: int | None = None, title: str = "diplograph") -> tuple[str, list[str]]:
    """The HTML page of a graph, and the labels of the nodes ``max_nodes`` left out."""
    g = project(graph)
    net, left_out = build_network(g, max_nodes=max_nodes)
    js, css = _vis_assets()
    template_text = resources.files("diplograph").joinpath("view/templates/graph.html").read_text("utf-8")
    env = Environment(autoescape=True)
    template = env.from_string(template_text)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "colours": COLOURS,
        "edgeColours": EDGE_COLOURS,
        "physics": g.number_of_nodes() <= LARGE,
        "leftOut": left_out,
    }
    page = template.render(title=title, vis_js=js, vis_css=css, data=data,
                           n_nodes=len(net.nodes), n_edges=len(net.edges), left_out=len(left_out))
    return page, left_out


def write_html(graph: Graph, path: Path, *, max_nodes: int | None = None, title: str = "diplograph") -> list[str]:
    """Write graph.html atomically. Returns the labels of nodes left out by ``max_nodes``."""
    page, left_out = render_html(graph, max_nodes=max_nodes, title=title)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return left_out
