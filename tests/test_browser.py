"""graph.html in headless Chromium (Debian's, driven by Playwright; no browser is downloaded).

Each test loads a page from file:// and records every request it makes: only the page itself
and data: URLs are allowed. Without Chromium the tests skip, unless CI=true (then they fail).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from diplograph.build import build_graph
from diplograph.view.html import LARGE, render_projection, write_page
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
        self.page.goto(self.url)
        self.page.wait_for_function("() => window.diplographStable === true", timeout=60_000)

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

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")]


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


def test_drawn_nodes_and_edges_equal_the_graph(page, examples):
    g = examples[0]
    assert g.number_of_nodes() > 10
    assert page.drawn() == (g.number_of_nodes(), g.number_of_edges())


def test_relation_filter_hides_its_edges_and_lonely_nodes(page, examples):
    g = examples[0]
    meets = [(a, b) for a, b, d in g.edges(data=True) if d["relation"] == "meets"]
    assert meets
    page.page.uncheck("input[data-relation=meets]")
    visible = page.visible_edges()
    assert all(e["relation"] != "meets" for e in visible)
    assert len(visible) == g.number_of_edges() - len(meets)
    still_linked = {n for e in visible for n in (e["from"], e["to"])}
    assert page.drawn() == (len(still_linked), len(visible))
    page.page.check("input[data-relation=meets]")
    assert page.drawn() == (g.number_of_nodes(), g.number_of_edges())


def test_hide_claims_and_proposals(page, examples):
    g = examples[0]
    claims = {n for n, d in g.nodes(data=True) if d["type"] in ("claim", "proposal")}
    assert claims
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
    assert page.drawn() == (g.number_of_nodes(), g.number_of_edges())


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
