from __future__ import annotations

import dataclasses

import pytest

from edged.router.features import TASKS, Features, estimate_tokens, extract


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


LONG_DOCUMENT = (
    "The committee met four times during the year. It reviewed the budget, approved two new programmes "
    "and asked the secretariat for a report on staffing. Members raised concerns about delays in the "
    "procurement process and about the cost of travel. "
) * 24  # ~5,600 characters


@pytest.mark.parametrize(
    ("text", "task"),
    [
        (
            "Summarize this paragraph: The council met on Tuesday and agreed to extend the bike lanes.",
            "summarize",
        ),
        ("Convert this list into a table: apples 3, pears 5, plums 2", "format"),
        ("Classify these animals as mammals or birds: bat, owl, whale.", "classify"),
        ("Rewrite this sentence in the passive voice: The dog chased the cat.", "rewrite"),
        ("Extract the names of the people mentioned: Ana met Raj and Lee at the station.", "extract"),
        ("Who wrote Pride and Prejudice?", "qa"),
        ("hi there!", "chat"),
        ("Translate 'good morning' into Spanish.", "translate"),
        ("Write a Python function that returns the n-th Fibonacci number.", "code"),
        ("Solve for x: 3x + 10 = 5(x - 2)", "math"),
        ("Prove that the square root of 2 is irrational.", "reasoning"),
        (
            "Critically analyze the long-term consequences of remote work on urban economies, "
            "considering housing, transport and tax revenue.",
            "analysis",
        ),
        ("Write an essay about the history of the printing press.", "long_form_writing"),
        ("List every date mentioned in the text below.\n\n" + LONG_DOCUMENT, "long_document_extraction"),
    ],
)
def test_task_types(text: str, task: str) -> None:
    features = extract(user(text))
    assert features.task == task
    assert features.task in TASKS


def test_task_names_are_the_fourteen_known_ones() -> None:
    assert len(TASKS) == 14
    assert "long_form_writing" in TASKS and "long_document_extraction" in TASKS


@pytest.mark.parametrize(
    "text",
    [
        "Implement a binary search tree in Java with insert, delete and in-order traversal.",
        "Here is my code, why does it crash?\n```python\ndef f(xs):\n    return xs[len(xs)]\n```",
        "Tom has 3 boxes with 12 pencils each. He gives away 7 pencils. How many pencils does he have left?",
        "What is the probability of rolling two sixes with two dice?",
        "Write a 1000-word blog post about sustainable fashion.",
        "How many piano tuners are there in Chicago? Walk me through your reasoning step by step.",
        "A is the father of B and B is the father of C. What is the relationship between A and C?",
        "Compare and contrast the economic policies of two countries, with case studies.",
        "My React component re-renders endlessly after I added a useEffect that sets state. How do I fix it?",
        "Optimize this SQL: SELECT * FROM orders WHERE status IN (SELECT status FROM statuses);",
        "Create a 12-week marathon training plan for a beginner.",
        "Write a detailed technical report on battery failure modes.",
        "Given an array of integers, return the length of the longest increasing subsequence.",
    ],
)
def test_heavy_requests_score_at_or_above_the_default_threshold(text: str) -> None:
    assert extract(user(text)).score >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "What's the capital of France?",
        "Rewrite this to sound friendlier: Send the file.",
        "Write a haiku about the sea.",
        "Write a short story about a cat, under 200 words.",
        "Draft a brief email telling my team the meeting moved to 3 pm.",
        "Is this review positive or negative? 'Great phone, terrible battery.'",
        "Give me three tips for sleeping better.",
        "How can I improve my time management skills?",
        "What are the main differences between Python and JavaScript?",
        "How to write a college essay?",
        "What does HTTP status code 404 mean?",
        "Suggest a name for my new git repository for a recipe app.",
        "Explain what an API is in simple terms.",
        "Give me a detailed description of a sunset in one paragraph.",
    ],
)
def test_light_requests_score_below_the_default_threshold(text: str) -> None:
    assert extract(user(text)).score < 0.5


@pytest.mark.parametrize(
    ("text", "length", "words"),
    [
        ("Explain black holes in 3 sentences.", "short", None),
        ("Describe Paris in under 100 words.", "short", 100),
        ("Give me a brief overview of the French Revolution.", "short", None),
        ("Write a 1000 words essay on trade.", "long", 1000),
        ("Write a detailed, comprehensive guide to composting.", "long", None),
        ("Create a lesson plan for teaching fractions.", "long", None),
        ("What is the boiling point of water?", "unspecified", None),
    ],
)
def test_requested_output_length(text: str, length: str, words: int | None) -> None:
    features = extract(user(text))
    assert features.output_length == length
    assert features.requested_words == words


def test_brevity_lowers_the_score_of_the_same_request() -> None:
    long = extract(user("Write a story about a dragon who learns to dance."))
    short = extract(user("Write a short story about a dragon who learns to dance."))
    assert long.long_form and long.score >= 0.5
    assert short.score < 0.5 < long.score


