"""Run one generate request end to end: session, privacy, decision, backends, fallback, ledger.

The decision itself is `edged.router.policy.decide`, a pure function; this module carries it
out and falls back when a backend fails:

* local → cloud: an engine failure (allocation, ORT error), a full local queue, or a
  degenerate answer (empty, looping, or below the confidence floor) runs again on
  the cloud with the whole context — only if the request may go there (not privacy-pinned,
  network usable, budget left). With a capability profile, so does an answer that misses the
  checkable form its request names (JSON with its keys, a yes or no, one label of a listed set,
  a number, a list: `edged.router.forms`) or whose quality signals fall beyond the cuts the
  profile calibrated (`SignalCuts`). Otherwise such a local answer returns flagged `degraded`.
  A local run past the request's time limit is not retried anywhere: it ends in `timeout`.
* cloud → local: a connection error, timeout, 5xx or 429 after retries, an open breaker, or a
  stream cut mid-way is answered by the local model. So is a cloud that sends no first token
  within `[fallback] max_first_token_wait_s` of the request's start: the wait for it is bounded
  however the cloud misbehaves. For a cut stream the client first gets a
  `fallback` marker chunk, then the local continuation (or a clean restart, per config).

Whatever goes to the cloud, first try, retry or fallback, is the one cloud view of the request:
with `[privacy] action = "redact"` its personal data is replaced by placeholders there (every
turn and every stop string), and the values are put back into the streamed answer before the
client sees it. The local model and the session always get the original text.

Every request ends in exactly one reply body or one raised EdgedError.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from edged.backends.base import (
    BackendRequest,
    BackendResult,
    BackendStream,
    BaseBackend,
    LocalModel,
    NetworkStatus,
    NetworkWatch,
    QueueStatus,
)
from edged.config import Config
from edged.exceptions import (
    Busy,
    Cancelled,
    CloudBackendError,
    CloudRequired,
    ContextOverflow,
    EdgedError,
    LocalBackendError,
    RequestTimeout,
    ShuttingDown,
    StateUnavailable,
    StreamCut,
    UnknownSession,
)
from edged.privacy import Redaction, RedactionFailed
from edged.protocol import GenerateParams
from edged.router.competence import Competence, load_competence
from edged.router.inputs import Decision, PrivacyRules, RouteConditions, route_request
from edged.router.policy import decide
from edged.store.ledger import BudgetStatus
from edged.store.sessions import trim_to_context
from edged.telemetry.headroom import Headroom

if TYPE_CHECKING:
    from edged.store import Ledger, SessionStore
    from edged.telemetry.monitor import Monitor

__all__ = ["Dispatcher", "Emit", "RequestHandle"]

logger = logging.getLogger(__name__)

Emit = Callable[[dict[str, Any]], Awaitable[None]]

BUDGET_CACHE_S = 1.0


class RequestHandle:
    """Lets the daemon end a running request gracefully (client cancel, shutdown deadline).

    Cancelling the stream, rather than the task, lets each backend stop at a clean point: the
    local engine between tokens, the cloud client by closing its response (cancelling httpx in
    the middle of a read can leak a pooled connection, encode/httpcore#1115).
    """

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        self.stream: BackendStream | None = None
        self.ended: str | None = None  # "cancelled" or "shutting_down"

    def end(self, reason: str) -> None:
        if self.ended is None:
            self.ended = reason
        if self.stream is not None:
            self.stream.cancel()

    def check(self) -> None:
        if self.ended == "shutting_down":
            raise ShuttingDown("the daemon shut down before the request finished", request_id=self.request_id)
        if self.ended is not None:
            raise Cancelled("cancelled by the client", request_id=self.request_id)


@dataclass
class _Outcome:
    result: BackendResult
    fallback: str | None = None
    fallback_reason: str | None = None
    degraded_reason: str | None = None


@dataclass
class _Run:
    """One request on its way through the backends: what travels with it from try to try."""

    decision: Decision
    request: BackendRequest
    emit: _Counted
    handle: RequestHandle
    charges: list[BackendResult] = field(default_factory=list)  # every cloud call that used tokens
    cloud_request: BackendRequest | None = None  # what the cloud gets, built on first use
    redaction: Redaction | None = None  # how the cloud request was redacted, if it was


class _NotForTheCloud(Exception):
    """The cloud view of a request cannot be made safe: it stays on the device."""


class Dispatcher:
    """Carries out routing decisions. Owned by the daemon; used from its event loop only."""

    def __init__(
        self,
        config: Config,
        *,
        local: LocalModel,
        cloud: BaseBackend | None = None,
        network: NetworkWatch | None = None,
        ledger: Ledger | None = None,
        sessions: SessionStore | None = None,
        monitor: Monitor | None = None,
    ) -> None:
        self.config = config
        self.local = local
        self.cloud = cloud
        self.network = network
        self.ledger = ledger
        self.sessions = sessions
        self.monitor = monitor
        self.routes: Counter[str] = Counter()
        self.pinned_requests = 0
        self.redacted_requests = 0  # requests that went to the cloud with placeholders
        self._budget_cache: tuple[float, tuple[float, float], BudgetStatus] | None = None
        # Cloud calls made but not yet in the ledger (its file failed): (request id, when, call).
        # They count against the budget now and are written when the ledger works again.
        self.unrecorded: list[tuple[str, datetime, BackendResult]] = []
        self._prices: tuple[Config | None, tuple[float, float]] = (None, (0.0, 0.0))
        self._privacy: tuple[Config | None, PrivacyRules] = (None, PrivacyRules())
        self._competence: tuple[Config | None, Competence] = (None, Competence.unavailable("missing", ""))

    # -- state the policy reads ------------------------------------------------------------------

    def headroom(self) -> Headroom:
        return self.monitor.latest if self.monitor is not None else Headroom.at_rest()

    def network_status(self) -> NetworkStatus:
        if self.cloud is None:
            return NetworkStatus(state="down", detail="no cloud endpoint configured")
        status = self.network.status if self.network is not None else NetworkStatus(state="unknown")
        # Reachable is not usable: an endpoint that hung keeps answering the probe, and only its
        # breaker knows to hold calls back until the half-open check.
        blocked = self.cloud.blocked()
        if blocked and status.state != "down":
            detail = "; ".join(d for d in (status.detail, blocked) if d)
            status = replace(status, state="degraded", detail=detail, blocked=blocked)
        return status

    def budget_status(self) -> BudgetStatus:
        caps = self.config.budget
        if self.ledger is None:
            return BudgetStatus(0.0, caps.daily_usd, 0.0, caps.monthly_usd)
        # Every decision reads the budget; summing the ledger each time is wasted work. Our own
        # charges drop the cached value at once; another process's show up within a second.
        now = time.monotonic()
        cached = self._budget_cache
        if (
            cached is not None
            and now - cached[0] < BUDGET_CACHE_S
            and cached[1] == (caps.daily_usd, caps.monthly_usd)
        ):
            status = cached[2]
        else:
            try:
                status = self.ledger.status(caps.daily_usd, caps.monthly_usd)
            except StateUnavailable:
                # Unreadable: the last sum we had, or none; either way no cloud (below).
                status = (
                    cached[2]
                    if cached is not None
                    else BudgetStatus(0.0, caps.daily_usd, 0.0, caps.monthly_usd)
                )
            else:
                self._budget_cache = (now, (caps.daily_usd, caps.monthly_usd), status)
        if self.unrecorded:
            owed = sum(res.cost_usd for _, _, res in self.unrecorded)
            status = replace(
                status,
                daily_spent_usd=status.daily_spent_usd + owed,
                monthly_spent_usd=status.monthly_spent_usd + owed,
            )
        if self.ledger.fault is not None:
            status = replace(status, unrecordable=f"the spend ledger fails: {self.ledger.fault}")
        return status

    def queue_status(self) -> QueueStatus:
        return self.local.queue_status()

    def conditions(self) -> RouteConditions:
        config = self.config
        if self._prices[0] is not config:  # the endpoints list is rebuilt on each access
            endpoints = config.cloud_endpoints
            first = endpoints[0] if endpoints else None
            self._prices = (
                config,
                (first.price_input_per_1k, first.price_output_per_1k) if first else (0.0, 0.0),
            )
        price_in, price_out = self._prices[1]
        return RouteConditions(
            headroom=self.headroom(),
            network=self.network_status(),
            budget=self.budget_status(),
            queue=self.queue_status(),
            cloud_configured=self.cloud is not None,
            price_input_per_1k=price_in,
            price_output_per_1k=price_out,
        )

    def privacy(self) -> PrivacyRules:
        """The configuration's privacy rules, compiled once per configuration (a reload swaps it)."""
        if self._privacy[0] is not self.config:
            self._privacy = (self.config, PrivacyRules.from_config(self.config))
        return self._privacy[1]

    def competence(self) -> Competence:
        """The model folder's profile, read once per configuration (a reload reads it again)."""
        if self._competence[0] is not self.config:
            from edged.tasks import suite_digest

            self._competence = (self.config, load_competence(self.config.model_path, suite_digest()))
        return self._competence[1]

    def count_tokens(self) -> Callable[[str], int] | None:
        return self.local.count_tokens if self.local.tokenizer_ready else None

    # -- decisions -------------------------------------------------------------------------------

    async def conversation(self, params: GenerateParams) -> tuple[list[dict[str, str]], bool]:
        """The whole conversation (session history + new turns) and whether the session is pinned."""
        if not params.session_id or self.sessions is None:
            return list(params.messages), False
        if self.sessions.fault is not None:
            # Refused before anything runs: an answer the session could not keep would leave the
            # client's idea of the conversation and the daemon's apart.
            raise StateUnavailable(
                f"sessions are unavailable ({self.sessions.fault}); requests without a session_id are served"
            )
        session = await asyncio.to_thread(self.sessions.get, params.session_id)
        if session is None:
            if not params.create_session:
                raise UnknownSession(f"no session {params.session_id!r} (it may have expired)")
            return list(params.messages), False
        history = await asyncio.to_thread(self.sessions.messages, params.session_id)
        return [*history, *params.messages], session.pinned or session.strict

    def decide(
        self, params: GenerateParams, messages: list[dict[str, str]], session_pinned: bool
    ) -> Decision:
        request = route_request(params, messages, session_pinned=session_pinned)
        return decide(
            request,
            self.conditions(),
            self.config.router,
            count_tokens=self.count_tokens(),
            privacy=self.privacy(),
            competence=self.competence(),
        )

    # -- the request -----------------------------------------------------------------------------

    async def run(
        self, request_id: str, params: GenerateParams, emit: Emit, handle: RequestHandle | None = None
    ) -> dict[str, Any]:
        started = time.monotonic()
        handle = handle or RequestHandle(request_id)
        limit = self.config.server.request_timeout_s
        if params.timeout_s:
            limit = min(limit, params.timeout_s)
        deadline = started + limit
        messages, session_pinned = await self.conversation(params)
        decision = self.decide(params, messages, session_pinned)
        if self.config.logging.log_prompts:
            # Off by default: logs never hold prompt text unless an operator asks for it.
            logger.debug("request %s prompt: %r", request_id, params.messages[-1]["content"])
        if decision.pinned:
            self.pinned_requests += 1
            if params.session_id and self.sessions is not None:
                # Pinned for the rest of the session, before anything runs.
                await asyncio.to_thread(self.sessions.ensure, params.session_id)
                await asyncio.to_thread(self.sessions.pin, params.session_id)
            if params.session_id and self.sessions is not None and params.privacy == "strict":
                await asyncio.to_thread(self.sessions.set_strict, params.session_id)
        if decision.offline and self.config.router.offline == "strict":
            why = "the cloud is not answering" if self.network_status().blocked else "the network is down"
            raise CloudRequired(
                f"this request needs the cloud and {why} (router.offline = strict)",
                request_id=request_id,
            )
        wait = self.config.fallback.max_first_token_wait_s
        request = BackendRequest(
            messages=tuple(messages),
            sampling=params.sampling,
            request_id=request_id,
            deadline=deadline,
            # Counted from the request's start: the local answer must not wait on the cloud longer.
            first_token_deadline=started + wait if wait > 0 else None,
        )
        run = _Run(decision, request, _Counted(emit if params.stream else _discard), handle)
        # Backends honour the deadline themselves and stop cleanly; this outer bound only
        # catches one that does not.
        try:
            outcome = await asyncio.wait_for(
                self._execute(run), timeout=max(0.0, deadline - time.monotonic()) + 5.0
            )
        except asyncio.TimeoutError:
            raise RequestTimeout(f"the request took longer than {limit:g} s", request_id=request_id) from None
        finally:
            # Spent is spent: a request that fails after a cloud call is still charged. On a worker
            # thread: the ledger syncs each write to disk (edged.store._sqlite), some milliseconds
            # the event loop must not stand still for. Awaited, so the spend is written before
            # the final reply goes out.
            if run.charges:
                await asyncio.to_thread(self._account, request_id, run.charges)
                self._budget_cache = None  # a decision made during the write may have cached the old total
        charges = run.charges
        result = outcome.result
        if params.session_id and self.sessions is not None:
            turns = [dict(m, backend=None) for m in params.messages]
            turns.append({"role": "assistant", "content": result.text, "backend": result.backend})
            await asyncio.to_thread(self._append_turns, params.session_id, turns, request_id)
        self.routes[result.backend] += 1
        if outcome.fallback:
            self.routes["fallback " + outcome.fallback] += 1
        if decision.offline:
            self.routes["offline"] += 1
        return {
            "text": result.text,
            "finish_reason": result.finish_reason,
            "backend": result.backend,
            "endpoint": result.endpoint,
            "route": decision.to_dict(),
            "fallback": outcome.fallback,
            "fallback_reason": outcome.fallback_reason,
            "degraded": outcome.degraded_reason is not None,
            "degraded_reason": outcome.degraded_reason,
            "offline": decision.offline,
            # cost_usd: everything this request cost in the cloud, cut streams included.
            "usage": {**result.usage(), "cost_usd": round(sum(c.cost_usd for c in charges), 8)},
            "timings": {**result.timings(), "total_ms": round((time.monotonic() - started) * 1000, 2)},
            "quality": result.quality,
            "session_id": params.session_id,
        }

    def _append_turns(self, session_id: str, turns: list[dict[str, Any]], request_id: str) -> None:
        from edged.store.sessions import Turn

        assert self.sessions is not None
        try:
            self.sessions.ensure(session_id)
            self.sessions.append(
                session_id,
                [
                    Turn(role=t["role"], content=t["content"], backend=t["backend"], request_id=request_id)
                    for t in turns
                ],
            )
        except StateUnavailable as exc:
            raise StateUnavailable(
                f"the answer was not saved to session {session_id!r}: {exc.message}", request_id=request_id
            ) from exc

    def _account(self, request_id: str, charges: list[BackendResult]) -> None:
        """Write the request's cloud calls to the ledger, before its final reply goes out.

        A ledger that fails does not fail the request: the call was made and paid for, and a
        client told otherwise would retry and pay again. The charge is kept in memory instead,
        counted against the budget, and written by `flush_unrecorded()` once the file works.
        """
        if self.ledger is None or not charges:
            return
        self._budget_cache = None
        now = datetime.now(timezone.utc)
        for res in charges:
            if res.prompt_tokens or res.completion_tokens or res.cost_usd:
                if self.ledger.fault is None:
                    try:
                        self._record(request_id, now, res)
                        continue
                    except StateUnavailable:
                        pass  # the store logged the cause, once
                self.unrecorded.append((request_id, now, res))
                logger.warning(
                    "request %s: cloud spend $%.6f kept in memory until the ledger can be written",
                    request_id,
                    res.cost_usd,
                )

    def _record(self, request_id: str, at: datetime, res: BackendResult) -> None:
        assert self.ledger is not None
        self.ledger.record(
            endpoint=res.endpoint,
            request_id=request_id,
            prompt_tokens=res.prompt_tokens,
            completion_tokens=res.completion_tokens,
            cost_usd=res.cost_usd,
            at=at,
        )

    def flush_unrecorded(self) -> int:
        """Write the charges kept in memory to the ledger, oldest first; how many were written.

        Blocking (SQLite): call it from a worker thread. Stops at the first failure and keeps
        the rest for the next try.
        """
        written = 0
        while self.unrecorded and self.ledger is not None:
            request_id, at, res = self.unrecorded[0]
            try:
                self._record(request_id, at, res)
            except StateUnavailable:
                break
            self.unrecorded.pop(0)
            written += 1
        if written:
            self._budget_cache = None
            logger.info("wrote %d cloud charge(s) kept in memory to the ledger", written)
        return written

    # -- execution with fallback -----------------------------------------------------------------

    def _cloud_possible(self, decision: Decision) -> str | None:
        """Why the cloud may not take this request now, or None if it may."""
        if self.cloud is None:
            return "no cloud endpoint configured"
        if decision.pinned or not decision.cloud_allowed:
            return "privacy-pinned" if decision.pinned else "the cloud is not allowed for this request"
        if not self.config.fallback.local_to_cloud:
            return "fallback.local_to_cloud is off"
        network = self.network_status()
        if network.state == "down":
            return "network down"
        if network.blocked:
            return f"cloud not taking calls: {network.blocked}"
        budget = self.budget_status()
        if budget.unrecordable is not None:
            return f"cloud off: spend cannot be recorded ({budget.unrecordable})"
        if budget.exhausted:
            return "cloud budget spent"
        return None

    async def _execute(self, run: _Run) -> _Outcome:
        if run.decision.route == "cloud" and self.cloud is not None:
            return await self._cloud_first(run, self.cloud)
        return await self._local_first(run)

    async def _cloud_first(self, run: _Run, cloud: BaseBackend) -> _Outcome:
        request, emit = run.request, run.emit
        try:
            cloud_request = self._cloud_view(run)
        except _NotForTheCloud as exc:
            logger.warning("request %s: %s; answering locally", request.request_id, exc)
            result = await self._stream(self.local, self._local_view(request), run, "local")
            return _Outcome(result, "cloud→local", str(exc))
        try:
            result = await self._stream(cloud, cloud_request, run, "cloud")
            run.charges.append(result)
            return _Outcome(result)
        except StreamCut as cut:
            _charge_cut(run.charges, cut)
            if not self.config.fallback.cloud_to_local:
                raise
            run.handle.check()
            partial = cut.partial_text
            mode = self.config.fallback.stream_cut
            reason = f"cloud stream cut mid-way: {cut.message}"
            local_request: BackendRequest | None = None
            if mode == "continue" and partial:
                try:
                    local_request = self._local_view(replace(request, continue_from=partial))
                except ContextOverflow:
                    # The partial answer leaves the local model no room: it answers afresh.
                    mode = "restart"
            if local_request is None:
                local_request = self._local_view(request)
            await emit.marker(
                {"event": "fallback", "from": "cloud", "to": "local", "mode": mode, "reason": reason}
            )
            result = await self._stream(self.local, local_request, run, "local")
            if mode == "continue":
                result.text = partial + result.text
            return _Outcome(result, "cloud→local", reason)
        except CloudBackendError as exc:
            run.handle.check()
            if not self.config.fallback.cloud_to_local:
                raise
            reason = f"cloud failed: {exc.message}"
            first_by = cloud_request.first_token_deadline
            if first_by is not None and time.monotonic() >= first_by:
                wait = self.config.fallback.max_first_token_wait_s
                reason = f"no first token from the cloud within {wait:g} s (fallback.max_first_token_wait_s): {exc.message}"
            logger.warning("request %s: %s; answering locally", request.request_id, reason)
            result = await self._stream(self.local, self._local_view(request), run, "local")
            return _Outcome(result, "cloud→local", reason)

    async def _local_first(self, run: _Run) -> _Outcome:
        request, emit = run.request, run.emit
        result: BackendResult | None = None
        failure: EdgedError | None = None
        try:
            result = await self._stream(self.local, self._local_view(request), run, "local")
            problem = self._degenerate(result) or self._below_profile(run.decision, result)
        except RequestTimeout:
            # The local engine's only deadline is the request's own: nothing is left for a
            # fallback, which would only fail for want of time and report the cloud's error.
            run.handle.check()
            raise
        except (LocalBackendError, Busy) as exc:
            run.handle.check()
            failure, problem = exc, f"local {exc.code}: {exc.message}"
        if problem is None and result is not None:
            return _Outcome(result)
        blocked = self._cloud_possible(run.decision)
        cloud_request = None
        if blocked is None:
            try:
                cloud_request = self._cloud_view(run)
            except _NotForTheCloud as exc:
                blocked = str(exc)
        if blocked is None and self.cloud is not None and cloud_request is not None:
            logger.warning("request %s: %s; escalating to the cloud", request.request_id, problem)
            if emit.count:
                await emit.marker(
                    {
                        "event": "fallback",
                        "from": "local",
                        "to": "cloud",
                        "mode": "restart",
                        "reason": problem,
                    }
                )
            before = emit.count
            wait = self.config.fallback.max_first_token_wait_s
            if wait > 0:
                # The local try used its share of the request's time: the cloud gets its own wait.
                cloud_request = replace(cloud_request, first_token_deadline=time.monotonic() + wait)
            try:
                cloud_result = await self._stream(self.cloud, cloud_request, run, "cloud")
                run.charges.append(cloud_result)
                return _Outcome(cloud_result, "local→cloud", problem)
            except CloudBackendError as exc:
                if isinstance(exc, StreamCut):
                    _charge_cut(run.charges, exc)
                logger.warning("request %s: the cloud failed too: %s", request.request_id, exc.message)
                if result is None:
                    raise
                blocked = f"the cloud failed too: {exc.message}"
                if emit.count > before:
                    # Part of a cloud answer went out: take it back and resend the local one.
                    await emit.marker(
                        {
                            "event": "fallback",
                            "from": "cloud",
                            "to": "local",
                            "mode": "restart",
                            "reason": blocked,
                        }
                    )
                    await emit({"text": result.text, "backend": "local"})
                elif before:
                    # The client was told to discard the local text; it is the answer after all.
                    await emit({"text": result.text, "backend": "local"})
        if result is None:
            assert failure is not None
            raise failure
        return _Outcome(result, degraded_reason=f"{problem} ({blocked})")

    def _degenerate(self, result: BackendResult) -> str | None:
        if result.finish_reason == "cancelled":
            return None
        if not result.text.strip():
            return "degenerate local answer: empty text"
        ratio = result.quality.get("repetition_ratio")
        if isinstance(ratio, float) and ratio > self.config.fallback.max_repetition_ratio:
            return f"degenerate local answer: repetition {ratio:.2f} > {self.config.fallback.max_repetition_ratio}"
        logprob = result.quality.get("mean_logprob")
        if isinstance(logprob, float) and logprob < self.config.fallback.min_mean_logprob:
            return f"low confidence: mean log-probability {logprob:.2f} < {self.config.fallback.min_mean_logprob}"
        return None

    def _below_profile(self, decision: Decision, result: BackendResult) -> str | None:
        """Why a local answer is probably wrong, judged with the model's profile; None if not.

        Only with a usable profile: without one the router behaves as it did before profiles.
        """
        competence = self.competence()
        if not competence.usable or result.finish_reason == "cancelled":
            return None
        if decision.form is not None and (miss := decision.form.problem(result.text)):
            return miss
        return competence.cuts.problem(result.quality)

    def _local_view(self, request: BackendRequest) -> BackendRequest:
        """The request as the local model can take it: history trimmed to its context window.

        A `continue_from` text (a cut cloud answer the local model carries on) is part of the
        prompt, so it takes its share of the window too.
        """
        count = self.count_tokens()
        local = self.local
        context = local.context_length
        if count is None or not context:
            return request
        carried = request.continue_from
        budget = max(context - request.sampling.max_tokens, 1)
        room = budget - count(carried) if carried else budget
        trimmed = trim_to_context(list(request.messages), count, max(room, 1))
        # The estimate above counts a fixed overhead per turn; the chat template's real cost can
        # differ, so check the exact prompt and drop the oldest turns until it fits.
        exact = len(local.prompt_ids(trimmed, carried))
        while exact > budget and _drop_oldest_turn(trimmed):
            exact = len(local.prompt_ids(trimmed, carried))
        # Turns are never cut short, so the system prompt plus the latest user turn may still be
        # too long on their own: that one is the client's to shorten.
        if exact > context - 1:
            what = "with the answer it continues " if carried else ""
            raise ContextOverflow(
                f"the conversation's latest turn {what}is {exact} tokens; the local context window is {context}",
                request_id=request.request_id,
            )
        return replace(request, messages=tuple(trimmed))

    def _cloud_view(self, run: _Run) -> BackendRequest:
        """The request as the cloud gets it: redacted when the decision says so. Built once."""
        if run.cloud_request is not None:
            return run.cloud_request
        request = run.request
        if run.decision.redact:
            count = len(request.messages)
            texts = [m["content"] for m in request.messages] + list(request.sampling.stop)
            try:
                redaction = Redaction.of(texts, self.privacy().guard.scan)
            except RedactionFailed as exc:
                raise _NotForTheCloud(f"not sent to the cloud: {exc}") from exc
            run.redaction = redaction
            self.redacted_requests += 1
            request = replace(
                request,
                messages=tuple(
                    dict(m, content=text) for m, text in zip(request.messages, redaction.texts, strict=False)
                ),
                sampling=replace(request.sampling, stop=tuple(redaction.texts[count:])),
            )
        run.cloud_request = request
        return request

    async def _stream(
        self, backend: BaseBackend | LocalModel, request: BackendRequest, run: _Run, label: str
    ) -> BackendResult:
        handle = run.handle
        handle.check()
        # The cloud answers in placeholders where the request had them: the client gets the values.
        restorer = run.redaction.restorer() if run.redaction and label == "cloud" else None
        stream = backend.generate(request)
        handle.stream = stream
        try:
            async for chunk in stream:
                text = restorer.feed(chunk.text) if restorer is not None else chunk.text
                if text:
                    await run.emit({"text": text, "backend": label})
            if restorer is not None and (tail := restorer.flush()):
                await run.emit({"text": tail, "backend": label})
        except StreamCut as cut:
            if restorer is not None and run.redaction is not None:
                if tail := restorer.flush():
                    await run.emit({"text": tail, "backend": label})
                cut.partial_text = run.redaction.restore(cut.partial_text)
            raise
        finally:
            handle.stream = None
            await stream.aclose()
        handle.check()
        if stream.result is None:
            raise LocalBackendError(f"the {label} backend ended without a result")
        if restorer is not None and run.redaction is not None:
            stream.result.text = run.redaction.restore(stream.result.text)
        return stream.result


def _drop_oldest_turn(messages: list[dict[str, str]]) -> bool:
    """Drop the oldest turn after any system prompt (and an assistant turn it leaves leading).

    Never drops the latest user turn. Returns whether anything was dropped.
    """
    first = 0
    while first < len(messages) and messages[first]["role"] == "system":
        first += 1
    if len(messages) - first <= 1:
        return False
    del messages[first]
    while len(messages) - first > 1 and messages[first]["role"] == "assistant":
        del messages[first]
    return True


def _charge_cut(charges: list[BackendResult], cut: StreamCut) -> None:
    """A cut stream still cost tokens: charge the backend's estimate of them."""
    if cut.cost_usd or cut.prompt_tokens:
        charges.append(_cut_result(cut))


def _cut_result(cut: StreamCut) -> BackendResult:
    return BackendResult(
        text=cut.partial_text,
        finish_reason="error",
        backend="cloud",
        endpoint=cut.endpoint or "cloud",
        prompt_tokens=cut.prompt_tokens,
        completion_tokens=cut.completion_tokens,
        cost_usd=cut.cost_usd,
        usage_estimated=True,
    )


class _Counted:
    """Wraps the client's emit: counts text chunks, and sends markers even when not streaming."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self.count = 0

    async def __call__(self, body: dict[str, Any]) -> None:
        self.count += 1
        await self._emit(body)

    async def marker(self, body: dict[str, Any]) -> None:
        await self._emit({"text": "", **body})


async def _discard(body: dict[str, Any]) -> None:
    return None
