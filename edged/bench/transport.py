"""Transport: round trips through a running daemon against a raw pyzmq echo server.

The daemon is a real `edged serve` subprocess on an ipc:// endpoint. The baseline is the
floor for any ZeroMQ request/reply service on this machine: a blocking ROUTER that sends
every message straight back, in its own process, on an ipc:// endpoint beside it.

Clients are separate processes, each with its own DEALER socket, so the numbers measure the
server and not one client process's GIL. Each client sends its requests one after another
(one in flight per client); 1, 8 and 32 clients run at once. The client processes start
once and are reused for every phase; a phase starts at an agreed CLOCK_MONOTONIC instant,
which every process on the machine shares.

`route` requests carry the public routing set's prompts in turn, and the daemon has a cloud
endpoint (a loopback stand-in that answers the reachability probe), so each decision runs
the whole policy: features, privacy scan, device headroom, budget from the ledger, network.

The route ceiling is the same daemon answering `ping` requests that carry those same route
bodies: every step a `route` cannot skip (receive, decode and validate the JSON body, reply)
and no decision. No `route` rate can exceed it, so it shows how much of the route rate the
decision itself costs, and what the transport alone allows on this machine.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from edged.bench.common import context, percentile
from edged.bench.daemon import cloud_probe_target, run_daemon

__all__ = ["CLIENTS", "ROUTES_PER_S_TARGET", "run_transport", "summarize_profile"]

CLIENTS = (1, 8, 32)
ROUTES_PER_S_TARGET = 5000


def _client_phase(
    sock: Any, kind: str, bodies: list[dict[str, Any]], offset: int, count: int, warm: int, start_at: float
) -> dict[str, Any]:
    from edged.protocol import decode_response, encode_request

    operation = "route" if kind == "route" else "ping"
    carries_body = kind in ("route", "ping_body")
    latencies: list[float] = []
    errors = 0
    began = time.monotonic()
    for n in range(warm + count):
        if n == warm:
            while time.monotonic() < start_at:
                time.sleep(0.0005)
            began = time.monotonic()
        body = bodies[(offset + n) % len(bodies)] if carries_body else {}
        frames = encode_request(operation, f"b{n}", body)
        started = time.perf_counter_ns()
        sock.send_multipart(frames, copy=False)
        reply = sock.recv_multipart()
        elapsed = time.perf_counter_ns() - started
        ok = reply == frames if kind == "echo" else decode_response(reply).kind == "reply"
        errors += not ok
        if n >= warm:
            latencies.append(elapsed / 1000.0)
    return {"latencies_us": latencies, "errors": errors, "began": began, "ended": time.monotonic()}


def _client_main(conn: Connection) -> None:
    """A client process: runs the phases the controller sends until told to stop."""
    import zmq

    zmq_context = zmq.Context()
    sockets: dict[str, Any] = {}
    bodies: list[dict[str, Any]] = []
    while True:
        command = conn.recv()
        if command[0] == "stop":
            break
        if command[0] == "bodies":
            bodies = command[1]
            conn.send("ok")
            continue
        _, kind, endpoint, offset, count, warm, start_at = command
        sock = sockets.get(endpoint)
        if sock is None:
            sock = sockets[endpoint] = zmq_context.socket(zmq.DEALER)
            sock.setsockopt(zmq.LINGER, 0)
            sock.connect(endpoint)
        conn.send(_client_phase(sock, kind, bodies, offset, count, warm, start_at))
    for sock in sockets.values():
        sock.close(0)
    zmq_context.term()


def _echo_main(endpoint: str, ready: Any) -> None:
    """The baseline: a blocking ROUTER that returns every message as it came."""
    import zmq

    zmq_context = zmq.Context()
    sock = zmq_context.socket(zmq.ROUTER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.bind(endpoint)
    ready.set()
    while True:
        frames = sock.recv_multipart(copy=False)
        if len(frames) == 2 and frames[1].bytes == b"stop":
            break
        sock.send_multipart(frames, copy=False)
    sock.close(0)
    zmq_context.term()


class _Clients:
    def __init__(self, count: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.pipes: list[Connection] = []
        self.procs: list[Any] = []
        for i in range(count):
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=_client_main, args=(child,), name=f"bench-client-{i}", daemon=True)
            proc.start()
            self.pipes.append(parent)
            self.procs.append(proc)

    def set_bodies(self, bodies: list[dict[str, Any]]) -> None:
        for pipe in self.pipes:
            pipe.send(("bodies", bodies))
        for pipe in self.pipes:
            pipe.recv()

    def phase(self, kind: str, endpoint: str, clients: int, count: int, warm: int) -> dict[str, Any]:
        start_at = time.monotonic() + 0.5 + 0.02 * clients
        for i in range(clients):
            self.pipes[i].send(("run", kind, endpoint, i * 7919, count, warm, start_at))
        answers = [self.pipes[i].recv() for i in range(clients)]
        latencies = [v for a in answers for v in a["latencies_us"]]
        wall = max(a["ended"] for a in answers) - start_at
        return {
            "p50_us": round(percentile(latencies, 0.50), 1),
            "p99_us": round(percentile(latencies, 0.99), 1),
            "requests": len(latencies),
            "errors": sum(a["errors"] for a in answers),
            "per_s": round(len(latencies) / wall, 1) if wall > 0 else 0.0,
        }

    def close(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("stop",))
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()


def _median_phase(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Several rounds of one phase as one: the median round by rate, with every request counted."""
    middle = sorted(rounds, key=lambda r: r["per_s"])[len(rounds) // 2]
    return {
        **middle,
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "rounds_per_s": [r["per_s"] for r in rounds],
    }


@contextlib.contextmanager
def _echo_server(endpoint: str) -> Iterator[None]:
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    proc = ctx.Process(target=_echo_main, args=(endpoint, ready), name="bench-echo", daemon=True)
    proc.start()
    try:
        if not ready.wait(30):
            raise TimeoutError("the echo server did not start")
        yield
    finally:
        import zmq

        sock: Any = zmq.Context.instance().socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 200)
        sock.connect(endpoint)
        sock.send(b"stop")
        proc.join(5)
        if proc.is_alive():
            proc.kill()
        sock.close(0)


