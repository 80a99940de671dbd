"""Coreference inside one article: surnames, role phrases (resolved by the article's date through
the knowledge base's time-scoped offices), plural references and pronouns."""

from __future__ import annotations

import datetime as dt
from itertools import repeat

from spacy.tokens import Doc

from diplograph.kb import KnowledgeBase
from diplograph.nlp.mentions import Mention
from diplograph.nlp.tokens import token_table

LEADER_ROLES = ("head_of_state", "head_of_government")
NEEDS_STATE = frozenset("host hosts gastgeber gastgeberin".split())  # roles resolved only with a state named
DETERMINERS = frozenset("der die das den dem des ein eine einem einen einer eines the a an".split())
TITLE_ENDINGS_DE = (
    "präsident", "präsidenten", "präsidentin", "minister", "ministerin", "ministers", "chef", "chefs", "chefin",
    "kanzler", "kanzlerin", "sekretär", "sekretärin", "berater", "beraterin", "premier", "gesandte", "gesandten",
    "botschafter", "sprecher", "sprecherin", "staatschef", "staatschefs", "könig", "kronprinz", "kronprinzen",
)
PREPOSITIONS = frozenset(
    "mit von vom bei beim gegenüber für an am zu zum zur über nach with by to for at from of about on alongside beside".split()
)
ROLE_RANK = {"head_of_state": 0, "head_of_government": 1, "monarch": 1, "foreign_minister": 2, "vice_president": 2,
             "defence_minister": 3, "org_leader": 3}
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


