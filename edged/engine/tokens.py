"""Exact token counts, fast: the router counts prompts on the daemon's loop thread.

`tokenizers`' `encode` builds a whole `Encoding` (ids, offsets, type ids, masks), which on a
long prompt costs more than the rest of a routing decision. A count needs none of that.
For byte-level BPE tokenizers (GPT-2's scheme, used by SmolLM2, Llama 3, Qwen 2.5 and others)
the count is the sum of the counts of the pre-tokenizer's pieces, since BPE never merges across
them. So `TokenCounter` splits the text with the same regular expression, in Python, and keeps
the count of each piece it has seen: a text made of known words costs one regex pass and
a dictionary look-up per piece; unknown pieces go to the tokenizer together, in one call.

Exact by construction where it applies, and the tokenizer itself everywhere else:
* only a tokenizer whose whole pipeline is `ByteLevel(use_regex=True)` pre-tokenization and
  BPE, with no normalizer, takes the fast path (anything else: `encode_batch_fast`);
* the regular expression is GPT-2's; on non-ASCII text its character classes (letters,
  numbers, white space) are Python's where those equal Unicode's, and otherwise computed per
  character from Unicode categories, so every text splits as it does in the tokenizer; a
  character that Python's Unicode tables do not know (a newer Unicode version than the
  interpreter's) sends the text to the tokenizer;
* a text that contains an added token ("<|im_start|>", …) goes to the tokenizer, which
  splits those out first;
* Qwen2's scheme (Qwen 2/2.5 and their Coder builds: an NFC normalizer, a `Split` by its own
  pattern, byte-level BPE) takes the same path with that pattern (`_qwen2_split`); a text with a
  character whose case folds to ASCII goes to the tokenizer.
"""

from __future__ import annotations

import json
import re
import unicodedata
from itertools import accumulate
from pathlib import Path
from typing import Any

__all__ = ["TokenCounter"]

