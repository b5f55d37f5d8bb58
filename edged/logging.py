"""Logging set-up: journald under systemd, plain lines otherwise; an access log without prompts.

Under systemd, stderr goes to the journal and a `<N>` prefix sets each line's priority
(SyslogLevelPrefix=, on by default), so no systemd-python is needed. With systemd-python the
JournalHandler adds structured fields (REQUEST_ID, ROUTE, ...) as well.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any

from edged.config import LoggingConfig

__all__ = ["ACCESS_LOGGER", "configure_logging"]

ACCESS_LOGGER = "edged.access"

_SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


class JournalPrefixFormatter(logging.Formatter):
    """`<priority>logger: message` — journald reads the prefix as the line's priority."""

    def format(self, record: logging.LogRecord) -> str:
        priority = _SYSLOG_PRIORITY.get(record.levelno, 6)
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        # Continuation lines keep the priority too.
        return "\n".join(f"<{priority}>{line}" for line in text.splitlines())


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def _under_systemd() -> bool:
    return bool(os.environ.get("JOURNAL_STREAM") or os.environ.get("INVOCATION_ID"))


def configure_logging(config: LoggingConfig) -> None:
    fmt = config.format
    if fmt == "auto":
        fmt = "journal" if _under_systemd() else "plain"
    handler: logging.Handler
    if fmt == "journal":
        handler = _journal_handler() or logging.StreamHandler(sys.stderr)
        if not hasattr(handler, "journal"):
            handler.setFormatter(JournalPrefixFormatter())
    elif fmt == "json":
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger("edged")
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(config.level.upper())
    root.propagate = False
    logging.getLogger(ACCESS_LOGGER).disabled = not config.access_log


def _journal_handler() -> logging.Handler | None:
    try:
        from systemd.journal import JournalHandler
    except ImportError:
        return None
    handler: logging.Handler = JournalHandler(SYSLOG_IDENTIFIER="edged")
    handler.journal = True  # type: ignore[attr-defined]
    return handler
