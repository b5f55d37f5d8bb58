"""The names detector's searches that run only where a match can start, or that only ask whether
a pattern finds something, agree with the pattern they stand for."""

from __future__ import annotations

import random
import re

from edged.privacy import _names
from edged.privacy._common import matches_at
from tests.privacy.test_fast_paths import _cases


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in matches]


def _ranges(text: str, rng: random.Random) -> list[tuple[int, int]]:
    pairs = [sorted((rng.randint(0, len(text)), rng.randint(0, len(text)))) for _ in range(3)]
    return [(0, len(text)), *((lo, hi) for lo, hi in pairs)]


def test_personal_any_finds_what_personal_finds() -> None:
    pieces = ["I", "I'm", "I’d", "my", "our", "We", "My", "Our", "us", ". ", "!\n", '"', "“", "dear",
              "E-mail", "schreibt", "rückruf", "rédigez", "escribe", "call  with", "Iv", "xmy", "İnvoice"]  # fmt: skip
    rng = random.Random(1)
    for text in _cases(pieces, seed=21):
        for lo, hi in _ranges(text, rng):
            expected = _names._PERSONAL.search(text, lo, hi) is not None
            assert (_names._PERSONAL_ANY.search(text, lo, hi) is not None) == expected, (text, lo, hi)


def test_cjk_honorifics_and_signatures() -> None:
    pieces = ["小林", "さん", "様", "さま", "先生", "くん", "君", "ちゃん", "氏", "殿", "田中", " ", "　", "部", "課",
              "社", "店", "係", "太郎", "、", "電話", "TEL", "E-mail", "\n", "山田花子", "x" * 20]  # fmt: skip
    for text in _cases(pieces, seed=22):
        assert _spans(_names._cjk_honorifics(text)) == _spans(list(_names._CJK_HONORIFIC.finditer(text))), (
            text
        )
        assert _spans(_names._cjk_signed(text)) == _spans(list(_names._CJK_SIGNED.finditer(text))), text
        # the candidate starts alone, without the fallback a text full of suffix characters takes
        starts = {
            s for i in _names._positions(text, _names._CJK_SUFFIX_CHARS) for s in range(max(0, i - 8), i)
        }
        assert _spans(matches_at(_names._CJK_HONORIFIC, text, starts)) == _spans(
            list(_names._CJK_HONORIFIC.finditer(text))
        ), text
