"""Command line: parses options and calls one library function per command."""

from __future__ import annotations

import argparse
import gc
import math
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from diplograph import __version__
from diplograph.errors import DiplographError, printable
from diplograph.limits import DEFAULT_TIMEOUT
from diplograph.rdf.description import DEFAULT_LICENSE, check_license
from diplograph.rdf.namespace import DEFAULT_BASE
from diplograph.reader import DEFAULT_MAX_BYTES

__all__ = [
    "COMMANDS",
    "MIN_TIMEOUT",
    "command",
    "endpoint_url",
    "run_build",
    "run_evaluate",
    "parser",
    "main",
    "timeout_seconds",
]

COMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {}


def command(name: str, help_text: str, example: str):
    """Register a sub-command: a function that adds its options, and one that runs it."""

    def wrap(add_options: Callable[[argparse.ArgumentParser], None]):
        def register(
            run: Callable[[argparse.Namespace], int],
        ) -> Callable[[argparse.Namespace], int]:
            COMMANDS[name] = (add_options, run)
            run.help_text = help_text  # type: ignore[attr-defined]
            run.example = example  # type: ignore[attr-defined]
            return run

        return register

    return wrap


MIN_TIMEOUT = 0.01
"""Shortest ``--timeout`` accepted, in seconds: a shorter one could only skip every article."""


def base_iri(value: str) -> str:
    """``--base``: an absolute IRI (a scheme, no spaces) that ends in ``/``.

    Raises:
        argparse.ArgumentTypeError: the value is none of that.
    """
    import pyoxigraph

    problem = None
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        problem = "is not an absolute IRI (it needs a scheme, e.g. https://example.org/)"
    elif not value.endswith("/"):
        problem = "must end in / (resources are minted as BASE + person/NAME)"
    elif any(ch.isspace() for ch in value):
        problem = "must not contain spaces"
    else:
        try:
            pyoxigraph.NamedNode(value + "person/x")
        except ValueError as exc:
            problem = f"is not a valid IRI ({exc})"
    if problem:
        raise argparse.ArgumentTypeError(f"{printable(value)!r} {problem}")
    return value


def timeout_seconds(value: str) -> float:
    """``--timeout``: finite seconds, 0 for no limit, else at least :data:`MIN_TIMEOUT`.

    Raises:
        argparse.ArgumentTypeError: not a number, not finite, negative or too small.
    """
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{printable(value)!r} is not a number of seconds"
        ) from None
    if not math.isfinite(seconds) or seconds < 0:
        raise argparse.ArgumentTypeError(
            f"{printable(value)!r} must be a finite number of seconds (0: no limit)"
        )
    if 0 < seconds < MIN_TIMEOUT:
        raise argparse.ArgumentTypeError(
            f"{value} s is too short: at least {MIN_TIMEOUT:g} s (0: no limit)"
        )
    return seconds


def positive_int(value: str) -> int:
    """A whole number of at least 1 (``--jobs``, ``--max-bytes``, ``--max-nodes``).

    Raises:
        argparse.ArgumentTypeError: not a whole number, or less than 1.
    """
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{printable(value)!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} must be at least 1")
    return number


def endpoint_url(value: str) -> str:
    """An http(s) URL of a SPARQL endpoint (``load --endpoint``, ``query URL``).

    Raises:
        argparse.ArgumentTypeError: not an http or https URL with a host.
    """
    from urllib.parse import urlsplit

    from diplograph.triplestore.endpoint import redact

    shown = printable(redact(value))  # a password in the URL is never shown
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{shown!r} is not an http:// or https:// URL with a host")
    return value


def check_model(model: str | None) -> None:
    """Make sure ``--model`` names a spaCy pipeline that can be loaded, before any work.

    Raises:
        DiplographError: no installed package or folder of that name.
    """
    if not model:
        return
    import spacy.util

    if spacy.util.is_package(model) or Path(model).is_dir():
        return
    raise DiplographError(
        f"--model {printable(model)}: no installed spaCy pipeline of that name "
        f"(install it with: python -m spacy download {printable(model)}, or give its folder)"
    )


