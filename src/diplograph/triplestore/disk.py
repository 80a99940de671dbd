"""The persistent store of ``build --store DIR``: an Oxigraph database on disk.

Each article lives in its own named graph (the article's IRI). Writing a build replaces the
graphs of the articles in it and leaves every other article alone, so rebuilding an article
never duplicates its statements and adding articles never loses the old ones. Shared graphs
(knowledge-base facts, see :mod:`diplograph.triplestore.dataset`) are only added to. The
description of the dataset (``<base>graph/dataset``, :mod:`diplograph.rdf.description`) is
that of the last build with its counts and articles made anew from the whole store, so it
describes what the store holds, as graph.ttl's describes graph.ttl.

The default graph is the set of all triples of the named graphs, made anew after every write
(:data:`UNION_UPDATE`): a query on it gives each triple once, as on graph.ttl, however many
article graphs hold it (Oxigraph's union of the named graphs would give it once per graph).
"""

from __future__ import annotations

import fcntl
import gc
import glob
import os
import secrets
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import VOID

from diplograph.errors import StoreError
from diplograph.rdf.description import ENTITY_CLASSES, DatasetCounts, recount
from diplograph.rdf.namespace import DG
from diplograph.tempfiles import exchange, file_kind, sync_folder
from diplograph.triplestore.dataset import (
    UNION_UPDATE,
    ArticleGraphs,
    split_by_article,
    with_unplaced_named,
)
from diplograph.triplestore.engines import open_store
from diplograph.triplestore.terms import to_oxigraph_quad

__all__ = ["BULK_MIN_QUADS", "NAMED_QUADS", "StoreWrite", "write_store"]

BULK_MIN_QUADS = 0
"""Builds with at least this many quads are written with Oxigraph's bulk loader (about three
times faster than transactions; the store is written as a staged copy, so the bulk loader's
lack of transactions costs nothing: a failed copy is thrown away)."""

NAMED_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
UNION_TRIPLES = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
ARTICLES = (
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/diplograph/ontology#Article> } }"
)


def without_description(parts: ArticleGraphs) -> ArticleGraphs:
    """``parts`` without a build's description graph (``<base>graph/dataset``)."""
    shared = {
        name: triples
        for name, triples in parts.shared.items()
        if name is None or not str(name).endswith("/graph/dataset")
    }
    return ArticleGraphs(articles=parts.articles, shared=shared)


_STORE_COUNTS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?c { "
    + " ".join(f"<{c}>" for c in ENTITY_CLASSES)
    + " } ?s a ?c }",
    "events": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e <{DG.articleCount}> ?c }}",
    "relations": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{RDF.Statement}> }}",
}


def _describe_store(store: ox.Store, name: URIRef, description: set) -> None:
    """Write a build's description into graph ``name`` (and the default graph) with its counts
    and articles made from the store's default graph (the set of all its other triples)."""
    counts = DatasetCounts()
    for key, query in _STORE_COUNTS.items():
        answer = store.query(query)
        assert isinstance(answer, ox.QuerySolutions)
        setattr(counts, key, int(next(answer)[0].value))
    articles = store.query(f"SELECT ?a WHERE {{ ?a a <{DG.Article}> }}")
    assert isinstance(articles, ox.QuerySolutions)
    counts.articles = {solution[0].value: {} for solution in articles}
    graph = Graph()
    for triple in description:
        graph.add(triple)
    for dataset in set(graph.subjects(RDF.type, VOID.Dataset)):
        recount(graph, URIRef(str(dataset)), counts)
    for s, p, o in graph:
        store.add(to_oxigraph_quad(s, p, o, URIRef(str(name))))
        store.add(to_oxigraph_quad(s, p, o))


@dataclass
class StoreWrite:
    """What a write did to the store."""

    path: Path
    articles: int
    quads: int
    total_quads: int
    total_articles: int
    bulk: bool

    def summary(self) -> str:
        return (
            f"store {self.path}: {self.articles} article graphs written ({self.quads} quads"
            f"{', bulk load' if self.bulk else ''}); the store holds "
            f"{self.total_articles} articles, {self.total_quads} quads"
        )


