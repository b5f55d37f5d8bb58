"""Personal names, in personal context only.

A capitalised word is a name here only where a person is being addressed, introduced or
described: after an honorific in a message that is about the writer ("my appointment with
Dr. Patel"), "my name is …", "I'm … and", "this is … from", a greeting ("Dear Jane,") or a
sign-off ("Best regards,\\nJane Doe"), a role ("patient Ahmed Khan", "my colleague Tom"), a label
("Full name: …"), or right before another finding ("John Smith, SSN …", "Maria Garcia's card …").
Names of public figures in general-knowledge questions ("Who was Abraham Lincoln?") have none of
these and are left alone; so are capitalised sentence starts, places and products.
"""

from __future__ import annotations

import re

from edged.privacy._common import NOT_NAMES, Finding, anchored, merge, present, windows, word_windows, wordset

__all__ = ["scan_names"]

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LO = "a-zß-öø-ÿā-ž"
_TOKEN = rf"[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+|['’][{_UP}][{_LO}]+)*"
_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|bin|binti|al|el|ibn|ten|ter|dos|das)"
_FULL = rf"{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:[{_UP}]\.[ \t]+)?{_TOKEN}){{0,2}}"
_FULL_RE = re.compile(rf"(?<![\w'’]){_FULL}")


# An honorific names a private person when its sentence is about the writer or is correspondence:
# "my appointment with Dr. Patel", "a note to Mrs. Chen"; not "the adventures of Dr. Henry Jones".
_PERSONAL = re.compile(
    r"\bI\b|\bI['’][mvdl]|\b(?:my|our|we|us)\b|(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[\"“]))(?:My|Our|We)\b"
    r"|(?i:\b(?:dear|regards|appointment|meeting|e-?mail|letter|note|message|reply|invoice|referral|session"
    r"|consultation|call\s+with|visit\s+with)\b)"
)
# A full stop, "!", "?" or a line break, but not the dot of "Dr." or of an initial.
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=\n)|(?=\s)(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)(?<!\bProf.)(?<!\b[A-Z].))"
)
_HONORIFIC = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Herr|Frau|Mme|Mlle|Sra|Srta)\.?[ \t]+(?P<name>{_FULL})"
)
_INTRO = re.compile(
    rf"(?:\b[Mm]y\s+name\s+is|\b[Mm]y\s+name's|\b(?i:i'?m\s+called|call\s+me|i\s+go\s+by)|(?i:\b(?:full|legal|first"
    rf"|last|patient|customer|employee|client)\s+name\s*[:=-]|\b(?:account|card)\s*holder(?:\s+name)?\s*[:=-]"
    rf"|\bname\s+on\s+(?:the\s+)?card\s*[:=-]?))\s*(?P<name>{_FULL})"
)
_I_AM = re.compile(
    rf"\b(?:I'm|I’m|Im|I\s+am|i'm)\s+(?P<name>{_FULL})(?=\s*(?:,|and\b|from\b|here\b|-|–|—|\.|\(|!|$|\n))"
)
_THIS_IS = re.compile(
    rf"\b(?i:this\s+is|it's|it\s+is)\s+(?P<name>{_FULL})(?=\s+(?:from|here|speaking|calling|writing)\b)"
)
# At the start of a line: "Hey Jude, Come As You Are" in a list of songs is not a greeting.
_GREETING = re.compile(
    rf"(?m:^)[ \t\"'“]*(?:Dear|Hi|Hello|Hey|Hiya|Good\s+(?:morning|afternoon|evening))[ \t]+"
    rf"(?:(?:Mr|Mrs|Ms|Dr|Prof|Miss|Mx)\.?[ \t]+)?(?P<name>{_FULL})[ \t]*(?=[,:!\n]|$)"
)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?][ \t])|(?<=[.!?]  ))[ \t]*(?i:(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)"
    r"|regards|cheers|thanks(?:\s+again|\s+so\s+much|\s+a\s+lot)?|thank\s+you(?:\s+so\s+much)?|many\s+thanks|thx"
    r"|sincerely(?:\s+yours)?|yours(?:\s+(?:truly|sincerely|faithfully))?|best|love|take\s+care|respectfully"
    r"|cordially|all\s+the\s+best|talk\s+soon|xoxo|hugs|ciao|mit\s+freundlichen\s+grüßen|viele\s+grüße"
    r"|liebe\s+grüße|saludos|atentamente|cordialement|bien\s+à\s+vous)[ \t]*[,!.]?"
    rf"(?:[ \t]*\n[ \t]*(?:\n[ \t]*)?|[ \t]+|[ \t]*[-–—][ \t]*)(?P<name>{_FULL})[ \t]*[,.]?[ \t]*(?=\n|$)"
)
_RELATIONS = (
    r"(?:wife|husband|partner|son|daughter|mother|mom|mum|father|dad|brother|sister|friend|boss|manager|neighbou?r"
    r"|colleague|coworker|landlord|tenant|doctor|therapist|lawyer|roommate|flatmate|boyfriend|girlfriend"
    r"|fianc[ée]e?|aunt|uncle|cousin|grandmother|grandfather|grandma|grandpa|niece|nephew|child|kid|baby|nanny"
    r"|assistant|client|patient|student|teacher|dentist|accountant)"
)
_MY_ROLE = rf"(?i:my)\s+(?:\w+\s+)?{_RELATIONS}"
_RECORD_ROLE = r"(?:[Pp]atient|employee|customer|client|tenant|applicant|claimant|beneficiary|cardholder|account\s+holder)"
# Next to another finding any role will do ("candidate Ju Zheng's SSN"); on its own only a record's
# role or the writer's relation makes a name personal: "patient Ahmed Khan", "my colleague Tom",
# not "his friend and colleague Steven Spielberg".
_ROLE = rf"(?:{_RECORD_ROLE}|student|candidate|colleague|coworker|co-worker|contractor|resident|{_MY_ROLE})"
_ROLE_NAME = re.compile(rf"\b{_MY_ROLE}[ \t]+(?P<name>{_FULL})")
_RECORD_NAME = re.compile(rf"\b{_RECORD_ROLE}[ \t]+(?P<name>{_FULL})")
_ROLE_END = re.compile(rf"\b{_ROLE}[ \t]+$")
_NEXT_TO = frozenset(
    {
        "ssn", "payment_card", "phone", "email", "salary", "health", "date_of_birth", "medical_record",
        "passport", "national_id", "drivers_license", "bank_account", "iban", "postal_address", "location",
        "license_plate", "pin", "password",
    }
)  # fmt: skip
_BREAK = re.compile(r"[\n.!?]")
_LABEL_BEFORE = re.compile(r"(?:full|legal|first|last|patient|customer|employee|client|holder) $")
_HONORIFICS = ("Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof", "Herr", "Frau", "Mme", "Mlle", "Sra", "Srta")
_HONORIFIC_WORDS = frozenset(h.lower() for h in _HONORIFICS) | {"professor"}
_SIGN_OFFS = (
    "regards", "wishes", "cheers", "thanks", "thank", "thx", "sincerely", "yours", "best", "love", "care",
    "respectfully", "cordially", "soon", "xoxo", "hugs", "ciao", "saludos", "atentamente", "cordialement", "vous",
)  # fmt: skip
_SIGN_OFF_WORDS = wordset(
    "regards wishes cheers thanks thank thx sincerely yours best love care respectfully cordially soon xoxo hugs "
    "ciao gr saludos atentamente cordialement vous"
)
_RELATION_WORDS = (
    "wife", "husband", "partner", "son", "daughter", "mother", "mom", "mum", "father", "dad", "brother", "sister",
    "friend", "boss", "manager", "neighbor", "neighbour", "colleague", "coworker", "landlord", "tenant", "doctor",
    "therapist", "lawyer", "roommate", "flatmate", "boyfriend", "girlfriend", "fiance", "fiancee", "aunt", "uncle", "cousin",
    "grandmother", "grandfather", "grandma", "grandpa", "niece", "nephew", "child", "kid", "baby", "nanny",
    "assistant", "client", "patient", "student", "teacher", "dentist", "accountant",
)  # fmt: skip
_RECORD_WORDS = (
    "patient", "employee", "customer", "client", "tenant", "applicant", "claimant", "beneficiary", "cardholder",
    "holder",
)  # fmt: skip


