"""Temporary files of outputs: how they are named, and clearing those a killed build left.

Every output (graph.ttl and the other formats, the streamed N-Triples, graph.html) is written to
a hidden temporary file beside it and renamed into place (:func:`write_atomic`), so the old
output stays whole until the new one is complete. The temporary file is created private (mode
0600) and given the mode a new file gets from the user's umask (0644 under umask 022) just before
the rename, so the output is as readable as any file the user writes. A build killed with
``kill -9`` cannot delete its temporary file; the next build into the same folder does. The
writing process's ID is part of the name, so a build running at the same time in the same folder
keeps its files.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_TEMP = re.compile(r"^\.graph[.\-]")
_PID = re.compile(r"^\.graph[^-]*-(\d+)-")
UNNAMED_AGE = 3600.0
"""Seconds after which a temporary file without a process ID (older versions) is removed."""


def temp_prefix(path: Path) -> str:
    """The name prefix of a temporary file for ``path``: ``.NAME-PID-``."""
    return f".{path.name}-{os.getpid()}-"


def temp_beside(path: Path) -> Path:
    """A new empty temporary file beside ``path`` (mode 0600), named with :func:`temp_prefix`."""
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    os.close(fd)
    return Path(tmp)


def umask() -> int:
    """The process's umask, read without changing it where Linux shows it (/proc/self/status)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (not thread-safe, so only as a fallback)
    os.umask(mask)
    return mask


def publish(tmp: Path, path: Path) -> None:
    """Give a finished temporary file the mode of a new file under the umask, flush it to
    disk and rename it to ``path``."""
    os.chmod(tmp, 0o666 & ~umask())
    sync(tmp)
    os.replace(tmp, path)


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then :func:`publish` it as ``path``.

    The folder is created if missing; on any error the temporary file is removed and the old
    ``path`` (if any) is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    try:
        write(tmp)
        publish(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(outdir: Path) -> list[Path]:
    """Delete the temporary ``.graph*`` files in ``outdir`` whose build is no longer running.

    Returns:
        The files removed.
    """
    removed: list[Path] = []
    try:
        candidates = [p for p in Path(outdir).iterdir() if _TEMP.match(p.name) and p.is_file()]
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        match = _PID.match(path.name)
        if match:
            stale = not _alive(int(match.group(1)))
        else:
            try:
                stale = now - path.stat().st_mtime > UNNAMED_AGE
            except OSError:
                continue
        if stale:
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def sync(path: Path) -> None:
    """Flush a written file to disk before it is renamed over an old output."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
