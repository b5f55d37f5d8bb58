from __future__ import annotations

import copy

import pytest

from edged.store import count_message_tokens, trim_to_context


def words(text: str) -> int:
    return len(text.split())


def m(role: str, n_words: int, tag: str) -> dict[str, str]:
    """A message of `n_words` words whose first word is `tag`, so results read as tags."""
    return {"role": role, "content": " ".join([tag] + ["w"] * (n_words - 1))}


def tags(messages: list[dict[str, str]]) -> list[str]:
    return [msg["content"].split()[0] for msg in messages]


SYS, U1, A1, U2, A2, U3 = (
    m("system", 10, "sys"),
    m("user", 10, "u1"),
    m("assistant", 10, "a1"),
    m("user", 10, "u2"),
    m("assistant", 10, "a2"),
    m("user", 10, "u3"),
)
CHAT = [SYS, U1, A1, U2, A2, U3]  # six messages of 10 words: 14 tokens each with the overhead


@pytest.mark.parametrize(
    ("messages", "budget", "expected"),
    [
        # everything fits: unchanged
        (CHAT, 84, ["sys", "u1", "a1", "u2", "a2", "u3"]),
        (CHAT, 1000, ["sys", "u1", "a1", "u2", "a2", "u3"]),
        # one message short: u1 dropped, and a1 with it (no reply without its question)
        (CHAT, 83, ["sys", "u2", "a2", "u3"]),
        (CHAT, 56, ["sys", "u2", "a2", "u3"]),
        # room for a2 but not u2: a2 would open the history, so it goes too
        (CHAT, 55, ["sys", "u3"]),
        (CHAT, 42, ["sys", "u3"]),
        (CHAT, 28, ["sys", "u3"]),
        # the system prompt and the latest user turn are kept even when they do not fit
        (CHAT, 27, ["sys", "u3"]),
        (CHAT, 0, ["sys", "u3"]),
        # no system prompt
        (CHAT[1:], 42, ["u2", "a2", "u3"]),
        (CHAT[1:], 10, ["u3"]),
        # an assistant prefix after the latest user turn is being continued: kept with it
        ([SYS, U1, A1, U2, A2], 42, ["sys", "u2", "a2"]),
        ([SYS, U1, A1, U2, A2], 1, ["sys", "u2", "a2"]),
        # no user turn at all: the last message stays
        ([SYS, A1], 0, ["sys", "a1"]),
        ([A1, A2], 14, ["a2"]),
        # only a system prompt, or nothing
        ([SYS], 0, ["sys"]),
        ([], 100, []),
        # a conversation the client opened with an assistant greeting is left as sent if it fits
        ([SYS, A1, U2, A2, U3], 70, ["sys", "a1", "u2", "a2", "u3"]),
        # a system message mid-history is an ordinary turn: dropped when old, and once anything
        # is dropped the kept history starts at a user turn
        ([SYS, U1, m("system", 10, "mid"), A1, U3], 70, ["sys", "u1", "mid", "a1", "u3"]),
        ([SYS, U1, m("system", 10, "mid"), A1, U3], 56, ["sys", "u3"]),
        ([SYS, U1, A1, m("system", 10, "mid"), U2, A2, U3], 84, ["sys", "u2", "a2", "u3"]),
        ([SYS, U1, A1, U2, m("system", 10, "mid"), A2, U3], 70, ["sys", "u2", "mid", "a2", "u3"]),
    ],
)
def test_trim_table(messages: list[dict[str, str]], budget: int, expected: list[str]) -> None:
    assert tags(trim_to_context(messages, words, budget)) == expected


def test_older_turns_are_dropped_whole_and_contiguously() -> None:
    # A long a1 does not fit; the short u1 before it is not kept either: no gaps in the history.
    chat = [m("user", 2, "u1"), m("assistant", 50, "a1"), m("user", 2, "u2"), m("assistant", 2, "a2"), U3]
    kept = trim_to_context(chat, words, 40)
    assert tags(kept) == ["u2", "a2", "u3"]
    assert all(msg in chat for msg in kept)  # whole messages, the same objects, never split


def test_per_message_overhead_is_a_parameter() -> None:
    assert tags(trim_to_context(CHAT, words, 60, per_message_tokens=0)) == [
        "sys",
        "u1",
        "a1",
        "u2",
        "a2",
        "u3",
    ]
    assert tags(trim_to_context(CHAT, words, 60, per_message_tokens=4)) == ["sys", "u2", "a2", "u3"]
    assert tags(trim_to_context(CHAT, words, 60, per_message_tokens=20)) == ["sys", "u3"]


def test_result_fits_unless_the_essentials_alone_do_not() -> None:
    for budget in range(0, 100):
        kept = trim_to_context(CHAT, words, budget)
        used = count_message_tokens(kept, words)
        essentials = count_message_tokens([SYS, U3], words)
        assert used <= budget or (kept == [SYS, U3] and essentials > budget)


def test_input_is_not_modified() -> None:
    chat = copy.deepcopy(CHAT)
    trim_to_context(chat, words, 30)
    assert chat == CHAT


def test_count_message_tokens() -> None:
    assert count_message_tokens([], words) == 0
    assert count_message_tokens(CHAT, words) == 6 * 14
    assert count_message_tokens(CHAT, words, per_message_tokens=0) == 60
