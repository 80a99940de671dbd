"""graph.html in headless Chromium (Debian's, driven by Playwright; no browser is downloaded).

Each test loads a page from file:// and records every request it makes: only the page itself
and data: URLs are allowed (every other request is aborted and reported). Without Chromium the
tests skip, unless CI=true (then they fail).

The first view draws actors, events and places; claims and proposals are folded into their actors
until expanded (:func:`first_view` is what it should draw). The tests at the end run on a build of
every corpus in the repository together, made once per session.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from diplograph.build import build_graph
from diplograph.cli import main as cli_main
from diplograph.view.html import FOLDED, LARGE, render_projection, write_page
from diplograph.view.projection import project

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEED = REPO.parent / "shared" / "seed" / "alaska-summit-2025-08-15.de.txt"
OUTPUT = REPO / "output"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
XSS_SENTENCE = "Emmanuel Macron met Olaf Scholz in Berlin <img src=x onerror=alert(1)> on Monday."


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("DIPLOGRAPH_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    reason = None
    if executable is None:
        reason = "no system Chromium (apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "Playwright for Python is not installed (pip install playwright)"
    if reason:
        if IN_CI:
            pytest.fail(f"browser tests need Chromium in CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A loaded graph.html with what it requested and logged."""

    def __init__(self, browser, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.diplographStable === true", timeout=60_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def drawn(self) -> tuple[int, int]:
        """Nodes and edges vis-network draws (hidden ones are not in the index lists)."""
        counts = self.js(
            "() => { const b = window.diplographNetwork.body;"
            " return [b.nodeIndices.length, b.edgeIndices.length]; }"
        )
        return counts[0], counts[1]

    def visible_edges(self) -> list[dict]:
        return self.js(
            "() => window.diplographNetwork.body.data.edges.get({filter: e => !e.hidden})"
            ".map(e => ({id: e.id, relation: e.relation, from: e.from, to: e.to,"
            " articles: e.evidence.map(v => v.source)}))"
        )

    def expand_all(self) -> None:
        """Expand every actor's claims and proposals."""
        self.js(
            "() => DATA.nodes.filter(n => n.folded.length)"
            ".forEach(n => window.diplographExpand(n.id))"
        )

    def selected(self) -> list[str]:
        return self.js("() => window.diplographNetwork.getSelectedNodes()")

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


def first_view(g: nx.MultiDiGraph) -> tuple[set[str], list[tuple[str, str, str]]]:
    """The nodes and edges the first view draws: every edge between two nodes that are neither
    claims nor proposals, and their ends."""
    edges = [
        (a, b, k)
        for a, b, k in g.edges(keys=True)
        if g.nodes[a]["type"] not in FOLDED and g.nodes[b]["type"] not in FOLDED
    ]
    return {n for a, b, _ in edges for n in (a, b)}, edges


@pytest.fixture(scope="session")
def examples(tmp_path_factory):
    """The bundled examples: their projection and graph.html."""
    result = build_graph([str(EXAMPLES)], report=lambda line: None)
    assert result.processed and not result.failed
    g = project(result.graph)
    path = tmp_path_factory.mktemp("examples") / "graph.html"
    write_page(render_projection(g, title="diplograph examples")[0], path)
    return g, path


@pytest.fixture()
def page(browser, examples):
    loaded = Page(browser, examples[1])
    yield loaded
    loaded.page.close()


def test_page_loads_offline_without_errors(page):
    assert page.foreign_requests() == []
    assert page.errors == []
    assert page.requests == [page.url]


def test_first_view_folds_claims_and_expanding_draws_the_graph(page, examples):
    g = examples[0]
    nodes, edges = first_view(g)
    assert g.number_of_nodes() > len(nodes) > 10
    assert page.drawn() == (len(nodes), len(edges))
    page.expand_all()
    linked = {n for e in g.edges() for n in e}
    assert page.drawn() == (len(linked), g.number_of_edges())


def test_relation_filter_hides_its_edges_and_lonely_nodes(page, examples):
    g = examples[0]
    nodes, edges = first_view(g)
    meets = [e for e in edges if e[2] == "meets"]
    assert meets
    page.page.uncheck("input[data-relation=meets]")
    visible = page.visible_edges()
    assert all(e["relation"] != "meets" for e in visible)
    assert len(visible) == len(edges) - len(meets)
    still_linked = {n for e in visible for n in (e["from"], e["to"])}
    assert page.drawn() == (len(still_linked), len(visible))
    page.page.check("input[data-relation=meets]")
    assert page.drawn() == (len(nodes), len(edges))


def test_hide_claims_and_proposals(page, examples):
    g = examples[0]
    claims = {n for n, d in g.nodes(data=True) if d["type"] in ("claim", "proposal")}
    assert claims
    page.expand_all()
    page.page.check("#hideClaims")
    shown = page.js(
        "() => window.diplographNetwork.body.data.nodes"
        ".get({filter: n => !n.hidden}).map(n => n.id)"
    )
    assert shown and not claims & set(shown)


def test_article_and_date_filters(page, examples):
    g = examples[0]
    sources = sorted({ev["source"] for _, _, d in g.edges(data=True) for ev in d["evidence"]})
    assert len(sources) == 4
    page.page.select_option("#article", sources[0])
    visible = page.visible_edges()
    assert visible and all(sources[0] in e["articles"] for e in visible if e["articles"])
    page.page.select_option("#article", "")
    page.page.fill("#dateFrom", "2099-01-01")
    page.page.dispatch_event("#dateFrom", "change")
    assert page.drawn() == (0, 0)
    page.page.click("#reset")
    nodes, edges = first_view(g)
    assert page.drawn() == (len(nodes), len(edges))


def test_clicking_an_edge_shows_its_evidence(page, examples):
    g = examples[0]
    a, b, data = next(
        (a, b, d)
        for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))
        if d["relation"] == "meets"
    )
    edge_id = page.js(
        "([a, b]) => window.diplographNetwork.body.data.edges.get({filter: e =>"
        " e.from === a && e.to === b && e.relation === 'meets'})[0].id",
        [a, b],
    )
    # Only this edge and its two nodes stay, so nothing else lies under the click.
    page.js(
        "(id) => { const net = window.diplographNetwork; const d = net.body.data;"
        " d.edges.update(d.edges.getIds().filter(x => x !== id)"
        ".map(x => ({id: x, hidden: true}))); }",
        edge_id,
    )
    point = page.js(
        """([a, b]) => {
            const net = window.diplographNetwork;
            const pos = net.getPositions([a, b]);
            const mid = {x: (pos[a].x + pos[b].x) / 2, y: (pos[a].y + pos[b].y) / 2};
            net.moveTo({position: mid, scale: 1.0, animation: false});
            const dom = net.canvasToDOM(mid);
            const box = document.getElementById("graph").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y + 4};
        }""",
        [a, b],
    )
    page.page.mouse.click(point["x"], point["y"])
    assert page.js("() => window.diplographNetwork.getSelectedEdges()") == [edge_id]
    details = page.page.inner_text("#details")
    for ev in data["evidence"]:
        assert ev["text"] in details
        assert ev["title"] in details


