"""Configuration: embedded defaults, an optional TOML file, `EDGED_*` environment overrides.

The field list lives in one place: the section dataclasses below. Each field's metadata carries
its documentation and its check, so `edged config check`, `edged config show` and the installed
example file (`deploy/edged.toml`) are all generated from it.

Usage::

    config = Config.load()                      # /etc/edged/edged.toml if present, else defaults
    config = Config.load("edged.toml")          # a given file; a missing file is a ConfigError
    problems = Config.check("edged.toml")       # every problem, each with its location

Environment overrides are `EDGED_<SECTION>_<KEY>`, e.g. `EDGED_ROUTER_THRESHOLD=0.4` or
`EDGED_SERVER_ENDPOINT=ipc:///tmp/edged.sock`. Lists are comma-separated. The cloud API key is
never a config value: it comes from `[cloud] api_key_file`, `$CREDENTIALS_DIRECTORY/cloud-api-key`
or `EDGED_CLOUD_API_KEY`.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from edged._defaults import ENDPOINT_ENV, default_endpoint, first_dir
from edged._urls import without_userinfo
from edged.exceptions import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 (JetPack 6)
    import tomli as tomllib  # type: ignore[import-not-found,no-redef]

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "DEFAULT_MODEL_NAME",
    "BudgetConfig",
    "CloudConfig",
    "CloudEndpoint",
    "Config",
    "FallbackConfig",
    "LoggingConfig",
    "ModelConfig",
    "PrivacyConfig",
    "Range",
    "RouterConfig",
    "ServerConfig",
    "StateConfig",
    "TelemetryConfig",
    "default_cache_dir",
    "default_endpoint",
    "default_state_dir",
    "render_toml",
]

DEFAULT_CONFIG_FILE = Path("/etc/edged/edged.toml")
DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-int4"  # edged.model.catalogue.DEFAULT_MODEL's folder
CREDENTIAL_NAME = "cloud-api-key"

Check = Callable[[Any], str | None]


def _opt(default: Any, doc: str, check: Check | None = None, *, choices: tuple[str, ...] = ()) -> Any:
    meta: dict[str, Any] = {"doc": doc, "check": check, "choices": choices}
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Range:
    """A field's bounds, inclusive; None: open on that side. A value object so tools can read them."""

    lo: float | None = None
    hi: float | None = None

    def __call__(self, value: Any) -> str | None:
        if self.lo is not None and value < self.lo:
            return f"must be ≥ {self.lo}"
        if self.hi is not None and value > self.hi:
            return f"must be ≤ {self.hi}"
        return None


_range = Range


def _endpoint_check(value: Any) -> str | None:
    if value == "":
        return None
    if not re.match(r"^(ipc|tcp)://.+", value):
        return "must be an ipc:// or tcp:// endpoint"
    return None


def _context_check(value: Any) -> str | None:
    if value != 0 and value < 16:
        return "must be 0 (from the device's memory) or ≥ 16"
    return None


def _url_check(value: Any) -> str | None:
    if value == "":
        return None
    if not re.match(r"^https?://[^\s/]+", value):
        return "must be an http:// or https:// URL"
    return None


def _mode_check(value: Any) -> str | None:
    if not re.fullmatch(r"0?[0-7]{3}", value):
        return "must be an octal file mode such as '0660'"
    return None


# -- sections ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerConfig:
    endpoint: str = _opt(
        "",
        "Where apps connect. Empty: ipc://$RUNTIME_DIRECTORY/edged.sock under systemd, "
        "/run/edged/edged.sock as root, else $XDG_RUNTIME_DIR/edged/edged.sock. "
        "tcp:// needs the CURVE key files below.",
        _endpoint_check,
    )
    socket_mode: str = _opt("0660", "File mode of the ipc:// socket.", _mode_check)
    socket_check_s: float = _opt(
        1.0,
        "How often the daemon checks that its ipc:// socket file is still there and its own, and "
        "binds it again if not (a tmp cleaner deleted it). 0: only on SIGHUP.",
        _range(0, 3600),
    )
    max_request_bytes: int = _opt(
        1_048_576, "Largest request body accepted; larger ones get a payload_too_large error.", _range(1024)
    )
    max_message_bytes: int = _opt(
        8_388_608,
        "ZeroMQ MAXMSGSIZE: a message over this drops the connection without a reply. "
        "Keep it above max_request_bytes.",
        _range(4096),
    )
    queue_size: int = _opt(
        8, "Local generations waiting for the model; more get a busy error.", _range(1, 10_000)
    )
    max_in_flight: int = _opt(256, "Requests in flight over all clients; more get a busy error.", _range(1))
    request_timeout_s: float = _opt(300.0, "Longest a generate request may take, end to end.", _range(1))
    shutdown_timeout_s: float = _opt(
        10.0, "On SIGTERM, how long in-flight requests may finish before they are ended.", _range(0)
    )
    send_hwm: int = _opt(10_000, "ZeroMQ SNDHWM: queued outgoing messages per client.", _range(1))
    recv_hwm: int = _opt(10_000, "ZeroMQ RCVHWM: queued incoming messages per client.", _range(1))
    curve_secret_key_file: str = _opt("", "tcp:// only: the server's CURVE secret key (zmq.auth format).")
    curve_authorized_keys_dir: str = _opt("", "tcp:// only: folder of the clients' CURVE public keys.")
    curve_server_key_file: str = _opt("", "Clients over tcp://: the server's CURVE public key.")
    curve_client_key_file: str = _opt("", "Clients over tcp://: this client's CURVE secret key.")


