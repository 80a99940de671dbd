"""diplograph: news articles about diplomacy in, an RDF knowledge graph and an interactive network
out."""

__version__ = "0.1.0"
