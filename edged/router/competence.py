"""What the installed model gets right: its capability profile, read for routing.

A model folder's profile.json (`edged.model.profile`) holds, per task type of the local-task
suite (`edged.tasks`), the share of the suite's requests the model answered correctly. The router
reads it here as a `Competence` and, per request:

1. maps the request to one of the suite's task types (`task_type`: keyword and structure rules
   over the latest user turn, a few microseconds), or to none;
2. estimates the chance the model answers it correctly (`Competence.estimate`):

       p = σ( logit(rate) − max(0, logit(score) − logit_ref) )

   `rate` is the profile's success rate on that task type (the overall rate when no type
   matched), `score` the request's difficulty (`edged.router.features`), and `logit_ref` the mean
   difficulty logit of the suite's own tasks of that type (of all of them, for the overall
   rate): the difficulty the rate was measured at. A request no harder than those keeps the
   measured rate; each logit unit of difficulty above them takes one logit unit off the odds of
   a right answer. The rate is clamped to [0.01, 0.99] first, so that 0 of 20 and 20 of 20
   still move with difficulty.

The profile also says how the engine's quality signals separate right answers from wrong ones;
`signal_cuts` turns that into the cut beyond which a local answer is escalated (see
`SignalCuts`). A missing or stale profile gives a `Competence` that is not `usable`, and the
router decides on difficulty alone, as it did before profiles.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edged.exceptions import ModelError
from edged.model.profile import check_profile, read_profile
from edged.router.features import Features, extract

__all__ = [
    "Competence",
    "Estimate",
    "SignalCuts",
    "TypeRecord",
    "load_competence",
    "task_type",
]

RATE_CLAMP = 0.01
# A quality signal is used only where the profile shows it: the answers beyond its cut must be
# at least this many, and wrong at least this often.
SIGNAL_MIN_ANSWERS = 10
SIGNAL_WRONG_SHARE = 0.75


@dataclass(frozen=True)
class TypeRecord:
    """The model's record on one task type of the suite (or on all of it)."""

    rate: float
    right: int
    n: int


@dataclass(frozen=True)
class SignalCuts:
    """Where a local answer's quality signals say it is probably wrong, per the profile.

    For each signal the cut is the loosest one at which the profile's answers beyond it (at
    least `SIGNAL_MIN_ANSWERS`) were wrong at least `SIGNAL_WRONG_SHARE` of the time; None when
    no cut separates that well (a weak signal for this model is not used at all).
    """

    min_mean_logprob: float | None = None  # escalate an answer whose mean log-probability is under this
    max_repetition_ratio: float | None = None  # escalate an answer whose repetition is over this

    def problem(self, quality: Mapping[str, Any]) -> str | None:
        logprob = quality.get("mean_logprob")
        cut = self.min_mean_logprob
        if cut is not None and isinstance(logprob, float) and logprob < cut:
            return (
                f"low confidence for this model: mean log-probability {logprob:.2f} < {cut:.2f} (its profile)"
            )
        ratio = quality.get("repetition_ratio")
        cut = self.max_repetition_ratio
        if cut is not None and isinstance(ratio, float) and ratio > cut:
            return f"repetitive for this model: repetition {ratio:.2f} > {cut:.2f} (its profile)"
        return None


@dataclass(frozen=True)
class Estimate:
    """The chance that the local model answers one request correctly, and what it rests on."""

    chance: float
    task_type: str | None  # a suite task type, or None: the overall rate was used
    record: TypeRecord
    shrunk: bool  # the request is harder than the suite's tasks it was measured on

    def phrase(self) -> str:
        """`this model answers this kind of request correctly about 30 % of the time (…)`."""
        r = self.record
        what = (
            f"{self.task_type}: {r.right} of {r.n} right"
            if self.task_type
            else (f"no task type matched; {r.right} of {r.n} of all its tasks right")
        )
        harder = ", less for a request this hard" if self.shrunk else ""
        return (
            f"this model answers this kind of request correctly about {self.chance * 100:.0f} % "
            f"of the time ({what} in its profile{harder})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "chance": round(self.chance, 4),
            "task_type": self.task_type,
            "rate": self.record.rate,
            "right": self.record.right,
            "n": self.record.n,
        }


