"""What a claim or proposal says, for the page: its content without the attribution, a short
label, and the actors its sentence names.

The attribution phrases ("Wie die Nachrichtenagentur … meldete,", "According to …,") are data in
``attribution.yaml`` beside this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

import yaml

#: Words left after dropping an attribution, or the attribution is kept (it was the content).
__all__ = ["LABEL_CHARS", "MIN_WORDS", "content", "mentioned", "short_label"]

MIN_WORDS = 4
#: Longest label drawn on the page; the full content is in the details.
LABEL_CHARS = 60


@cache
def _patterns() -> dict[str, dict[str, list[re.Pattern[str]]]]:
    text = resources.files("diplograph").joinpath("view/attribution.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {
        lang: {part: [re.compile(p) for p in patterns] for part, patterns in parts.items()}
        for lang, parts in data.items()
    }


def content(own: str, sentence: str, *, lang: str = "", kind: str = "claim") -> str:
    """What was reported or proposed: the node's own text (or its sentence when the text is only
    the verb, "schlug vor", or empty), with the attribution dropped.

    >>> content("Wie die Agentur Tass meldete, sollen die Gespräche weitergehen.", "", lang="de")
    'sollen die Gespräche weitergehen'
    >>> content("schlug vor", "Scholz schlug vor, eine Konferenz einzuberufen.", lang="de",
    ...         kind="proposal")
    'Scholz schlug vor, eine Konferenz einzuberufen'
    >>> content("a ceasefire", "C proposed a ceasefire to B.", lang="en", kind="proposal")
    'a ceasefire'
    """
    text = " ".join(own.split())
    langs = [lang] if lang in _patterns() else sorted(_patterns())
    bare = any(r.search(text) for code in langs for r in _patterns()[code].get("bare", []))
    if (bare or not text) and sentence.strip():
        text = " ".join(sentence.split())
    for code in langs:
        parts = _patterns()[code]
        rules = parts.get("leading", []) + parts.get("trailing", [])
        if kind == "proposal":
            rules = rules + parts.get("proposal", [])
        for rule in rules:
            stripped = rule.sub("", text).strip()
            if len(stripped.split()) >= MIN_WORDS - 1:
                text = stripped
    return text.rstrip(" .;:,\u2026")


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """The text cut at a word boundary to at most ``limit`` characters, with "…" if cut.

    >>> short_label("a ceasefire along the whole front line", 20)
    'a ceasefire along…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def mentioned(text: str, names: Mapping[str, Iterable[str]]) -> list[str]:
    """The keys of ``names`` one of whose names occurs in ``text`` as whole words (a German
    genitive "s" allowed: "Putins"), case-sensitive; names shorter than two letters never match.

    >>> mentioned("Putins Berater traf Xi.", {"p": ["Putin"], "x": ["Xi"], "m": ["Macron"]})
    ['p', 'x']
    """
    found = []
    for key in sorted(names):
        for name in names[key]:
            name = name.strip()
            if len(name) < 2:
                continue
            if re.search(r"(?<!\w)" + re.escape(name) + r"(?:s|’s|'s)?(?!\w)", text):
                found.append(key)
                break
    return found
