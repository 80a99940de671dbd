"""The version of diplograph (one place, imported by the package and by what describes a build)."""

__all__ = ["__version__"]

__version__ = "0.1.0"
