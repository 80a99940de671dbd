"""Nothing lost, nothing mixed (issue 18): the store and the output folder under ``kill -9``,
a full disk and concurrent builds; targets that are not regular files; a clean-up that deletes
only its own files; the same bytes for every format whatever the input order and hash seed.
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import EXAMPLES
from diplograph.build import build
from diplograph.cli import main
from diplograph.sinks import graph_of

ARTICLE_IRI = "<https://w3id.org/diplograph/resource/article/"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))
LOCK_TAKEN = "another diplograph build is writing into this folder"


def quiet(line: str) -> None:
    pass


def env(seed: str = "0") -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": seed}


def store_quads(path: Path) -> set[str]:
    store = ox.Store.read_only(str(path))
    try:
        return {str(q) for q in store}
    finally:
        del store


def copies(folder: Path, count: int) -> Path:
    """``count`` article files: the examples again and again, each under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        source = EXAMPLE_FILES[n % len(EXAMPLE_FILES)]
        stem, _, suffix = source.name.partition(".")
        (folder / f"{stem}-copy{n:03d}.{suffix}").write_bytes(source.read_bytes())
    return folder


def articles_in_page(outdir: Path) -> set[str]:
    return set(re.findall(r'"source": "([^"]+)"', (outdir / "graph.html").read_text("utf-8")))


def articles_in_graph(outdir: Path) -> int:
    text = (outdir / "graph.ttl").read_text("utf-8")
    return len(set(re.findall(r"<[^>]*/article/[^>]+> a dg:Article", text)))


def one_generation(outdir: Path) -> int:
    """The number of articles graph.ttl and graph.html show, asserting they are the same."""
    in_graph = articles_in_graph(outdir)
    assert len(articles_in_page(outdir)) == in_graph, "graph.ttl and graph.html of two builds"
    return in_graph


# -- 1. The store: a staged copy swapped in; killed or on a full disk, it is as it was -------