def _route_bodies(rows_path: Path | None, limit: int) -> list[dict[str, Any]]:
    from edged.router.evaluate import load_rows

    if rows_path is not None and rows_path.is_file():
        rows = load_rows(rows_path)[:limit]
        return [{"messages": row["messages"]} for row in rows]
    return [{"messages": [{"role": "user", "content": "Summarize this paragraph in one sentence."}]}]


_GENERIC_FRAMES = (
    "<frozen runpy>",
    "edged/__main__.py",
    "edged/cli.py",
    "Daemon.run (",
    "asyncio/runners.py",
    "asyncio/base_events.py",
    "asyncio/events.py",
    "threading.py",
)


def summarize_profile(raw: str, top: int = 15) -> dict[str, Any]:
    """Collapsed stacks (py-spy's raw format) → the functions holding most samples, in %."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        keys = []
        for frame in stack.split(";"):
            name, _, where = frame.partition(" (")
            keys.append(f"{name} ({where.rsplit(':', 1)[0]})" if where else name)
        for key in dict.fromkeys(keys):
            inclusive[key] = inclusive.get(key, 0) + n
        own[keys[-1]] = own.get(keys[-1], 0) + n

    def ranked(table: dict[str, int]) -> list[list[Any]]:
        rows = [(k, v) for k, v in table.items() if not any(g in k for g in _GENERIC_FRAMES)]
        rows.sort(key=lambda kv: -kv[1])
        return [[k, round(100.0 * v / total, 1)] for k, v in rows[:top]] if total else []

    return {"samples": total, "inclusive_pct": ranked(inclusive), "self_pct": ranked(own)}


def _profile_route(clients: _Clients, daemon: Any, seconds: float, count: int) -> dict[str, Any]:
    """Where the daemon's time goes while 8 clients send `route`: py-spy, from the benchmark environment."""
    import subprocess

    from edged.bench.common import bench_venv, peer_missing

    reason = peer_missing("py-spy")
    spy = bench_venv() / "bin" / "py-spy"
    if reason is not None or not spy.exists():
        return {"missing": reason or f"{spy} is not installed"}
    with tempfile.TemporaryDirectory(prefix="edged-bench-") as tmp:
        out = Path(tmp) / "route.txt"
        cmd = [str(spy), "record", "--pid", str(daemon.pid), "--duration", str(int(seconds)), "--rate", "250",
               "--format", "raw", "--nonblocking", "-o", str(out)]  # fmt: skip
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5)  # py-spy attaches
        clients.phase("route", daemon.endpoint, 8, count, 0)
        try:
            _, err = proc.communicate(timeout=seconds + 30)
        except subprocess.TimeoutExpired:
            proc.kill()
            return {"missing": "py-spy did not finish"}
        if not out.is_file():
            return {"missing": f"py-spy recorded nothing: {(err or '').strip()[-300:]}"}
        summary = summarize_profile(out.read_text())
    summary["phase"] = "route, 8 clients"
    return summary


