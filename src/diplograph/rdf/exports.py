"""Export formats of a built graph: Turtle and N-Triples (one graph), TriG, N-Quads and JSON-LD
(one named graph per article plus the knowledge-base graph), and Turtle and TriG in RDF 1.2
(``turtle-star``, ``trig-star``), where each reified statement is a reifier of a triple term.

Every format holds the same triples: the named graphs of a dataset together are exactly the
graph written as Turtle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from diplograph.rdf.validation import ontology_file

__all__ = ["ExportFormat", "EXPORT_FORMATS", "jsonld_context", "write_export"]


@dataclass(frozen=True)
class ExportFormat:
    """One output format: its name on the command line, file name and rdflib serializer."""

    name: str
    filename: str
    rdflib_format: str
    named_graphs: bool
    star: bool = False
    """RDF 1.2: each statement ``ST rdf:reifies <<( S P O )>>`` with its annotations, instead
    of ``ST a rdf:Statement; rdf:subject S; rdf:predicate P; rdf:object O``."""


EXPORT_FORMATS = {
    f.name: f
    for f in (
        ExportFormat("turtle", "graph.ttl", "turtle", named_graphs=False),
        ExportFormat("trig", "graph.trig", "trig", named_graphs=True),
        ExportFormat("nt", "graph.nt", "nt", named_graphs=False),
        ExportFormat("nquads", "graph.nq", "nquads", named_graphs=True),
        ExportFormat("json-ld", "graph.jsonld", "json-ld", named_graphs=True),
        ExportFormat("turtle-star", "graph-star.ttl", "turtle", named_graphs=False, star=True),
        ExportFormat("trig-star", "graph-star.trig", "trig", named_graphs=True, star=True),
    )
}


@lru_cache(maxsize=1)
def jsonld_context() -> dict:
    """The published JSON-LD context (ontology/context.jsonld), without the ``@context`` wrapper."""
    return json.loads(ontology_file("context.jsonld").read_text(encoding="utf-8"))["@context"]


def sorted_arrays(value: object, *, ordered: bool = False) -> object:
    """A JSON-LD document with every array sorted (by the array items' sorted JSON text),
    except ``@list`` values, whose order is meaning: rdflib writes nodes and values in the
    order of its store, which follows the input order and the hash seed."""
    if isinstance(value, dict):
        return {k: sorted_arrays(v, ordered=k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [sorted_arrays(v) for v in value]
        if ordered:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_export(graph: Graph, dataset: Dataset | None, path: Path, fmt: ExportFormat) -> None:
    """Serialise the graph (or, for formats with named graphs, the dataset) to ``path``.

    The JSON-LD output embeds the published context, so it reads offline with its short keys;
    its arrays are sorted (:func:`sorted_arrays`), so it is the same bytes for the same graph.
    """
    if fmt.named_graphs:
        if dataset is None:
            raise ValueError(f"{fmt.name} needs the dataset with one graph per article")
        if fmt.rdflib_format == "json-ld":
            dataset.serialize(
                destination=str(path), format="json-ld", context=jsonld_context(), encoding="utf-8"
            )
            canonical = sorted_arrays(json.loads(path.read_text(encoding="utf-8")))
            text = json.dumps(canonical, indent=2, sort_keys=True, ensure_ascii=False)
            path.write_text(text, encoding="utf-8")
        else:
            dataset.serialize(destination=str(path), format=fmt.rdflib_format, encoding="utf-8")
    else:
        graph.serialize(destination=str(path), format=fmt.rdflib_format, encoding="utf-8")
