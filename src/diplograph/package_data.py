"""Reading the data files shipped inside the package (found through importlib.resources)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster where present


def read_text(path: str) -> str:
    """The text of a package data file, ``path`` relative to the diplograph package."""
    return resources.files("diplograph").joinpath(path).read_text("utf-8")


def read_yaml(path: str) -> Any:
    """A YAML package data file, parsed safely."""
    return yaml.load(read_text(path), Loader=_Loader)  # noqa: S506 - a safe loader
