"""Unicode's bidirectional controls: invisible characters that reorder the text after them, so that
"Siti\u202eahmiR" shows in a list as another name. No registry or programme text needs them; they are
removed from uploaded tables (``lib.spreadsheets``) and from every text Dampingan stores (``core.text_fields``)."""

import re

# A regular-expression class, usable by ``re`` and by polars alike.
BIDI_CONTROLS = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_CONTROLS = re.compile(BIDI_CONTROLS)


def without_bidi_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def has_bidi_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None
