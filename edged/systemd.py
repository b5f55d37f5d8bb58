"""sd_notify(3): READY=1, STATUS=, WATCHDOG=1, RELOADING=1, STOPPING=1, EXTEND_TIMEOUT_USEC=.

systemd-python is used when importable; otherwise the documented protocol: one datagram to the
AF_UNIX socket named by $NOTIFY_SOCKET ('@' at the start means the abstract namespace). Both
paths are silent no-ops outside systemd.
"""

from __future__ import annotations

import logging
import os
import socket
import time

__all__ = ["booted", "extend_timeout", "notify", "reloading", "watchdog_interval"]

logger = logging.getLogger(__name__)


def _notify_socket_path() -> str | None:
    path = os.environ.get("NOTIFY_SOCKET")
    if not path:
        return None
    if path.startswith("@"):
        return "\0" + path[1:]
    return path


def notify(state: str) -> bool:
    """Send `state` (one or more KEY=VALUE lines) to systemd. Returns whether it was sent."""
    path = _notify_socket_path()
    if path is None:
        return False
    try:
        from systemd import daemon  # systemd-python, when installed

        return bool(daemon.notify(state))
    except ImportError:
        pass
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(path)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError as exc:
        logger.warning("sd_notify to %r failed: %s", os.environ.get("NOTIFY_SOCKET"), exc)
        return False


def reloading() -> bool:
    # MONOTONIC_USEC is required for Type=notify-reload (systemd 253+) and harmless before it;
    # without it `systemctl reload` can hang for minutes.
    return notify(f"RELOADING=1\nMONOTONIC_USEC={time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000}")


def extend_timeout(seconds: float, status: str | None = None) -> bool:
    message = f"EXTEND_TIMEOUT_USEC={int(seconds * 1_000_000)}"
    if status:
        message += f"\nSTATUS={status}"
    return notify(message)


def watchdog_interval() -> float | None:
    """Seconds between required WATCHDOG=1 pings (WatchdogSec=), or None if no watchdog is set.

    As sd_watchdog_enabled(3): honoured only when WATCHDOG_PID is absent or is this process.
    """
    usec = os.environ.get("WATCHDOG_USEC")
    if not usec:
        return None
    pid = os.environ.get("WATCHDOG_PID")
    if pid and pid.isdigit() and int(pid) != os.getpid():
        return None
    try:
        value = int(usec)
    except ValueError:
        return None
    return value / 1_000_000 if value > 0 else None


def booted() -> bool:
    """Whether the system runs systemd (sd_booted(3))."""
    return os.path.isdir("/run/systemd/system")
