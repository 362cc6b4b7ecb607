"""How the names people type are compared with the names we know: labels of code lists, and place names.

Both ignore case, spacing and punctuation. A few symbols carry meaning and are spelled out first, so that
``Gas > 3 kg`` stays apart from ``Gas 3 kg``. Place names also lose the word that says what they are
("Kel. Jenggot", "Kelurahan Jenggot", "Kec. Pekalongan Selatan").
"""

from __future__ import annotations

import re

_SPELLED_OUT = {">": " lebih dari ", "<": " kurang dari ", "&": " dan ", "≥": " lebih dari ", "≤": " kurang dari "}
# A prefix is a word followed by a space, or an abbreviation with its dot ("Kel.Jenggot"): "Desapura" keeps
# its name.
_PLACE_PREFIX = re.compile(r"^(?:(?:kelurahan|desa|kecamatan|kel|ds|kec)\s+|(?:kel|ds|kec)\.\s*)", re.IGNORECASE)


def label_key(text: str) -> str:
    """A label as compared: lower case, meaningful symbols spelled out, everything but letters and digits
    dropped (``SLTA / Sederajat`` = ``slta/sederajat`` = ``sltasederajat``)."""
    text = text.casefold()
    for symbol, words in _SPELLED_OUT.items():
        text = text.replace(symbol, words)
    return re.sub(r"[\W_]+", "", text)


def place_key(name: str | None) -> str:
    """A kelurahan or kecamatan name as compared: ``KEL. SOKODUWET `` = ``Sokoduwet``."""
    return label_key(_PLACE_PREFIX.sub("", name.strip())) if name else ""