def test_node_details_show_wikidata_link(page, examples):
    g = examples[0]
    node = next(n for n, d in sorted(g.nodes(data=True)) if d["wikidata"])
    page.js("(id) => window.diplographShowNode(id)", node)
    href = page.page.get_attribute("#details a", "href")
    assert href == g.nodes[node]["wikidata"]


def test_search_focuses_an_actor(page, examples):
    g = examples[0]
    node, label = next(
        (n, d["label"]) for n, d in sorted(g.nodes(data=True)) if d["type"] == "person"
    )
    page.page.fill("#search", label.lower())
    page.page.press("#search", "Enter")
    assert page.js("() => window.diplographNetwork.getSelectedNodes()") == [node]
    assert label in page.page.inner_text("#details")


def test_article_text_is_shown_literally_and_runs_nothing(browser, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "xss.en.txt").write_text(
        f"date 2024-03-04 Leaders <script>alert('title')</script> meet\n\n{XSS_SENTENCE}\n", "utf-8"
    )
    result = build_graph([str(articles)], report=lambda line: None)
    g = project(result.graph)
    meets = [(a, b, d) for a, b, d in g.edges(data=True) if d["relation"] == "meets"]
    assert meets, "the test article must yield a meeting"
    path = tmp_path / "graph.html"
    write_page(render_projection(g)[0], path)
    loaded = Page(browser, path)
    try:
        edge_id = loaded.js(
            "() => window.diplographNetwork.body.data.edges"
            ".get({filter: e => e.relation === 'meets'})[0].id"
        )
        loaded.js("(id) => window.diplographShowEdge(id)", edge_id)
        details = loaded.page.inner_text("#details")
        assert XSS_SENTENCE in details
        assert "<script>alert('title')</script>" in details
        assert loaded.js("() => document.querySelectorAll('img').length") == 0
        scripts = loaded.js("() => document.querySelectorAll('script').length")
        assert scripts == 2  # vis-network and ours, nothing from the article
        tooltip = loaded.js(
            "(id) => window.diplographNetwork.body.data.edges.get(id).title.textContent", edge_id
        )
        loaded.page.fill("#search", "<img src=x onerror=alert(2)>")
        loaded.page.press("#search", "Enter")
        assert "no actor matches" in loaded.page.inner_text("#searchMessage")
        assert loaded.js("() => document.querySelectorAll('img').length") == 0
        assert XSS_SENTENCE in tooltip
        loaded.page.wait_for_timeout(200)
        assert loaded.dialogs == []
        assert loaded.errors == []
        assert loaded.foreign_requests() == []
    finally:
        loaded.page.close()


