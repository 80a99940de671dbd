"""Shared by the query, store and server tests: the dev corpus built once per test run, the
parameters used for each bundled query, and an Oxigraph server started from the tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "dev"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
R = "https://w3id.org/diplograph/resource/"

# Parameters for each bundled query that give non-empty answers on the dev corpus.
PARAMS: dict[str, dict[str, str]] = {
    "meetings-between": {"from": "2025-01-01", "to": "2025-12-31"},
    "meetings-of-actor": {"actor": R + "person/vladimir-putin"},
    "event-attendees": {},
    "who-reported-what": {},
    "proposals": {"actor": R + "person/donald-trump"},
    "evidence": {"subject": R + "person/donald-trump"},
    "most-connected": {},
    "events-by-place": {},
    "corroboration": {},
    "fact-corroboration": {"relation": "https://w3id.org/diplograph/ontology#attends"},
}


@lru_cache(maxsize=1)
def dev_graph() -> Path:
    """graph.ttl of the dev corpus, built once per test process (the pipeline takes seconds)."""
    from diplograph.build import build

    outdir = Path(tempfile.mkdtemp(prefix="diplograph-dev-"))
    result = build([str(CORPUS)], outdir, html=False, report=lambda line: None)
    assert result.processed, "the dev corpus did not build"
    return outdir / "graph.ttl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1 with a store in a temporary folder. Its default graph is
    its own (no ``--union-default-graph``): ``diplograph load`` puts every triple there once."""

    def __init__(self, binary: str, location: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = self.base + "/query"
        self.store_url = self.base + "/store"
        self.process = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait()

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = (
                    self.process.stderr.read().decode(errors="replace")
                    if self.process.stderr
                    else ""
                )
                raise RuntimeError(
                    f"oxigraph serve exited with {self.process.returncode}: {err.strip()[:300]}"
                )
            try:
                request = urllib.request.Request(self.query_url + "?query=ASK%7B%7D")
                with urllib.request.urlopen(request, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.base} within {timeout:g} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI (PyPI package ``oxigraph``): skip without it, but fail in CI."""
    binary = shutil.which("oxigraph") or shutil.which(
        "oxigraph", path=str(Path(sys.executable).parent)
    )
    if binary is None:
        message = "the oxigraph server binary is not installed (pip install oxigraph)"
        if IN_CI:
            pytest.fail(message + " - it is required in CI")
        pytest.skip(message)
    return binary


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class VirtuosoServer:
    """Debian's Virtuoso 7 (``virtuoso-t``) on 127.0.0.1 with a database in a temporary folder
    (its default account, dba/dba). ``store_url`` is its Graph Store endpoint, which asks for
    Digest; it keeps no default graph, so ``diplograph load`` puts every triple once into
    ``ALL_TRIPLES_GRAPH``, which ``query_url`` names as the default graph."""

    def __init__(self, binary: str, location: Path) -> None:
        from diplograph.triplestore.endpoint import ALL_TRIPLES_GRAPH

        location.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        ini = location / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(db=location, sql_port=free_port(), http_port=self.port),
            encoding="utf-8",
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self.plain_query_url = self.base + "/sparql"
        self.query_url = (
            self.plain_query_url
            + "?"
            + urllib.parse.urlencode({"default-graph-uri": str(ALL_TRIPLES_GRAPH)})
        )
        self.store_url = f"http://dba:dba@127.0.0.1:{self.port}/sparql-graph-crud-auth"
        self.log = location / "virtuoso.log"
        self.process = subprocess.Popen(
            [binary, "-c", str(ini), "+foreground"],
            cwd=location,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait()

    def _wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-300:] if self.log.exists() else ""
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {tail}")
            try:
                with urllib.request.urlopen(self.base + "/sparql?query=ASK%7B%7D", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer on {self.base} within {timeout:g} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def virtuoso_server(location: Path) -> VirtuosoServer:
    """A running Virtuoso, or a skip with the reason (``apt-get install virtuoso-opensource``;
    ``.ci/run`` installs it)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    try:
        return VirtuosoServer(binary, location)
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"Virtuoso cannot start here: {str(exc)[:200]}")


JENA_JARS = "/usr/share/java"
# Jena 4.5's jars from Debian (libapache-jena-java) and the libraries they need
JENA_LIBRARIES = [
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "jsonld-java",
    "thrift",
    "protobuf",
    "slf4j-api",
    "slf4j-nop",
    "titanium-json-ld",
]


class JenaTDB2:
    """A Jena TDB2 database in a temporary folder, loaded and queried with Debian's Jena 4.5
    command-line tools (``tdb2.tdbloader``, ``tdb2.tdbquery``; Debian ships no Fuseki).

    Debian's jena-core moved the shaded Xerces classes to the package ``xerces`` but left their
    message files under ``org/apache/jena/ext/xerces``: without them on the class path every
    command fails with ``internal error`` in ``XSSimpleTypeDecl``. They are copied from the jar
    into the temporary folder, under ``xerces/``.
    """

    def __init__(self, java: str, location: Path, graph: Path) -> None:
        import zipfile

        jars = sorted(Path(JENA_JARS).glob("jena-*.jar"))
        jars += [Path(JENA_JARS) / f"{name}.jar" for name in JENA_LIBRARIES]
        missing = [jar.name for jar in jars if not jar.exists()]
        if not jars or missing:
            raise RuntimeError(f"missing jars: {', '.join(missing) or 'jena-*.jar'}")
        messages = location / "messages"
        prefix = "org/apache/jena/ext/xerces/"
        with zipfile.ZipFile(Path(JENA_JARS) / "jena-core.jar") as jar:
            for name in jar.namelist():
                if name.startswith(prefix) and name.endswith(".properties"):
                    target = messages / "xerces" / name[len(prefix) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
        self.java = java
        self.classpath = ":".join([*map(str, jars), str(messages)])
        self.database = location / "tdb2"
        self.location = location
        self._run("tdb2.tdbloader", "--loc", str(self.database), str(graph))

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [self.java, "-cp", self.classpath, *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip()[-300:]}")
        return done.stdout

    def select(self, query: str):
        """The answer to ``query`` (text with its parameters already bound), as Results."""
        import json

        from diplograph.triplestore.results import from_json

        path = self.location / "query.rq"
        path.write_text(query, encoding="utf-8")
        out = self._run(
            "tdb2.tdbquery", "--loc", str(self.database), "--results=json", "--query", str(path)
        )
        return from_json(json.loads(out))


def jena_tdb2(location: Path, graph: Path) -> JenaTDB2:
    """Jena TDB2 holding ``graph``, or a skip with the reason (``apt-get install
    libapache-jena-java default-jre-headless``; ``.ci/run`` installs them)."""
    java = shutil.which("java")
    if java is None or not (Path(JENA_JARS) / "jena-tdb2.jar").exists():
        pytest.skip(
            "Jena is not installed (apt-get install libapache-jena-java default-jre-headless)"
        )
    try:
        return JenaTDB2(java, location, graph)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"Jena cannot run here: {str(exc)[:300]}")
