"""What every detector shares: the finding, the kinds, and the windows the regexes run in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "NOT_NAMES",
    "Finding",
    "anchored",
    "forget_non_ascii",
    "merge",
    "non_ascii",
    "occurrences",
    "other_digits",
    "present",
    "remember_finds",
    "windows",
    "word_windows",
    "words_of",
]

# Names go on the wire (decisions, metrics, placeholders such as <EMAIL_1>): never rename one.
KINDS = (
    "email",
    "phone",
    "ssn",
    "payment_card",
    "iban",
    "passport",
    "api_key",
    "access_token",
    "private_key",
    "password",
    "date_of_birth",
    "medical_record",
    "postal_address",
    "person_name",
    "national_id",
    "drivers_license",
    "license_plate",
    "bank_account",
    "pin",
    "location",
    "salary",
    "health",
    "custom",
)


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one string: the long keyword lists stay readable."""
    return frozenset(words.split())


# Capitalised words that are not personal names: sentence starts, greetings, titles, days, products,
# demonyms, organisations.
NOT_NAMES = wordset("""
    A An The This That These Those There Here It Its I Im My Me Mine We Our Us You Your He His Him She Her
    They Their Them Who What When Where Why How Which Whose Please Thanks Thank Hi Hello Hey Dear Best Kind
    Warm Regards Cheers Sincerely Yours Love And Or But If So Not No Yes Ok Okay Sure Also Just Still Very
    Really Now Then Today Tomorrow Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
    February March April May June July August September October November December Mr Mrs Ms Dr Prof Sir Madam
    Miss Team All Everyone Everybody Friends Friend Colleagues Colleague Customer Customers Client Clients Sir
    Madam Manager Hiring Recruiter Committee Board Members Member Parents Students Student Teacher Teachers
    Staff Santa Diary Editor Reader Readers User Users Admin Support Sales Team Valued Future Younger Self
    Mom Mum Dad Mother Father Grandma Grandpa Doctor Nurse Officer Sergeant Captain Coach Boss Neighbor
    Neighbour Landlord Tenant Patient Employee Name Full Last First Email Phone Card Credit Debit Visa
    Mastercard Amex Account Bank Social Security Number Address Street Road Avenue Password Key Token Api
    Date Birth Born Contact Call Send Mail Note Subject From To Cc Re Fwd Attached Attachment Regarding
    Siri Alexa Google Chatgpt Claude Bard Gemini Copilot Assistant Bot Ai Gpt Openai Anthropic Microsoft
    Apple Amazon Facebook Meta Netflix Twitter Linkedin Github Python Java Javascript Rust Linux Windows
    American British English Canadian Australian Indian Chinese Japanese German French Spanish Italian
    Mexican Brazilian Russian Korean Irish Scottish Welsh Dutch Swedish Polish African Asian European
    Latino Latina Hispanic Catholic Christian Jewish Muslim Hindu Buddhist Atheist Vegan Vegetarian
    Republican Democrat Gay Straight Single Married Divorced Male Female Trans Sorry Happy Glad Fine Good
    Great Ready Done Back Going Trying Working Looking Writing Building Learning Planning Currently Pretty
    Quite Actually Always Never Sort New Old Using Gonna Here Guys Folks World Everyone Anyone Someone
    Morning Afternoon Evening Night Week Weekend Again Soon Care Wishes Take Talk Later Respectfully
    Cordially Hugs Xoxo Ciao Regards Thx Lol Btw Fyi Asap Ps Hr It Ceo Cto Cfo Vp Pm Qa
    Inc Ltd Llc Corp Company University College School Hospital Clinic Department Office Center Centre
    Street Lane Drive Court Place Park Square Hall House Home Room City Town Village County State Country
    North South East West Central Upper Lower Great Little Big Saint St Mount Lake River Bay Port
    Association League Limited Club Corporation Group Foundation Society Institute Council Party Union
    Trust Agency Ministry Federation Church Museum Library Festival Award Prize Cup Championship Series
    Albanian Algerian Argentine Argentinian Armenian Austrian Bangladeshi Belgian Bolivian Bosnian
    Bulgarian Cambodian Chilean Colombian Croatian Cuban Czech Danish Ecuadorian Egyptian Emirati
    Estonian Ethiopian Filipino Finnish Georgian Ghanaian Greek Guatemalan Haitian Hungarian Icelandic
    Indonesian Iranian Iraqi Israeli Jamaican Jordanian Kazakh Kenyan Kurdish Latvian Lebanese Libyan
    Lithuanian Malaysian Maltese Moroccan Nepali Nigerian Norwegian Pakistani Palestinian Peruvian
    Portuguese Romanian Saudi Serbian Singaporean Slovak Slovenian Somali Sudanese Swiss Syrian Taiwanese
    Thai Tunisian Turkish Ukrainian Uruguayan Venezuelan Vietnamese Yemeni Zimbabwean Arab Persian Slavic
    Nordic Scandinavian Caribbean Pacific Native Indigenous Aboriginal Jew Sikh Jain Protestant Orthodox
    Lutheran Baptist Methodist Anglican Evangelical Agnostic Pagan Conservative Liberal Labour Green
    Failure Error Exception Warning Allocation Memory Heap Thread Process Server Client Request Response
    """)


