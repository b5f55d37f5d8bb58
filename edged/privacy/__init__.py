"""The privacy guard: personal and secret data in text that would leave the device.

`scan(text)` finds it; a `Finding` names the kind and where it sits, never the value.
`PrivacyGuard` adds the operator's own terms and patterns to the built-in kinds.
"""

from __future__ import annotations

from edged.privacy.normalize import Normalized, normalize
from edged.privacy.redaction import Redaction, RedactionFailed, Restorer
from edged.privacy.scanner import KINDS, Finding, PrivacyGuard, redact, scan

__all__ = [
    "KINDS",
    "Finding",
    "Normalized",
    "PrivacyGuard",
    "Redaction",
    "RedactionFailed",
    "Restorer",
    "normalize",
    "redact",
    "scan",
]
