"""Mentions of actors beyond the entity ruler's names: surnames, role phrases, unknown persons
introduced by a title, plural references ("die beiden Staatschefs"), pronouns, metonyms.

Each mention is a token span with what it refers to, or what is needed to resolve it later
(coreference runs after this stage).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from spacy.tokens import Doc

from diplograph.kb import PATRONYMIC, ROYAL_TITLES, KnowledgeBase
from diplograph.nlp.lexicon import Lexicon, RoleWord, common_words
from diplograph.nlp.tokens import Ent, Tok, entities, entity_index, span_text, token_table
from diplograph.reader import slugify

AGENT_TYPES = ("Person", "State", "Organization", "GovernmentBody")
INDEFINITE = frozenset(
    "ein eine einem einen einer eines a an any another jeder jede jeden some".split()
)
DETERMINERS = frozenset(
    "der die das den dem des the ein eine einem einen einer eines a an this these diese dieser".split()
)
PLACE_PREPS = frozenset(
    "in im nach aus von bei vor zu zur zum from to at into near outside inside across around via".split()
)
FUNCTION_WORDS = frozenset(
    """der die das den dem des und oder aber mit von für auf bei nach aus zu im am an in ist sind war
    hat haben wird wurde sich er sie es wir ihr ein eine einen einem einer nicht auch noch doch so wie
    the a an and or but with of for on at in to from by is are was were has have had he she it they we
    his her their its this that these those as after before while when who which said says told
    dass denn weil als wenn ob seit bis über unter vor hinter neben zwischen""".split()
)
MODEL_LABELS = {"PERSON": "Person", "PER": "Person", "ORG": "Organization", "NORP": None}
MODEL_LABELS = {k: v for k, v in MODEL_LABELS.items() if v}
KB_LABELS = frozenset(("Person", "State", "Organization", "GovernmentBody", "NewsOrganization", "Place"))
QUOTES = frozenset("\"„“”«»‚‘’'")
TITLE_SUFFIXES_DE = (
    "chef", "chefin", "minister", "ministerin", "berater", "beraterin", "sprecher", "sprecherin", "botschafter",
    "botschafterin", "präsident", "präsidentin", "vorsitzende", "vorsitzender", "leiter", "leiterin", "gesandte",
    "gesandter", "beauftragte", "beauftragter", "kommissar", "kommissarin", "sekretär", "sekretärin", "general", "direktor",
    "vorsitzenden", "präsidenten", "chefs", "ministers", "beraters", "sprechers", "botschafters", "leiters", "direktors",
    "kommissars", "sekretärs", "generals", "gesandten", "beauftragten",
)
DEPUTY = frozenset("vice deputy first stellvertretende stellvertretender stellvertretenden vize- erste erster".split())
BY_PARTICIPLES = frozenset(
    "led headed hosted chaired received accompanied joined opened welcomed greeted met flanked represented "
    "angeführt geleitet empfangen begrüßt begleitet eröffnet vertreten".split()
)
GROUP_NOUNS = frozenset("delegation mission gruppe group team".split())
# "they", and German "sie" with a plural verb: resolved (in coref) to persons named together
PLURAL_PRONOUNS = frozenset(("they", "sie", "gäste", "guests"))
# possessive determiners before a meeting or event noun stand for its subject ("bei ihrem Treffen
# mit Saied", "his talks with Xi"): resolved like the personal pronoun of their gender
POSSESSIVE_PRONOUNS = {
    "sein": "m", "seine": "m", "seinem": "m", "seinen": "m", "seiner": "m", "seines": "m",
    "ihr": "f", "ihre": "f", "ihrem": "f", "ihren": "f", "ihrer": "f", "ihres": "f", "his": "m", "her": "f",
}
GERMAN_PLURAL_VERBS = frozenset(
    "wurden waren sind haben hatten hätten werden würden wollen wollten können konnten müssen mussten sollen sollten "
    "trafen kamen sprachen berieten reisten flogen unterzeichneten einigten vereinbarten besuchten empfingen landeten "
    "nahmen gingen standen saßen".split()
)
GERMAN_SINGULAR_VERBS = frozenset(
    "wurde war ist hat hatte hätte wird würde will wollte kann konnte muss musste soll sollte traf kam sprach "
    "beriet reiste flog unterzeichnete einigte vereinbarte besuchte empfing landete nahm ging stand saß".split()
)
COMPASS = frozenset("south north east west süd nord ost west".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
FORMER = frozenset("former ehemalige ehemaliger ehemaligen früherer frühere früheren damalige damaligen damaliger then-".split())
CROWN_TITLES = frozenset("prince prinz princess prinzessin king könig queen königin".split())  # not sheikhs: ministers too
SPOUSE_WORDS = frozenset("frau ehefrau mann ehemann wife husband".split())
POSSESSIVES = frozenset("seine seiner seinem ihre ihrer ihrem dessen deren his her".split())
DESCRIPTION_WORDS = frozenset("of the 's ’s der des die den dem for für in im to at bei beim".split())  # "Botschafterin in Peking, X"
NAME_PARTICLES = frozenset("bin bint ibn van von de da di del der le la dos das do du al".split())
AFTER_NAME_STOP = frozenset(
    "airport international palace street square university hotel center centre base house avenue flughafen palast platz".split()
)
VERBISH = frozenset(
    "wurden waren sind haben hatten trafen kamen sagten were are have had met said will would could".split()
)
NAME_STOP = frozenset(
    """Am Im Beim Vom Zum Zur Nach Vor Bei Mit Seit Laut Dort Hier Heute Gestern Morgen Dabei Demnach
    The A An On In At After Before During While When Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag January February March April May
    June July August September October November December Januar Februar März Mai Juni Juli Oktober
    Dezember I We He She They It This That""".split()
)


@dataclass
class Mention:
    """A span that refers to one entity (or, for plural references, several)."""

    start: int
    end: int
    kind: str  # name | surname | role | plural | pronoun | object_pronoun | metonym | unknown | group
    type: str | None = None
    ids: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    role: RoleWord | None = None
    of: str | None = None
    gender: str | None = None
    size: int = 0  # plural references: how many
    head: str = ""  # plural references: the head noun
    delegation: bool = False
    text: str = ""
    new_name: str | None = None  # a person not in the knowledge base
    weak: bool = False  # a surname that is also a common word at the start of a sentence
    titles: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return bool(self.ids)


MEMO_LIMIT = 200_000  # entries per memo table (token texts); cleared when full


def _memo(lex: Lexicon, name: str) -> dict:
    """A per-lexicon table of results by token text (the vocabulary of a corpus is bounded)."""
    table = lex._cache.get(name)
    if table is None or len(table) > MEMO_LIMIT:
        table = lex._cache[name] = {}
    return table


def _role_word(token: Tok, lex: Lexicon) -> tuple[RoleWord | None, str | None]:
    """The role a token names, and a compound prefix ("US" of "US-Präsident")."""
    memo = _memo(lex, "role_word")
    found = memo.get(token.text)
    if found is None:
        found = memo[token.text] = _role_of(token.text, lex)
    return found


def _role_of(text: str, lex: Lexicon) -> tuple[RoleWord | None, str | None]:
    word = text.lower()
    if word in lex.roles:
        return lex.roles[word], None
    if lex.lang == "de" and word.startswith("vize") and word[4:] in lex.roles and word[4:] != "präsident":
        base = lex.roles[word[4:]]
        return RoleWord(role=f"deputy_{base.role}", state=base.state, org=base.org), None
    if "-" in text:
        prefix, _, head = text.rpartition("-")
        role = lex.roles.get(head.lower())
        if role is not None:
            return role, prefix
    return None, None


def _describes(token: Tok, lex: Lexicon, kb: KnowledgeBase) -> bool:
    """A word of a role's description before a name in apposition: "of", articles, names,
    possessives, adjectives ("der Religionsbehörde Diyanet", "of Egypt's intelligence service")."""
    low = token.lower_
    return (
        low in DESCRIPTION_WORDS or token.text[:1].isupper() or low in kb.state_adjectives.get(lex.lang, {})
        or (token.is_alpha and token.is_lower and (lex.lang == "en" or low.endswith(("e", "en", "er", "es", "em"))))
    )


def _title_word(token: Tok, lex: Lexicon) -> bool:
    """A title or role word that a name may follow ("Vizepräsident", "Minister", "Sheikh")."""
    memo = _memo(lex, "title_word")
    found = memo.get(token.text)
    if found is None:
        text = token.text
        found = memo[text] = (
            token.lower_ in lex.titles or _role_of(text, lex)[0] is not None
            or (lex.lang == "de" and text[:1].isupper() and token.lower_.endswith(TITLE_SUFFIXES_DE) and len(text) > 6)
        )
    return found


def _prefix_ref(prefix: str | None, kb: KnowledgeBase) -> str | None:
    """The state or organisation a compound prefix names: "US", "Nato", "Kreml", "EU"."""
    if not prefix:
        return None
    if prefix in kb.state_prefixes:
        return kb.state_prefixes[prefix]
    for key in (prefix, prefix.upper(), prefix.capitalize()):
        for entity_id in sorted(kb.names.get(key, ())):
            entry = kb.get(entity_id)
            if entry is None:
                continue
            if entry.type == "GovernmentBody" and entry.state:
                return entry.state
            if entry.type in ("State", "Organization"):
                return entity_id
    adj = kb.state_adjectives["de"].get(prefix.lower())
    return adj


def _is_name_token(token: Tok, kb: KnowledgeBase, lex: Lexicon | None = None, table: list[Tok] | None = None) -> bool:
    """Whether a token can be part of a person's name (capitalised, not a known word of another kind)."""
    text = token.text
    if not text or not text[0].isupper() or token.is_punct or token.like_num:
        return False
    if lex is None:
        ok = _name_word(text, token.lower_, kb, None)
    else:
        memo = _memo(lex, f"name_word-{id(kb)}")
        ok = memo.get(text)
        if ok is None:
            ok = memo[text] = _name_word(text, token.lower_, kb, lex)
    if ok and token.lower_ in COMPASS and table is not None and token.i + 1 < len(table) \
            and table[token.i + 1].text[:1].isupper():
        return False  # "South African", "North Korean": an adjective, not a first name
    return ok


