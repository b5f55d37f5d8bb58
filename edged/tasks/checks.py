"""Checkers for the local-task suite: lenient on the wrapping, strict on the fact.

A model's reply arrives wrapped in ways that say nothing about whether it is right: a lead-in
("Sure! Here is the list:"), markdown (```json fences, **bold**, `code`), quotes around a
sentence. `unwrap(answer)` takes those off; every checker reads what is left. The fact itself is
then checked by one of these kinds (the task's ``check`` object names it in ``"kind"``):

- ``match``: one of ``accept`` (after `normalize`) appears as whole words; none of ``reject``.
- ``number``: the first number in the reply that does not restate a number of the prompt is
  ``value``, within ``tol`` (absolute) or ``rel`` (relative). "15 % of 80 is 12" gives 12;
  "12 or maybe 13" gives 12; "about 13, i.e. 12" is wrong.
- ``label``: exactly one of ``labels`` appears, and it is ``answer``. A reply that names two
  labels ("positive, not negative") is wrong whatever it meant.
- ``json``: the first JSON object in the reply has exactly the keys of ``values``, each with its
  value (strings compared normalised, numbers within 1e-6, a numeric string counts as its number).
- ``list``: some part of the reply (the whole, a line, the text after a colon, a run of bullet
  lines) names the tracked words (``items`` and ``others``) in exactly the order of ``items``.
- ``csv``: a line equal to ``header``, then exactly ``rows``, cell by cell (normalised).
- ``regex``: ``pattern`` is found in the unwrapped reply (``flags`` may hold "i").
- ``text``: every group of ``all`` has a variant present, nothing of ``none`` is, at most
  ``max_words`` words, ``case`` ("lower"/"upper") holds, the reply ``starts_with`` or
  ``ends_with`` the given text (after quotes and the lead-in are gone).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["CHECK_KINDS", "normalize", "numbers", "run_check", "unwrap"]

_FENCE = re.compile(r"^\s*```[\w+-]*[ \t]*$", re.M)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_TICKS = re.compile(r"`([^`\n]*)`")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+[^\n]*\n?", re.M)
_HASHES = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
# Words that open a reply without being its content. The first line loses its interjection
# ("Sure!") and a lead-in up to a colon ("Here is the list:"); if nothing is left of it, or it
# only announces what follows ("Here you go."), or any line before the content ends in a colon,
# it goes.
_LEAD_WORDS = (
    r"here(?:'s)?|the (?:answer|result|translation|rewrite|rewritten \w+|summary|list|output|csv|json)|"
    r"answer|result|translation|summary|output|rewritten"
)
_LEAD_COLON = re.compile(rf"^\s*(?:{_LEAD_WORDS})\b[^\n:]{{0,80}}:\s*", re.I)
_ANNOUNCE = re.compile(r"^\s*here(?:'s| is| are| you go| it is)\b[^\n:]{0,60}[.!]\s*$", re.I)
_INTERJECTION = re.compile(
    r"^\s*(?:sure(?: thing)?|certainly|of course|okay|ok|absolutely|great|alright)\s*[!.,]\s*", re.I
)
_QUOTES = "\"'“”‘’«»"


def unwrap(answer: str) -> str:
    """The reply without markdown, lead-in lines and surrounding quotes."""
    text = unicodedata.normalize("NFKC", answer).replace("\r\n", "\n")
    text = _FENCE.sub("", text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = _ITALIC.sub(r"\1", text)
    text = _TICKS.sub(r"\1", text)
    # A heading labels what follows ("# Answer"); alone, it is the answer.
    text = _HEADING.sub("", text) if _HEADING.sub("", text).strip() else _HASHES.sub("", text)
    lines = [line for line in text.split("\n") if line.strip()]
    while lines:
        first = _LEAD_COLON.sub("", _INTERJECTION.sub("", lines[0], count=1), count=1)
        if len(lines) > 1 and (not first.strip() or _ANNOUNCE.match(first) or first.rstrip().endswith(":")):
            lines.pop(0)
            continue
        lines[0] = first
        break
    text = "\n".join(lines).strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_AMPM = re.compile(r"(?<=\d)\s?([ap])\.?\s?m\b\.?|\b([ap])\.\s?m\.?(?!\w)")
# Separators that belong to a number (3.5, 1,000, 14:45, 2024-03-05, 3/4) stay; all other
# punctuation is a word break.
_JOINER = re.compile(r"(?<=\d)[.,:/-](?=\d)")
_NON_WORD = re.compile(r"[^a-z0-9\x00]+")


def normalize(text: str) -> str:
    """Lowercase words and numbers separated by single spaces; accents, markdown and punctuation gone."""
    text = _fold(unicodedata.normalize("NFKC", text)).lower().replace("’", "'")
    text = _AMPM.sub(lambda m: f" {m.group(1) or m.group(2)}m ", text)
    text = _JOINER.sub(lambda m: "\x00" + str(".,:/-".index(m.group(0))), text)
    text = re.sub(r"'s\b", "", text).replace("'", "")  # museum's -> museum, don't -> dont
    text = _NON_WORD.sub(" ", text).strip()
    return re.sub(r"\x00(\d)", lambda m: ".,:/-"[int(m.group(1))], text)


def _has(haystack: str, needle: str) -> bool:
    """Whole-word containment of an already normalised needle in an already normalised haystack."""
    return bool(needle) and f" {needle} " in f" {haystack} "


_NUMBER = re.compile(r"(?<![\w.,-])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)


def numbers(text: str) -> list[float]:
    """The numbers in a text, in order: digits (1,234.5, -3) and the number words up to ninety."""
    text = unicodedata.normalize("NFKC", text).replace("−", "-")
    found: list[tuple[int, float]] = [
        (m.start(), float(m.group(0).replace(",", ""))) for m in _NUMBER.finditer(text)
    ]
    found += [(m.start(), float(_NUMBER_WORDS[m.group(1).lower()])) for m in _WORD_NUMBER.finditer(text)]
    return [value for _, value in sorted(found)]


def _close(got: float, want: float, tol: float, rel: float) -> bool:
    return abs(got - want) <= max(tol, rel * abs(want), 1e-9)


Verdict = tuple[bool, str]


def _check_match(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    text = normalize(unwrap(answer))
    for bad in spec.get("reject", ()):
        if _has(text, normalize(bad)):
            return False, f"names {bad!r}"
    for good in spec["accept"]:
        if _has(text, normalize(good)):
            return True, f"names {good!r}"
    return False, f"none of {list(spec['accept'])!r}"


def _check_number(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    asked = numbers(prompt)
    tol, rel = float(spec.get("tol", 0.0)), float(spec.get("rel", 0.0))
    fresh = [n for n in numbers(unwrap(answer)) if not any(_close(n, a, 0.0, 0.0) for a in asked)]
    if not fresh:
        return False, "no number beyond the question's own"
    want = float(spec["value"])
    if _close(fresh[0], want, tol, rel):
        return True, f"{fresh[0]:g} ≈ {want:g}"
    return False, f"first number {fresh[0]:g}, expected {want:g}"


def _label_hits(text: str, labels: Sequence[str]) -> list[str]:
    # Longest first, each match consumed, so "not spam" is one label and not also "spam".
    found = []
    for label in sorted(labels, key=len, reverse=True):
        needle = normalize(label)
        if _has(text, needle):
            found.append(label)
            text = f" {text} ".replace(f" {needle} ", " \x01 ").strip()
    return found


def _check_label(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    found = _label_hits(normalize(unwrap(answer)), spec["labels"])
    if len(found) != 1:
        return False, f"{len(found)} labels named {found!r}, expected exactly one"
    if found[0] != spec["answer"]:
        return False, f"label {found[0]!r}, expected {spec['answer']!r}"
    return True, f"label {found[0]!r}"


def _first_json_object(answer: str) -> dict[str, Any] | None:
    text = unicodedata.normalize("NFKC", answer)
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _same_value(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or want is None:
        return got is want
    if isinstance(want, (int, float)):
        if isinstance(got, str):
            if not _NUMBER.fullmatch(got.strip()):
                return False
            got = float(got.strip().replace(",", ""))
        return isinstance(got, (int, float)) and not isinstance(got, bool) and _close(got, want, 1e-6, 0.0)
    if isinstance(want, str):
        return isinstance(got, str) and normalize(got) == normalize(want)
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(_same_value, got, want))
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(want)
            and all(_same_value(got[k], want[k]) for k in want)
        )
    return bool(got == want)


def _check_json(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    obj = _first_json_object(answer)
    if obj is None:
        return False, "no JSON object"
    want: Mapping[str, Any] = spec["values"]
    if set(obj) != set(want):
        return False, f"keys {sorted(obj)!r}, expected {sorted(want)!r}"
    for key, value in want.items():
        if not _same_value(obj[key], value):
            return False, f"{key!r} is {obj[key]!r}, expected {value!r}"
    return True, "keys and values match"


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def _segments(text: str) -> list[str]:
    lines = text.split("\n")
    parts = [text, *lines]
    parts += [line.split(":", 1)[1] for line in lines if ":" in line]
    run: list[str] = []
    for line in [*lines, ""]:
        if _BULLET.match(line):
            run.append(_BULLET.sub("", line))
        elif run:
            parts.append("\n".join(run))
            run = []
    return parts


def _stream(segment: str, tracked: Sequence[str]) -> list[str]:
    """The tracked words in the order they appear in a segment (each occurrence once)."""
    text = f" {normalize(segment)} "
    hits: list[tuple[int, int, str]] = []
    for word in sorted(tracked, key=len, reverse=True):
        needle = f" {normalize(word)} "
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle) - 1
            if not any(s < end and start + 1 < e for s, e, _ in hits):
                hits.append((start + 1, end, word))
            start = text.find(needle, start + 1)
    return [word for _, _, word in sorted(hits)]


def _check_list(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    items: list[str] = list(spec["items"])
    tracked = items + list(spec.get("others", ()))
    for segment in _segments(unwrap(answer)):
        if _stream(segment, tracked) == items:
            return True, "items in order"
    return False, f"no part of the reply lists exactly {items!r}"


def _check_csv(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    header = [normalize(c) for c in spec["header"]]
    rows = [[normalize(str(c)) for c in row] for row in spec["rows"]]
    lines = [line.strip().strip("|") for line in unwrap(answer).split("\n") if line.strip()]
    table = [[normalize(c) for c in line.split(",")] for line in lines]
    for i, row in enumerate(table):
        if row == header:
            body = table[i + 1 : i + 1 + len(rows) + 1]
            body = [r for r in body if len(r) == len(header)]
            if body == rows:
                return True, "header and rows match"
            return False, f"rows {body!r}, expected {rows!r}"
    return False, f"no header line {spec['header']!r}"


def _check_regex(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    flags = re.I if "i" in spec.get("flags", "") else 0
    if re.search(spec["pattern"], unwrap(answer), flags):
        return True, "pattern found"
    return False, f"pattern {spec['pattern']!r} not found"


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _check_text(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    core = unwrap(answer)
    text = normalize(core)
    if not text:
        return False, "empty reply"
    for group in spec.get("all", ()):
        variants = [group] if isinstance(group, str) else group
        if not any(_has(text, normalize(v)) for v in variants):
            return False, f"missing {variants!r}"
    for bad in spec.get("none", ()):
        if _has(text, normalize(bad)):
            return False, f"contains {bad!r}"
    words = len(_WORD.findall(core))
    if "max_words" in spec and words > spec["max_words"]:
        return False, f"{words} words, at most {spec['max_words']} allowed"
    if "min_words" in spec and words < spec["min_words"]:
        return False, f"{words} words, at least {spec['min_words']} needed"
    case = spec.get("case")
    if case == "lower" and core != core.lower():
        return False, "not all lowercase"
    if case == "upper" and core != core.upper():
        return False, "not all uppercase"
    bare = core.strip(_QUOTES + " ")
    if "starts_with" in spec and not bare.startswith(spec["starts_with"]):
        return False, f"does not start with {spec['starts_with']!r}"
    if "ends_with" in spec and not bare.rstrip(_QUOTES + " ").endswith(spec["ends_with"]):
        return False, f"does not end with {spec['ends_with']!r}"
    return True, "constraints hold"


_CHECKERS: dict[str, Callable[[Mapping[str, Any], str, str], Verdict]] = {
    "match": _check_match,
    "number": _check_number,
    "label": _check_label,
    "json": _check_json,
    "list": _check_list,
    "csv": _check_csv,
    "regex": _check_regex,
    "text": _check_text,
}
CHECK_KINDS = tuple(_CHECKERS)


def run_check(spec: Mapping[str, Any], answer: str, prompt: str) -> Verdict:
    """Apply a check object to a reply; the prompt tells restated numbers from the answer's."""
    return _CHECKERS[spec["kind"]](spec, answer, prompt)
