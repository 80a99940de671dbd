"""Property test: whatever text an article holds, the build gives valid, harmless RDF.

Random Unicode articles, and sentences that mix real names with hostile characters, go through
the same in-process stages as a build (reader, pipeline, RDF mapping). For every one: no
exception other than a one-line ArticleError, Turtle that pyoxigraph parses strictly, and a
graph that conforms to the SHACL shapes.

Profiles (environment variable DIPLOGRAPH_FUZZ_PROFILE): ``ci`` (the default, 500 examples, about
a minute) and ``long`` (5,000 examples); see the README's "Fuzzing" section.
"""

from __future__ import annotations

import os
import re

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph.build import extract_articles
from diplograph.errors import ArticleError
from diplograph.rdf.mapping import GraphBuilder
from diplograph.rdf.validation import validate_graph
from diplograph.reader import parse_article

# CI runs a fixed set of 500 examples (derandomized, no example database) so that a run is
# reproducible; the "long" profile explores new random examples.
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", parent=settings.get_profile("ci"), max_examples=5000, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("DIPLOGRAPH_FUZZ_PROFILE", "ci"))

NAMES = [
    "Olaf Scholz",
    "Emmanuel Macron",
    "Wladimir Putin",
    "Donald Trump",
    "Xi Jinping",
    "Annalena Baerbock",
    "Reuters",
    "dpa",
    "NATO",
    "Kremlchef",
    "der russische Präsident",
]
VERBS = [
    "met",
    "traf",
    "talked with",
    "sprach mit",
    "attended the summit with",
    "proposed a ceasefire to",
    "schlug vor,",
    "according to",
    "laut",
]
HOSTILE = [
    '"',
    "\\",
    '"""',
    "'''",
    ">",
    "<",
    "<script>alert(1)</script>",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "\ud7ff",
    "\U0001f600",
    "]]>",
    "@en",
    "^^xsd:string",
    "<http://evil/>",
    "_:b0",
    "#",
    "%00",
    "\u0301",
]
SAFE_IRI = re.compile(r"^https://w3id\.org/diplograph/resource/[a-z0-9][a-z0-9/_.\-]*$")

fragments = st.one_of(st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(HOSTILE))
sentences = st.lists(fragments, min_size=1, max_size=12).map(" ".join).map(lambda s: s + ".")
articles = st.one_of(
    st.text(max_size=400),
    st.lists(sentences, min_size=1, max_size=6).map(" ".join),
    st.tuples(
        st.sampled_from(["date 2025-08-15 ", "date 2025-02-30 ", "  date x ", ""]),
        st.text(max_size=40),
        st.lists(sentences, max_size=4).map(" ".join),
    ).map(lambda t: f"{t[0]}{t[1]}\n{t[2]}"),
)


def check_output(graph) -> None:
    """The three promises: parses strictly, IRIs only from slugs, conforms to the shapes."""
    ttl = graph.serialize(format="turtle", encoding="utf-8")
    store = pyoxigraph.Store()
    store.load(ttl, pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)
    for quad in store:
        for term in (quad.subject, quad.object):
            if isinstance(term, pyoxigraph.NamedNode) and "diplograph/resource/" in term.value:
                assert SAFE_IRI.match(term.value), term.value
    report = validate_graph(graph)
    assert report.conforms, report.text(limit=10)


@pytest.mark.slow
@settings(PROFILE)
@given(text=articles, lang=st.sampled_from(["en", "de"]))
def test_any_article_gives_valid_rdf(text, lang):
    try:
        article = parse_article(text, "fuzz.txt", lang=lang)
    except ArticleError as exc:  # a defined outcome: one line naming the file
        assert str(exc).startswith("fuzz.txt: ") and "\n" not in exc.problem
        return
    builder = GraphBuilder()
    for record in extract_articles([article]):
        builder.add(record)
    builder.resolve()
    check_output(builder.graph)


# Issue 18: file names, encodings, header lines and options -------------------------------------

FILE_PROFILE = settings(PROFILE, max_examples=min(PROFILE.max_examples, 150))
"""Fewer examples where each writes files: a few seconds in CI."""

_NAME_CHARS = st.characters(
    blacklist_categories=("Cs",),  # lone surrogates: no file name on Linux
    blacklist_characters="/\x00",
)
file_names = (
    st.text(_NAME_CHARS, min_size=1, max_size=40)
    .map(lambda s: s + st_suffix(s))
    .filter(lambda s: s not in (".", "..") and len(os.fsencode(s)) <= 255)
)


def st_suffix(name: str) -> str:
    """Most names get an article suffix; a few are given as they are (files may be named so)."""
    return "" if name.lower().endswith((".txt", ".htm", ".html")) else ".txt"


