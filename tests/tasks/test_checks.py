"""The checkers: lenient on wrapping, strict on the fact."""

from __future__ import annotations

from typing import Any

import pytest

from edged.tasks import Task, check, explain, normalize, numbers, unwrap


def _task(spec: dict[str, Any], prompt: str = "q") -> Task:
    return Task(id="t-001", type="fact", prompt=prompt, checker=spec, split="dev", source="written for edged")


@pytest.mark.parametrize(
    ("reply", "core"),
    [
        ('Sure! Here is the list:\n\n```json\n{"a": 1}\n```', '{"a": 1}'),
        ("Sure! The answer is: **Paris**.", "Paris."),
        ('Here you go.\n"dear team, hello"', "dear team, hello"),
        ("Certainly!\nThe rewritten sentence:\nall lowercase here", "all lowercase here"),
        (
            "The answer is Canberra.\nIt became the capital in 1913.",
            "The answer is Canberra.\nIt became the capital in 1913.",
        ),
        ("# Answer\n*Ottawa*", "Ottawa"),
    ],
)
def test_unwrap(reply: str, core: str) -> None:
    assert unwrap(reply) == core


def test_normalize_keeps_number_shapes_and_drops_the_rest() -> None:
    assert (
        normalize("It's 2:45 P.M. on 2024-03-05, costs $1,234.50!")
        == "it 2:45 pm on 2024-03-05 costs 1,234.50"
    )
    assert normalize("Brasília, the museum's café") == "brasilia the museum cafe"
    assert normalize("2:45pm") == "2:45 pm"


def test_numbers() -> None:
    assert numbers("About -3.5, 1,234 and twelve; 2024-03-05") == [-3.5, 1234.0, 12.0, 2024.0]
    assert numbers("−17.8 °C") == [-17.8]


def test_match_is_whole_words_and_honours_reject() -> None:
    spec = {"kind": "match", "accept": ["Oslo"], "reject": ["Bergen"]}
    assert check(_task(spec), "The capital of Norway is **Oslo**.")
    assert not check(_task(spec), "Osloberg")
    assert not check(_task(spec), "Oslo or Bergen")
    assert not explain(_task(spec), "Stockholm").ok


def test_number_takes_the_first_number_not_restated_from_the_prompt() -> None:
    task = _task({"kind": "number", "value": 12}, prompt="What is 15% of 80?")
    assert check(task, "15% of 80 is 12.")
    assert check(task, "Sure! The answer is **twelve**.")
    assert check(task, "12 (0.15 × 80)")
    assert not check(task, "80 × 0.15 = 12")  # the first new number is 0.15: the rule is stated, not guessed
    assert not check(task, "13, or maybe 12")
    assert not check(task, "15% of 80")
    assert not check(task, "I'm not sure.")


def test_number_tolerance() -> None:
    task = _task({"kind": "number", "value": 3.10686, "rel": 0.01}, prompt="Convert 5 km to miles.")
    assert check(task, "5 km ≈ 3.1 miles")
    assert not check(task, "5 km ≈ 3.2 miles")
    assert check(_task({"kind": "number", "value": 77, "tol": 0.5}), "77.4 °F")
    assert not check(_task({"kind": "number", "value": 77}), "77.4 °F")


def test_label_needs_exactly_one_allowed_label() -> None:
    spec = {"kind": "label", "labels": ["positive", "negative", "neutral"], "answer": "negative"}
    assert check(_task(spec), "Sentiment: **Negative**")
    assert not check(_task(spec), "Positive")
    assert not check(_task(spec), "It's negative, not positive.")
    assert not check(_task(spec), "Hard to say.")


def test_label_takes_the_longer_label_first() -> None:
    spec = {"kind": "label", "labels": ["spam", "not spam"], "answer": "not spam"}
    assert check(_task(spec), "Not spam.")
    assert not check(_task(spec), "Spam.")
    assert not check(_task(spec), "Spam, or maybe not spam.")


def test_json_needs_the_keys_and_values() -> None:
    spec = {"kind": "json", "values": {"name": "Ana Ruiz", "age": 34, "tags": ["a"]}}
    assert check(_task(spec), 'Here it is:\n```json\n{"name": "ana ruiz", "age": "34", "tags": ["A"]}\n```')
    assert check(_task(spec), 'Sure: {"age": 34.0, "name": "Ana Ruiz", "tags": ["a"]} hope that helps')
    assert not check(_task(spec), '{"name": "Ana Ruiz", "age": 35, "tags": ["a"]}')
    assert not check(_task(spec), '{"name": "Ana Ruiz", "age": 34, "tags": ["a"], "city": "x"}')
    assert not check(_task(spec), '{"name": "Ana Ruiz", "age": "34 years", "tags": ["a"]}')
    assert not check(_task(spec), '{"name": "Ana Ruiz", "age": true, "tags": ["a"]}')
    assert not check(_task(spec), "name: Ana Ruiz, age: 34")


def test_list_order_in_any_part_of_the_reply() -> None:
    spec = {"kind": "list", "items": ["8", "12"], "others": ["3", "5"]}
    assert check(_task(spec), "The even numbers: 8, 12")
    assert check(_task(spec), "From 3, 8, 5, 12 the even ones are:\n- 8\n- 12")
    assert not check(_task(spec), "8, 12, 5")
    assert not check(_task(spec), "12, 8")
    assert not check(_task(spec), "3, 8, 5, 12")


def test_csv_needs_the_header_then_the_rows() -> None:
    spec = {"kind": "csv", "header": ["name", "age"], "rows": [["Ann", 31], ["Bob", 25]]}
    assert check(_task(spec), "```csv\nname, age\nAnn, 31\nBob, 25\n```")
    assert not check(_task(spec), "name,age\nBob,25\nAnn,31")
    assert not check(_task(spec), "Ann,31\nBob,25")
    assert not check(_task(spec), "name,age\nAnn,31\nBob,25\nCleo,40")


def test_regex() -> None:
    spec = {"kind": "regex", "pattern": r"\bO\s?(?:negative\b|-)", "flags": "i"}
    assert check(_task(spec), "Type **O negative** is the universal donor.")
    assert not check(_task(spec), "AB positive")


def test_text_constraints() -> None:
    spec = {"kind": "text", "all": [["meeting"], ["friday", "fri"]], "none": ["monday"], "max_words": 6}
    assert check(_task(spec), "Sure! Here's a shorter version:\nMeeting moved to Friday.")
    assert not check(_task(spec), "Meeting moved from Monday to Friday.")
    assert not check(_task(spec), "Meeting moved to Thursday.")
    assert not check(_task(spec), "The team meeting has been moved to Friday afternoon.")
    lower = {"kind": "text", "all": ["pool"], "case": "lower"}
    assert check(_task(lower), "Here is the lowercase version:\nthe pool is closed.")
    assert not check(_task(lower), "The pool is closed.")
    dear = {"kind": "text", "all": ["report"], "starts_with": "Dear team"}
    assert check(_task(dear), 'Sure! "Dear team, please send the report."')
    assert not check(_task(dear), "Hi team, please send the report. Dear team")
    question = {"kind": "text", "all": ["report"], "ends_with": "?"}
    assert check(_task(question), "Could you send the report by Thursday?")
    assert not check(_task(question), "Send the report by Thursday.")


def test_a_verdict_says_why() -> None:
    verdict = explain(_task({"kind": "number", "value": 5}), "It is 6.")
    assert not verdict and "expected 5" in verdict.reason
