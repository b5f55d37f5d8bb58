from __future__ import annotations

import random
import re

import pytest

from edged.privacy import Finding, Redaction, RedactionFailed, scan

EMAIL = "jane.doe@corp.io"
CARD = "4111 1111 1111 1111"
TEXTS = [f"Mail {EMAIL} the invoice for card {CARD}.", f"Cc {EMAIL} too", "STOP-HERE"]


def test_findings_become_typed_placeholders_and_come_back() -> None:
    redaction = Redaction.of(TEXTS, scan)
    assert redaction.texts == [
        "Mail <EMAIL_1> the invoice for card <PAYMENT_CARD_1>.",
        "Cc <EMAIL_1> too",
        "STOP-HERE",
    ]
    assert redaction.kinds == ("email", "payment_card")
    assert [redaction.restore(t) for t in redaction.texts] == TEXTS


def test_a_placeholder_carries_nothing_of_its_value() -> None:
    # Same kinds and order, different values of different lengths: the same placeholders.
    other = Redaction.of(
        ["Mail a@b.co the invoice for card 5555 5555 5555 4444.", "Cc a@b.co too", "STOP-HERE"], scan
    )
    assert other.texts == Redaction.of(TEXTS, scan).texts
    for name in Redaction.of(TEXTS, scan).values:
        assert re.fullmatch(r"<[A-Z_]+_[1-9][0-9]*>", name)


def test_a_value_found_once_is_replaced_everywhere() -> None:
    # The stop string alone would not be found; it is the password stated in the first text.
    redaction = Redaction.of(["my password is Zq7!mellon-44", "Zq7!mellon-44"], scan)
    assert redaction.texts == ["my password is <PASSWORD_1>", "<PASSWORD_1>"]


def test_a_value_at_the_end_of_a_sentence_is_replaced_with_and_without_its_full_stop() -> None:
    redaction = Redaction.of(["my password is Zq7mellon44.", "use Zq7mellon44 here"], scan)
    assert not any("Zq7mellon44" in t for t in redaction.texts)
    assert [redaction.restore(t) for t in redaction.texts] == [
        "my password is Zq7mellon44.",
        "use Zq7mellon44 here",
    ]


def test_text_that_already_holds_a_placeholder_string_keeps_it() -> None:
    texts = [f"Template: Dear <EMAIL_1>, write to {EMAIL}"]
    redaction = Redaction.of(texts, scan)
    assert redaction.texts == ["Template: Dear <EMAIL_1>, write to <EMAIL_2>"]
    assert redaction.restore(redaction.texts[0]) == texts[0]


def test_a_finding_across_two_texts_is_redacted_on_both_sides() -> None:
    def spans_the_join(text: str) -> list[Finding]:
        at = text.index("\n")
        return [Finding("custom", at - 3, at + 4)] if "<" not in text[at - 3 : at + 4] else []

    redaction = Redaction.of(["abc XYZ", "QRS def"], spans_the_join)
    assert redaction.texts == ["abc <CUSTOM_1>", "<CUSTOM_2> def"]


def test_data_still_found_after_redaction_refuses_the_cloud() -> None:
    def one_word_at_a_time(text: str) -> list[Finding]:
        # Each scan finds one more word that is not a placeholder yet: it never settles.
        for m in re.finditer(r"[a-z]+", re.sub(r"<[A-Z_]+_\d+>", lambda p: " " * len(p.group(0)), text)):
            return [Finding("custom", m.start(), m.end())]
        return []

    assert Redaction.of(["alpha beta"], one_word_at_a_time).texts == ["<CUSTOM_1> <CUSTOM_2>"]
    with pytest.raises(RedactionFailed):
        Redaction.of(["alpha beta gamma delta"], one_word_at_a_time)


def test_placeholders_read_as_values_are_not_findings_again() -> None:
    # "password: <PASSWORD_1>" looks like a password to the scanner; it is ours.
    redaction = Redaction.of(["password: hunter2hunter2"], scan)
    assert redaction.texts == ["password: <PASSWORD_1>"]


def test_nothing_found_is_nothing_changed() -> None:
    redaction = Redaction.of(["What is the capital of France?"], scan)
    assert not redaction and redaction.texts == ["What is the capital of France?"]


@pytest.mark.parametrize("seed", range(25))
def test_a_stream_is_restored_whatever_the_chunk_boundaries(seed: int) -> None:
    redaction = Redaction.of(TEXTS, scan)
    answer = "Sent <EMAIL_1> a note; card <PAYMENT_CARD_1> billed. <EMAIL_1>!<NOT_OURS_3> a < b <"
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(answer)), rng.randint(1, 12)))
    chunks = [answer[i:j] for i, j in zip([0, *cuts], [*cuts, len(answer)], strict=True)]
    restorer = redaction.restorer()
    out = [restorer.feed(c) for c in chunks] + [restorer.flush()]
    assert "".join(out) == redaction.restore(answer)
    assert "".join(out) == f"Sent {EMAIL} a note; card {CARD} billed. {EMAIL}!<NOT_OURS_3> a < b <"
    # Nothing is held back longer than a placeholder could be.
    assert all(len(piece) <= len(chunk) + 48 for piece, chunk in zip(out, chunks, strict=False))