@dataclass(frozen=True)
class Finding:
    """Where one piece of personal or secret data sits in the text. Never the value itself."""

    kind: str
    start: int
    end: int
    detector: str = ""  # which rule matched, e.g. "aws_access_key_id"; never the value

    def __repr__(self) -> str:
        return f"Finding({self.kind!r}, {self.start}, {self.end})"


def windows(hay: str, needles: tuple[str, ...], before: int, after: int) -> list[tuple[int, int]]:
    """Merged (start, end) spans around every occurrence of the needles in `hay`."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        n = len(needle)
        spans.extend((max(0, i - before), i + n + after) for i in occurrences(hay, needle))
    return merge(spans)


def anchored(
    hay: str, needles: tuple[str, ...], before: int, after: int, keep: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Like `windows`, only around the occurrences (start, end) that `keep` accepts."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        n = len(needle)
        spans.extend((max(0, i - before), i + n + after) for i in occurrences(hay, needle) if keep(i, i + n))
    return merge(spans)


def word_windows(lower: str, words: tuple[str, ...], before: int, after: int) -> list[tuple[int, int]]:
    """Like `windows`, for whole words only: "rate" in "the rate is", not in "generate"."""
    spans: list[tuple[int, int]] = []
    for word in words:
        n = len(word)
        for i in occurrences(lower, word):
            if (i == 0 or not lower[i - 1].isalpha()) and not lower[i + n : i + n + 1].isalpha():
                spans.append((max(0, i - before), i + n + after))
    return merge(spans)


# The lower-cased text being scanned and, per needle, where it occurs in it. Several detectors look
# for the same words ("name", "it's", "make", "born" …) and each `find` pass costs a few
# microseconds over a 4,000-character text; the first pass is kept for the others. One (text,
# memo) pair is swapped in whole, like `_LAST_REST`: a thread that finds another thread's text
# there searches without the memo. Dropped with the text after the scan (`forget_non_ascii`).
_FINDS: list[tuple[str | None, dict[str, tuple[int, ...]]]] = [(None, {})]


def remember_finds(lower: str) -> None:
    """Keep the occurrences of needles in `lower` (the scanned text, lower-cased) until the scan ends."""
    _FINDS[0] = (lower, {})


def _find_all(hay: str, needle: str) -> tuple[int, ...]:
    """Every occurrence of `needle` in `hay`, each search resuming after the last one found."""
    out = []
    n = len(needle)
    i = hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + n)
    return tuple(out)


def occurrences(hay: str, needle: str) -> tuple[int, ...]:
    """Where `needle` occurs in `hay` (not overlapping, left to right), memoised for the scanned text."""
    last = _FINDS[0]
    if last[0] is not hay:
        return _find_all(hay, needle)
    found = last[1].get(needle)
    if found is None:
        found = last[1][needle] = _find_all(hay, needle)
    return found


def matches_at(pattern: re.Pattern[str], text: str, starts: set[int]) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds when a match can only start at one of `starts`: each
    start tried in order with `match`, skipped once an earlier match covers it. For patterns led
    by a lookbehind or `\\b`, which `finditer` would try at every position of the text."""
    out: list[re.Match[str]] = []
    pos = 0
    for start in sorted(starts):
        if start >= pos:
            m = pattern.match(text, start)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(spans) < 2:
        return spans
    spans.sort()
    out = [spans[0]]
    for lo, hi in spans[1:]:
        if lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


