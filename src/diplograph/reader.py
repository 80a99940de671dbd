"""Reading articles: files, folders and stdin; header line, encoding, language.

An article file may start with a header line ``date YYYY-MM-DD TITLE`` (leading whitespace
allowed); the body follows. Plain text without a header is accepted too (date unknown).
HTML pages are reduced to their main text with trafilatura.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

from diplograph.errors import ArticleError, ArticleSkipped, UnsupportedLanguage
from diplograph.records import Article

__all__ = [
    "Language",
    "SUPPORTED_LANGUAGES",
    "DEFAULT_MAX_BYTES",
    "slugify",
    "short_hash",
    "name_slug",
    "article_stem",
    "article_id",
    "article_ids",
    "read_bytes",
    "detect_language",
    "decode",
    "parse_article",
    "too_long",
    "read_article",
    "expand_inputs",
]

Language = Literal["de", "en"]
SUPPORTED_LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_MAX_BYTES = 5_000_000

_HEADER = re.compile(
    r"^[ \t\ufeff]*date[ \t]+([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]+-[0-9]+-[0-9]+)(?:[ \t]+(.*))?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")
# C0 control bytes that text files do not contain (tab, newlines, form feed and escape they may)
_BINARY_BYTES = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def slugify(text: str, *, max_len: int = 80) -> str:
    """A lowercase ASCII slug (a-z, 0-9, '-') of any text; never empty.

    Lossy on purpose (case, punctuation, letters outside the Latin script): for identifiers
    that must stay apart use :func:`name_slug` or :func:`article_id`.

    Examples:
        >>> slugify("Außenminister Wadephul in Kairo")
        'aussenminister-wadephul-in-kairo'
        >>> slugify("Élysée-Palast")
        'elysee-palast'
        >>> slugify("…")
        'x'
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = folded.replace("ß", "ss")
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    return slug or "x"


HASH_LENGTH = 8
"""Hex digits of the short hash that keeps two lossy slugs apart (32 bits)."""


def short_hash(text: str, *, normalize: bool = True) -> str:
    """The first :data:`HASH_LENGTH` hex digits of the SHA-256 of ``text`` in UTF-8.

    Args:
        normalize: hash the NFC form (a name typed either way is one name); file names are
            hashed as they are (``é`` and ``e`` + accent are two files).
    """
    if normalize:
        text = unicodedata.normalize("NFC", text)
    try:  # a file name's undecodable bytes come back as they were
        data = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def _outside_latin(text: str) -> bool:
    """Whether ``text`` has a letter or digit outside ASCII and the Latin script ("Ивана",
    "خان", "王"), which :func:`slugify` would drop."""
    return not text.isascii() and any(
        not ch.isascii()
        and unicodedata.category(ch)[0] in "LN"
        and not unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
    )


def name_slug(name: str, *, max_len: int = 80) -> str:
    """The slug of a name the knowledge base does not know, for its IRI (``person/<slug>``).

    A name in the Latin script keeps the plain :func:`slugify` slug ("Lech Wałęsa" →
    ``lech-waesa``), so IRIs of such names never change. A name with letters of another script
    is transliterated (anyascii) and given a short hash of the name itself, so that two names
    in any script never share an IRI ("Ивана Петрова" → ``ivana-petrova-<hash>``).
    """
    if not _outside_latin(name):
        return slugify(name, max_len=max_len)
    from anyascii import anyascii

    readable = slugify(anyascii(name), max_len=max_len - HASH_LENGTH - 1)
    return f"{readable}-{short_hash(name)}"


ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
"""File name endings of articles: what folders are searched for, and what an id leaves out."""

_PLAIN_STEM = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?")


def article_stem(source: str) -> str:
    """The file name of ``source`` without its article suffix (``.txt``, ``.html``, ``.htm``)."""
    stem = Path(source).name if source not in ("-", "<stdin>") else "stdin"
    for suffix in ARTICLE_SUFFIXES:
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)]
    return stem


def article_id(source: str) -> str:
    """The id of the article in file ``source`` (the last step of its IRI, ``article/<id>``).

    A plain name (lowercase ASCII letters, digits, ``.``, ``_``, ``-``; at most 80 characters)
    gives its slug, as it always did: ``bali-summit.en.txt`` → ``bali-summit-en``. Any other
    name (capitals, spaces, other scripts, control characters, longer names) gives a readable
    slug (transliterated) and a short hash of the name, so that names a slug would fold
    together stay apart: ``Report 1.txt`` → ``report-1-<hash>`` beside ``report-1``. Two files
    of the same name in different folders are told apart by :func:`article_ids`.
    """
    stem = article_stem(source)
    if _PLAIN_STEM.fullmatch(stem):
        return slugify(stem)
    from anyascii import anyascii

    readable = slugify(anyascii(stem), max_len=80 - HASH_LENGTH - 1)
    return f"{readable}-{short_hash(stem, normalize=False)}"


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

    Examples:
        >>> detect_language("Die Ministerin traf am Montag den Kollegen, und sie sprachen lange.")
        'de'
        >>> detect_language("The minister met her colleague on Monday, and they talked for hours.")
        'en'
        >>> detect_language("Kairo.") is None
        True
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
    supported = max(SUPPORTED_LANGUAGES, key=lambda k: scores.get(k, 0))
    if best not in SUPPORTED_LANGUAGES and 2 * scores.get(supported, 0) >= scores[best]:
        # Dutch and English share words ("is", "in", "met", "van" and "de" of names): a text
        # is left out as another language only when that language clearly wins
        return supported
    return best


