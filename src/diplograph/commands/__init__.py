"""Further sub-commands of the CLI. Every module in this package is imported by
:func:`diplograph.cli.parser` and registers its commands with :func:`diplograph.cli.command`."""
