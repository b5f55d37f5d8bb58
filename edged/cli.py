"""The `edged` command line. The only module that prints or exits.

Every command that talks to the daemon finds it by one rule (edged/endpoint.py): `--endpoint`,
else $EDGED_ENDPOINT, else the configuration's [server] endpoint, else the built-in default.
`edged serve` binds by the same rule.

Exit codes: 0 success; 1 a request failed (typed error from the daemon); 2 bad configuration
or usage; 3 the daemon could not start; 4 no daemon answered.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from edged._version import __version__
from edged.endpoint import ENDPOINT_HELP, ENDPOINT_RULE, named_endpoint, resolve_endpoint
from edged.exceptions import ConfigError, DaemonUnavailable, EdgedError, ModelError, StartupError

__all__ = ["main"]

EXIT_REQUEST = 1
EXIT_CONFIG = 2
EXIT_STARTUP = 3
EXIT_UNAVAILABLE = 4


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="configuration file (default: $EDGED_CONFIG, else /etc/edged/edged.toml if present)",
    )
    parser.add_argument("--endpoint", metavar="URL", help=ENDPOINT_HELP)


def _generation_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--system", help="a system prompt")
    parser.add_argument("--session", metavar="ID", help="continue (or start) this session")
    parser.add_argument("--route", choices=("auto", "local", "cloud"), default=None, help="force a route")
    parser.add_argument("--privacy", choices=("strict",), default=None, help="never send this to the cloud")
    parser.add_argument("--max-tokens", type=int, default=None)
    parser.add_argument("--temperature", type=float, default=None)
    parser.add_argument("--top-p", type=float, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-cost", type=float, default=None, help="cloud spend cap for this request, USD")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for each message")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edged",
        description="On-device LLM inference daemon.",
        epilog=ENDPOINT_RULE,
    )
    parser.add_argument("--version", action="version", version=f"edged {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("serve", help="run the daemon in the foreground")
    _common(p)
    p.add_argument("--model-path", metavar="DIR", help="model folder ([model] path)")

    p = sub.add_parser("ask", help="ask one question; streams the answer")
    _common(p)
    p.add_argument("prompt", nargs="+")
    p.add_argument("--json", action="store_true", help="print the final reply as JSON instead of streaming")
    _generation_flags(p)

    p = sub.add_parser("chat", help="interactive chat in one session")
    _common(p)
    _generation_flags(p)

    p = sub.add_parser("status", help="daemon status: model, providers, queue, hardware, network, routes")
    _common(p)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("ping", help="check that the daemon answers")
    _common(p)

    p = sub.add_parser(
        "route",
        help="dry-run a routing decision (no generation); `edged route calibrate FILE --cloud-share X`",
    )
    _common(p)
    p.add_argument("words", nargs="+", metavar="PROMPT")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--cloud-share", type=float, help="calibrate: share of the file's traffic to send to the cloud"
    )
    p.add_argument("--offline", action="store_true", help="decide in this process, without a daemon")
    p.add_argument(
        "--corpus",
        metavar="FILE",
        help="train: the labelled corpus (default: tests/router/corpus of a checkout)",
    )
    p.add_argument(
        "--out", metavar="DIR", help="train: where to write the model (default: the package's own)"
    )
    p.add_argument(
        "--public", metavar="FILE", help="train: also measure on this labelled set (never trained on)"
    )
    _generation_flags(p)

    p = sub.add_parser(
        "eval",
        help="evaluate the router on a labelled JSONL file (routing), or end to end on the task suite (answers)",
    )
    _common(p)
    p.add_argument("what", choices=("routing", "answers"))
    p.add_argument(
        "file", nargs="?", help="routing: labelled JSONL; with --loso, a corpus (default: the checkout's)"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--loso",
        action="store_true",
        help="leave one source out: train on every other source, test on the one left out, "
        "beside the rules and LiteLLM's complexity router",
    )
    p.add_argument(
        "--profile",
        metavar="PATH",
        help="route with this model's capability profile (a model folder or a profile.json), as the daemon does",
    )
    p.add_argument(
        "--model-path", metavar="DIR", help="answers: the model folder (default: the configured [model] path)"
    )
    p.add_argument(
        "--limit", type=int, metavar="N", help="answers: the first N test tasks, round-robin over the types"
    )

    p = sub.add_parser("config", help="check or show the configuration")
    _common(p)
    p.add_argument("action", choices=("check", "show", "example"))
    p.add_argument("file", nargs="?")

    p = sub.add_parser("model", help="build or verify a model folder")
    _common(p)
    msub = p.add_subparsers(dest="model_command", metavar="ACTION")
    b = msub.add_parser("build", help="weights → ONNX with KV cache → int4/int8")
    which = b.add_mutually_exclusive_group()
    which.add_argument(
        "--source", metavar="NAME", help="a catalogued model (`edged model list`); default qwen2.5-coder-1.5b"
    )
    which.add_argument(
        "--from", dest="from_path", metavar="PATH", help="a Hugging Face folder or a GGUF file"
    )
    b.add_argument("--precision", choices=("int4", "int8", "fp32"), default="int4")
    b.add_argument(
        "--target", choices=("cpu", "cuda"), default="cpu", help="cuda: fp16 I/O for CUDA/TensorRT"
    )
    b.add_argument("--output", metavar="DIR")
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")
    b.add_argument("--quiet", action="store_true")
    b.add_argument(
        "--keep-gguf",
        action="store_true",
        help="keep a catalogued model's joined GGUF file in the build cache",
    )
    b.add_argument(
        "--block-size",
        type=int,
        choices=(16, 32, 64, 128, 256),
        help="weights per int4/int8 block (default: the catalogue entry's, else 32)",
    )
    b.add_argument(
        "--no-probe",
        action="store_true",
        help="do not check a new build against the shipped capability profile when their bytes differ",
    )
    ls = msub.add_parser("list", help="the catalogue, the folders built from it, their sizes and profiles")
    ls.add_argument("--json", action="store_true")
    v = msub.add_parser("verify", help="check a model folder against its manifest")
    v.add_argument("path", nargs="?")
    i = msub.add_parser("info", help="print a model folder's manifest")
    i.add_argument("path", nargs="?")
    pr = msub.add_parser(
        "profile", help="run the local-task suite's dev split on a model folder; write its profile.json"
    )
    # Also after the action, where a reader puts it; SUPPRESS keeps one given before it.
    pr.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="configuration file")
    pr.add_argument("--model", metavar="PATH", help="model folder (default: the configured [model] path)")
    pr.add_argument("--json", action="store_true", help="print the profile as JSON")
    pr.add_argument(
        "--limit-s", type=float, default=1200.0, metavar="SECONDS", help="stop after this long (default 1200)"
    )
    pr.add_argument("--types", nargs="+", metavar="TYPE", help="only these task types (default: all)")
    pr.add_argument("--max-tasks", type=int, metavar="N", help="at most N tasks, round-robin over the types")

    p = sub.add_parser("session", help="list, show or delete conversation sessions")
    _common(p)
    p.add_argument("action", choices=("list", "show", "delete"))
    p.add_argument("session_id", nargs="?")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("bench", help="benchmarks against peers (docs/benchmarks.md)")
    _common(p)
    p.add_argument(
        "what",
        choices=("models", "local", "transport", "router", "answers", "memory", "cost", "privacy", "all"),
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--write", metavar="FILE", help="write the markdown report here (bench all)")
    p.add_argument("--quick", action="store_true", help="fewer iterations (smoke test)")
    p.add_argument(
        "--models",
        metavar="A,B",
        help="models: catalogue names or model folders, comma-separated (default: the whole catalogue)",
    )
    p.add_argument(
        "--no-build",
        action="store_true",
        help="models: report a catalogued model that is not built as missing",
    )

    p = sub.add_parser("doctor", help="check this device and say what to fix")
    _common(p)
    p.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_CONFIG
    handler = globals()[f"cmd_{args.command}"]
    try:
        return int(handler(args) or 0)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"edged: {problem}", file=sys.stderr)
        return EXIT_CONFIG
    except (StartupError, ModelError) as exc:
        print(f"edged: {exc}", file=sys.stderr)
        return EXIT_STARTUP
    except DaemonUnavailable as exc:
        print(f"edged: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except EdgedError as exc:
        print(f"edged: {exc.code}: {exc}", file=sys.stderr)
        return EXIT_REQUEST
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


# -- helpers --------------------------------------------------------------------------------------


def _load_config(args: argparse.Namespace, **overrides: dict[str, Any]) -> Any:
    from edged.config import Config

    merged: dict[str, dict[str, Any]] = {k: dict(v) for k, v in overrides.items()}
    if getattr(args, "endpoint", None):
        merged.setdefault("server", {})["endpoint"] = args.endpoint
    return Config.load(args.config, overrides=merged)


def _client(args: argparse.Namespace, timeout: float = 120.0) -> Any:
    from edged.client import Client
    from edged.config import Config

    # Not _load_config: a tcp:// --endpoint put in [server] would be checked as the daemon's own
    # and need the daemon's secret key; a client needs only the config's client keys.
    target = resolve_endpoint(args.endpoint, lambda: Config.load(args.config))
    return Client(target.url, timeout=timeout, **target.client_options())


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "session_id": args.session,
        "route": args.route,
        "privacy": args.privacy,
        "max_tokens": args.max_tokens,
        "temperature": args.temperature,
        "top_p": args.top_p,
        "seed": args.seed,
        "max_cost": args.max_cost,
    }


def _messages(args: argparse.Namespace, text: str) -> list[dict[str, str]]:
    messages = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": text})
    return messages


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


# -- commands -------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    from edged.daemon import Daemon

    overrides: dict[str, dict[str, Any]] = {}
    if args.model_path:
        overrides["model"] = {"path": args.model_path}
    # Bind where the same --endpoint or $EDGED_ENDPOINT sends clients; else [server] endpoint,
    # else the built-in default (Config.endpoint).
    named = named_endpoint(args.endpoint)
    if named is not None:
        overrides["server"] = {"endpoint": named.url}
    config = _load_config(args, **overrides)
    return Daemon(config).run()


def _stream(client: Any, messages: list[dict[str, str]], options: dict[str, Any], timeout: float) -> Any:
    stream = client.generate(messages, timeout=timeout, **options)
    out = sys.stdout
    for chunk in stream:
        if chunk.event == "fallback":
            mode = chunk.body.get("mode")
            note = f"[{chunk.body.get('from')}→{chunk.body.get('to')}: {chunk.body.get('reason')}]"
            print(f"\n{note}" + ("\n" if mode == "restart" else ""), file=sys.stderr, flush=True)
            continue
        out.write(chunk.text)
        out.flush()
    out.write("\n")
    return stream.reply


def cmd_ask(args: argparse.Namespace) -> int:
    text = " ".join(args.prompt)
    with _client(args, timeout=args.timeout) as client:
        options = _options(args)
        if args.json:
            reply = client.complete(_messages(args, text), timeout=args.timeout, **options)
            _print_json(reply.raw)
            return 0
        reply = _stream(client, _messages(args, text), options, args.timeout)
        if reply is not None and os.environ.get("EDGED_VERBOSE"):
            print(f"[{reply.backend}] {reply.route.get('explanation', '')}", file=sys.stderr)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    import uuid

    session = args.session or f"chat-{uuid.uuid4().hex[:12]}"
    print(f"edged chat — session {session}; an empty line or Ctrl-D ends it.", file=sys.stderr)
    with _client(args, timeout=args.timeout) as client:
        first = True
        while True:
            try:
                line = input("you> ")
            except EOFError:
                print(file=sys.stderr)
                return 0
            if not line.strip():
                return 0
            messages = _messages(args, line) if first else [{"role": "user", "content": line}]
            first = False
            options = dict(_options(args), session_id=session)
            print("edged> ", end="", flush=True)
            try:
                reply = _stream(client, messages, options, args.timeout)
            except EdgedError as exc:
                print(f"\n[error {exc.code}: {exc}]", file=sys.stderr)
                continue
            if reply is not None:
                print(f"[{reply.backend}{', ' + reply.fallback if reply.fallback else ''}]", file=sys.stderr)


def cmd_ping(args: argparse.Namespace) -> int:
    with _client(args) as client:
        body = client.ping()
    print(f"pong from edged {body.get('version')} ({body.get('state')})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _client(args) as client:
        status = client.status()
    if args.json:
        _print_json(status)
        return 0
    model = status.get("model") or {}
    hw = status.get("hardware") or {}
    net = status.get("network") or {}
    budget = status.get("budget") or {}
    profile = status.get("profile") or {}
    socket = status.get("socket") or {}
    lines = [
        f"state      {status.get('state')}  (edged {status.get('version')}, pid {status.get('pid')}, up {status.get('uptime_s')} s)",
        f"endpoint   {status.get('endpoint')}"
        + (f"  (socket file re-bound {socket['rebinds']} time(s))" if socket.get("rebinds") else "")
        + (f"  SOCKET: {socket['problem']}" if socket.get("problem") else ""),
        f"model      {model.get('model')} [{model.get('precision')}] on {', '.join(model.get('providers') or []) or '-'}"
        + (f"  FALLBACK: {model['provider_fallback']}" if model.get("provider_fallback") else ""),
        f"profile    {profile.get('state')}: {profile.get('detail')}",
        f"queue      {status.get('queue', {}).get('depth', 0)}/{status.get('queue', {}).get('capacity', 0)}"
        f"  in flight {status.get('in_flight')}",
        "hardware   "
        + ", ".join(f"{k} {v.get('level')}" for k, v in hw.items() if isinstance(v, dict) and "level" in v),
        f"network    {net.get('state')}"
        + (f" ({net.get('rtt_ms'):.0f} ms)" if net.get("rtt_ms") else "")
        + (f" {net.get('detail')}" if net.get("detail") else ""),
        f"budget     ${budget.get('daily_spent_usd', 0):.4f} of ${budget.get('daily_cap_usd', 0):.2f} today, "
        f"${budget.get('monthly_spent_usd', 0):.4f} of ${budget.get('monthly_cap_usd', 0):.2f} this month",
        "routes     "
        + (", ".join(f"{k} {v}" for k, v in sorted((status.get("routes") or {}).items())) or "-"),
        f"privacy    {status.get('privacy', {}).get('pinned_requests', 0)} request(s) pinned local, "
        f"{status.get('privacy', {}).get('redacted_requests', 0)} sent redacted",
    ]
    print("\n".join(lines))
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    words = args.words
    if words[0] == "train":
        return _route_train(args)
    if words[0] == "calibrate":
        if len(words) != 2 or args.cloud_share is None:
            print("usage: edged route calibrate FILE --cloud-share 0.3", file=sys.stderr)
            return EXIT_CONFIG
        from edged.router.evaluate import calibrate_file

        config = _load_config(args)
        threshold = calibrate_file(Path(words[1]), args.cloud_share, config)
        if args.json:
            _print_json({"threshold": threshold, "cloud_share": args.cloud_share})
        else:
            print(
                f"[router]\nthreshold = {threshold:.4f}  # sends {args.cloud_share:.0%} of {words[1]} to the cloud"
            )
        return 0
    text = " ".join(words)
    options = _options(args)
    if args.offline:
        decision = _decide_here(args, text, options)
    else:
        with _client(args) as client:
            decision = client.route(_messages(args, text), **options)
    if args.json:
        _print_json(decision)
    else:
        print(decision["explanation"])
        print(f"task {decision['task']}; privacy {', '.join(decision['privacy']) or 'clean'}")
    return 0


def _decide_here(args: argparse.Namespace, text: str, options: dict[str, Any]) -> dict[str, Any]:
    """The decision a daemon at rest would make: the body `edged route` sends, parsed its way."""
    from edged.router.inputs import PrivacyRules, conditions_at_rest, request_params, route_request
    from edged.router.policy import decide

    config = _load_config(args)
    body = {"messages": _messages(args, text), **{k: v for k, v in options.items() if v is not None}}
    request = route_request(request_params(body, config))
    conditions = conditions_at_rest(config, cloud_configured=bool(config.cloud_endpoints))
    return decide(request, conditions, config.router, privacy=PrivacyRules.from_config(config)).to_dict()


def _route_train(args: argparse.Namespace) -> int:
    """`edged route train [--corpus FILE] [--out DIR] [--public FILE]`: fit, calibrate, write."""
    from edged.router.learned import DEFAULT_MODEL_DIR
    from edged.router.training import default_corpus, train_from_corpus

    if len(args.words) != 1:
        print("usage: edged route train [--corpus FILE] [--out DIR] [--public FILE]", file=sys.stderr)
        return EXIT_CONFIG
    corpus = Path(args.corpus) if args.corpus else default_corpus()
    out = Path(args.out) if args.out else DEFAULT_MODEL_DIR
    # The manifest records the command without this machine's paths, so a rebuild compares equal.
    command = "edged route train" + (f" --corpus {corpus.name}" if args.corpus else "")
    command += f" --public {Path(args.public).name}" if args.public else ""
    model = train_from_corpus(corpus, public=args.public, command=command)
    model.save(out)
    metrics = model.manifest["metrics"]
    if args.json:
        _print_json(
            {
                "out": str(out),
                **{k: model.manifest[k] for k in ("corpus", "command", "splits")},
                "metrics": metrics,
            }
        )
        return 0
    print(f"wrote {out} ({model.manifest['splits']['train']} training rows)")
    for name in ("dev", "test", "public"):
        if name in metrics:
            m = metrics[name]
            print(f"  {name:<7} accuracy {m['accuracy']:.4f} (rules {m['rules_accuracy']:.4f})")
    return 0


def _eval_loso(args: argparse.Namespace) -> int:
    from edged.bench.common import peer_missing
    from edged.bench.router import litellm_routes
    from edged.router.training import default_corpus, load_corpus, loso

    rows, _ = load_corpus(Path(args.file) if args.file else default_corpus())
    missing = peer_missing("litellm")
    report = loso(rows, peers={} if missing else {"litellm": litellm_routes})
    if missing:
        report.setdefault("missing", {})["litellm"] = missing
    if args.json:
        _print_json(report)
        return 0
    scorers = list(report["mean"])
    print(f"{'source':<22}{'rows':>6} " + " ".join(f"{s:>9}" for s in scorers))
    for source, entry in report["sources"].items():
        print(
            f"{source:<22}{entry['rows']:>6} "
            + " ".join(f"{entry.get(s, float('nan')):>9.3f}" for s in scorers)
        )
    print(f"{'mean':<29}" + " ".join(f"{report['mean'][s]:>9.3f}" for s in scorers))
    print(f"{'min':<29}" + " ".join(f"{report['min'][s]:>9.3f}" for s in scorers))
    for name, why in report.get("missing", {}).items():
        print(f"{name}: {why}")
    return 0


def _eval_answers(args: argparse.Namespace) -> int:
    from edged.bench.answers import run_answers

    path = Path(args.model_path) if args.model_path else _load_config(args).model_path
    if not (path / "manifest.json").is_file():
        print(f"edged eval answers: no model at {path} (run `make model`)", file=sys.stderr)
        return EXIT_STARTUP
    report = run_answers(path, limit=args.limit, stream=sys.stderr)
    if args.json:
        _print_json(report)
        return 0
    oracle = report["oracle"]
    print(
        f"{report['model']}: {report['tasks']} of {report['tasks_in_split']} test tasks; the model answers "
        f"{oracle['right']} right (oracle_local_share {report['oracle_local_share']:.3f})"
    )
    print(f"  {'router':<8} {'local_share':>11} {'local_precision':>15} {'÷ oracle':>9} {'accuracy':>9}")
    for name, r in report["routers"].items():
        cells = [r["local_share"], r["local_precision"], r["local_share_vs_oracle"], r["accuracy"]]
        share, precision, ratio, accuracy = ("-" if v is None else f"{v:.3f}" for v in cells)
        print(f"  {name:<8} {share:>11} {precision:>15} {ratio:>9} {accuracy:>9}  ({r['label']})")
    for target in report["targets"]:
        met = {True: "met", False: "missed", None: "not measured"}[target["met"]]
        print(f"  target: {target['name']} {target['target']}: {target['value']} ({met})")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from edged.router.evaluate import evaluate_file

    if args.what == "answers":
        return _eval_answers(args)
    if args.loso:
        return _eval_loso(args)
    if not args.file:
        print("usage: edged eval routing FILE [--json] (or --loso [CORPUS])", file=sys.stderr)
        return EXIT_CONFIG
    config = _load_config(args)
    report = evaluate_file(Path(args.file), config, profile=args.profile)
    if args.json:
        _print_json(report)
        return 0
    print(f"accuracy   {report['accuracy']:.4f} over {report['count']} rows")
    print(f"cloud share {report['cloud_share']:.3f}; pii_leaks {report['pii_leaks']}")
    print(f"latency    p50 {report['p50_ms']:.3f} ms, p99 {report['p99_ms']:.3f} ms")
    for source, acc in sorted(report["per_source"].items()):
        print(f"  {source:<12} {acc:.3f}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from edged.config import Config, render_toml

    if args.action == "check":
        path = args.file or args.config
        problems = Config.check(path)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(problems)} problem(s)", file=sys.stderr)
            return EXIT_CONFIG
        print(f"{path or 'configuration'}: ok")
        return 0
    if args.action == "example":
        # The schema's own defaults, not values resolved on this machine.
        print(render_toml({}, comments=True), end="")
        return 0
    config = _load_config(args)
    print(config.to_toml(), end="")
    return 0


# The build-time commands, the module each lives in, and where else to run it. Device images
# leave these modules out (deploy/yocto: they are the edged-tools package).
BUILD_TIME_COMMANDS = {
    "edged model build": ("edged.model.build", "or build models on a build host: pip install 'edged[build]'"),
    "edged bench": ("edged.bench", "or run the benchmarks from a checkout of edged: make bench"),
    "edged model profile": ("edged.bench", "or profile models on a build host: pip install 'edged[cpu]'"),
}


def _check_tools_missing(exc: ModuleNotFoundError, command: str) -> None:
    """Raise ToolsMissing if `exc` says `command`'s own modules are not installed."""
    from edged.exceptions import ToolsMissing

    module, elsewhere = BUILD_TIME_COMMANDS[command]
    name = exc.name or ""
    if name == module or name.startswith(f"{module}."):
        raise ToolsMissing(
            f"`{command}` is not part of this installation (no module {name}): device images ship "
            f"the daemon without the build-time tools. Install the edged-tools package, {elsewhere}"
        ) from None


