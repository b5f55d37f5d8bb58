"""Every value of the PII corpus, sent through a real daemon to a logging loopback cloud.

For each row of tests/privacy/corpus/pii.jsonl and written.jsonl, on every path that sends text to the cloud
(first try and retries behind injected 5xx faults, a local answer escalated to the cloud, and
session history carried into a later cloud turn), in both `[privacy] action` modes, the cloud's record of that row's requests is
grepped for the row's personal values:

* a value the scanner finds must never arrive, in either mode;
* with `pin`, a row with any finding sends nothing at all;
* what does arrive is exactly the values the scanner misses, and the test reports them: the
  guard's promise is only as wide as its recall, which `edged bench privacy` measures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import edged
from edged.privacy import scan
from edged.router.policy import cloud_text
from tests.support.daemon import DaemonThread, make_config
from tests.support.fake_openai import FakeOpenAI
from tests.test_fallback import cloud_section

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parent / "corpus"
FOLLOW_UP = "Now rewrite all of that as a formal, step by step plan with reasons for each step."


def rows() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for name in ("pii.jsonl", "written.jsonl"):
        path = CORPUS / name
        if path.exists():
            found += [
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
    return found


def values_of(row: dict[str, Any]) -> list[str]:
    return [row["text"][s["start"] : s["end"]] for s in row["spans"]]


def found_by_the_scanner(row: dict[str, Any], value: str) -> bool:
    """Whether the scanner's findings cover every occurrence of `value` in the row's text."""
    text = row["text"]
    findings = scan(cloud_text([{"role": "user", "content": text}]))
    covered = [False] * len(text)
    for f in findings:
        for i in range(f.start, min(f.end, len(text))):
            covered[i] = True
    starts = [m.start() for m in re.finditer(re.escape(value), text)]
    return bool(starts) and all(all(covered[s : s + len(value)]) for s in starts)


def arrived(wire: bytes, value: str) -> bool:
    """The value in the bytes the cloud got, as it is or as JSON escapes it, as a whole token."""
    for form in {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}:
        pattern = rb"(?<![A-Za-z0-9])" + re.escape(form.encode("utf-8")) + rb"(?![A-Za-z0-9])"
        if re.search(pattern, wire):
            return True
    return False


class Cloud:
    """The loopback cloud, with each request attributed to the corpus row that caused it."""

    def __init__(self, server: FakeOpenAI) -> None:
        self.server = server
        self.seen = 0

    def since_last(self) -> bytes:
        requests = self.server.chat_requests
        new, self.seen = requests[self.seen :], len(requests)
        return b"\n".join(r.wire.split(b"\n\n", 1)[-1] for r in new)  # the bodies


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(reply=lambda body: "ok " + body["messages"][-1]["content"][:40]) as fake:
        yield fake


def ask(client: edged.Client, text: str, **options: Any) -> edged.Reply | None:
    try:
        return client.complete(text, max_tokens=1, **options)
    except edged.ContextOverflow:
        return None  # a row longer than the tiny model's window, kept local: an error, not a leak


def run_corpus(tmp_path: Path, model: Path, server: FakeOpenAI, action: str) -> dict[str, Any]:
    config = make_config(
        tmp_path,
        model,
        cloud=cloud_section(server.base_url, max_retries=2),
        privacy={"action": action},
        budget={"daily_usd": 1e6, "monthly_usd": 1e6},  # thousands of cloud calls: never the limit
        # Every local answer is under this confidence floor, so each one the cloud may take is
        # escalated: the local→cloud fallback, for every row the router keeps local.
        fallback={"min_mean_logprob": 0.0},
    )
    cloud = Cloud(server)
    # Some first tries fail with a 5xx: their retries carry the same text and are grepped too.
    server.random_faults(0.25, seed=7, kinds=("status",))
    leaked: list[tuple[str, str]] = []
    missed: set[tuple[str, str]] = set()
    pinned_but_sent: list[str] = []
    cloud_rows = 0
    fallbacks = 0
    with DaemonThread(config) as d, edged.Client(d.endpoint, timeout=60) as client:
        for row in rows():
            values = values_of(row)
            unseen = {v for v in values if not found_by_the_scanner(row, v)}
            missed |= {(row["id"], v) for v in unseen}
            # First try (and retries): the row itself, sent to the cloud.
            reply = ask(client, row["text"], route="cloud")
            first = cloud.since_last()
            cloud_rows += bool(first)
            if action == "pin" and (reply is None or reply.route["privacy"]) and first:
                pinned_but_sent.append(row["id"])
            # Fallback: the row routed by the daemon; a local answer runs again on the cloud.
            reply = ask(client, row["text"])
            escalated = cloud.since_last()
            fallbacks += reply is not None and reply.fallback == "local→cloud"
            # Session history: the row as an earlier local turn, then a clean turn for the cloud.
            session = f"s-{row['id']}"[:128]
            ask(client, row["text"], route="local", session_id=session)
            earlier = cloud.since_last()
            ask(client, FOLLOW_UP, route="cloud", session_id=session)
            later = cloud.since_last()
            for value in values:
                for wire in (first, escalated, earlier, later):
                    if arrived(wire, value):
                        leaked.append((row["id"], value))
    return {
        "leaked": leaked,
        "missed": missed,
        "pinned_but_sent": pinned_but_sent,
        "cloud_rows": cloud_rows,
        "fallbacks": fallbacks,
    }


@pytest.mark.parametrize("action", ["pin", "redact"])
def test_no_value_the_scanner_finds_reaches_the_cloud(
    tmp_path: Path, tiny_model: Path, server: FakeOpenAI, action: str
) -> None:
    outcome = run_corpus(tmp_path, tiny_model, server, action)
    assert not outcome["pinned_but_sent"], outcome["pinned_but_sent"][:10]
    found_and_leaked = [(rid, v) for rid, v in outcome["leaked"] if (rid, v) not in outcome["missed"]]
    assert not found_and_leaked, found_and_leaked[:10]
    # Retries happened, so their bodies were grepped as well, and the cloud took rows all along.
    assert any(r.fault == "status" for r in server.chat_requests)
    assert outcome["cloud_rows"] > (0.9 if action == "redact" else 0.0) * len(rows())
    if action == "redact":  # pinned rows never escalate; redacted ones the router kept local do
        assert outcome["fallbacks"] > 0
    total = sum(len(values_of(r)) for r in rows())
    print(
        f"[{action}] {len(set(outcome['leaked']))} of {total} corpus values reached the cloud, all missed by the "
        f"scanner; {outcome['fallbacks']} rows escalated from local to the cloud"
    )
