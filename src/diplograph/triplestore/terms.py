"""RDF terms between rdflib, pyoxigraph and the neutral result cells."""

from __future__ import annotations

from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from diplograph.triplestore.results import Cell, cell

__all__ = ["to_oxigraph", "to_oxigraph_quad", "oxigraph_cell", "rdflib_cell", "ntriples"]


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term equal to an rdflib term (its ``str`` is escaped N-Triples)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_oxigraph_quad(s: Node, p: Node, o: Node, g: Node | None = None) -> ox.Quad:
    """The pyoxigraph quad of an rdflib triple in graph ``g`` (None: the default graph).

    ``ox.Quad`` itself rejects a literal subject or graph name and a predicate that is no IRI.
    """
    return ox.Quad(
        cast(ox.NamedNode | ox.BlankNode, to_oxigraph(s)),
        cast(ox.NamedNode, to_oxigraph(p)),
        to_oxigraph(o),
        cast(ox.NamedNode | ox.BlankNode, to_oxigraph(g)) if g is not None else ox.DefaultGraph(),
    )


def oxigraph_cell(term: object) -> Cell:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return cell("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return cell("bnode", term.value)
    if isinstance(term, ox.Literal):
        return cell("literal", term.value, datatype=term.datatype.value, lang=term.language)
    return cell("literal", str(term))


def rdflib_cell(term: object) -> Cell:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return cell("uri", str(term))
    if isinstance(term, BNode):
        return cell("bnode", str(term))
    if isinstance(term, Literal):
        return cell(
            "literal",
            str(term),
            datatype=str(term.datatype) if term.datatype else None,
            lang=term.language,
        )
    return cell("literal", str(term))


def ntriples(triples) -> bytes:
    """Sorted N-Triples text of rdflib triples (also valid Turtle)."""
    lines = sorted(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} .\n" for s, p, o in triples)
    return "".join(lines).encode("utf-8")
