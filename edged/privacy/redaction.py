"""Redaction for the cloud: personal data out of a request, back into the answer on the device.

`Redaction.of(texts, scan)` scans the texts a cloud request would carry (every turn, the stop
strings) as one, the way the routing decision does, and replaces each finding with a typed
placeholder: `<EMAIL_1>`, `<PHONE_2>`. A value found once is replaced wherever it appears,
always by the same placeholder. A placeholder carries nothing of its value: the kind, and the order in which values
of that kind first appeared; no length, no prefix, no checksum.

The redacted texts are scanned again, and whatever is still found (a detector that fires on
the new context) is replaced too; if a round still finds something, `RedactionFailed` is
raised and the request must not go to the cloud.

`restore(text)` puts the values back into a whole answer; a `Restorer` does it for a stream,
holding back a chunk's tail while it could still be the start of a placeholder.

Usage::

    redaction = Redaction.of(["Mail jane@corp.io the report", "END"], scan)
    cloud_texts = redaction.texts           # ["Mail <EMAIL_1> the report", "END"]
    restorer = redaction.restorer()
    for chunk in cloud_stream:
        send(restorer.feed(chunk))
    send(restorer.flush())
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from edged.privacy.scanner import Finding

__all__ = ["Redaction", "RedactionFailed", "Restorer"]

Scan = Callable[[str], Sequence[Finding]]

_SEPARATOR = "\n"  # between the texts when they are scanned as one, as the routing decision does
_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*)_([1-9][0-9]*)>")
_LONGEST_PLACEHOLDER = 48  # a held-back tail longer than this cannot be a placeholder any more
_ROUNDS = 3


class RedactionFailed(Exception):
    """Personal data is still found after redaction: the request must not leave the device."""


@dataclass
class Redaction:
    """The redacted texts of one request, and the placeholders that stand for its values."""

    texts: list[str]
    kinds: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)  # placeholder -> value

    @classmethod
    def of(cls, texts: Sequence[str], scan: Scan) -> Redaction:
        redaction = cls(list(texts))
        by_value: dict[str, str] = {}
        taken = {m.group(0) for text in texts for m in _PLACEHOLDER.finditer(text)}
        kinds: dict[str, None] = {}
        for _ in range(_ROUNDS):
            findings = _fresh(redaction.texts, scan, set(redaction.values))
            if not findings:
                redaction.kinds = tuple(kinds)
                return redaction
            for finding in findings:
                kinds[finding.kind] = None
            redaction.texts = _replace(redaction.texts, findings, by_value, redaction.values, taken)
            _add_cores(by_value, redaction.values, taken)
            redaction.texts = _everywhere(redaction.texts, by_value)
        raise RedactionFailed("personal data is still found after redaction")

    def __bool__(self) -> bool:
        return bool(self.values)

    def restore(self, text: str) -> str:
        # A later round may have redacted a span that holds an earlier placeholder: undo the
        # rounds one by one.
        for _ in range(_ROUNDS):
            if not self.values or "<" not in text:
                break
            text = _PLACEHOLDER.sub(lambda m: self.values.get(m.group(0), m.group(0)), text)
        return text

    def restorer(self) -> Restorer:
        return Restorer(self)


class Restorer:
    """Puts values back into a streamed answer, whatever way the chunks cut the placeholders."""

    def __init__(self, redaction: Redaction) -> None:
        self.redaction = redaction
        self._held = ""

    def feed(self, chunk: str) -> str:
        text = self._held + chunk
        cut = _unfinished_tail(text)
        self._held = text[cut:]
        return self.redaction.restore(text[:cut])

    def flush(self) -> str:
        text, self._held = self._held, ""
        return self.redaction.restore(text)


def _unfinished_tail(text: str) -> int:
    """Where a tail that could still grow into a placeholder starts (len(text) if none)."""
    start = text.rfind("<", max(0, len(text) - _LONGEST_PLACEHOLDER))
    if start < 0 or ">" in text[start:]:
        return len(text)
    if re.fullmatch(r"<(?:[A-Z][A-Z_]*(?:_[0-9]*)?)?", text[start:]):
        return start
    return len(text)


def _joined(texts: Sequence[str]) -> tuple[str, list[int]]:
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + len(_SEPARATOR)
    return _SEPARATOR.join(texts), starts


def _fresh(texts: Sequence[str], scan: Scan, placeholders: set[str]) -> list[Finding]:
    """Findings in the texts scanned as one, less those that lie inside our own placeholders."""
    joined, _ = _joined(texts)
    if not joined:
        return []
    ours = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(joined) if m.group(0) in placeholders]
    # A detector that now reads a placeholder as the value ("password: <PASSWORD_1>") found
    # nothing new, as long as the rest of its span holds no data either.
    return [f for f in scan(joined) if _holds_data(f.start, f.end, ours, joined)]


def _holds_data(start: int, end: int, ours: list[tuple[int, int]], joined: str) -> bool:
    """Whether [start, end) holds anything but our placeholders, whitespace and punctuation."""
    rest = list(joined[start:end])
    for lo, hi in ours:
        for i in range(max(lo, start), min(hi, end)):
            rest[i - start] = " "
    return any(ch.isalnum() for ch in rest)


def _replace(
    texts: list[str],
    findings: list[Finding],
    by_value: dict[str, str],
    values: dict[str, str],
    taken: set[str],
) -> list[str]:
    joined, starts = _joined(texts)
    spans = _merged([(f.start, f.end, f.kind) for f in findings])
    out = []
    for index, text in enumerate(texts):
        lo, hi = starts[index], starts[index] + len(text)
        pieces, at = [], lo
        for start, end, kind in spans:
            start, end = max(start, lo), min(end, hi)
            if start >= end:
                continue
            pieces.append(joined[at:start])
            value = joined[start:end]
            pieces.append(_placeholder(kind, value, by_value, values, taken))
            at = end
        pieces.append(joined[at:hi])
        out.append("".join(pieces))
    return out


_EDGE_PUNCTUATION = ".,;:!?\"'()[]{}<>"


def _add_cores(by_value: dict[str, str], values: dict[str, str], taken: set[str]) -> None:
    """A value found with punctuation at its edge ("hunter2." at the end of a sentence) is the
    same secret without it: its core gets a placeholder of its own, so it is replaced too."""
    for value, name in list(by_value.items()):
        core = value.strip(_EDGE_PUNCTUATION)
        if core != value and len(core) >= 4 and core not in by_value:
            kind = name[1 : name.rindex("_")].lower()
            _placeholder(kind, core, by_value, values, taken)


def _everywhere(texts: list[str], by_value: dict[str, str]) -> list[str]:
    """A value found once is personal wherever it appears: in a stop string, in another turn,
    in a context where no detector would see it. Longest values first, so no value is cut
    into by a shorter one it contains."""
    values = sorted((v for v in by_value if v.strip()), key=len, reverse=True)
    if not values:
        return texts
    pattern = re.compile("|".join(re.escape(v) for v in values))
    return [pattern.sub(lambda m: by_value[m.group(0)], text) for text in texts]


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping findings become one span, of the kind that starts first."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def _placeholder(
    kind: str, value: str, by_value: dict[str, str], values: dict[str, str], taken: set[str]
) -> str:
    known = by_value.get(value)
    if known is not None:
        return known
    label = re.sub(r"[^A-Z_]", "_", kind.upper()) or "DATA"
    number = 1 + sum(1 for p in values if p.startswith(f"<{label}_"))
    name = f"<{label}_{number}>"
    while name in taken or name in values:  # the text already holds this very string
        number += 1
        name = f"<{label}_{number}>"
    by_value[value] = name
    values[name] = value
    return name
