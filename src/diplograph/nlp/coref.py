"""Coreference inside one article: surnames, role phrases (resolved by the article's date through
the knowledge base's time-scoped offices), plural references and pronouns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

from spacy.tokens import Doc

from diplograph.kb import KnowledgeBase
from diplograph.nlp.mentions import Mention
from diplograph.nlp.tokens import Tok, token_table

__all__ = [
    "LEADER_ROLES",
    "NEEDS_STATE",
    "DETERMINERS",
    "TITLE_ENDINGS_DE",
    "ENGLISH_TITLE_WORDS",
    "JOINING_WORDS",
    "PREPOSITIONS",
    "ROLE_RANK",
    "PLURAL_HEAD_ROLES",
    "CorefState",
    "resolve",
    "remember",
    "resolve_group",
    "resolve_name",
    "resolve_surname",
    "resolve_role",
    "resolve_guest",
    "resolve_counterpart",
    "resolve_office",
    "resolve_plural",
    "resolve_plural_pronoun",
    "resolve_object_pronoun",
    "resolve_epithet",
    "resolve_pronoun",
    "RESOLVERS",
]

LEADER_ROLES = ("head_of_state", "head_of_government")
# roles resolved only with a state named
NEEDS_STATE = frozenset(["host", "hosts", "gastgeber", "gastgeberin"])
DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "the",
        "a",
        "an",
    ]
)
TITLE_ENDINGS_DE = (
    "präsident",
    "präsidenten",
    "präsidentin",
    "minister",
    "ministerin",
    "ministers",
    "chef",
    "chefs",
    "chefin",
    "kanzler",
    "kanzlerin",
    "sekretär",
    "sekretärin",
    "berater",
    "beraterin",
    "premier",
    "gesandte",
    "gesandten",
    "botschafter",
    "sprecher",
    "sprecherin",
    "staatschef",
    "staatschefs",
    "könig",
    "kronprinz",
    "kronprinzen",
)
# words of an English title before a name ("with Indian Prime Minister X")
ENGLISH_TITLE_WORDS = frozenset(
    [
        "former",
        "national",
        "security",
        "adviser",
        "advisor",
        "deputy",
        "vice",
        "foreign",
        "defence",
        "defense",
        "minister",
        "president",
        "prime",
    ]
)
# words between persons named together ("Trump und seine Frau Melania", "X, Y and Z")
JOINING_WORDS = frozenset(
    [
        "und",
        "and",
        ",",
        "sowie",
        "seine",
        "seiner",
        "ihr",
        "ihre",
        "his",
        "her",
        "wife",
        "frau",
        "ehefrau",
        "mann",
        "husband",
        "the",
        "der",
        "die",
    ]
)
PREPOSITIONS = frozenset(
    [
        "mit",
        "von",
        "vom",
        "bei",
        "beim",
        "gegenüber",
        "für",
        "an",
        "am",
        "zu",
        "zum",
        "zur",
        "über",
        "nach",
        "with",
        "by",
        "to",
        "for",
        "at",
        "from",
        "of",
        "about",
        "on",
        "alongside",
        "beside",
    ]
)
ROLE_RANK = {
    "head_of_state": 0,
    "head_of_government": 1,
    "monarch": 1,
    "foreign_minister": 2,
    "vice_president": 2,
    "defence_minister": 3,
    "org_leader": 3,
}
PLURAL_HEAD_ROLES = {
    "außenminister": ("foreign_minister",),
    "chefdiplomaten": ("foreign_minister",),
    "ministers": ("foreign_minister", "defence_minister"),
    "minister": ("foreign_minister", "defence_minister"),
    "präsidenten": ("head_of_state",),
    "presidents": ("head_of_state",),
    "staatschefs": LEADER_ROLES,
    "regierungschefs": LEADER_ROLES,
    "leaders": LEADER_ROLES,
    "staatsoberhäupter": ("head_of_state",),
}


def _sent_index(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    index: list[int] = []
    for n, sent in enumerate(doc.sents):
        index.extend(repeat(n, sent.end - sent.start))
    return index


@dataclass
class CorefState:
    """What the resolvers of :func:`resolve` share: the article as read once, and the persons
    resolved so far, in the order the article names them."""

    kb: KnowledgeBase
    day: dt.date | None  # the article's date: offices are looked up on it
    mentions: list[Mention]
    tokens: list[Tok]
    german: bool
    sent_of: list[int]  # sentence number of every token
    person_tokens: set[int]  # tokens of persons' names, surnames and unknown persons
    group_sentences: dict[int, str]  # sentence -> head noun of the group it names ("delegation")
    seen: list[tuple[int, str]] = field(default_factory=list)  # (sentence, person id) as named
    first_in_sent: dict[int, str] = field(default_factory=dict)  # the first person outside a PP
    # positions in ``seen`` inside prepositional phrases
    in_pp: set[int] = field(default_factory=set)
    # sentence -> (start, end, person id) of the persons named in it, in order
    by_sentence: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    # members of groups ("Zur Delegation gehörten X, Y und Z"): persons named in a sentence that
    # names the group, collected as the article goes on
    group_members: dict[str, list[str]] = field(default_factory=dict)
    group_seen: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, doc: Doc, mentions: list[Mention], kb: KnowledgeBase, day: dt.date | None
    ) -> CorefState:
        """The state before the first mention is resolved."""
        sent_of = _sent_index(doc)
        group_sentences: dict[int, str] = {}
        for m in mentions:
            if m.kind == "group":
                group_sentences.setdefault(sent_of[m.start], m.head)
        return cls(
            kb=kb,
            day=day,
            mentions=mentions,
            tokens=token_table(doc),
            german=doc.lang_ == "de",
            sent_of=sent_of,
            group_sentences=group_sentences,
            person_tokens={
                k
                for x in mentions
                if x.kind in ("name", "surname", "unknown") and x.type == "Person"
                for k in range(x.start, x.end)
            },
        )


def resolve(doc: Doc, mentions: list[Mention], kb: KnowledgeBase, day: dt.date | None) -> None:
    """Fill ``ids`` of the mentions that can be resolved safely; leave the others empty.

    Mentions are resolved in text order, each by the resolver of its kind (:data:`RESOLVERS`),
    from the persons named before it.
    """
    state = CorefState.of(doc, mentions, kb, day)
    for m in mentions:
        resolver = RESOLVERS.get(m.kind)
        if resolver is not None:
            resolver(state, m)


# What the resolvers know of the persons named so far ----------------------------------------------


def remember(state: CorefState, m: Mention) -> None:
    """Note the persons a resolved mention names: in order, by sentence, as the first of their
    sentence (unless inside a prepositional phrase), as members of a group named there."""
    sent = state.sent_of[m.start]
    head = state.group_sentences.get(sent)
    if head is not None:
        for pid in m.ids:
            if pid.startswith("person/"):
                state.group_members.setdefault(head, []).append(pid)
                state.group_seen.setdefault(head, []).append((sent, pid))
    for pid in m.ids:
        if pid.startswith("person/"):
            state.by_sentence.setdefault(sent, []).append((m.start, m.end, pid))
            if _in_prepositional_phrase(state, m):
                state.in_pp.add(len(state.seen))
            else:
                state.first_in_sent.setdefault(sent, pid)
            state.seen.append((sent, pid))


def _in_prepositional_phrase(state: CorefState, m: Mention) -> bool:
    """The mention is the object of a preposition: "mit dem schwedischen Premier X", "with Indian
    Prime Minister X" (but not "Für Überraschung sorgte Trump")."""
    T, german, person_tokens = state.tokens, state.german, state.person_tokens
    k = m.start - 1
    while k >= 0 and k > m.start - 12 and not (T[k].is_punct and T[k].text != ","):
        word = T[k].lower_
        if word in PREPOSITIONS:
            if word == "of" and k > 0 and T[k - 1].text[:1].isupper():
                k -= 1  # "Secretary of State X": part of the title
                continue
            return True
        if (
            k in person_tokens
            or word in ("und", "and", "sowie")
            or (word == "," and k - 1 in person_tokens)
        ):
            k -= 1  # "mit X, Y und Z": the phrase goes on over names joined to it
            continue
        if T[k].text[:1].isupper():
            if german and not word.endswith(TITLE_ENDINGS_DE):
                return False  # a German noun: the mention is no part of this phrase
        elif (
            german
            and not (word in DETERMINERS or word.endswith(("en", "er", "es", "em")))
            or not german
            and word not in DETERMINERS
            and word not in ENGLISH_TITLE_WORDS
        ):
            return False
        k -= 1
    return False


