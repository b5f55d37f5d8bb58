"""Built-in endpoint defaults, free of the configuration code.

Both the daemon (through `edged.config`) and `edged.Client` need them; the client must not import
`edged.config`, so they live here, below both.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENDPOINT_ENV", "SYSTEM_ENDPOINT", "client_fallback_endpoint", "default_endpoint", "first_dir"]

ENDPOINT_ENV = "EDGED_ENDPOINT"
# The unit's RuntimeDirectory=edged, and root's default: where the system daemon listens.
SYSTEM_ENDPOINT = "ipc:///run/edged/edged.sock"


def first_dir(var: str) -> str | None:
    value = os.environ.get(var)
    if not value:
        return None
    # systemd joins several directories with ':'; ours is the first.
    return value.split(":")[0]


def default_endpoint() -> str:
    """Where a daemon binds when nothing names an endpoint."""
    runtime = first_dir("RUNTIME_DIRECTORY")
    if runtime:
        return f"ipc://{runtime}/edged.sock"
    if os.geteuid() == 0:
        return SYSTEM_ENDPOINT
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return f"ipc://{xdg}/edged/edged.sock"
    return f"ipc:///tmp/edged-{os.geteuid()}/edged.sock"


def client_fallback_endpoint() -> str:
    """Where a client looks when nothing names an endpoint: the system daemon's socket when it
    exists, else where `edged serve` run by this user binds."""
    if Path(SYSTEM_ENDPOINT.removeprefix("ipc://")).exists():
        return SYSTEM_ENDPOINT
    return default_endpoint()
