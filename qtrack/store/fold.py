"""How search compares text: case and width folded, the same on both engines.

`qtrack tasks --search` matches ＡＢＣ, abc and ABC alike, and 质量 wherever it stands. SQLite's
connection runs this function as qtrack_fold(); PostgreSQL's schema defines qtrack_fold() as
lower(normalize(t, NFKC)) under ICU's root collation, which lowercases as Python does.
"""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str | None:
    """NFKC (full-width letters and digits to ASCII, ligatures apart), then lowercase."""
    return None if text is None else unicodedata.normalize("NFKC", text).lower()