def _named_together(state: CorefState, sent: int, before: int | None = None) -> list[str]:
    """The first two or more persons of a sentence named together ("Trump und seine Frau
    Melania", "Macron and Merz", "X, Y and Z"), before token ``before`` if given."""
    T = state.tokens
    found = [x for x in state.by_sentence.get(sent, []) if before is None or x[1] <= before]
    for n in range(len(found) - 1):
        group = [found[n]]
        for nxt in found[n + 1 :]:
            gap = [T[k].lower_ for k in range(group[-1][1], nxt[0])]
            if (
                len(gap) <= 4
                and any(w in ("und", "and", ",", "sowie") for w in gap)
                and all(
                    w in JOINING_WORDS or T[k].text[:1].isupper()
                    for w, k in zip(gap, range(group[-1][1], nxt[0]), strict=True)
                )
            ):
                group.append(nxt)
            else:
                break
        ids = list(dict.fromkeys(pid for _, _, pid in group))
        if len(ids) >= 2:
            return ids
    return []


def _role_match(
    state: CorefState, pid: str, roles: tuple[str, ...], of: str | None, word: str = ""
) -> bool:
    """The person holds one of ``roles`` (of the state ``of``, if given) on the article's date."""
    offices = state.kb.offices_by_person.get(pid, [])
    if word.startswith(("president", "präsident")) and any(o.role == "monarch" for o in offices):
        return False  # a king is head of state, but nobody's "president"
    for office in offices:
        if office.role in roles and (of is None or office.of == of) and office.holds_on(state.day):
            return True
    return False


