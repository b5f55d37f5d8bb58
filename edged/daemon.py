"""The edged daemon: one asyncio loop owns the socket, the router and the signals.

Lifecycle (uvicorn's shape): `run()` → `serve()` → `startup()` → `main_loop()` → `shutdown()`.
* startup: bind the socket (single instance), answer ping/status at once (state "loading"),
  load the model on the `edged-ort` thread while telling systemd (STATUS=, EXTEND_TIMEOUT_USEC=),
  then READY=1.
* main_loop: `on_tick()` every 0.1 s — WATCHDOG=1 at half of WatchdogSec once the event loop,
  the generation thread and the state stores answer (edged/health.py), session expiry, a
  re-check of a state file that failed (below), and every `[server] socket_check_s` a look at
  the ipc:// socket file: one that was deleted or replaced is bound again (a warning); when that
  fails (an error) the watchdog is no longer fed, so systemd restarts the daemon, and the bind is
  retried at each check meanwhile.
* a state file that fails (read-only, immutable, full disk): the daemon serves without it —
  session requests get `state_unavailable`, cloud routing is off while spend cannot be recorded
  — and tries a harmless write every STATE_RECHECK_S until one works, then resumes by itself.
* a fatal signal (SIGSEGV, SIGBUS, SIGABRT...) dumps every thread's Python stack to stderr
  (faulthandler), which systemd sends to the journal: a crash is never silent.
* SIGTERM/SIGINT: stop accepting (new requests get `shutting_down`), drain in-flight work up
  to `shutdown_timeout_s`, end the rest with error replies, STOPPING=1, exit 0. A second SIGINT
  forces the exit.
* SIGHUP: RELOADING=1, check the socket file (as above), reload the configuration, READY=1 —
  in-flight requests keep running.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import logging
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edged import health, systemd
from edged._version import __version__
from edged.config import Config
from edged.exceptions import (
    Busy,
    Cancelled,
    ConfigError,
    DuplicateRequest,
    EdgedError,
    InternalError,
    Loading,
    ProtocolError,
    ShuttingDown,
    StateUnavailable,
    UnknownSession,
)
from edged.logging import ACCESS_LOGGER, configure_logging
from edged.model.profile import ProfileStatus, check_profile
from edged.protocol import (
    Request,
    decode_request,
    encode_response,
    parse_cancel,
    parse_session,
    request_id_of,
)
from edged.router.dispatch import Dispatcher, RequestHandle
from edged.router.inputs import request_params
from edged.tasks import suite_digest
from edged.transport import EndpointLost, PeerGone, Transport

if TYPE_CHECKING:
    from edged.backends.cloud import CloudBackend
    from edged.backends.local import LocalBackend
    from edged.backends.network import NetworkMonitor
    from edged.store import Ledger, SessionStore
    from edged.store.sessions import Session, SessionSummary
    from edged.telemetry.monitor import Monitor

__all__ = ["Daemon", "DaemonActivity"]

logger = logging.getLogger(__name__)
access = logging.getLogger(ACCESS_LOGGER)

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
SESSION_EXPIRY_EVERY_S = 300.0
STATE_RECHECK_S = 2.0  # how often a failed state file is tried again


@dataclass
class RequestContext:
    identity: bytes
    request_id: str
    operation: str
    started: float = field(default_factory=time.monotonic)
    seq: int = 0
    task: asyncio.Task[Any] | None = None
    handle: RequestHandle = field(default_factory=lambda: RequestHandle(""))
    end_reason: str | None = None  # "cancelled" or "shutting_down" when ended from outside

    def end(self, reason: str) -> None:
        """End gracefully: the backend stops at its next clean point and the request errors."""
        self.end_reason = reason
        self.handle.end(reason)


@dataclass
class DaemonActivity:
    """What the daemon is doing: its lifecycle phase and the requests it serves (uvicorn's ServerState)."""

    in_flight: dict[tuple[bytes, str], RequestContext] = field(default_factory=dict)
    totals: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    started_at: float = field(default_factory=time.time)
    phase: str = "starting"  # starting | loading | serving | draining | failed; "state" on the wire


class Daemon:
    def __init__(self, config: Config, *, install_signal_handlers: bool = True) -> None:
        self.config = config
        self.activity = DaemonActivity()
        self.install_signal_handlers = install_signal_handlers
        self.started = False  # socket bound and serving (maybe still loading)
        self.ready = False  # model loaded
        self.should_exit = False
        self.force_exit = False
        self.accepting = False
        self.exit_code = 0
        self.transport: Transport | None = None
        self.dispatcher: Dispatcher | None = None
        # Built in startup(), where their heavy imports (onnxruntime, httpx, psutil) are paid.
        self.local: LocalBackend | None = None
        self.cloud: CloudBackend | None = None
        self.network: NetworkMonitor | None = None
        self.monitor: Monitor | None = None
        self.ledger: Ledger | None = None
        self.sessions: SessionStore | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._recv_task: asyncio.Task[None] | None = None
        self._load_task: asyncio.Task[None] | None = None
        self._reload_requested = False
        self._watchdog_s = systemd.watchdog_interval()
        self._watchdog: health.Watchdog | None = None
        self._last_expiry = time.monotonic()
        self._last_socket_check = time.monotonic()
        self.socket_problem: str | None = None  # why the ipc:// path cannot be bound again, while it cannot
        self._last_state_check = time.monotonic()
        self._state_check: asyncio.Task[None] | None = None
        self._retired: list[CloudBackend] = []  # cloud backends replaced by a reload, closed at shutdown

    # -- entry points ----------------------------------------------------------------------------

    def run(self) -> int:
        asyncio.run(self.serve())
        return self.exit_code

    async def serve(self) -> None:
        with self.capture_signals():
            try:
                await self.startup()
            except BaseException:
                await self._close_components()
                raise
            if not self.should_exit:
                await self.main_loop()
            await self.shutdown()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if not self.install_signal_handlers:
            yield
            return
        loop = asyncio.get_running_loop()
        installed = []
        for sig in (*HANDLED_SIGNALS, signal.SIGHUP):
            try:
                if sig == signal.SIGHUP:
                    loop.add_signal_handler(sig, self.handle_reload)
                else:
                    loop.add_signal_handler(sig, self.handle_exit, sig)
                installed.append(sig)
            except (NotImplementedError, RuntimeError):  # not the main thread
                pass
        try:
            yield
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)

    def handle_exit(self, sig: int) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        self.should_exit = True
        # Refuse new work from the signal on, not from the next tick: a request in between would
        # be admitted, then cut at the drain deadline.
        self.accepting = False
        self.activity.phase = "draining"

    def handle_reload(self) -> None:
        self._reload_requested = True

    # -- startup ---------------------------------------------------------------------------------

    async def startup(self) -> None:
        # Before anything can crash in C (ORT, SQLite): a fatal signal then leaves every
        # thread's Python stack on stderr, i.e. in the journal, not a bare "core-dump" line.
        _enable_faulthandler()
        configure_logging(self.config.logging)
        config = self.config
        logger.info("edged %s starting (pid %d)", __version__, os.getpid())
        self._build_components()
        self.transport = Transport(config.endpoint, config.server)
        self.transport.bind()
        self.accepting = True
        self.started = True
        self._recv_task = asyncio.create_task(self._recv_loop(), name="edged-recv")
        self.activity.phase = "loading"
        systemd.notify(f"STATUS=loading model {config.model_path.name}")
        if self.monitor is not None:
            self.monitor.start()
        if self.network is not None:
            self.network.start()
        if self.cloud is not None:
            await self.cloud.load()
        self._load_task = asyncio.create_task(self._load_model(), name="edged-load")
        while not self._load_task.done() and not self.should_exit:
            # A first TensorRT engine build can take minutes: keep systemd's start timeout moving.
            systemd.extend_timeout(30, f"loading model {config.model_path.name}")
            await asyncio.wait({self._load_task}, timeout=10)
        if self.should_exit:
            return
        await self._load_task  # re-raise a load failure: the daemon cannot serve without its model
        self.ready = True
        self.activity.phase = "serving"
        systemd.notify(f"READY=1\nSTATUS=serving on {config.endpoint}")
        if self._watchdog_s:
            stores = {
                "ledger": _Answering(self.ledger) if self.ledger is not None else None,
                "session store": _Answering(self.sessions) if self.sessions is not None else None,
            }
            probes = health.probes(self._watchdog_s, self.local, stores)
            probes["socket"] = self._socket_probe
            self._watchdog = health.Watchdog(self._watchdog_s, probes)
        logger.info("ready: serving %s on %s", config.model_path.name, config.endpoint)

    def _build_components(self) -> None:
        from edged.backends.local import LocalBackend
        from edged.store import LEDGER_FILE, SESSIONS_FILE, Ledger, SessionStore
        from edged.telemetry.monitor import Monitor

        config = self.config
        local = self.local = LocalBackend.from_config(config)
        state_dir = config.state_dir
        try:
            state_dir.mkdir(parents=True, exist_ok=True, mode=0o750)
        except OSError as exc:
            raise ConfigError(f"cannot create the state directory {state_dir}: {exc}") from exc
        self.ledger = Ledger(state_dir / LEDGER_FILE)
        self.sessions = SessionStore(
            state_dir / SESSIONS_FILE,
            ttl_s=config.state.session_ttl_s,
            max_turns=config.state.session_max_turns,
        )
        self.monitor = Monitor(config.telemetry)
        self._build_cloud(config)
        self.dispatcher = Dispatcher(
            config,
            local=local,
            cloud=self.cloud,
            network=self.network,
            ledger=self.ledger,
            sessions=self.sessions,
            monitor=self.monitor,
        )

    def _build_cloud(self, config: Config) -> None:
        endpoints = config.cloud_endpoints
        if not endpoints:
            self.cloud = None
            self.network = None
            return
        from edged.backends.cloud import CloudBackend
        from edged.backends.network import NetworkMonitor

        network = self.network = NetworkMonitor(config.cloud, endpoints)
        self.cloud = CloudBackend(
            endpoints,
            config.cloud,
            on_outcome=network.record,
            on_hang=network.record_hang,
            count_tokens=self._count,
        )

    def _count(self, text: str) -> int:
        if self.local is not None and self.local.tokenizer_ready:
            return int(self.local.count_tokens(text))
        return max(1, len(text) // 4)

    async def _load_model(self) -> None:
        assert self.local is not None
        try:
            await self.local.load()
        except EdgedError as exc:
            self.activity.phase = "failed"
            logger.error("cannot load the model: %s", exc)
            raise

    # -- main loop -------------------------------------------------------------------------------

    async def main_loop(self) -> None:
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            await asyncio.sleep(0.1)

    async def on_tick(self, counter: int) -> bool:
        now = time.monotonic()
        if self._watchdog is not None:
            self._watchdog.tick(now)
        if self._reload_requested:
            self._reload_requested = False
            await self.reload()
        every = self.config.server.socket_check_s
        if every and now - self._last_socket_check >= every:
            self._last_socket_check = now
            self.check_socket()
        if self.sessions is not None and now - self._last_expiry >= SESSION_EXPIRY_EVERY_S:
            self._last_expiry = now
            self._spawn(self._expire(self.sessions), "edged-expire")
        if now - self._last_state_check >= STATE_RECHECK_S and (
            self._state_check is None or self._state_check.done()
        ):
            self._last_state_check = now
            if self._state_faulted():
                self._state_check = self._spawn(self._recheck_state(), "edged-state-check")
        if self._recv_task is not None and self._recv_task.done() and not self.should_exit:
            exc = self._recv_task.exception()
            logger.error("the receive loop stopped: %r; shutting down", exc)
            self.exit_code = 1
            self.should_exit = True
        return self.should_exit

    def check_socket(self) -> None:
        """Bind the ipc:// path again if it no longer reaches us; see the module docstring."""
        transport = self.transport
        if transport is None or transport.ipc_path is None:
            return
        fault: str | None = None
        try:
            transport.keep_lock()
            fault = transport.socket_fault()
            if fault is None:
                self.socket_problem = None
                return
            transport.rebind()
        except EndpointLost as exc:
            problem = f"{fault} and cannot be bound again: {exc}" if fault else str(exc)
            if problem != self.socket_problem:
                consequence = (
                    f"the watchdog is no longer fed, so systemd restarts the daemon within "
                    f"WatchdogSec ({self._watchdog_s:g} s)"
                    if self._watchdog is not None
                    else "new clients cannot connect; there is no watchdog to restart the daemon: "
                    "restart it (sudo systemctl restart edged)"
                )
                logger.error("%s: %s; %s; retrying at each check", transport.endpoint, problem, consequence)
            self.socket_problem = problem
            return
        logger.warning(
            "%s: %s; bound it again (%d re-bind(s) since start; connected clients kept their connections)",
            transport.endpoint,
            fault,
            transport.rebinds,
        )
        self.socket_problem = None

    async def _socket_probe(self, timeout_s: float) -> str | None:
        return self.socket_problem

    def _state_faulted(self) -> bool:
        stores = [s for s in (self.ledger, self.sessions) if s is not None]
        unrecorded = self.dispatcher is not None and bool(self.dispatcher.unrecorded)
        return unrecorded or any(s.fault is not None for s in stores)

    async def _recheck_state(self) -> None:
        """Try each failed state file with a harmless write; write the spend kept meanwhile."""
        for store in (self.ledger, self.sessions):
            if store is not None and store.fault is not None:
                await asyncio.to_thread(store.probe)  # clears the fault and logs it when it works
        dispatcher = self.dispatcher
        ledger_ok = self.ledger is not None and self.ledger.fault is None
        if dispatcher is not None and dispatcher.unrecorded and ledger_ok:
            await asyncio.to_thread(dispatcher.flush_unrecorded)

    @staticmethod
    async def _expire(sessions: SessionStore) -> None:
        with contextlib.suppress(StateUnavailable):  # logged by the store; retried next time
            await asyncio.to_thread(sessions.expire)

    def store_status(self) -> dict[str, Any]:
        """The state files' health, for `edged status` and `edged doctor`."""
        files = {
            name: store.health()
            for name, store in (("ledger", self.ledger), ("sessions", self.sessions))
            if store is not None
        }
        dispatcher = self.dispatcher
        unrecorded = dispatcher.unrecorded if dispatcher is not None else []
        return {
            "ok": all(f["ok"] for f in files.values()) and not unrecorded,
            "dir": str(self.config.state_dir),
            **files,
            "unrecorded_charges": len(unrecorded),
            "unrecorded_usd": round(sum(res.cost_usd for _, _, res in unrecorded), 6),
        }

    async def reload(self) -> None:
        systemd.reloading()
        # A reload is what an operator tries first when clients cannot connect.
        self.check_socket()
        try:
            new = Config.load(self.config.source) if self.config.source else Config.load()
        except ConfigError as exc:
            logger.error("reload refused, keeping the running configuration: %s", "; ".join(exc.problems))
            systemd.notify("READY=1\nSTATUS=reload failed: configuration has problems (see the journal)")
            return
        old = self.config
        for section, fields in (
            ("server", ("endpoint",)),
            ("model", ("path", "providers", "context_length")),
        ):
            for name in fields:
                if getattr(getattr(old, section), name) != getattr(getattr(new, section), name):
                    logger.warning("[%s] %s changed; it takes effect after a restart", section, name)
        self.config = new
        configure_logging(new.logging)
        if new.cloud_endpoints != old.cloud_endpoints or new.cloud != old.cloud:
            if self.cloud is not None:
                self._retired.append(self.cloud)
            if self.network is not None:
                await self.network.stop()
            self._build_cloud(new)
            if self.cloud is not None and self.network is not None:
                await self.cloud.load()
                self.network.start()
        if self.dispatcher is not None:
            self.dispatcher.config = new
            self.dispatcher.cloud = self.cloud
            self.dispatcher.network = self.network
        logger.info("configuration reloaded from %s", new.source or "defaults")
        systemd.notify("READY=1\nSTATUS=serving (configuration reloaded)")

    # -- shutdown --------------------------------------------------------------------------------

    async def shutdown(self) -> None:
        logger.info("shutting down: %d request(s) in flight", len(self.activity.in_flight))
        self.accepting = False
        self.activity.phase = "draining"
        systemd.notify("STOPPING=1\nSTATUS=draining")
        if self._watchdog is not None:
            self._watchdog.cancel()
        deadline = time.monotonic() + self.config.server.shutdown_timeout_s
        while self.activity.in_flight and time.monotonic() < deadline and not self.force_exit:
            await asyncio.sleep(0.05)
        leftover = [ctx for ctx in self.activity.in_flight.values() if ctx.task is not None]
        if leftover:
            logger.warning("ending %d request(s) still running at the drain deadline", len(leftover))
        for ctx in leftover:
            ctx.end("shutting_down")
        if leftover:
            tasks = [c.task for c in leftover if c.task is not None]
            _, stuck = await asyncio.wait(tasks, timeout=3)
            for task in stuck:  # a backend that did not stop: cancel it outright
                task.cancel()
            if stuck:
                await asyncio.wait(stuck, timeout=2)
        if self.dispatcher is not None and self.dispatcher.unrecorded:
            await asyncio.to_thread(self.dispatcher.flush_unrecorded)
            lost = self.dispatcher.unrecorded
            if lost:
                logger.error(
                    "%d cloud charge(s), $%.6f in all, could not be written to the ledger and are lost",
                    len(lost),
                    sum(res.cost_usd for _, _, res in lost),
                )
        # A request that reached the socket while the last ones finished is still answered
        # (`shutting_down`, by the receive loop) before the socket closes: none goes unanswered.
        settle = time.monotonic() + 1.0
        while self.transport is not None and self.transport.pending() and time.monotonic() < settle:
            await asyncio.sleep(0.01)
        # Error replies to malformed frames may still be on their way out.
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=2)
        if self._recv_task is not None:
            self._recv_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._recv_task
        if self._load_task is not None and not self._load_task.done():
            # The model is still loading on its thread: it cannot be interrupted, only abandoned.
            self._load_task.cancel()
        await self._close_components()
        logger.info("stopped")

    async def _close_components(self) -> None:
        for backend in [*([self.cloud] if self.cloud is not None else []), *self._retired]:
            with contextlib.suppress(Exception):
                await backend.aclose()
        if self.network is not None:
            with contextlib.suppress(Exception):
                await self.network.stop()
        if self.monitor is not None:
            with contextlib.suppress(Exception):
                self.monitor.stop()
        if self.local is not None and (self._load_task is None or self._load_task.done()):
            with contextlib.suppress(Exception):
                await self.local.aclose()
        if self.ledger is not None:
            with contextlib.suppress(Exception):
                self.ledger.close()
        if self.sessions is not None:
            with contextlib.suppress(Exception):
                self.sessions.close()
        if self.transport is not None:
            self.transport.close()
            self.transport = None

    # -- requests --------------------------------------------------------------------------------

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)  # keep a reference: the loop holds only weak ones
        task.add_done_callback(self._tasks.discard)
        return task

    async def _recv_loop(self) -> None:
        assert self.transport is not None
        transport = self.transport
        max_body = self.config.server.max_request_bytes
        while True:
            for identity, frames in await transport.recv_batch():
                self.activity.totals["frames"] += 1
                try:
                    request = decode_request(frames, max_body)
                except ProtocolError as exc:
                    self.activity.errors[exc.code] += 1
                    rid = exc.request_id or request_id_of(frames)
                    self._reply_now(identity, rid, "error", {**exc.to_wire(), "request_id": rid})
                    continue
                self._admit(identity, request)
            # Let the requests just started run before taking the next batch.
            await asyncio.sleep(0)

    def _reply_now(self, identity: bytes, request_id: str, kind: str, body: dict[str, Any]) -> None:
        """Answer from the receive loop itself; a full pipe hands the send to a task."""
        frames = encode_response(kind, request_id, 0, body)
        assert self.transport is not None
        try:
            if not self.transport.send_now(identity, frames):
                self._spawn(self._send_frames(identity, frames), "edged-send")
        except PeerGone:
            pass

    async def _send_frames(self, identity: bytes, frames: list[bytes]) -> None:
        if self.transport is not None:
            with contextlib.suppress(PeerGone):
                await self.transport.send(identity, frames)

    def _admit(self, identity: bytes, request: Request) -> None:
        key = (identity, request.request_id)
        self.activity.totals[request.operation] += 1
        op = request.operation
        if key in self.activity.in_flight:
            # The id's responses belong to the request already running: an answer under it would
            # land in that stream (a second seq 0) or after its final response. The duplicate's
            # error goes out under the empty id, naming the refused id in its body.
            duplicate = DuplicateRequest(
                f"request id {request.request_id!r} is already in flight", request_id=request.request_id
            )
            self.activity.errors[duplicate.code] += 1
            self._reply_now(identity, "", "error", duplicate.to_wire())
            return
        # Quick operations are answered in the receive loop: no task, no future per request.
        if op == "ping":
            body = {
                "pong": True,
                "version": __version__,
                "protocol": 1,
                "state": self.activity.phase,
                "time": time.time(),
            }
            self._reply_now(identity, request.request_id, "reply", body)
            return
        if op == "status":
            self._reply_now(identity, request.request_id, "reply", self.status())
            return
        if op == "route" and "session_id" not in request.body and self.dispatcher is not None:
            try:
                params = request_params(request.body, self.config, request.request_id)
                decision = self.dispatcher.decide(params, list(params.messages), False)
            except EdgedError as exc:
                self.activity.errors[exc.code] += 1
                self._reply_now(
                    identity, request.request_id, "error", {**exc.to_wire(), "request_id": request.request_id}
                )
                return
            self._reply_now(identity, request.request_id, "reply", {"decision": decision.to_dict()})
            return
        error: EdgedError | None = None
        if not self.accepting:
            error = ShuttingDown("the daemon is shutting down", request_id=request.request_id)
        elif len(self.activity.in_flight) >= self.config.server.max_in_flight:
            error = Busy(
                f"{self.config.server.max_in_flight} requests already in flight",
                request_id=request.request_id,
            )
        if error is not None:
            self.activity.errors[error.code] += 1
            self._reply_now(identity, request.request_id, "error", error.to_wire())
            return
        ctx = RequestContext(
            identity, request.request_id, request.operation, handle=RequestHandle(request.request_id)
        )
        self.activity.in_flight[key] = ctx
        ctx.task = self._spawn(self._handle(ctx, request), f"edged-{request.operation}")

    async def _handle(self, ctx: RequestContext, request: Request) -> None:
        status = "ok"
        reply: dict[str, Any] | None = None
        try:
            reply = await self._run_operation(ctx, request)
        except asyncio.CancelledError:
            reason = ctx.end_reason or "cancelled"
            status = reason
            error: EdgedError = (
                ShuttingDown("the daemon shut down before the request finished")
                if reason == "shutting_down"
                else Cancelled("cancelled by the client")
            )
            await self._finish_error(ctx, error)
        except PeerGone:
            status = "client_gone"
        except EdgedError as exc:
            status = exc.code
            await self._finish_error(ctx, exc)
        except Exception as exc:
            status = "internal"
            logger.exception("request %s failed unexpectedly", ctx.request_id)
            await self._finish_error(ctx, InternalError(f"internal error: {type(exc).__name__}: {exc}"))
        else:
            try:
                await self._send(ctx.identity, ctx.request_id, "reply", ctx.seq, reply)
            except PeerGone:
                status = "client_gone"
        finally:
            self.activity.in_flight.pop((ctx.identity, ctx.request_id), None)
            self._access_log(ctx, status, reply)

    async def _finish_error(self, ctx: RequestContext, error: EdgedError) -> None:
        self.activity.errors[error.code] += 1
        with contextlib.suppress(PeerGone):
            await self._send_error(ctx.identity, ctx.request_id, error, ctx.seq)

    async def _run_operation(self, ctx: RequestContext, request: Request) -> dict[str, Any]:
        assert self.dispatcher is not None
        if request.operation == "generate":
            params = request_params(request.body, self.config, request.request_id)
            if not self.ready:
                raise Loading("the model is still loading; try again shortly", request_id=request.request_id)

            async def emit(body: dict[str, Any]) -> None:
                await self._send(ctx.identity, ctx.request_id, "chunk", ctx.seq, body)
                ctx.seq += 1

            return await self.dispatcher.run(request.request_id, params, emit, ctx.handle)
        if request.operation == "route":
            params = request_params(request.body, self.config, request.request_id)
            messages, pinned = await self.dispatcher.conversation(params)
            decision = self.dispatcher.decide(params, messages, pinned)
            return {"decision": decision.to_dict()}
        if request.operation == "cancel":
            target = parse_cancel(request.body, request.request_id)
            other = self.activity.in_flight.get((ctx.identity, target))
            if other is None or other.task is None or other.operation != "generate":
                return {"cancelled": False, "target": target}
            other.end("cancelled")
            self._spawn(self._force_end(other, 5.0), "edged-cancel")
            return {"cancelled": True, "target": target}
        if request.operation == "session":
            return await self._session_op(request)
        raise ProtocolError(f"operation {request.operation!r} is not handled", request_id=request.request_id)

    async def _session_op(self, request: Request) -> dict[str, Any]:
        action, session_id, limit, offset = parse_session(request.body, request.request_id)
        store = self.sessions
        if store is None:
            raise UnknownSession("sessions are not available on this daemon", request_id=request.request_id)
        if action == "list":
            rows = await asyncio.to_thread(store.list, limit, offset)
            return {"sessions": [_session_dict(r) for r in rows]}
        assert session_id is not None
        if action == "show":
            session = await asyncio.to_thread(store.get, session_id)
            if session is None:
                raise UnknownSession(f"no session {session_id!r}", request_id=request.request_id)
            return {"session": _session_dict(session)}
        deleted = await asyncio.to_thread(store.delete, session_id)
        if not deleted:
            raise UnknownSession(f"no session {session_id!r}", request_id=request.request_id)
        return {"deleted": session_id}

    async def _force_end(self, ctx: RequestContext, after_s: float) -> None:
        """Last resort for a request whose backend ignored a graceful end."""
        await asyncio.sleep(after_s)
        if ctx.task is not None and not ctx.task.done():
            logger.warning("request %s did not stop within %.0f s; cancelling it", ctx.request_id, after_s)
            ctx.task.cancel()

    async def _send(
        self, identity: bytes, request_id: str, kind: str, seq: int, body: dict[str, Any]
    ) -> None:
        if self.transport is None:
            raise PeerGone("the socket is closed")
        await self.transport.send(identity, encode_response(kind, request_id, seq, body))

    async def _send_error(self, identity: bytes, request_id: str, error: EdgedError, seq: int) -> None:
        body = error.to_wire()
        body["request_id"] = request_id
        with contextlib.suppress(PeerGone):
            await self._send(identity, request_id, "error", seq, body)

    def _access_log(self, ctx: RequestContext, status: str, reply: dict[str, Any] | None) -> None:
        ms = (time.monotonic() - ctx.started) * 1000
        fields: dict[str, Any] = {
            "request_id": ctx.request_id,
            "op": ctx.operation,
            "status": status,
            "ms": round(ms, 1),
        }
        if reply and ctx.operation == "generate":
            fields.update(
                backend=reply.get("backend"),
                route=reply.get("route", {}).get("route"),
                fallback=reply.get("fallback"),
                tokens=reply.get("usage", {}).get("completion_tokens"),
                pinned=reply.get("route", {}).get("pinned"),
            )
        # No prompt text: only ids, routes and numbers.
        access.info(
            " ".join(f"{k}={v}" for k, v in fields.items() if v is not None),
            extra={"fields": fields, "REQUEST_ID": ctx.request_id, "EDGED_STATUS": status},
        )

    # -- status ----------------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        dispatcher = self.dispatcher
        out: dict[str, Any] = {
            "state": self.activity.phase,
            "version": __version__,
            "pid": os.getpid(),
            "endpoint": self.config.endpoint,
            "socket": self._socket_status(),
            "uptime_s": round(time.time() - self.activity.started_at, 1),
            "model": self.local.status() if self.local is not None else None,
            "profile": model_profile(self.config.model_path).to_dict(),
            "in_flight": len(self.activity.in_flight),
            "requests": dict(self.activity.totals),
            "errors": dict(self.activity.errors),
        }
        if dispatcher is not None:
            out["queue"] = dispatcher.queue_status().to_dict()
            out["hardware"] = dispatcher.headroom().to_dict()
            out["network"] = dispatcher.network_status().to_dict()
            out["budget"] = dispatcher.budget_status().to_dict()
            out["store"] = self.store_status()
            out["routes"] = dict(dispatcher.routes)
            out["privacy"] = {
                "pinned_requests": dispatcher.pinned_requests,
                "redacted_requests": dispatcher.redacted_requests,
            }
        if self.cloud is not None:
            out["cloud"] = self.cloud.status()
        return out

    def _socket_status(self) -> dict[str, Any]:
        transport = self.transport
        return {
            "rebinds": transport.rebinds if transport is not None else 0,
            "problem": self.socket_problem,
        }


def _enable_faulthandler() -> None:
    # faulthandler writes to a file descriptor. An embedding program (a test runner capturing
    # output, say) may have swapped sys.stderr for an object without one: use the process's own.
    for stream in (sys.stderr, sys.__stderr__):
        try:
            if stream is not None:
                faulthandler.enable(file=stream, all_threads=True)
                return
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both of the last
            continue
    logger.warning("faulthandler could not be enabled: no stderr with a file descriptor")


class _Answering:
    """A state store as the watchdog sees it: a file that fails is served around (the daemon
    runs without it), so only a store that does not answer at all may stop the watchdog."""

    def __init__(self, store: Ledger | SessionStore) -> None:
        self.store = store

    def ping(self) -> None:
        with contextlib.suppress(StateUnavailable):
            self.store.ping()


def model_profile(folder: Path) -> ProfileStatus:
    """Whether the model folder's profile.json holds for its build and the shipped task suite."""
    return check_profile(folder, suite_digest())


def _session_dict(obj: Session | SessionSummary) -> dict[str, Any]:
    out = obj.to_dict()
    out["session_id"] = out.pop("id")
    return out
