"""Hostile and careless input, the reading side of issue 18: article identity (parts 5), input
hygiene (6) and option checks (10). Each test failed before the fix it names.

Every article is written by the test itself. Permission tests cannot use chmod (the tests run as
root, which reads any folder), so they make ``os.scandir``/``os.stat`` refuse as the kernel would.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph.build import build_graph, read_articles
from diplograph.cli import main
from diplograph.errors import printable
from diplograph.options import BuildResult
from diplograph.reader import (
    article_id,
    article_ids,
    decode,
    detect_language,
    name_slug,
    parse_article,
    read_article,
    slugify,
)

BODY = "Olaf Scholz met Emmanuel Macron in Paris on Friday to talk about the war in Ukraine.\n"
ARTICLE = f"date 2025-03-07 Leaders meet\n\n{BODY}"


def read(inputs, **options):
    """The articles of ``inputs`` as the build reads them, with every report line."""
    lines: list[str] = []
    result = BuildResult()
    articles = list(
        read_articles(
            [str(i) for i in inputs],
            lang=options.pop("lang", None),
            max_bytes=options.pop("max_bytes", 10**6),
            result=result,
            report=lines.append,
            **options,
        )
    )
    return articles, result, lines


# Part 5: article identity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bali-biden-xi-meeting-2022-11-14.en.txt", "bali-biden-xi-meeting-2022-11-14-en"),
        ("one.txt", "one"),
        ("page_2.html", "page-2"),
    ],
)
def test_plain_file_names_keep_their_ids(name, expected):
    """Decision: a plain name (lowercase ASCII, digits, . _ -) keeps the id it always had."""
    assert article_id(f"some/folder/{name}") == expected


@pytest.mark.parametrize(
    "names",
    [
        ["Report 1.txt", "report-1.txt", "REPORT_1.txt"],
        ["Отчёт.txt", "Доклад.txt", "تقرير.txt", "报告.txt", "報告.txt"],
        ["a" * 80 + "1.txt", "a" * 80 + "2.txt"],
        ["x\n.txt", "x\x1b.txt", "x .txt"],
    ],
)
def test_names_a_slug_would_fold_together_give_distinct_ids(names):
    """Issue 18: every non-Latin name became ``x``, ``Report 1`` met ``report-1``."""
    ids = [article_id(n) for n in names]
    assert len(set(ids)) == len(ids), ids
    assert all(i != "x" and i == slugify(i, max_len=200) and len(i) <= 80 for i in ids), ids


def test_non_latin_name_is_transliterated():
    assert article_id("Переговоры в Берлине.txt").startswith("peregovory-v-berline-")


def test_same_name_in_two_folders_two_articles(tmp_path):
    """Issue 18: ``a/x.txt`` and ``b/x.txt`` merged into one article."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(ARTICLE)
    articles, result, _ = read([tmp_path])
    assert len(articles) == 2 and len({a.id for a in articles}) == 2
    assert all(a.id.startswith("x-") for a in articles)


