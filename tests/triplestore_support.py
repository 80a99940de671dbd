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