@dataclass(frozen=True)
class Competence:
    """A model's profile as the router reads it; `usable` is False when there is none to read."""

    state: str  # "ok", "missing" or "stale" (edged.model.profile.ProfileState)
    detail: str = ""
    model: str = ""
    overall: TypeRecord | None = None
    per_type: dict[str, TypeRecord] = field(default_factory=dict)
    cuts: SignalCuts = field(default_factory=SignalCuts)

    @property
    def usable(self) -> bool:
        return self.state == "ok" and self.overall is not None

    @classmethod
    def unavailable(cls, state: str, detail: str) -> Competence:
        return cls(state=state, detail=detail)

    @classmethod
    def from_profile(cls, profile: Mapping[str, Any]) -> Competence:
        """Read a profile.json object; ModelError when it lacks what routing needs."""
        try:
            overall = _record(profile["overall"])
            per_type = {name: _record(row) for name, row in profile["per_type"].items()}
            per_type = {name: rec for name, rec in per_type.items() if rec.n > 0}
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ModelError(f"profile lacks {exc}") from exc
        model = str((profile.get("model") or {}).get("name") or "")
        cuts = signal_cuts(profile.get("tasks") or ())
        return cls(state="ok", detail="", model=model, overall=overall, per_type=per_type, cuts=cuts)

    def estimate(self, kind: str | None, score: float) -> Estimate:
        """The chance of a right answer for a request of task type `kind` and difficulty `score`."""
        assert self.overall is not None
        record = self.per_type.get(kind) if kind is not None else None
        if record is None:
            kind, record = None, self.overall
        ref = _reference_logits().get(kind or "", _reference_logits()[""])
        excess = max(0.0, _logit(score) - ref)
        chance = _sigmoid(_logit(min(1 - RATE_CLAMP, max(RATE_CLAMP, record.rate))) - excess)
        if excess == 0.0:
            chance = record.rate  # at the suite's difficulty: the measured rate, unclamped
        return Estimate(chance=chance, task_type=kind, record=record, shrunk=excess > 0.0)


def _record(row: Mapping[str, Any]) -> TypeRecord:
    n = int(row["n"])
    rate = row["rate"]
    return TypeRecord(rate=float(rate) if rate is not None else 0.0, right=int(row["right"]), n=n)


def signal_cuts(tasks: Sequence[Mapping[str, Any]]) -> SignalCuts:
    """The cuts of `SignalCuts` from the profile's per-task records (ok, mean_logprob, repetition_ratio)."""
    low = _cut(tasks, "mean_logprob", worse_is_higher=False)
    high = _cut(tasks, "repetition_ratio", worse_is_higher=True)
    return SignalCuts(min_mean_logprob=low, max_repetition_ratio=high)


def _cut(tasks: Sequence[Mapping[str, Any]], name: str, *, worse_is_higher: bool) -> float | None:
    pairs = [
        (float(t[name]), bool(t.get("ok")))
        for t in tasks
        if isinstance(t, Mapping) and isinstance(t.get(name), int | float)
    ]
    if not pairs:
        return None
    # Worst answers first; a cut falls only between distinct values, so ties stay together.
    pairs.sort(key=lambda p: -p[0] if worse_is_higher else p[0])
    best: float | None = None
    wrong = 0
    for i, (value, ok) in enumerate(pairs):
        wrong += not ok
        taken = i + 1
        if taken == len(pairs):
            break
        following = pairs[i + 1][0]
        if following == value:
            continue
        if taken >= SIGNAL_MIN_ANSWERS and wrong / taken >= SIGNAL_WRONG_SHARE:
            best = following  # beyond the first answer left out: escalate
    return best


def load_competence(folder: Path, suite_digest: str) -> Competence:
    """The folder's profile as a Competence: unusable (with the reason) when missing or stale."""
    status = check_profile(folder, suite_digest)
    if status.state != "ok":
        return Competence.unavailable(status.state, status.detail)
    try:
        profile = read_profile(folder)
        if profile is None:
            return Competence.unavailable("missing", f"{folder}: no profile")
        competence = Competence.from_profile(profile)
    except ModelError as exc:
        return Competence.unavailable("stale", str(exc))
    _reference_logits()  # measured once, here, rather than on the first request
    return competence


def _logit(p: float) -> float:
    p = min(1 - 1e-6, max(1e-6, p))
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


@functools.cache
def _reference_logits() -> dict[str, float]:
    """Mean difficulty logit of the suite's dev tasks, per task type and ("") over all of them."""
    from edged.tasks import load_tasks

    sums: dict[str, list[float]] = {}
    for task in load_tasks(split="dev"):
        z = _logit(extract([{"role": "user", "content": task.prompt}]).score)
        for key in (task.type, ""):
            sums.setdefault(key, []).append(z)
    return {key: sum(zs) / len(zs) for key, zs in sums.items()}


# -- the task type of a request ------------------------------------------------------------------