def cap_jobs(jobs: int, *, quiet: bool = False) -> int:
    """``--jobs`` capped at the cores this process may use, said in one line when it is."""
    from diplograph.parallel import default_jobs

    cores = default_jobs()
    if jobs > cores:
        if not quiet:
            print(
                f"note: --jobs {jobs}: this machine has {cores} cores; using {cores}",
                file=sys.stderr,
            )
        return cores
    return jobs


class _Parser(argparse.ArgumentParser):
    """argparse with errors in one line (``diplograph build: error: ...``), usage left to -h."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {printable(message)} (see {self.prog} -h)\n")


def _build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="article files, folders (searched for *.txt), or - for stdin",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUTDIR",
        help="folder for graph.ttl and graph.html",
    )
    p.add_argument(
        "--lang",
        choices=["de", "en"],
        help="language of all articles (default: detected per article)",
    )
    p.add_argument(
        "--base",
        default=DEFAULT_BASE,
        type=base_iri,
        help=f"base IRI of resources, ending in / (default {DEFAULT_BASE})",
    )
    p.add_argument(
        "--model", help="an installed trained spaCy pipeline to add (e.g. de_core_news_lg)"
    )
    p.add_argument(
        "--max-bytes",
        type=positive_int,
        default=DEFAULT_MAX_BYTES,
        help="longest article accepted, in bytes",
    )
    p.add_argument(
        "--max-nodes", type=positive_int, help="keep only the most central nodes in graph.html"
    )
    p.add_argument("--no-html", action="store_true", help="write graph.ttl only")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="also write into this Oxigraph store folder, one named graph per "
        "article (replaced on rebuild)",
    )
    p.add_argument(
        "--format",
        dest="fmt",
        default="turtle",
        choices=["turtle", "trig", "nt", "nquads", "json-ld", "turtle-star", "trig-star"],
        help="graph file format: graph.ttl, graph.trig, graph.nt, graph.nq or "
        "graph.jsonld, graph-star.ttl or graph-star.trig (default turtle)",
    )
    p.add_argument(
        "--validate",
        action="store_true",
        default=None,
        help="check the graph against the SHACL shapes first; fail and write nothing "
        "on a violation "
        "(also on when DIPLOGRAPH_VALIDATE=1)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help="extract with N processes (default 1, at most the cores; same output for any N)",
    )
    p.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'",
    )
    p.add_argument(
        "--timeout",
        type=timeout_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="skip an article that takes longer than this (default "
        f"{DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    p.add_argument(
        "--license",
        default=DEFAULT_LICENSE,
        metavar="IRI",
        help=f"licence of the graph, stated in its description (void.ttl; default CC BY 4.0, "
        f"{DEFAULT_LICENSE})",
    )
    p.add_argument(
        "--creator",
        metavar="IRI_OR_NAME",
        help="who made the graph, stated in its description (an IRI such as an ORCID, or a name)",
    )
    p.add_argument(
        "--update",
        action="store_true",
        help="add the articles to the graph already in OUTDIR (an article of the same name is "
        "replaced, the others kept) instead of building it anew",
    )


def _load_pipelines(model: str | None) -> None:
    """Load the knowledge base and both pipelines, then move them out of the cyclic garbage
    collector's generations: they live as long as the process, and full collections would
    otherwise scan them again and again (and touch the memory forked workers share with us)."""
    from diplograph.parallel import warm_up

    warm_up(model)
    gc.freeze()


@command(
    "build",
    "Build graph.ttl and graph.html from news articles.",
    "diplograph build examples/ -o output/",
)(_build_options)
def run_build(args: argparse.Namespace) -> int:
    from diplograph.progress import Phases, reporting_phases

    started = time.perf_counter()
    with reporting_phases(Phases(enabled=not args.quiet, started=started)) as say:
        code = _run_build(args, started, say)
    return code


def _run_build(args: argparse.Namespace, started: float, say: Callable[[str], None]) -> int:
    from diplograph.build import build
    from diplograph.options import BuildOptions

    check_model(args.model)
    options = BuildOptions(
        lang=args.lang,
        base=args.base,
        model=args.model,
        max_bytes=args.max_bytes,
        html=not args.no_html,
        max_nodes=args.max_nodes,
        fmt=args.fmt,
        validate=args.validate,
        jobs=args.jobs if args.dask else cap_jobs(args.jobs, quiet=args.quiet),
        dask=args.dask,
        progress=not args.quiet,
        store=bool(args.store),
        store_dir=args.store,
        timeout=args.timeout or None,
        license=check_license(args.license),
        creator=args.creator,
    )
    if not args.dask:  # on a Dask cluster the workers load them
        say("loading pipelines")
        _load_pipelines(args.model)
    if args.update:
        from diplograph.incremental import update

        result = update(args.inputs, args.output, options)
    else:
        result = build(args.inputs, args.output, options)
    if not result.processed:
        if result.skipped or result.failed:
            print("error: no article could be processed; nothing written", file=sys.stderr)
        else:
            print(
                f"error: no article files found in {', '.join(map(printable, args.inputs))} "
                "(folders are searched for *.txt, *.html, *.htm); nothing written",
                file=sys.stderr,
            )
        return 1
    result.seconds = time.perf_counter() - started  # the wall time of the whole command
    if not args.quiet:
        print(result.summary(), file=sys.stderr)
        for path in result.outputs:
            print(f"wrote {printable(str(path))}", file=sys.stderr)
        if result.store_written is not None:
            print(result.store_written.summary(), file=sys.stderr)
        page = next((p for p in result.outputs if p.name == "graph.html"), None)
        if page is not None:
            print(f"open {printable(Path(page).absolute().as_uri())}", file=sys.stderr)
    return 0 if result.ok else 1


def _evaluate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "corpus",
        type=Path,
        metavar="CORPUS_DIR",
        help="folder of NAME.txt articles with NAME.gold.tsv beside them",
    )
    p.add_argument("--lang", choices=["de", "en"], help="force the language of all articles")
    p.add_argument("--model", help="an installed trained spaCy pipeline to add")
    p.add_argument(
        "--details",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="list misses and false hits",
    )


@command(
    "evaluate",
    "Score the build of a corpus against its gold annotations.",
    "diplograph evaluate corpus/dev",
)(_evaluate_options)
def run_evaluate(args: argparse.Namespace) -> int:
    from diplograph.evaluate import evaluate, write_details

    if not args.corpus.is_dir():
        raise DiplographError(f"{printable(str(args.corpus))}: not a folder")
    check_model(args.model)
    _load_pipelines(args.model)
    evaluation = evaluate(args.corpus, lang=args.lang, model=args.model)
    if not evaluation.articles:
        raise DiplographError(f"{args.corpus}: no article with a .gold.tsv file beside it")
    if args.details:
        details = write_details(evaluation)
        if details:
            print(details)
            print()
    print(f"{len(evaluation.articles)} articles")
    print(evaluation.table())
    return 0


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="diplograph",
        description="Turn news articles about diplomacy (German, English) into an RDF "
        "knowledge graph.",
    )
    top.add_argument("--version", action="version", version=f"diplograph {__version__}")
    subs = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _load_plugins()
    for name, (add_options, run) in COMMANDS.items():
        sub = subs.add_parser(  # of the class of ``top``: errors in one line
            name,
            help=run.help_text,  # type: ignore[attr-defined]
            description=run.help_text,  # type: ignore[attr-defined]
            epilog=f"Example:\n  {run.example}",  # type: ignore[attr-defined]
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_options(sub)
        sub.set_defaults(run=run)
    return top


def _load_plugins() -> None:
    """Import the modules that register further commands."""
    import importlib
    import pkgutil

    import diplograph.commands

    for info in sorted(pkgutil.iter_modules(diplograph.commands.__path__), key=lambda i: i.name):
        importlib.import_module(f"diplograph.commands.{info.name}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status = int(args.run(args))
        sys.stdout.flush()  # a closed pipe shows here, not when the interpreter exits
        return status
    except BrokenPipeError:
        if not _stdout_reader_gone():
            raise
        # the reader (`| head`) has all it wants: end quietly, as `cat` would
        _silence_stdout()
        return 141
    except DiplographError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _stdout_reader_gone() -> bool:
    """Whether stdout is a pipe nobody reads any more (and not some other broken pipe)."""
    import select

    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (AttributeError, ValueError, OSError):  # no file behind stdout, or no poll()
        return False


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises nothing more."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
