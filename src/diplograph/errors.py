"""One exception type per kind of user error, each with a message that names the file."""

from __future__ import annotations

import unicodedata

__all__ = [
    "DiplographError",
    "ArticleError",
    "ArticleSkipped",
    "UnsupportedLanguage",
    "GraphFileError",
    "OutputError",
    "QueryError",
    "StoreError",
    "EndpointError",
    "GraphInvalid",
    "DataFileInvalid",
    "printable",
]


# C0 and C1 controls, format characters (bidi overrides), line and paragraph separators, and
# surrogates (undecodable bytes of a file name): what a terminal would act on or hide
_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every control or invisible character escaped as Python writes it
    (``\\n``, ``\\x1b``, ``\\u202e``), so that a file name cannot forge a line, move the
    cursor or set the terminal title when it is printed.

    >>> printable("a\\nerror: b\\x1b]0;x\\x07.txt")
    'a\\\\nerror: b\\\\x1b]0;x\\\\x07.txt'
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch != " " and unicodedata.category(ch) in _HIDDEN:
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return "".join(out)


class DiplographError(Exception):
    """Base class of every error a user can cause and fix."""


class ArticleError(DiplographError):
    """An input article cannot be read or used.

    Args:
        source: the file name (or ``<stdin>``) the article came from (escaped with
            :func:`printable` in the message).
        problem: what is wrong, in one line.
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{printable(source)}: {problem}")
        self.source = source
        self.problem = problem


class ArticleSkipped(ArticleError):
    """The article is readable but left out on purpose: a language diplograph has no rules
    for, or a limit (``--max-bytes``, the word bound, ``--timeout``). Counted as skipped,
    not failed: the build's exit status stays 0."""


class UnsupportedLanguage(ArticleSkipped):
    """The article is in a language diplograph has no rules for."""


class GraphFileError(DiplographError):
    """A graph file given to a command cannot be read."""


class OutputError(DiplographError):
    """An output cannot be written."""


class QueryError(DiplographError):
    """A SPARQL query or one of its parameters cannot be used."""


class QueryLimitExceeded(QueryError):
    """A query ran past ``--timeout``, ``--max-rows`` or ``--max-memory`` and was stopped."""


class StoreError(DiplographError):
    """A triple store (a folder on disk) cannot be opened or written."""


class EndpointError(DiplographError):
    """A SPARQL endpoint is down, refuses a request, or answers with an error."""


class GraphInvalid(DiplographError):
    """A graph violates the diplograph SHACL shapes (ontology/shapes.ttl)."""


class DataFileInvalid(DiplographError):
    """A data file (``lang/*.yaml``, ``kb/data/*.yaml``) does not match its schema
    (:mod:`diplograph.schemas`).

    Args:
        problems: one ``[file: item: field] message`` line per problem.
        docs: where the file's format is described.
    """

    def __init__(self, problems: list[str], docs: str = "") -> None:
        where = f"; the format is described in {docs}" if docs else ""
        count = f"{len(problems)} problems" if len(problems) != 1 else "1 problem"
        super().__init__(f"{count} in diplograph's data files{where}:\n" + "\n".join(problems))
        self.problems = problems
        self.docs = docs

    def __reduce__(self) -> tuple:  # raised in a worker process, re-raised in the parent
        return (type(self), (self.problems, self.docs))