def _gender_clash(state: CorefState, pid: str, m: Mention) -> bool:
    """The person's known gender is not the mention's ("sie" for a man)."""
    entry = state.kb.get(pid)
    return entry is not None and bool(entry.gender) and bool(m.gender) and entry.gender != m.gender


# The resolvers, one per kind of mention, in the order of RESOLVERS -------------------------------


def resolve_group(state: CorefState, m: Mention) -> None:
    """A definite group ("die Delegation") whose members were listed in an earlier sentence."""
    members = state.group_members.get(m.head, [])
    if (
        m.size
        and len(members) >= 2
        and not any(state.sent_of[m.start] == s for s, _ in state.group_seen.get(m.head, []))
    ):
        m.ids = tuple(dict.fromkeys(members))


def resolve_name(state: CorefState, m: Mention) -> None:
    """Names, metonyms and unknown persons come resolved: remembered only."""
    remember(state, m)


def resolve_surname(state: CorefState, m: Mention) -> None:
    """A surname (or a royal's given name): the candidate named most often so far, a leader
    before others, then the one named first (the article's protagonist); else the candidate in
    office at the article's date, or the only person of that name."""
    kb, day, seen = state.kb, state.day, state.seen
    recent = [pid for _, pid in reversed(seen) if pid in m.candidates]
    if recent:
        order = [pid for _, pid in seen]
        m.ids = (
            max(
                dict.fromkeys(recent),
                key=lambda pid: (
                    recent.count(pid),
                    any(o.role in LEADER_ROLES for o in kb.roles_of(pid, day)),
                    -order.index(pid),
                ),
            ),
        )
    elif (
        m.weak
        and len(
            [c for c in m.candidates if any(o.role in LEADER_ROLES for o in kb.roles_of(c, day))]
        )
        != 1
    ):
        # "Kurz zuvor ...": the word, not Sebastian Kurz (but "Xi and Putin signed ...": one sitting
        # leader)
        return
    else:
        in_office = sorted(
            (pid for pid in m.candidates if kb.roles_of(pid, day)),
            key=lambda pid: min(ROLE_RANK.get(o.role, 9) for o in kb.roles_of(pid, day)),
        )
        if len(in_office) >= 1:
            m.ids = (in_office[0],)
        elif len(m.candidates) == 1 and (
            day is None or not kb.offices_by_person.get(m.candidates[0])
        ):
            m.ids = m.candidates  # the only person of that name, and one without offices to check
    remember(state, m)


def resolve_role(state: CorefState, m: Mention) -> None:
    """A role phrase: a guest, a counterpart, or an office (see :func:`resolve_office`)."""
    if m.role is None:
        return
    if m.role.role == "guest":
        resolve_guest(state, m)
    elif m.role.role == "counterpart":
        resolve_counterpart(state, m)
    else:
        resolve_office(state, m)


def resolve_guest(state: CorefState, m: Mention) -> None:
    """ "holte seinen Gast ab", "Xi told his guest": the person named most often so far, other
    than the sentence's subject (the host)."""
    host = state.first_in_sent.get(state.sent_of[m.start])
    order = [pid for _, pid in state.seen]
    guests = sorted(
        (pid for pid in dict.fromkeys(order) if pid != host), key=lambda pid: -order.count(pid)
    )
    if guests:
        m.ids = (guests[0],)
        remember(state, m)


