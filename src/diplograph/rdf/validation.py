"""SHACL validation of diplograph graphs against ontology/shapes.ttl.

pyshacl runs with ontology/diplograph.ttl as the ontology graph, so class constraints see the
subclass axioms (a dg:Summit is a dg:Meeting). Violations come back as small records that name
the focus node, the path and what is wrong, ready to print one per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from diplograph.errors import GraphFileError
from diplograph.rdf.namespace import DEFAULT_BASE, DG

__all__ = [
    "SH",
    "FORMATS_BY_SUFFIX",
    "QUAD_FORMATS",
    "ontology_file",
    "ontology_graph",
    "shapes_graph",
    "Violation",
    "ValidationReport",
    "load_graph",
    "validate_graph",
]

SH = Namespace("http://www.w3.org/ns/shacl#")
_KNOWN_PREFIXES = {
    "dg": str(DG._NS),
    "dgr": DEFAULT_BASE,
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: File extension -> rdflib parser name; the formats ``diplograph validate`` reads.
FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
QUAD_FORMATS = frozenset({"trig", "nquads", "json-ld"})


def ontology_file(name: str) -> Path:
    """Path of a file shipped in ``diplograph/ontology`` (diplograph.ttl, shapes.ttl, ...)."""
    return Path(str(resources.files("diplograph").joinpath(f"ontology/{name}")))


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The diplograph ontology (parsed once)."""
    return Graph().parse(ontology_file("diplograph.ttl"), format="turtle")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes (parsed once)."""
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node, along which path, what is wrong."""

    focus: str
    path: str
    message: str
    value: str = ""
    shape: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity.lower()}: {self.focus}{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of validating one graph."""

    violations: list[Violation]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self, limit: int | None = None) -> str:
        """The violations, one per line (at most ``limit``), and a count."""
        shown = self.violations if limit is None else self.violations[:limit]
        lines = [str(v) for v in shown]
        if len(shown) < len(self.violations):
            lines.append(f"... and {len(self.violations) - len(shown)} more")
        lines.append(
            f"{len(self.violations)} violation(s)" if self.violations else "conforms: 0 violations"
        )
        return "\n".join(lines)


def load_graph(path: Path | str) -> Graph:
    """Read a graph file, its format chosen by the extension; a dataset is read as the union
    of its graphs.

    Raises:
        GraphFileError: unknown extension, missing file, or a file that does not parse.
    """
    path = Path(path)
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise GraphFileError(f"{path}: unknown graph format; use one of the extensions {known}")
    if not path.is_file():
        raise GraphFileError(f"{path}: no such file")
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for prefix, ns in dataset.namespaces():
                graph.bind(prefix, ns, override=False)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # noqa: BLE001 - any parser error is a bad input file
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GraphFileError(f"{path}: not valid {fmt}: {first_line}") from None


def validate_graph(graph: Graph) -> ValidationReport:
    """Check a graph against the diplograph shapes.

    Args:
        graph: the graph to check (not changed).

    Returns:
        The violations, sorted by focus node and path.
    """
    from pyshacl import validate

    _, results, _ = validate(
        graph,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
    )
    return ValidationReport(sorted(_violations(results, graph)))


def _violations(results: Graph, data: Graph) -> list[Violation]:
    bound = {prefix: str(ns) for prefix, ns in data.namespaces() if prefix}
    for prefix, ns in _KNOWN_PREFIXES.items():
        if ns not in bound.values():
            bound.setdefault(prefix, ns)
    prefixes = sorted(((ns, prefix) for prefix, ns in bound.items()), key=lambda x: -len(x[0]))
    shapes = shapes_graph()

    def show(node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            for ns, prefix in prefixes:
                if node.startswith(ns) and len(node) > len(ns):
                    return f"{prefix}:{node[len(ns) :]}"
            return f"<{node}>"
        if isinstance(node, Literal):
            text = node.n3(data.namespace_manager)
            return text if len(text) <= 80 else text[:77] + "..."
        return "[]"

    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        if path is not None and not isinstance(path, URIRef):
            inverse = results.value(path, SH.inversePath)
            path_text = f"^{show(inverse)}" if inverse is not None else "(complex path)"
        else:
            path_text = show(path)
        if shape is not None and (shape, SH.targetNode, focus) in shapes and value is not None:
            # a graph-wide check: the offending node is the value, the checked term the "path"
            focus, value, path_text = value, None, show(focus)
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=show(focus),
                path=path_text,
                message=str(results.value(result, SH.resultMessage) or "constraint not met"),
                value=show(value),
                shape=show(shape) if isinstance(shape, URIRef) else "",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return found
