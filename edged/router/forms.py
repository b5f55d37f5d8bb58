"""The checkable form a request names, and whether an answer has it.

`find_form(text)` reads the latest user turn for an answer shape that can be checked without
knowing the answer: a JSON object (with the keys it names), a yes or a no, a single label from a
set the request lists, a number, a list. `Form.problem(answer)` says how an answer misses that
shape, or None. A wrong answer in the right shape passes: this catches the answers that are
wrong on their face, cheaply, before the client relies on them.

The answer is read as `edged.tasks.unwrap` leaves it (no lead-in, markdown or quotes), so
"Sure! ```json {…}```" is a JSON answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from edged.tasks import normalize, unwrap

__all__ = ["Form", "find_form"]

_KEYS = re.compile(r"\bkeys?\b\s*[:(]?\s*([^:.;()\n]{1,160})")
_KEY = re.compile(r"[\"'`]?([a-z_][\w-]*)")
_YES_NO = re.compile(r"\byes or no\b|\byes/no\b|\by/n\b")
_NUMBER = re.compile(
    r"\b(?:answer|reply|respond) with (?:just |only )?(?:a |one )?(?:single )?(?:number|integer)\b|"
    r"\b(?:just|only) (?:the |a )?(?:number|integer|total)\b|\bnumbers? only\b|\bas a (?:single )?number\b"
)
# JSON as what the answer is to be, not JSON pasted in to work on.
_JSON_OUT = re.compile(
    r"\b(?:as|in|into|to|return|output|give me|produce|respond with|reply with|write)\s+(?:a |an |valid |the )?json\b|"
    r"\bjson (?:with|object|format|array|only)\b|^\s*json\b"
)
_LIST = re.compile(
    r"\bcomma[- ]separated\b|\bas a (?:bulleted |numbered )?list\b|\bone per line\b|"
    r"\bbullet(?:ed)? (?:list|points)\b|\bnumbered list\b"
)
_CLASSIFY = re.compile(
    r"\bclassify\b|\bcategori[sz]e\b|\blabel (?:it|this)\b|"
    r"\bis (?:this|the) (?:review|message|email|text|sentence|headline|comment|tweet)\b|"
    r"\bwhich (?:language|category|genre|one) is (?:this|it)\b"
)
# "positive, negative or neutral", "a mammal, bird, reptile, amphibian or fish"
_ITEM = r"(?:(?:an?|the) )?[a-z][\w-]*"
_OPTIONS = re.compile(rf"\b((?:{_ITEM}, ){{1,9}}{_ITEM},? or {_ITEM})\b")
_TWO_OPTIONS = re.compile(rf"\b(?:as |either )+({_ITEM}) or ({_ITEM})\b|^\s*({_ITEM}) or ({_ITEM})\b")
# Many items classified at once: one answer per item, not a single label.
_MANY = re.compile(r"\beach\b|\bthe following\b|\bthese\b")
_LEADING = re.compile(r"^(?:as |is |are |an? |the |either )+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Form:
    """An answer shape a request asks for: kind "json", "yes_no", "label", "number" or "list"."""

    kind: str
    items: tuple[str, ...] = ()  # the keys of a JSON object, or the labels to choose from

    def describe(self) -> str:
        if self.kind == "json":
            return f"a JSON object with keys {', '.join(self.items)}" if self.items else "a JSON object"
        if self.kind == "label":
            return f"one of {', '.join(self.items)}"
        return {"yes_no": "a yes or a no", "number": "a number", "list": "a list"}[self.kind]

    def problem(self, answer: str) -> str | None:
        """How `answer` misses the form, or None when it has it."""
        text = unwrap(answer)
        miss = getattr(self, f"_{self.kind}")(text)
        return f"the answer is not {self.describe()}: {miss}" if miss else None

    def _json(self, text: str) -> str | None:
        start = text.find("{")
        if start < 0:
            return "no JSON object in it"
        try:
            obj, _ = json.JSONDecoder().raw_decode(text[start:])
        except json.JSONDecodeError as exc:
            return f"its JSON does not parse ({exc.msg})"
        if not isinstance(obj, dict):
            return "no JSON object in it"
        have = {str(k).strip().lower() for k in obj}
        missing = [k for k in self.items if k.lower() not in have]
        return f"keys {', '.join(missing)} missing" if missing else None

    def _yes_no(self, text: str) -> str | None:
        words = normalize(text).split()
        if words[:1] in (["yes"], ["no"]):
            return None
        said = {w for w in words if w in ("yes", "no")}
        return None if len(said) == 1 else ("it says neither" if not said else "it says both")

    def _label(self, text: str) -> str | None:
        said = f" {normalize(text)} "
        named = [label for label in self.items if f" {label} " in said]
        if len(named) == 1:
            return None
        return "it names none of them" if not named else f"it names {len(named)} of them"

    def _number(self, text: str) -> str | None:
        return None if _DIGIT.search(text) else "no number in it"

    def _list(self, text: str) -> str | None:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) >= 2 or len([p for p in text.split(",") if p.strip()]) >= 2:
            return None
        return "a single item"


def find_form(text: str) -> Form | None:
    """The checkable form the request's latest user turn asks for, or None."""
    lower = text.lower()
    head = lower[:300]  # the instruction; data pasted after it may say anything
    if "json" in head and _JSON_OUT.search(head):
        m = _KEYS.search(head)
        keys: tuple[str, ...] = ()
        if m:
            # "keys name, age and city: …", "keys product, price, quantity please": each key is
            # the first word of its part.
            parts = (_KEY.match(p.strip()) for p in re.split(r",|\band\b", m.group(1)))
            keys = tuple(dict.fromkeys(k.group(1) for k in parts if k is not None))
        return Form("json", keys)
    if _YES_NO.search(head):
        return Form("yes_no")
    if _NUMBER.search(head):
        return Form("number")
    if _LIST.search(head):
        return Form("list")
    labels = _labels(head)
    if labels:
        return Form("label", labels)
    return None


def _labels(head: str) -> tuple[str, ...]:
    """The labels a classification request lists ("positive, negative or neutral")."""
    if _MANY.search(head):
        return ()
    m = _OPTIONS.search(head)
    if m is not None and ("?" in head[m.end() : m.end() + 2] or _CLASSIFY.search(head)):
        found = [p.strip() for p in re.split(r",|\bor\b", m.group(1))]
    elif (_CLASSIFY.search(head) or head.lstrip().startswith("is ")) and (
        two := _TWO_OPTIONS.search(head)
    ) is not None:
        found = [g for g in two.groups() if g]
    else:
        return ()
    labels = tuple(dict.fromkeys(_LEADING.sub("", normalize(p)) for p in found if p))
    # A label inside another ("spam", "not spam") cannot be told apart by naming: no form.
    if len(labels) < 2 or any(a != b and f" {a} " in f" {b} " for a in labels for b in labels):
        return ()
    return labels
