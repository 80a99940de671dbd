"""One exception type per kind of user error, each with a message that names the file."""

from __future__ import annotations


class DiplographError(Exception):
    """Base class of every error a user can cause and fix."""


class ArticleError(DiplographError):
    """An input article cannot be read or used.

    Args:
        source: the file name (or ``<stdin>``) the article came from.
        problem: what is wrong, in one line.
    """

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ArticleSkipped(ArticleError):
    """The article is readable but left out on purpose: a language diplograph has no rules
    for, or a limit (``--max-bytes``, ``--max-words``, ``--timeout``). Counted as skipped,
    not failed: the build's exit status stays 0."""


class UnsupportedLanguage(ArticleSkipped):
    """The article is in a language diplograph has no rules for."""


class GraphFileError(DiplographError):
    """A graph file given to a command cannot be read."""


class OutputError(DiplographError):
    """An output cannot be written."""


class QueryError(DiplographError):
    """A SPARQL query or one of its parameters cannot be used."""


class StoreError(DiplographError):
    """A triple store (a folder on disk) cannot be opened or written."""


class EndpointError(DiplographError):
    """A SPARQL endpoint is down, refuses a request, or answers with an error."""


class GraphInvalid(DiplographError):
    """A graph violates the diplograph SHACL shapes (ontology/shapes.ttl)."""
