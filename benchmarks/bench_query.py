"""Benchmark: the bundled queries on rdflib vs pyoxigraph over a generated graph of about one
million triples shaped like diplograph's output (not a test; run it by hand).

    python benchmarks/bench_query.py [--triples 1000000] [--seed 7] [--rdflib-limit 600]

The graph is generated, seeded, with the same terms and proportions as a real build: articles,
entities with labels, surface forms, Wikidata links and offices, events with date, place and
participants, and reified relation statements with evidence, offsets, confidence and provenance.
Prints load times and, per query, the latency on each engine (median of a few runs on pyoxigraph,
one run on rdflib) and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import signal
import statistics
import time
import zlib

import pyoxigraph as ox
from rdflib import Graph

from diplograph.queries import bundled
from diplograph.triplestore.engines import OxigraphSource, RdflibSource, bind_parameters

DG = "https://w3id.org/diplograph/ontology#"
R = "https://w3id.org/diplograph/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OWL = "http://www.w3.org/2002/07/owl#"
EVENT_KINDS = ["Summit", "Talks", "StateVisit", "Conference", "Meeting"]


def generate(target: int, seed: int) -> tuple[str, dict[str, dict[str, str]]]:
    """N-Triples text of about ``target`` triples, and query parameters that hit its hubs."""
    rng = random.Random(seed)
    lines: list[str] = []

    def iri(x: str) -> str:
        return f"<{x}>"

    def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
        value = text.replace("\\", "\\\\").replace('"', '\\"')
        return (
            f'"{value}"@{lang}'
            if lang
            else f'"{value}"^^<{datatype}>'
            if datatype
            else f'"{value}"'
        )

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .\n")

    scale = target / 1_000_000
    n_articles = int(3300 * scale)
    people = [R + f"person/p{i}" for i in range(int(3000 * scale) + 20)]
    states = [R + f"state/s{i}" for i in range(200)]
    outlets = [R + f"org/news{i}" for i in range(120)]
    places = [R + f"place/pl{i}" for i in range(500)]
    events = [R + f"event/e{i}" for i in range(int(1500 * scale) + 10)]
    described: set[str] = set()
    start = dt.date(2018, 1, 1)
    event_dates = {e: start + dt.timedelta(days=rng.randrange(2900)) for e in events}

    def pick(pool: list[str]) -> str:  # Zipf-like: a few hubs, a long tail
        return (
            pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]
            if rng.random() < 0.5
            else rng.choice(pool)
        )

    def describe(node: str, kind: str, article: str, lang: str) -> None:
        add(iri(node), iri(DG + "mentionedIn"), iri(article))
        add(
            iri(node),
            iri(SKOS + "altLabel"),
            lit(f"{node.rsplit('/', 1)[1]} {rng.randrange(5)}", lang),
        )
        if node in described:
            return
        described.add(node)
        name = node.rsplit("/", 1)[1]
        add(iri(node), iri(RDF + "type"), iri(DG + kind))
        add(iri(node), iri(RDFS + "label"), lit(f"Name {name}", "en"))
        add(iri(node), iri(RDFS + "label"), lit(f"Name {name}", "de"))
        add(
            iri(node),
            iri(OWL + "sameAs"),
            iri(f"http://www.wikidata.org/entity/Q{zlib.crc32(name.encode()) % 10**7}"),
        )
        if kind == "Person":
            for n in range(2):
                holding = node + f"/office-{n}"
                add(iri(node), iri(DG + "holds"), iri(holding))
                add(iri(holding), iri(RDF + "type"), iri(DG + "PositionHolding"))
                add(
                    iri(holding),
                    iri(DG + "post"),
                    lit(rng.choice(["head_of_state", "foreign_minister"])),
                )
                add(iri(holding), iri(DG + "ofAgent"), iri(rng.choice(states)))
                since = start + dt.timedelta(days=rng.randrange(-2000, 2000))
                add(
                    iri(holding),
                    iri(DG + "startDate"),
                    lit(since.isoformat(), datatype=XSD + "date"),
                )
                if n == 0:
                    until = since + dt.timedelta(days=rng.randrange(300, 3000))
                    add(
                        iri(holding),
                        iri(DG + "endDate"),
                        lit(until.isoformat(), datatype=XSD + "date"),
                    )

    def statement(s: str, p: str, o: str, article: str, n: int, sentence: str) -> None:
        st = f"{article}/statement-{n}-{p}-{s.rsplit('/', 1)[1]}"
        add(iri(s), iri(DG + p), iri(o))
        add(iri(st), iri(RDF + "type"), iri(RDF + "Statement"))
        add(iri(st), iri(RDF + "subject"), iri(s))
        add(iri(st), iri(RDF + "predicate"), iri(DG + p))
        add(iri(st), iri(RDF + "object"), iri(o))
        add(iri(st), iri(DG + "evidenceText"), lit(sentence))
        add(iri(st), iri(DG + "charStart"), lit(str(n * 120), datatype=XSD + "integer"))
        add(iri(st), iri(DG + "charEnd"), lit(str(n * 120 + 110), datatype=XSD + "integer"))
        add(
            iri(st),
            iri(DG + "confidence"),
            lit(f"0.{rng.randrange(50, 99)}", datatype=XSD + "decimal"),
        )
        add(iri(st), iri(DG + "modality"), lit("asserted"))
        add(iri(st), iri(DG + "rule"), lit(f"rule-{p}-{rng.randrange(9)}"))
        add(iri(st), iri(PROV + "wasDerivedFrom"), iri(article))

    for a in range(n_articles):
        article = R + f"article/a{a}"
        lang = rng.choice(["de", "en"])
        event = pick(events)
        published = event_dates[event] + dt.timedelta(days=rng.randrange(3))
        add(iri(article), iri(RDF + "type"), iri(DG + "Article"))
        add(iri(article), iri(RDFS + "label"), lit(f"Article {a}", lang))
        add(iri(article), iri(DG + "title"), lit(f"Article {a}"))
        add(
            iri(article),
            iri(DG + "publicationDate"),
            lit(published.isoformat(), datatype=XSD + "date"),
        )
        add(iri(article), iri(DG + "language"), lit(lang))
        add(iri(article), iri(DG + "sourceFile"), lit(f"a{a}.{lang}.txt"))
        actors = list(
            dict.fromkeys([pick(people) for _ in range(6)] + [pick(states) for _ in range(2)])
        )
        outlet = pick(outlets)
        for node in actors:
            describe(node, "Person" if "/person/" in node else "State", article, lang)
        describe(outlet, "NewsOrganization", article, lang)
        place = pick(places)
        describe(place, "Place", article, lang)
        kind = EVENT_KINDS[int(event.rsplit("e", 1)[1]) % len(EVENT_KINDS)]
        if event not in described:
            add(
                iri(event),
                iri(DG + "date"),
                lit(event_dates[event].isoformat(), datatype=XSD + "date"),
            )
            add(iri(event), iri(DG + "datePrecision"), lit("day"))
            add(iri(event), iri(DG + "place"), iri(place))
        describe(event, kind, article, lang)
        n = 0
        for x in actors[:5]:
            add(iri(event), iri(DG + "participant"), iri(x))
            statement(x, "attends", event, article, n, f"{x} attended the {kind} (article {a}).")
            n += 1
        for i, x in enumerate(actors[:4]):
            for y in actors[i + 1 : 4]:
                sentence = f"{x} met {y} (article {a}, sentence {n})."
                statement(x, "meets", y, article, n, sentence)
                statement(y, "meets", x, article, n, sentence)
                n += 1
        for _ in range(3):
            claim = f"{article}/claim-{n}"
            add(iri(claim), iri(RDF + "type"), iri(DG + "Claim"))
            add(iri(claim), iri(DG + "text"), lit(f"claim {n} of article {a}", lang))
            add(iri(claim), iri(RDFS + "label"), lit(f"claim {n}", lang))
            statement(outlet, "reports", claim, article, n, f"{outlet} reported claim {n}.")
            n += 1
        for _ in range(2):
            proposal = f"{article}/proposal-{n}"
            add(iri(proposal), iri(RDF + "type"), iri(DG + "Proposal"))
            add(iri(proposal), iri(DG + "text"), lit(f"proposal {n} of article {a}", lang))
            add(iri(proposal), iri(RDFS + "label"), lit(f"proposal {n}", lang))
            if rng.random() < 0.5:
                add(iri(proposal), iri(DG + "addressee"), iri(actors[-1]))
            statement(actors[0], "proposes", proposal, article, n, f"{actors[0]} proposed {n}.")
            n += 1
    hub = people[0]
    params = {
        "meetings-between": {"from": "2024-01-01", "to": "2024-01-31"},
        "meetings-of-actor": {"actor": hub},
        "event-attendees": {"event": events[0]},
        "who-reported-what": {"outlet": outlets[0]},
        "proposals": {"actor": hub},
        "evidence": {"subject": hub, "predicate": DG + "meets", "object": people[1]},
        "most-connected": {},
        "events-by-place": {"place": places[0]},
        "corroboration": {},
        "fact-corroboration": {"relation": DG + "meets"},
    }
    return "".join(lines), params


class Timeout(BaseException):  # not an Exception: must pass through the engines
    pass


def timed(fn, limit: float | None = None):
    """(seconds, result) of fn(), or (None, None) past ``limit`` seconds."""
    if limit:

        def stop(signum, frame):
            raise Timeout

        signal.signal(signal.SIGALRM, stop)
        signal.alarm(int(limit))
    started = time.perf_counter()
    try:
        result = fn()
    except Timeout:
        return None, None
    finally:
        if limit:
            signal.alarm(0)
    return time.perf_counter() - started, result


def fmt(seconds: float | None, limit: float) -> str:
    if seconds is None:
        return f"> {limit:g} s"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="runs per query on pyoxigraph (median)")
    parser.add_argument(
        "--rdflib-limit", type=float, default=600, help="seconds per rdflib query before giving up"
    )
    args = parser.parse_args()

    seconds, (data, params) = timed(lambda: generate(args.triples, args.seed))
    print(f"generated {data.count(chr(10)):,} triples in {seconds:.1f} s", flush=True)
    store = ox.Store()
    ox_load, _ = timed(lambda text=data: store.load(text.encode(), format=ox.RdfFormat.N_TRIPLES))
    print(f"pyoxigraph: {len(store):,} triples loaded in {ox_load:.1f} s", flush=True)
    graph = Graph()
    rdf_load, _ = timed(lambda text=data: graph.parse(data=text, format="nt"))
    print(f"rdflib: {len(graph):,} triples loaded in {rdf_load:.1f} s", flush=True)
    del data

    oxigraph, rdflib = OxigraphSource(store), RdflibSource(graph)
    rows = [("load", rdf_load, ox_load, "")]
    for name, query in bundled().items():
        bindings = bind_parameters(query, params.get(name, {}))
        runs = [
            timed(lambda q=query, b=bindings: oxigraph.select(q.text, b)) for _ in range(args.runs)
        ]
        ox_time = statistics.median(r[0] for r in runs)
        answer = runs[0][1]
        rdf_time, rdf_answer = timed(
            lambda q=query, b=bindings: rdflib.select(q.text, b), args.rdflib_limit
        )
        same = "" if rdf_answer is None else ("same" if rdf_answer == answer else "DIFFERENT")
        rows.append((name, rdf_time, ox_time, f"{len(answer.rows)} rows {same}".strip()))
        print(
            f"  {name}: rdflib {fmt(rdf_time, args.rdflib_limit)}, pyoxigraph {fmt(ox_time, 0)}",
            flush=True,
        )

    cpu = platform.processor() or platform.machine()
    print(
        f"\n{len(store):,} triples, seed {args.seed}; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores ({cpu}), pyoxigraph {ox.__version__}\n"
    )
    print("| query | rdflib | pyoxigraph | rdflib / pyoxigraph | answer |")
    print("|---|---:|---:|---:|---|")
    for name, rdf_time, ox_time, note in rows:
        ratio = (
            f"{rdf_time / ox_time:,.0f}×"
            if rdf_time and ox_time
            else f"> {args.rdflib_limit / ox_time:,.0f}×"
        )
        times = f"{fmt(rdf_time, args.rdflib_limit)} | {fmt(ox_time, 0)}"
        print(f"| {name} | {times} | {ratio} | {note} |")


if __name__ == "__main__":
    main()