@dataclass(frozen=True)
class ModelConfig:
    path: str = _opt(
        "",
        f"Model folder (built by `edged model build`). Empty: models/{DEFAULT_MODEL_NAME} in the "
        f"working directory, else /usr/share/edged/models/{DEFAULT_MODEL_NAME}.",
    )
    providers: list[str] = _opt(
        [],
        "ONNX Runtime execution providers in order, e.g. ['TensorrtExecutionProvider', "
        "'CUDAExecutionProvider', 'CPUExecutionProvider']. Empty: TensorRT, CUDA, CPU, those available.",
    )
    provider_mismatch: str = _opt(
        "error",
        "If the session runs on another provider than the first one asked for: 'error' refuses to "
        "start, 'fallback' logs it, reports it in status and carries on.",
        choices=("error", "fallback"),
    )
    threads: int = _opt(0, "Intra-op threads; 0: one per physical core.", _range(0, 256))
    spin: bool = _opt(
        True, "Let ORT worker threads spin between ops: faster decode, more CPU burned while busy."
    )
    huge_pages: bool = _opt(
        True,
        "CPU: once the model is loaded, collapse its weights into transparent huge pages "
        "(madvise; Linux). Decode reads every weight per token; huge pages spare the TLB misses.",
    )
    context_length: int = _opt(
        0,
        "Tokens of prompt plus completion the engine allows (capped by the model's own). 0: from the "
        "device's memory, a quarter of what is available after the weights load, at most 4096.",
        _context_check,
    )
    default_max_tokens: int = _opt(256, "max_tokens when a request does not say.", _range(1))
    default_repetition_penalty: float = _opt(
        1.1,
        "repetition_penalty when a request does not say: small models loop without one (1.0: off).",
        _range(0.5, 2.0),
    )
    max_tokens_limit: int = _opt(2048, "Largest max_tokens a request may ask for.", _range(1))
    generation_timeout_s: float = _opt(120.0, "A local generation running longer is stopped.", _range(1))
    verify: str = _opt(
        "hash",
        "Check model files at load: 'hash' (sha256 of every file), 'size', or 'off'.",
        choices=("hash", "size", "off"),
    )
    trt_fp16: bool = _opt(True, "TensorRT: allow fp16 kernels.")
    trt_workspace_mb: int = _opt(1024, "TensorRT: builder workspace ceiling in MiB.", _range(64))
    trt_optimization_level: int = _opt(3, "TensorRT: builder optimization level 0-5.", _range(0, 5))
    trt_cache_dir: str = _opt(
        "", "TensorRT engine and timing cache. Empty: $CACHE_DIRECTORY/trt or the user cache dir."
    )
    cuda_mem_limit_mb: int = _opt(0, "CUDA: cap on the BFC arena in MiB; 0: no cap.", _range(0))
    device_id: int = _opt(0, "CUDA / TensorRT device index.", _range(0))


@dataclass(frozen=True)
class CloudEndpoint:
    """One OpenAI-compatible endpoint (NIM, vLLM, OpenAI, a LiteLLM proxy)."""

    name: str = _opt("", "A short name for logs, status and the ledger. Empty: the URL's host.")
    base_url: str = _opt(
        "", "Base URL up to /v1, as [cloud] base_url, e.g. https://integrate.api.nvidia.com/v1.", _url_check
    )
    model: str = _opt("", "Model name sent in each request.")
    api_key_file: str = _opt("", "File holding the API key (one line).")
    api_key_env: str = _opt("", "Environment variable holding the API key.")
    price_input_per_1k: float = _opt(0.0, "USD per 1,000 prompt tokens.", _range(0))
    price_output_per_1k: float = _opt(0.0, "USD per 1,000 completion tokens.", _range(0))
    context_length: int = _opt(32768, "Prompt plus completion tokens the endpoint accepts.", _range(16))


