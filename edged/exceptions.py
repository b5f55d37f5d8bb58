"""The one exception tree of edged.

```
EdgedError
  ConfigError              bad file, key or value              -> cli exit 2
    ToolsMissing           `edged bench` or `edged model build` on an installation without them
  StartupError             model missing, endpoint busy        -> cli exit 3
  ModelError               a model folder is missing, corrupt or does not match its manifest
    InsufficientResources  a model build would run out of disk or memory; says what it needs
  ProtocolError            malformed frames, bad JSON, wrong types          code: bad_request
    UnsupportedVersion     an envelope version this daemon does not speak   code: unsupported_version
    UnknownOperation       an operation this daemon does not know           code: unknown_operation
    PayloadTooLarge        a request over the configured size limit         code: payload_too_large
  RequestError             carries .request_id; travels on the wire as {"code": ...}
    Busy                   the local queue is full                          code: busy
    Loading                the model is still loading                       code: loading
    ShuttingDown           the daemon is draining                           code: shutting_down
    RequestTimeout         the request ran out of time                      code: timeout
    Cancelled              the client cancelled it                          code: cancelled
    ContextOverflow        the prompt does not fit the context window       code: context_overflow
    UnknownSession         a session id the daemon has never seen           code: unknown_session
    StateUnavailable       the state store (sessions, ledger) cannot be read or written
                                                                            code: state_unavailable
    DuplicateRequest       a request id already in flight on this connection code: duplicate_request
    CloudRequired          the work needs the cloud and the cloud is not allowed or not reachable
                                                                            code: cloud_required
    BackendError                                                            code: backend_error
      LocalBackendError    the local engine failed (allocation, ORT error)  code: local_failed
      CloudBackendError    network, timeout, HTTP status from the endpoint  code: cloud_failed
        StreamCut          a cloud stream broke after text went out; carries the partial text
    InternalError          a bug: the daemon is still serving               code: internal
  DaemonUnavailable        client side: the socket did not answer in time   code: unavailable
```

Only `edged.cli` maps these to exit codes; library code raises and never exits.
On the wire an error is `{"code": ..., "message": ..., "request_id": ...}`; the client looks the
code up in `ERROR_CODES` and raises the same class again.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ERROR_CODES",
    "BackendError",
    "Busy",
    "Cancelled",
    "CloudBackendError",
    "CloudRequired",
    "ConfigError",
    "ContextOverflow",
    "DaemonUnavailable",
    "DuplicateRequest",
    "EdgedError",
    "InsufficientResources",
    "InternalError",
    "Loading",
    "LocalBackendError",
    "ModelError",
    "PayloadTooLarge",
    "ProtocolError",
    "RequestError",
    "RequestTimeout",
    "ShuttingDown",
    "StartupError",
    "StateUnavailable",
    "StreamCut",
    "ToolsMissing",
    "UnknownOperation",
    "UnknownSession",
    "UnsupportedVersion",
    "error_from_wire",
]


class EdgedError(Exception):
    """Base class of every error edged raises on purpose."""

    code = "error"

    def __init__(self, message: str = "", *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request_id = request_id

    def to_wire(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "request_id": self.request_id}


class ConfigError(EdgedError):
    """A configuration file, key or value is wrong.

    `problems` lists every problem found, each already formatted with its location.
    """

    code = "config_error"

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class ToolsMissing(ConfigError):
    """A build-time command whose modules this installation leaves out, as device images do.

    The message says what to install. Raised by the command line only; never sent on the wire,
    hence no code of its own.
    """


class StartupError(EdgedError):
    code = "startup_failed"


class ModelError(EdgedError):
    code = "model_error"


class InsufficientResources(ModelError):
    """A build was refused before it started: `resource` ("disk" or "memory") at `where` has
    `free` bytes, the build needs `needed`. Raised by `edged model build` only; never on the wire.
    """

    def __init__(self, message: str, *, resource: str, where: str, needed: int, free: int) -> None:
        super().__init__(message)
        self.resource = resource
        self.where = where
        self.needed = needed
        self.free = free


class ProtocolError(EdgedError):
    code = "bad_request"


class UnsupportedVersion(ProtocolError):
    code = "unsupported_version"


class UnknownOperation(ProtocolError):
    code = "unknown_operation"


class PayloadTooLarge(ProtocolError):
    code = "payload_too_large"


class RequestError(EdgedError):
    code = "request_error"


class Busy(RequestError):
    code = "busy"


class Loading(RequestError):
    code = "loading"


class ShuttingDown(RequestError):
    code = "shutting_down"


class RequestTimeout(RequestError):
    code = "timeout"


class Cancelled(RequestError):
    code = "cancelled"


class ContextOverflow(RequestError):
    code = "context_overflow"


class UnknownSession(RequestError):
    code = "unknown_session"


class StateUnavailable(RequestError):
    """A state file cannot be used now: read-only or immutable, a full disk, an I/O error.

    The daemon keeps serving without it (requests without a session, local answers) and
    re-checks the file until it works again.
    """

    code = "state_unavailable"


class DuplicateRequest(RequestError):
    code = "duplicate_request"


class CloudRequired(RequestError):
    code = "cloud_required"


class BackendError(RequestError):
    code = "backend_error"


class LocalBackendError(BackendError):
    code = "local_failed"


class CloudBackendError(BackendError):
    """The cloud endpoint failed.

    `retryable` tells the fallback logic whether another endpoint or a later try could succeed;
    `status` is the HTTP status when there was one.
    """

    code = "cloud_failed"

    def __init__(
        self,
        message: str = "",
        *,
        request_id: str | None = None,
        status: int | None = None,
        retryable: bool = True,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


class StreamCut(CloudBackendError):
    """A cloud stream broke after text had already gone out; it is not retried.

    `partial_text` is everything streamed before the cut and `endpoint` the endpoint that was
    streaming; `prompt_tokens` / `completion_tokens` / `cost_usd` estimate what the cut call
    used (the provider bills the tokens it generated). The router decides what to do with the
    partial text: continue it locally, or restart.
    """

    def __init__(
        self,
        message: str = "",
        *,
        partial_text: str = "",
        endpoint: str = "",
        attempts: int = 1,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        cost_usd: float = 0.0,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request_id=request_id, retryable=False)
        self.partial_text = partial_text
        self.endpoint = endpoint
        self.attempts = attempts
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.cost_usd = cost_usd


class InternalError(RequestError):
    code = "internal"


class DaemonUnavailable(EdgedError):
    code = "unavailable"


def _codes() -> dict[str, type[EdgedError]]:
    found: dict[str, type[EdgedError]] = {}
    stack: list[type[EdgedError]] = [EdgedError]
    while stack:
        cls = stack.pop()
        found.setdefault(cls.code, cls)
        stack.extend(cls.__subclasses__())
    return found


ERROR_CODES: dict[str, type[EdgedError]] = _codes()


def error_from_wire(body: dict[str, Any]) -> EdgedError:
    """Rebuild the exception a daemon sent as `{"code", "message", "request_id"}`."""
    code = str(body.get("code", "error"))
    cls = ERROR_CODES.get(code, EdgedError)
    message = str(body.get("message", ""))
    request_id = body.get("request_id")
    rid = str(request_id) if request_id is not None else None
    if cls is ConfigError:
        return ConfigError(message)
    exc = cls(message, request_id=rid)
    if type(exc) is EdgedError:
        exc.code = code  # keep an unknown code visible rather than folding it into "error"
    return exc
