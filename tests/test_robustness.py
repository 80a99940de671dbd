"""Hostile and broken inputs (issue 8): each has a defined outcome, the batch goes on, the
summary line counts it, the exit status says whether something failed.

Outcomes: *processed*; *skipped* (readable but left out on purpose: a language without rules, a
limit; exit status stays 0); *failed* (unusable input; exit status 1). Every input is written
by the test itself. Encodings, empty and binary files and impossible dates are read one by one
in test_reader.py; here they go through whole builds.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pyoxigraph
import pytest
from rdflib import Graph

from diplograph.build import build, build_graph

BODY_EN = "Olaf Scholz met Emmanuel Macron in Paris on Friday to talk about the war in Ukraine.\n"
BODY_DE = (
    "Bundeskanzler Olaf Scholz traf am Freitag in Paris den französischen "
    "Präsidenten Emmanuel Macron.\n"
)
HTML = """<!DOCTYPE html><html lang="en"><head><title>Leaders meet in Paris</title>
<meta property="article:published_time" content="2024-03-01T09:00:00Z"></head><body>
<nav>Home | World | Sport</nav><article><h1>Leaders meet in Paris</h1>
<p>Olaf Scholz met Emmanuel Macron in Paris on Friday. The two leaders talked for two hours about
support for Ukraine and about the budget of the European Union for the coming years.</p>
<p>According to Reuters, both want to agree on new rules for the defence industry before the
summer, and their ministers will meet again in Berlin next month.</p></article>
<footer>Copyright</footer></body></html>"""
FRENCH = (
    "Le chancelier allemand a rencontré le président français à Paris vendredi. Les deux "
    "dirigeants ont parlé de la guerre en Ukraine et de la défense "
    "européenne pour les années à venir.\n"
)
RUSSIAN = (
    "Канцлер Германии встретился с президентом Франции в Париже в пятницу. Они обсудили войну "
    "на Украине и европейскую оборону.\n"
)

# name -> (bytes, outcome, words of the one-line reason)
CASES = {
    "utf8.txt": ((f"date 2024-03-01 Talks\n{BODY_DE}").encode(), "processed", None),
    "utf8-bom.txt": (
        b"\xef\xbb\xbf" + f"date 2024-03-01 Talks\n{BODY_DE}".encode(),
        "processed",
        None,
    ),
    "utf16.txt": (f"date 2024-03-01 Talks\n{BODY_DE}".encode("utf-16"), "processed", None),
    "cp1252.txt": (f"date 2024-03-01 Gespräche\n{BODY_DE}".encode("cp1252"), "processed", None),
    "crlf.txt": (
        f"date 2024-03-01 Talks\r\n{BODY_EN}".replace("\n", "\r\n").encode(),
        "processed",
        None,
    ),
    "nul.txt": (BODY_EN.replace(" met ", " met\x00 ").encode(), "processed", None),
    "page.html": (HTML.encode(), "processed", None),
    "binary.txt": (bytes(range(256)) * 40, "failed", "not a text file"),
    "empty.txt": (b"", "failed", "empty file"),
    "blank.txt": (b" \n\t\r\n  ", "failed", "empty file"),
    "baddate.txt": (f"date 2024-02-31 Talks\n{BODY_EN}".encode(), "failed", "impossible date"),
    "french.txt": (FRENCH.encode(), "skipped", "unsupported language 'fr'"),
    "russian.txt": (RUSSIAN.encode(), "skipped", "unsupported language 'ru'"),
}
BIG = 20 * 1024 * 1024


def quiet(line: str) -> None:
    pass


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder with every case, a 20 MB article, and one build of it in this process."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, (data, _, _) in CASES.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as fh:
        fh.write(b"date 2024-03-01 Long\n")
        line = BODY_EN.encode()
        fh.write(line * (BIG // len(line) + 1))
    lines: list[str] = []
    result = build_graph([str(folder)], report=lines.append)
    return folder, result, lines


def outcome(result, name: str) -> tuple[str, str | None]:
    for source in result.processed:
        if source.endswith(name):
            return "processed", None
    for kind in ("skipped", "failed"):
        for source, problem in getattr(result, kind):
            if source.endswith(name):
                return kind, problem
    raise AssertionError(f"{name} has no outcome")


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_input_has_its_outcome(batch, name):
    _, result, lines = batch
    expected, reason = CASES[name][1:]
    kind, problem = outcome(result, name)
    assert kind == expected, problem
    if reason:
        assert reason in problem
        said = [line for line in lines if name in line]
        assert len(said) == 1 and "\n" not in said[0], said


def test_processed_inputs_keep_their_header(batch):
    _, result, _ = batch
    g = result.graph
    titles = {str(o) for o in g.objects(None, g.namespace_manager.expand_curie("dg:title"))}
    assert {"Talks", "Gespräche", "Leaders meet in Paris"} <= titles  # cp1252 detected, html title
    rows = g.query(
        """SELECT ?date WHERE { ?a dg:sourceFile "page.html" ; dg:publicationDate ?date }"""
    )
    assert [str(r[0]) for r in rows] == ["2024-03-01"]  # the page's date from its metadata
    assert "\x00" not in g.serialize(format="nt")


def test_twenty_megabytes_are_skipped_unread(batch):
    """Decision: an article over --max-bytes (default 5 MB) is skipped whole, never truncated
    (a cut article loses sentences silently and its offsets stop matching the file)."""
    _, result, lines = batch
    kind, problem = outcome(result, "huge.txt")
    assert kind == "skipped" and "--max-bytes" in problem and "20,971,5" in problem
    assert any(line.startswith("skipped ") and "huge.txt" in line for line in lines)


def test_forced_language_processes_french_and_russian(tmp_path):
    (tmp_path / "french.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "russian.txt").write_text(RUSSIAN, encoding="utf-8")
    result = build_graph([str(tmp_path)], lang="en", report=quiet)
    assert len(result.processed) == 2 and not result.skipped and not result.failed


def test_command_line_summary_and_exit_status(batch, tmp_path):
    folder, _, _ = batch
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "diplograph", "build", str(folder), "-o", str(out), "--no-html"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1  # some inputs failed
    assert "Traceback" not in proc.stderr
    processed = sum(1 for _, outcome_, _ in CASES.values() if outcome_ == "processed")
    failed = sum(1 for _, outcome_, _ in CASES.values() if outcome_ == "failed")
    skipped = len(CASES) + 1 - processed - failed
    assert f"{processed} processed, {skipped} skipped, {failed} failed" in proc.stderr
    store = pyoxigraph.Store()
    store.load((out / "graph.ttl").read_bytes(), pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 50


def test_only_skipped_means_success(tmp_path):
    (tmp_path / "ok.txt").write_text(BODY_EN, encoding="utf-8")
    (tmp_path / "french.txt").write_text(FRENCH, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "diplograph",
            "build",
            str(tmp_path),
            "-o",
            str(tmp_path / "out"),
            "--no-html",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 processed, 1 skipped, 0 failed" in proc.stderr
    assert "skipped " in proc.stderr and "french.txt: unsupported language 'fr'" in proc.stderr


def test_word_limit(tmp_path, monkeypatch):
    (tmp_path / "long.txt").write_text(BODY_EN * 50, encoding="utf-8")
    (tmp_path / "short.txt").write_text(BODY_EN, encoding="utf-8")
    import diplograph.build

    monkeypatch.setattr(diplograph.build, "DEFAULT_MAX_WORDS", 100)
    from diplograph.build import read_articles

    result = build_graph([], report=quiet)
    read = list(
        read_articles(
            [str(tmp_path)], lang=None, max_bytes=10**6, result=result, report=quiet, max_words=100
        )
    )
    assert [a.source for a in read] == ["short.txt"]
    # the word bound is no option: the message names none (issue 18)
    assert "at most 100" in result.skipped[0][1] and "--max-words" not in result.skipped[0][1]


def test_pipeline_length_bound(tmp_path):
    """Over spaCy's one million characters the pipeline would raise mid-batch: skipped before."""
    (tmp_path / "wide.txt").write_text("x" * 1_100_000 + " " + BODY_EN, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(BODY_EN, encoding="utf-8")
    result = build_graph([str(tmp_path)], lang="en", report=quiet)
    assert result.processed == ["ok.txt"]
    assert "too long for the pipeline" in result.skipped[0][1]


def test_timeout_skips_a_stalling_article(tmp_path, monkeypatch):
    """An article that never finishes is interrupted and skipped; the next one is built."""
    import diplograph.relations.extract as extract_module

    real = extract_module.extraction

    def stalls_on_slow(doc, article):
        if article.source.startswith("slow"):
            while True:  # a pathological rule: pure Python, so the alarm can interrupt it
                pass
        return real(doc, article)

    monkeypatch.setattr(extract_module, "extraction", stalls_on_slow)
    (tmp_path / "ok.txt").write_text(BODY_EN, encoding="utf-8")
    (tmp_path / "slow.txt").write_text(BODY_EN, encoding="utf-8")
    (tmp_path / "zz-ok.txt").write_text(BODY_DE, encoding="utf-8")
    lines: list[str] = []
    started = time.perf_counter()
    result = build([str(tmp_path)], tmp_path / "out", html=False, timeout=1.0, report=lines.append)
    assert time.perf_counter() - started < 30
    assert result.processed == ["ok.txt", "zz-ok.txt"]
    assert result.skipped == [("slow.txt", "took longer than 1 s (limit --timeout); skipped")]
    assert [line for line in lines if "slow.txt" in line] == [
        "skipped slow.txt: took longer than 1 s (limit --timeout); skipped"
    ]
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_an_article_that_breaks_the_pipeline_loses_only_itself(tmp_path, monkeypatch):
    import diplograph.relations.extract as extract_module

    real = extract_module.extraction

    def breaks_on_bad(doc, article):
        if article.source.startswith("bad"):
            raise RuntimeError("a rule fell over")
        return real(doc, article)

    monkeypatch.setattr(extract_module, "extraction", breaks_on_bad)
    (tmp_path / "a.txt").write_text(BODY_EN, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(BODY_EN, encoding="utf-8")
    (tmp_path / "c.txt").write_text(BODY_DE, encoding="utf-8")
    result = build([str(tmp_path)], tmp_path / "out", html=False, report=quiet)
    assert result.processed == ["a.txt", "c.txt"]
    assert result.failed == [
        ("bad.txt", "internal error while extracting: RuntimeError('a rule fell over')")
    ]
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    sources = {
        str(o) for o in graph.objects(None, graph.namespace_manager.expand_curie("dg:sourceFile"))
    }
    assert sources == {"a.txt", "c.txt"}


HOSTILE_TEXT = (
    'date 2024-03-01 Quotes " \\ """ > <img src=x onerror=alert(8)> and \u202eRTL\u200f\n'
    "Olaf Scholz met Emmanuel Macron in Paris, said Reuters: "
    '"We agree \\ """ on >everything<"\x07. '
    'Emmanuel Macron proposed a ceasefire to Olaf Scholz \u202e\u2066with\u2069 a """ twist\x1b.\n'
)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nquads"])
def test_hostile_literals_serialise_strictly(tmp_path, fmt):
    """Quotes, backslashes, newlines, '>', triple quotes, control characters and RTL marks reach
    the literals (controls as spaces) in files Oxigraph parses; IRIs stay slugs."""
    (tmp_path / "quotes & <tags>.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = build([str(tmp_path)], out, html=True, fmt=fmt, report=quiet)
    assert result.processed, result.failed
    target = result.outputs[0]
    rdf_format = {
        "turtle": pyoxigraph.RdfFormat.TURTLE,
        "trig": pyoxigraph.RdfFormat.TRIG,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "nquads": pyoxigraph.RdfFormat.N_QUADS,
    }[fmt]
    store = pyoxigraph.Store()
    store.load(target.read_bytes(), rdf_format)
    literals = {q.object.value for q in store if isinstance(q.object, pyoxigraph.Literal)}
    assert any('"""' in v and "\\" in v and ">" in v and "\u202e" in v for v in literals)
    assert not any(c in v for v in literals for c in "\x07\x1b")
    for quad in store:
        for term in (quad.subject, quad.object):
            if isinstance(term, pyoxigraph.NamedNode) and "/resource/" in term.value:
                tail = term.value.split("/resource/", 1)[1]
                assert all(c.isascii() and (c.isalnum() or c in "/-_.") for c in tail), term.value
    html = (out / "graph.html").read_text("utf-8")
    assert "<img src=x" not in html and "quotes & <tags>" not in html