def scan_names(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """Add person_name findings; `found` holds the other findings, which names may sit next to."""
    names: list[Finding] = []
    _phrases(text, lower, words, names)
    for f in list(found):
        if f.kind in _NEXT_TO:
            _next_to(text, f, names)
    found.extend(names)


def _name_span(text: str, start: int, end: int, *, single: bool) -> tuple[int, int] | None:
    """The name inside text[start:end], without capitalised non-names in front ("Contact Jane Doe")."""
    tokens = [
        (start + t.start(), start + t.end(), t.group()) for t in re.finditer(r"[^ \t]+", text[start:end])
    ]
    while tokens and tokens[0][2] in NOT_NAMES:
        tokens.pop(0)
    capitalised = [t for t in tokens if t[2][0].isupper()]
    if not capitalised or any(t[2] in NOT_NAMES for t in capitalised):
        return None
    if len(capitalised) < 2 and not single:
        return None
    return tokens[0][0], tokens[-1][1]


def _add(
    text: str, m: re.Match[str], group: str, names: list[Finding], detector: str, *, single: bool
) -> None:
    span = _name_span(text, *m.span(group), single=single)
    if span is not None:
        names.append(Finding("person_name", span[0], span[1], detector))


def _sentence(text: str, start: int, end: int, reach: int = 80) -> tuple[int, int]:
    """The part of the sentence around text[start:end] within `reach` characters either side."""
    lo = max(0, start - reach)
    for m in _SENTENCE_END.finditer(text, lo, start):
        lo = m.end()
    stop = _SENTENCE_END.search(text, end, end + reach)
    return lo, stop.start() if stop else min(len(text), end + reach)


def _phrases(text: str, lower: str, words: frozenset[str], names: list[Finding]) -> None:
    def each(pattern: re.Pattern[str], spans: list[tuple[int, int]]) -> list[re.Match[str]]:
        return [m for lo, hi in spans for m in pattern.finditer(text, lo, hi)]

    if not words.isdisjoint(_HONORIFIC_WORDS):
        honorifics = tuple(h for h in _HONORIFICS if h.lower() in words)
        for m in each(_HONORIFIC, windows(text, honorifics, 0, 64)):
            if _PERSONAL.search(text, *_sentence(text, m.start(), m.end())):
                _add(text, m, "name", names, "honorific", single=True)

    def capital_next(i: int, j: int) -> bool:  # "I'm Priya", not "I'm sure"
        return text[j : j + 1].isupper() or (text[j : j + 1] == " " and text[j + 1 : j + 2].isupper())

    def line_start(i: int, j: int) -> bool:  # "Hi John," on its own line, not "Hey Jude" in a list
        head = text[max(0, i - 12) : i]
        return not text[j : j + 1].isalpha() and (i == 0 or head.rsplit("\n", 1)[-1].strip(" \t\"'“") == "")

    # "Thanks," / "Kind regards," opening a line or following a sentence, not "best" mid-sentence.
    def sign_off_start(i: int, j: int) -> bool:
        if not (i == 0 or not lower[i - 1].isalpha()) or lower[j : j + 1].isalpha():
            return False
        head = _BREAK.split(text[max(0, i - 24) : i])
        return (i <= 24 or len(head) > 1) and len(head[-1].split()) <= 2

    def name_label(i: int, j: int) -> bool:  # "my name is", "full name:", "name on card"
        return (
            lower[max(0, i - 3) : i] == "my "
            or lower[j : j + 2] in ("'s", ":", ": ", " :", " o", "=", " =")
            or _LABEL_BEFORE.search(lower, max(0, i - 10), i) is not None
        )

    if not words.isdisjoint(("name", "call", "go", "called", "holder", "cardholder")):
        spans = anchored(lower, ("name",), 24, 64, name_label) + windows(
            lower, present(lower, ("call me", "go by", "called", "holder")), 24, 64
        )
        for m in each(_INTRO, merge(spans)):
            _add(text, m, "name", names, "introduction", single=True)
    if "i" in words or "im" in words:
        for m in each(_I_AM, anchored(text, ("I'm", "I’m", "I am", "Im", "i'm"), 0, 64, capital_next)):
            _add(text, m, "name", names, "introduction", single=True)
    if not words.isdisjoint(("from", "here", "speaking", "calling", "writing")):
        for m in each(_THIS_IS, anchored(lower, ("this is", "it's", "it is"), 0, 80, capital_next)):
            _add(text, m, "name", names, "introduction", single=True)
    if not words.isdisjoint(("dear", "hi", "hello", "hey", "hiya", "good")):
        spans = anchored(text, ("Dear", "Hi", "Hello", "Hey", "Hiya", "Good "), 12, 72, line_start)
        for m in each(_GREETING, spans):
            _add(text, m, "name", names, "greeting", single=True)
    if not words.isdisjoint(_SIGN_OFF_WORDS):
        sign_offs = tuple(w for w in _SIGN_OFFS if w in words) + (("grüße",) if "gr" in words else ())
        for m in each(_SIGN_OFF, anchored(lower, sign_offs, 24, 80, sign_off_start)):
            _add(text, m, "name", names, "sign_off", single=True)
    if "my" in words:
        relations = tuple(w for w in _RELATION_WORDS if w in words)
        relations += present(lower, ("fiancé", "fiancée")) if "fianc" in words else ()
        for m in each(_ROLE_NAME, word_windows(lower, relations, 32, 48)):
            _add(text, m, "name", names, "role", single=True)
    records = tuple(w for w in _RECORD_WORDS if w in words)
    for m in each(_RECORD_NAME, word_windows(lower, records, 16, 48)):
        _add(text, m, "name", names, "role", single=False)  # "customer Kyle" in a film plot: no


def _next_to(text: str, f: Finding, names: list[Finding]) -> None:
    """A name just before a finding ("John Smith, SSN …", "Maria Garcia's card …")."""
    candidates = list(_FULL_RE.finditer(text, max(0, f.start - 64), f.start))
    for m in reversed(candidates):
        gap = text[m.end() : f.start]
        if len(gap) > 40 or _BREAK.search(gap):
            break
        possessive = gap.startswith(("'s", "’s"))
        role = _ROLE_END.search(text, max(0, m.start() - 40), m.start()) is not None
        span = _name_span(text, m.start(), m.end(), single=possessive or role)
        if span is not None:
            names.append(Finding("person_name", span[0], span[1], "next_to_finding"))
            return