def run_transport(model: Path, rows_path: Path | None, *, quick: bool = False) -> dict[str, Any]:
    # Requests per client at each concurrency: about the same total per level.
    if quick:
        plan = {1: (100, 20), 8: (20, 5), 32: (5, 2)}
    else:
        plan = {1: (3000, 600), 8: (500, 120), 32: (150, 40)}
    warm = 10 if quick else 100
    rounds = 1 if quick else 3
    result: dict[str, Any] = {"benchmark": "transport", **context(), "model": str(model), "clients": {}}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="edged-bench-")))
        base_url = stack.enter_context(cloud_probe_target())
        (tmp / "cloud-key").write_text("bench-key\n")
        sections = {
            "cloud": {
                "base_url": base_url,
                "model": "bench-model",
                "api_key_file": str(tmp / "cloud-key"),
                "probe_interval_s": 5.0,
            },
        }
        daemon = stack.enter_context(run_daemon(tmp / "daemon", model, sections=sections))
        echo = f"ipc://{tmp}/echo.sock"
        stack.enter_context(_echo_server(echo))
        clients = _Clients(max(CLIENTS))
        stack.callback(clients.close)
        clients.set_bodies(_route_bodies(rows_path, 1000))
        for n in CLIENTS:
            pings, routes = plan[n]
            edged_ping = clients.phase("ping", daemon.endpoint, n, pings, warm)
            raw = clients.phase("echo", echo, n, pings, warm)
            # Route and its ceiling alternate, so that drift on a shared machine hits both alike.
            route_rounds, ceiling_rounds = [], []
            for _ in range(rounds):
                route_rounds.append(clients.phase("route", daemon.endpoint, n, routes, warm // 4))
                ceiling_rounds.append(clients.phase("ping_body", daemon.endpoint, n, routes, warm // 4))
            route, ceiling = _median_phase(route_rounds), _median_phase(ceiling_rounds)
            result["clients"][str(n)] = {
                "edged_ping_p50_us": edged_ping["p50_us"],
                "edged_ping_p99_us": edged_ping["p99_us"],
                "raw_echo_p50_us": raw["p50_us"],
                "raw_echo_p99_us": raw["p99_us"],
                "route_per_s": route["per_s"],
                "route_p50_us": route["p50_us"],
                "route_p99_us": route["p99_us"],
                "route_ceiling_per_s": ceiling["per_s"],
                "route_ceiling_p50_us": ceiling["p50_us"],
                "route_rounds_per_s": route["rounds_per_s"],
                "route_ceiling_rounds_per_s": ceiling["rounds_per_s"],
                "edged_ping_per_s": edged_ping["per_s"],
                "raw_echo_per_s": raw["per_s"],
                "requests": {
                    "ping": edged_ping["requests"],
                    "echo": raw["requests"],
                    "route": route["requests"],
                    "route_ceiling": ceiling["requests"],
                },
                "errors": edged_ping["errors"] + raw["errors"] + route["errors"] + ceiling["errors"],
            }
        result["daemon_rss_mb"] = round((daemon.rss_kib() or 0) / 1024, 1)
        if not quick and result["clients"]["8"]["route_per_s"] < ROUTES_PER_S_TARGET:
            # Missed: say where the time goes (a sampling profile of the daemon under the same load).
            result["profile"] = _profile_route(clients, daemon, 6.0, plan[8][1] * 3)
    one = result["clients"]["1"]
    eight = result["clients"]["8"]
    ratio = round(one["edged_ping_p50_us"] / one["raw_echo_p50_us"], 3) if one["raw_echo_p50_us"] else None
    result["ratios"] = {
        "ping_p50_vs_raw_echo": {
            str(n): (
                round(c["edged_ping_p50_us"] / c["raw_echo_p50_us"], 3) if c["raw_echo_p50_us"] else None
            )
            for n, c in result["clients"].items()
        },
        "ping_p99_vs_raw_echo": {
            str(n): (
                round(c["edged_ping_p99_us"] / c["raw_echo_p99_us"], 3) if c["raw_echo_p99_us"] else None
            )
            for n, c in result["clients"].items()
        },
        "route_vs_ceiling": {
            str(n): (
                round(c["route_per_s"] / c["route_ceiling_per_s"], 3) if c["route_ceiling_per_s"] else None
            )
            for n, c in result["clients"].items()
        },
    }
    result["targets"] = [
        {
            "name": "edged ping p50 ÷ raw echo p50 (1 client)",
            "target": "<= 2.0",
            "value": ratio,
            "met": None if ratio is None else ratio <= 2.0,
        },
        {
            "name": "route decisions per second, 8 clients",
            "target": f">= {ROUTES_PER_S_TARGET}",
            "value": eight["route_per_s"],
            "met": eight["route_per_s"] >= ROUTES_PER_S_TARGET,
        },
    ]
    return result
