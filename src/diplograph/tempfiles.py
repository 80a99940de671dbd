"""Temporary files of outputs: how they are named, and clearing those a killed build left.

Every output (graph.ttl and the other formats, the streamed N-Triples, graph.html) is written to
a hidden temporary file beside it and renamed into place, so the old output stays whole until
the new one is complete. A build killed with ``kill -9`` cannot delete its temporary file; the
next build into the same folder does. The writing process's ID is part of the name, so a build
running at the same time in the same folder keeps its files.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

_TEMP = re.compile(r"^\.graph[.\-]")
_PID = re.compile(r"^\.graph[^-]*-(\d+)-")
UNNAMED_AGE = 3600.0
"""Seconds after which a temporary file without a process ID (older versions) is removed."""


def temp_prefix(path: Path) -> str:
    """The name prefix of a temporary file for ``path``: ``.NAME-PID-``."""
    return f".{path.name}-{os.getpid()}-"


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