def cmd_model(args: argparse.Namespace) -> int:
    if args.model_command == "profile":
        return _model_profile(args)
    if args.model_command == "build":
        import logging

        try:
            from edged.model.build import build_model
        except ModuleNotFoundError as exc:
            _check_tools_missing(exc, "edged model build")
            raise

        from edged.model.catalogue import get

        logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
        result = build_model(
            Path(args.output) if args.output else None,
            source=Path(args.from_path) if args.from_path else get(args.source) if args.source else None,
            precision=args.precision,
            target=args.target,
            force=args.force,
            quiet=args.quiet,
            keep_gguf=args.keep_gguf,
            block_size=args.block_size,
        )
        state = "built" if result.built else "up to date"
        size = sum(f["bytes"] for f in result.manifest.files.values()) / 1e6
        print(
            f"{result.path}: {state} ({result.manifest.name}, {size:.1f} MB, build key {result.manifest.build_key[:12]})"
        )
        if result.built and not args.no_probe:
            _probe_profile(args, result.path)
        return 0
    if args.model_command == "list":
        return _model_list(args)
    from edged.model.manifest import Manifest, verify_folder

    path = Path(args.path) if args.path else _load_config(args).model_path
    manifest = Manifest.read(path)
    if args.model_command == "verify":
        verify_folder(path, manifest, "hash")
        print(f"{path}: {len(manifest.files)} files match manifest.json")
        return 0
    if args.model_command == "info":
        _print_json(manifest.to_dict())
        return 0
    print("usage: edged model {build,list,verify,info}", file=sys.stderr)
    return EXIT_CONFIG