# GPT-2's pre-tokenizer pattern, as tokenizers' ByteLevel runs it:
#   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
# Python's `re` has no \p{...}. ASCII text runs through the pattern with ASCII classes; so
# does a text with characters where Python's classes differ, after every non-ASCII character
# is replaced by an ASCII one of its class ("a" for a letter, "0" for a number, "\t" for white
# space other than U+0020, "!" for anything else). Only ASCII characters appear literally in
# the pattern, so the pieces' boundaries are the same on both texts.
_PIECE_ASCII = re.compile(
    r"'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\t\n\x0b\x0c\r A-Za-z0-9]+"
    r"|[\t\n\x0b\x0c\r ]+(?![^\t\n\x0b\x0c\r ])|[\t\n\x0b\x0c\r ]+"
)
# The same with Python's Unicode classes, for text without the characters where they differ
# from Unicode's: [^\W\d_] is \p{L} plus the numbers No and Nl (², ½, Ⅻ); \d is Nd; \s is
# White_Space plus the ASCII separators U+001C..U+001F (checked by a test over every code point).
_PIECE_UNICODE = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")
# Qwen2's pre-tokenizer (Qwen 2/2.5, also Qwen2.5-Coder): a `Split` by this pattern, then byte-level
# BPE without GPT-2's regex, after an NFC normalizer. An ASCII text is its own NFC, and on ASCII the
# pattern reads as below (\p{L} is [A-Za-z], \p{N} [0-9], \s the six ASCII White_Space characters);
# other text goes to the tokenizer.
_QWEN2_SPLIT = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
_QWEN2_ASCII = re.compile(
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\nA-Za-z0-9]?[A-Za-z]+|[0-9]| ?[^\t\n\x0b\x0c\r A-Za-z0-9]+[\r\n]*"
    r"|[\t\n\x0b\x0c\r ]*[\r\n]+|[\t\n\x0b\x0c\r ]+(?![^\t\n\x0b\x0c\r ])|[\t\n\x0b\x0c\r ]+"
)
_PYTHON_ONLY_SPACE = frozenset("\x1c\x1d\x1e\x1f")
_PLAIN_ASCII = frozenset(chr(c) for c in range(128)) - _PYTHON_ONLY_SPACE
_ODD_CATEGORIES = frozenset(("No", "Nl", "Cn"))
# Unicode's White_Space property beyond ASCII (a stable list; Python's str.isspace() also
# counts the ASCII separators U+001C..U+001F, which White_Space does not).
_UNICODE_SPACE = frozenset("\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                           "\u2028\u2029\u202f\u205f\u3000")  # fmt: skip
_CACHE_LIMIT = 1 << 16  # pieces; about 6 MB at most, then the cache starts again


def _class_of(char: str) -> str | None:
    """The ASCII stand-in for one non-ASCII character, or None when it cannot be classed."""
    if char in _UNICODE_SPACE:
        return "\t"
    category = unicodedata.category(char)
    if category == "Cn":  # unassigned in this Python's Unicode: the tokenizer may know it
        return None
    if category[0] == "L":
        return "a"
    if category[0] == "N":
        return "0"
    return "!"


class TokenCounter:
    """`count(text)`: the number of tokens `tokenizer.encode(text, add_special_tokens=False)` gives."""

    def __init__(self, tokenizer: Any, config: dict[str, Any] | None = None) -> None:
        self.tokenizer = tokenizer
        config = config if config is not None else json.loads(tokenizer.to_str())
        self.fast = _byte_level_bpe(config)
        self.qwen2 = not self.fast and _qwen2_bpe(config)
        self._added = tuple(t["content"] for t in config.get("added_tokens") or () if t.get("content"))
        self._pieces: dict[str, int] = {}
        self._odd: dict[str, bool] = {}  # non-ASCII character -> _odd_class(character)

    @classmethod
    def from_file(cls, path: Path) -> TokenCounter:
        from tokenizers import Tokenizer

        text = Path(path).read_text(encoding="utf-8")
        return cls(Tokenizer.from_str(text), json.loads(text))

    def count(self, text: str) -> int:
        if not text:
            return 0
        if self.fast and not any(token in text for token in self._added):
            pieces = self._split(text)
            if pieces is not None:
                return self._count_pieces(pieces)
        elif self.qwen2 and not any(token in text for token in self._added):
            # A long prompt through `encode` costs a millisecond or more, most of a routing decision.
            pieces = _qwen2_split(text)
            if pieces is not None:
                return self._count_pieces(pieces)
        return len(self.tokenizer.encode_batch_fast([text], add_special_tokens=False)[0].ids)

    __call__ = count

    def _split(self, text: str) -> list[str] | None:
        if text.isascii():
            return _PIECE_ASCII.findall(text)  # faster than the Unicode classes on ASCII
        odd = set(text) - _PLAIN_ASCII
        if _PYTHON_ONLY_SPACE.isdisjoint(odd) and not any(self._odd_class(char) for char in odd):
            # Python's own Unicode classes equal \p{L}, \p{N} and \s here: split as it stands.
            return _PIECE_UNICODE.findall(text)
        table: dict[int, str] = {}
        for char in odd:
            stand_in = _class_of(char)
            if stand_in is None:
                return None
            table[ord(char)] = stand_in
        # The pieces cover the text end to end, so their lengths in the classed text cut the original.
        ends = list(accumulate(map(len, _PIECE_ASCII.findall(text.translate(table)))))
        starts = [0, *ends[:-1]] if ends else []
        return [text[start:end] for start, end in zip(starts, ends, strict=True)]

    def _odd_class(self, char: str) -> bool:
        """True for a non-ASCII character Python's `re` classes put elsewhere than Unicode does."""
        odd = self._odd.get(char)
        if odd is None:
            odd = unicodedata.category(char) in _ODD_CATEGORIES
            if len(self._odd) < _CACHE_LIMIT:
                self._odd[char] = odd
        return odd

    def _count_pieces(self, pieces: list[str]) -> int:
        known = self._pieces
        try:
            return sum(map(known.__getitem__, pieces))  # every piece seen before: the usual case
        except KeyError:
            pass
        total = 0
        missing: dict[str, int] = {}
        for piece in pieces:
            n = known.get(piece)
            if n is None:
                missing[piece] = missing.get(piece, 0) + 1
            else:
                total += n
        if missing:
            words = list(missing)
            encodings = self.tokenizer.encode_batch_fast(words, add_special_tokens=False)
            if len(known) + len(words) > _CACHE_LIMIT:
                known.clear()  # bounded: a daemon runs for months
            for word, encoding in zip(words, encodings, strict=True):
                n = len(encoding.ids)
                known[word] = n
                total += n * missing[word]
        return total


def _byte_level_bpe(config: dict[str, Any]) -> bool:
    """True when the tokenizer is plain byte-level BPE: pieces by GPT-2's regex, BPE within each."""
    pre = config.get("pre_tokenizer") or {}
    model = config.get("model") or {}
    return (
        config.get("normalizer") is None
        and pre.get("type") == "ByteLevel"
        and pre.get("use_regex", True) is True
        and not pre.get("add_prefix_space", False)
        and model.get("type") == "BPE"
        and model.get("dropout") is None
    )


def _qwen2_split(text: str) -> list[str] | None:
    """The pieces Qwen2's normalizer and `Split` make of `text`, or None where this cannot tell.

    Non-ASCII text is NFC-normalised first, as the tokenizer does, then split as `_split` does: each
    non-ASCII character stands in as an ASCII one of its class ("a" letter, "0" number, "\t" white
    space, "!" other); the pattern names only ASCII characters, so the pieces keep their bounds. A
    character whose case folds to ASCII ("ſ" is "s" to the case-blind contractions) or that this
    Python's Unicode does not know sends the text to the tokenizer."""
    if text.isascii():
        return _QWEN2_ASCII.findall(text)
    text = unicodedata.normalize("NFC", text)
    table: dict[int, str] = {}
    for char in set(text) - _PLAIN_ASCII - _PYTHON_ONLY_SPACE:  # those four are ASCII, classed as "!"
        if any(map(str.isascii, char.casefold() + char.lower() + char.upper())):
            return None
        stand_in = _class_of(char)
        if stand_in is None:
            return None
        table[ord(char)] = stand_in
    ends = list(accumulate(map(len, _QWEN2_ASCII.findall(text.translate(table)))))
    starts = [0, *ends[:-1]] if ends else []
    return [text[start:end] for start, end in zip(starts, ends, strict=True)]


def _qwen2_bpe(config: dict[str, Any]) -> bool:
    """True for Qwen2's scheme: NFC (or none), a `Split` by `_QWEN2_SPLIT` (each match a piece),
    byte-level without a regex of its own, BPE within each piece."""
    normalizer = config.get("normalizer")
    pre = config.get("pre_tokenizer") or {}
    steps = pre.get("pretokenizers") or []
    model = config.get("model") or {}
    if normalizer not in (None, {"type": "NFC"}) or pre.get("type") != "Sequence" or len(steps) != 2:
        return False
    split, byte_level = steps
    return (
        split.get("type") == "Split"
        and split.get("pattern") == {"Regex": _QWEN2_SPLIT}
        and split.get("behavior") == "Isolated"
        and not split.get("invert", False)
        and byte_level.get("type") == "ByteLevel"
        and byte_level.get("use_regex") is False
        and not byte_level.get("add_prefix_space", False)
        and model.get("type") == "BPE"
        and model.get("dropout") is None
        and not model.get("byte_fallback", False)
    )
