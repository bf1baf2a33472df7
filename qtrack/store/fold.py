"""How search compares text: case and width folded, the same on both engines.

`qtrack tasks --search` matches ＡＢＣ, abc and ABC alike, and 质量 wherever it stands. SQLite's
connection runs this function as qtrack_fold(); PostgreSQL's schema defines qtrack_fold() as
lower(normalize(t, NFKC)) under ICU's root collation, which lowercases as Python does.
"""

from __future__ import annotations

import unicodedata

# Chinese text's full-width punctuation is most often all in it that NFKC changes, and CPython's
# normalize is slow (a search folds every task's text) once anything must change. Each of these
# is one ASCII character in NFKC: replaced first, the text's compatibility decomposition is as it
# was, so a text then normalized is its NFKC, and normalize runs only for the others.
_WIDE = tuple((wide, unicodedata.normalize("NFKC", wide)) for wide in "，；：（）！？　")


def fold(text: str | None) -> str | None:
    """NFKC (full-width letters and digits to ASCII, ligatures apart), then lowercase."""
    if text is None:
        return None
    narrow = text
    for wide, ascii_ in _WIDE:
        if wide in narrow:
            narrow = narrow.replace(wide, ascii_)
    if not unicodedata.is_normalized("NFKC", narrow):
        narrow = unicodedata.normalize("NFKC", text)
    return narrow.lower()