def _probe_profile(args: argparse.Namespace, folder: Path) -> None:
    """A fresh build whose bytes differ from the reference build's gets the shipped capability
    profile once its first answers match the reference's (edged.bench.capability)."""
    try:
        from edged.bench.capability import probe_shipped_profile
    except ModuleNotFoundError:  # a runtime-only install: `edged model profile` on a build host
        return
    result = probe_shipped_profile(folder, _load_config(args), stream=sys.stderr)
    if result is None:
        return
    if result["installed"]:
        print(f"{folder}: capability profile: {result['detail']}")
    else:
        print(
            f"{folder}: capability profile: the shipped one does not apply ({result['detail']}); "
            "routing decides on difficulty alone until `edged model profile` measures this build",
            file=sys.stderr,
        )


def _model_list(args: argparse.Namespace) -> int:
    from edged.model.catalogue import CATALOGUE, inventory, packages_label
    from edged.tasks import suite_digest

    configured = _load_config(args).model_path
    listing = inventory([Path("models"), configured.parent], configured, suite_digest())
    if args.json:
        _print_json(listing)
        return 0
    print("catalogue (edged model build --source NAME)")
    for entry in listing["catalogue"]:
        model = CATALOGUE[entry["name"]]
        print(
            f"  {model.name:<20} {model.display_name:<29} {model.quant:<7} {model.size / 1e6:>6,.0f} MB  "
            f"{model.license:<11} {packages_label(model)}"
        )
    print("built")
    if not listing["built"]:
        print("  none (make model, or edged model build --source NAME)")
    for row in listing["built"]:
        if "error" in row:
            print(f"  {row['path']}  unreadable: {row['error']}")
            continue
        print(
            f"  {row['path']}  {row['catalogue'] or '(not catalogued)'}  {row['precision']}  "
            f"{row['bytes'] / 1e6:,.0f} MB  profile {row['profile']}"
            + (
                f" ({row['profile_overall']:.0%} of dev tasks right)"
                if row.get("profile_overall") is not None
                else ""
            )
            + ("  (configured)" if row["configured"] else "")
        )
    return 0


