"""Temporary files of outputs: how they are named and published, and what may be replaced.

Every output (graph.ttl and the other formats, the streamed N-Triples, graph.html) is written to
a hidden temporary file beside it and renamed into place (:func:`write_atomic`), so the old
output stays whole until the new one is complete. The temporary file is created private (mode
0600) and given the mode a new file gets from the user's umask (0644 under umask 022) just before
the rename, so the output is as readable as any file the user writes. A build writes these files
inside its own generation folder (:mod:`diplograph.generations`), whose clean-up removes what a
killed build left; nothing here deletes a file by its name alone. Only regular files are ever
replaced (:func:`refuse_non_regular`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from diplograph.errors import OutputError


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


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def file_kind(mode: int) -> str:
    """What a file of mode ``mode`` is, in words ("a FIFO", "a folder", ...)."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def refuse_non_regular(path: Path) -> None:
    """Raise :class:`OutputError` if ``path`` exists and is not a regular file (symbolic links
    followed: a link to ``/dev/null`` is refused too). A missing path, or a link to nothing,
    may be written.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot be checked ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise OutputError(
            f"{path}: is {file_kind(mode)}, not a regular file; diplograph replaces only "
            "regular files (choose another path)"
        )


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then :func:`publish` it as ``path``.

    The folder is created if missing; on any error the temporary file is removed and the old
    ``path`` (if any) is left as it was. A ``path`` that is not a regular file (a folder, a
    FIFO, a device, a link to one) is never replaced (:func:`refuse_non_regular`).
    """
    refuse_non_regular(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    try:
        write(tmp)
        publish(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sync(path: Path) -> None:
    """Flush a written file to disk before it is renamed over an old output."""
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths on one file system in one step (Linux ``renameat2`` with
    ``RENAME_EXCHANGE``): whoever opens either name sees the old or the new, never neither.

    Returns:
        False where the system or file system cannot exchange (nothing was changed then).

    Raises:
        OSError: the exchange failed for another reason.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100  # AT_FDCWD
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def sync_folder(path: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk, where the system allows it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
