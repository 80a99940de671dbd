"""Scoring a graph against gold annotations, as described in ../shared/seed/ANNOTATION.md.

The graph is read only through the public RDF contract: rdf:Statement nodes with
dg:evidenceText, labels and altLabels of the entities, prov:wasDerivedFrom the article.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV, SKOS
from rdflib.term import Node

from diplograph.kb import load_kb
from diplograph.rdf.namespace import DG

__all__ = [
    "RELATIONS",
    "PREDICATE",
    "normalise",
    "GoldRow",
    "read_gold",
    "Found",
    "Score",
    "ArticleScore",
    "IdentityScore",
    "event_identity",
    "same_year",
    "NameMatcher",
    "score_article",
    "Evaluation",
    "evaluate_graph",
    "gold_pairs",
    "evaluate",
    "write_details",
    "read_tsv",
]

RELATIONS = ("MEETS", "ATTENDS", "REPORTS", "PROPOSES")
PREDICATE = {
    "MEETS": DG.meets,
    "ATTENDS": DG.attends,
    "REPORTS": DG.reports,
    "PROPOSES": DG.proposes,
}


def normalise(text: str) -> str:
    """Lower case, no accents, hyphens or punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ß", "ss")
    text = re.sub(r"[\W_]+", " ", text.lower())
    return " ".join(text.split())


@dataclass(frozen=True)
class GoldRow:
    relation: str
    subject: str
    object: str
    required: bool
    evidence: str
    addressee: str | None = None


def read_gold(path: Path) -> list[GoldRow]:
    rows: list[GoldRow] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "relation" or cols[0] not in RELATIONS:
                continue
            if len(cols) >= 5:
                relation, subject, obj, required, evidence = cols[:5]
            else:
                relation, subject, obj, evidence = (cols + [""] * 4)[:4]
                required = "yes"
            addressee = None
            if " || to:" in evidence:
                evidence, _, addressee = evidence.partition(" || to:")
                addressee = addressee.strip()
            rows.append(
                GoldRow(
                    relation,
                    subject.strip(),
                    obj.strip(),
                    required.strip() != "optional",
                    evidence.strip(),
                    addressee,
                )
            )
    return rows


@dataclass
class Found:
    relation: str
    subject: URIRef
    object: URIRef
    evidence: str
    article: str
    rule: str = ""


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleScore:
    article: str
    lang: str
    scores: dict[str, Score] = field(default_factory=lambda: {r: Score() for r in RELATIONS})
    misses: list[tuple[str, str]] = field(default_factory=list)  # (relation, description)
    false_hits: list[tuple[str, str]] = field(default_factory=list)
    events: dict[str, str | None] = field(default_factory=dict)  # gold event -> graph event paired


@dataclass(frozen=True)
class IdentityScore:
    """Cross-article event identity: among pairs of gold event mentions in two different
    articles, are the mentions of one gold event one node (recall), and are the mentions that
    are one node one gold event (precision)? Counted over the mentions found (paired with a
    graph event through their attendees); ``found``/``mentions`` says how many that is."""

    same_and_joined: int
    same: int
    joined: int
    found: int
    mentions: int
    wrongly_joined: tuple[tuple[str, str], ...]  # gold events that share a node

    @property
    def precision(self) -> float:
        return self.same_and_joined / self.joined if self.joined else 1.0

    @property
    def recall(self) -> float:
        return self.same_and_joined / self.same if self.same else 1.0


def event_identity(articles: list[ArticleScore]) -> IdentityScore:
    """Score how the graph's event nodes group the gold events of different articles."""
    found = [(a.article, gold, node) for a in articles for gold, node in sorted(a.events.items())]
    detected = [m for m in found if m[2] is not None]
    same = joined = both = 0
    wrong: set[tuple[str, str]] = set()
    for i, (art_a, gold_a, node_a) in enumerate(detected):
        for art_b, gold_b, node_b in detected[i + 1 :]:
            if art_a == art_b:
                continue
            is_same = normalise(gold_a) == normalise(gold_b)
            is_joined = node_a == node_b
            same += is_same
            joined += is_joined
            both += is_same and is_joined
            if is_joined and not is_same:
                wrong.add(tuple(sorted((gold_a, gold_b))))  # type: ignore[arg-type]
    return IdentityScore(both, same, joined, len(detected), len(found), tuple(sorted(wrong)))