def _generated(n: int) -> nx.MultiDiGraph:
    """A projection-shaped graph of ``n`` nodes: persons meeting and attending events."""
    skeleton = nx.barabasi_albert_graph(n, 2, seed=3)
    g = nx.MultiDiGraph()
    for i in skeleton:
        kind = "event" if i % 10 == 0 else "person"
        g.add_node(
            f"n{i}", label=f"{kind} {i}", type=kind, wikidata="", date="", articles=["a.txt"]
        )
    for a, b in skeleton.edges():
        relation = "attends" if g.nodes[f"n{b}"]["type"] == "event" else "meets"
        ev = {
            "text": f"{a} and {b}.",
            "title": "A",
            "date": "2024-01-01",
            "lang": "en",
            "source": "a.txt",
            "confidence": 0.9,
            "modality": "asserted",
        }
        g.add_edge(
            f"n{a}",
            f"n{b}",
            key=relation,
            relation=relation,
            evidence=[ev],
            confidence=0.9,
            dates=["2024-01-01"],
            langs=["en"],
            articles=["a.txt"],
        )
    return g


def test_large_graph_uses_precomputed_positions_without_physics(browser, tmp_path):
    g = _generated(LARGE + 50)
    page_text, _ = render_projection(g)
    path = tmp_path / "graph.html"
    write_page(page_text, path)
    loaded = Page(browser, path)
    try:
        assert loaded.js("() => window.diplographNetwork.physics.physicsEnabled") is False
        assert loaded.drawn() == (g.number_of_nodes(), g.number_of_edges())
        pos = loaded.js("() => window.diplographNetwork.getPositions(['n0'])['n0']")
        given = loaded.js("() => window.diplographNetwork.body.data.nodes.get('n0')")
        # getPositions rounds to whole pixels
        assert abs(pos["x"] - given["x"]) <= 1 and abs(pos["y"] - given["y"]) <= 1
        assert loaded.errors == []
    finally:
        loaded.page.close()


