"""Text as the detectors see it, with a map back to the text as it was written.

Look-alikes must not slip past the scanner: fullwidth digits and ``＠`` (NFKC), zero-width and
bidirectional controls and soft hyphens inside a value (removed), and the many Unicode dashes and
middle dots people paste between digit groups (read as ``-`` and ``.``). Curly quotes and primes
read as ``'`` and ``"``. The detectors run on the
normalised string; `Normalized.span` turns a span found there into the span of the original text
that holds the whole value, invisible characters inside it included, so a redaction layer can
replace exactly those characters.

Normalisation is per code point, so every normalised character comes from exactly one original
one and the map is a list of original indices. Pure ASCII (most prompts), and text that NFKC
leaves alone and has none of the special characters, is returned as it is, with no map.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from edged.privacy._common import non_ascii

__all__ = ["Normalized", "normalize"]

# Zero-width, bidirectional controls, word joiners, BOM, soft hyphen and friends: invisible, and
# able to split a value so that no regex sees it whole.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_DASHES = "\u2010-\u2015\u2043\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_DOTS = "\u00b7\u2024\u2027\u2219\u22c5\uff0e"
_LINES = "\u0085\u2028\u2029"
# Typographic quotes and primes read as ASCII ones: the detectors accept both, and a prompt whose
# only non-ASCII characters are a curly apostrophe and a dash (most of them, pasted from an editor)
# then scans as ASCII text, one byte per character, which every regex walks faster.
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
_SPECIAL = re.compile(f"[{_INVISIBLE}{_DASHES}{_DOTS}{_LINES}{_SINGLE_QUOTES}{_DOUBLE_QUOTES}]")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_DASH_RE = re.compile(f"[{_DASHES}]")
_DOT_RE = re.compile(f"[{_DOTS}]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")

# Each non-ASCII character seen so far and what it reads as: a str.translate table.
_TABLE: dict[int, str] = {}


@dataclass(frozen=True)
class Normalized:
    """The normalised text and, unless it is the original unchanged, where each character came from."""

    text: str
    origin: list[int] | None = None  # origin[i]: index in the original of text[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalised `text[start:end]` (non-empty)."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def _char(ch: str) -> str:
    if _INVISIBLE_RE.match(ch):
        return ""
    if _DASH_RE.match(ch):
        return "-"
    if _DOT_RE.match(ch):
        return "."
    if ch in _LINES:
        return "\n"
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _DOUBLE_QUOTES:
        return '"'
    out = unicodedata.normalize("NFKC", ch)
    # NFKC can produce a dash or dot of its own (U+2011 -> U+2010); read those too.
    return _DOT_RE.sub(".", _DASH_RE.sub("-", _INVISIBLE_RE.sub("", out)))


def _translate_run(m: re.Match[str]) -> str:
    return m.group(0).translate(_TABLE)


def normalize(text: str) -> Normalized:
    """`text` in NFKC, without invisible characters, with Unicode dashes and dots as ASCII."""
    if text.isascii():
        return Normalized(text)
    # Every special character is non-ASCII: the few of those are searched, not the whole text.
    if _SPECIAL.search(non_ascii(text)) is None and unicodedata.is_normalized("NFKC", text):
        return Normalized(text)
    distinct = set(non_ascii(text))
    if len(_TABLE) + len(distinct) > 8192:
        _TABLE.clear()  # bounded: a text of many rare characters must not grow it forever
    for ch in distinct:
        if ord(ch) not in _TABLE:
            _TABLE[ord(ch)] = _char(ch)
    # Most changes are one character for one (NBSP, fullwidth digits, dashes): offsets stay the
    # same and no map is needed. Each changed character is replaced on its own (str.replace runs
    # in C; translating with the table would look up every character of the text).
    if all(len(_TABLE[ord(ch)]) == 1 for ch in distinct):
        changed = {ch: _TABLE[ord(ch)] for ch in distinct if _TABLE[ord(ch)] != ch}
        if any(out in changed for out in changed.values()):  # a chain: translate in one pass
            return Normalized(_NON_ASCII_RUN.sub(_translate_run, text))
        for ch, out in changed.items():
            text = text.replace(ch, out)
        return Normalized(text)
    runs = list(_NON_ASCII_RUN.finditer(text))
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in runs:
        start, end = m.span()
        if start > pos:
            parts.append(text[pos:start])
            origin.extend(range(pos, start))
        for i, ch in enumerate(m.group(0), start):
            out = _TABLE[ord(ch)]
            if out:
                parts.append(out)
                origin.extend([i] * len(out))
        pos = end
    if pos < len(text):
        parts.append(text[pos:])
        origin.extend(range(pos, len(text)))
    return Normalized("".join(parts), origin)
