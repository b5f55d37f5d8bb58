"""Every shipped task checks itself: its references pass, wrapped or bare, and its wrong answer fails."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from edged.tasks import CHECK_KINDS, SPLITS, TASK_TYPES, Task, explain, load_tasks, numbers

from . import make_tasks

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
TASKS = load_tasks()


def _wrapped(reference: str) -> list[str]:
    """The ways a chat model wraps an answer that is right."""
    markdown = f"```\n{reference}\n```" if "\n" in reference else f"**{reference}**"
    return [
        reference,
        f"Sure! Here is the answer:\n\n{reference}",
        f"Sure! The answer is: {reference}",
        markdown,
    ]


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_references_pass_and_the_wrong_answer_fails(task: Task) -> None:
    for reference in task.references:
        for answer in _wrapped(reference):
            verdict = explain(task, answer)
            assert verdict, f"{task.id} rejects {answer!r}: {verdict.reason}"
    verdict = explain(task, task.wrong)
    assert not verdict, f"{task.id} accepts the wrong answer {task.wrong!r}: {verdict.reason}"


def test_the_files_are_what_the_generator_writes() -> None:
    data = ROOT / "edged" / "tasks" / "data"
    built = make_tasks.build()
    assert sorted(built) == sorted(p.name for p in data.glob("*.jsonl"))
    for name, text in built.items():
        assert (data / name).read_text(encoding="utf-8") == text, f"rerun tests/tasks/make_tasks.py ({name})"


def test_schema() -> None:
    assert len(TASKS) >= 400
    assert len({t.id for t in TASKS}) == len(TASKS)
    for t in TASKS:
        assert t.type in TASK_TYPES and t.id.startswith(f"{t.type}-"), t.id
        assert t.split in SPLITS, t.id
        assert t.checker["kind"] in CHECK_KINDS, t.id
        assert t.source.startswith("written for edged"), t.id
        assert t.references and all(r.strip() for r in t.references), t.id
        assert t.wrong.strip() and t.wrong not in t.references, t.id
        # Short enough for a person to type and for the answer to fit in about 64 tokens.
        assert len(t.prompt) <= 500 and max(len(r) for r in t.references) <= 250, t.id


def test_number_answers_are_not_numbers_of_the_prompt() -> None:
    # The number checker skips numbers restated from the prompt; an answer among them could never pass.
    for t in TASKS:
        if t.checker["kind"] == "number":
            assert t.checker["value"] not in numbers(t.prompt), t.id


def test_label_tasks_state_their_labels() -> None:
    for t in TASKS:
        if t.checker["kind"] == "label":
            assert t.checker["answer"] in t.checker["labels"], t.id
            if t.type == "classify":
                prompt = t.prompt.lower()
                assert all(label.lower() in prompt for label in t.checker["labels"]), t.id


def test_every_type_is_in_both_splits_in_equal_measure() -> None:
    counts = Counter((t.type, t.split) for t in TASKS)
    for kind in TASK_TYPES:
        dev, test = counts[kind, "dev"], counts[kind, "test"]
        assert dev >= 15 and test >= 15, kind
        assert abs(dev - test) <= 1, kind


def test_loader_filters() -> None:
    dev, test = load_tasks(split="dev"), load_tasks(split="test")
    assert {t.split for t in dev} == {"dev"} and {t.split for t in test} == {"test"}
    assert len(dev) + len(test) == len(TASKS)
    some = load_tasks(types=["arithmetic", "classify"])
    assert {t.type for t in some} == {"arithmetic", "classify"}
    assert load_tasks(split="test", types=["fact"]) == [
        t for t in TASKS if t.split == "test" and t.type == "fact"
    ]
    assert load_tasks(types=[]) == []
    with pytest.raises(ValueError, match="split"):
        load_tasks(split="train")
    with pytest.raises(ValueError, match="types"):
        load_tasks(types=["poetry"])


def test_the_data_ships_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["edged.tasks"]
    package = ROOT / "edged" / "tasks"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    assert set((package / "data").glob("*.jsonl")) <= shipped
    assert package / "data" / "README.md" in shipped