@dataclass(frozen=True)
class CloudConfig:
    base_url: str = _opt(
        "",
        "The preferred endpoint's base URL up to /v1. Empty: no cloud; everything runs locally. "
        "A user:password@ in it is sent as HTTP basic auth (unless an API key is set) and shown nowhere.",
        _url_check,
    )
    model: str = _opt("", "Model name sent to the preferred endpoint.")
    api_key_file: str = _opt(
        "",
        "File holding the API key. Also read: $CREDENTIALS_DIRECTORY/cloud-api-key (systemd "
        "LoadCredential=) and EDGED_CLOUD_API_KEY.",
    )
    price_input_per_1k: float = _opt(0.0, "USD per 1,000 prompt tokens at the preferred endpoint.", _range(0))
    price_output_per_1k: float = _opt(
        0.0, "USD per 1,000 completion tokens at the preferred endpoint.", _range(0)
    )
    context_length: int = _opt(
        32768, "Prompt plus completion tokens the preferred endpoint accepts.", _range(16)
    )
    endpoints: list[CloudEndpoint] = _opt([], "More endpoints, in order of preference ([[cloud.endpoints]]).")
    stream: bool = _opt(True, "Stream replies (SSE) from the cloud.")
    connect_timeout_s: float = _opt(5.0, "TCP and TLS connect timeout.", _range(0.01))
    first_token_timeout_s: float = _opt(30.0, "Longest wait for the first streamed token.", _range(0.01))
    total_timeout_s: float = _opt(120.0, "Longest a cloud call may take.", _range(0.01))
    max_retries: int = _opt(2, "Retries per endpoint on connection errors, 429 and 5xx.", _range(0, 10))
    backoff_base_s: float = _opt(0.25, "First retry delay; doubles each try, with jitter.", _range(0))
    backoff_max_s: float = _opt(8.0, "Longest retry delay (also caps Retry-After).", _range(0))
    breaker_failures: int = _opt(
        5, "Consecutive failures that open an endpoint's circuit breaker.", _range(1)
    )
    breaker_cooldown_s: float = _opt(
        30.0, "How long an open breaker waits before a half-open probe.", _range(0)
    )
    breaker_hangs: int = _opt(
        1,
        "First-token timeouts in a row that open an endpoint's breaker: it took the request and sent "
        "nothing back. Requests then go local at once until a half-open call gets a token.",
        _range(1),
    )
    probe_interval_s: float = _opt(30.0, "Reachability probe period while the network is up.", _range(0.1))
    probe_timeout_s: float = _opt(3.0, "Reachability probe timeout.", _range(0.01))
    probe_max_interval_s: float = _opt(300.0, "Longest probe period, backing off while down.", _range(0.1))
    probe_slow_ms: float = _opt(1500.0, "A probe round trip over this marks the network degraded.", _range(1))


@dataclass(frozen=True)
class RouterConfig:
    threshold: float = _opt(
        0.5,
        "Base complexity threshold in [0, 1]: a request scoring at or above the effective "
        "threshold goes to the cloud. `edged route calibrate` picks one for a traffic sample.",
        _range(0, 1),
    )
    scorer: str = _opt(
        "learned",
        "Where the difficulty score comes from. 'learned': the model shipped in the package "
        "(edged/router/difficulty, trained by `edged route train` on a corpus of public prompts from "
        "many sources), which reads the rules' evidence as some of its inputs; 'rules': the hand-set "
        "rules alone. Without a readable shipped model the rules decide and `edged doctor` says why.",
        choices=("learned", "rules"),
    )
    local_quality: float = _opt(
        0.8,
        "With a capability profile (the model folder's profile.json): a request stays local only when "
        "the chance that the local model answers it correctly, estimated from its task type, its "
        "difficulty and the profile, is at least this (moved by the same device and budget shifts "
        "as the threshold, the other way). Without one, the threshold decides.",
        _range(0, 1),
    )
    privacy: str = _opt(
        "auto",
        "'auto': requests with personal or secret data are pinned local; 'strict': every request is.",
        choices=("auto", "strict"),
    )
    offline: str = _opt(
        "best_effort",
        "Network down and the policy wants the cloud: 'best_effort' answers locally, flagged "
        "offline; 'strict' returns a cloud_required error.",
        choices=("best_effort", "strict"),
    )
    pressure_elevated_shift: float = _opt(
        0.1, "Threshold drop while memory, thermal or GPU pressure is elevated.", _range(0, 1)
    )
    pressure_critical_shift: float = _opt(
        0.25, "Threshold drop while any pressure is critical.", _range(0, 1)
    )
    battery_low_pct: float = _opt(
        30.0, "Battery at or under this, discharging: escalate more.", _range(0, 100)
    )
    battery_shift: float = _opt(0.15, "Threshold drop on low battery while the network is up.", _range(0, 1))
    budget_low_fraction: float = _opt(
        0.2, "Under this share of the daily or monthly budget left: escalate less.", _range(0, 1)
    )
    budget_shift: float = _opt(0.2, "Threshold rise when the budget runs low.", _range(0, 1))
    queue_latency_s: float = _opt(5.0, "Expected local wait at or over this: escalate more.", _range(0))
    queue_shift: float = _opt(0.1, "Threshold drop while the local queue is slow.", _range(0, 1))