def decode(data: bytes, source: str, *, warn: Callable[[str], None] | None = None) -> str:
    """Decode bytes to text: BOMs first, then UTF-8, then charset detection.

    Text that is UTF-8 except for a character cut at its very end (a file truncated while
    written or copied) is read as UTF-8, the cut character replaced, with a warning to
    ``warn``: charset detection would read the whole file in some legacy code page.

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
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            if warn is not None:
                warn("UTF-8 text cut inside a character at its end; the last character dropped")
            return data[: exc.start].decode("utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(source, "unreadable encoding (neither UTF-8 nor any known charset)")
    return str(best)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


def _page_date(found: str | None, page: str) -> dt.date | None:
    """The publication date trafilatura found in a page, when the page really gives it.

    trafilatura (htmldate) turns a date it cannot use, such as ``2025-02-30``, into the first
    of its month; a first of the month is therefore kept only when the page writes it out.
    """
    if not found:
        return None
    try:
        date = dt.date.fromisoformat(found[:10])
    except ValueError:
        return None
    if date.day == 1 and date.isoformat() not in page and date.strftime("%Y/%m/01") not in page:
        return None
    return date


def _from_html(text: str, source: str) -> tuple[str, str | None, dt.date | None]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=False)
    if not body or not body.strip():
        raise ArticleError(source, "HTML page without readable article text")
    meta = trafilatura.extract_metadata(text)
    title = meta.title if meta is not None else None
    date = _page_date(meta.date if meta is not None else None, text)
    return body, title, date


FIRST_YEAR, LAST_YEAR = 1000, 9000
"""Years a header date may name: dates are shifted by days and years when events are dated
("last week", "next year"), which must stay within what Python's dates can hold."""


