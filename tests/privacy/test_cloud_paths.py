"""Every path that sends text to the cloud, against a logging loopback cloud that keeps every byte.

First try, retry, local→cloud fallback, a cut stream carried on locally, session history and stop
strings, in both `[privacy] action` modes: the cloud's wire log is grepped for each personal
value, and the client must still get the values in its answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import edged
from tests.support.daemon import DaemonThread, make_config
from tests.support.fake_openai import FakeOpenAI
from tests.test_fallback import HARD, cloud_section, stream, visible_text

# One value of each of a few kinds, each found by the scanner in the prompts below.
VALUES = {
    "email": "priya.raman@wolfmail.net",
    "phone": "+44 20 7946 0958",
    "payment_card": "4539 1488 0343 6467",
    "password": "Tr0ub4dor&3xyz",
    "iban": "DE89 3704 0044 0532 0130 00",
}
PERSONAL = (
    f"My email is {VALUES['email']} and my phone is {VALUES['phone']}. "
    f"Charge card {VALUES['payment_card']}, and my password is {VALUES['password']}. "
    f"Refunds go to IBAN {VALUES['iban']}."
)
PLACEHOLDER = re.compile(rb"<[A-Z_]+_[0-9]+>")


def echo(body: dict[str, Any]) -> str:
    """The cloud repeats what it was asked, placeholders and all (as a model quoting them would)."""
    return "You said: " + body["messages"][-1]["content"]


@pytest.fixture
def cloud() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(reply=echo) as server:
        yield server


def start(tmp_path: Path, model: Path, cloud: FakeOpenAI, action: str, **cloud_extra: Any) -> DaemonThread:
    config = make_config(
        tmp_path,
        model,
        cloud=cloud_section(cloud.base_url, **cloud_extra),
        privacy={"action": action},
    )
    return DaemonThread(config)


def assert_nothing_leaked(cloud: FakeOpenAI, values: dict[str, str] | list[str] = VALUES) -> None:
    wire = cloud.wire()
    # JSON escapes some characters: look for the value as it is and as JSON writes it.
    for value in values.values() if isinstance(values, dict) else values:
        for form in {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}:
            assert form.encode("utf-8") not in wire, f"{value!r} reached the cloud"


# -- pin (the default): nothing with personal data goes at all ------------------------------------


def test_pin_first_try_and_fallback_stay_local(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    with start(tmp_path, tiny_model, cloud, "pin") as d, edged.Client(d.endpoint, timeout=30) as client:
        _, forced = stream(client, f"{HARD} {PERSONAL}", route="cloud", max_tokens=8)
        # A degenerate local answer (the tiny model loops) would escalate; pinned, it must not.
        _, degraded = stream(client, f"Hi. {PERSONAL}", max_tokens=8)
    assert forced.backend == degraded.backend == "local"
    assert forced.route["pinned"] and degraded.route["pinned"]
    assert degraded.fallback is None and degraded.degraded
    assert not cloud.chat_requests
    assert_nothing_leaked(cloud)


@pytest.mark.parametrize("where", ["system", "earlier turn", "stop"])
def test_pin_scans_every_field_the_cloud_would_get(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI, where: str
) -> None:
    value = VALUES["email"]
    messages = [{"role": "user", "content": HARD}]
    options: dict[str, Any] = {}
    if where == "system":
        messages.insert(0, {"role": "system", "content": f"The user is {value}."})
    elif where == "earlier turn":
        messages[:0] = [
            {"role": "user", "content": f"I am {value}"},
            {"role": "assistant", "content": "Noted."},
        ]
    else:
        options["stop"] = [value]
    with start(tmp_path, tiny_model, cloud, "pin") as d, edged.Client(d.endpoint, timeout=30) as client:
        _, reply = stream(client, messages, route="cloud", max_tokens=8, **options)
    assert reply.backend == "local" and reply.route["pinned"] and "email" in reply.route["privacy"]
    assert not cloud.chat_requests
    assert_nothing_leaked(cloud, [value])


def test_pin_session_history_keeps_later_turns_local(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    with start(tmp_path, tiny_model, cloud, "pin") as d, edged.Client(d.endpoint, timeout=30) as client:
        stream(client, PERSONAL, route="local", session_id="s", max_tokens=4)
        _, later = stream(client, HARD, route="cloud", session_id="s", max_tokens=4)
    assert later.backend == "local" and later.route["pinned"]
    assert not cloud.chat_requests
    assert_nothing_leaked(cloud)


# -- redact: the cloud works on placeholders, the client reads the values ---------------------------


def test_redact_first_try(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    prompt = f"{HARD} {PERSONAL}"
    with start(tmp_path, tiny_model, cloud, "redact") as d, edged.Client(d.endpoint, timeout=30) as client:
        chunks, reply = stream(client, prompt, max_tokens=400)
        assert client.status()["privacy"] == {"pinned_requests": 0, "redacted_requests": 1}
    assert reply.backend == "cloud" and not reply.route["pinned"] and reply.route["redact"]
    assert set(reply.route["privacy"]) >= {"email", "phone", "payment_card", "password", "iban"}
    assert "redacted for the cloud" in reply.route["explanation"]
    assert_nothing_leaked(cloud)
    sent = cloud.chat_requests[0].body["messages"][-1]["content"]
    assert len(PLACEHOLDER.findall(sent.encode())) == 5
    # The cloud answered in placeholders; the client reads the values, streamed and whole.
    assert reply.text == "You said: " + prompt
    assert visible_text(chunks) == reply.text
    assert not PLACEHOLDER.search(reply.text.encode())


def test_redact_retry_sends_the_same_redacted_request(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    cloud.fail_next("status", status=503)
    with start(tmp_path, tiny_model, cloud, "redact") as d, edged.Client(d.endpoint, timeout=30) as client:
        _, reply = stream(client, f"{HARD} {PERSONAL}", max_tokens=400)
    assert reply.backend == "cloud"
    attempts = cloud.chat_requests
    assert len(attempts) == 2 and attempts[0].fault == "status"
    assert attempts[0].body == attempts[1].body
    assert_nothing_leaked(cloud)


def test_redact_local_to_cloud_fallback(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    prompt = f"Hi. {PERSONAL}"
    with start(tmp_path, tiny_model, cloud, "redact") as d, edged.Client(d.endpoint, timeout=30) as client:
        chunks, reply = stream(client, prompt, max_tokens=400)
    # Routed local; the tiny model's answer is degenerate, so it escalates, redacted.
    assert reply.route["route"] == "local" and reply.fallback == "local→cloud"
    assert reply.text == "You said: " + prompt and visible_text(chunks) == reply.text
    assert_nothing_leaked(cloud)


def test_redact_session_history_and_stop_strings(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    with start(tmp_path, tiny_model, cloud, "redact") as d, edged.Client(d.endpoint, timeout=30) as client:
        stream(client, PERSONAL, route="local", session_id="s", max_tokens=4)
        _, later = stream(
            client,
            f"{HARD} Reply to {VALUES['email']} when done.",
            route="cloud",
            session_id="s",
            max_tokens=400,
            stop=[VALUES["password"], "END"],
        )
        turns = client.session("s")["turns"]
    assert later.backend == "cloud"
    body = cloud.chat_requests[-1].body
    assert body["messages"][0]["content"].count("<") == 5  # the earlier turn, redacted
    # The same value has the same placeholder in every turn and in the stop strings.
    email = re.search(r"<EMAIL_\d+>", body["messages"][0]["content"])
    assert email and email.group(0) in body["messages"][-1]["content"]
    assert body["stop"][1] == "END" and re.fullmatch(r"<PASSWORD_\d+>", body["stop"][0])
    assert_nothing_leaked(cloud)
    # The session keeps what the user wrote and what the client was shown.
    assert turns[0]["content"] == PERSONAL
    assert VALUES["email"] in turns[-1]["content"]


def test_redact_cut_stream_continues_locally_with_the_values(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI
) -> None:
    cloud.fail_next("cut", after=4)
    prompt = f"{HARD} {PERSONAL}"
    with start(tmp_path, tiny_model, cloud, "redact") as d, edged.Client(d.endpoint, timeout=30) as client:
        chunks, reply = stream(client, prompt, max_tokens=64)
    assert reply.fallback == "cloud→local"
    marker = next(c for c in chunks if c.event == "fallback")
    assert marker.body["mode"] == "continue"
    # "You said: <HARD's first words>": the partial cloud text, then the local continuation.
    assert reply.text.startswith("You said: " + " ".join(prompt.split(" ")[:2]))
    assert not PLACEHOLDER.search(reply.text.encode())
    assert_nothing_leaked(cloud)


def test_strict_still_pins_in_redact_mode(tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI) -> None:
    with start(tmp_path, tiny_model, cloud, "redact") as d, edged.Client(d.endpoint, timeout=30) as client:
        _, reply = stream(client, f"{HARD} {PERSONAL}", privacy="strict", max_tokens=8)
    assert reply.backend == "local" and reply.route["pinned"] and not reply.route["redact"]
    assert not cloud.chat_requests


@pytest.mark.parametrize("action", ["pin", "redact"])
def test_the_operators_own_terms_and_patterns_count_as_personal_data(
    tmp_path: Path, tiny_model: Path, cloud: FakeOpenAI, action: str
) -> None:
    config = make_config(
        tmp_path,
        tiny_model,
        cloud=cloud_section(cloud.base_url),
        privacy={"action": action, "terms": ["Project Falcon"], "patterns": [r"CUST-[0-9]{6}"]},
    )
    prompt = f"{HARD} It is for the PROJECT FALCON rollout; customer CUST-204981 asked."
    with DaemonThread(config) as d, edged.Client(d.endpoint, timeout=30) as client:
        _, reply = stream(client, prompt, route="cloud", max_tokens=400)
    assert reply.route["privacy"] == ["custom"]
    if action == "pin":
        assert reply.backend == "local" and reply.route["pinned"] and not cloud.chat_requests
    else:
        assert reply.backend == "cloud" and reply.text == "You said: " + prompt
        assert "<CUSTOM_1>" in cloud.chat_requests[0].body["messages"][-1]["content"]
    assert_nothing_leaked(cloud, ["PROJECT FALCON", "CUST-204981"])