def _terms_check(value: Any) -> str | None:
    for i, term in enumerate(value):
        if len(term.strip()) < 2:
            return f"entry {i} ({term!r}) is too short to be a term (2 characters or more)"
    return None


def _patterns_check(value: Any) -> str | None:
    for i, pattern in enumerate(value):
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            return f"entry {i} ({pattern!r}) is not a regular expression: {exc.msg} at position {exc.pos}"
        if compiled.fullmatch(""):
            return f"entry {i} ({pattern!r}) matches the empty string, so it would match everywhere"
    return None


@dataclass(frozen=True)
class PrivacyConfig:
    """`[privacy]`: personal data beyond the built-in kinds, and what a cloud-bound request with it does."""

    action: str = _opt(
        "pin",
        "A request with personal or secret data: 'pin' keeps it on the device; 'redact' lets it go to "
        "the cloud with each finding replaced by a typed placeholder (<EMAIL_1>), and puts the values "
        "back into the answer on the device. A request that asks for strict privacy is always pinned.",
        choices=("pin", "redact"),
    )
    terms: list[str] = _opt(
        [],
        "Your own words that count as personal data (whole words, any case): internal host names, "
        "customer or project names.",
        _terms_check,
    )
    patterns: list[str] = _opt(
        [],
        "Your own regular expressions (Python syntax) whose matches count as personal data.",
        _patterns_check,
    )


@dataclass(frozen=True)
class FallbackConfig:
    local_to_cloud: bool = _opt(
        True, "A failed or degenerate local answer runs again on the cloud, if allowed."
    )
    cloud_to_local: bool = _opt(True, "A failed cloud call is answered by the local model.")
    min_mean_logprob: float = _opt(
        -2.5,
        "A local answer whose mean token log-probability is under this is low confidence.",
        _range(-100, 0),
    )
    max_repetition_ratio: float = _opt(
        0.5, "A local answer whose repeated n-gram share is over this is degenerate.", _range(0, 1)
    )
    stream_cut: str = _opt(
        "continue",
        "A cloud stream cut mid-way: 'continue' lets the local model carry on from the text so "
        "far (or restarts, when that text leaves it no room), 'restart' answers again from the start.",
        choices=("continue", "restart"),
    )
    max_first_token_wait_s: float = _opt(
        5.0,
        "Longest a request waits, from its start, for the cloud's first streamed token; then the "
        "local model answers it. 0: only [cloud] first_token_timeout_s applies.",
        _range(0),
    )


@dataclass(frozen=True)
class BudgetConfig:
    daily_usd: float = _opt(1.0, "Cloud spend cap per UTC day; 0: no cloud spend at all.", _range(0))
    monthly_usd: float = _opt(20.0, "Cloud spend cap per UTC month; 0: no cloud spend at all.", _range(0))


@dataclass(frozen=True)
class TelemetryConfig:
    period_s: float = _opt(2.0, "Sampling period of the hardware monitor.", _range(0.05))
    root: str = _opt(
        "/", "Filesystem root the sysfs and procfs readers start from (tests use fixture trees)."
    )
    battery_supply: str = _opt(
        "", "A /sys/class/power_supply name to read as the battery (fuel gauges psutil misses)."
    )
    nvml: bool = _opt(True, "Read discrete-GPU figures through NVML (nvidia-ml-py) when present.")
    mem_elevated_pct: float = _opt(20.0, "Available memory under this % of total: elevated.", _range(0, 100))
    mem_critical_pct: float = _opt(10.0, "Available memory under this % of total: critical.", _range(0, 100))
    temp_elevated_c: float = _opt(75.0, "Hottest zone at or over this: elevated.", _range(0, 200))
    temp_critical_c: float = _opt(85.0, "Hottest zone at or over this: critical.", _range(0, 200))
    gpu_elevated_pct: float = _opt(
        85.0, "GPU utilisation or memory at or over this %: elevated.", _range(0, 100)
    )
    gpu_critical_pct: float = _opt(
        95.0, "GPU utilisation or memory at or over this %: critical.", _range(0, 100)
    )
    hysteresis: float = _opt(
        0.1, "A level is left only when the reading is this fraction back past the threshold.", _range(0, 1)
    )


