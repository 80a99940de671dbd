"""The NLP passes stay one function per pass (issue 19): no function of the mention finder or of
coreference is longer than 80 lines, so a pass cannot hide in numbered comments again."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "diplograph"
LIMIT = 80


def long_functions(source: str) -> list[tuple[str, int]]:
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > LIMIT
    ]


@pytest.mark.parametrize("module", ["nlp/mentions.py", "nlp/coref.py"])
def test_no_function_over_80_lines(module):
    assert long_functions((SRC / module).read_text(encoding="utf-8")) == []


def test_the_check_sees_a_long_function():
    body = "".join(f"    x{i} = {i}\n" for i in range(LIMIT))
    assert long_functions(f"def passes():\n{body}") == [("passes", LIMIT + 1)]
