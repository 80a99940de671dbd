"""One output generation at a time: the files of a build become visible together or not at all.

A build writes its files (graph.ttl or the file of another format, graph.html) into a new
generation folder, ``OUTDIR/.diplograph/gen-TOKEN/``. When all of them are written and flushed
to disk, one rename makes the link ``OUTDIR/.diplograph/current`` point at it; the names the
user opens, ``OUTDIR/graph.ttl`` and ``OUTDIR/graph.html``, are links to
``.diplograph/current/graph.ttl`` and ``.diplograph/current/graph.html`` (made once, then left
alone). So every reader (a browser, ``analyze``, ``--update``) sees the files of one build, the
previous one until that rename and the new one after it; a build killed or failed before it
changes nothing a reader sees.

Why links and not a manifest: a manifest protects only readers that follow it, and a browser
opening graph.html does not. Why not a renamed folder: OUTDIR may hold the user's own files.

``.diplograph/`` is diplograph's own folder, marked by the file ``DIPLOGRAPH-OUTPUT``; it holds
the lock file (``lock``) against concurrent builds into one OUTDIR (``flock``: the kernel's
lock on an open file, released when the process ends however it ends, and seen by every process
of the machine whatever its PID namespace, unlike a PID written in a file). Clean-up removes
only entries of that marked folder with names it gives (``gen-*``, ``link-*``, ``current-*``)
and only while it holds the lock, so never a user's file and never a running build's.

Where the file system has no symbolic links, the files are renamed into OUTDIR one by one
(each whole, the set not at once).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from diplograph.errors import OutputError
from diplograph.tempfiles import refuse_non_regular, sync, sync_folder

HOME = ".diplograph"
MARKER = "DIPLOGRAPH-OUTPUT"
MARKER_TEXT = (
    "This folder belongs to diplograph: the output generations of `diplograph build`.\n"
    "graph.ttl and graph.html beside it are links into current/; delete them together.\n"
)
CURRENT = "current"
LOCK = "lock"
_OWN_PREFIXES = ("gen-", "link-", "current-")

Reporter = Callable[[str], None]


def _token() -> str:
    return secrets.token_hex(8)


def own_link(outdir: Path, name: str) -> bool:
    """Whether ``OUTDIR/name`` is a link diplograph made into the current generation."""
    try:
        return os.readlink(outdir / name) == f"{HOME}/{CURRENT}/{name}"
    except OSError:
        return False


def check_output_folder(outdir: Path, names: list[str]) -> None:
    """Raise :class:`OutputError` unless ``outdir`` can take a build: it is a folder (or
    missing) and none of ``names`` in it is something other than a regular file or one of
    diplograph's links."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: is not a folder; -o takes the folder to write graph.ttl into")
    for name in names:
        if not own_link(outdir, name):
            refuse_non_regular(outdir / name)
    home = outdir / HOME
    if (home.exists() or home.is_symlink()) and not (home / MARKER).is_file():
        raise OutputError(
            f"{home}: exists and is not diplograph's (no {MARKER} in it); "
            "move it away or choose another -o"
        )


