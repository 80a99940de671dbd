"""Throughput of diplograph against spaCy's own limit, on one corpus in one run.

Prints, for the same articles:

* words/s of ``spacy.blank(lang)`` tokenisation alone, twice: with its chunk cache switched off
  (``max_cache_size = 0``; the reference of the ratios, issue 14) and as spaCy ships it. spaCy's
  tokenizer caches the tokens of each whitespace-separated chunk it has split once (up to 10,000
  chunks); on a repetitive corpus nearly every chunk is a cache hit and the tokenizer measures
  dictionary look-ups. Without the cache it does its real per-word work (affix and infix
  splitting),
* words/s of our extraction alone (the NLP pipeline and the relation records, no RDF), article
  by article as the build runs it (:func:`diplograph.limits.extract_limited`),
* words/s of the default build (``diplograph build DIR -o OUT``: graph.ttl and graph.html) in a
  fresh process (start-up, reading, extraction, mapping, resolving, Turtle, page), its peak RSS,
* the same build with ``--jobs 2`` (speed-up, and whether graph.ttl and graph.html are
  byte-identical to the one-process build),
* the ratios ours/tokeniser.

The corpus is the repository's real-text articles (``corpus/*/*.txt``) multiplied under distinct
file names (:func:`corpus.write_real_corpus`); ``--generated`` uses template-generated articles
instead. The machine is shared and noisy: every measurement is repeated ``--repeat`` times, the
runs alternate, and the medians count (all runs are printed too), with the load average before
and after. Like the CLI, the in-process runs ``gc.freeze()`` after loading the pipelines.

Words are whitespace-separated words of the article bodies. Usage::

    python benchmarks/bench_throughput.py --articles 1000 --repeat 3
    python benchmarks/bench_throughput.py --articles 2000 --only-build --jobs 0 --repeat 1
    python benchmarks/bench_throughput.py --articles 20000 --only-build --jobs 0 --repeat 1
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus, write_real_corpus  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import pyoxigraph
    import spacy

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"spaCy {spacy.__version__}, pyoxigraph {pyoxigraph.__version__}, "
        f"{platform.system()} {platform.release()}"
    )


def load() -> str:
    """The load averages (1, 5, 15 minutes) as ``uptime`` prints them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def run_build(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all processes) and peak RSS (MB) of the default
    ``diplograph build`` (graph.ttl and graph.html) in a fresh process. With several jobs the
    RSS is the largest sum over the process tree."""
    command = [sys.executable, "-m", "diplograph", "build", str(folder), "-o", str(out)]
    command += ["-q", "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG if jobs > 1 else 0)
        if pid:
            break
        import psutil  # workers are grandchildren: sample the RSS of the whole tree

        try:
            parent = psutil.Process(process.pid)
            procs = [parent, *parent.children(recursive=True)]
            tree_peak = max(tree_peak, sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"build failed with exit status {status}")
    # wait4 reports the build and its reaped workers: CPU summed, RSS the largest one
    cpu = usage.ru_utime + usage.ru_stime
    peak = max(tree_peak, usage.ru_maxrss * 1024)  # Linux: ru_maxrss in kilobytes
    return seconds, cpu, peak / 1024 / 1024


def outputs(out: Path) -> tuple[bytes, bytes]:
    return (out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes()


def median(values: list[float]) -> float:
    return statistics.median(values)


def runs(values: list[float], unit: str = "s") -> str:
    return ", ".join(f"{v:.1f}" for v in values) + f" {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--generated",
        action="store_true",
        help="template-generated articles instead of the repository's real ones multiplied",
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of --generated")
    parser.add_argument("--corpus", type=Path, help="reuse (or create) the corpus in this folder")
    parser.add_argument(
        "--jobs", type=int, default=2, help="also build with this many processes (0: skip)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds of every measurement (the median counts)"
    )
    parser.add_argument(
        "--only-build",
        action="store_true",
        help="skip the in-process tokeniser and extraction runs",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="diplograph-bench-"))
    folder = args.corpus or work / "corpus"
    if not folder.exists() or len(list(folder.glob("*.txt"))) != args.articles:
        if args.generated:
            write_corpus(args.articles, folder, seed=args.seed)
        else:
            write_real_corpus(args.articles, folder)
    from diplograph.reader import read_article

    articles = [read_article(p) for p in sorted(folder.glob("*.txt"))]
    words = sum(len(a.body.split()) for a in articles)
    kind = f"generated (seed {args.seed})" if args.generated else "real-text (corpus/*/ multiplied)"
    print(f"machine: {machine()}")
    print(f"load average before: {load()}")
    print(
        f"corpus: {len(articles)} {kind} articles, {words:,} words, "
        f"{sum(a.lang == 'de' for a in articles)} German",
        flush=True,
    )
    rows: list[tuple[str, float, float, str]] = []
    tokenizer_rate = uncached_rate = None
    if not args.only_build:
        tokenizer_rate, uncached_rate = in_process(articles, words, args.repeat, rows)
    del articles
    one_times, one_cpu, one_peak, many_times, many_cpu, many_peak = [], [], [], [], [], []
    same = []
    for round_ in range(args.repeat):
        seconds, cpu, peak = run_build(folder, work / f"jobs1-{round_}", 1)
        one_times.append(seconds)
        one_cpu.append(cpu)
        one_peak.append(peak)
        print(f"  build, 1 process: {seconds:.1f} s", flush=True)
        if args.jobs > 1:
            out = work / f"jobs{args.jobs}-{round_}"
            seconds, cpu, peak = run_build(folder, out, args.jobs)
            many_times.append(seconds)
            many_cpu.append(cpu)
            many_peak.append(peak)
            same.append(outputs(out) == outputs(work / "jobs1-0"))
            print(f"  build, --jobs {args.jobs}: {seconds:.1f} s", flush=True)
    one_seconds = median(one_times)
    rows.append(
        (
            "build (graph.ttl + graph.html)",
            words / one_seconds,
            words / median(one_cpu),
            f"median of {runs(one_times)}; {one_seconds / args.articles * 1000:.1f} ms/article "
            f"(CPU {median(one_cpu) / args.articles * 1000:.1f} ms/article), "
            f"peak RSS {max(one_peak):.0f} MB",
        )
    )
    if args.jobs > 1:
        many_seconds = median(many_times)
        speedups = [a / b for a, b in zip(one_times, many_times, strict=True)]
        rows.append(
            (
                f"build, --jobs {args.jobs}",
                words / many_seconds,
                words / median(many_cpu),
                f"median of {runs(many_times)}: {one_seconds / many_seconds:.2f}x of 1 process "
                f"(pairwise {', '.join(f'{x:.2f}' for x in speedups)}; CPU "
                f"{median(many_cpu):.0f} s against {median(one_cpu):.0f} s), graph.ttl and "
                f"graph.html {'identical' if all(same) else 'DIFFERENT'}, "
                f"peak RSS {max(many_peak):.0f} MB (all processes)",
            )
        )
    import pyoxigraph as ox

    turtle = str(work / "jobs1-0" / "graph.ttl")
    triples = sum(1 for _ in ox.parse(path=turtle, format=ox.RdfFormat.TURTLE))
    print(f"load average after: {load()}")
    print(f"graph.ttl: {triples:,} triples\n")
    print(
        "words/s by wall time (and by CPU time of all processes), and as a share of the\n"
        "tokenizer's words/s measured the same way\n"
    )
    header = f"{'':32} {'words/s':>9} {'CPU':>9} {'of no-cache':>11} {'CPU':>6} {'of cached':>9}"
    print(header)
    for name, rate, cpu_rate, note in rows:
        shares = ["-", "-", "-"]
        if uncached_rate:
            shares = [
                f"{rate / uncached_rate[0]:.1%}",
                f"{cpu_rate / uncached_rate[1]:.1%}",
                f"{rate / tokenizer_rate[0]:.1%}",
            ]
        print(
            f"{name:32} {rate:9,.0f} {cpu_rate:9,.0f} {shares[0]:>11} {shares[1]:>6} "
            f"{shares[2]:>9}  {note}"
        )


def in_process(
    articles: list, words: int, repeat: int, rows: list[tuple[str, float, float, str]]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Time spaCy's blank tokenizers (cache on and off) and our extraction on ``articles`` in
    this process, ``repeat`` rounds alternating; add their rows; the rates (by wall and by CPU
    time) of the cached and the uncached tokenizer."""
    import spacy

    from diplograph.limits import extract_limited
    from diplograph.parallel import warm_up

    blank = {lang: spacy.blank(lang) for lang in ("de", "en")}
    uncached = {lang: spacy.blank(lang) for lang in ("de", "en")}
    for nlp in uncached.values():
        nlp.tokenizer.max_cache_size = 0
    for tokenizers in (blank, uncached):  # warm up
        for nlp in tokenizers.values():
            list(nlp.pipe(["Warm up."]))
    warm_up()
    gc.freeze()  # as the CLI does after loading the pipelines

    def tokenize(tokenizers: dict) -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        for lang, nlp in tokenizers.items():
            for _ in nlp.pipe((a.body for a in articles if a.lang == lang), batch_size=64):
                pass
        return time.perf_counter() - started, time.process_time() - cpu

    relations = [0]

    def extract() -> tuple[float, float]:
        def problem(*args: object) -> None:
            raise SystemExit(f"extraction failed: {args}")

        started, cpu = time.perf_counter(), time.process_time()
        records = extract_limited(articles, timeout=None, skipped=problem, failed=problem)
        relations[0] = sum(len(r.relations) for r in records)
        return time.perf_counter() - started, time.process_time() - cpu

    measured: dict[str, list[tuple[float, float]]] = {"no cache": [], "cached": [], "ours": []}
    for _ in range(repeat):
        measured["cached"].append(tokenize(blank))
        measured["no cache"].append(tokenize(uncached))
        measured["ours"].append(extract())
        print(
            "  "
            + ", ".join(
                f"{k} {v[-1][0]:.1f} s (CPU {v[-1][1]:.1f} s)" for k, v in measured.items()
            ),
            flush=True,
        )
    rates = {}
    for key, name in (
        ("no cache", "spacy.blank tokeniser, no cache"),
        ("cached", "spacy.blank tokeniser"),
        ("ours", "extraction (NLP + relations)"),
    ):
        wall = [w for w, _ in measured[key]]
        cpu = [c for _, c in measured[key]]
        rates[key] = (words / median(wall), words / median(cpu))
        note = f"median of {runs(wall)}; CPU {runs(cpu)}"
        if key == "ours":
            note = f"{relations[0]:,} relations, {note}"
        rows.append((name, rates[key][0], rates[key][1], note))
    return rates["cached"], rates["no cache"]


if __name__ == "__main__":
    main()
