"""500 mixed requests under random cloud faults: nothing lost, nothing leaked, every cent booked."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import edged
from edged.store.ledger import Ledger
from tests.support.daemon import DaemonThread, make_config
from tests.support.fake_openai import FakeOpenAI
from tests.test_fallback import cloud_section

N = 500
SECRETS = [
    "my email is pat.smith@example.net",
    "call me on +1 415 555 0132",
    "my SSN is 536-22-8817",
    "card 4111 1111 1111 1111 exp 12/29",
    "the key is AKIAIOSFODNN7EXAMPLE",
    "password: hunter2-correct-horse",
]
HARD = [
    "Write a Python class implementing an LRU cache with O(1) operations, with tests.",
    "Prove that the square root of 2 is irrational, step by step.",
    "A train leaves at 3pm at 60 km/h and another at 4pm at 80 km/h; when does the second catch up? Show your work.",
    "Write a detailed 1500-word essay on the economic history of the Hanseatic League.",
]
EASY = [
    "Hi!",
    "Classify the sentiment: I love this phone.",
    "Rewrite politely: give me the report.",
    "What is 2+2?",
]


def make_request(rng: random.Random, i: int) -> tuple[dict[str, Any], str | None]:
    kind = rng.random()
    secret = None
    if kind < 0.2:
        secret = rng.choice(SECRETS)
        text = f"{rng.choice(HARD + EASY)} ({secret})"
    elif kind < 0.6:
        text = rng.choice(HARD)
    else:
        text = rng.choice(EASY)
    options: dict[str, Any] = {"max_tokens": rng.choice([8, 16, 24]), "stream": rng.random() < 0.8}
    if rng.random() < 0.25:
        options["route"] = rng.choice(["local", "cloud"])
    if rng.random() < 0.2:
        options["session_id"] = f"soak-{rng.randrange(20)}"
    return {"prompt": text, **options}, secret


def test_soak(tmp_path: Path, tiny_model: Path) -> None:
    rng = random.Random(20261129)
    requests = [make_request(rng, i) for i in range(N)]
    with FakeOpenAI() as server:
        server.random_faults(0.3, seed=7)
        config = make_config(
            tmp_path,
            tiny_model,
            server={"queue_size": 64},
            cloud=cloud_section(server.base_url, first_token_timeout_s=1.0, total_timeout_s=5.0),
            budget={"daily_usd": 1000.0, "monthly_usd": 1000.0},
        )
        with DaemonThread(config) as d:

            async def main() -> list[tuple[str, Any]]:
                async with edged.AsyncClient(d.endpoint, timeout=60) as client:
                    gate = asyncio.Semaphore(16)

                    async def one(body: dict[str, Any]) -> tuple[str, Any]:
                        async with gate:
                            body = dict(body)
                            prompt = body.pop("prompt")
                            try:
                                stream = await client.generate(prompt, **body)
                                chunks = [c async for c in stream]
                                assert stream.reply is not None
                                return "reply", (stream.reply, chunks)
                            except edged.EdgedError as exc:
                                return "error", exc

                    return await asyncio.gather(*(one(body) for body, _ in requests))

            results = asyncio.run(main())
            with edged.Client(d.endpoint) as client:
                status = client.status()

        recorded = "\n".join(json.dumps(r.body) for r in server.chat_requests)

    # Exactly one final answer per request, none lost: errors would be listed here.
    errors = [(i, r) for i, (kind, r) in enumerate(results) if kind == "error"]
    assert len(results) == N and not errors, errors[:5]
    assert status["requests"]["generate"] == N
    # No duplicates on the wire: the daemon saw each request once and finished each once.
    assert status["in_flight"] == 0
    # Privacy: nothing pinned reached the cloud, whatever the faults and fallbacks.
    for (_, secret), (_, (reply, _)) in zip(requests, results, strict=True):
        if secret is not None:
            assert reply.backend == "local" and reply.route["pinned"], reply.raw
            assert secret not in recorded
    assert all(secret not in recorded for secret in SECRETS)
    # Both ways happened under the faults.
    backends = {r[1][0].backend for r in results}
    fallbacks = {r[1][0].fallback for r in results}
    assert backends == {"local", "cloud"} and {"cloud→local", "local→cloud"} <= fallbacks
    # Streams a client can follow: the text after the last restart marker is the reply.
    for _, (reply, chunks) in results:
        text = ""
        for chunk in chunks:
            if chunk.event == "fallback" and chunk.body.get("mode") == "restart":
                text = ""
            text += chunk.text
        assert not chunks or text == reply.text
    # Every priced cloud call is in the ledger, and nothing else is.
    charged = sum(reply.usage["cost_usd"] for _, (reply, _) in results)
    with Ledger(tmp_path / "state" / "ledger.sqlite3") as ledger:
        assert abs(ledger.total() - charged) < 1e-6 * N, (ledger.total(), charged)
        assert ledger.total() > 0
