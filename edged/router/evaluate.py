"""Offline evaluation and calibration of the router on labelled prompts.

The engine behind `edged eval routing FILE --json` and `edged route calibrate FILE --cloud-share 0.3`.
Rows are JSON lines shaped like the public routing set::

    {"messages": [{"role": "user", "content": "..."}], "expected_route": "local"|"cloud",
     "pii": true, "source": "...", "category": "...", "id": "..."}

`pii`, `source`, `category` and `id` are optional. `evaluate` runs a decide function over the
rows and reports accuracy (overall, per source, per category), the confusion matrix, the cloud
share, personal-data leaks (rows marked `pii: true` routed to the cloud) and decision latency.
`calibrate` picks the base threshold that sends a given share of the rows to the cloud.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from edged.config import Config
from edged.exceptions import ConfigError
from edged.router.competence import Competence, load_competence
from edged.router.features import extract
from edged.router.inputs import (
    Decision,
    PrivacyRules,
    RouteRequest,
    conditions_at_rest,
    request_params,
    route_request,
)
from edged.router.learned import scorer_for
from edged.router.policy import decide

__all__ = [
    "DecideFn",
    "calibrate",
    "calibrate_file",
    "default_decide_fn",
    "evaluate",
    "evaluate_file",
    "load_rows",
    "request_for",
    "score_row",
]

DecideFn = Callable[[RouteRequest], Decision]
ROUTES = ("local", "cloud")


def load_rows(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read labelled rows from a JSON-lines file; a bad row is a ConfigError naming its line."""
    rows: list[dict[str, Any]] = []
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, errors mapped
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})") from exc
            problem = _row_problem(row)
            if problem:
                raise ConfigError(f"{where}: {problem}")
            rows.append(row)
    if not rows:
        raise ConfigError(f"{path}: no rows")
    return rows


def _row_problem(row: Any) -> str | None:
    if not isinstance(row, dict):
        return "a row must be a JSON object"
    messages = row.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty list"
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            return f"messages[{i}] must be an object with 'role' and 'content'"
        if not isinstance(message.get("role"), str) or not isinstance(message.get("content"), str):
            return f"messages[{i}] needs string 'role' and 'content'"
    if row.get("expected_route") not in ROUTES:
        return f"'expected_route' must be 'local' or 'cloud', not {row.get('expected_route')!r}"
    if "pii" in row and not isinstance(row["pii"], bool):
        return "'pii' must be true or false"
    for key in ("source", "category", "id"):
        if key in row and not isinstance(row[key], str | int):
            return f"'{key}' must be a string"
    return None


def request_for(row: Mapping[str, Any], config: Config | None = None) -> RouteRequest:
    """A row as the daemon would see it: its messages sent as a `route` body, parsed the daemon's way."""
    messages = [{"role": str(m["role"]), "content": str(m["content"])} for m in row["messages"]]
    return route_request(request_params({"messages": messages}, config or Config()))


def default_decide_fn(
    config: Config | None = None,
    *,
    count_tokens: Callable[[str], int] | None = None,
    competence: Competence | None = None,
) -> DecideFn:
    """The real `decide` on a device at rest: network up, budget available, cloud configured;
    with `competence`, as the daemon decides with that model's capability profile."""
    config = config or Config()
    conditions = conditions_at_rest(config)
    privacy = PrivacyRules.from_config(config)

    def run(request: RouteRequest) -> Decision:
        return decide(
            request,
            conditions,
            config.router,
            count_tokens=count_tokens,
            privacy=privacy,
            competence=competence,
        )

    return run