def _name_word(text: str, lower: str, kb: KnowledgeBase, lex: Lexicon | None) -> bool:
    if text in NAME_STOP or lower in FUNCTION_WORDS:
        return False
    if lex is not None:
        last_words = lex._cache.get("role_last_words")
        if last_words is None:
            last_words = lex._cache["role_last_words"] = frozenset(k.split()[-1] for k in lex.roles if " " in k)
        if (
            lower in lex.titles
            or _role_of(text, lex)[0] is not None
            or lower in lex.plural_heads
            or lower in lex.events
            or lower in kb.state_adjectives.get(lex.lang, {})
            or lower in last_words
        ):
            return False
    if not all(c.isalpha() or c in "-'’." for c in text):
        return False
    return not any(not i.startswith("person/") for i in kb.names.get(text, ()))


def _wanted_words(lex: Lexicon) -> frozenset[str]:
    """Every word (without a hyphen) that one of find_mentions' passes looks for, computed once."""
    wanted = lex._cache.get("mention_words")
    if wanted is None:
        wanted = lex._cache["mention_words"] = frozenset().union(
            lex.roles, _role_first_words(lex), lex.words("outlets", "appositives"), lex.words("outlets", "heads"),
            lex.plural_quantifiers, PLURAL_ROLE_WORDS, lex.pronouns, SIDE_NOUNS, GROUP_NOUNS, PLURAL_PRONOUNS, POSSESSIVE_PRONOUNS,
            EPITHET_WORDS,
            (str(f).lower() for forms in lex.table("object_pronouns").values() for f in forms or []),
        )
    return wanted


_FIRST_WORDS: dict[str, tuple[dict, frozenset[str]]] = {}