@dataclass(frozen=True)
class StateConfig:
    """`[state]`: the state directory (systemd's StateDirectory=) and how long the store keeps sessions."""

    dir: str = _opt(
        "",
        "Ledger and sessions. Empty: $STATE_DIRECTORY under systemd, /var/lib/edged as root, "
        "else $XDG_STATE_HOME/edged.",
    )
    session_ttl_s: float = _opt(7 * 86400.0, "Sessions idle longer than this are deleted.", _range(1))
    session_max_turns: int = _opt(200, "Oldest turns beyond this are dropped from a session.", _range(2))


@dataclass(frozen=True)
class LoggingConfig:
    level: str = _opt("info", "Log level.", choices=("debug", "info", "warning", "error"))
    format: str = _opt(
        "auto",
        "'auto' (journald under systemd, else plain), 'plain', 'journal' or 'json'.",
        choices=("auto", "plain", "journal", "json"),
    )
    access_log: bool = _opt(True, "One line per request on the edged.access logger.")
    log_prompts: bool = _opt(False, "Put prompt text in debug logs. Never on in production.")


SECTIONS: dict[str, type[Any]] = {
    "server": ServerConfig,
    "model": ModelConfig,
    "cloud": CloudConfig,
    "router": RouterConfig,
    "privacy": PrivacyConfig,
    "fallback": FallbackConfig,
    "budget": BudgetConfig,
    "telemetry": TelemetryConfig,
    "state": StateConfig,
    "logging": LoggingConfig,
}


