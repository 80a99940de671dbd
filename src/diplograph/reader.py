"""Reading articles: files, folders and stdin; header line, encoding, language.

An article file may start with a header line ``date YYYY-MM-DD TITLE`` (leading whitespace
allowed); the body follows. Plain text without a header is accepted too (date unknown).
HTML pages are reduced to their main text with trafilatura.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from diplograph.errors import ArticleError, ArticleSkipped, UnsupportedLanguage
from diplograph.records import Article

SUPPORTED_LANGUAGES = ("de", "en")
DEFAULT_MAX_BYTES = 5_000_000

_HEADER = re.compile(r"^[ \t\ufeff]*date[ \t]+(\S+)(?:[ \t]+(.*))?$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")
# C0 control bytes that text files do not contain (tab, newlines, form feed and escape they may)
_BINARY_BYTES = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def slugify(text: str, *, max_len: int = 80) -> str:
    """A lowercase ASCII slug (a-z, 0-9, '-') of any text; never empty."""
    folded = unicodedata.normalize("NFKD", text)
    folded = folded.replace("ß", "ss")
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    return slug or "x"


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    from diplograph import schemas
    from diplograph.package_data import read_yaml

    words = schemas.check("lang/detect.yaml", read_yaml("lang/detect.yaml"))
    return {lang: frozenset(w.lower() for w in vocab) for lang, vocab in words.items()}


def detect_language(text: str) -> str | None:
    """Tell the language of a text from its function words.

    Returns:
        A language code (``de``, ``en``, ``fr``, ...), ``ru``/``uk``-like ``cyrillic`` texts as
        ``ru``, or None when the text has too few words to tell.
    """
    head = text[:6000]  # a few hundred words tell the language
    if not head.isascii() and _NON_LATIN_LETTER.search(head):
        letters = len(
            _LETTER.findall(head)
        )  # counted by regular expressions, not per character in Python
        if letters:
            if len(_CYRILLIC.findall(head)) / letters > 0.3:
                return "ru"
            if len(_NON_LATIN_LETTER.findall(head)) / letters > 0.5:
                return "other"
    words = Counter(map(str.lower, _WORD.findall(head)))
    if sum(words.values()) < 3:
        return None
    scores = {
        lang: sum(words[w] for w in vocab.intersection(words))
        for lang, vocab in _function_words().items()
    }
    best = max(scores, key=lambda k: (scores[k], k in SUPPORTED_LANGUAGES))
    if scores[best] == 0:
        return None
    return best


def decode(data: bytes, source: str) -> str:
    """Decode bytes to text: BOMs first, then UTF-8, then charset detection.

    Raises:
        ArticleError: the bytes are not text (binary) or no encoding fits.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError(source, f"broken UTF-16 text ({exc.reason})") from None
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if sample.count(b"\x00") > max(8, len(sample) // 100) or controls > max(8, len(sample) // 20):
        raise ArticleError(source, "not a text file (binary content)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(source, "unreadable encoding (neither UTF-8 nor any known charset)")
    return str(best)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _from_html(text: str, source: str) -> tuple[str, str | None, dt.date | None]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=False)
    if not body or not body.strip():
        raise ArticleError(source, "HTML page without readable article text")
    meta = trafilatura.extract_metadata(text)
    title = meta.title if meta is not None else None
    date = None
    if meta is not None and meta.date:
        try:
            date = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            date = None
    return body, title, date


def parse_article(
    text: str,
    source: str,
    *,
    lang: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Make an Article of decoded text: header line, body, language.

    Args:
        text: the article text.
        source: the file name, used in messages and as the article's source.
        lang: force a language instead of detecting it.
        max_bytes: longer texts (in UTF-8 bytes) are skipped with a message, never truncated.

    Raises:
        ArticleSkipped: too long, or an unsupported language (:class:`UnsupportedLanguage`).
        ArticleError: empty text, impossible header date.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if text.startswith("\ufeff"):
        text = text[1:]
    size = len(text.encode("utf-8", errors="replace"))
    if size > max_bytes:
        raise too_long(source, size, max_bytes)
    title: str | None = None
    date: dt.date | None = None
    if _looks_like_html(text):
        text, title, date = _from_html(text, source)
        text = text.replace("\r\n", "\n")
    if not text.strip():
        raise ArticleError(source, "empty article (no text)")
    body_start = 0
    first_end = text.find("\n")
    first_line = text if first_end < 0 else text[:first_end]
    match = _HEADER.match(first_line)
    if match:
        raw_date = match.group(1)
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise ArticleError(
                source, f"impossible date {raw_date!r} in header line (expected YYYY-MM-DD)"
            ) from None
        title = (match.group(2) or "").strip() or None
        body_start = len(text) if first_end < 0 else first_end + 1
    # The body starts at its first word: spaCy's tokenizer stops caching a Doc's chunks after
    # the first special case it meets, and "\n" is one (spaCy issue #1250), so a leading line
    # break made every word of the article go through the slow affix-splitting path.
    body_start += len(text) - body_start - len(text[body_start:].lstrip())
    body = text[body_start:]
    if not body.strip():
        raise ArticleError(source, "article has a header but no body text")
    detected = detect_language(body if len(body) > 40 else (title or "") + " " + body)
    if lang is None:
        if detected is None:
            raise UnsupportedLanguage(
                source, "cannot tell the language (too little text); use --lang"
            )
        if detected not in SUPPORTED_LANGUAGES:
            raise UnsupportedLanguage(
                source,
                f"unsupported language {detected!r} (diplograph reads de and en; force one with --lang)",
            )
        lang = detected
    elif lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(source, f"unsupported language {lang!r} (choose de or en)")
    stem = Path(source).name
    for suffix in (".txt", ".html", ".htm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return Article(
        id=slugify(stem),
        source=Path(source).name if source != "<stdin>" else source,
        text=text,
        body_start=body_start,
        title=title,
        date=date,
        lang=lang,
    )


def too_long(source: str, size: int | None, max_bytes: int) -> ArticleSkipped:
    """The message for an article over ``--max-bytes``: it is skipped whole, not truncated (a
    cut article would lose sentences without saying which, and its offsets would no longer
    point into the file)."""
    what = f"{size:,} bytes" if size is not None else "more than that"
    return ArticleSkipped(source, f"too long ({what}; limit --max-bytes {max_bytes:,}); skipped")


def read_article(
    path: Path | str, *, lang: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Article:
    """Read one article file (or ``-`` for stdin).

    Raises:
        ArticleError: the file is missing, unreadable, binary, empty or otherwise unusable.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    if source == "<stdin>":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_long(source, None, max_bytes)
    else:
        try:
            # the size first: a file over the limit is never read into memory
            size = Path(path).stat().st_size
            if size > max_bytes and Path(path).is_file():
                raise too_long(source, size, max_bytes)
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise ArticleError(source, "no such file") from None
        except IsADirectoryError:
            raise ArticleError(source, "is a folder, not a file") from None
        except OSError as exc:
            raise ArticleError(source, f"cannot read ({exc.strerror})") from None
    if not data.strip():
        raise ArticleError(source, "empty file")
    text = decode(data, source)
    article = parse_article(text, source, lang=lang, max_bytes=max_bytes)
    article.sha256 = hashlib.sha256(data).hexdigest()
    article.location = None if source == "<stdin>" else source
    return article


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files as given, folders recursively (*.txt, *.html, sorted), ``-`` as is."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm")
            )
            yield from (str(p) for p in found)
        else:
            yield item