def resolve(doc: Doc, mentions: list[Mention], kb: KnowledgeBase, day: dt.date | None) -> None:
    """Fill ``ids`` of the mentions that can be resolved safely; leave the others empty."""
    sent_of = _sent_index(doc)
    seen: list[tuple[int, str]] = []  # (sentence, person id) in order of mention
    first_in_sent: dict[int, str] = {}

    german = doc.lang_ == "de"
    T = token_table(doc)

    def in_prepositional_phrase(m: Mention) -> bool:
        """The mention is the object of a preposition: "mit dem schwedischen Premier X",
        "with Indian Prime Minister X" (but not "Für Überraschung sorgte Trump")."""
        k = m.start - 1
        while k >= 0 and k > m.start - 12 and not (T[k].is_punct and T[k].text != ","):
            word = T[k].lower_
            if word in PREPOSITIONS:
                if word == "of" and k > 0 and T[k - 1].text[:1].isupper():
                    k -= 1  # "Secretary of State X": part of the title
                    continue
                return True
            if k in person_tokens or word in ("und", "and", "sowie") or (word == "," and k - 1 in person_tokens):
                k -= 1  # "mit X, Y und Z": the phrase goes on over names joined to it
                continue
            if T[k].text[:1].isupper():
                if german and not word.endswith(TITLE_ENDINGS_DE):
                    return False  # a German noun: the mention is no part of this phrase
            elif german and not (word in DETERMINERS or word.endswith(("en", "er", "es", "em"))):
                return False
            elif not german and word not in DETERMINERS and word not in ("former", "national", "security", "adviser", "advisor", "deputy", "vice", "foreign", "defence", "defense", "minister", "president", "prime"):
                return False
            k -= 1
        return False

    in_pp: set[int] = set()  # positions in ``seen`` of mentions inside prepositional phrases
    person_tokens = {k for x in mentions if x.kind in ("name", "surname", "unknown") and x.type == "Person"
                     for k in range(x.start, x.end)}

    group_seen: dict[str, list[tuple[int, str]]] = {}

    by_sentence: dict[int, list[tuple[int, int, str]]] = {}  # sentence -> (start, end, person id) in order

    def named_together(sent: int, before: int | None = None) -> list[str]:
        """The first two or more persons of a sentence named together ("Trump und seine Frau
        Melania", "Macron and Merz", "X, Y and Z"), before token ``before`` if given."""
        found = [x for x in by_sentence.get(sent, []) if before is None or x[1] <= before]
        for n in range(len(found) - 1):
            group = [found[n]]
            for nxt in found[n + 1 :]:
                gap = [T[k].lower_ for k in range(group[-1][1], nxt[0])]
                if len(gap) <= 4 and any(w in ("und", "and", ",", "sowie") for w in gap) and all(
                    w in ("und", "and", ",", "sowie", "seine", "seiner", "ihr", "ihre", "his", "her", "wife", "frau",
                          "ehefrau", "mann", "husband", "the", "der", "die") or T[k].text[:1].isupper()
                    for w, k in zip(gap, range(group[-1][1], nxt[0]), strict=True)
                ):
                    group.append(nxt)
                else:
                    break
            ids = list(dict.fromkeys(pid for _, _, pid in group))
            if len(ids) >= 2:
                return ids
        return []

    def remember(m: Mention) -> None:
        head = group_sentences.get(sent_of[m.start])
        if head is not None:
            for pid in m.ids:
                if pid.startswith("person/"):
                    group_members.setdefault(head, []).append(pid)
                    group_seen.setdefault(head, []).append((sent_of[m.start], pid))
        for pid in m.ids:
            if pid.startswith("person/"):
                by_sentence.setdefault(sent_of[m.start], []).append((m.start, m.end, pid))
                if in_prepositional_phrase(m):
                    in_pp.add(len(seen))
                else:
                    first_in_sent.setdefault(sent_of[m.start], pid)
                seen.append((sent_of[m.start], pid))

    def role_match(pid: str, roles: tuple[str, ...], of: str | None, word: str = "") -> bool:
        offices = kb.offices_by_person.get(pid, [])
        if word.startswith(("president", "präsident")) and any(o.role == "monarch" for o in offices):
            return False  # a king is head of state, but nobody's "president"
        for office in offices:
            if office.role in roles and (of is None or office.of == of) and office.holds_on(day):
                return True
        return False

    # members of groups ("Zur Delegation gehörten X, Y und Z"): persons named in a sentence that
    # names the group, collected as the article goes on
    group_members: dict[str, list[str]] = {}
    group_sentences: dict[int, str] = {}
    for m in mentions:
        if m.kind == "group":
            group_sentences.setdefault(sent_of[m.start], m.head)

    for m in mentions:
        if m.kind == "group":
            members = group_members.get(m.head, [])
            if m.size and len(members) >= 2 and not any(sent_of[m.start] == s for s, _ in group_seen.get(m.head, [])):
                m.ids = tuple(dict.fromkeys(members))
            continue
        if m.kind in ("name", "metonym", "unknown"):
            remember(m)
            continue
        if m.kind == "surname":
            recent = [pid for _, pid in reversed(seen) if pid in m.candidates]
            if recent:
                # the candidate mentioned most often so far, a leader before others, then the one
                # named first (the article's protagonist)
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
            elif m.weak and len([c for c in m.candidates if any(o.role in LEADER_ROLES for o in kb.roles_of(c, day))]) != 1:
                continue  # "Kurz zuvor ...": the word, not Sebastian Kurz (but "Xi and Putin signed ...": one sitting leader)
            else:
                in_office = sorted(
                    (pid for pid in m.candidates if kb.roles_of(pid, day)),
                    key=lambda pid: min(ROLE_RANK.get(o.role, 9) for o in kb.roles_of(pid, day)),
                )
                if len(in_office) >= 1:
                    m.ids = (in_office[0],)
                elif len(m.candidates) == 1 and (day is None or not kb.offices_by_person.get(m.candidates[0])):
                    m.ids = m.candidates  # the only person of that name, and one without offices to check
            remember(m)
        elif m.kind == "role" and m.role is not None and m.role.role == "guest":
            # "holte seinen Gast ab", "Xi told his guest": the person named most often so far,
            # other than the sentence's subject (the host)
            host = first_in_sent.get(sent_of[m.start])
            order = [pid for _, pid in seen]
            guests = sorted((pid for pid in dict.fromkeys(order) if pid != host), key=lambda pid: -order.count(pid))
            if guests:
                m.ids = (guests[0],)
                remember(m)
        elif m.kind == "role" and m.role is not None and m.role.role == "counterpart":
            # "traf er seinen marokkanischen Amtskollegen": the holder of the subject's office in
            # the state named
            here = [x.ids[0] for x in mentions if x.start < m.start and sent_of[x.start] == sent_of[m.start]
                    and x.ids and x.ids[0].startswith("person/")]
            subject = here[0] if here else first_in_sent.get(sent_of[m.start])
            if subject is None or m.of is None:
                continue
            offices = sorted(kb.roles_of(subject, day), key=lambda o: ROLE_RANK.get(o.role, 9))
            holders = kb.holders(offices[0].role, m.of, day) if offices else []
            if len(holders) == 1:
                m.ids = (holders[0],)
                remember(m)
        elif m.kind == "role" and m.role is not None:
            if m.of is None and m.text.lower().rpartition(" ")[2] in NEEDS_STATE:
                continue  # "the host" alone: whoever hosts, not the last leader named
            roles = (m.role.role,)
            if m.role.role == "leader":
                of = m.of or m.role.default_state
                roles = ("head_of_government", "head_of_state") if of in kb.parliamentary else LEADER_ROLES
            if m.role.role == "head_of_state" and m.of is not None:
                roles = ("head_of_state", "head_of_government") if not kb.holders("head_of_state", m.of, day) else roles
            word = m.text.lower().rpartition(" ")[2]
            female = german and word.endswith("in")  # "Außenministerin", "Kanzlerin", "Regierungschefin"
            recent = [pid for _, pid in reversed(seen) if role_match(pid, roles, m.of or m.role.default_state, word)
                      and not (female and getattr(kb.get(pid), "gender", None) == "m")]  # "die Außenministerin"
            if female and not recent and not m.of:
                continue  # a woman in the office, and no woman of it named: not the man who holds it
            if recent:
                m.ids = (recent[0],)
            else:
                of = m.of or m.role.default_state
                holders: list[str] = []
                for role in roles:
                    holders = kb.holders(role, of, day) if of else []
                    if holders:
                        break
                if len(holders) == 1 or (holders and (m.role.role in LEADER_ROLES or m.role.role == "leader")):
                    m.ids = (holders[0],)
                elif m.of is not None and not holders:
                    # an office holder the knowledge base does not know: a node of its own
                    entry = kb.get(m.of)
                    where = entry.name if entry else m.of.rpartition("/")[2]
                    year = day.year if day else "undated"
                    m.ids = (f"person/{m.of.rpartition('/')[2]}-{m.role.role.replace('_', '-')}-{year}",)
                    m.new_name = f"{m.role.role.replace('_', ' ')} of {where}"
                    m.kind = "unknown"
            remember(m)
        elif m.kind == "plural":
            if m.ids:
                continue  # "the leaders of Armenia and Azerbaijan": resolved by the states named
            roles = PLURAL_HEAD_ROLES.get(m.head)
            picked: list[str] = []
            # most recent persons holding a matching office; persons the knowledge base does not
            # know (no offices) only when not enough office holders were seen
            for strict, skip_pp in ((True, True), (True, False), (False, False)):
                if len(picked) == m.size:
                    break
                candidates = []
                for pos in range(len(seen) - 1, -1, -1):
                    pid = seen[pos][1]
                    if pid in picked or pid in candidates:
                        continue
                    if skip_pp and pos in in_pp:
                        continue
                    has_offices = bool(kb.offices_by_person.get(pid))
                    if roles is not None and strict and not role_match(pid, roles, None):
                        continue
                    if roles is not None and not strict and has_offices:
                        continue
                    candidates.append(pid)
                if skip_pp and len(candidates) + len(picked) < m.size:
                    continue  # not enough outside prepositional phrases: try all
                need = m.size - len(picked)
                here = sent_of[m.start]
                near = [pid for pid in candidates if any(s >= here - 1 and p == pid for s, p in seen)]
                if len(near) < need:
                    # the sentence and the one before do not name them: the article's protagonists,
                    # those named most often so far, then first ("beide Staatschefs" after background)
                    order = [p for _, p in seen]
                    candidates = sorted(candidates, key=lambda pid: (-order.count(pid), order.index(pid)))
                picked.extend(candidates[:need])
            if len(picked) == m.size:
                m.ids = tuple(picked)
        elif m.kind == "plural_pronoun":
            # "wo sie von Prinz William begrüßt wurden", "they met again": the persons named together
            # earlier in the sentence, else at the start of the sentence before
            sent = sent_of[m.start]
            if m.text.lower() in ("gäste", "guests"):
                # the visitors named together before; not the hosts who welcome them in this sentence
                here = {pid for _, _, pid in by_sentence.get(sent, [])}
                ids = next((g for g in (named_together(s) for s in (sent - 1, sent - 2, sent - 3))
                            if g and not here & set(g)), [])
            else:
                ids = named_together(sent, before=m.start) or named_together(sent - 1)
            if ids:
                m.ids = tuple(ids)
        elif m.kind == "object_pronoun":
            # "Starmer is due to host him", "Macron, who hosted him": not the verb's subject (the
            # nearest person before it) but the sentence's topic, else the topic of a sentence before
            sent = sent_of[m.start]
            here = [  # persons of the sentence before the pronoun, a subject pronoun ("He was met ...") too
                x.ids[0] for x in mentions
                if x.start < m.start and sent_of[x.start] == sent and x.ids and x.ids[0].startswith("person/")
                and x.kind != "object_pronoun"
            ]
            if len(here) >= 2 and here[0] != here[-1]:
                choice = here[0]
            else:
                choice = None
                for candidate_sent in (sent - 1, sent - 2, sent - 3):
                    pid = first_in_sent.get(candidate_sent)
                    if pid is not None and pid not in here:
                        choice = pid
                        break
            entry = kb.get(choice) if choice else None
            if choice and not (entry is not None and entry.gender and m.gender and entry.gender != m.gender):
                m.ids = (choice,)
        elif m.kind == "epithet":
            # "der 77-Jährige", "die Ministerin": the last person named first in a sentence (the
            # sentence's or an earlier one's), of the right gender; a "Minister(in)" holds a ministry
            sent = sent_of[m.start]
            for candidate_sent in (sent, sent - 1, sent - 2, sent - 3):
                pid = first_in_sent.get(candidate_sent)
                if pid is None or (candidate_sent == sent and not any(x.start < m.start and pid in x.ids for x in mentions)):
                    continue
                entry = kb.get(pid)
                if entry is not None and entry.gender and m.gender and entry.gender != m.gender:
                    continue
                if m.head.startswith("minister") and not any(o.role.endswith("_minister") for o in kb.roles_of(pid, day)):
                    continue
                m.ids = (pid,)
                remember(m)
                break
        elif m.kind == "pronoun":
            sent = sent_of[m.start]
            for candidate_sent in (sent, sent - 1, sent - 2, sent - 3):
                pid = first_in_sent.get(candidate_sent)
                if pid is None or (candidate_sent == sent and seen and seen[-1][0] != sent):
                    continue
                entry = kb.get(pid)
                if entry is not None and entry.gender and m.gender and entry.gender != m.gender:
                    continue
                m.ids = (pid,)
                break
