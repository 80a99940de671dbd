"""Every command has help with an example."""

from __future__ import annotations

import pytest

from diplograph.cli import COMMANDS, parser

parser()  # registers the commands of diplograph.commands


def test_commands_registered():
    parser()
    assert {"build", "evaluate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_an_example(name, capsys):
    parser()
    with pytest.raises(SystemExit):
        parser().parse_args([name, "--help"])
    out = capsys.readouterr().out
    assert "Example:" in out and f"diplograph {name}" in out
