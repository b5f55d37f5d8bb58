"""Spelled-out amounts are whole words: "someone knows" holds "one k", "often grand" "ten grand"."""

from edged.privacy import scan


def _salaries(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind == "salary"]


def test_a_number_word_inside_another_word_is_no_amount() -> None:
    assert _salaries("My salary is something someone knows, I make 5 dollars") == []
    assert _salaries("my salary: often grand") == []


def test_a_spelled_out_salary_is_still_found() -> None:
    assert _salaries("I earn fifty thousand a year") == [
        "fifty thousand a year"
    ]  # the period belongs to the amount
    assert _salaries("My salary is twenty-five thousand dollars.") == ["twenty-five thousand dollars"]
