"""The privacy guard: personal and secret data in text that would leave the device.

`scan(text)` finds it; a `Finding` names the kind and where it sits, never the value.
"""

from __future__ import annotations

from edged.privacy.redaction import Redaction, RedactionFailed, Restorer
from edged.privacy.scanner import KINDS, Finding, redact, scan

__all__ = ["KINDS", "Finding", "Redaction", "RedactionFailed", "Restorer", "redact", "scan"]
