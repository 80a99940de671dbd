"""Reading the data files shipped inside the package (found through importlib.resources)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from diplograph.errors import DataFileInvalid

__all__ = ["read_text", "read_yaml", "parse_yaml"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster where present


class _DataLoader(_Loader):  # type: ignore[misc,valid-type]
    """The safe loader, with two problems kept for the report instead of lost: a key given twice
    in one mapping (YAML keeps the last silently), and a date that does not exist (kept as its
    text, so the schema names the entry, instead of a ValueError without a line)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):
            seen: set = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    self.duplicates.append(f"line {key_node.start_mark.line + 1}: {key}")
                seen.add(key)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # "2025-02-30"
            return self.construct_scalar(node)


_DataLoader.add_constructor("tag:yaml.org,2002:timestamp", _DataLoader.construct_yaml_timestamp)


def read_text(path: str) -> str:
    """The text of a package data file, ``path`` relative to the diplograph package."""
    return resources.files("diplograph").joinpath(path).read_text("utf-8")


def read_yaml(path: str) -> Any:
    """A YAML package data file, parsed safely.

    Raises:
        DataFileInvalid: the file is no YAML, or a mapping has a key twice.
    """
    return parse_yaml(read_text(path), path)


def parse_yaml(text: str, path: str) -> Any:
    """YAML text parsed safely; ``path`` names the file in problems.

    Raises:
        DataFileInvalid: the text is no YAML, or a mapping has a key twice.
    """
    loader = _DataLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f": line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileInvalid([f"[{path}{where}] not YAML: {problem}"]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise DataFileInvalid(
            [
                f"[{path}: {dup}] given twice in one mapping (the later value would win)"
                for dup in loader.duplicates
            ]
        )
    return data
