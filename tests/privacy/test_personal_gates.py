"""The cheap checks `_personal` makes before a regex runs turn away only texts, positions and windows
where the regex finds nothing."""

from __future__ import annotations

import re

from edged.privacy import _personal
from edged.privacy.scanner import _lower
from tests.privacy.test_fast_paths import _cases


def test_address_hint_on_zeroed_text_keeps_every_hint() -> None:
    reference = re.compile("0" + _personal._ADDRESS_HINT_REST)
    pieces = [
        "12", "1600 ", "Main Street", "rue", "RUE", "bis", "ter", " bis", "12-3456", "-1, B", "10115 Berlin",
        ".", "Rd", ", ", "av.", "allée", "quai", "square", "15 foot", "8-ounce", "1/4", "0000 ",
    ]  # fmt: skip
    for text in _cases(pieces, seed=11):
        zeroed = _personal._zeroed(text)
        if zeroed is not None:
            got = [(m.span(), m.lastgroup) for m in _personal._ADDRESS_HINT_ZERO.finditer(zeroed)]
            assert got == [(m.span(), m.lastgroup) for m in reference.finditer(zeroed)], text


def test_born_stems_cover_every_born_verb() -> None:
    pieces = [
        "born", "née le", "ne\tle", "nato", "sono nata", "nacido", "nací", "nascido", "nasci", "født", "fodt",
        "född", "urodziłem", "urodzona", "geboren", "reborn", " le ", "n", "e",
    ]  # fmt: skip
    for text in _cases(pieces, seed=12):
        if any(c in text for c in _personal._CASE_BLIND_ASCII):
            continue  # the scan runs `_BORN` on such a text without looking at the stems
        lower = _lower(text)
        if not (any(n in lower for n in _personal._BORN_STEMS) or _personal._NEE_LE.search(lower)):
            assert _personal._BORN.search(text) is None, text


def test_money_near_starts_within_four_of_its_first_digit() -> None:
    pieces = ["USD 5", "Rs 40", "$ 3", "€7", "45k", "50,000", "1200 dollars", "12 EUR", "abc", " ", "k", "9"]
    for text in _cases(pieces, seed=13):
        m = _personal._MONEY_NEAR.search(text)
        if m is not None and text.isascii():
            digit = re.search(r"\d", text[m.start() :])
            assert digit is not None and digit.start() <= 4, text