# Work the suite has no type for: code, multi-step reasoning, analysis, long writing, long documents.
_NOT_A_SUITE_TYPE = frozenset(
    {"code", "reasoning", "analysis", "long_form_writing", "long_document_extraction"}
)
_W = re.compile(r"[a-z]+")
_TRANSLATE = re.compile(
    r"\btranslat|\bhow (?:do|would) (?:you|i) say\b|\bin (?:english|spanish|french|german|italian|"
    r"portuguese|dutch|japanese|chinese|korean|russian|arabic)\s*[?.]?\s*$"
)
_SUMMARIZE = re.compile(r"\b(?:summari[sz]e|summary|tl;?dr|sum (?:it |this )?up|gist)\b")
_LIST = re.compile(
    r"\b(?:sort|alphabetical(?:ly)?|csv|comma[- ]separated|bullet(?:ed)? list|numbered list|"
    r"(?:which|what) of these|in order|list (?:the|all|every|\d+|three|four|five|six|seven|ten))\b"
)
_REWRITE = re.compile(
    r"\b(?:rewrite|re-write|rephrase|paraphrase|reword|proofread|all caps|uppercase|lowercase|"
    r"upper case|lower case|(?:more )?(?:formal|polite|friendlier|concise)|fix (?:the )?(?:grammar|spelling|typos)|"
    r"turn this into|make (?:this|it) (?:shorter|sound|more|less|all))\b"
)
_CONVERT = re.compile(
    r"\bconvert\b|\b\d{1,2}:\d{2}\b.*\b(?:12|24)-hour\b|\b(?:12|24)-hour\b|"
    r"\bwhat (?:date|day)\b.*\b(?:after|before|from)\b|\bday of the week\b|"
    r"\bhow many (?:centimet|millimet|met|kilomet|mile|feet|foot|inch|yard|pound|kilo|gram|ounce|"
    r"lit|gallon|cup|second|minute|hour|day|week|month|degree)\w*\b.*\b(?:is|are|in)\b|"
    r"°\s*[cf]\b|\bin (?:fahrenheit|celsius|kelvin|miles|kilometres|kilometers|metres|meters|feet|"
    r"inches|pounds|kilograms|grams|ounces|litres|liters|gallons)\b"
)
_ARITHMETIC = re.compile(
    r"\d\s*(?:[+*/×÷x^]|plus|minus|times|divided by|multiplied by)\s*\d|\d\s+[-−]\s+\d|\bsquared\b|\bcubed\b|"
    r"\bsquare root\b|\bpower of\b|\d\s*%\s*of\b|\bpercent of\b|\badd \d|\bsubtract \d|\bmultiply \d|"
    r"\bdivide \d|\b(?:sum|product|average) of\b"
)
_CLASSIFY = re.compile(
    r"\bclassify\b|\bcategori[sz]e\b|\bpositive,? (?:or )?negative\b|\bsentiment\b|\bspam\b|"
    r"\bwhich (?:language|category|genre) is\b|\bprime or composite\b|\btrue or false\b|"
    r"\byes or no\b|\b(?:is|are) (?:this|it|these|that|an?|the)\b[^?]{0,60},[^?]{0,60}\bor \w+"
)
_BRIEF_ABOUT = re.compile(
    r"^\s*(?:in (?:under|at most|no more than|fewer than) \d+ words|(?:in )?one sentence|max(?:imum)? \d+ words)\b"
)
_QUESTION_START = re.compile(
    r"^\s*(?:what(?:'s| is| are| was| were)?|who|whom|which|where|when|how|in which|name)\b"
)
_QUESTION_AT_END = re.compile(
    r"[.!'\"”]\s*(?:what|who|which|where|when|how)\b[^.!?]*\?\s*$|[.;]\s*(?:what|who|which|where|when)\b"
)


def task_type(text: str, features: Features) -> str | None:
    """The suite task type a request is an instance of, or None (`text`: its latest user turn).

    Ordered rules, first match wins: the request's own verb ("translate", "summarize", "sort")
    before the shape of its content (numbers, a passage followed by a question).
    """
    if features.task in _NOT_A_SUITE_TYPE or features.long_form or features.long_context:
        return None
    lower = text.lower()
    if len(lower) > 1200:
        return None  # the suite's requests are short; a long one is some other kind of work
    words = len(_W.findall(lower[:600]))
    head = lower[:200]
    if _TRANSLATE.search(head) or _TRANSLATE.search(lower[-80:]):
        return "translate"
    if _SUMMARIZE.search(head):
        return "summarize"
    if "json" in head:
        return "format_json"
    if _BRIEF_ABOUT.search(head) and words >= 25:
        return "summarize"  # "In under 15 words, who won? <a report>"
    if _LIST.search(head):
        return "format_list"
    if _REWRITE.search(head):
        return "rewrite"
    if _CONVERT.search(head):
        return "convert"
    if _CLASSIFY.search(head):
        return "classify"
    if _ARITHMETIC.search(head) and words <= 30:
        return "arithmetic"
    if _QUESTION_AT_END.search(lower) and words >= 8:
        return "extract"  # a statement, then a question about it
    if features.math and words <= 30:
        return "arithmetic"
    if words <= 20 and (_QUESTION_START.match(lower) or lower.rstrip().endswith("?")):
        return "fact"
    return None