STORE_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import diplograph.triplestore.disk as disk
    from diplograph.triplestore.dataset import read_graph

    graph_file, store, crash = sys.argv[1], sys.argv[2], sys.argv[3]

    def crash_after(name):
        real = getattr(disk, name)
        def wrapped(*args, **kwargs):
            if crash == "before-" + name:
                os.kill(os.getpid(), signal.SIGKILL)
            out = real(*args, **kwargs)
            if crash == "after-" + name:
                os.kill(os.getpid(), signal.SIGKILL)
            return out
        setattr(disk, name, wrapped)

    crash_after("_write_parts")
    crash_after("exchange")
    graph = read_graph(Path(graph_file))
    print("writing", flush=True)
    disk.write_store(graph, store)
    print("written", flush=True)
    """
)


def multiplied(nquads: str, names: range, *, mark: str = "") -> str:
    """The N-Quads of a build with each article graph repeated under the names ``names``
    (``ID-cN``), each with a comment ``mark`` when given; shared graphs once."""
    shared, articles = [], []
    for line in nquads.splitlines(keepends=True):
        graph = graph_of(line)
        (articles if graph.startswith(ARTICLE_IRI) else shared).append((graph, line))
    out = [line for _, line in shared]
    for n in names:
        seen = set()
        for graph, line in articles:
            article = graph[len(ARTICLE_IRI) : -1]
            copy = f"{article}-c{n:03d}"
            out.append(line.replace(article, copy))
            if mark and copy not in seen:
                seen.add(copy)
                iri = f"{ARTICLE_IRI}{copy}>"
                comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
                out.append(f'{iri} {comment} "{mark}" {iri} .\n')
    return "".join(out)


@pytest.fixture(scope="module")
def store_builds(tmp_path_factory):
    """An old store of 200 articles (the 4 examples, 50 times each, under other names), and
    the N-Quads of a rebuild of 100: 48 of them changed, 52 new (252 in the store after); the
    seconds the rebuild's store write takes."""
    root = tmp_path_factory.mktemp("store-builds")
    build(EXAMPLE_FILES, root / "examples", fmt="nquads", html=False, report=quiet)
    nquads = (root / "examples" / "graph.nq").read_text("utf-8")
    old_file, new_file = root / "old.nq", root / "new.nq"
    old_file.write_text(multiplied(nquads, range(50)), "utf-8")  # 4 examples x 50
    new_file.write_text(multiplied(nquads, range(38, 38 + 25), mark="rebuilt"), "utf-8")
    old_store = root / "old-store"
    write = [sys.executable, "-c", STORE_WRITER]
    proc = subprocess.run([*write, str(old_file), str(old_store), "none"], env=env(), timeout=600)
    assert proc.returncode == 0
    new_store = root / "new-store"
    shutil.copytree(old_store, new_store)
    proc = subprocess.Popen(
        [*write, str(new_file), str(new_store), "none"],
        env=env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
    started = time.monotonic()
    assert proc.stdout.readline() == "written\n" and proc.wait() == 0
    duration = time.monotonic() - started  # of the store write alone
    return old_store, new_file, store_quads(old_store), store_quads(new_store), duration


@pytest.mark.slow
@pytest.mark.parametrize(
    "crash",
    [
        "after-_write_parts",  # the staged copy holds the new graphs: the old bug's moment
        "before-exchange",
        "after-exchange",  # swapped, the old store not yet removed
        "seed-1",
        "seed-2",
    ],
)
def test_a_killed_store_rebuild_leaves_the_old_store_or_the_new(store_builds, tmp_path, crash):
    """kill -9 of a rebuild (100 article graphs into a store of 200, 252 after), at set points
    and at seeded random times during the store write: the store then holds exactly the old
    graphs or exactly the new; the next write removes what the killed one left beside it."""
    old_store, new_file, old, new, duration = store_builds
    assert len(old) != len(new)
    store = tmp_path / "store"
    shutil.copytree(old_store, store)
    args = [sys.executable, "-c", STORE_WRITER, str(new_file), str(store)]
    if crash.startswith("seed-"):
        proc = subprocess.Popen([*args, "none"], env=env(), stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline() == "writing\n"  # read, the store write starts
        time.sleep(random.Random(crash).uniform(0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    else:
        proc = subprocess.run([*args, crash], env=env(), timeout=600, capture_output=True)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    after = store_quads(store)
    assert after in (old, new), f"{len(after)} quads: neither the old nor the new store"
    if crash == "after-exchange":
        assert after == new
    elif not crash.startswith("seed-"):
        assert after == old

    subprocess.run([*args, "none"], env=env(), timeout=600, check=True, capture_output=True)
    assert store_quads(store) == new
    assert [p.name for p in tmp_path.iterdir()] == ["store"], "a staging folder was left"


def mount_tmpfs(path: Path, size: str) -> None:
    """Mount a size-limited tmpfs at ``path`` (root only; skipped where not allowed)."""
    path.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("a size-limited file system needs root (mount -t tmpfs)")
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"mount -t tmpfs not permitted here: {proc.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "3m")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("where", ["store", "outputs"])
def test_a_full_disk_fails_in_one_line_and_keeps_the_old(small_disk, tmp_path, where, capsys):
    """A build of 40 articles onto a 3 MB file system holding the build of the 4 examples:
    exit 1, one error line, the old store (or graph.ttl and graph.html) as they were."""
    out = small_disk / "out" if where == "outputs" else tmp_path / "out"
    store = small_disk / "store"
    first = ["build", *map(str, EXAMPLE_FILES), "-o", str(out), "-q"]
    assert main([*first, *(["--store", str(store)] if where == "store" else [])]) == 0
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.html")}
    quads = store_quads(store) if where == "store" else None
    capsys.readouterr()

    many = copies(tmp_path / "many", 40)
    again = ["build", str(many), "-o", str(out), "-q"]
    assert main([*again, *(["--store", str(store)] if where == "store" else [])]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: "), errors
    assert "No space left on device" in errors[0] or "no space" in errors[0].lower()
    if where == "store":
        assert store_quads(store) == quads
        assert sorted(p.name for p in small_disk.iterdir()) == ["store"]
    assert {name: (out / name).read_bytes() for name in before} == before
    assert one_generation(out) == len(EXAMPLE_FILES)


# -- 2. One output generation at a time ------------------------------------------------------


KILLING_BUILD = textwrap.dedent(
    """
    import os, signal, sys
    after = int(sys.argv[1])
    real, calls = os.replace, [0]

    def replace(*args, **kwargs):
        real(*args, **kwargs)
        calls[0] += 1
        if calls[0] == after:
            os.kill(os.getpid(), signal.SIGKILL)

    os.replace = replace
    from diplograph.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.slow
def test_a_build_killed_after_any_rename_leaves_one_generation(tmp_path):
    """kill -9 after each rename a build makes (its temporary files, the switch of the
    generation, the links), and at seeded random times: graph.ttl and graph.html always
    come from one build (the same articles), the old one or the new one."""
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 0
    assert one_generation(out) == 1
    args = ["build", *map(str, EXAMPLE_FILES), "-o", str(out), "-q"]
    seen = set()
    for after in range(1, 8):
        if one_generation(out) != 1:  # the last one switched: back to the old build
            assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 0
        proc = subprocess.run(
            [sys.executable, "-c", KILLING_BUILD, str(after), *args],
            env=env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        seen.add(one_generation(out))
        if proc.returncode == 0:  # fewer renames than ``after``: the build ended
            assert one_generation(out) == len(EXAMPLE_FILES)
            break
        assert proc.returncode == -signal.SIGKILL, proc.stderr
    else:
        pytest.fail("a build should make fewer than 8 renames")
    assert seen == {1, len(EXAMPLE_FILES)}, "some kill should come before, some after the switch"
    for seed in range(2):
        proc = subprocess.Popen(
            [sys.executable, "-m", "diplograph", *args],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.Random(seed).uniform(1, 6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert one_generation(out) in (1, len(EXAMPLE_FILES))


def test_a_build_into_a_folder_another_build_holds_fails_in_one_line(tmp_path, capsys):
    """The lock is flock on .diplograph/lock, which holds across PID namespaces (no PID is
    written or read): held here, a build fails with one line and changes nothing."""
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 0
    before = (out / "graph.ttl").read_bytes()
    capsys.readouterr()
    fd = os.open(out / ".diplograph" / "lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["build", *map(str, EXAMPLE_FILES), "-o", str(out), "-q"]) == 1
    finally:
        os.close(fd)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and LOCK_TAKEN in err[0], err
    assert (out / "graph.ttl").read_bytes() == before
    assert len(list((out / ".diplograph").glob("gen-*"))) == 1


@pytest.mark.slow
def test_concurrent_builds_into_one_folder_never_mix(tmp_path):
    """Two builds started together into one folder (one of 1 article, one of 4): each ends
    with its outputs or fails in one line; graph.ttl and graph.html are of one build."""
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "diplograph", "build", *files, "-o", str(out), "-q"],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for files in ([str(EXAMPLE_FILES[0])], list(map(str, EXAMPLE_FILES)))
    ]
    outcomes = [(p.wait(timeout=600), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    assert any(code == 0 for code, _ in outcomes)
    for code, err in outcomes:
        assert code == 0 or (LOCK_TAKEN in err and len(err.strip().splitlines()) == 1), err
    assert one_generation(out) in (1, len(EXAMPLE_FILES))


def test_clean_up_removes_only_its_own_leftovers(tmp_path, capsys):
    """Files a user keeps beside the outputs (named like old temporary files, old, of a PID
    that is gone) stay; a generation folder a killed build left in .diplograph/ goes."""
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 0
    users = [
        out / ".graph-2024-backup.ttl",
        out / ".graph.ttl.bak",
        out / ".graph.ttl-99999999-abcdefgh",
        out / ".graph.html-1-x",
        out / ".diplograph" / "notes.txt",
    ]
    for path in users:
        path.write_text("mine\n", encoding="utf-8")
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    left = out / ".diplograph" / "gen-0123456789abcdef"
    left.mkdir()
    (left / "graph.ttl").write_text("half", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(EXAMPLE_FILES[1]), "-o", str(out)]) == 0
    assert "removed .diplograph/gen-0123456789abcdef, left behind" in capsys.readouterr().err
    assert not left.exists()
    for path in users:
        assert path.read_text(encoding="utf-8") == "mine\n", path.name


def test_links_follow_the_generation(tmp_path):
    """graph.ttl and graph.html are links into .diplograph/current; a build in another format
    or without the page removes the links it no longer backs (no stale graph.ttl is read)."""
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 0
    assert os.readlink(out / "graph.ttl") == ".diplograph/current/graph.ttl"
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q", "--format", "trig"]) == 0
    assert main(["build", str(EXAMPLE_FILES[1]), "-o", str(out), "-q", "--format", "trig"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".diplograph",
        "graph.html",
        "graph.trig",
        "void.ttl",
    ]
    assert main(["build", str(EXAMPLE_FILES[1]), "-o", str(out), "-q", "--no-html"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".diplograph", "graph.ttl", "void.ttl"]


def test_update_after_another_format_reads_the_current_generation(tmp_path):
    """Turtle of one article, then TriG of two: ``--update`` in Turtle reads the TriG (the
    graph.ttl of the first build is gone with its generation) and keeps both articles."""
    out = tmp_path / "out"
    first, second, third = (str(p) for p in EXAMPLE_FILES[:3])
    assert main(["build", first, "-o", str(out), "-q", "--no-html"]) == 0
    assert (
        main(["build", first, second, "-o", str(out), "-q", "--no-html", "--format", "trig"]) == 0
    )
    assert main(["build", third, "-o", str(out), "-q", "--no-html", "--update"]) == 0
    assert articles_in_graph(out) == 3


@pytest.mark.parametrize("follow", [True, False])
def test_a_copied_output_folder_builds_on(tmp_path, follow):
    """A copy of an output folder, its links kept (cp -a) or followed (cp -rL, copytree),
    takes ``--update`` like the original."""
    assert main(["build", *map(str, EXAMPLE_FILES[:2]), "-o", str(tmp_path / "a"), "-q"]) == 0
    copy = tmp_path / "b"
    shutil.copytree(tmp_path / "a", copy, symlinks=not follow)
    assert main(["build", str(EXAMPLE_FILES[2]), "-o", str(copy), "-q", "--update"]) == 0
    assert one_generation(copy) == 3
    assert len(list((copy / ".diplograph").glob("gen-*"))) == 1
    assert one_generation(tmp_path / "a") == 2


def test_a_foreign_diplograph_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    (out / ".diplograph").mkdir(parents=True)
    (out / ".diplograph" / "mine.txt").write_text("mine", encoding="utf-8")
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not diplograph's" in err[0]
    assert sorted(p.name for p in (out / ".diplograph").iterdir()) == ["mine.txt"]


# -- 3. Only regular files are replaced; --store takes a store --------------------------------


def special(tmp_path: Path, kind: str) -> Path:
    """A path that is not a regular file: a FIFO, a link to /dev/null, a folder."""
    path = tmp_path / f"target-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "devnull":
        path.symlink_to("/dev/null")
    else:
        path.mkdir()
        (path / "keep.txt").write_text("keep", encoding="utf-8")
    return path


def unchanged(path: Path, kind: str) -> bool:
    if kind == "fifo":
        return stat.S_ISFIFO(path.lstat().st_mode)
    if kind == "devnull":
        return os.readlink(path) == "/dev/null" and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    return (path / "keep.txt").read_text(encoding="utf-8") == "keep"


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q", "--no-html"]) == 0
    return out / "graph.ttl"


@pytest.mark.parametrize("kind", ["fifo", "devnull", "folder"])
def test_graphml_never_replaces_what_is_not_a_regular_file(tmp_path, kind, example_graph, capsys):
    target = special(tmp_path, kind)
    assert main(["analyze", str(example_graph), "--graphml", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a regular file" in err[0], err
    assert unchanged(target, kind)


@pytest.mark.parametrize("name", ["graph.ttl", "graph.html"])
@pytest.mark.parametrize("kind", ["fifo", "devnull", "folder"])
def test_build_never_replaces_what_is_not_a_regular_file(tmp_path, kind, name, capsys):
    out = tmp_path / "out"
    out.mkdir()
    target = special(tmp_path, kind)
    target.rename(out / name) if kind != "devnull" else (out / name).symlink_to("/dev/null")
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{name}: is " in err[0] and "not a regular file" in err[0], err
    assert unchanged(out / name, kind)
    assert not (out / ".diplograph").exists()


@pytest.mark.parametrize("kind", ["fifo", "devnull"])
def test_output_folder_that_is_no_folder_is_refused(tmp_path, kind, capsys):
    target = special(tmp_path, kind)
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(target), "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not a folder" in err[0], err
    assert unchanged(target, kind)


@pytest.mark.parametrize("kind", ["fifo", "devnull", "file", "other-files"])
def test_store_that_is_no_store_is_refused_before_anything_is_written(tmp_path, kind, capsys):
    """--store a FIFO, a link to /dev/null, a file or a folder of other files: one line, and
    neither the target nor the outputs change."""
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q"]) == 0
    before = (out / "graph.ttl").read_bytes()
    if kind == "file":
        target = tmp_path / "file"
        target.write_text("mine", encoding="utf-8")
    elif kind == "other-files":
        target = special(tmp_path, "folder")
    else:
        target = special(tmp_path, kind)
    capsys.readouterr()
    assert main(["build", str(EXAMPLE_FILES[1]), "-o", str(out), "-q", "--store", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {target}: is "), err
    if kind == "file":
        assert target.read_text(encoding="utf-8") == "mine"
    else:
        assert unchanged(target, "folder" if kind == "other-files" else kind)
    assert (out / "graph.ttl").read_bytes() == before


def test_a_store_into_an_empty_folder_after_a_failed_build(tmp_path, capsys):
    """An empty folder is a store to be; a build that processed nothing leaves it one."""
    store = tmp_path / "store"
    store.mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(empty), "-o", str(out), "-q", "--store", str(store)]) == 1
    args = ["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q", "--store", str(store)]
    capsys.readouterr()
    assert main(args) == 0, capsys.readouterr().err
    assert len(store_quads(store)) > 100


def test_a_store_in_use_is_reported_before_the_outputs_change(tmp_path, capsys):
    out, store = tmp_path / "out", tmp_path / "store"
    first = ["build", str(EXAMPLE_FILES[0]), "-o", str(out), "-q", "--store", str(store)]
    assert main(first) == 0
    before = {n: (out / n).read_bytes() for n in ("graph.ttl", "graph.html")}
    quads = store_quads(store)
    capsys.readouterr()
    held = ox.Store(str(store))  # as a server would hold it
    try:
        again = ["build", str(EXAMPLE_FILES[1]), "-o", str(out), "-q", "--store", str(store)]
        assert main(again) == 1
    finally:
        del held
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no other process" in err[0], err
    assert {n: (out / n).read_bytes() for n in before} == before
    assert store_quads(store) == quads


# -- 9. The same bytes, whatever the input order and hash seed -------------------------------


ALL_FORMATS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from diplograph.build import build
    out, files = Path(sys.argv[1]), sys.argv[2:]
    for fmt in ("turtle", "trig", "nt", "nquads", "json-ld"):
        build(files, out / fmt, fmt=fmt, report=lambda line: None)
    """
)


@pytest.mark.slow
def test_every_format_and_the_page_are_the_same_bytes_in_any_order(tmp_path):
    """Every format and graph.html, built in two processes with other hash seeds from the
    inputs in opposite orders (N-Triples and N-Quads once followed the input order, JSON-LD
    the order of rdflib's store)."""
    files = [str(p) for p in EXAMPLE_FILES]
    for name, seed, order in (("a", "1", files), ("b", "4242", files[::-1])):
        proc = subprocess.run(
            [sys.executable, "-c", ALL_FORMATS, str(tmp_path / name), *order],
            env=env(seed),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
    compared = 0
    for path in sorted((tmp_path / "a").glob("*/graph.*")):
        twin = tmp_path / "b" / path.parent.name / path.name
        assert path.read_bytes() == twin.read_bytes(), f"{path.parent.name}/{path.name}"
        compared += 1
    assert compared == 10