def _role_first_words(lex: Lexicon) -> frozenset[str]:
    """First words of the lexicon's role phrases ("prime" of "prime minister"), computed once."""
    cached = _FIRST_WORDS.get(lex.lang)
    if cached is None or cached[0] is not lex.roles:
        cached = _FIRST_WORDS[lex.lang] = (lex.roles, frozenset(p.split(" ")[0] for p in lex.roles))
    return cached[1]


def find_mentions(doc: Doc, kb: KnowledgeBase, lex: Lexicon) -> list[Mention]:
    """All actor mentions of a Doc whose entities were set by the entity ruler."""
    lang = lex.lang
    common = common_words(lang)
    speech = lex.words("speech_verbs")
    mentions: list[Mention] = []
    taken: set[int] = set()  # tokens already part of a mention
    consumed: set[int] = set()  # qualifier tokens ("U.S." of "U.S. President")

    ents = entities(doc)
    ent_by_start = {e.start: e for e in ents}
    T = tokens = token_table(doc)  # indexing a Doc makes a new Token object every time
    ent_at = entity_index(doc, ents)
    for ent in ents:
        taken.update(range(ent.start, ent.end))

    def ent_mention(ent: Ent) -> Mention:
        ids = tuple(sorted(kb.names.get(ent.text, ()))) or ((ent.ent_id_,) if ent.ent_id_ else ())
        entity_id = ent.ent_id_ or (ids[0] if ids else "")
        entry = kb.get(entity_id)
        etype = entry.type if entry else ent.label_
        return Mention(ent.start, ent.end, "name", etype, (entity_id,), text=ent.text,
                       gender=entry.gender if entry else None)

    # 1. Role phrases (and the qualifiers and names around them).
    role_spans: list[tuple[int, int, RoleWord, str | None]] = []
    lowers = [t.lower_ for t in tokens]
    # the positions of every word a pass below looks for (one scan instead of one per pass)
    wanted = _wanted_words(lex)
    if lang == "en":
        hits = [k for k, w in enumerate(lowers) if w in wanted or "-" in w or " " in w]
    else:
        hits = [k for k, w in enumerate(lowers) if w in wanted or "-" in w or w.startswith("vize")]
    if lang == "en":
        # a phrase can only match if its first word starts a role phrase
        first_words = _role_first_words(lex)
        i = 0
        for k in hits:
            if k < i:
                continue  # inside the role phrase before
            i = k
            best = None
            for n in (4, 3, 2, 1) if lowers[i] in first_words or " " in lowers[i] else ():
                if i + n <= len(doc):
                    phrase = " ".join(lowers[i : i + n])
                    if phrase in lex.roles:
                        if phrase == "secretary" and not (
                            i > 0 and lowers[i - 1] == "the" and (i + 1 >= len(doc) or lowers[i + 1] not in ("-", "of", "general", "to"))
                        ):
                            break  # "the secretary" alone; not "Secretary-General", "secretary of X's council"
                        best = (i, i + n, lex.roles[phrase], None)
                        break
            if best:
                role_spans.append(best)
                i = best[1]
    else:
        # only these words can name a role (see _role_of)
        for token in [T[k] for k in hits]:
            role, prefix = _role_word(token, lex)
            if role is not None and token.i not in taken:  # not inside a name
                role_spans.append((token.i, token.i + 1, role, prefix))

    role_tokens = {t for start, end, _, _ in role_spans for t in range(start, end)}
    for start, end, role, prefix in role_spans:
        if any(t in taken for t in range(start, end)):
            continue
        of = role.state or role.org or _prefix_ref(prefix, kb)
        # qualifier before: adjective, state name, possessive ("Taiwan's Vice Foreign Minister")
        j = start - 1
        deputy = False
        while j >= 0 and T[j].lower_ in DEPUTY:
            deputy = True
            j -= 1
        if deputy or T[start].lower_.startswith(("vize", "stellvertret")) and role.role != "vice_president":
            role = RoleWord(role=f"deputy_{role.role}", state=role.state, default_state=None, org=role.org)
        if j >= 0 and of is None:
            prev = T[j]
            adj = kb.state_adjectives.get(lang, {}).get(prev.lower_)
            if adj is None and "-" in prev.text:
                adj = kb.state_adjectives.get(lang, {}).get(prev.text.rpartition("-")[2].lower())
            ent = ent_at.get(j)
            if adj:
                of = adj
                consumed.add(j)
            elif ent is not None and ent.label_ in ("State", "Organization", "GovernmentBody"):
                entry = kb.get(ent.ent_id_)
                of = entry.state if entry and entry.type == "GovernmentBody" and entry.state else ent.ent_id_
                consumed.update(range(ent.start, ent.end))
            elif prev.text in ("'s", "’s") and j - 1 >= 0:
                ent = ent_at.get(j - 1)
                if ent is not None and ent.label_ in ("State", "Organization", "GovernmentBody"):
                    entry = kb.get(ent.ent_id_)
                    of = entry.state if entry and entry.type == "GovernmentBody" and entry.state else ent.ent_id_
                    consumed.update(range(ent.start, ent.end))
        # qualifier after: "of Russia", "der USA", "Russlands"
        k = end
        if of is None and k < len(doc):
            look = k + 1 if T[k].lower_ in ("of", "der", "des", "von") else k
            if look < len(doc) and T[look].lower_ in ("the",):
                look += 1
            ent = ent_at.get(look) if look < len(doc) else None
            if ent is not None and ent.start == look and ent.label_ in ("State", "Organization", "GovernmentBody"):
                if look > k or ent.text.endswith("s") or lang == "de":
                    entry = kb.get(ent.ent_id_)
                    of = entry.state if entry and entry.type == "GovernmentBody" and entry.state else ent.ent_id_
                    consumed.update(range(ent.start, ent.end))
                    k = ent.end
        # skip further title words ("Vizepräsident JD Vance", "Deputy Prime Minister X")
        while k < len(doc) and (T[k].lower_ in lex.titles):
            k += 1
        # a name follows: apposition, the role describes that person
        n = k + 1 if (k < len(doc) and T[k].text == ",") else k
        if n < len(doc):
            ent = ent_by_start.get(n)
            if ent is not None and ent.label_ == "Person":
                consumed.update(range(start, end))
                continue
            if _is_name_token(T[n], kb, lex, T) and (n == k or T[n].text in kb.surnames):
                consumed.update(range(start, end))
                continue  # surname or unknown name: handled below
            name_end = _hyphenated_name_end(T, n, kb, lex) if n > k else n
            if n > k and name_end - n >= 2 and _is_name_token(T[n], kb, lex, T) and _is_name_token(T[n + 1], kb, lex, T) \
                    and (T[n].text in kb.first_names or name_end >= len(doc) or T[name_end].text in (",", ".", ";", ")")):
                consumed.update(range(start, end))
                role_tokens.add(n - 1)  # ", Denis Manturov": an unknown name in apposition
                continue
        # a longer description before the apposition: "the head of Egypt's intelligence service,
        # Hassan Rashad", "den Präsidenten der Religionsbehörde Diyanet, Safi Arpaguş"
        comma = next((c for c in range(k, min(len(doc), k + 7)) if T[c].text == ","), None)
        if comma is not None and comma > k and all(_describes(T[c], lex, kb) for c in range(k, comma)):
            n = comma + 1
            ent = ent_by_start.get(n)
            if ent is not None and ent.label_ == "Person":
                consumed.update(range(start, end))
                continue
            if n + 1 < len(doc) and _is_name_token(T[n], kb, lex, T) and _is_name_token(T[n + 1], kb, lex, T) \
                    and T[n].text not in kb.surnames and (n + 2 >= len(doc) or T[n + 2].text in (",", ".", ";", ")")):
                consumed.update(range(start, end))
                role_tokens.add(comma)
                continue
        if any(T[k].lower_ in FORMER for k in range(max(0, start - 3), start)) or T[start].lower_.startswith(("ex-", "alt")):
            continue  # "a former prime minister of the Netherlands": a description, not the office holder
        if of is None and end < len(doc) and T[end].lower_ in ("of", "der", "des"):
            look = end + 1 + (1 if end + 1 < len(doc) and T[end + 1].lower_ in ("the", "der", "des") else 0)
            if look < len(doc) and T[look].text[:1].isupper() and ent_at.get(look) is None:
                continue  # "senior leader of the TPLF": an office of a body the knowledge base does not know
        det = T[start - 1].lower_ if start > 0 else ""
        det2 = T[start - 2].lower_ if start > 1 and (start - 1) in consumed else ""
        if det == "zu" and role.role == "guest":
            continue  # "war zu Gast bei X": a visit, not a reference to the guest
        if det in INDEFINITE or det2 in INDEFINITE:
            continue
        plural = role.role and T[start].lower_ in lex.plural_heads
        quant = T[start - 1].lower_ if start > 0 else ""
        if (plural or T[start].lower_.endswith(("en", "s"))) and quant in lex.plural_quantifiers:
            continue  # handled as plural reference
        mentions.append(
            Mention(start, end, "role", "Person", role=role, of=of, text=doc[start:end].text)
        )
        taken.update(range(start, end))

    # 2. Names from the entity ruler (minus qualifiers consumed above); entities of a trained
    #    pipeline (--model) that the knowledge base does not know become persons/organisations.
    for ent in ents:
        if any(t in consumed for t in range(ent.start, ent.end)):
            continue
        if ent.label_ in MODEL_LABELS:
            etype = MODEL_LABELS[ent.label_]
            name = ent.text.strip()
            if not name or not name[0].isupper():
                continue
            if etype == "Person" and ent.end - ent.start == 1 and name in kb.surnames:
                mentions.append(Mention(ent.start, ent.end, "surname", "Person", candidates=tuple(sorted(kb.surnames[name])), text=name))
            else:
                prefix = "person" if etype == "Person" else "org"
                mentions.append(Mention(ent.start, ent.end, "unknown", etype, ids=(f"{prefix}/{slugify(name)}",), new_name=name, text=name))
            continue
        if ent.label_ not in KB_LABELS:
            continue
        m = ent_mention(ent)
        if m.type == "Place" and ent.text in kb.metonyms:
            prev = T[ent.start - 1].lower_ if ent.start > 0 else ""
            if prev not in PLACE_PREPS:
                m = Mention(ent.start, ent.end, "metonym", "State", (kb.metonyms[ent.text],), text=ent.text)
        if m.type == "State":
            nxt = T[ent.end].lower_ if ent.end < len(doc) else ""
            if nxt in ("'s", "’s") and ent.end + 1 < len(doc) and ent_by_start.get(ent.end + 1) is not None:
                continue  # "Russia's Putin"
        mentions.append(m)

    # 3. Unknown persons after a title or role ("Vizepräsident JD Vance"), surnames.
    surnames = kb.surnames
    unknown_by_surname: dict[str, Mention] = {}  # last word of an unknown person's full name -> its mention
    # every rule below needs a capitalised word or a surname
    for token in [t for t in tokens if t.text[:1].isupper() or t.text in surnames]:
        i = token.i
        if i in taken or i in consumed:
            continue
        if token.text not in surnames and not _is_name_token(token, kb, lex, T):
            continue  # neither a surname nor a word that can start a name (see the last test below)
        prev = T[i - 1] if i > 0 else None
        after_title = prev is not None and (prev.i in role_tokens or _title_word(prev, lex))
        nxt = T[i + 1] if i + 1 < len(doc) else None
        spouse = prev is not None and prev.lower_ in SPOUSE_WORDS and i >= 2 and T[i - 2].lower_ in POSSESSIVES
        if prev is not None and (prev.lower_ in ROYAL_TITLES or spouse) and token.text in kb.given_names \
                and not (nxt is not None and _is_name_token(nxt, kb, lex, T)):
            # "Sheikh Mohammed", "Prince Faisal", "König Charles": royals go by their given name, and
            # so do spouses ("seine Frau Melania"); a royal title wants a royal, not "William Ruto"
            cands = tuple(sorted(kb.given_names[token.text]))
            if not spouse and prev.lower_ in CROWN_TITLES:
                royal = tuple(c for c in cands if any(o.role in ("monarch", "crown_prince") for o in kb.offices_by_person.get(c, []))
                              or "prince" in c or "princess" in c or "sheikh" in c or "king" in c or "queen" in c)
                cands = royal or cands
            mentions.append(Mention(i, i + 1, "surname", "Person", candidates=cands, text=token.text))
            taken.add(i)
            continue
        if token.text in kb.surnames and nxt is not None and nxt.text not in kb.surnames and _is_name_token(nxt, kb, lex, T) \
                and nxt.i not in taken and after_title:
            pass  # "Vizeverteidigungsminister Alexander Fomin": a first name, not the surname "Alexander"
        elif token.text in kb.surnames and (
            (nxt is not None and nxt.lower_ in PATRONYMIC) or (prev is not None and prev.lower_ in PATRONYMIC)
        ):
            pass  # "Mohammed bin Said": given name and patronymic of a longer name, not surnames
        elif token.text in kb.surnames and nxt is not None and nxt.i not in taken and nxt.text not in kb.surnames \
                and _is_name_token(nxt, kb, lex, T) and nxt.lower_ not in common and nxt.text[:1].isupper() \
                and not any(f"{token.text} {_word_at(T, i + 1)}" in (kb.get(c).name if kb.get(c) else "") for c in kb.surnames[token.text]) \
                and not (token.is_sent_start and token.lower_ in common):
            pass  # "Francesco Talò", "Cai Qi": a full name of someone else, not the surname of a known person
        elif token.text in kb.surnames and i not in taken and not (nxt is not None and nxt.like_num and token.lower_ in MONTHS):
            # a surname mention, possibly preceded by a first name we do not know
            if lang == "en" and prev is not None and not prev.is_sent_start and _is_name_token(prev, kb, lex, T) \
                    and prev.i not in taken and prev.text not in kb.first_names:
                continue  # part of a longer name: "Peace Memorial Park"
            cands = tuple(sorted(kb.surnames[token.text]))
            initial = token.is_sent_start or (prev is not None and prev.text in ("\"", "„", "“", "'", "(", "-", "–"))
            weak = initial and token.lower_ in common
            # name particles before the surname belong to it when a candidate's name has them
            # ("von der Leyen", "van der Bellen", "de Mistura"): not a preposition of the clause
            start = i
            while start > 0 and T[start - 1].lower_ in NAME_PARTICLES and start - 1 not in taken:
                start -= 1
            if start < i:
                tail = span_text(doc, start, i + 1).lower()
                names = [kb.get(c) for c in cands]
                if not any(e is not None and (" " + tail) in " " + e.name.lower() for e in names):
                    start = i
            mentions.append(Mention(start, i + 1, "surname", "Person", candidates=cands,
                                    text=span_text(doc, start, i + 1), weak=weak and start == i))
            taken.update(range(start, i + 1))
            continue
        if unknown_by_surname and token.lower_ not in common:
            # the surname of a person the knowledge base does not know, named in full before
            # ("Al-Aiban" after "Musaed Al-Aiban")
            end = i + 1
            while end + 1 < len(doc) and T[end].text == "-" and not T[end].space_after and not T[end - 1].space_after:
                end += 2
            known = unknown_by_surname.get("".join(T[k].text for k in range(i, end)))
            if known is not None and not (end < len(doc) and _is_name_token(T[end], kb, lex, T)) \
                    and not all(k in taken for k in range(i, end)):
                mentions.append(Mention(i, end, "unknown", "Person", ids=known.ids, new_name=known.new_name,
                                        text=span_text(doc, i, end)))
                taken.update(range(i, end))
                continue
        starts_name = after_title or (lang == "en" and token.text in kb.first_names) or (
            token.text in kb.surnames and nxt is not None and nxt.text[:1].isupper() and nxt.text not in kb.surnames
            and _is_name_token(nxt, kb, lex, T) and nxt.lower_ not in common
        )
        if not starts_name and prev is not None and prev.lower_ in ("by", "von", "vom") and i >= 2 \
                and T[i - 2].lower_ in BY_PARTICIPLES and token.lower_ not in common:
            # "was headed by Redwan Hussien", "wurde von Rafael Grossi empfangen": two capitalised words
            k = i
            while k < len(doc) and k - i < 3 and _is_name_token(T[k], kb, lex, T) and T[k].text not in kb.surnames:
                k += 1
            starts_name = k - i >= 2
        if not starts_name and _is_name_token(token, kb, lex, T) and token.lower_ not in common:
            # "Getachew Reda said", ", said Getachew Reda": two capitalised words next to a speech verb
            k = i
            while k < len(doc) and k - i < 3 and k not in taken and _is_name_token(T[k], kb, lex, T) \
                    and T[k].text not in kb.surnames:
                k += 1
            before_speech = k < len(doc) and (T[k].lower_ in speech or (T[k].text == "," and k + 1 < len(doc) and T[k + 1].lower_ in speech))
            after_speech = prev is not None and prev.lower_ in speech and i >= 2 and T[i - 2].text in (",", "\"", "”", "“")
            starts_name = k - i >= 2 and (before_speech or after_speech)
        if not starts_name or not _is_name_token(token, kb, lex, T):
            continue
        j = i
        while j < len(doc) and j - i < 4 and j not in taken:
            t = T[j]
            if _is_name_token(t, kb, lex, T):
                j += 1
            elif j > i and (t.lower_ in NAME_PARTICLES or t.lower_.startswith(("al-", "el-"))) and j + 1 < len(doc) \
                    and (T[j + 1].text[:1].isupper() or t.lower_.startswith(("al-", "el-"))):
                j += 1
            elif j > i and t.text == "-" and not t.space_after and not T[j - 1].space_after and j + 1 < len(doc) \
                    and T[j + 1].text[:1].isupper():
                j += 1  # "Mlambo-Ngcuka" split by the tokenizer
            elif j > i and t.text == "-" and not t.space_after and not T[j - 1].space_after and j + 1 < len(doc) \
                    and T[j + 1].is_lower and T[j + 1].is_alpha and len(T[j + 1].text) <= 4:
                j += 2  # Korean given names: "Cho Tae-yong"
            else:
                break
        if j < len(doc) and T[j].lower_ in AFTER_NAME_STOP:
            continue  # "Ben Gurion airport"
        if j < len(doc) and T[j].text in kb.surnames and j not in taken and j - i < 3:
            cands = tuple(sorted(kb.surnames[T[j].text]))
            mentions.append(Mention(i, j + 1, "surname", "Person", candidates=cands, text=doc[i : j + 1].text))
            taken.update(range(i, j + 1))
            continue
        if lang == "en" and not after_title and j - i < 2:
            continue  # a first name alone is not enough
        if j - i == 1 and T[i].lower_ in common:
            continue  # "the General Office": a word, not a name
        name = doc[i:j].text.rstrip(".")
        if name.endswith(("’s", "'s")):
            name = name[:-2]
        mention = Mention(i, j, "unknown", "Person", ids=(f"person/{slugify(name)}",), new_name=name, text=name)
        mentions.append(mention)
        last_start, last = _last_name_word(T, j)
        if last_start > i:
            unknown_by_surname.setdefault(last, mention)
        taken.update(range(i, j))

    # 3b. News organisations not in the knowledge base.
    appositives = lex.words("outlets", "appositives")
    heads = lex.words("outlets", "heads")
    for i in [k for k in hits if lowers[k] in appositives or lowers[k] in heads]:
        token = T[i]
        if i in taken:
            continue
        start = end = None
        if token.lower_ in appositives and i + 1 < len(doc):
            j = i + 1
            if T[j].text in QUOTES:
                j += 1
            k = j
            while k < len(doc) and k - j < 5 and k not in taken and (T[k].text[:1].isupper() or T[k].text in ("-", "&")) \
                    and T[k].text not in NAME_STOP:
                k += 1
            if k > j and (T[j - 1].text in QUOTES or k - j >= 1 and T[k - 1].lower_ in heads or k < len(doc) and T[k].text in (",", ".") and k - j >= 1):
                start, end = j, k
        elif token.lower_ in heads and token.text[:1].isupper() and i > 0:
            j = i
            while j > 0 and j - 1 not in taken and T[j - 1].text[:1].isupper() and T[j - 1].lower_ not in DETERMINERS \
                    and T[j - 1].lower_ not in FUNCTION_WORDS and not T[j - 1].is_sent_start and T[j - 1].text not in NAME_STOP:
                j -= 1
            if j < i:
                start, end = j, i + 1
        if start is None or end is None or any(t in taken for t in range(start, end)):
            continue
        name = doc[start:end].text.strip("\"„“”«» ")
        if len(name) < 3:
            continue
        mentions.append(Mention(start, end, "unknown", "NewsOrganization", ids=(f"org/{slugify(name)}",), new_name=name, text=name))
        taken.update(range(start, end))

    # 4. Plural references: "die beiden Staatschefs", "the two leaders", "both men".
    for token in [T[k] for k in hits if lowers[k] in lex.plural_quantifiers]:
        if token.i in taken:
            continue
        head = T[token.i + 1] if token.i + 1 < len(doc) else None
        if head is not None and head.lower_ in ("of",) and token.i + 2 < len(doc):
            head = T[token.i + 2] if T[token.i + 2].lower_ != "the" else T[min(token.i + 3, len(doc) - 1)]
        if head is None:
            continue
        word = head.lower_
        base = word.rpartition("-")[2]
        if word not in lex.plural_heads and base not in lex.plural_heads and token.i + 2 < len(doc) \
                and (head.text[:1].isupper() or head.lower_ in kb.state_adjectives.get(lang, {})) \
                and T[token.i + 2].lower_ in lex.plural_heads:
            head = T[token.i + 2]  # "the two EU leaders", "die beiden EU-Spitzen"
            word = base = head.lower_
        if token.lower_ in ("beide", "both") and (head.is_punct or head.pos_ in ("VERB", "AUX") or head.lower_ in VERBISH):
            mentions.append(Mention(token.i, token.i + 1, "plural", "Person", size=2, head="", text=token.text))
            taken.add(token.i)
            continue
        if token.i > 0 and T[token.i - 1].lower_ in ("die", "the", "alle", "all") and (
            head.pos_ in ("VERB", "AUX") or head.lower_ in VERBISH or head.lower_ in GERMAN_PLURAL_VERBS
        ):
            # "Die vier wurden gemeinsam empfangen", "the three met": the persons named before
            size = lex.plural_quantifiers[token.lower_]
            mentions.append(Mention(token.i, token.i + 1, "plural", "Person", size=size, head="", text=token.text))
            taken.add(token.i)
            continue
        if word in lex.plural_heads or base in lex.plural_heads:
            size = lex.plural_quantifiers[token.lower_]
            mentions.append(
                Mention(token.i, head.i + 1, "plural", "Person", size=size, head=base, text=doc[token.i : head.i + 1].text)
            )
            taken.update(range(token.i, head.i + 1))

    # 4b. Plural roles and delegations of named states: "the leaders of Armenia and Azerbaijan",
    #     "the U.S. and Russian presidents", "Delegationen Russlands und der Ukraine".
    day = doc._.article_date if doc.has_extension("article_date") else None
    candidates = [
        T[k] for k in hits
        if lowers[k] in PLURAL_ROLE_WORDS or ("-" in lowers[k] and lowers[k].rpartition("-")[2] in PLURAL_ROLE)
    ]
    for token in candidates:
        if token.i in taken:
            continue
        word = token.lower_
        role_ref = PLURAL_ROLE.get(word) or PLURAL_ROLE.get(word.rpartition("-")[2])
        if token.i > 0 and T[token.i - 1].lower_ in ("foreign", "defence", "defense", "prime"):
            role_ref = PLURAL_ROLE.get(T[token.i - 1].lower_ + " " + word, role_ref)
        if role_ref is None:
            continue
        states, span_start, span_end = _state_list(T, ent_at, token.i, kb, lex)
        if len(states) < 2:
            continue
        if role_ref == "delegation":
            for sid in states:
                mentions.append(Mention(token.i, token.i + 1, "name", "State", (sid,), delegation=True, text=token.text))
            taken.update(range(span_start, span_end))
            continue
        ids = []
        for sid in states:
            holders = _leaders(kb, sid, role_ref, day)
            if holders:
                ids.append(holders[0])
        if len(ids) == len(states):
            mentions.append(Mention(span_start, span_end, "plural", "Person", ids=tuple(ids), size=len(ids),
                                    head=word, text=doc[span_start:span_end].text))
            taken.update(range(span_start, span_end))
            consumed.update(range(span_start, span_end))

    # 5. Personal pronouns in the nominative ("er", "he", "she"): always a subject; "they" and
    #    German "sie" with a plural verb ("wo sie ... begrüßt wurden") refer to persons named together.
    for token in [T[k] for k in hits if lowers[k] in lex.pronouns or lowers[k] in PLURAL_PRONOUNS]:
        if token.i in taken:
            continue
        if token.lower_ in ("gäste", "guests"):
            if token.i > 0 and T[token.i - 1].lower_ in ("die", "the", "seine", "ihre", "his", "her", "their"):
                # "hießen die Gäste willkommen": the visitors, named together before
                mentions.append(Mention(token.i, token.i + 1, "plural_pronoun", "Person", text=token.text))
            continue
        if token.lower_ == "they" or (token.lower_ == "sie" and _german_plural(T, token.i)):
            if token.text != "Sie" or token.is_sent_start:  # "Sie" inside a sentence: the polite "you"
                mentions.append(Mention(token.i, token.i + 1, "plural_pronoun", "Person", text=token.text))
            continue
        if token.lower_ not in lex.pronouns:
            continue
        gender = lex.pronouns[token.lower_]
        mentions.append(Mention(token.i, token.i + 1, "pronoun", "Person", gender=gender, text=token.text))

    # 5a. Possessives before a meeting or event noun ("nach seinem Treffen mit X", "her talks with Y").
    occasions = lex.words("meets", "nouns") | frozenset(lex.events)
    for token in [T[k] for k in hits if lowers[k] in POSSESSIVE_PRONOUNS]:
        if token.i in taken or token.i + 1 >= len(T):
            continue
        nxt = T[token.i + 1]
        noun = nxt if nxt.lower_ in occasions else (
            T[token.i + 2] if token.i + 2 < len(T) and nxt.is_lower and not nxt.is_punct and T[token.i + 2].lower_ in occasions else None
        )
        if noun is None or (lang == "de" and not noun.text[:1].isupper()):
            continue
        mentions.append(Mention(token.i, token.i + 1, "pronoun", "Person", gender=POSSESSIVE_PRONOUNS[token.lower_], text=token.text))
        taken.add(token.i)

    # 5c. Epithets for someone named before: "der 77-Jährige", "die Grünen-Politikerin", "die
    #     Ministerin", "the 71-year-old" (resolved like a pronoun; see coref).
    for token in [T[k] for k in hits if "-" in lowers[k] or lowers[k] in EPITHET_WORDS]:
        if token.i == 0 or token.i in taken or not token.text[:1].isalnum():
            continue
        det = T[token.i - 1].lower_
        if det not in ("der", "die", "dem", "den", "the"):
            continue
        if _epithet(token.text, lang):
            gender = None
            if lang == "de":
                gender = "f" if (token.lower_.endswith("in") or (det == "die" and "jährige" in token.lower_)) else (
                    "m" if det in ("der", "dem", "den") and not token.lower_.endswith("in") else None)
            mentions.append(Mention(token.i, token.i + 1, "epithet", "Person", gender=gender, head=token.lower_, text=token.text))
            taken.add(token.i)

    # 5b. Personal pronouns as objects ("hosted him", "holte ihn ab"); "her" only where it cannot
    #     be a possessive.
    objects = lex.table("object_pronouns")
    object_forms = {str(f).lower(): g for g, forms in objects.items() for f in forms or []}
    before = lex.words("object_pronoun_before")
    for token in [T[k] for k in hits if lowers[k] in object_forms]:
        if token.i in taken:
            continue
        if token.lower_ == "her" and (token.i + 1 >= len(T) or T[token.i + 1].lower_ not in before):
            continue
        mentions.append(Mention(token.i, token.i + 1, "object_pronoun", "Person", gender=object_forms[token.lower_], text=token.text))

    # 6. Delegations and sides: "die russische Delegation", "auf US-Seite", "the Ukrainian side".
    for token in [T[k] for k in hits if lowers[k].rpartition("-")[2] in SIDE_NOUNS]:
        ref = None
        if "-" in token.text:
            ref = _prefix_ref(token.text.rpartition("-")[0], kb)
        if ref is None and token.i > 0:
            ref = kb.state_adjectives.get(lang, {}).get(T[token.i - 1].lower_)
            if ref is None:
                ent = ent_at.get(token.i - 1)
                if ent is not None and ent.label_ == "State":
                    ref = ent.ent_id_
        if ref and ref.startswith("state/") and token.i not in taken:
            mentions.append(Mention(token.i, token.i + 1, "name", "State", (ref,), delegation=True, text=token.text))

    # 7. A group named earlier: "die Delegation", "the delegation", "die Mission" (no state named).
    for token in [T[k] for k in hits if lowers[k].rpartition("-")[2] in GROUP_NOUNS]:
        if token.i in taken or token.i == 0:
            continue
        definite = T[token.i - 1].lower_ in ("die", "der", "the", "diese", "this")
        # size 1 marks a definite reference to the group; others only mark where members are listed
        mentions.append(Mention(token.i, token.i + 1, "group", "Person", head=token.lower_, size=int(definite), text=token.text))

    mentions.sort(key=lambda m: (m.start, m.end))
    # drop mentions inside another mention
    result: list[Mention] = []
    last_end = -1
    for m in mentions:
        if m.start < last_end and m.kind != "name":
            continue
        result.append(m)
        last_end = max(last_end, m.end)
    return result


