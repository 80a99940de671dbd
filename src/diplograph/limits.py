"""Limits per article, so that one pathological text cannot stall or crash a batch.

Three bounds, each reported as a skipped article with a one-line reason naming the file:

- ``--max-bytes`` (checked by :mod:`diplograph.reader` on the bytes read);
- a word bound (:data:`DEFAULT_MAX_WORDS`, not an option): a cheap count of
  whitespace-separated words before any NLP, and spaCy's own length bound (``nlp.max_length``,
  one million characters), which would otherwise raise in the middle of a batch;
- ``--timeout``: wall-clock seconds per article, for reducing an HTML page to its text and
  again for the pipeline. On POSIX, in the main thread, a ``SIGALRM`` timer interrupts the work
  between two Python steps (never inside a C call), and the half-made Doc is thrown away. The
  pipelines are stateless across documents and are loaded before the timer starts, so nothing
  shared is left half-built. Where there is no ``SIGALRM`` (Windows, or a worker thread) the
  word bound is the only guard.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial

from diplograph.errors import ArticleError, ArticleSkipped
from diplograph.reader import article_ids, expand_inputs, read_article
from diplograph.records import Article, Extraction

__all__ = [
    "DEFAULT_MAX_WORDS",
    "DEFAULT_TIMEOUT",
    "MAX_CHARS",
    "alarm_available",
    "articles_within_limits",
    "check_article",
    "extract_limited",
    "time_limit",
]

DEFAULT_MAX_WORDS = 100_000
"""Longest article body accepted, in whitespace-separated words (about 600 KB of news text)."""

DEFAULT_TIMEOUT = 300.0
"""Seconds one article may take through the pipeline; generous: news articles take about one."""

MAX_CHARS = 1_000_000
"""spaCy's default ``nlp.max_length``: longer texts make the pipeline raise."""


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that no ``except Exception`` in a pipeline
    component can swallow it."""


def check_article(article: Article, *, max_words: int | None = DEFAULT_MAX_WORDS) -> None:
    """Skip an article whose body is too long for the pipeline.

    Raises:
        ArticleSkipped: more than ``max_words`` words, or more than :data:`MAX_CHARS` characters.
    """
    body = article.body
    if len(body) > MAX_CHARS:
        raise ArticleSkipped(
            article.source,
            f"too long for the pipeline ({len(body):,} characters; at most {MAX_CHARS:,}); skipped",
        )
    if max_words:
        words = len(body.split())
        if words > max_words:
            raise ArticleSkipped(
                article.source,
                f"too long ({words:,} words; at most {max_words:,}); skipped",
            )


def articles_within_limits(
    inputs: Iterable[str],
    *,
    lang: str | None,
    max_bytes: int,
    skipped: Callable[[str, str], None],
    failed: Callable[[str, str], None],
    max_words: int | None = DEFAULT_MAX_WORDS,
    timeout: float | None = None,
    warn: Callable[[str, str], None] | None = None,
    earlier: Mapping[str, str] | None = None,
) -> Iterator[Article]:
    """The articles of ``inputs`` (files and folders) that are within the limits.

    An article left out on purpose (unsupported language, over ``max_bytes``, ``max_words``
    or, while its HTML is reduced to text, ``timeout``) goes to ``skipped(source, problem)``,
    an unusable input (or a folder that cannot be searched) to ``failed(source, problem)``,
    what was read with a repair to ``warn(source, problem)``; the batch goes on. Each article
    gets an id no other article of the batch has (:func:`~diplograph.reader.article_ids`;
    ``earlier``: the ids and file names of the articles an update keeps).
    """
    sources = list(expand_inputs(inputs, problem=failed))
    ids = article_ids(sources, earlier=earlier)
    for source in sources:
        try:
            with time_limit(timeout, source):
                article = read_article(
                    source,
                    lang=lang,
                    max_bytes=max_bytes,
                    id=ids[source],
                    warn=partial(warn, source) if warn else None,
                )
            check_article(article, max_words=max_words)
            yield article
        except ArticleSkipped as exc:
            skipped(exc.source, exc.problem)
        except ArticleError as exc:
            failed(exc.source, exc.problem)
        except RecursionError:  # lxml or trafilatura on a page nested too deep
            failed(source, "too deeply nested to read")


def alarm_available() -> bool:
    """Whether :func:`time_limit` can interrupt (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with :class:`ArticleSkipped` (no-op if None/0 or
    if :func:`alarm_available` is false). An outer timer that was running is restored."""
    if not seconds or not math.isfinite(seconds) or seconds <= 0 or not alarm_available():
        yield
        return

    def expire(signum, frame):  # noqa: ANN001 - signal handler signature
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    outer = 0.0
    try:
        try:
            outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:  # also when the timer fires just as the block ends: it took that long
        raise ArticleSkipped(
            source, f"took longer than {seconds:g} s (limit --timeout); skipped"
        ) from None
    finally:
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - seconds, 0.001))


def extract_limited(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    skipped: Callable[[ArticleSkipped], None],
    failed: Callable[[str, str], None],
) -> Iterator[Extraction]:
    """Extract records article by article, each under the time limit.

    One article at a time (not in batches) so that an interrupted pipeline loses exactly that
    article. An article that runs out of time goes to ``skipped``; one whose extraction raises
    goes to ``failed(source, one-line problem)``; the others are yielded.
    """
    from diplograph.kb import load_kb
    from diplograph.nlp.pipeline import make_nlp, process
    from diplograph.relations.extract import extraction

    load_kb()
    for article in articles:
        make_nlp(article.lang, model)  # loaded before the timer: never interrupted half-built
        try:
            with time_limit(timeout, article.source):
                doc = next(
                    process([(article.id, article.body, article.date)], article.lang, model=model)
                )
                record = extraction(doc, article)
        except ArticleSkipped as exc:
            skipped(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
            failed(article.source, f"internal error while extracting: {exc!r}")
            continue
        yield record