def evaluate(
    rows: Sequence[Mapping[str, Any]], decide_fn: DecideFn | None = None, config: Config | None = None
) -> dict[str, Any]:
    """Run `decide_fn` (default: `default_decide_fn(config)`) on every row and score the routes."""
    config = config or Config()
    fn = decide_fn or default_decide_fn(config)
    confusion = {expected: dict.fromkeys(ROUTES, 0) for expected in ROUTES}
    by_source: dict[str, list[int]] = {}
    by_category: dict[str, list[int]] = {}
    times_ms: list[float] = []
    correct = cloud = leaks = 0
    for row in rows:
        request = request_for(row, config)
        started = time.perf_counter()
        decision = fn(request)
        times_ms.append((time.perf_counter() - started) * 1000.0)
        route = decision.route
        expected = row["expected_route"]
        hit = int(route == expected)
        correct += hit
        cloud += route == "cloud"
        leaks += bool(row.get("pii")) and route == "cloud"
        confusion[expected][route] += 1
        for table, key in ((by_source, row.get("source")), (by_category, row.get("category"))):
            tally = table.setdefault(str(key) if key is not None else "unknown", [0, 0])
            tally[0] += hit
            tally[1] += 1
    count = len(rows)
    times_ms.sort()
    return {
        "accuracy": correct / count if count else 0.0,
        "per_source": {k: v[0] / v[1] for k, v in sorted(by_source.items())},
        "per_category": {k: v[0] / v[1] for k, v in sorted(by_category.items())},
        "confusion": confusion,
        "cloud_share": cloud / count if count else 0.0,
        "pii_leaks": leaks,
        "p50_ms": _percentile(times_ms, 0.50),
        "p99_ms": _percentile(times_ms, 0.99),
        "count": count,
    }


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def score_row(row: Mapping[str, Any], config: Config | None = None) -> float:
    """The difficulty score of one row's conversation as the router computes it under `config`
    (the learned scorer unless `[router] scorer = "rules"`): the default scorer for `calibrate`."""
    features = extract(row["messages"])
    model = scorer_for((config or Config()).router)
    return model.score(row["messages"], features) if model is not None else features.score


def calibrate(
    rows: Iterable[Mapping[str, Any]],
    scorer: Callable[[Mapping[str, Any]], float] | None,
    cloud_share: float,
) -> float:
    """The base threshold that sends `cloud_share` of `rows` to the cloud (a quantile of scores).

    The threshold sits halfway between the last score sent to the cloud and the first one
    kept local; tied scores stay together, so the share is the closest one the scores allow.
    Like any quantile it depends on the sample:
    calibrate on traffic that looks like the device's own.
    """
    if not 0.0 <= cloud_share <= 1.0:
        raise ConfigError(f"cloud_share must be within [0, 1], not {cloud_share}")
    score = scorer or score_row
    scores = sorted((score(row) for row in rows), reverse=True)
    if not scores:
        raise ConfigError("no rows to calibrate on")
    target = cloud_share * len(scores)
    # Cut only between distinct scores (tied rows go the same way), as close to the target as possible.
    cuts = [i for i in range(len(scores) + 1) if i in (0, len(scores)) or scores[i - 1] > scores[i]]
    k = min(cuts, key=lambda i: (abs(i - target), i))
    if k == 0:
        return min(1.0, math.nextafter(scores[0], math.inf))
    if k == len(scores):
        return max(0.0, scores[-1])
    return min(1.0, max(0.0, (scores[k - 1] + scores[k]) / 2.0))


def evaluate_file(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    count_tokens: Callable[[str], int] | None = None,
    profile: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """`evaluate` on a JSON-lines file, decided under `config` on a device at rest; with
    `profile` (a model folder, or a profile.json), routing with that model's competence."""
    config = config or Config()
    competence = load_profile_for_eval(Path(profile)) if profile is not None else None
    report = evaluate(
        load_rows(path), default_decide_fn(config, count_tokens=count_tokens, competence=competence), config
    )
    if competence is not None:
        report["competence"] = {
            "profile": competence.state,
            "model": competence.model,
            "detail": competence.detail,
        }
    return report


def load_profile_for_eval(path: Path) -> Competence:
    """A model folder's profile (checked against its build and the suite), or a profile.json as
    it is: a ConfigError when neither can be read."""
    from edged.tasks import suite_digest

    if path.is_dir():
        return load_competence(path, suite_digest())
    try:
        return Competence.from_profile(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a model folder or a readable profile.json: {exc}") from exc


def calibrate_file(path: str | os.PathLike[str], cloud_share: float, config: Config | None = None) -> float:
    """`calibrate` on a JSON-lines file, scored as the router scores under `config`."""
    config = config or Config()
    return calibrate(load_rows(path), lambda row: score_row(row, config), cloud_share)
