"""Look-alike characters do not hide a value, and findings point at the value as it was written."""

from __future__ import annotations

import pytest

from edged.privacy import normalize, scan


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # fullwidth letters, digits and ＠ (NFKC)
        ("mail ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ today", "email", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
        ("card ４５３９ １４８８ ０３４３ ６４６７", "payment_card", "４５３９ １４８８ ０３４３ ６４６７"),
        # zero-width and bidi characters inside the value: the span covers them
        ("write to jane\u200b.doe@exa\u200dmple.com", "email", "jane\u200b.doe@exa\u200dmple.com"),
        ("4539\u200b1488\u200b0343\u200b6467", "payment_card", "4539\u200b1488\u200b0343\u200b6467"),
        ("SSN 524\u2060-81-\ufeff3390", "ssn", "524\u2060-81-\ufeff3390"),
        ("call +44\u202e 20 7946 0958", "phone", "+44\u202e 20 7946 0958"),
        ("pass\u00adword: hunter2hunter", "password", "hunter2hunter"),
        (
            "api\u200bkey: sk-proj-abc123DEF456ghi789JKL012mno345",
            "api_key",
            "sk-proj-abc123DEF456ghi789JKL012mno345",
        ),
        # Unicode hyphens, dashes, minus and dots between digit groups
        ("SSN 524\u201181\u20113390", "ssn", "524\u201181\u20113390"),
        ("SSN 524\u201081\u20103390", "ssn", "524\u201081\u20103390"),
        ("call 415\u2013555\u20132671", "phone", "415\u2013555\u20132671"),
        ("card 5425\u20142334\u20143010\u20149903", "payment_card", "5425\u20142334\u20143010\u20149903"),
        ("card 4539\u00b71488\u00b70343\u00b76467", "payment_card", "4539\u00b71488\u00b70343\u00b76467"),
        ("card 4539\uff0e1488\uff0e0343\uff0e6467", "payment_card", "4539\uff0e1488\uff0e0343\uff0e6467"),
        ("my home is at 51.5074, \u22120.1278", "location", "51.5074, \u22120.1278"),
        # digits grouped with spaces and dots
        ("SSN 078 05 1120", "ssn", "078 05 1120"),
        ("4111 1111 1111 1111", "payment_card", "4111 1111 1111 1111"),
        ("4111.1111.1111.1111", "payment_card", "4111.1111.1111.1111"),
        ("SSN 078.05.1120", "ssn", "078.05.1120"),
        # no-break and thin spaces
        (
            "IBAN DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000",
            "iban",
            "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000",
        ),
        ("call +44\u202f20\u202f7946\u202f0958", "phone", "+44\u202f20\u202f7946\u202f0958"),
        # a character that NFKC expands before the value: later offsets still land on the value
        ("\ufb01nance \ufb03ce: jane@corp.io", "email", "jane@corp.io"),
        ("\u2474\u2475 Dr. ok — my PIN is ４９２１", "pin", "４９２１"),
    ],
)
def test_look_alikes_are_found_with_original_spans(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text), found(text)


def test_ascii_and_already_normal_text_skip_the_map() -> None:
    assert normalize("plain ascii 123").origin is None
    assert normalize("déjà vu, 東京").origin is None
    assert normalize("déjà vu, 東京").text == "déjà vu, 東京"


def test_one_for_one_replacements_keep_offsets_without_a_map() -> None:
    n = normalize("a\u00a0b\u2011c")
    assert n.text == "a b-c"
    assert n.origin is None


def test_the_map_covers_removed_and_expanded_characters() -> None:
    text = "x\u200by\ufb01z"
    n = normalize(text)
    assert n.text == "xyfiz"
    assert n.origin == [0, 2, 3, 3, 4]
    assert n.span(0, 2) == (0, 3)  # "xy" covers the zero-width space between them
    assert n.span(2, 3) == (3, 4)  # half of "fi" is still the whole ligature
    assert n.span(4, 5) == (4, 5)


def test_invisible_characters_alone_are_removed() -> None:
    assert normalize("\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202e").text == ""


def test_a_value_split_only_by_invisible_characters_is_one_finding() -> None:
    text = "4\u200b5\u200b3\u200b9 1488 0343 6467"
    (finding,) = scan(text)
    assert finding.kind == "payment_card"
    assert (finding.start, finding.end) == (0, len(text))
