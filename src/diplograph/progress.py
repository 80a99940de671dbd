"""A progress bar for builds: articles done, articles per second and time left, on stderr.

Shown only when stderr is a terminal and the build has more than :data:`MIN_ARTICLES`
articles; otherwise the build prints nothing until its summary line. Messages printed while the
bar is shown go above it (see :meth:`BuildProgress.wrap`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

__all__ = ["MIN_ARTICLES", "BAR", "BuildProgress", "Phases", "phase", "reporting_phases"]

MIN_ARTICLES = 5
BAR = "{desc}: {n_fmt}/{total_fmt} |{bar}| {rate_fmt}, {elapsed} elapsed, {remaining} left"


class BuildProgress:
    """Context manager around a tqdm bar that may be switched off.

    Args:
        total: number of input files.
        enabled: the caller wants progress (``--quiet`` turns it off).
        stream: where the bar goes (stderr).
    """

    def __init__(self, total: int, *, enabled: bool = True, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled and total > MIN_ARTICLES and _is_terminal(self.stream)
        self._bar: Any = None

    def __enter__(self) -> BuildProgress:
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.total,
                unit="article",
                file=self.stream,
                dynamic_ncols=True,
                desc="articles",
                smoothing=0.1,
                bar_format=BAR,
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def advance(self, n: int = 1) -> None:
        if self._bar is not None and n:
            self._bar.update(n)

    def wrap(self, report: Callable[[str], None]) -> Callable[[str], None]:
        """A reporter that prints above the bar while it is shown."""

        def say(line: str) -> None:
            if self._bar is None:
                report(line)
                return
            with self._bar.external_write_mode(file=self.stream):
                report(line)

        return say


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Phases:
    """The named phases of a build on stderr, one line each with the time since the command
    started ("[  3.2 s] extracting 400 articles"), so a person can follow a build; shown only
    when the stream is a terminal (a log or a pipe gets the summary alone, as before).

    Args:
        enabled: the caller wants progress (``--quiet`` turns it off).
        stream: where the lines go (stderr).
        started: the command's start (``time.perf_counter()``), so the times are wall times.
    """

    def __init__(
        self,
        *,
        enabled: bool = True,
        stream: IO[str] | None = None,
        started: float | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and _is_terminal(self.stream)
        self.started = time.perf_counter() if started is None else started

    def __call__(self, name: str) -> None:
        if self.enabled:
            seconds = time.perf_counter() - self.started
            print(f"[{seconds:6.1f} s] {name}", file=self.stream, flush=True)


_reporter: Callable[[str], None] | None = None


def phase(name: str) -> None:
    """Say that a build enters the phase ``name`` (nothing unless a command set a reporter
    with :func:`reporting_phases`; library calls stay silent)."""
    if _reporter is not None:
        _reporter(name)


class reporting_phases:  # noqa: N801 - used as a context manager, like contextlib's
    """Within ``with reporting_phases(Phases(...)):`` the phases of a build are reported."""

    def __init__(self, reporter: Callable[[str], None]) -> None:
        self.reporter = reporter

    def __enter__(self) -> Callable[[str], None]:
        global _reporter
        self.previous, _reporter = _reporter, self.reporter
        return self.reporter

    def __exit__(self, *exc: object) -> None:
        global _reporter
        _reporter = self.previous
