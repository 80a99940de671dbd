"""The bundled SPARQL queries (``queries/*.rq``) and their documented parameters.

Each query file starts with a comment header: a title line, a description, one
``# @param NAME TYPE required|optional  description`` line per parameter and an ``Example:``.
Parameters are variables of the query; they are bound to RDF terms by the query engines
(:mod:`diplograph.triplestore.engines`), never pasted into the query text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path
from typing import get_args

from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from diplograph import schemas
from diplograph.errors import QueryError, printable

__all__ = [
    "star_variants",
    "PARAMETER_TYPES",
    "Parameter",
    "NamedQuery",
    "parse_query",
    "bundled",
    "named",
    "from_file",
    "to_term",
    "describe",
]

PARAMETER_TYPES: tuple[str, ...] = get_args(schemas.ParameterType)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@dataclass(frozen=True)
class Parameter:
    """A documented parameter of a query: a variable bound to one RDF term."""

    name: str
    type: str
    required: bool
    doc: str = ""


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its header documentation."""

    name: str
    text: str
    title: str
    parameters: tuple[Parameter, ...]
    example: str

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def parse_query(text: str, name: str) -> NamedQuery:
    """Read the header comment of a query (title, ``@param`` lines, example).

    Raises:
        QueryError: an ``@param`` line cannot be read, names an unknown type, repeats a
            parameter or names no variable of the query (see
            :func:`diplograph.schemas.query_header_problems`).
    """
    lines = text.splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    title = header[0].lstrip("# ").strip() if header else name
    body = "\n".join(lines[len(header) :])
    declared, problems = schemas.query_header_problems(name, header, body)
    if problems:
        raise QueryError("\n".join(problems))
    parameters = [Parameter(p.name, p.type, p.required, p.doc) for p in declared]
    example = ""
    for i, line in enumerate(header):
        if line.strip("# ").startswith("Example:") and i + 1 < len(header):
            example = header[i + 1].lstrip("#").strip()
    return NamedQuery(name, text, title, tuple(parameters), example)


def bundled() -> dict[str, NamedQuery]:
    """The queries shipped in this package, by name (file name without ``.rq``)."""
    folder = files(__name__)
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = parse_query(entry.read_text(encoding="utf-8"), name)
    return out


def star_variants() -> dict[str, NamedQuery]:
    """The RDF 1.2 variants of the bundled queries that read reified statements (``star/*.rq``),
    by name: for graphs written with ``--format turtle-star`` or ``trig-star``. The other
    bundled queries read no statement and apply to both forms as they are."""
    folder = files(__name__).joinpath("star")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = parse_query(entry.read_text(encoding="utf-8"), name)
    return out


def named(name: str) -> NamedQuery:
    """One bundled query.

    Raises:
        QueryError: no bundled query has that name.
    """
    queries = bundled()
    if name not in queries:
        raise QueryError(f"no bundled query named {name!r}; choose one of: {', '.join(queries)}")
    return queries[name]


MAX_QUERY_BYTES = 1_000_000
"""Longest query file read (a query is text a person wrote: a few kilobytes)."""


def from_file(path: Path) -> NamedQuery:
    """A query read from a ``.rq`` file (its ``@param`` lines are honoured)."""
    name = printable(str(path))
    try:
        # O_NONBLOCK: a FIFO is refused below, not waited on
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise QueryError(f"{name}: not a regular file")
            data = file.read(MAX_QUERY_BYTES + 1)
        if len(data) > MAX_QUERY_BYTES:
            raise QueryError(f"{name}: too long for a query (more than {MAX_QUERY_BYTES:,} bytes)")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(
            f"{name}: cannot read the query ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    return parse_query(text, path.stem)


def to_term(value: str, kind: str | None, *, name: str) -> Identifier:
    """Turn a parameter's text into an RDF term of its declared type.

    An undeclared parameter (``kind`` None) is an IRI if it looks like an absolute IRI, an
    ``xsd:date`` if it is ``YYYY-MM-DD``, an ``xsd:integer`` if it is all digits, else a string.

    Raises:
        QueryError: the value is not a valid term of that type.

    Examples:
        >>> to_term("2025-08-15", None, name="day").n3()
        '"2025-08-15"^^<http://www.w3.org/2001/XMLSchema#date>'
        >>> to_term("https://w3id.org/diplograph/resource/place/genf", None, name="place").n3()
        '<https://w3id.org/diplograph/resource/place/genf>'
        >>> to_term("Genf", "string", name="place").n3()
        '"Genf"'
        >>> to_term("soon", "date", name="day")
        Traceback (most recent call last):
        diplograph.errors.QueryError: parameter day: 'soon' is not a valid date
    """
    if kind is None:
        if _ABSOLUTE_IRI.match(value) and not re.match(r"^\d", value):
            kind = "iri"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            kind = "date"
        elif re.fullmatch(r"-?\d+", value):
            kind = "integer"
        else:
            kind = "string"
    try:
        if kind == "iri":
            return URIRef(_checked_iri(value))
        if kind == "date":
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        if kind == "integer":
            return Literal(str(int(value)), datatype=XSD.integer)
        if kind == "decimal":
            return Literal(str(Decimal(value)), datatype=XSD.decimal)
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter {name}: {value!r} is not a valid {kind}") from None
    return Literal(value)


def _checked_iri(value: str) -> str:
    """The value if it is an absolute IRI (checked by Oxigraph's IRI parser), else ValueError."""
    from pyoxigraph import NamedNode

    if not _ABSOLUTE_IRI.match(value):
        raise ValueError(value)
    return NamedNode(value).value


def describe() -> str:
    """A listing of the bundled queries for ``query --list``."""
    blocks = []
    for query in bundled().values():
        lines = [f"{query.name}: {query.title}"]
        for p in query.parameters:
            lines.append(
                f"    --param {p.name}=...  {p.type}, "
                f"{'required' if p.required else 'optional'}: {p.doc}"
            )
        if query.example:
            lines.append(f"    e.g. {query.example}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
