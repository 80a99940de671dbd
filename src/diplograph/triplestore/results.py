"""Query results in one engine-neutral form: SPARQL 1.1 JSON result bindings.

Every engine's answer is turned into rows of cells, each cell ``None`` (unbound) or a dict as in
the SPARQL JSON results format (``{"type": "uri"|"literal"|"bnode", "value": ...}`` with
``datatype`` or ``xml:lang``), normalised so that equal terms look equal whatever the engine.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal, get_args

__all__ = [
    "PREFIXES",
    "Results",
    "cell",
    "from_json",
    "render",
    "to_csv",
    "to_json",
    "to_table",
    "to_tsv",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
PREFIXES = {
    "dg:": "https://w3id.org/diplograph/ontology#",
    "dgr:": "https://w3id.org/diplograph/resource/",
    "wd:": "http://www.wikidata.org/entity/",
    "xsd:": XSD,
}
ResultFormat = Literal["table", "csv", "tsv", "json"]
FORMATS: tuple[ResultFormat, ...] = get_args(ResultFormat)
Cell = dict[str, str] | None


@dataclass
class Results:
    """The answer to a SELECT (``variables`` and ``rows``) or an ASK (``boolean``)."""

    variables: list[str]
    rows: list[tuple[Cell, ...]]
    boolean: bool | None = None
    notes: list[str] = field(default_factory=list, compare=False)
    """One-line hints about the answer (e.g. an endpoint's empty default graph)."""

    def as_dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def cell(kind: str, value: str, *, datatype: str | None = None, lang: str | None = None) -> Cell:
    """A normalised cell: simple literals carry no datatype, decimals are canonical."""
    out = {"type": kind, "value": value}
    if kind == "literal":
        if lang:
            out["xml:lang"] = lang.lower()
        elif datatype and datatype not in (XSD + "string", RDF_LANG_STRING):
            out["datatype"] = datatype
            if datatype == XSD + "decimal":
                out["value"] = _canonical_decimal(value)
    return out


def _canonical_decimal(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"


def from_json(data: dict) -> Results:
    """Results from a SPARQL 1.1 JSON results document (as an endpoint sends it)."""
    if "boolean" in data:
        return Results([], [], boolean=bool(data["boolean"]))
    variables = list(data["head"].get("vars", []))
    rows = []
    for binding in data["results"]["bindings"]:
        row: list[Cell] = []
        for var in variables:
            term = binding.get(var)
            if term is None:
                row.append(None)
                continue
            kind = (
                "bnode"
                if term["type"] == "bnode"
                else "uri"
                if term["type"] == "uri"
                else "literal"
            )
            row.append(
                cell(kind, term["value"], datatype=term.get("datatype"), lang=term.get("xml:lang"))
            )
        rows.append(tuple(row))
    return Results(variables, rows)


def to_json(results: Results) -> str:
    if results.boolean is not None:
        return json.dumps({"head": {}, "boolean": results.boolean}, indent=2)
    bindings = [{k: v for k, v in row.items() if v is not None} for row in results.as_dicts()]
    doc = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def to_csv(results: Results) -> str:
    """SPARQL 1.1 CSV results: plain values, no types."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if results.boolean is not None:
        writer.writerows([["boolean"], [str(results.boolean).lower()]])
        return out.getvalue()
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(["" if c is None else c["value"] for c in row])
    return out.getvalue()


def to_tsv(results: Results) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples/Turtle syntax."""
    if results.boolean is not None:
        return f"?boolean\n{str(results.boolean).lower()}\n"
    lines = ["\t".join("?" + v for v in results.variables)]
    lines += ["\t".join(_ntriples(c) for c in row) for row in results.rows]
    return "\n".join(lines) + "\n"


def to_table(results: Results, *, width: int = 60) -> str:
    """An aligned plain-text table for reading in a terminal (IRIs shortened by prefix)."""
    if results.boolean is not None:
        return "yes" if results.boolean else "no"
    header = results.variables
    body = [[_short(c, width) for c in row] for row in results.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines)


def render(results: Results, fmt: ResultFormat) -> str:
    return {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}[fmt](results)


def _short(c: Cell, width: int) -> str:
    if c is None:
        return ""
    text = c["value"]
    if c["type"] == "uri":
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns) and len(text) > len(ns):
                text = prefix + text[len(ns) :]
                break
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _ntriples(c: Cell) -> str:
    if c is None:
        return ""
    if c["type"] == "uri":
        return f"<{c['value']}>"
    if c["type"] == "bnode":
        return f"_:{c['value']}"
    escaped = (
        c["value"]
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if "xml:lang" in c:
        return f'"{escaped}"@{c["xml:lang"]}'
    if "datatype" in c:
        return f'"{escaped}"^^<{c["datatype"]}>'
    return f'"{escaped}"'
