"""An off-form local answer escalates through the fallback path, and a pinned one never does:
a real daemon, the tiny model (its answers are never JSON) and a loopback cloud stand-in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import edged
from edged.model.manifest import Manifest
from edged.model.profile import files_sha256, write_profile
from edged.tasks import TASK_TYPES, suite_digest
from tests.support.fake_openai import FakeOpenAI
from tests.test_fallback import start, stream, visible_text, wait_network

JSON_ASK = "Turn this into JSON with keys name, age, city: Ana Ruiz, 34 years old, lives in Valencia."
# Sampled, the tiny model answers visible garbage (greedy, only newlines: an empty answer).
GARBAGE = {"max_tokens": 12, "temperature": 1.0, "seed": 1}
# Only the form check may escalate: the tiny model's loops and low confidence are let through.
LENIENT = {"max_repetition_ratio": 1.0, "min_mean_logprob": -100.0}


@pytest.fixture
def profiled_model(tmp_path: Path, tiny_model: Path) -> Path:
    """A copy of the tiny model with a profile that says it gets every task type right."""
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    write_profile(
        folder,
        {
            "format_version": 2,
            "model": {"name": "tiny", "files_sha256": files_sha256(Manifest.read(folder))},
            "suite": {"split": "dev", "digest": suite_digest()},
            "run": {"tasks_run": 200, "tasks_planned": 200, "complete": True},
            "overall": {"n": 200, "right": 200, "rate": 1.0},
            "per_type": {t: {"n": 20, "right": 20, "rate": 1.0} for t in TASK_TYPES},
            "tasks": [],
        },
    )
    return folder


@pytest.fixture
def cloud() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def test_an_answer_that_is_not_the_json_asked_for_escalates_with_a_restart(
    tmp_path: Path, profiled_model: Path, cloud: FakeOpenAI
) -> None:
    d = start(tmp_path, profiled_model, cloud.base_url, fallback=LENIENT)
    with d, edged.Client(d.endpoint, timeout=60) as client:
        wait_network(client, "up")
        chunks, reply = stream(client, JSON_ASK, **GARBAGE)
        route = reply.route
        assert route["route"] == "local" and route["competence"]["task_type"] == "format_json"
        assert "format_json: 20 of 20 right in its profile" in route["explanation"]
        assert route["form"] == {"kind": "json", "items": ["name", "age", "city"]}
        assert reply.backend == "cloud" and reply.fallback == "local→cloud"
        assert (reply.fallback_reason or "").startswith(
            "the answer is not a JSON object with keys name, age, city"
        )
        markers = [c.body for c in chunks if c.event == "fallback"]
        assert markers and markers[0]["mode"] == "restart" and markers[0]["to"] == "cloud"
        assert visible_text(chunks) == reply.text
        assert len(cloud.chat_requests) == 1


def test_a_pinned_request_that_fails_its_form_never_leaves_the_device(
    tmp_path: Path, profiled_model: Path, cloud: FakeOpenAI
) -> None:
    d = start(tmp_path, profiled_model, cloud.base_url, fallback=LENIENT)
    with d, edged.Client(d.endpoint, timeout=60) as client:
        wait_network(client, "up")
        chunks, reply = stream(client, JSON_ASK + " Her email is ana.ruiz@example.org.", **GARBAGE)
        assert reply.route["pinned"] and reply.backend == "local" and reply.fallback is None
        why = reply.raw["degraded_reason"] or ""
        assert reply.degraded and "not a JSON object" in why and "privacy-pinned" in why
        assert "about 100 % of the time" in reply.route["explanation"]
        assert not [c for c in chunks if c.event == "fallback"]
        assert cloud.chat_requests == []
        # Nor anywhere else on the wire to the cloud (probes included): grep every byte it got.
        assert b"ana.ruiz" not in cloud.wire()


def test_without_a_profile_the_same_answer_is_not_checked(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    d = start(tmp_path, tiny_model, cloud.base_url, fallback=LENIENT)
    with d, edged.Client(d.endpoint, timeout=60) as client:
        wait_network(client, "up")
        _, reply = stream(client, JSON_ASK, **GARBAGE)
        assert reply.backend == "local" and reply.fallback is None and not reply.degraded
        assert "no usable capability profile (missing)" in reply.route["explanation"]
        assert cloud.chat_requests == []