def _model_profile(args: argparse.Namespace) -> int:
    try:
        from edged.bench.capability import profile_model
    except ModuleNotFoundError as exc:
        _check_tools_missing(exc, "edged model profile")
        raise

    config = _load_config(args)
    path = Path(args.model) if args.model else config.model_path
    profile = profile_model(
        path, config, types=args.types, limit_s=args.limit_s, max_tasks=args.max_tasks, stream=sys.stderr
    )
    if args.json:
        _print_json(profile)
        return 0
    run, overall = profile["run"], profile["overall"]
    low, high = overall["ci95"]
    print(
        f"{path}: {overall['right']}/{overall['n']} right ({overall['rate']:.1%}, 95 % CI {low:.0%}-{high:.0%}); "
        f"{run['tasks_run']} of {run['tasks_planned']} dev tasks in {run['elapsed_s']:.0f} s"
        + (" (stopped at --limit-s)" if run["stopped"] == "limit" else "")
    )
    print(f"  {'type':<12} {'n':>4} {'right':>6} {'rate':>6}  95 % CI")
    for kind, row in profile["per_type"].items():
        low, high = row["ci95"]
        print(f"  {kind:<12} {row['n']:>4} {row['right']:>6} {row['rate']:>6.0%}  {low:.0%}-{high:.0%}")
    print(f"  {'signal':<18} {'right':>8} {'wrong':>8} {'AUC':>6}  (AUC: P[a right answer scores higher])")
    for name, row in profile["signals"].items():
        cells = [row["mean_right"], row["mean_wrong"], row["auc"]]
        right, wrong, auc = ("-" if v is None else f"{v:.3f}" for v in cells)
        print(f"  {name:<18} {right:>8} {wrong:>8} {auc:>6}")
    print(f"wrote {path / 'profile.json'}")
    return 0