def test_batch_ids_do_not_depend_on_the_folder_the_build_runs_in(tmp_path, monkeypatch):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(ARTICLE)
    absolute = article_ids([str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")])
    monkeypatch.chdir(tmp_path)
    relative = article_ids(["a/x.txt", "b/x.txt"])
    assert sorted(absolute.values()) == sorted(relative.values())


def test_same_name_in_two_folders_builds_two_article_nodes(tmp_path):
    from rdflib import RDF

    from diplograph.rdf.namespace import DG

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "Bericht Nr 1.txt").write_text(ARTICLE)
    (tmp_path / "bericht-nr-1.txt").write_text(ARTICLE)
    result = build_graph([str(tmp_path)], report=lambda line: None)
    nodes = set(result.graph.subjects(RDF.type, DG.Article))
    assert len(result.processed) == 3 and len(nodes) == 3


def test_a_file_given_three_times_is_one_article(tmp_path):
    """Issue 18: the same file given three times was counted three times."""
    path = tmp_path / "one.txt"
    path.write_text(ARTICLE)
    articles, _, _ = read([path, path, tmp_path / "." / "one.txt", tmp_path])
    assert [a.id for a in articles] == ["one"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Donald Trump", "donald-trump"),
        ("Lech Wałęsa", "lech-waesa"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Außenministerin Müller", "aussenministerin-muller"),
    ],
)
def test_latin_script_names_keep_their_slugs(name, slug):
    """Decision: IRIs of names in the Latin script do not change."""
    assert name_slug(name) == slug == slugify(name)


def test_names_in_other_scripts_keep_distinct_slugs():
    """Issue 18: ``person/x`` carried both "Ивана Петрова" and "Ахмед Хан"."""
    names = ["Ивана Петрова", "Ахмед Хан", "أحمد خان", "王毅", "李强", "Ιβάνα Πετρόβα"]
    slugs = [name_slug(n) for n in names]
    assert len(set(slugs)) == len(slugs) and "x" not in slugs
    assert slugs[0].startswith("ivana-petrova-") and slugs[1].startswith("akhmed-khan-")


def test_unknown_cyrillic_people_are_two_entities(extract):
    text = (
        "Ивана Петрова met Ахмед Хан in Berlin on Tuesday. Ивана Петрова said the talks "
        "with the minister were useful. Ахмед Хан said he would come back to the city."
    )
    record = extract(text, "en")
    people = {k: e.name for k, e in record.entities.items() if k.startswith("person/")}
    assert len(people) == 2 and "person/x" not in people, people
    assert set(people.values()) == {"Ивана Петрова", "Ахмед Хан"}


# Part 6: input hygiene ------------------------------------------------------------------------


def test_devices_fifos_and_sockets_get_one_line_and_the_batch_goes_on(tmp_path):
    """Issue 18: /dev/zero grew memory until killed; a FIFO blocked forever."""
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        articles, result, lines = read(["/dev/zero", fifo, sock_path, good], max_bytes=1000)
    finally:
        server.close()
    assert [a.id for a in articles] == ["good"]
    problems = dict(result.failed)
    assert "character device" in problems["/dev/zero"]
    assert "FIFO" in problems[str(fifo)] and "socket" in problems[str(sock_path)]
    assert len(lines) == 3


def test_folders_list_only_regular_article_files(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(ARTICLE)
    articles, result, lines = read([tmp_path])
    assert [a.id for a in articles] == ["good"] and not lines


def test_stdin_is_bounded_by_the_bytes_read():
    done = subprocess.run(
        [sys.executable, "-c", _STDIN_SCRIPT],
        stdin=open("/dev/zero", "rb"),  # noqa: SIM115 - closed with the process
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "too long" in done.stdout


_STDIN_SCRIPT = """
from diplograph.errors import ArticleError
from diplograph.reader import read_article
try:
    read_article("-", max_bytes=10_000)
except ArticleError as exc:
    print(exc)
"""


def test_closed_stdin_is_one_line(tmp_path):
    """Issue 18: a build reading ``-`` with stdin closed ended in a traceback."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "diplograph",
            "build",
            "-",
            "-o",
            str(tmp_path / "out"),
            "--no-html",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.close(0),
    )
    assert "Traceback" not in done.stderr
    assert "error: <stdin>: standard input is closed" in done.stderr and done.returncode == 1


def test_html_extraction_runs_inside_the_time_limit(tmp_path, monkeypatch):
    """Issue 18: a link-dense page took 195 s at --timeout 5 (extraction ran before the timer)."""
    import time

    import trafilatura

    from diplograph.limits import alarm_available

    if not alarm_available():
        pytest.skip("no SIGALRM here")

    def slow_extract(*args, **kwargs):
        time.sleep(30)  # interrupted by the alarm long before
        return "never"

    monkeypatch.setattr(trafilatura, "extract", slow_extract)
    (tmp_path / "page.html").write_text(f"<html><body><p>{BODY}</p></body></html>")
    (tmp_path / "plain.txt").write_text(ARTICLE)
    articles, result, lines = read([tmp_path], timeout=0.2)
    assert [a.id for a in articles] == ["plain"]
    assert "--timeout" in dict(result.skipped)[str(tmp_path / "page.html")]


def _refuse(monkeypatch, name, locked: str, error: int = errno.EACCES):
    real = getattr(os, name)

    def refusing(path, *args, **kwargs):
        if str(path).startswith(locked):
            raise PermissionError(error, os.strerror(error), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, refusing)


def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    """Issue 18: an unreadable subfolder was skipped with exit 0 and no word."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.txt").write_text(ARTICLE)
    (tmp_path / "good.txt").write_text(ARTICLE)
    _refuse(monkeypatch, "scandir", str(tmp_path / "locked"))
    articles, result, lines = read([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert result.failed == [
        (
            str(tmp_path / "locked"),
            "cannot search folder (Permission denied); its articles left out",
        )
    ]


def test_a_file_in_an_unsearchable_folder_loses_no_other_article(tmp_path, monkeypatch):
    """Issue 18: a traceback, and the good articles were lost too."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "good.txt").write_text(ARTICLE)
    _refuse(monkeypatch, "stat", str(tmp_path / "locked"))
    articles, result, lines = read([tmp_path / "locked" / "x.txt", tmp_path / "good.txt"])
    assert [a.id for a in articles] == ["good"]
    assert result.failed == [
        (str(tmp_path / "locked" / "x.txt"), "cannot read (Permission denied)")
    ]


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path):
    """Issue 18: folders nested 1,000 deep ended in a RecursionError traceback (pathlib's rglob
    takes a few frames per level; 1,100 levels stay within PATH_MAX)."""
    made: list[Path] = []
    try:
        deep = tmp_path
        for _ in range(1_100):  # not mkdir(parents=True): it recurses too
            deep = deep / "d"
            deep.mkdir()
            made.append(deep)
        (deep / "deep.txt").write_text(ARTICLE)
        (tmp_path / "top.txt").write_text(ARTICLE)
        articles, result, lines = read([tmp_path])
        assert sorted(a.id for a in articles) == ["deep", "top"] and not lines
    finally:  # bottom up, without recursion: shutil.rmtree (pytest's clean-up) recurses
        if made:
            (made[-1] / "deep.txt").unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()


def test_utf8_cut_inside_a_character_stays_utf8():
    """Issue 18: a UTF-8 file cut inside a character was decoded whole in a legacy code page."""
    text = "Größere Gespräche über Zölle in Brüssel; die Minister äußerten sich zurückhaltend. " * 3
    data = (text + "Schluss ö").encode("utf-8")[:-1]
    warnings: list[str] = []
    decoded = decode(data, "cut.txt", warn=warnings.append)
    assert decoded == text + "Schluss "
    assert len(warnings) == 1 and "cut inside a character" in warnings[0]


def test_utf8_cut_is_a_warning_in_the_build(tmp_path):
    (tmp_path / "cut.txt").write_bytes((ARTICLE + "Zölle ü").encode("utf-8")[:-1])
    articles, result, lines = read([tmp_path])
    assert len(articles) == 1 and not result.failed
    assert lines == [f"warning: {tmp_path / 'cut.txt'}: " + lines[0].split(": ", 2)[2]]


@pytest.mark.parametrize(
    "first_line",
    [
        "Date palms grow along the coast, and the ministers met there.",
        "date: tomorrow the ministers meet again.",
        "Dates and times of the summit were set.",
        "date 2025-03-07abc is not a header",
    ],
)
def test_a_line_starting_with_date_is_text(first_line):
    """Issue 18: an article starting "Date palms ..." failed as an impossible date."""
    article = parse_article(f"{first_line}\n{BODY}", "palms.txt", lang="en")
    assert article.date is None and article.body_start == 0


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("date 2025-02-30 Title", "impossible date '2025-02-30'"),
        ("date 2025-2-3 Title", "impossible date '2025-2-3'"),
        ("date 0001-01-01 Title", "out of range"),
        ("date 9999-12-31 Title", "out of range"),
    ],
)
def test_header_dates_are_never_invented(header, problem):
    from diplograph.errors import ArticleError

    with pytest.raises(ArticleError, match=problem):
        parse_article(f"{header}\n{BODY}", "d.txt", lang="en")


def test_a_very_early_header_date_is_one_line_not_an_internal_error(tmp_path):
    """Issue 18: header date 0001-01-01 became "internal error" per article."""
    (tmp_path / "early.txt").write_text(f"date 0001-01-01 Old\n\n{BODY}")
    result = build_graph([str(tmp_path)], report=lambda line: None)
    [(source, problem)] = result.failed
    assert "internal error" not in problem and "out of range" in problem


def test_an_impossible_html_date_is_not_shifted():
    """Issue 18: an HTML meta date of 2025-02-30 became 2025-02-01."""
    page = (
        '<html><head><meta property="article:published_time" content="2025-02-30">'
        "<title>Talks</title></head><body><article>"
        + "".join(f"<p>{BODY}</p>" for _ in range(5))
        + "</article></body></html>"
    )
    assert parse_article(page, "page.html", lang="en").date is None
    good = page.replace("2025-02-30", "2025-02-14")
    assert str(parse_article(good, "page.html", lang="en").date) == "2025-02-14"


def test_english_with_dutch_names_is_english():
    """Issue 18: an English article was skipped as Dutch."""
    text = (
        "Mark Rutte met Dick Schoof in The Hague. Van der Wal met de Jong and Van Dijk met "
        "de Vries. Rutte is ready."
    )
    assert detect_language(text) == "en"
    dutch = (
        "De minister van Buitenlandse Zaken heeft op maandag met zijn Duitse collega gesproken. "
        "Het gesprek ging over de oorlog en de steun voor Oekraïne. Ook werd er over handel "
        "gesproken, maar een akkoord is er nog niet."
    )
    assert detect_language(dutch) == "nl"


@pytest.mark.parametrize(
    "name",
    [
        "a\nerror: b.txt forged.txt",
        "\x1b]0;pwned\x07title.txt",
        "\x1b[2Jclear.txt",
        "rtl\u202etxt.exe.txt",
    ],
)
def test_file_names_are_escaped_in_every_message(tmp_path, name):
    """Issue 18: a name with a newline forged a report line; escapes set the terminal title."""
    (tmp_path / name).write_bytes(b"\x00\x01\x02" * 100)  # binary: fails with a message
    articles, result, lines = read([tmp_path / name])
    assert len(lines) == 1
    assert lines[0].isprintable() and printable(str(tmp_path / name)) in lines[0]


def test_escaped_names_in_the_cli(tmp_path, capsys):
    bad = tmp_path / "x\x1b[2J\n.txt"
    bad.write_bytes(b"\x00" * 100)
    (tmp_path / "good.txt").write_text(ARTICLE)
    status = main(
        ["build", str(bad), str(tmp_path / "good.txt"), "-o", str(tmp_path / "o"), "--no-html"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "\x1b" not in err and "x\\x1b[2J\\n.txt" in err
    assert all(line.startswith(("error:", "1 processed", "wrote")) for line in err.splitlines())


# Part 10: options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--base", "", "not an absolute IRI"),
        ("--base", "example.org/", "not an absolute IRI"),
        ("--base", "https://example.org/x y/", "spaces"),
        ("--base", "https://example.org/x", "end in /"),
        ("--base", "https://exa<mple.org/", "not a valid IRI"),
        ("--timeout", "nan", "finite"),
        ("--timeout", "inf", "finite"),
        ("--timeout", "-1", "finite"),
        ("--timeout", "1e-5", "too short"),
        ("--timeout", "soon", "not a number"),
        ("--jobs", "0", "at least 1"),
        ("--jobs", "-3", "at least 1"),
        ("--max-bytes", "0", "at least 1"),
        ("--max-nodes", "0", "at least 1"),
    ],
)
def test_bad_options_are_one_line(tmp_path, capsys, option, value, says):
    (tmp_path / "a.txt").write_text(ARTICLE)
    with pytest.raises(SystemExit) as stop:
        main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), f"{option}={value}"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and says in err and option in err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("value", ["0", "0.01", "2.5", "300"])
def test_good_timeouts_are_taken(value):
    from diplograph.cli import timeout_seconds

    assert timeout_seconds(value) == float(value)


def test_a_missing_model_has_its_own_message(tmp_path, capsys):
    """Issue 18: a missing --model was reported as "cannot write output"."""
    (tmp_path / "a.txt").write_text(ARTICLE)
    status = main(
        [
            "build",
            str(tmp_path / "a.txt"),
            "-o",
            str(tmp_path / "o"),
            "--model",
            "no_such_pipeline_xx",
        ]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert err.splitlines()[0].startswith("error: --model no_such_pipeline_xx: no installed spaCy")
    assert "cannot write" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["load", "GRAPH", "--endpoint", "http://[::1"],
        ["load", "GRAPH", "--endpoint", "ftp://example.org/store"],
        ["query", "http://[::1", "-e", "SELECT * { ?s ?p ?o }"],
        ["query", "http://localhost:notaport/sparql", "-e", "SELECT * { ?s ?p ?o }"],
    ],
)
def test_bad_endpoints_are_one_line(tmp_path, capsys, argv):
    """Issue 18: --endpoint 'http://[::1' ended in a ValueError traceback."""
    graph = tmp_path / "g.ttl"
    graph.write_text("")
    argv = [str(graph) if a == "GRAPH" else a for a in argv]
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    err = capsys.readouterr().err
    assert status in (1, 2) and len(err.strip().splitlines()) == 1 and "URL" in err, err


@pytest.mark.parametrize("special", ["/dev/zero", "FIFO"])
def test_a_query_file_that_is_no_regular_file_is_one_line(tmp_path, capsys, special):
    """Issue 18: a query file /dev/zero read until memory ran out."""
    graph = tmp_path / "g.ttl"
    graph.write_text("")
    if special == "FIFO":
        special = str(tmp_path / "q.rq")
        os.mkfifo(special)
    status = main(["query", str(graph), special])
    err = capsys.readouterr().err
    assert status == 1 and err == f"error: {special}: not a regular file\n"


def test_jobs_never_more_processes_than_work_or_cores(tmp_path, monkeypatch):
    """Issue 18: ``--jobs 64`` forked 62 processes for one article."""
    import diplograph.parallel as parallel

    pools: list[int] = []
    real = parallel.ProcessPoolExecutor

    def counting(*args, max_workers, **kwargs):
        pools.append(max_workers)
        return real(*args, max_workers=max_workers, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting)
    article = parse_article(ARTICLE, "one.txt", lang="en")
    rows = list(parallel.Executor(jobs=64, chunk_size=1).rows([article]))
    assert len(rows) == 1 and pools == []  # one unit of work: no pool at all
    three = [parse_article(ARTICLE, f"a{i}.txt", lang="en") for i in range(3)]
    rows = list(parallel.Executor(jobs=64, chunk_size=1).rows(three))
    cores = parallel.default_jobs()
    assert len(rows) == 3 and pools == ([min(3, cores)] if cores > 1 else [])


def test_the_timer_firing_as_the_block_ends_is_a_skip(monkeypatch):
    """Issue 18: --timeout 1e-5 ended in a traceback of the alarm's own exception."""
    from diplograph.errors import ArticleSkipped
    from diplograph.limits import alarm_available, time_limit

    if not alarm_available():
        pytest.skip("no SIGALRM here")
    outcomes = {"done": 0, "skipped": 0}
    for _ in range(200):  # the alarm lands anywhere: inside the block, or as it ends
        try:
            with time_limit(1e-6, "a.txt"):
                pass
            outcomes["done"] += 1
        except ArticleSkipped:  # anything else (the alarm's own exception) fails the test
            outcomes["skipped"] += 1
    assert sum(outcomes.values()) == 200


def test_read_article_reads_paths_with_odd_bytes(tmp_path):
    """File names that are not UTF-8 (surrogate-escaped) are read and escaped in messages."""
    raw = os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"
    with open(raw, "wb") as file:
        file.write(ARTICLE.encode())
    name = os.fsdecode(raw)
    article = read_article(name)
    assert article.id.startswith("caf-") and "\\udce9" in printable(name)
    assert Path(name).exists()


# Part 5 with --update -----------------------------------------------------------------------


def _articles_in(out: Path) -> dict[str, str]:
    """Article id -> source file name, as the output graph says."""
    from rdflib import Graph

    from diplograph.rdf.namespace import DG

    prefix = "https://w3id.org/diplograph/resource/article/"
    graph = Graph().parse(out / "graph.ttl")
    return {str(s)[len(prefix) :]: str(o) for s, o in graph.subject_objects(DG.sourceFile)}


def test_update_with_a_name_that_slugs_alike_keeps_the_first(tmp_path):
    """Issue 18: ``--update`` with a second file whose name slugs alike deleted the first."""
    from diplograph.build import build
    from diplograph.incremental import update

    out = tmp_path / "out"
    (tmp_path / "talks.paris.txt").write_text(ARTICLE)
    build([str(tmp_path / "talks.paris.txt")], out, html=False, report=lambda line: None)
    (tmp_path / "talks-paris.txt").write_text(ARTICLE.replace("Paris", "Rome"))
    update([str(tmp_path / "talks-paris.txt")], out, html=False, report=lambda line: None)
    found = _articles_in(out)
    assert sorted(found.values()) == ["talks-paris.txt", "talks.paris.txt"], found
    assert found["talks-paris"] == "talks.paris.txt"  # the first keeps its IRI


def test_update_of_a_file_told_apart_by_its_folder_replaces_it(tmp_path):
    """Two x.txt built together are told apart by folder; updating one of them, given as a
    file, replaces that one and keeps the other (no third article)."""
    from diplograph.build import build
    from diplograph.incremental import update

    out = tmp_path / "out"
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "x.txt").write_text(ARTICLE)
    build([str(tmp_path / "in")], out, html=False, report=lambda line: None)
    before = _articles_in(out)
    (tmp_path / "in" / "a" / "x.txt").write_text(ARTICLE.replace("Paris", "Rome"))
    lines: list[str] = []
    update([str(tmp_path / "in" / "a" / "x.txt")], out, html=False, report=lines.append)
    assert _articles_in(out) == before and len(before) == 2
    assert any("0 articles added, 1 replaced, 1 kept" in line for line in lines), lines
