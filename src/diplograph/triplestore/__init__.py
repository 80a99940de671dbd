"""SPARQL over diplograph's graphs, wherever they live.

- :mod:`~diplograph.triplestore.dataset`: one named graph per article, from a built graph;
- :mod:`~diplograph.triplestore.engines`: run a query with bound parameters on rdflib, on
  pyoxigraph (in memory or a store on disk) or on a SPARQL endpoint, with the same results;
- :mod:`~diplograph.triplestore.results`: results in one form, written as a table, CSV, TSV or JSON;
- :mod:`~diplograph.triplestore.disk`: the persistent Oxigraph store of ``build --store``;
- :mod:`~diplograph.triplestore.endpoint`: SPARQL 1.1 protocol and Graph Store Protocol over HTTP.
"""

__all__ = ["dataset", "disk", "endpoint", "engines", "results", "terms"]
