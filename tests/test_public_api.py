"""The declared public API (README, "Python API"): ``diplograph`` re-exports what users and the
notebook need, every module the tests import from declares ``__all__``, the notebook imports only
from ``diplograph`` and the tests only names a module declares."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

import diplograph

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEST_FILES = sorted((ROOT / "tests").glob("*.py"))

# White-box imports of names a module does not declare, each with its reason.
UNDECLARED = {
    # a fresh, uncached pipeline: building one must leave the garbage collector alone
    ("diplograph.nlp.pipeline", "_make_nlp"),
}


def imports(source: str) -> list[tuple[str, str | None, int]]:
    """(module, name or None for ``import module``, line) of every diplograph import."""
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "diplograph":
            assert node.module is not None
            found += [(node.module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (alias.name, None, node.lineno)
                for alias in node.names
                if alias.name.split(".")[0] == "diplograph"
            ]
    return found


def notebook_source(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    # IPython's magics and shell escapes are no Python
    return "\n".join(
        line
        for cell in code
        for line in cell.splitlines()
        if not line.lstrip().startswith(("%", "!"))
    )


def problems(module: str, name: str | None) -> str | None:
    """Why importing ``name`` from ``module`` (or the module itself) breaks the rule, or None."""
    mod = importlib.import_module(module)
    declared = getattr(mod, "__all__", None)
    if declared is None:
        return f"{module} declares no __all__"
    if name is None or (module, name) in UNDECLARED:
        return None
    if name in declared:
        return None
    sub = f"{module}.{name}"
    try:
        importlib.import_module(sub)
    except ModuleNotFoundError:
        return f"{module} does not declare {name} in __all__"
    return problems(sub, None)


def test_top_level_exports_exist_and_are_declared():
    assert sorted(diplograph.__all__) == sorted(
        ["__version__", *diplograph._MODULES, *diplograph._EXPORTS]
    )
    for name in diplograph.__all__:
        assert getattr(diplograph, name) is not None, name
    # the modules named like their main function stay modules, imported in either order
    assert diplograph.build is importlib.import_module("diplograph.build")
    assert callable(diplograph.build.build) and callable(diplograph.evaluate.evaluate)
    assert diplograph.build_graph is diplograph.build.build_graph
    assert diplograph.named_query is importlib.import_module("diplograph.queries").named
    with pytest.raises(AttributeError, match="no attribute 'bulid'"):
        diplograph.bulid  # noqa: B018 - a typo fails like any missing attribute


def test_module_all_lists_only_what_exists():
    for module in sorted({m for path in TEST_FILES for m, _, _ in imports(path.read_text())}):
        mod = importlib.import_module(module)
        missing = [n for n in getattr(mod, "__all__", []) if not hasattr(mod, n)]
        assert not missing, f"{module}.__all__ names what it does not define: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_only_the_top_level_api(path):
    found = imports(notebook_source(path))
    assert found, f"{path.name} imports nothing from diplograph"
    wrong = [
        f"line {line}: from {module} import {name}"
        for module, name, line in found
        if module != "diplograph" or (name is not None and name not in diplograph.__all__)
    ]
    assert not wrong, f"{path.name} imports past diplograph's API: {wrong}"


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.name)
def test_tests_import_only_declared_names(path):
    wrong = [
        f"{path.name}:{line}: {why}"
        for module, name, line in imports(path.read_text(encoding="utf-8"))
        if (why := problems(module, name))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_an_undeclared_import():
    source = "from diplograph.nlp.pipeline import _prefix\nfrom diplograph.reader import slugify\n"
    found = [problems(m, n) for m, n, _ in imports(source)]
    assert found == ["diplograph.nlp.pipeline does not declare _prefix in __all__", None]