def test_max_nodes_keeps_the_centre_and_says_so(browser, tmp_path):
    g = _generated(60)
    page_text, left_out = render_projection(g, max_nodes=20)
    assert len(left_out) == 40
    path = tmp_path / "graph.html"
    write_page(page_text, path)
    loaded = Page(browser, path)
    try:
        assert loaded.drawn()[0] == 20
        assert "40 less central nodes left out" in loaded.page.inner_text("#leftOut")
    finally:
        loaded.page.close()


@pytest.mark.parametrize("name", ["seed", "examples"])
def test_screenshot(browser, examples, tmp_path, name):
    if name == "seed":
        if not SEED.exists():
            pytest.skip(f"{SEED} not present")
        result = build_graph([str(SEED)], report=lambda line: None)
        path = tmp_path / "graph.html"
        write_page(
            render_projection(project(result.graph), title="diplograph: Alaska summit")[0], path
        )
    else:
        path = examples[1]
    loaded = Page(browser, path)
    try:
        OUTPUT.mkdir(exist_ok=True)
        shot = OUTPUT / f"graph-{name}.png"
        loaded.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        assert loaded.errors == [] and loaded.foreign_requests() == []
    finally:
        loaded.page.close()


# ---- every corpus in the repository together ----------------------------------------------

CORPORA = sorted(str(d) for d in (REPO / "corpus").iterdir() if d.is_dir())
SEARCHED = {
    "Putin": "Vladimir Putin",
    "Xi": "Xi Jinping",
    "Selenskyj": "Volodymyr Zelenskyy",
    "Lawrow": "Sergey Lavrov",
}


@pytest.fixture(scope="session")
def all_corpora(tmp_path_factory):
    """graph.html of a build of every corpus in the repository, and its projection."""
    out = tmp_path_factory.mktemp("all-corpora")
    assert cli_main(["build", *CORPORA, "-o", str(out)]) == 0
    g = project(__import__("rdflib").Graph().parse(out / "graph.ttl", format="turtle"))
    return g, out / "graph.html"


@pytest.fixture()
def big(browser, all_corpora):
    loaded = Page(browser, all_corpora[1])
    yield loaded
    loaded.page.close()


def _details(page: Page) -> str:
    return page.page.inner_text("#details")


def test_all_corpora_first_view(big, all_corpora):
    g = all_corpora[0]
    drawn = big.js(
        "() => window.diplographNetwork.body.nodeIndices"
        ".map(id => window.diplographNetwork.body.data.nodes.get(id).ntype)"
    )
    assert len(drawn) > 300
    assert not FOLDED & set(drawn)
    assert len(first_view(g)[0]) == len(drawn)
    labels = big.js("() => window.diplographReadableLabels()")
    assert len(labels) >= 20, labels
    assert all(label["px"] >= 11 for label in labels)
    assert big.errors == [] and big.foreign_requests() == []


@pytest.mark.parametrize("query", sorted(SEARCHED))
def test_all_corpora_search_selects_the_person(big, query):
    big.page.fill("#search", query)
    big.page.press("#search", "Enter")
    (selected,) = big.selected()
    node = big.js("(id) => window.diplographNetwork.body.data.nodes.get(id)", selected)
    assert node["ntype"] == "person"
    assert node["fullLabel"] == SEARCHED[query]
    assert SEARCHED[query] in _details(big)
    assert big.errors == []


def test_all_corpora_search_miss_says_so_and_clears(big):
    big.page.fill("#search", "Putin")
    big.page.press("#search", "Enter")
    assert big.selected()
    big.page.fill("#search", "Qwxzyv Nobody")
    big.page.press("#search", "Enter")
    assert "no actor matches “Qwxzyv Nobody”" in big.page.inner_text("#searchMessage")
    assert big.selected() == []
    assert "Vladimir Putin" not in _details(big)