class NameMatcher:
    """Matches graph entities against gold names (labels, altLabels, surnames, KB spellings)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._names: dict[URIRef, set[str]] = {}
        kb = load_kb()
        self._spellings: dict[str, set[str]] = defaultdict(set)
        for entry in kb.entries.values():
            forms = {normalise(n) for n in (entry.name, entry.de, *entry.aliases) if n}
            for form in forms:
                self._spellings[form] |= forms

    def names(self, node: URIRef) -> set[str]:
        if node not in self._names:
            found = {normalise(str(o)) for o in self.graph.objects(node, RDFS.label)}
            found |= {normalise(str(o)) for o in self.graph.objects(node, SKOS.altLabel)}
            self._names[node] = found
        return self._names[node]

    def matches(self, node: URIRef, gold: str) -> bool:
        g = normalise(gold)
        targets = {g} | self._spellings.get(g, set())
        surnames = {t.split()[-1] for t in targets if t}
        names = self.names(node)
        return bool(names & targets) or bool(names & surnames)


def _found(graph: Graph) -> dict[str, list[Found]]:
    """Relations of the graph per article source file."""
    sources: dict[Node | None, str] = {
        art: str(src) for art, src in graph.subject_objects(DG.sourceFile)
    }
    by_article: dict[str, list[Found]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        pred = graph.value(st, RDF.predicate)
        relation = next((r for r, p in PREDICATE.items() if p == pred), None)
        if relation is None:
            continue
        art = graph.value(st, PROV.wasDerivedFrom)
        by_article[sources.get(art, "")].append(
            Found(
                relation,
                # diplograph's statements are about IRIs
                cast(URIRef, graph.value(st, RDF.subject)),
                cast(URIRef, graph.value(st, RDF.object)),
                str(graph.value(st, DG.evidenceText) or ""),
                sources.get(art, ""),
                str(graph.value(st, DG.rule) or ""),
            )
        )
    return by_article


def _same_sentence(gold: str, found: str) -> bool:
    g, f = " ".join(gold.split()), " ".join(found.split())
    return bool(g) and (g in f or f in g)


def score_article(
    graph: Graph,
    found: list[Found],
    gold: list[GoldRow],
    article: str,
    lang: str,
    matcher: NameMatcher,
) -> ArticleScore:
    result = ArticleScore(article, lang)
    # MEETS: unordered pairs
    pairs: dict[tuple[str, ...], Found] = {}
    for f in found:
        if f.relation == "MEETS":
            key = tuple(sorted((str(f.subject), str(f.object))))
            pairs.setdefault(key, f)
    used: set = set()
    for row in [r for r in gold if r.relation == "MEETS"]:
        hit = next(
            (
                k
                for k in pairs
                if k not in used
                and (
                    (
                        matcher.matches(URIRef(k[0]), row.subject)
                        and matcher.matches(URIRef(k[1]), row.object)
                    )
                    or (
                        matcher.matches(URIRef(k[1]), row.subject)
                        and matcher.matches(URIRef(k[0]), row.object)
                    )
                )
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
            if row.required:
                result.scores["MEETS"].tp += 1
        elif row.required:
            result.scores["MEETS"].fn += 1
            result.misses.append(("MEETS", f"{row.subject} — {row.object}: {row.evidence}"))
    for key, f in pairs.items():
        if key not in used:
            result.scores["MEETS"].fp += 1
            result.false_hits.append(
                (
                    "MEETS",
                    f"{_name(graph, f.subject)} — {_name(graph, f.object)} [{f.rule}]: "
                    f"{f.evidence}",
                )
            )

    # ATTENDS: person matches, events paired by shared attendees
    attends: dict[tuple[str, str], Found] = {}
    for f in found:
        if f.relation == "ATTENDS":
            attends.setdefault((str(f.subject), str(f.object)), f)
    gold_att = [r for r in gold if r.relation == "ATTENDS"]
    gold_events = sorted({r.object for r in gold_att})
    # Pair each gold event with the graph event sharing most of its attendees: best overlaps
    # first, one graph event per gold event where possible, shared only when none is left.
    graph_events = sorted({o for _, o in attends})
    overlap: dict[tuple[str, str], int] = {}
    for ev in gold_events:
        people = [r.subject for r in gold_att if r.object == ev]
        for graph_event in graph_events:
            n = sum(
                1
                for p in people
                if any(o == graph_event and matcher.matches(URIRef(s), p) for s, o in attends)
            )
            if n:
                overlap[(ev, graph_event)] = n
    pairing: dict[str, str | None] = {}
    taken: set[str] = set()
    for (ev, graph_event), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if ev not in pairing and graph_event not in taken:
            pairing[ev] = graph_event
            taken.add(graph_event)
    for ev in gold_events:
        if ev not in pairing:
            options = [(n, g) for (e, g), n in overlap.items() if e == ev]
            pairing[ev] = max(options)[1] if options else None
    # The article's gold event mentions (events someone is required to attend; an event named
    # only by optional rows is background the annotators did not insist on) and the graph event
    # each is found as: the node most of its attendances point to in the gold row's sentence.
    votes: dict[str, Counter] = defaultdict(Counter)
    for row in gold_att:
        for f in found:
            if (
                f.relation == "ATTENDS"
                and _same_sentence(row.evidence, f.evidence)
                and matcher.matches(f.subject, row.subject)
            ):
                votes[row.object][str(f.object)] += 1
    # One node per gold event where the votes allow it: two gold events named in one sentence
    # ("his state visit in 2023 ... and last October he attended the BRICS summit") share their
    # votes, and each takes the best node the other has not taken (ties by name).
    required = sorted({r.object for r in gold_att if r.required})
    result.events = dict.fromkeys(required)
    claimed: set[str] = set()
    ranked = sorted(
        (-n, not same_year(ev, node), ev, node) for ev in required for node, n in votes[ev].items()
    )
    for _, _, ev, node in ranked:
        if result.events[ev] is None and node not in claimed:
            result.events[ev] = node
            claimed.add(node)
    for ev in required:
        if result.events[ev] is None and votes[ev]:
            result.events[ev] = min(votes[ev], key=lambda n: (-votes[ev][n], n))
    used_att: set = set()
    for row in gold_att:
        event = pairing.get(row.object)
        hit = next(
            (
                k
                for k in attends
                if k not in used_att
                and k[1] == event
                and matcher.matches(URIRef(k[0]), row.subject)
            ),
            None,
        )
        if hit is not None:
            used_att.add(hit)
            if row.required:
                result.scores["ATTENDS"].tp += 1
        elif row.required:
            result.scores["ATTENDS"].fn += 1
            result.misses.append(("ATTENDS", f"{row.subject} → {row.object}: {row.evidence}"))
    for key, f in attends.items():
        if key not in used_att:
            result.scores["ATTENDS"].fp += 1
            result.false_hits.append(
                (
                    "ATTENDS",
                    f"{_name(graph, f.subject)} → {_name(graph, f.object)} [{f.rule}]: "
                    f"{f.evidence}",
                )
            )

    # REPORTS and PROPOSES: agent and evidence sentence
    for relation in ("REPORTS", "PROPOSES"):
        items: dict[tuple[str, str], Found] = {}
        for f in found:
            if f.relation == relation:
                items.setdefault((str(f.subject), f.evidence), f)
        used_rp: set = set()
        for row in [r for r in gold if r.relation == relation]:
            hit = next(
                (
                    k
                    for k in items
                    if k not in used_rp
                    and _same_sentence(row.evidence, k[1])
                    and matcher.matches(URIRef(k[0]), row.subject)
                ),
                None,
            )
            if hit is not None:
                used_rp.add(hit)
                if row.required:
                    result.scores[relation].tp += 1
            elif row.required:
                result.scores[relation].fn += 1
                result.misses.append((relation, f"{row.subject}: {row.evidence}"))
        for key, f in items.items():
            if key not in used_rp:
                result.scores[relation].fp += 1
                result.false_hits.append(
                    (relation, f"{_name(graph, f.subject)} [{f.rule}]: {f.evidence}")
                )
    return result


def same_year(gold_event: str, node: str) -> bool:
    """The gold event's name ends in the year its node's IRI begins with ("BRICS summit 2024",
    ``event/2024-10-22-kazan-brics-summit``): of equally voted nodes, the one of its year."""
    year = gold_event.rsplit(" ", 1)[-1]
    return year.isdecimal() and node.rsplit("/", 1)[-1].startswith(year)


def _name(graph: Graph, node: URIRef) -> str:
    for label in graph.objects(node, RDFS.label):
        if getattr(label, "language", None) == "en":
            return str(label)
    first = graph.value(node, RDFS.label)
    return str(first) if first else str(node).rsplit("/", 1)[-1]


@dataclass
class Evaluation:
    articles: list[ArticleScore]

    def total(self, relation: str | None = None, lang: str | None = None) -> Score:
        score = Score()
        for art in self.articles:
            if lang and art.lang != lang:
                continue
            for rel, s in art.scores.items():
                if relation is None or rel == relation:
                    score.add(s)
        return score

    def table(self) -> str:
        langs = sorted({a.lang for a in self.articles})
        lines = [f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]

        def row(name: str, s: Score) -> str:
            return (
                f"{name:10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} "
                f"{s.fp:5d} {s.fn:5d}"
            )

        for relation in RELATIONS:
            lines.append(row(relation, self.total(relation)))
        for lang in langs:
            lines.append(row(f"lang={lang}", self.total(lang=lang)))
        lines.append(row("micro", self.total()))
        identity = event_identity(self.articles)
        if identity.same or identity.joined:
            lines.append(
                f"event identity across articles: P {identity.precision:.3f} R "
                f"{identity.recall:.3f} "
                f"({identity.same_and_joined} of {identity.same} same-event pairs joined, "
                f"{identity.joined} pairs joined; {identity.found} of "
                f"{identity.mentions} gold event mentions found)"
            )
            for a, b in identity.wrongly_joined:
                lines.append(f"  joined but different: {a} + {b}")
        return "\n".join(lines)


def evaluate_graph(graph: Graph, gold_files: dict[str, tuple[Path, str]]) -> Evaluation:
    """Score a built graph against gold files keyed by article source file name."""
    matcher = NameMatcher(graph)
    found = _found(graph)
    scores = []
    for source, (gold_path, lang) in sorted(gold_files.items()):
        scores.append(
            score_article(graph, found.get(source, []), read_gold(gold_path), source, lang, matcher)
        )
    return Evaluation(scores)


def gold_pairs(corpus: Path) -> dict[str, tuple[Path, Path]]:
    """Article files of a corpus folder that have a gold file beside them."""
    pairs = {}
    for txt in sorted(corpus.rglob("*.txt")):
        gold = txt.with_name(txt.name[: -len(".txt")] + ".gold.tsv")
        if gold.exists():
            pairs[txt.name] = (txt, gold)
    return pairs


def evaluate(
    corpus: Path | str, *, lang: str | None = None, model: str | None = None
) -> Evaluation:
    """Build the articles of a corpus folder and score them against their gold files."""
    from diplograph.build import build_graph

    corpus = Path(corpus)
    pairs = gold_pairs(corpus)
    messages: list[str] = []
    result = build_graph(
        [str(p[0]) for p in pairs.values()], lang=lang, model=model, report=messages.append
    )
    langs = {
        str(src): str(lg)
        for art in result.graph.subjects(RDF.type, DG.Article)
        for src in result.graph.objects(art, DG.sourceFile)
        for lg in result.graph.objects(art, DG.language)
    }
    gold_files = {name: (gold, langs.get(name, "?")) for name, (_, gold) in pairs.items()}
    return evaluate_graph(result.graph, gold_files)


def write_details(evaluation: Evaluation) -> str:
    lines = []
    for art in evaluation.articles:
        if not art.misses and not art.false_hits:
            continue
        lines.append(f"== {art.article}")
        for relation, text in art.misses:
            lines.append(f"  miss  {relation:8} {text}")
        for relation, text in art.false_hits:
            lines.append(f"  false {relation:8} {text}")
    return "\n".join(lines)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t")]
