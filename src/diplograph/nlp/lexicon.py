"""Language data of the NLP stages, loaded once from ``diplograph/lang/<lang>.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from diplograph import schemas
from diplograph.package_data import read_yaml

__all__ = ["RoleWord", "Lexicon", "common_words", "load_lexicon"]


@dataclass(frozen=True)
class RoleWord:
    role: str
    state: str | None = None  # fixed state id
    default_state: str | None = None
    org: str | None = None


@dataclass(frozen=True)
class Lexicon:
    lang: str
    roles: dict[str, RoleWord]
    titles: frozenset[str]
    plural_heads: frozenset[str]
    plural_quantifiers: dict[str, int]  # word -> how many ("beiden": 2)
    pronouns: dict[str, str]  # form -> gender
    events: dict[str, str]  # form -> kind
    data: dict[str, Any]
    _cache: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)

    def words(self, *path: str) -> frozenset[str]:
        """The lower-cased word list at ``path`` (read once, then cached).

        Raises:
            LookupError: the file has no word list at ``path`` (a misspelled path).
        """
        key = ("words", *path)
        found = self._cache.get(key)
        if found is None:
            node = self._node(path, list)
            found = self._cache[key] = frozenset(w.lower() for w in node)
        return found

    def table(self, *path: str) -> dict[str, Any]:
        """The mapping at ``path`` with lower-cased keys (a fresh copy each call).

        Raises:
            LookupError: the file has no mapping at ``path`` (a misspelled path).
        """
        return {k.lower(): v for k, v in self._node(path, dict).items()}

    def _node(self, path: tuple[str, ...], kind: type) -> Any:
        """The list or mapping at ``path`` of the (validated) file."""
        node: Any = self.data
        for depth, step in enumerate(path):
            if not isinstance(node, dict) or step not in node:
                where = ".".join(path[:depth]) or "the top level"
                keys = ", ".join(node) if isinstance(node, dict) else "no keys: it is a list"
                raise LookupError(
                    f"lang/{self.lang}.yaml has no {'.'.join(path)}: {where} has {keys}"
                )
            node = node[step]
        if not isinstance(node, kind):
            wanted = "word list" if kind is list else "mapping"
            raise LookupError(
                f"lang/{self.lang}.yaml: {'.'.join(path) or 'the file'} is no {wanted}"
            )
        return node

    @property
    def event_phrase_starts(self) -> frozenset[str]:
        """First words of the multi-word event nouns ("peace" of "peace talks")."""
        found = self._cache.get(("event_starts",))
        if found is None:
            found = self._cache[("event_starts",)] = frozenset(
                p.split(" ")[0] for p in self.events if " " in p
            )
        return found


def _role(value: Any) -> RoleWord:
    if isinstance(value, str):
        return RoleWord(role=value)
    state = value.get("state")
    default = value.get("default_state")
    org = value.get("org")
    return RoleWord(
        role=value["role"],
        state=f"state/{state.lower()}" if state else None,
        default_state=f"state/{default.lower()}" if default else None,
        org=f"org/{org}" if org else None,
    )


def common_words(lang: str, table: Any | None = None) -> frozenset[str]:
    """Lower-case lemmas of the language's lemma lookup table (spacy-lookups-data): a capitalised
    token that is one of these is more likely a word than a name.

    Not cached: the mentions component, its only user, keeps the result.

    Args:
        lang: the language.
        table: the lemmatizer's already loaded ``lemma_lookup`` table, to avoid reading it twice.
    """
    if table is None:
        from spacy.lookups import load_lookups

        table = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    values = table.values()
    try:
        return frozenset(map(str.lower, values))
    except TypeError:  # a table with other values than strings
        return frozenset(v.lower() for v in values if isinstance(v, str))


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon of one language (``de`` or ``en``).

    Raises:
        DataFileInvalid: the file does not match :class:`diplograph.schemas.LexiconFile`.
    """
    path = f"lang/{lang}.yaml"
    data = read_yaml(path)
    schemas.check(path, data)  # ~2 ms; then the data have every section, in the right types
    events: dict[str, str] = {}
    for kind, forms in (data.get("events") or {}).items():
        for form in forms:
            events.setdefault(str(form).lower(), kind)
    pronouns = {
        str(f).lower(): g for g, forms in (data.get("pronouns") or {}).items() for f in forms
    }
    return Lexicon(
        lang=lang,
        roles={str(k).lower(): _role(v) for k, v in (data.get("roles") or {}).items()},
        titles=frozenset(str(t).lower() for t in data.get("titles") or []),
        plural_heads=frozenset(str(t).lower() for t in data.get("plural_heads") or []),
        plural_quantifiers={
            str(k).lower(): int(v) for k, v in (data.get("plural_quantifiers") or {}).items()
        },
        pronouns=pronouns,
        events=events,
        data=data,
    )