def _header_date(raw_date: str, source: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(raw_date)
    except ValueError:
        raise ArticleError(
            source, f"impossible date {raw_date!r} in header line (expected YYYY-MM-DD)"
        ) from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ArticleError(
            source,
            f"date {raw_date!r} in header line is out of range (years {FIRST_YEAR}-{LAST_YEAR})",
        )
    return date


def parse_article(
    text: str,
    source: str,
    *,
    lang: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id: str | None = None,  # noqa: A002 - the Article field it sets
) -> Article:
    """Make an Article of decoded text: header line, body, language.

    Args:
        text: the article text.
        source: the file name, used in messages and as the article's source.
        lang: force a language instead of detecting it.
        max_bytes: longer texts (in UTF-8 bytes) are skipped with a message, never truncated.
        id: the article's id; default :func:`article_id` of ``source``.

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
        date = _header_date(match.group(1), source)
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
                f"unsupported language {detected!r} "
                "(diplograph reads de and en; force one with --lang)",
            )
        lang = detected
    elif lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(source, f"unsupported language {lang!r} (choose de or en)")
    return Article(
        id=id or article_id(source),
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


_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (None: a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return next((why for test, why in _KINDS if test(mode)), "is not a regular file")


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise ArticleError("<stdin>", "standard input is closed")
    try:
        return stream.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else "closed"
        raise ArticleError("<stdin>", f"cannot read standard input ({problem})") from None


def read_bytes(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` (the limit is checked on the bytes
    read, not on the size the file system tells: a file may grow while read).

    Raises:
        ArticleError: missing, unreadable, or not a regular file (a folder, device, FIFO or
            socket is never opened for reading: a FIFO would block, a device never end).
        ArticleSkipped: longer than ``max_bytes``.
    """
    source = str(path)
    try:
        why = _not_regular(os.stat(path).st_mode)
        if why:
            raise ArticleError(source, why)
        # O_NONBLOCK: should the path have become a FIFO since, opening it does not block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            why = _not_regular(info.st_mode)
            if why:
                raise ArticleError(source, why)
            if info.st_size > max_bytes:  # never read into memory
                raise too_long(source, info.st_size, max_bytes)
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise ArticleError(source, "no such file") from None
    except OSError as exc:
        raise ArticleError(source, f"cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:  # a NUL character in the path
        raise ArticleError(source, f"cannot read ({exc})") from None
    if len(data) > max_bytes:
        raise too_long(source, None, max_bytes)
    return data


def read_article(
    path: Path | str,
    *,
    lang: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id: str | None = None,  # noqa: A002 - the Article field it sets
    warn: Callable[[str], None] | None = None,
) -> Article:
    """Read one article file (or ``-`` for stdin).

    Args:
        id: the article's id; default :func:`article_id` of the path.
        warn: told, one line each, of what was read with a repair (a UTF-8 text cut short).

    Raises:
        ArticleError: the file is missing, unreadable, not a regular file, binary, empty or
            otherwise unusable.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    if source == "<stdin>":
        data = _read_stdin(max_bytes)
        if len(data) > max_bytes:
            raise too_long(source, None, max_bytes)
    else:
        data = read_bytes(path, max_bytes)
    if not data.strip():
        raise ArticleError(source, "empty file")
    text = decode(data, source, warn=warn)
    article = parse_article(text, source, lang=lang, max_bytes=max_bytes, id=id)
    article.sha256 = hashlib.sha256(data).hexdigest()
    article.location = None if source == "<stdin>" else source
    return article


def _folder_files(folder: Path, problem: Callable[[str, str], None]) -> list[Path]:
    """The article files under ``folder`` (any depth; symbolic links to folders not followed),
    sorted; a folder that cannot be listed goes to ``problem``. Walked with a stack, not by
    recursion: a tree may be deeper than Python's recursion limit."""
    found: list[Path] = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif entry.name.lower().endswith(ARTICLE_SUFFIXES) and entry.is_file():
                            found.append(Path(entry.path))
                    except OSError as exc:
                        problem(entry.path, f"cannot read ({exc.strerror or exc})")
        except OSError as exc:
            problem(current, f"cannot search folder ({exc.strerror or exc}); its articles left out")
    return sorted(found)


def expand_inputs(
    inputs: Iterable[str], *, problem: Callable[[str, str], None] | None = None
) -> Iterator[str]:
    """Files as given, folders recursively (*.txt, *.html, *.htm; sorted), ``-`` as is; a file
    given more than once (by any path) only the first time. Folders that cannot be searched
    go to ``problem(folder, one-line problem)`` (by default they raise :class:`ArticleError`)."""

    def raise_problem(source: str, why: str) -> None:
        raise ArticleError(source, why)

    seen: set[object] = set()
    for item in inputs:
        if item == "-":
            if item not in seen:
                seen.add(item)
                yield item
            continue
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):
            is_dir = False
        found = _folder_files(path, problem or raise_problem) if is_dir else [path]
        for file in found:
            key = _identity(file)
            if key in seen:
                continue
            seen.add(key)
            yield str(file)


def _earlier_id(source: str, id_: str, earlier: Mapping[str, str]) -> str:
    """The id ``source`` keeps in an update of a build whose articles are ``earlier``."""
    name = Path(source).name if source != "-" else "<stdin>"
    if id_ in earlier:
        if earlier[id_] == name:
            return id_  # the same file name: the article is replaced
        return f"{id_[: 80 - HASH_LENGTH - 1]}-{short_hash(name, normalize=False)}"
    parts = Path(os.path.abspath(source)).parts if source != "-" else ()
    for start in range(len(parts) - 2, 0, -1):  # a/x.txt, then corpus/a/x.txt, ...
        where = os.path.join(*parts[start:])
        told_apart = f"{id_[: 80 - HASH_LENGTH - 1]}-{short_hash(where, normalize=False)}"
        if earlier.get(told_apart) == name:
            return told_apart
    return id_


def _identity(path: Path) -> object:
    """What tells whether two paths name one file: device and inode where it exists."""
    try:
        info = path.stat()
        return (info.st_dev, info.st_ino)
    except (OSError, ValueError):
        return os.path.normpath(str(path))


def article_ids(
    sources: Iterable[str], *, earlier: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The id of each article file of one build (see :func:`article_id`).

    Files whose ids would be equal (one name in two folders, ``a.b.txt`` beside ``a-b.txt``)
    each get a short hash of their path relative to the folder they have in common, so that
    no two articles of a build share an id, whatever the folder the build runs in.

    Args:
        earlier: for ``--update``, the ids of the articles already in the output and the file
            names they were read from. A file whose plain id an earlier article of another
            file name holds gets a hashed id instead of replacing it; a file that an earlier
            build told apart by its folder (``x-<hash of a/x.txt>``) gets that id again.
    """
    paths = list(dict.fromkeys(sources))
    ids = {source: article_id(source) for source in paths}
    if earlier:
        for source, id_ in ids.items():
            ids[source] = _earlier_id(source, id_, earlier)
    groups: dict[str, list[str]] = {}
    for source, id_ in ids.items():
        groups.setdefault(id_, []).append(source)
    for id_, group in groups.items():
        if len(group) < 2:
            continue
        files = [s for s in group if s != "-"]
        try:
            common = os.path.commonpath([os.path.abspath(s) for s in files]) if files else ""
        except ValueError:
            common = ""
        for source in group:
            where = os.path.relpath(os.path.abspath(source), common) if common else source
            ids[source] = f"{id_[: 80 - HASH_LENGTH - 1]}-{short_hash(where, normalize=False)}"
    taken: set[str] = set()
    for source in sorted(ids, key=lambda s: (ids[s], s)):  # a hash collision: numbered
        id_, n = ids[source], 1
        while id_ in taken:
            n += 1
            id_ = f"{ids[source]}-{n}"
        ids[source] = id_
        taken.add(id_)
    return ids