class Generation:
    """A build's generation of output files in ``outdir``, used as a context manager.

    Entering takes the folder's lock (:class:`OutputError` if another build holds it), removes
    what interrupted builds left in ``.diplograph/`` and makes :attr:`folder`, where the build
    writes its files. :meth:`publish` makes them the current generation; leaving without
    publishing removes them, and nothing a reader sees has changed.

    Args:
        outdir: the output folder (``-o``).
        names: the file names the build may write, checked before anything is done.
        report: where notes go (a removed leftover), one line each.
    """

    def __init__(self, outdir: Path | str, names: list[str], report: Reporter) -> None:
        self.outdir = Path(outdir)
        self.home = self.outdir / HOME
        self.names = names
        self.report = report
        self.folder = self.home / f"gen-{_token()}"
        self.published = False
        self._lock: int | None = None
        self._created: list[Path] = []  # folders this build made, removed again if unpublished

    def __enter__(self) -> Generation:
        check_output_folder(self.outdir, self.names)
        try:
            self._created = [p for p in (self.outdir, self.home) if not p.exists()]
            self.home.mkdir(parents=True, exist_ok=True)
            marker = self.home / MARKER
            if not marker.is_file():
                marker.write_text(MARKER_TEXT, encoding="utf-8")
            self._lock = _take_lock(self.home / LOCK)
            if self._lock is None:
                raise OutputError(
                    f"{self.outdir}: another diplograph build is writing into this folder "
                    f"(it holds {HOME}/{LOCK}); wait for it to end or choose another -o"
                )
            for left in remove_leftovers(self.home):
                self.report(f"removed {HOME}/{left}, left behind by an interrupted build")
            self.folder.mkdir(mode=0o777)
        except OSError as exc:
            self._unlock()
            raise OutputError(
                f"{self.outdir}: cannot write output ({exc.strerror or exc})"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if not self.published:
                shutil.rmtree(self.folder, ignore_errors=True)
                if self.home in self._created:  # a first build that wrote nothing leaves nothing
                    for name in (MARKER, LOCK):
                        (self.home / name).unlink(missing_ok=True)
                    for folder in (self.home, self.outdir):
                        if folder in self._created:
                            with contextlib.suppress(OSError):
                                folder.rmdir()
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the file releases the flock
            self._lock = None

    def final(self, path: Path) -> Path:
        """Where a file the build wrote into :attr:`folder` is seen once published."""
        return self.outdir / Path(path).name

    def publish(self) -> list[Path]:
        """Make the files of :attr:`folder` the current generation, in one rename; the paths
        the user opens, in OUTDIR.

        Raises:
            OutputError: the folder cannot be written (the previous generation stays).
        """
        try:
            names = sorted(p.name for p in self.folder.iterdir() if p.is_file())
            for name in names:
                sync(self.folder / name)
            sync_folder(self.folder)
            link = self.home / f"current-{_token()}"
            try:
                os.symlink(self.folder.name, link)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise
                return self._publish_without_links(names)
            previous = self._current()
            current = self.home / CURRENT
            if current.exists() and not current.is_symlink():
                # a copy of the folder that followed the links (cp -rL): the copy of the
                # generation steps aside, to go with the previous one
                previous = self.home / f"gen-{_token()}"
                os.rename(current, previous)
            os.replace(link, current)  # the one step that switches generations
            sync_folder(self.home)
            self.published = True
            for name in names:
                self._link(name)
            self._unlink_absent(set(names))
            sync_folder(self.outdir)
            if previous is not None and previous != self.folder:
                shutil.rmtree(previous, ignore_errors=True)
        except OSError as exc:
            raise OutputError(
                f"{self.outdir}: cannot write output ({exc.strerror or exc})"
            ) from None
        return [self.outdir / name for name in names]

    def _current(self) -> Path | None:
        try:
            target = os.readlink(self.home / CURRENT)
        except OSError:
            return None
        return self.home / target if target.startswith("gen-") and "/" not in target else None

    def _link(self, name: str) -> None:
        """Make OUTDIR/name the link into the current generation (replacing an older regular
        output file of that name, never anything else: see :func:`check_output_folder`)."""
        if own_link(self.outdir, name):
            return
        refuse_non_regular(self.outdir / name)
        link = self.home / f"link-{_token()}"
        os.symlink(f"{HOME}/{CURRENT}/{name}", link)
        os.replace(link, self.outdir / name)

    def _unlink_absent(self, names: set[str]) -> None:
        """Remove diplograph's links to files the current generation does not have (graph.ttl
        after a build in another format, graph.html after ``--no-html``)."""
        for entry in self.outdir.iterdir():
            if entry.name not in names and entry.is_symlink() and own_link(self.outdir, entry.name):
                entry.unlink()

    def _publish_without_links(self, names: list[str]) -> list[Path]:
        for name in names:
            refuse_non_regular(self.outdir / name)
            os.replace(self.folder / name, self.outdir / name)
        self.published = True
        shutil.rmtree(self.folder, ignore_errors=True)
        return [self.outdir / name for name in names]


def _take_lock(path: Path) -> int | None:
    """An open file descriptor holding an exclusive ``flock`` on ``path``, or None when another
    process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # a first build that wrote nothing removes the lock file it held: ours must be the one
        # at ``path`` now
        if os.fstat(fd).st_ino != os.stat(path).st_ino:
            raise BlockingIOError
    except (BlockingIOError, FileNotFoundError):
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_leftovers(home: Path) -> list[str]:
    """Remove what interrupted builds left in diplograph's folder ``home`` (generation folders
    that are not current, links not yet renamed into place); only call it holding the lock.

    Returns:
        The names removed.
    """
    if not (home / MARKER).is_file():
        return []
    try:
        current = os.readlink(home / CURRENT)
    except OSError:
        current = None
    removed = []
    for entry in sorted(home.iterdir()):
        if not entry.name.startswith(_OWN_PREFIXES) or entry.name == current:
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry.name)
    return removed