def test_signals_are_reported() -> None:
    features = extract(user("Write a function in Python to sort a list. Your code should pass these tests:"))
    assert features.code and not features.math
    assert any(s.startswith("code_request") for s in features.signals)


def test_math_and_reasoning_flags() -> None:
    assert extract(user("Calculate the derivative of x^3 + 2x.")).math
    assert extract(user("Explain your reasoning: which word does not belong? cat, dog, car")).reasoning
    multi = extract(
        user("First boil the water, then add the pasta, and finally drain it. Why does salt help?")
    )
    assert multi.multi_step


def test_numbers_in_a_reference_passage_are_not_a_word_problem() -> None:
    passage = (
        "The 2019 season had 162 games. The team won 97 games and lost 65, scoring 812 runs and "
        "allowing 640. Attendance averaged 38,000 over 81 home games, and 12 players hit 10 or more "
        "home runs. The season ended in the second round of the playoffs."
    )
    features = extract(user("How many games did the team win?\n\n" + passage))
    assert not features.math
    assert features.score < 0.5


def test_token_count_uses_the_given_tokenizer_where_it_decides() -> None:
    calls: list[str] = []

    def count(text: str) -> int:
        calls.append(text)
        return 4242

    # Around the long-context ramp the model's tokenizer decides...
    mid = "The committee reviewed the annual report in detail. " * 60  # ~3,100 characters
    features = extract(user(mid), count_tokens=count)
    assert features.tokens == 4242 and features.tokens_exact and calls == [mid]
    assert features.long_context  # 4,242 tokens: a long document, whatever the estimate said
    # ...far from it the estimate gives the same decision, at a fraction of the cost.
    short = extract(user("hello there"), count_tokens=count)
    assert not short.tokens_exact and short.tokens == estimate_tokens("hello there")
    assert len(calls) == 1


def test_estimate_tokens_counts_dense_scripts_higher() -> None:
    assert estimate_tokens("") == 0
    assert 20 <= estimate_tokens("a" * 100) <= 30
    assert estimate_tokens("日本語" * 30) > estimate_tokens("abc" * 30)


def test_long_pasted_document_is_long_context() -> None:
    short = extract(user("Summarize: " + LONG_DOCUMENT[:600]))
    long = extract(user("Summarize the text below.\n\n" + LONG_DOCUMENT))
    assert not short.long_context and short.score < 0.5
    assert long.long_context and long.score >= 0.5
    assert long.task == "long_document_extraction"


def test_a_long_conversation_counts_as_context() -> None:
    history = []
    for i in range(12):
        history.append({"role": "user", "content": f"Tell me more about topic {i}. " + LONG_DOCUMENT[:300]})
        history.append({"role": "assistant", "content": LONG_DOCUMENT[:300]})
    features = extract([*history, {"role": "user", "content": "And what about the last one?"}])
    assert features.turns == 13
    assert features.long_context
    assert features.score >= 0.5


def test_follow_up_carries_the_conversation_but_thanks_does_not() -> None:
    history = [
        {"role": "user", "content": "Write a Python function that merges two sorted lists."},
        {"role": "assistant", "content": "```python\ndef merge(a, b):\n    return sorted(a + b)\n```"},
    ]
    follow_up = extract([*history, {"role": "user", "content": "Now make it work for k lists using a heap."}])
    thanks = extract([*history, {"role": "user", "content": "Thanks, that's great!"}])
    alone = extract(user("Now make it work for k lists using a heap."))
    assert follow_up.score > alone.score
    assert follow_up.score >= 0.5
    assert thanks.score < 0.5


def test_system_prompt_does_not_decide_the_task() -> None:
    messages = [
        {"role": "system", "content": "You are a senior Python engineer who writes production code."},
        {"role": "user", "content": "What's the capital of Japan?"},
    ]
    features = extract(messages)
    assert features.task == "qa"
    assert features.score < 0.5


@pytest.mark.parametrize(
    "messages",
    [
        [],
        [{"role": "user", "content": ""}],
        [{"role": "assistant", "content": "Hello!"}],
        user("😀" * 500),
        user("x" * 200_000),
        user("((((((((((" * 300),
    ],
)
def test_odd_inputs_still_give_a_score_in_range(messages: list[dict[str, str]]) -> None:
    features = extract(messages)
    assert 0.0 <= features.score <= 1.0
    assert features.task in TASKS


def test_features_are_frozen_and_summarise_to_a_small_dict() -> None:
    features = extract(user("Write a haiku about rain."))
    assert isinstance(features, Features)
    with pytest.raises(dataclasses.FrozenInstanceError):
        features.score = 1.0  # type: ignore[misc]
    summary = features.to_dict()
    assert {"task", "tokens", "code", "math", "reasoning", "long_context", "output"} <= set(summary)