PLURAL_ROLE = {
    "leaders": "leader", "staatschefs": "leader", "spitzen": "leader", "regierungschefs": "head_of_government",
    "presidents": "head_of_state", "präsidenten": "head_of_state", "prime ministers": "head_of_government",
    "premierminister": "head_of_government", "foreign ministers": "foreign_minister", "außenminister": "foreign_minister",
    "chefdiplomaten": "foreign_minister", "defence ministers": "defence_minister", "defense ministers": "defence_minister",
    "verteidigungsminister": "defence_minister", "delegations": "delegation", "delegationen": "delegation",
    "delegation": "delegation", "teams": "delegation", "unterhändler": "delegation", "negotiators": "delegation",
    "vertreter": "delegation", "representatives": "delegation", "officials": "delegation", "regierungsvertreter": "delegation",
}
PLURAL_ROLE_WORDS = frozenset(PLURAL_ROLE) | frozenset(k.split()[-1] for k in PLURAL_ROLE if " " in k)
SIDE_NOUNS = frozenset("delegation delegationen seite side unterhändler negotiators delegations".split())
LIST_JOINERS = frozenset(", and und sowie the der des die dem den von of aus from".split())


_AGE = re.compile(r"^\d{2}-(jährige[rn]?|year-old)$", re.IGNORECASE)
EPITHET_WORDS = frozenset("ministerin minister politiker politikerin diplomatin diplomat".split())


