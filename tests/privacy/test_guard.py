"""PrivacyGuard: the operator's own terms and patterns, found like the built-in kinds."""

from __future__ import annotations

import itertools

import pytest

from edged.config import PrivacyConfig
from edged.privacy import PrivacyGuard, scan


def found(guard: PrivacyGuard, text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in guard.scan(text)]


def test_terms_are_whole_words_in_any_case() -> None:
    guard = PrivacyGuard(terms=["Project Falcon", "acme-prod-db"])
    assert found(guard, "status of project falcon?") == [("custom", "project falcon")]
    assert found(guard, "connect to ACME-PROD-DB.") == [("custom", "ACME-PROD-DB")]
    assert found(guard, "acme-prod-db2 and projectfalcon are other things") == []


def test_patterns_are_python_regexes() -> None:
    guard = PrivacyGuard(patterns=[r"PRJ-[0-9]{4}", r"(?i)cust_[a-z0-9]{6}"])
    assert found(guard, "ticket PRJ-4821 for CUST_ab12cd") == [
        ("custom", "PRJ-4821"),
        ("custom", "CUST_ab12cd"),
    ]


def test_custom_and_built_in_findings_come_together_in_order() -> None:
    guard = PrivacyGuard(terms=["Falcon"], patterns=[r"PRJ-\d{4}"])
    text = "Falcon PRJ-0042: mail ana@corp.io, card 4539 1488 0343 6467"
    kinds = [f.kind for f in guard.scan(text)]
    assert kinds == ["custom", "custom", "email", "payment_card"]
    findings = guard.scan(text)
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start
    assert [f.kind for f in scan(text)] == ["email", "payment_card"]  # module scan: built-ins only


def test_terms_match_look_alikes_with_original_spans() -> None:
    guard = PrivacyGuard(terms=["falcon"], patterns=[r"PRJ-\d{4}"])
    text = "ＦＡＬＣＯＮ and fal\u200bcon and PRJ\u20114821"
    assert found(guard, text) == [
        ("custom", "ＦＡＬＣＯＮ"),
        ("custom", "fal\u200bcon"),
        ("custom", "PRJ\u20114821"),
    ]


def test_from_config() -> None:
    guard = PrivacyGuard.from_config(PrivacyConfig(terms=["blue-harbor"], patterns=[r"INV\d{6}"]))
    assert found(guard, "blue-harbor INV123456") == [("custom", "blue-harbor"), ("custom", "INV123456")]
    assert PrivacyGuard.from_config(PrivacyConfig()).scan("nothing personal here") == []


def test_empty_matches_and_blank_terms_are_ignored() -> None:
    guard = PrivacyGuard(terms=["  ", ""], patterns=[r"x*"])
    assert guard.scan("abc") == []
    assert guard.scan("") == []


@pytest.mark.parametrize("text", ["", "ok", "the weather in Paris"])
def test_no_terms_no_findings(text: str) -> None:
    assert PrivacyGuard().scan(text) == []
