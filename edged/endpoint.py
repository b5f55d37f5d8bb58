"""Where the `edged` command finds the daemon: one rule, for every command.

The endpoint is the first of:

1. `--endpoint URL`;
2. `$EDGED_ENDPOINT`;
3. the configuration's `[server] endpoint`: the file (`--config FILE`, else `$EDGED_CONFIG`, else
   /etc/edged/edged.toml if present) with `$EDGED_SERVER_ENDPOINT` over the file's value;
4. the built-in default: the system daemon's socket (ipc:///run/edged/edged.sock) when it exists,
   else this user's socket (where `edged serve` run by this user binds).

`edged serve` binds by steps 1 to 3 as well; its built-in default is this user's socket (as root
or under the unit, ipc:///run/edged/edged.sock), whether or not another daemon's socket exists.

For a tcp:// endpoint the CURVE keys come from the configuration (`[server] curve_server_key_file`
and `curve_client_key_file`), whichever step named the endpoint. The configuration is read only
when the rule gets to it or needs those keys, so `--endpoint ipc://…` works even where
/etc/edged/edged.toml cannot be read.

`edged.Client()` with no endpoint follows steps 2 and 4 only: the client reads no configuration.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from edged._defaults import ENDPOINT_ENV, client_fallback_endpoint

if TYPE_CHECKING:
    from edged.config import Config

__all__ = ["ENDPOINT_HELP", "ENDPOINT_RULE", "DaemonEndpoint", "named_endpoint", "resolve_endpoint"]

# For `edged --help`; the module docstring above says the same at length.
ENDPOINT_RULE = (
    "Every command finds the daemon at --endpoint, else $EDGED_ENDPOINT, else [server] endpoint of "
    "the configuration (--config FILE, else $EDGED_CONFIG, else /etc/edged/edged.toml if present; "
    "$EDGED_SERVER_ENDPOINT overrides the file), else the built-in default: ipc:///run/edged/edged.sock "
    "if it exists, else this user's socket. `edged serve` binds by the same rule, its default being "
    "this user's socket. tcp:// endpoints take their CURVE keys from the configuration."
)
ENDPOINT_HELP = (
    "daemon endpoint, e.g. ipc:///run/edged/edged.sock. Default: $EDGED_ENDPOINT, else [server] "
    "endpoint of the configuration, else the system daemon's socket if present, else this user's own"
)


@dataclass(frozen=True)
class DaemonEndpoint:
    """An endpoint, the step of the rule that named it, and the CURVE keys to reach it."""

    url: str
    source: str  # "--endpoint", "$EDGED_ENDPOINT", "configuration" or "default"
    curve_server_key: str | None = None
    curve_secret_key_file: str | None = None

    def client_options(self) -> dict[str, str | None]:
        """Keyword arguments for `edged.Client` besides the endpoint."""
        return {
            "curve_server_key": self.curve_server_key,
            "curve_secret_key_file": self.curve_secret_key_file,
        }


def named_endpoint(flag: str | None, env: Mapping[str, str] | None = None) -> DaemonEndpoint | None:
    """Steps 1 and 2: the endpoint named on the command line or in the environment, if any.

    `edged serve` puts it over the configuration's [server] endpoint, so the daemon binds where
    the same flag or variable sends its clients.
    """
    if flag:
        return DaemonEndpoint(flag, "--endpoint")
    value = (os.environ if env is None else env).get(ENDPOINT_ENV)
    return DaemonEndpoint(value, f"${ENDPOINT_ENV}") if value else None


def resolve_endpoint(
    flag: str | None,
    config: Config | Callable[[], Config],
    *,
    env: Mapping[str, str] | None = None,
    default: Callable[[], str] = client_fallback_endpoint,
) -> DaemonEndpoint:
    """The whole rule. `config` is a loaded configuration, or a function that loads it (called
    at most once, and only when the rule gets to step 3 or needs CURVE keys)."""
    loaded: list[Config] = []

    def get_config() -> Config:
        if not loaded:
            loaded.append(config() if callable(config) else config)
        return loaded[0]

    found = named_endpoint(flag, env)
    if found is None:
        configured = get_config().server.endpoint
        found = (
            DaemonEndpoint(configured, "configuration")
            if configured
            else DaemonEndpoint(default(), "default")
        )
    if not found.url.startswith("tcp://"):
        return found
    server = get_config().server
    return DaemonEndpoint(
        found.url,
        found.source,
        curve_server_key=server.curve_server_key_file or None,
        curve_secret_key_file=server.curve_client_key_file or None,
    )