# Letters and the space from the most frequent in prose to the least; any other character (a digit,
# punctuation, an accented letter) counts as rarer still.
_COMMON = " etaoinshrdlcumwfgypbvkjxqz"
_RARITY = {c: len(_COMMON) - i for i, c in enumerate(_COMMON)}
_RAREST: dict[str, str] = {}


def _rarest(needle: str) -> str:
    """The needle's least frequent character: "è" of "mère", "/" of "/h"."""
    key = _RAREST.get(needle)
    if key is None:
        if len(_RAREST) > 4096:
            _RAREST.clear()  # bounded, though the needles are the detectors' own literals
        key = _RAREST[needle] = min(needle, key=lambda c: _RARITY.get(c, 0)) if needle else ""
    return key


def present(lower: str, needles: tuple[str, ...]) -> tuple[str, ...]:
    """The needles that occur in `lower` (a cheap filter before any regex runs).

    A needle's rarest character is looked for first: finding one character is a memchr over the
    text, several times cheaper than finding a substring, and most needles fail on it ("mère" in a
    text with no "è", "/h" in one without a slash)."""
    last = _FINDS[0]
    if last[0] is lower:
        memo = last[1]  # a needle some detector has already looked for: its occurrences say
        return tuple(
            n for n in needles if (bool(memo[n]) if n in memo else (_rarest(n) in lower and n in lower))
        )
    return tuple(n for n in needles if _rarest(n) in lower and n in lower)


# Every byte that is not an ASCII lower-case letter becomes a space (UTF-8 multi-byte sequences too).
_LETTERS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def words_of(lower: str) -> frozenset[str]:
    """The runs of ASCII letters in `lower`: one pass, then every detector's trigger check is a set
    intersection instead of an `in` per keyword over the whole text."""
    return frozenset(lower.encode("utf-8").translate(_LETTERS).decode("ascii").split())


_ASCII = bytes(range(128))
_DECIMAL = re.compile(r"\d")


# The last text asked about and its characters that are not ASCII: several detectors ask of the
# same text, and one (text, rest) pair is swapped in whole, so threads sharing it never see a torn one.
_LAST_REST: list[tuple[str, str]] = [("", "")]


def non_ascii(text: str) -> str:
    """The characters of `text` that are not ASCII, in order (empty for an ASCII text).

    Most non-ASCII prompts hold a handful (a curly quote, an IPA symbol, a "£"): a question about a
    character class that no ASCII character is in ("any kana?", "any special dash?") is asked of
    these few instead of a scan of every position of the text."""
    last = _LAST_REST[0]
    if last[0] is text:
        return last[1]
    if text.isascii():
        return ""
    # Deleting the ASCII bytes of the UTF-8 leaves whole multi-byte sequences: the other characters.
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")
    _LAST_REST[0] = (text, rest)
    return rest


def forget_non_ascii() -> None:
    """Drop the text `non_ascii` and `occurrences` keep: a prompt must not stay in memory after its scan."""
    _LAST_REST[0] = ("", "")
    _FINDS[0] = (None, {})


def other_digits(text: str) -> bool:
    """Whether `text` holds a decimal digit other than 0-9 (Arabic-Indic, Devanagari, …), which a
    regex's \\d matches too. Without one, a pattern may lead with [0-9]: the engine tests each
    character against a range instead of looking up its Unicode category (a third faster)."""
    rest = non_ascii(text)
    return bool(rest) and _DECIMAL.search(rest) is not None