def write_store(
    graph: Graph | ArticleGraphs,
    path: Path | str,
    *,
    bulk: bool | None = None,
    report: Callable[[str], None] | None = None,
) -> StoreWrite:
    """Write a built graph into the store folder ``path`` (created if missing), all of it or
    nothing (see :class:`StagedStore`).

    Args:
        graph: the merged graph of a build, a Dataset with one graph per article, or the
            graphs already split (triples in no named graph go to ``<base>graph/unplaced``,
            so that the default graph can be made from the named graphs alone).
        bulk: use the bulk loader (default: for :data:`BULK_MIN_QUADS` quads or more, so
            always); False writes in transactions (slower, the same result).

    Raises:
        StoreError: the folder is not a store, is in use, or cannot be written; the store is
            then as it was.
    """
    with StagedStore(path) as staged:
        written = staged.write(graph, bulk=bulk)
        staged.commit()
    if report:
        report(f"store {written.path}: wrote {written.articles} article graphs")
    return written


STAGING_MARKER = "DIPLOGRAPH-STORE-STAGING"
STAGING_TEXT = "diplograph build --store: a store being written, or an old one being removed\n"


def is_store(path: Path) -> bool:
    """Whether the folder ``path`` holds an Oxigraph (RocksDB) database."""
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def check_store_folder(path: Path) -> None:
    """Raise :class:`StoreError` unless ``path`` can become or be replaced by a store: missing,
    an empty folder or a store (never a file, a FIFO, a device, or a folder of other files)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot be checked ({exc.strerror or exc})") from None
    if not stat.S_ISDIR(mode):
        raise StoreError(
            f"{path}: is {file_kind(mode) if not stat.S_ISREG(mode) else 'a file'}, not a store "
            "folder; --store takes a folder (missing, empty, or a store written before)"
        )
    if path.is_symlink():
        raise StoreError(f"{path}: is a link; --store takes the store folder itself")
    try:
        # the lock file alone: an empty folder a build was refused or failed in
        empty = all(entry.name == LOCK_FILE for entry in path.iterdir())
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not empty and not is_store(path):
        raise StoreError(
            f"{path}: is a folder of other files, not an Oxigraph store; --store takes a "
            "missing or empty folder or a store written before (nothing was written)"
        )


class StagedStore:
    """A new version of the store folder ``path``, written beside it and swapped in at once.

    Entering checks the folder (:func:`check_store_folder`), takes ``flock`` on
    ``path/DIPLOGRAPH-LOCK`` (against another build writing the same store, in any process or
    container of the machine) and tries RocksDB's own lock by opening the store (against a
    server using it); either held elsewhere is reported before anything is written.
    :meth:`write` copies the store (``Store.backup``: hard links to its immutable files, so it
    costs little) into a hidden folder beside it, ``.NAME.diplograph-store-TOKEN/store``, and
    writes the build there; :meth:`commit` exchanges that copy with ``path`` in one rename (Linux
    ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, which the next build completes if it
    was interrupted between them). Killed or failed before that rename (a full disk), the store
    is as it was; the hidden folder, marked by :data:`STAGING_MARKER` and locked while in use,
    is removed then or by the next build.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.staging = self.path.parent / f".{self.path.name}.{STAGING_INFIX}{secrets.token_hex(8)}"
        self.written: Path = self.staging / "store"
        self._locks: list[int] = []

    def __enter__(self) -> StagedStore:
        check_store_folder(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_staging_leftovers(self.path)
            if self.path.exists():
                self._locks.append(_lock_store(self.path))
            self.staging.mkdir()
            marker = self.staging / STAGING_MARKER
            marker.write_text(STAGING_TEXT, encoding="utf-8")
            self._locks.append(_flock(marker))
            if is_store(self.path):
                # RocksDB's lock, tried now (a server using the store is reported before the
                # build), taken again by :meth:`write`: not held open across a whole build,
                # whose ``--jobs`` workers are forked from this process
                probe = open_store(self.path)
                del probe
                gc.collect()
        except OSError as exc:
            self.close()
            raise StoreError(f"{self.path}: cannot write the store ({_first_line(exc)})") from None
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the staging folder (an unfinished store, or the old one after the exchange)
        and release the locks."""
        shutil.rmtree(self.staging, ignore_errors=True)
        for fd in self._locks:
            os.close(fd)
        self._locks = []

    def write(self, graph: Graph | ArticleGraphs, *, bulk: bool | None = None) -> StoreWrite:
        """Write the build into the staged copy (the store at ``path`` is not touched).

        Raises:
            StoreError: it cannot be written (a full disk); the staged copy is removed.
        """
        parts = graph if isinstance(graph, ArticleGraphs) else split_by_article(graph)
        # the build's description is made anew over the whole store (_describe_store)
        described = {
            name: triples
            for name, triples in parts.shared.items()
            if name is not None and str(name).endswith("/graph/dataset")
        }
        parts = with_unplaced_named(without_description(parts))
        quads = len(parts)
        bulk = quads >= BULK_MIN_QUADS if bulk is None else bulk
        try:
            if is_store(self.path):
                old = open_store(self.path)
                old.backup(str(self.written))
                # closed before the exchange: RocksDB names its files by path, and after the
                # exchange the old path is the new store's
                del old
                gc.collect()
            store = ox.Store(str(self.written))
            try:
                total, articles = _write_parts(store, parts, bulk=bulk, described=described)
            finally:
                del store
                gc.collect()
        except BaseException as exc:
            self.close()
            # pyo3's PanicException (a failed bulk load) is no Exception
            if isinstance(exc, OSError | RuntimeError | ValueError) or (
                type(exc).__name__ == "PanicException"
            ):
                raise StoreError(
                    f"{self.path}: cannot write the store ({_first_line(exc)}); "
                    "the store is as it was"
                ) from None
            raise
        return StoreWrite(self.path, len(parts.articles), quads, total, articles, bulk)

    def commit(self) -> None:
        """Put the written store in place of the old one, in one rename, and remove the old.

        Raises:
            StoreError: the rename failed; the store is as it was.
        """
        try:
            if not self.path.exists():
                os.rename(self.written, self.path)
            elif not exchange(self.written, self.path):
                # no exchange here: the old store steps aside, the new one steps in; an
                # interruption between the two renames is repaired by the next build
                os.rename(self.path, self.staging / "old")
                os.rename(self.written, self.path)
            sync_folder(self.path.parent)
        except OSError as exc:
            self.close()
            raise StoreError(
                f"{self.path}: cannot put the new store in place ({_first_line(exc)}); "
                "the store is as it was"
            ) from None
        self.close()  # the old store (now in the staging folder) goes with it


LOCK_FILE = "DIPLOGRAPH-LOCK"
STAGING_INFIX = "diplograph-store-"


def _lock_store(path: Path) -> int:
    """Hold ``flock`` on ``path/DIPLOGRAPH-LOCK``; the open descriptor.

    Raises:
        StoreError: another build holds it.
    """
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # a build that took the lock just before its exchange holds the old store's file
        if os.fstat(fd).st_ino != os.stat(path / LOCK_FILE).st_ino:
            raise BlockingIOError
    except BlockingIOError:
        os.close(fd)
        raise StoreError(
            f"{path}: another diplograph build is writing this store; wait for it to end"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    return fd


def _write_parts(
    store: ox.Store, parts: ArticleGraphs, *, bulk: bool, described: dict | None = None
) -> tuple[int, int]:
    """Replace the article graphs of ``parts`` in ``store``, and its description by
    ``described`` (graph name -> triples) counted over the whole store; its named quads and
    articles."""
    described = described or {}
    for article in parts.articles:
        store.remove_graph(ox.NamedNode(str(article)))
    for name in described:
        store.remove_graph(ox.NamedNode(str(name)))
    new = (to_oxigraph_quad(s, p, o, g) for s, p, o, g in parts.quads())
    if bulk:
        store.bulk_extend(new)
        # the default graph made anew: the set of the triples of all named graphs
        store.clear_graph(ox.DefaultGraph())
        union = store.query(UNION_TRIPLES)
        assert isinstance(union, ox.QuerySolutions)
        store.bulk_extend(ox.Quad(r[0], r[1], r[2], ox.DefaultGraph()) for r in union)
        store.optimize()
    else:
        store.extend(new)
        store.update(UNION_UPDATE)
    for name, triples in described.items():
        _describe_store(store, name, triples)
    store.flush()
    counted = store.query(NAMED_QUADS)
    assert isinstance(counted, ox.QuerySolutions)
    total = int(next(counted)[0].value)
    found = store.query(ARTICLES)
    assert isinstance(found, ox.QuerySolutions)  # a SELECT query
    articles = sum(1 for _ in found)
    return total, articles


def _flock(path: Path) -> int:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__


def remove_staging_leftovers(path: Path) -> list[Path]:
    """Remove the staging folders interrupted builds left beside the store ``path``: only
    folders named ``.NAME.diplograph-store-*`` holding :data:`STAGING_MARKER` that no running
    build holds locked. One interrupted between the two renames of a system without exchange
    (``path`` missing, its old store in ``old``) has that store put back first.

    Returns:
        The folders removed.
    """
    removed: list[Path] = []
    try:
        candidates = sorted(path.parent.glob(f".{glob.escape(path.name)}.{STAGING_INFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        marker = folder / STAGING_MARKER
        if folder.is_symlink() or not marker.is_file():
            continue
        try:
            fd = _flock(marker)
        except OSError:  # a running build holds it
            continue
        try:
            if not path.exists() and is_store(folder / "old"):
                os.rename(folder / "old", path)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed
