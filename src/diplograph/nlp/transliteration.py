"""English spellings of names that German news transliterates from Cyrillic ("Michail Galusin" →
"Mikhail Galuzin", "Dmitri Peskow" → "Dmitri Peskov"), so that people the knowledge base does not
know can still be matched across languages. Used only to add alternative labels."""

from __future__ import annotations

import re

__all__ = ["english_spelling"]

# word endings and letter groups typical of German transliterations of Russian/Ukrainian names
_SLAVIC = re.compile(
    r"(ow|ew|jew|in|ij|ja|ski|skij|enko|uk|tschuk|itsch|owa|ewa|ina|ko|yn)$", re.IGNORECASE
)
_RULES = [
    (r"^Tsch", "Ch"),
    (r"tsch", "ch"),
    (r"^Sch", "Sh"),
    (r"sch", "sh"),
    (r"ch", "kh"),
    (r"(?<=[aeiouy])s(?=[aeiouy])", "z"),
    (r"^S(?=[aeiou])", "Z"),
    (r"(?<=[aeiouy])ss(?=[aeiouy])", "s"),
    (r"ij$", "iy"),
    (r"ji", "yi"),
    (r"ja", "ya"),
    (r"ju", "yu"),
    (r"je", "ye"),
    (r"jo", "yo"),
    (r"^J", "Y"),
    (r"j", "y"),
    (r"w", "v"),
    (r"^W", "V"),
    (r"ow$", "ov"),
    (r"ew$", "ev"),
    (r"owa$", "ova"),
    (r"ewa$", "eva"),
]


def english_spelling(name: str) -> str | None:
    """The English-style spelling of a German-transliterated Slavic name, or None.

    Examples:
        >>> english_spelling("Michail Galusin")
        'Mikhail Galuzin'
        >>> english_spelling("Dmitri Peskow")
        'Dmitri Peskov'
        >>> english_spelling("Olaf Scholz") is None  # not a Slavic name
        True
    """
    parts = name.split()
    if not parts or not _SLAVIC.search(parts[-1]):
        return None
    out = []
    for part in parts:
        word = part
        for pattern, replacement in _RULES:
            word = re.sub(pattern, replacement, word)
        out.append(word)
    result = " ".join(out)
    return result if result != name else None
