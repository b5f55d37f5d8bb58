"""Each search that runs only where a match can start, or on the lower-cased copy, finds what the
pattern it stands for finds over the whole text."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from edged.privacy import _medical, _names, _numbers, _personal
from edged.privacy.scanner import _lower

_CORPUS = Path(__file__).parent / "corpus"


def _corpus_texts() -> list[str]:
    texts = []
    for name in ("pii", "written", "negatives", "written_negatives"):
        for line in (_CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


_TEXTS = _corpus_texts()
# Characters that fold or lower-case unlike their neighbours: long s, Kelvin sign, dotted and dotless
# i, final sigma, a fullwidth letter, an uncased letter, a non-word character inside [à-ÿ].
_ODD = [
    "\u017f", "\u212a", "\u0130", "\u0131", "\u03a3", "\uff21", "ə", "÷", "é", "É", "’", "٣", "\n", " ", "\t", "_", "'", "1",
]  # fmt: skip


def _variants(pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(pieces + _ODD) for _ in range(rng.randint(1, 9))]
        out.append("".join(parts))
    return out


def _cases(pieces: list[str], seed: int) -> list[str]:
    out = []
    for text in _TEXTS + _variants(pieces, 4000, seed):
        out += [text, text.upper(), text.lower(), text.title()]
    return out


def _spans(matches: list[re.Match[str]]) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in matches]


@pytest.mark.parametrize(
    ("fast", "pattern", "pieces"),
    [
        (
            _numbers._coord_field_matches,
            _numbers._COORD_FIELD,
            [
                "lat",
                "lng",
                "lon",
                "long",
                "gps_",
                "home_",
                "x_",
                "9",
                ": ",
                "=",
                " 12.345",
                "-0.12",
                "länge",
                "breite",
            ],
        ),
        (
            _names._romaji_honorifics,
            _names._ROMAJI_HONORIFIC,
            ["Tanaka", "-san", "-sama", "-kun", "-", "O'", "Jean-Luc", "Mc", "san", "x"],
        ),
        (
            _names._cv_headers,
            _names._CV_HEADER,
            [
                "CV",
                "resume",
                "Résumé",
                "Curriculum Vitae",
                "header",
                "xheader",
                "\n",
                "Jane Doe",
                "JANE DOE",
                ":",
            ],
        ),
        (
            _numbers._cf_hints,
            _numbers._CF_HINT,
            ["RSSMRA85T10A562S", "85t10a562s", "12", "A", "h", "9", "😀"],
        ),
    ],
    ids=["coordinate_fields", "romaji_honorifics", "cv_headers", "cf_hints"],
)
def test_candidate_starts_find_every_match(
    fast: Callable[[str], list[re.Match[str]]], pattern: re.Pattern[str], pieces: list[str]
) -> None:
    for text in _cases(pieces, seed=len(pieces)):
        assert _spans(fast(text)) == _spans(list(pattern.finditer(text))), text


def test_item_lines_hold_every_item() -> None:
    pieces = ["Ann Lee", " — ", " - ", "|", "\n", ";", ": ", "1. ", "* ", "kofi asante", " -", "\t-"]
    for text in _cases(pieces, seed=1):
        fast = [
            m.span() for lo, hi in _names._item_lines(text) for m in _names._ITEM_AFTER.finditer(text, lo, hi)
        ]
        assert fast == [m.span() for m in _names._ITEM_AFTER.finditer(text)], text


def test_phone_column_names_after_a_separator() -> None:
    pieces = [
        "phone",
        "tel",
        "té",
        "léphone",
        "cell",
        "mobile",
        "number",
        "_",
        ",",
        ";",
        "|",
        '"',
        "x",
        "fax",
    ]
    for text in _cases(pieces, seed=2):
        lower = _lower(text)
        slow = any(
            m.start() == 0 or lower[m.start() - 1] in _numbers._BEFORE_CELL_NAME
            for m in _numbers._PHONE_CELL_NAME_RE.finditer(lower)
        )
        assert _numbers._cell_name_after_separator(lower) == slow, text


def test_quoted_colon() -> None:
    for text in _cases(['"', "'", ":", " ", "\t", "x", '": "'], seed=3):
        assert _names._quoted_colon(text) == (re.search(r"[\"'][ \t]*:[ \t]*[\"']", text) is not None), text


@pytest.mark.parametrize(
    ("fast", "pattern", "on_lower", "pieces"),
    [
        (
            _medical._pay_who,
            _medical._PAY_WHO,
            False,
            ["I", "my", "son", "Maria Lopez", "Anna earns", "Jo is  paid"],
        ),
        (
            _names._public,
            _names._PUBLIC,
            False,
            ["who was", "Kingdom", "role-play", "famous", "xbook", "play by"],
        ),
        (
            _medical._h_strong,
            _medical._H_STRONG,
            True,
            ["I'm", "j’ai", "Meine", "34F", "72 y/o", "G2P1", "pt"],
        ),
        (_medical._h_question, _medical._H_QUESTION, True, ["What is", "how  long", "flashcards", "student"]),
    ],
    ids=["pay_who", "public", "h_strong", "h_question"],
)
def test_split_searches_agree(
    fast: Callable[..., bool], pattern: re.Pattern[str], on_lower: bool, pieces: list[str]
) -> None:
    rng = random.Random(4)
    for text in _cases(pieces, seed=5):
        lower = _lower(text)
        hay = lower if on_lower else text
        for lo, hi in ((0, len(text)), *((rng.randint(0, len(text)), len(text)) for _ in range(2))):
            expected = pattern.search(hay, lo, hi) is not None
            got = (
                fast(text, lower, frozenset({"i"}), lo, hi)
                if fast is _medical._pay_who
                else fast(text, lower, lo, hi)
            )
            assert got == expected, (text, lo, hi)


def test_plain_folding_rejects_characters_that_fold_to_ascii() -> None:
    for ch in ("\u017f", "\u212a", "\u0130", "\u0131", "\u03a3"):  # long s, Kelvin sign, İ, ı, Σ
        assert not _medical._folds_plainly(f"salary {ch} 5"), ch
    for ch in ("ə", "é", "É", "£", "’", "—"):
        assert _medical._folds_plainly(f"salary {ch} 5"), ch


def test_lower_case_pay_clause_agrees_with_the_case_blind_one() -> None:
    pieces = [
        "salary",
        "Gehalt",
        "jahresgehalt",
        "2lohn",
        "earns",
        "I'm paid",
        "take-home",
        "rémunération",
        "løn",
    ]
    for text in _cases(pieces, seed=6):
        if _medical._folds_plainly(text):
            lower = _lower(text)
            fast = [m.span() for m in _medical._PAY_CLAUSE_LOWER.finditer(lower)]
            assert fast == [m.span() for m in _medical._PAY_CLAUSE.finditer(text)], text


def test_address_hint_look_ahead_keeps_every_hint() -> None:
    reference = re.compile(r"\d" + _personal._ADDRESS_HINT_REST)
    pieces = ["12", "1600 ", "Main Street", "rue", "bis", "12-3456", "-1, B", "10115 Berlin", ".", "Rd"]
    for text in _cases(pieces, seed=7):
        got = [(m.span(), m.lastgroup) for m in _personal._ADDRESS_HINT.finditer(text)]
        assert got == [(m.span(), m.lastgroup) for m in reference.finditer(text)], text


def test_health_lexicon_agrees_with_its_flat_alternations() -> None:
    flat = re.compile(
        _medical._H_LEX.pattern.replace(_medical._MED_SUFFIX_RUN, _personal._MED_SUFFIX).replace(
            _medical._H_TERMS_BY_LETTER, _medical._H_TERMS
        )
    )
    pieces = [
        "breast cancer",
        "ALLERGY",
        "épilepsie",
        "a-fib",
        "rituximab",
        "xmab",
        "mild ",
        " 20 mg",
        "Down's syndrome",
    ]
    for text in _cases(pieces, seed=8)[:8000]:
        for start in [0] + [m.end() for m in re.finditer(r"[^\w'’-]", text)]:
            a, b = flat.match(text, start), _medical._H_LEX.match(text, start)
            assert (a and (a.span(), a.span("what"))) == (b and (b.span(), b.span("what"))), (text, start)