def resolve_counterpart(state: CorefState, m: Mention) -> None:
    """ "traf er seinen marokkanischen Amtskollegen": the holder of the subject's office in the
    state named."""
    kb, day, sent_of = state.kb, state.day, state.sent_of
    here = [
        x.ids[0]
        for x in state.mentions
        if x.start < m.start
        and sent_of[x.start] == sent_of[m.start]
        and x.ids
        and x.ids[0].startswith("person/")
    ]
    subject = here[0] if here else state.first_in_sent.get(sent_of[m.start])
    if subject is None or m.of is None:
        return
    offices = sorted(kb.roles_of(subject, day), key=lambda o: ROLE_RANK.get(o.role, 9))
    holders = kb.holders(offices[0].role, m.of, day) if offices else []
    if len(holders) == 1:
        m.ids = (holders[0],)
        remember(state, m)


def resolve_office(state: CorefState, m: Mention) -> None:
    """An office ("der Bundeskanzler", "the French president"): the last person named who holds
    it, else its holder at the article's date; an office holder the knowledge base does not know
    becomes a person of its own ("person/mali-head-of-state-2024")."""
    kb, day, role = state.kb, state.day, m.role
    assert role is not None
    if m.of is None and m.text.lower().rpartition(" ")[2] in NEEDS_STATE:
        return  # "the host" alone: whoever hosts, not the last leader named
    roles = _office_roles(state, m)
    word = m.text.lower().rpartition(" ")[2]
    # "Außenministerin", "Kanzlerin", "Regierungschefin"
    female = state.german and word.endswith("in")
    # "die Außenministerin"
    recent = [
        pid
        for _, pid in reversed(state.seen)
        if _role_match(state, pid, roles, m.of or role.default_state, word)
        and not (female and getattr(kb.get(pid), "gender", None) == "m")
    ]
    if female and not recent and not m.of:
        return  # a woman in the office, and no woman of it named: not the man who holds it
    if recent:
        m.ids = (recent[0],)
    else:
        of = m.of or role.default_state
        holders: list[str] = []
        for office in roles:
            holders = kb.holders(office, of, day) if of else []
            if holders:
                break
        if len(holders) == 1 or (holders and (role.role in LEADER_ROLES or role.role == "leader")):
            m.ids = (holders[0],)
        elif m.of is not None and not holders:
            # an office holder the knowledge base does not know: a node of its own
            entry = kb.get(m.of)
            where = entry.name if entry else m.of.rpartition("/")[2]
            year = day.year if day else "undated"
            m.ids = (f"person/{m.of.rpartition('/')[2]}-{role.role.replace('_', '-')}-{year}",)
            m.new_name = f"{role.role.replace('_', ' ')} of {where}"
            m.kind = "unknown"
    remember(state, m)


def _office_roles(state: CorefState, m: Mention) -> tuple[str, ...]:
    """The knowledge base's roles an office word stands for: a "leader" heads the government of a
    parliamentary state, else the state; a head of state where the state has none in the
    knowledge base, its head of government."""
    assert m.role is not None
    roles: tuple[str, ...] = (m.role.role,)
    if m.role.role == "leader":
        of = m.of or m.role.default_state
        roles = (
            ("head_of_government", "head_of_state")
            if of in state.kb.parliamentary
            else LEADER_ROLES
        )
    if (
        m.role.role == "head_of_state"
        and m.of is not None
        and not state.kb.holders("head_of_state", m.of, state.day)
    ):
        roles = ("head_of_state", "head_of_government")
    return roles


def resolve_plural(state: CorefState, m: Mention) -> None:
    """ "die beiden Staatschefs", "the two leaders": the most recent persons holding a matching
    office (outside prepositional phrases first); persons the knowledge base does not know (no
    offices) only when not enough office holders were seen."""
    if m.ids:
        return  # "the leaders of Armenia and Azerbaijan": resolved by the states named
    roles = PLURAL_HEAD_ROLES.get(m.head)
    picked: list[str] = []
    for strict, skip_pp in ((True, True), (True, False), (False, False)):
        if len(picked) == m.size:
            break
        candidates = _plural_candidates(state, picked, roles, strict=strict, skip_pp=skip_pp)
        if skip_pp and len(candidates) + len(picked) < m.size:
            continue  # not enough outside prepositional phrases: try all
        need = m.size - len(picked)
        here = state.sent_of[m.start]
        near = [pid for pid in candidates if any(s >= here - 1 and p == pid for s, p in state.seen)]
        if len(near) < need:
            # the sentence and the one before do not name them: the article's protagonists,
            # those named most often so far, then first ("beide Staatschefs" after background)
            order = [p for _, p in state.seen]
            candidates = sorted(candidates, key=lambda pid: (-order.count(pid), order.index(pid)))
        picked.extend(candidates[:need])
    if len(picked) == m.size:
        m.ids = tuple(picked)