@pytest.mark.slow
@FILE_PROFILE
@given(
    names=st.lists(
        st.tuples(st.sampled_from(["", "a", "b", "Отчёты", "a b"]), file_names),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
def test_any_file_names_give_distinct_articles(names):
    """Whatever the names (any script, control characters, the same name in two folders), each
    file is one article with an id of its own, and every report line is one printable line."""
    import tempfile
    from pathlib import Path

    from diplograph.build import read_articles
    from diplograph.options import BuildResult

    body = "date 2025-03-07 Talks\n\nOlaf Scholz met Emmanuel Macron in Paris on Friday.\n"
    with tempfile.TemporaryDirectory() as root:
        for folder, name in names:
            (Path(root) / folder).mkdir(exist_ok=True)
            (Path(root) / folder / name).write_text(body, encoding="utf-8")
        lines: list[str] = []
        result = BuildResult()
        articles = list(
            read_articles([root], lang="en", max_bytes=10_000, result=result, report=lines.append)
        )
    assert len(articles) == len(names), lines
    ids = [a.id for a in articles]
    assert len(set(ids)) == len(ids), ids
    for id_ in ids:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", id_) and len(id_) <= 80, id_
        assert SAFE_IRI.match(f"https://w3id.org/diplograph/resource/article/{id_}")
    assert all(line.isprintable() for line in lines), lines


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "cp1251", "shift_jis", "gb18030"]


@pytest.mark.slow
@settings(PROFILE)
@given(
    text=st.one_of(
        st.text(max_size=300), st.lists(sentences, min_size=1, max_size=4).map(" ".join)
    ),
    encoding=st.sampled_from(ENCODINGS),
    cut=st.integers(min_value=0, max_value=3),
)
def test_any_bytes_in_any_encoding_read_or_fail_in_one_line(text, encoding, cut):
    """Text in any encoding, maybe cut at its end: an Article, or one ArticleError line."""
    from diplograph.reader import decode

    data = text.encode(encoding, errors="replace")
    data = data[: len(data) - cut] if cut < len(data) else data
    warnings: list[str] = []
    try:
        decoded = decode(data, "enc.txt", warn=warnings.append)
        parse_article(decoded, "enc.txt", lang="en")
    except ArticleError as exc:
        assert str(exc).startswith("enc.txt: ") and "\n" not in exc.problem
        return
    if encoding == "utf-8" and warnings:  # only a cut UTF-8 text is repaired, and says so
        assert cut and decoded == data.decode("utf-8", errors="ignore")


header_lines = st.one_of(
    st.builds(
        "{}{} {} {}".format,
        st.sampled_from(["", " ", "\t", "\ufeff"]),
        st.sampled_from(["date", "Date", "DATE", "datum", "date:"]),
        st.one_of(
            st.dates().map(str),
            st.text(st.sampled_from("0123456789-"), min_size=1, max_size=12),
            st.text(max_size=12),
        ),
        st.text(max_size=30),
    ),
    st.text(max_size=60),
)


@pytest.mark.slow
@settings(PROFILE)
@given(first=header_lines)
def test_any_header_line_is_a_date_text_or_one_line(first):
    """A header line gives a real date, or is text, or fails in one line: never an invented
    date, never a traceback."""
    import datetime as dt

    text = f"{first}\nOlaf Scholz met Emmanuel Macron in Paris on Friday to talk about the war.\n"
    try:
        article = parse_article(text, "head.txt", lang="en")
    except ArticleError as exc:
        assert "\n" not in exc.problem
        return
    if article.date is not None:
        match = re.match(
            r"[ \t\ufeff]*date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ \t]|$)", first, re.I
        )
        assert match and dt.date.fromisoformat(match.group(1)) == article.date


option_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["nan", "inf", "-inf", "1e-5", "0", "-1", "1e309", "0x10", "1_000", " 3 "]),
    st.floats(allow_nan=True).map(repr),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["https://example.org/", "http://[::1", "urn:x:", "file:///x/", "http://a b/"]),
)


@pytest.mark.slow
@settings(PROFILE)
@given(
    option=st.sampled_from(["--base", "--timeout", "--jobs", "--max-bytes", "--max-nodes"]),
    value=option_values,
)
def test_any_option_value_is_taken_or_refused_in_one_line(option, value):
    """Every option value is accepted as a valid value, or refused with one line (exit 2)."""
    import io
    import math
    from contextlib import redirect_stderr

    from diplograph.cli import MIN_TIMEOUT, parser

    stderr = io.StringIO()
    try:
        with redirect_stderr(stderr):
            args = parser().parse_args(["build", "x.txt", "-o", "out", f"{option}={value}"])
    except SystemExit as stop:
        err = stderr.getvalue()
        assert stop.code == 2 and err.endswith("\n") and err[:-1].isprintable(), err
        assert option in err and "Traceback" not in err
        return
    if option == "--base":
        assert args.base.endswith("/") and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S*$", args.base)
    elif option == "--timeout":
        assert math.isfinite(args.timeout) and (args.timeout == 0 or args.timeout >= MIN_TIMEOUT)
    else:
        assert getattr(args, option[2:].replace("-", "_")) >= 1