def test_all_corpora_ambiguous_search_lists_hits(big):
    big.page.fill("#search", "Biden")
    big.page.press("#search", "Enter")
    hits = big.page.inner_text("#hits")
    assert "Joe Biden · person" in hits.splitlines()[0]
    assert len(hits.splitlines()) > 1


def test_all_corpora_filter_refits(big):
    before = big.js("() => [window.diplographFits, window.diplographNetwork.getScale()]")
    source = big.js("() => document.querySelectorAll('#article option')[1].value")
    big.page.select_option("#article", source)
    after = big.js("() => [window.diplographFits, window.diplographNetwork.getScale()]")
    assert after[0] == before[0] + 1
    assert after[1] > before[1]  # a few nodes: zoomed in on them
    inside = big.js(
        """() => { const net = window.diplographNetwork;
        const box = document.getElementById('graph').getBoundingClientRect();
        return net.body.nodeIndices.every(id => { const p = net.canvasToDOM(net.getPosition(id));
            return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }); }"""
    )
    assert inside


def test_all_corpora_selection_highlights_the_neighbourhood(big):
    big.page.fill("#search", "Lawrow")
    big.page.press("#search", "Enter")
    (selected,) = big.selected()
    hood = set(big.js("() => window.diplographHighlighted"))
    neighbours = set(big.js(f"() => window.diplographNetwork.getConnectedNodes({selected!r})"))
    drawn = set(big.js("() => window.diplographNetwork.body.nodeIndices"))
    assert hood == ({selected} | neighbours) & drawn and len(hood) > 3
    colours = big.js(
        "() => Object.fromEntries(window.diplographNetwork.body.data.nodes.get()"
        ".filter(n => !n.hidden).map(n => [n.id, JSON.stringify(n.color)]))"
    )
    dim = {n for n, c in colours.items() if "eceef1" in c}
    assert dim == set(colours) - hood
    big.page.fill("#search", "Qwxzyv")
    big.page.press("#search", "Enter")
    assert not any("eceef1" in c for c in big.js(
        "() => window.diplographNetwork.body.data.nodes.get().map(n => JSON.stringify(n.color))"
    ))  # fmt: skip


def test_all_corpora_claim_details_show_content_and_mentions(big, all_corpora):
    g = all_corpora[0]
    claim, mentioned = next(
        (n, [g.nodes[m]["label"] for m in g.successors(n) if g[n][m].get("mentions")])
        for n, d in sorted(g.nodes(data=True))
        if d["type"] == "claim" and sum(1 for m in g.successors(n) if g[n][m].get("mentions")) >= 2
    )
    big.js("(id) => window.diplographSelect(id)", claim)
    assert big.selected() == [claim]
    details = _details(big)
    assert g.nodes[claim]["text"] in details
    assert "Mentions" in details and all(name in details for name in mentioned)
    # and the actor lists what was reported about it
    actor = next(m for m in g.successors(claim) if g[claim][m].get("mentions"))
    big.js("(id) => window.diplographSelect(id)", actor)
    assert "Reported about them" in _details(big)
    assert g.nodes[claim]["label"] in _details(big)


def test_all_corpora_export_of_the_selection(big):
    big.page.fill("#search", "Putin")
    big.page.press("#search", "Enter")
    nodes_csv = big.js("() => window.diplographCsv('nodes')")
    evidence_csv = big.js("() => window.diplographCsv('evidence')")
    hood = big.js("() => window.diplographHighlighted")
    assert nodes_csv.startswith("id,label,type") and len(nodes_csv.splitlines()) == len(hood) + 1
    assert "Vladimir Putin" in nodes_csv and evidence_csv.count("\n") > 2
    png = big.js("() => document.querySelector('#graph canvas').toDataURL('image/png')")
    assert png.startswith("data:image/png;base64,") and len(png) > 10_000
    assert big.errors == [] and big.foreign_requests() == []