def _plural_candidates(
    state: CorefState,
    picked: list[str],
    roles: tuple[str, ...] | None,
    *,
    strict: bool,
    skip_pp: bool,
) -> list[str]:
    """Persons named so far, the most recent first, not yet picked: with one of ``roles`` if
    ``strict``, else without offices; outside prepositional phrases if ``skip_pp``."""
    seen = state.seen
    candidates: list[str] = []
    for pos in range(len(seen) - 1, -1, -1):
        pid = seen[pos][1]
        if pid in picked or pid in candidates:
            continue
        if skip_pp and pos in state.in_pp:
            continue
        has_offices = bool(state.kb.offices_by_person.get(pid))
        if roles is not None and strict and not _role_match(state, pid, roles, None):
            continue
        if roles is not None and not strict and has_offices:
            continue
        candidates.append(pid)
    return candidates


def resolve_plural_pronoun(state: CorefState, m: Mention) -> None:
    """ "wo sie von Prinz William begrüßt wurden", "they met again": the persons named together
    earlier in the sentence, else in the sentence before; "die Gäste": the visitors named
    together before, not the hosts who welcome them in this sentence."""
    sent = state.sent_of[m.start]
    if m.text.lower() in ("gäste", "guests"):
        here = {pid for _, _, pid in state.by_sentence.get(sent, [])}
        ids = next(
            (
                g
                for g in (_named_together(state, s) for s in (sent - 1, sent - 2, sent - 3))
                if g and not here & set(g)
            ),
            [],
        )
    else:
        ids = _named_together(state, sent, before=m.start) or _named_together(state, sent - 1)
    if ids:
        m.ids = tuple(ids)


def resolve_object_pronoun(state: CorefState, m: Mention) -> None:
    """ "Starmer is due to host him", "Macron, who hosted him": not the verb's subject (the
    nearest person before it) but the sentence's topic, else the topic of a sentence before."""
    sent_of, sent = state.sent_of, state.sent_of[m.start]
    here = [  # persons of the sentence before the pronoun, a subject pronoun ("He was met ...") too
        x.ids[0]
        for x in state.mentions
        if x.start < m.start
        and sent_of[x.start] == sent
        and x.ids
        and x.ids[0].startswith("person/")
        and x.kind != "object_pronoun"
    ]
    if len(here) >= 2 and here[0] != here[-1]:
        choice = here[0]
    else:
        choice = None
        for candidate_sent in (sent - 1, sent - 2, sent - 3):
            pid = state.first_in_sent.get(candidate_sent)
            if pid is not None and pid not in here:
                choice = pid
                break
    if choice and not _gender_clash(state, choice, m):
        m.ids = (choice,)


def resolve_epithet(state: CorefState, m: Mention) -> None:
    """ "der 77-Jährige", "die Ministerin": the last person named first in a sentence (this
    sentence's, before the epithet, or an earlier one's), of the right gender; a "Minister(in)"
    holds a ministry."""
    sent = state.sent_of[m.start]
    for candidate_sent in (sent, sent - 1, sent - 2, sent - 3):
        pid = state.first_in_sent.get(candidate_sent)
        if pid is None or (
            candidate_sent == sent
            and not any(x.start < m.start and pid in x.ids for x in state.mentions)
        ):
            continue
        if _gender_clash(state, pid, m):
            continue
        if m.head.startswith("minister") and not any(
            o.role.endswith("_minister") for o in state.kb.roles_of(pid, state.day)
        ):
            continue
        m.ids = (pid,)
        remember(state, m)
        break


def resolve_pronoun(state: CorefState, m: Mention) -> None:
    """ "er", "she", "seinem Treffen": the first person of this sentence (if the last person named
    was named in it) or of one of the three before, of the pronoun's gender."""
    sent, seen = state.sent_of[m.start], state.seen
    for candidate_sent in (sent, sent - 1, sent - 2, sent - 3):
        pid = state.first_in_sent.get(candidate_sent)
        if pid is None or (candidate_sent == sent and seen and seen[-1][0] != sent):
            continue
        if _gender_clash(state, pid, m):
            continue
        m.ids = (pid,)
        break


RESOLVERS: dict[str, Callable[[CorefState, Mention], None]] = {
    "group": resolve_group,
    "name": resolve_name,
    "metonym": resolve_name,
    "unknown": resolve_name,
    "surname": resolve_surname,
    "role": resolve_role,
    "plural": resolve_plural,
    "plural_pronoun": resolve_plural_pronoun,
    "object_pronoun": resolve_object_pronoun,
    "epithet": resolve_epithet,
    "pronoun": resolve_pronoun,
}
"""The resolver of each kind of mention (the kinds of :class:`~diplograph.nlp.mentions.Mention`)."""