def _epithet(text: str, lang: str) -> bool:
    """A word that, after a definite article, names someone by age, party or trade ("77-Jährige",
    "Grünen-Politikerin", "Ministerin", "71-year-old")."""
    if _AGE.match(text):
        return True
    if lang != "de":
        return False
    low = text.lower()
    return low in EPITHET_WORDS or (low.endswith(("-politiker", "-politikerin")) and text[:1].isupper())


def _german_plural(T: list[Tok], i: int) -> bool:
    """The finite verb of the clause of "sie" at ``i`` is plural ("sie trafen", "wo sie ... begrüßt
    wurden"), so "sie" means "they", not "she"."""
    for k in range(max(0, i - 1), min(len(T), i + 12)):
        word = T[k].lower_
        if k > i and T[k].text in (",", ".", ";", ":", "?", "!"):
            break
        if word in GERMAN_PLURAL_VERBS:
            return True
        if word in GERMAN_SINGULAR_VERBS:
            return False
    return False


def _word_at(T: list[Tok], k: int) -> str:
    """The word at ``k`` with a hyphenated part the tokenizer split off ("Tae-yong")."""
    if k + 2 < len(T) and T[k + 1].text == "-" and not T[k].space_after and not T[k + 1].space_after:
        return T[k].text + "-" + T[k + 2].text
    return T[k].text