@dataclass(frozen=True)
class Config:
    """The effective configuration of one daemon or client.

    **Parameters:** one frozen section object per TOML table, each defaulting to the embedded
    defaults; `source` names the file it came from, if any.
    """

    server: ServerConfig = field(default_factory=ServerConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    cloud: CloudConfig = field(default_factory=CloudConfig)
    router: RouterConfig = field(default_factory=RouterConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    fallback: FallbackConfig = field(default_factory=FallbackConfig)
    budget: BudgetConfig = field(default_factory=BudgetConfig)
    telemetry: TelemetryConfig = field(default_factory=TelemetryConfig)
    state: StateConfig = field(default_factory=StateConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    source: str | None = None

    # -- loading ---------------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Config:
        """Load `path` (or $EDGED_CONFIG, or /etc/edged/edged.toml if present), then the environment.

        `overrides` (section → key → value, e.g. from command-line flags) win over both.
        Raises `ConfigError` listing every problem.
        """
        env = os.environ if env is None else env
        file = _pick_file(path, env)
        data: dict[str, Any] = {}
        text = ""
        problems: list[str] = []
        if file is not None:
            text, data = _read_toml(file)
        _apply_env(data, env, problems)
        for section, values in (overrides or {}).items():
            data.setdefault(section, {}).update({k: v for k, v in values.items() if v is not None})
        config = _build(data, text, str(file) if file else "<defaults>", problems)
        if problems:
            raise ConfigError(
                f"{len(problems)} problem(s) in the configuration: " + "; ".join(problems), problems=problems
            )
        return dataclasses.replace(config, source=str(file) if file else None)

    @classmethod
    def check(
        cls, path: str | os.PathLike[str] | None = None, *, env: Mapping[str, str] | None = None
    ) -> list[str]:
        """Every problem in a configuration file and the environment, each with its location."""
        try:
            cls.load(path, env=env)
        except ConfigError as exc:
            return exc.problems
        return []

    def replace(self, **sections: Any) -> Config:
        return dataclasses.replace(self, **sections)

    # -- derived values --------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return self.server.endpoint or default_endpoint()

    @property
    def state_dir(self) -> Path:
        return Path(self.state.dir) if self.state.dir else default_state_dir()

    @property
    def trt_cache_dir(self) -> Path:
        return Path(self.model.trt_cache_dir) if self.model.trt_cache_dir else default_cache_dir() / "trt"

    @property
    def model_path(self) -> Path:
        if self.model.path:
            return Path(self.model.path).expanduser()
        for candidate in (
            Path.cwd() / "models" / DEFAULT_MODEL_NAME,
            Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME,
            Path("/usr/share/edged/models") / DEFAULT_MODEL_NAME,
        ):
            if candidate.is_dir():
                return candidate
        return Path.cwd() / "models" / DEFAULT_MODEL_NAME

    @property
    def cloud_endpoints(self) -> list[CloudEndpoint]:
        """The configured endpoints in order of preference; empty when no cloud is set up."""
        endpoints: list[CloudEndpoint] = []
        if self.cloud.base_url:
            endpoints.append(
                CloudEndpoint(
                    name="",
                    base_url=self.cloud.base_url,
                    model=self.cloud.model,
                    api_key_file=self.cloud.api_key_file,
                    api_key_env="",
                    price_input_per_1k=self.cloud.price_input_per_1k,
                    price_output_per_1k=self.cloud.price_output_per_1k,
                    context_length=self.cloud.context_length,
                )
            )
        endpoints.extend(self.cloud.endpoints)
        named = []
        for ep in endpoints:
            if not ep.name:
                host = re.sub(r"^https?://", "", without_userinfo(ep.base_url)).split("/")[0]
                ep = dataclasses.replace(ep, name=host or "cloud")
            named.append(ep)
        return named

    def to_dict(self, *, redact: bool = True) -> dict[str, Any]:
        """Every section's values; `redact` drops credentials written into the cloud URLs."""
        out: dict[str, Any] = {}
        for name in SECTIONS:
            out[name] = _section_dict(getattr(self, name))
        if redact:
            cloud = out["cloud"]
            for table in (cloud, *cloud["endpoints"]):
                table["base_url"] = without_userinfo(table["base_url"])
        out["server"]["endpoint"] = self.endpoint
        out["state"]["dir"] = str(self.state_dir)
        out["model"]["path"] = str(self.model_path)
        return out

    def to_toml(self) -> str:
        """`edged config show`: the effective values, as TOML that loads back to this configuration.

        Credentials written into a cloud URL are left out, as the API key is: this is for showing.
        """
        source = _toml_comment(self.source or "embedded defaults")
        header = f"# effective configuration (from {source} and the environment)\n"
        return header + render_toml(self.to_dict(), comments=False)


# -- defaults that depend on the environment -----------------------------------------------------


def default_state_dir() -> Path:
    state = first_dir("STATE_DIRECTORY")
    if state:
        return Path(state)
    if os.geteuid() == 0:
        return Path("/var/lib/edged")
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "edged"


def default_cache_dir() -> Path:
    cache = first_dir("CACHE_DIRECTORY")
    if cache:
        return Path(cache)
    if os.geteuid() == 0:
        return Path("/var/cache/edged")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "edged"


# -- internals -----------------------------------------------------------------------------------


def _pick_file(path: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path | None:
    if path is not None:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"{file}: no such configuration file")
        return file
    if env.get("EDGED_CONFIG"):
        file = Path(env["EDGED_CONFIG"])
        if not file.is_file():
            raise ConfigError(f"{file}: no such configuration file (from EDGED_CONFIG)")
        return file
    return DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.is_file() else None


def _read_toml(file: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read: {exc}") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from exc


def _locate(text: str, section: str, key: str | None) -> int | None:
    """Line number of `key` inside `[section]` (or of the table header), for error messages."""
    current = None
    header_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        m = re.match(r"^\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?", stripped)
        if m:
            current = m.group(1)
            if current == section and header_line is None:
                header_line = number
            continue
        if key is not None and current == section and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return header_line


def _where(source: str, text: str, section: str, key: str | None) -> str:
    line = _locate(text, section, key) if text else None
    loc = f"{source}:{line}" if line else source
    name = f"[{section}] {key}" if key else f"[{section}]"
    return f"{loc}: {name}"


def _apply_env(data: dict[str, Any], env: Mapping[str, str], problems: list[str]) -> None:
    for var, raw in env.items():
        if not var.startswith("EDGED_") or var in ("EDGED_CONFIG", "EDGED_CLOUD_API_KEY", ENDPOINT_ENV):
            continue
        rest = var[len("EDGED_") :].lower()
        section = next((s for s in SECTIONS if rest.startswith(s + "_")), None)
        if section is None:
            continue  # other EDGED_* variables (test switches, tools) are not config keys
        key = rest[len(section) + 1 :]
        hints = _hints(SECTIONS[section])
        if key not in hints:
            problems.append(f"${var}: unknown key {key!r} in [{section}]{_suggest(key, hints)}")
            continue
        data.setdefault(section, {})[key] = _ParsedEnv(var, raw)


@dataclass(frozen=True)
class _ParsedEnv:
    var: str
    raw: str


def _hints(cls: type[Any]) -> dict[str, Any]:
    return get_type_hints(cls)


def _suggest(key: str, options: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(key, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _coerce(value: Any, hint: Any, where: str, problems: list[str]) -> Any:
    """Convert a TOML or environment value to the field's type, or record why not."""
    if isinstance(value, _ParsedEnv):
        where = f"${value.var}"
        value = _from_env(value, hint, where, problems)
        if value is _INVALID:
            return _INVALID
    origin = get_origin(hint)
    if hint is bool:
        if not isinstance(value, bool):
            problems.append(f"{where}: expected true or false, got {value!r}")
            return _INVALID
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(f"{where}: expected an integer, got {value!r}")
            return _INVALID
        if not _INT64_MIN <= value <= _INT64_MAX:
            # tomllib reads any size, but TOML integers are 64-bit: `config show` could not write it.
            problems.append(f"{where}: {value} is out of range (a TOML integer is 64-bit)")
            return _INVALID
        return value
    if hint is float:
        # NaN passes every range check (each comparison is false): refuse it outright.
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            problems.append(f"{where}: expected a number, got {value!r}")
            return _INVALID
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            problems.append(f"{where}: expected a string, got {value!r}")
            return _INVALID
        if not _is_unicode(value):
            problems.append(f"{where}: {value!r} is not valid Unicode text (undecodable bytes?)")
            return _INVALID
        return value
    if origin is list:
        (item,) = get_args(hint)
        if not isinstance(value, list):
            problems.append(f"{where}: expected a list, got {value!r}")
            return _INVALID
        if item is str:
            bad = [v for v in value if not isinstance(v, str)]
            if bad:
                problems.append(f"{where}: expected a list of strings, got {bad[0]!r} in it")
                return _INVALID
            bad = [v for v in value if not _is_unicode(v)]
            if bad:
                problems.append(f"{where}: {bad[0]!r} is not valid Unicode text (undecodable bytes?)")
                return _INVALID
            return list(value)
        if dataclasses.is_dataclass(item):
            out = []
            for i, entry in enumerate(value):
                if not isinstance(entry, dict):
                    problems.append(f"{where}[{i}]: expected a table, got {entry!r}")
                    continue
                out.append(_section(item, entry, f"{where}[{i}]", "", "", problems))  # type: ignore[arg-type]
            return out
    raise TypeError(f"unsupported config type {hint!r}")  # a bug in the schema, not in the file


_INVALID = object()
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _is_unicode(text: str) -> bool:
    # os.environ and argv carry undecodable bytes as lone surrogates, which no TOML file can hold.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _from_env(value: _ParsedEnv, hint: Any, where: str, problems: list[str]) -> Any:
    raw = value.raw.strip()
    where = f"${value.var}"
    try:
        if hint is bool:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError
        if hint is int:
            return int(raw)
        if hint is float:
            return float(raw)
        if hint is str:
            return value.raw
        if get_origin(hint) is list and get_args(hint)[0] is str:
            return [part.strip() for part in raw.split(",") if part.strip()]
    except ValueError:
        pass
    problems.append(f"{where}: cannot read {value.raw!r} as {getattr(hint, '__name__', hint)}")
    return _INVALID


def _section(
    cls: type[Any], table: Mapping[str, Any], label: str, source: str, text: str, problems: list[str]
) -> Any:
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    section_name = label
    for key, value in table.items():
        where = _where(source, text, section_name, key) if source else f"{label}.{key}"
        if key not in hints:
            problems.append(f"{where}: unknown key{_suggest(key, hints)}")
            continue
        converted = _coerce(value, hints[key], where, problems)
        if converted is _INVALID:
            continue
        f = next(f for f in dataclasses.fields(cls) if f.name == key)
        choices = f.metadata.get("choices") or ()
        if choices and converted not in choices:
            problems.append(f"{where}: must be one of {', '.join(map(repr, choices))}, got {converted!r}")
            continue
        check = f.metadata.get("check")
        message = check(converted) if check else None
        if message:
            shown = without_userinfo(converted) if isinstance(converted, str) else converted
            problems.append(f"{where}: {message}, got {shown!r}")
            continue
        kwargs[key] = converted
    return cls(**kwargs)


def _build(data: Mapping[str, Any], text: str, source: str, problems: list[str]) -> Config:
    sections: dict[str, Any] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            problems.append(f"{_where(source, text, name, None)}: unknown section{_suggest(name, SECTIONS)}")
            continue
        if not isinstance(table, dict):
            problems.append(f"{_where(source, text, name, None)}: expected a table, got {table!r}")
            continue
        sections[name] = _section(SECTIONS[name], table, name, source, text, problems)
    config = Config(**sections)
    _cross_checks(config, source, text, problems)
    return config


def _cross_checks(config: Config, source: str, text: str, problems: list[str]) -> None:
    t = config.telemetry
    if t.mem_critical_pct > t.mem_elevated_pct:
        problems.append(
            f"{_where(source, text, 'telemetry', 'mem_critical_pct')}: must be ≤ mem_elevated_pct"
        )
    if t.temp_critical_c < t.temp_elevated_c:
        problems.append(f"{_where(source, text, 'telemetry', 'temp_critical_c')}: must be ≥ temp_elevated_c")
    if t.gpu_critical_pct < t.gpu_elevated_pct:
        problems.append(
            f"{_where(source, text, 'telemetry', 'gpu_critical_pct')}: must be ≥ gpu_elevated_pct"
        )
    s = config.server
    if s.max_message_bytes <= s.max_request_bytes:
        problems.append(
            f"{_where(source, text, 'server', 'max_message_bytes')}: must be above max_request_bytes"
        )
    if s.endpoint.startswith("tcp://") and not (s.curve_secret_key_file and s.curve_authorized_keys_dir):
        problems.append(
            f"{_where(source, text, 'server', 'endpoint')}: a tcp:// endpoint needs "
            "curve_secret_key_file and curve_authorized_keys_dir"
        )
    if config.model.default_max_tokens > config.model.max_tokens_limit:
        problems.append(f"{_where(source, text, 'model', 'default_max_tokens')}: must be ≤ max_tokens_limit")
    for i, ep in enumerate(config.cloud.endpoints):
        if not ep.base_url or not ep.model:
            problems.append(f"{_where(source, text, 'cloud.endpoints', None)}[{i}]: needs base_url and model")
    if config.cloud.base_url and not config.cloud.model:
        problems.append(f"{_where(source, text, 'cloud', 'model')}: needed when base_url is set")


def _section_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            value = [_section_dict(v) for v in value]
        out[f.name] = value
    return out


# TOML 1.0 basic strings: the short escapes where there is one, \uXXXX for the other control
# characters (U+0000-U+001F, U+007F); everything else, non-BMP included, goes as UTF-8.
_TOML_ESCAPES: dict[int, str] = {
    **{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
    ord("\b"): "\\b", ord("\t"): "\\t", ord("\n"): "\\n", ord("\f"): "\\f", ord("\r"): "\\r",
    ord('"'): '\\"', ord("\\"): "\\\\",
}  # fmt: skip
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_string(text: str) -> str:
    if not _is_unicode(text):
        raise ValueError(f"{text!r} is not valid Unicode text: TOML cannot hold it")
    return '"' + text.translate(_TOML_ESCAPES) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_comment(text: str) -> str:
    """`text` made safe for one comment line: characters TOML forbids there are shown escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise ValueError(f"{value} does not fit a TOML integer (64-bit)")
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # shortest round-trip form; always has a '.' or an exponent
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML form for {value!r}")


def render_toml(data: Mapping[str, Mapping[str, Any]], *, comments: bool) -> str:
    """TOML for `data`; with `comments`, every key commented out and documented (the example file)."""
    lines: list[str] = []
    for name, cls in SECTIONS.items():
        section = data.get(name, {})
        lines.append(f"[{_toml_key(name)}]")
        tables: list[tuple[str, list[Any], type[Any]]] = []
        for f in dataclasses.fields(cls):
            value = section.get(f.name, getattr(cls(), f.name))
            hint = _hints(cls)[f.name]
            if get_origin(hint) is list and dataclasses.is_dataclass(get_args(hint)[0]):
                tables.append((f.name, value, get_args(hint)[0]))
                continue
            if comments:
                for doc_line in _wrap(f.metadata.get("doc", "")):
                    lines.append(f"# {_toml_comment(doc_line)}")
                lines.append(f"# {_toml_key(f.name)} = {_toml_value(value)}")
                lines.append("")
            else:
                lines.append(f"{_toml_key(f.name)} = {_toml_value(value)}")
        for table_name, entries, item_cls in tables:
            header = f"{_toml_key(name)}.{_toml_key(table_name)}"
            if comments:
                lines.append(f"# [[{header}]]  ({_toml_comment(_hint_doc(cls, table_name))})")
                for f in dataclasses.fields(item_cls):
                    default = _toml_value(getattr(item_cls(), f.name))
                    doc = _toml_comment(f.metadata["doc"])
                    lines.append(f"# {_toml_key(f.name)} = {default}    # {doc}")
                lines.append("")
            for entry in entries:
                lines.append(f"[[{header}]]")
                for key, value in entry.items():
                    lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _hint_doc(cls: type[Any], name: str) -> str:
    f = next(f for f in dataclasses.fields(cls) if f.name == name)
    return str(f.metadata.get("doc", ""))


def _wrap(text: str, width: int = 96) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
