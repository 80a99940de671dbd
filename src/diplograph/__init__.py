"""diplograph: news articles about diplomacy in, an RDF knowledge graph and an interactive network
out.

The names below are the public API (README, "Python API"); each is imported from its stage the
first time it is used, so ``import diplograph`` stays cheap and the stages keep importing only the
stages below them. Every public module also declares its own ``__all__``.

Example:
    >>> import diplograph
    >>> diplograph.slugify("Gipfel in Genf")
    'gipfel-in-genf'
    >>> diplograph.DG.meets
    rdflib.term.URIRef('https://w3id.org/diplograph/ontology#meets')
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from diplograph.version import __version__

# name -> the module that defines it
_EXPORTS = {
    # building and updating a graph (``diplograph.build.build`` writes the outputs too)
    "build_graph": "diplograph.build",
    "BuildResult": "diplograph.build",
    "update": "diplograph.incremental",
    # reading articles
    "parse_article": "diplograph.reader",
    "read_article": "diplograph.reader",
    "detect_language": "diplograph.reader",
    "slugify": "diplograph.reader",
    # the spaCy pipeline, the knowledge base and the lexicon
    "make_nlp": "diplograph.nlp.pipeline",
    "process": "diplograph.nlp.pipeline",
    "KnowledgeBase": "diplograph.kb",
    "load_kb": "diplograph.kb",
    "load_lexicon": "diplograph.nlp.lexicon",
    # the typed records at the NLP -> RDF boundary
    "Article": "diplograph.records",
    "Entity": "diplograph.records",
    "Event": "diplograph.records",
    "EventMention": "diplograph.records",
    "Evidence": "diplograph.records",
    "Extraction": "diplograph.records",
    "Relation": "diplograph.records",
    # RDF: the namespace, the mapping, validation
    "DG": "diplograph.rdf.namespace",
    "GraphBuilder": "diplograph.rdf.mapping",
    "validate_graph": "diplograph.rdf.validation",
    "read_graph": "diplograph.triplestore.dataset",
    # SPARQL: bundled queries, sources to run them on, the Oxigraph store
    "named_query": "diplograph.queries",
    "bundled_queries": "diplograph.queries",
    "open_source": "diplograph.triplestore.engines",
    "write_store": "diplograph.triplestore.disk",
    # the network view: projection, analysis, the page
    "project": "diplograph.view.projection",
    "analyze": "diplograph.view.analysis",
    "communities": "diplograph.view.analysis",
    "Table": "diplograph.view.analysis",
    "write_page": "diplograph.view.html",
    # evaluation against gold annotations (``diplograph.evaluate.evaluate`` reads the corpus)
    "evaluate_graph": "diplograph.evaluate",
    # errors users can catch (one type per kind of user error)
    "DiplographError": "diplograph.errors",
    "ArticleError": "diplograph.errors",
    "ArticleSkipped": "diplograph.errors",
    "UnsupportedLanguage": "diplograph.errors",
    "GraphFileError": "diplograph.errors",
    "OutputError": "diplograph.errors",
    "QueryError": "diplograph.errors",
    "StoreError": "diplograph.errors",
    "EndpointError": "diplograph.errors",
    "GraphInvalid": "diplograph.errors",
    "DataFileInvalid": "diplograph.errors",
}
# exported under another name than in their module
_RENAMED = {"named_query": "named", "bundled_queries": "bundled"}
# public modules whose name is also that of their main function: ``diplograph.build`` must stay
# the module (``import diplograph.build``, ``monkeypatch.setattr("diplograph.build.build_graph")``
# resolve through it), so the functions are ``diplograph.build.build`` and
# ``diplograph.evaluate.evaluate``
_MODULES = ("build", "evaluate")

__all__ = [
    "__version__",
    "build",
    "evaluate",
    "build_graph",
    "BuildResult",
    "update",
    "parse_article",
    "read_article",
    "detect_language",
    "slugify",
    "make_nlp",
    "process",
    "KnowledgeBase",
    "load_kb",
    "load_lexicon",
    "Article",
    "Entity",
    "Event",
    "EventMention",
    "Evidence",
    "Extraction",
    "Relation",
    "DG",
    "GraphBuilder",
    "validate_graph",
    "read_graph",
    "named_query",
    "bundled_queries",
    "open_source",
    "write_store",
    "project",
    "analyze",
    "communities",
    "Table",
    "write_page",
    "evaluate_graph",
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
]

if TYPE_CHECKING:
    from diplograph import build, evaluate
    from diplograph.build import BuildResult, build_graph
    from diplograph.errors import (
        ArticleError,
        ArticleSkipped,
        DataFileInvalid,
        DiplographError,
        EndpointError,
        GraphFileError,
        GraphInvalid,
        OutputError,
        QueryError,
        StoreError,
        UnsupportedLanguage,
    )
    from diplograph.evaluate import evaluate_graph
    from diplograph.incremental import update
    from diplograph.kb import KnowledgeBase, load_kb
    from diplograph.nlp.lexicon import load_lexicon
    from diplograph.nlp.pipeline import make_nlp, process
    from diplograph.queries import bundled as bundled_queries
    from diplograph.queries import named as named_query
    from diplograph.rdf.mapping import GraphBuilder
    from diplograph.rdf.namespace import DG
    from diplograph.rdf.validation import validate_graph
    from diplograph.reader import detect_language, parse_article, read_article, slugify
    from diplograph.records import (
        Article,
        Entity,
        Event,
        EventMention,
        Evidence,
        Extraction,
        Relation,
    )
    from diplograph.triplestore.dataset import read_graph
    from diplograph.triplestore.disk import write_store
    from diplograph.triplestore.engines import open_source
    from diplograph.view.analysis import Table, analyze, communities
    from diplograph.view.html import write_page
    from diplograph.view.projection import project


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return import_module(f"diplograph.{name}")  # (which also sets it here)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'diplograph' has no attribute {name!r}")
    value = getattr(import_module(module), _RENAMED.get(name, name))
    globals()[name] = value  # imported once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_MODULES})