def _hyphenated_name_end(T: list[Tok], n: int, kb: KnowledgeBase, lex: Lexicon) -> int:
    """The end of the capitalised words from ``n`` on, hyphenated parts included ("Musaed Al-Aiban",
    which the tokenizer splits at the hyphen)."""
    j = n
    while j < len(T) and j - n < 6:
        if _is_name_token(T[j], kb, lex, T):
            j += 1
        elif j > n and T[j].text == "-" and not T[j].space_after and not T[j - 1].space_after and j + 1 < len(T) \
                and T[j + 1].text[:1].isupper():
            j += 1
        elif j > n and T[j].text == "-" and not T[j].space_after and not T[j - 1].space_after and j + 1 < len(T) \
                and T[j + 1].is_lower and T[j + 1].is_alpha and len(T[j + 1].text) <= 4:
            j += 2  # "Cho Tae-yong"
        else:
            break
    return j


def _last_name_word(T: list[Tok], end: int) -> tuple[int, str]:
    """Start and text of the last word of a name ending at ``end``, a hyphenated one whole."""
    start = end - 1
    while start >= 2 and T[start - 1].text == "-" and not T[start - 1].space_after and not T[start - 2].space_after:
        start -= 2
    return start, "".join(T[k].text for k in range(start, end))


def _state_list(T: list[Tok], ent_at: dict, i: int, kb: KnowledgeBase, lex: Lexicon) -> tuple[list[str], int, int]:
    """States named around a plural head: adjectives before it or a genitive/of-list after it."""
    adjectives = kb.state_adjectives.get(lex.lang, {})
    states: list[str] = []
    start, end = i, i + 1
    k = i - 1
    while k >= 0:
        t = T[k]
        ref = adjectives.get(t.lower_)
        ent = ent_at.get(k)
        if ref:
            states.insert(0, ref)
            start = k
        elif ent is not None and ent.label_ == "State":
            states.insert(0, ent.ent_id_)
            start = ent.start
            k = ent.start
        elif t.lower_ not in ("and", "und", ",", "sowie"):
            break
        k -= 1
    if len(states) >= 2:
        return states, start, end
    states = []
    k = i + 1
    while k < len(T):
        t = T[k]
        ent = ent_at.get(k)
        if ent is not None and ent.label_ == "State":
            states.append(ent.ent_id_)
            k = ent.end
            end = ent.end
            continue
        if t.lower_ in LIST_JOINERS:
            k += 1
            continue
        break
    return states, start, end


def _leaders(kb: KnowledgeBase, state: str, role: str, day) -> list[str]:
    if role != "leader":
        return kb.holders(role, state, day)
    first, second = ("head_of_government", "head_of_state") if state in kb.parliamentary else ("head_of_state", "head_of_government")
    return kb.holders(first, state, day) or kb.holders(second, state, day)