def cmd_session(args: argparse.Namespace) -> int:
    with _client(args) as client:
        if args.action == "list":
            rows = client.sessions()
            if args.json:
                _print_json(rows)
            else:
                for row in rows:
                    print(
                        f"{row.get('session_id')}  turns {row.get('turns')}  "
                        f"{'pinned ' if row.get('pinned') else ''}updated {row.get('updated_at')}"
                    )
            return 0
        if not args.session_id:
            print(f"usage: edged session {args.action} SESSION_ID", file=sys.stderr)
            return EXIT_CONFIG
        if args.action == "show":
            session = client.session(args.session_id)
            if args.json:
                _print_json(session)
            else:
                for turn in session.get("turns", []):
                    tag = f" [{turn.get('backend')}]" if turn.get("backend") else ""
                    print(f"{turn.get('role')}{tag}: {turn.get('content')}")
            return 0
        client.delete_session(args.session_id)
        print(f"deleted {args.session_id}")
        return 0


def cmd_bench(args: argparse.Namespace) -> int:
    try:
        from edged.bench import run_bench
    except ModuleNotFoundError as exc:
        _check_tools_missing(exc, "edged bench")
        raise

    return run_bench(args)


def cmd_doctor(args: argparse.Namespace) -> int:
    from edged.doctor import run_doctor

    return run_doctor(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
