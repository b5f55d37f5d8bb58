"""Log a failure once per distinct cause, so a sensor that fails every period does not flood the journal."""

from __future__ import annotations

import logging
import threading

__all__ = ["LogOnce"]


class LogOnce:
    # Bounded: an error whose message changes every time (a counter, an address) must not grow
    # the set forever on a device that runs for months.
    MAX_KEYS = 256

    def __init__(self, logger: logging.Logger, level: int = logging.WARNING) -> None:
        self.logger = logger
        self.level = level
        self._seen: set[tuple[str, str, str]] = set()
        self._lock = threading.Lock()

    def __call__(self, what: str, exc: BaseException, *, exc_info: bool = False) -> bool:
        """Log `exc` for `what` unless this exact failure was logged already; True if it was logged."""
        key = (what, type(exc).__name__, str(exc))
        with self._lock:
            if key in self._seen or len(self._seen) >= self.MAX_KEYS:
                return False
            self._seen.add(key)
        self.logger.log(
            self.level, "telemetry: %s failed: %s: %s", what, type(exc).__name__, exc, exc_info=exc_info
        )
        return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
