"""Personal names, in personal context only.

A capitalised word is a name here only where a person is being addressed, introduced or
described: after an honorific in a message that is about the writer ("my appointment with
Dr. Patel"), "my name is …", "I'm … and", "this is … from", a greeting ("Dear Jane,") or a
sign-off ("Best regards,\\nJane Doe"), a role ("patient Ahmed Khan", "my colleague Tom"), a label
("Full name: …"), or right before another finding ("John Smith, SSN …", "Maria Garcia's card …").
Names of public figures in general-knowledge questions ("Who was Abraham Lincoln?") have none of
these and are left alone; so are capitalised sentence starts, places and products.

`_wider` covers the same signals as people write them in other languages and formats: a relation
after a possessive in de/fr/es/it/pt/nl/da ("mia sorella Chiara"; a third person's, "her son Tom",
only next to other personal data, since stories are full of them), self-introductions ("soy …",
"ik ben …", and lower-case names after "my name is" or a greeting), form labels in those languages
(one word only after a label for one part of a name: "Vorname: Anke", not "Name: Peter"), JSON keys
for one part of a name, CSV with quoted cells, lists of people ("Ana Ruiz — asthma; Tom Roe — …"),
greetings and sign-offs ("Sehr geehrte Frau …", "Mvh. Rasmus", "-san"), a passport MRZ and HL7's
PID segment, contact verbs before a phone ("call Nadia on …"), a record id with the name in
parentheses, documents about a person ("an offer letter for …"), and the subject of a sentence about
pay or health. Each is gated on its trigger words and runs only around them.
"""

from __future__ import annotations

import re

from edged.privacy._common import (
    NOT_NAMES,
    Finding,
    _rarest,
    anchored,
    matches_at,
    merge,
    non_ascii,
    occurrences,
    present,
    windows,
    word_windows,
    words_of,
    wordset,
)
from edged.privacy._medical import _by_first_letter, _folds_plainly, _top_level

__all__ = ["scan_names"]


def _found(lower: str, needles: tuple[str, ...]) -> tuple[str, ...]:
    """What `present(lower, needles)` gives, each needle looked for through the scan's memo once its
    rarest character is found: the windows made around them then reuse that search, where `present`
    and `windows` each went over the text."""
    return tuple(n for n in needles if _rarest(n) in lower and occurrences(lower, n))


_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LO = "a-zß-öø-ÿā-ž"
# "O'Brien", "McAllister", "MacLeod", "DeShawn", "LaToya", "Fitzgerald-Hayes", "Zieliński"
_TOKEN = rf"(?:[{_UP}]['’]|Mc|Mac|De|Di|La)?[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+|['’][{_UP}][{_LO}]+)*"
_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|bin|binti|al|el|ibn|ten|ter|dos|das|i|y)"
_FULL = rf"{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:[{_UP}]\.[ \t]+)?{_TOKEN}){{0,2}}"
# `(?<![\w'’]){_FULL}` opening with the class of a name's first letter, the look behind and the
# token's prefixes ("O'", "Mc", "De" …) after it: the engine skips along to capitals instead of
# entering the look behind at every position.
_FULL_RE = re.compile(
    rf"[{_UP}](?<![\w'’].)(?:['’][{_UP}]|(?<=M)c[{_UP}]|(?<=M)ac[{_UP}]|(?<=D)e[{_UP}]|(?<=D)i[{_UP}]|(?<=L)a[{_UP}]|)"
    rf"[{_LO}]+(?:-[{_UP}]?[{_LO}]+|['’][{_UP}][{_LO}]+)*"
    rf"(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:[{_UP}]\.[ \t]+)?{_TOKEN}){{0,2}}"
)

# What a case-insensitive match of these ASCII letters takes besides their two cases: "İ" and "ı"
# for "i", the Kelvin sign for "k", "ſ" for "s".
_FOLDS = {"i": "Iiİı", "k": "Kk\u212a", "s": "Ssſ"}
# A \b before a word character, looked behind once that character is matched.
_WORD_START = r"(?<!\w.)"


def _by_letter(branches: list[str], *, behind: str = "", fold: bool = True) -> str:
    """The alternation of `branches`, each opening with an ASCII letter, as one class of their first
    letters followed by one group per letter, entered after a look behind at the letter matched.

    A pattern that opens with \\b, a look behind or an alternation is entered at every position of
    the text it searches; one that opens with a class only where the engine, skipping along, finds
    one of its characters. `behind` is a look behind tried after the first letter, where the
    pattern's own look behind or \\b stood (`_WORD_START` for a \\b). With `fold` the branches are
    case-insensitive, and the class holds what (?i) matches each first letter with. Branches with
    different first letters never match at the same position, and a group keeps its branches'
    order: the same branch wins at every position as in the flat alternation."""
    groups: dict[str, list[str]] = {}
    for branch in branches:
        first = branch[0].lower() if fold else branch[0]
        if not (first.isascii() and first.isalpha()):
            raise ValueError(f"a branch must open with an ASCII letter: {branch!r}")
        groups.setdefault(first, []).append(branch[1:])
    classes = {c: _FOLDS.get(c, c.upper() + c) if fold else c for c in groups}
    flags = "?i:" if fold else "?:"
    alternation = "|".join(f"(?<=[{classes[c]}])({flags}{'|'.join(rests)})" for c, rests in groups.items())
    return f"[{''.join(classes.values())}]{behind}(?:{alternation})"


# An honorific names a private person when its sentence is about the writer or is correspondence:
# "my appointment with Dr. Patel", "a note to Mrs. Chen"; not "the adventures of Dr. Henry Jones".
_PERSONAL_WORDS = (
    r"dear|regards|appointment|meeting|e-?mail|letter|note|message|reply|invoice|referral|session"
    r"|consultation|call\s+with|visit\s+with|schreib\w*|bitte|notiz|brief|absage|r[üu]ckruf"
    r"|r[ée]dige[rz]?|lettre|courrier|escrib[ea]\w*|carta|scrivi|lettera"
)
_PERSONAL = re.compile(
    r"\bI\b|\bI['’][mvdl]|\b(?:my|our|we|us)\b|(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[\"“]))(?:My|Our|We)\b"
    rf"|(?i:\b(?:{_PERSONAL_WORDS})\b)"
)
# Whether `_PERSONAL` finds something, and only that, in a sentence: each branch opens with its first
# letter (a class the engine skips along), the \b or line start before it looked behind, where
# `_PERSONAL`'s three dozen branches are entered at every position (25 us over an 80-character
# sentence without a match). Each branch matches at the same positions as its own in `_PERSONAL`,
# which stays the rule's statement (the tests hold `_PERSONAL_ANY` to it).
_PERSONAL_ANY = re.compile(
    r"I(?<!\w.)(?:\b|['’][mvdl])"
    r"|[mouw](?<!\w.)(?:(?<=m)y|(?<=o)ur|(?<=w)e|(?<=u)s)\b"
    r"|[MOW](?:(?<![^\n].)|(?<=[.!?]\s.)|(?<=[\"“].))(?:(?<=M)y|(?<=O)ur|(?<=W)e)\b"
    rf"|{_by_letter(_top_level(_PERSONAL_WORDS), behind=_WORD_START)}\b"
)
# A full stop, "!", "?" or a line break, but not the dot of "Dr." or of an initial.
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=\n)|(?=\s)(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)(?<!\bProf.)(?<!\b[A-Z].))"
)
_THIS_IS_BEFORE = re.compile(r"(?i:\b(?:this\s+is|it['’]s))\s+$")
# Patterns below that open with \b or an alternation are entered at every position of their windows;
# a look ahead at the first characters their branches can open with (with what (?i) matches those
# letters with: "İ" and "ı" for "i", "ſ" for "s") turns most positions away on one class test
# before the branches are tried one by one (two to three times faster in the windows).
_HONORIFIC = re.compile(
    r"(?=[MDPHFS])\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Herrn?|Frau|Mme|Mlle|Sra|Srta)"
    rf"\.?[ \t]+(?P<name>{_FULL})"
)
# "my name is", "i'm called", "call me", "i go by", "full name:", "card holder:", "name on card":
# the phrases grouped by their first letter, each group entered after a look behind at the letter
# matched (with what (?i) matches "i" with besides its two cases, "İ" and "ı"), the \b looked behind
# once that letter is matched. The flat alternation, opening with \b, was entered at every position
# of the windows around "name" (a form or a JSON file is full of them); the class of first letters
# lets the engine skip along to those letters, three times faster. "my name is" keeps its case:
# "My" or "my", then lower case. Branches with different first letters never match at the same
# position, and the "c" group keeps the flat alternation's order of its branches.
_INTRO = re.compile(
    r"[MmIiİıCcFfLlPpEeAaNn](?<!\w.)(?:(?<=[Mm])(?:y\s+name\s+is|y\s+name's)"
    r"|(?<=[Iiİı])(?i:'?m\s+called|\s+go\s+by)"
    r"|(?<=[Cc])(?i:all\s+me|ustomer\s+name\s*[:=-]|lient\s+name\s*[:=-]|ard\s*holder(?:\s+name)?\s*[:=-])"
    r"|(?<=[Ff])(?i:(?:ull|irst)\s+name\s*[:=-])|(?<=[Ll])(?i:(?:egal|ast)\s+name\s*[:=-])"
    r"|(?<=[Pp])(?i:atient\s+name\s*[:=-])|(?<=[Ee])(?i:mployee\s+name\s*[:=-])"
    r"|(?<=[Aa])(?i:ccount\s*holder(?:\s+name)?\s*[:=-])|(?<=[Nn])(?i:ame\s+on\s+(?:the\s+)?card\s*[:=-]?))"
    rf"\s*(?P<name>{_FULL})"
)
_I_AM = re.compile(
    rf"\b(?:I'm|I’m|Im|I\s+am|i'm)\s+(?P<name>{_FULL})(?=\s*(?:,|and\b|from\b|here\b|-|–|—|\.|\(|!|$|\n))"
)
_THIS_IS = re.compile(
    rf"(?=[TtIiİı])\b(?i:this\s+is|it's|it\s+is)\s+(?P<name>{_FULL})"
    r"(?=\s+(?:from|here|speaking|calling|writing)\b)"
)
# At the start of a line: "Hey Jude, Come As You Are" in a list of songs is not a greeting.
_GREETING = re.compile(
    rf"(?m:^)[ \t\"'“]*(?:Dear|Hi|Hello|Hey|Hiya|Good\s+(?:morning|afternoon|evening))[ \t]+"
    rf"(?:(?:Mr|Mrs|Ms|Dr|Prof|Miss|Mx)\.?[ \t]+)?(?P<name>{_FULL})[ \t]*(?=[,:!\n]|$)"
)
# The first look behind, which each opening implies (a line break, a blank or the text's start before
# the match), turns most positions of a window away on one test, where the four openings were each
# tried at every one (the same for the greetings, `_GREETING_ML`, and the subjects, `_SUBJECT`).
_SIGN_OFF = re.compile(
    r"(?<![^\n \t])(?:^|(?<=\n)|(?<=[.!?][ \t])|(?<=[.!?]  ))[ \t]*"
    r"(?i:(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)"
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
_ROLE_NAME = re.compile(rf"(?=[Mm])\b{_MY_ROLE}[ \t]+(?P<name>{_FULL})")
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
_GAP_BREAK = re.compile(r"[\n!?]|(?<![A-Z])\.(?!\w)")
_LABEL_BEFORE = re.compile(r"(?:full|legal|first|last|patient|customer|employee|client|holder) $")
_HONORIFICS = (
    "Mr",
    "Mrs",
    "Ms",
    "Mx",
    "Miss",
    "Dr",
    "Prof",
    "Herr",
    "Herrn",
    "Frau",
    "Mme",
    "Mlle",
    "Sra",
    "Srta",
)
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


# Shapes of language that introduce or label a private person, beyond the English phrases above.
_NAME_WORDS = (
    r"(?:(?i:me\s+llamo|mi\s+nombre\s+es|meu\s+nome\s+[ée]|je\s+m['’]appelle|mi\s+chiamo|il\s+mio\s+nome\s+[èe]"
    r"|ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|(?:everyone|they"
    r"|people|friends)\s+calls?\s+me|(?:hi|hey|hello)[,!]?\s+(?:it['’]s|this\s+is)|a\s+nombre\s+de|intestat[oa]\s+a|au\s+nom\s+de|[àa]\s+l['’]ordre\s+de)"
    r"|\b(?:(?:with|in|by|under)\s+my|[Mm]y)\s+name(?=[ \t]+[A-Z])|[,;]\s*name(?=[ \t]+[A-Z])"
    r"|氏名[はがを:]?|名前[はがを:]?)"
)
# A form's "Name:" field: two words at least ("Name: Peter" in a made-up profile is not enough).
_NAME_FIELD = re.compile(
    rf"(?:^|(?<=[\s.;(\[{{]))(?:Name|Nombre|Nom|Nome|Vorname|Nachname|Naam|Full\s+[Nn]ame)[ \t]*[:=][ \t]*"
    rf"(?P<name>{_FULL})"
)
_NAME_PHRASE = re.compile(rf"(?=[MmJjIiİıEeTtPpFfHhAaÀàWwBbUu,;氏名]){_NAME_WORDS}[ \t]*(?P<name>{_FULL})")
# Weaker: only in a text that carries other personal data ("…@gmx.de, under the name Jo Roe",
# "born on 1956-11-20. Her maiden name is Roe"), not "sold under the name Trebol".
_NAME_WEAK = re.compile(
    r"(?=[UuMmFfLlSsſ])(?i:under\s+the\s+name|(?:maiden|middle|first|last|family|sur)\s*name\s+(?:is|was))"
    rf"[ \t]+(?P<name>{_FULL})"
)
_NAME_TRIGGERS = wordset(
    "llamo nombre nome appelle chiamo heisse hei name intestato intestata nom ordre naam"
)
_GREETING_WORDS = ("hi", "hey", "hello")
# The greetings `_GREETING` opens with, each after its word in the word set.
_GREETING_NEEDLES = (
    ("dear", "Dear"), ("hi", "Hi"), ("hello", "Hello"), ("hey", "Hey"), ("hiya", "Hiya"), ("good", "Good "),
)  # fmt: skip
# "What's your name? Tony Lewis", "name on the account? User: Derek Livingston"
_ASKED = re.compile(
    rf"\bname(?:\s+on\s+(?:the\s+)?\w+)?\s*\?[ \t]*\n?[ \t]*(?:(?:User|Me|Customer|Caller|Client|A|Answer)[ \t]*:[ \t]*)?"
    rf"(?P<name>{_FULL})[ \t]*[.!]?[ \t]*(?=\n|$)"
)
# Code and data: {"name": "Jane Roe"}, name=Jane Roe, owner = 'Jane Roe', <Nm>Jane Roe</Nm>
_KEYS = (
    r"(?:name|full_?name|fullname|first_?name|last_?name|patient(?:_?name)?|owner|customer(?:_?name)?|holder"
    r"|card_?holder|account_?holder|employee(?:_?name)?|nm|beneficiary|recipient|payee|contact_?name|guardian)"
)
_KEY_VALUE = re.compile(
    rf"(?i:(?<![\w-]){_KEYS})(?:[\"']?[ \t]*(?::|=|=>)[ \t]*(?P<q>[\"'])|=)"
    rf"(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,3}})(?(q)(?P=q)|(?=[&;,\n]|$))"
)
# The keys for one part of a name take a single word: {"first": "Thandiwe", "surname": "Mokoena"}.
_PART_KEYS = (
    r"(?:first|last|given|surname|family|forename|first_?name|last_?name|given_?names?|family_?name|middle_?name"
    r"|child|kid|son|daughter|spouse|member|traveller|traveler|passenger|guest|driver|insured|nombre|apellidos?"
    r"|prenom|prénom|nom|vorname|nachname|cognome|nome|voornaam|achternaam)"
)
_PART_VALUE = re.compile(
    rf"[\"'](?i:{_PART_KEYS})[\"'][ \t]*:[ \t]*[\"'](?P<name>{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN}){{0,3}})[\"']"
)
_XML_NAME = re.compile(rf"<(?i:{_KEYS})>(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})</")
# The last words of a message, after its last sentence: "… next month. — Jane Roe", "Merci, Jean Roux".
# It opens with a class of the first characters of its three openings (a full stop, a dash's space, a
# thanks), then each opening's look behinds, moved past that character: the engine skips along to
# those characters instead of entering the openings' look behinds at every position (a tenth of the
# time over a line's end).
_SIGNATURE = re.compile(
    r"[.!? \tMGDOTC](?:(?<=[.!?])(?<=[a-zß-ÿ)\]].)(?<!\bSt.)(?<!\bMt.)(?<!\bDr.)(?<!\bMr.)(?<!\bMs.)(?<!\bMrs.)"
    r"(?<!\bNo.)|(?<=[ \t])(?<=[^\s\"”'’].)[ \t]*[-–—]{1,2}"
    r"|(?<=[MGDOTC])(?<!\w.)(?:(?<=M)erci|(?<=G)(?:razie|racias)|(?<=D)anke|(?<=O)brigad[oa]|(?<=T)hanks"
    r"|(?<=C)heers)[ \t]*,)[ \t]*"
    rf"(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})[ \t]*[.!]?[ \t]*$"
)
_WRITER = re.compile(
    r"\b(?:i|me|my|mine|we|our|mein|meine|ich|ma|mon|mes|je|mi|mis|meu|minha|mio|mia|io)\b|\bi['’]"
)
_SIG_BLOCK = re.compile(rf"(?m)^[> \t]*--[ \t]*\n[> \t]*(?P<name>{_FULL})[ \t]*$")
# Whether a text holds "--" at all: the engine's search for a two-character literal is three times
# faster than `in` (which, on a text full of single dashes, keeps stopping at each).
_DOUBLE_DASH = re.compile("--")
_JP_NAME = r"[\u4e00-\u9fff]{1,3}[ 　][\u4e00-\u9fff\u3040-\u309f]{1,3}"
_JP_SIGNATURE = re.compile(rf"。[ \t]*(?P<name>{_JP_NAME})[ \t]*$")
_JP_LABEL = re.compile(rf"(?:氏名|名前)[はが:：]?[ \t]*(?P<name>{_JP_NAME})(?=です|。|、|$|\s)")
# "add Curtis Howard as a beneficiary"
_ADD_ROLES = wordset(
    "beneficiary guardian user holder signer cosigner co signatory dependent driver contact executor nominee payee"
)
_ADD_AS = re.compile(
    rf"\badd(?:ing)?[ \t]+(?P<name>{_FULL})[ \t]+as[ \t]+(?:an?[ \t]+|the[ \t]+|my[ \t]+|our[ \t]+)?"
    r"(?i:(?:joint|authori[sz]ed|secondary|additional|legal)[ \t]+)?(?i:beneficiary|guardian|user|account\s+holder"
    r"|holder|signer|co-?signer|signatory|dependent|driver|emergency\s+contact|contact|executor|nominee|payee)"
)
# "here's Phillip's address", "my sister Ana's phone number"
_POSSESSIVE = re.compile(
    rf"(?P<name>{_FULL})['’]s[ \t]+(?:new[ \t]+|home[ \t]+|current[ \t]+|mobile[ \t]+|cell[ \t]+|work[ \t]+)?"
    r"(?:address|phone(?:\s+number)?|number|e-?mail|date\s+of\s+birth|ssn|passport|details)\b"
)
_POSSESSED = wordset("address phone email mail birth ssn passport")
_OWNER = re.compile(r"\b(?:here['’]s|here\s+is|my|our|i|we|me)\b", re.IGNORECASE)
# A document about a private person, opened with a colon: "HR note (confidential): Ana Ruiz disclosed …",
# "Write a note to the school: Ana Ruiz will be picked up …", "therapy notes: Ana Ruiz, 34, …"
_DOC_SUBJECT = re.compile(
    r"(?i:\b(?:letter|note|notes|summary|memo|record|intake|checklist|form|application|reference|report|entry))"
    rf"[^:\n]{{0,40}}:[ \t]+(?P<name>{_TOKEN}[ \t]+{_TOKEN})(?=[ \t]+(?:has|have|had|will|would|disclosed|needs|requested"
    r"|reported|asked|wants|joined|is\s+(?:requesting|asking|applying|being|taking|on|off|pregnant|sick|ill|unwell))\b"
    r"|,[ \t]*\d{1,3}[ \t]*,)"
)
_DOC_COLON = re.compile(
    r":[ \t]+[A-Z][a-z]+[ \t]+[A-Z][a-z]+(?:[ \t]+(?:has|have|had|will|would|disclosed|needs|requested|reported"
    r"|asked|wants|joined|is)\b|,[ \t]*\d)"
)
_DOC_WORDS = wordset(
    "letter note notes summary memo record intake checklist form application reference report entry"
)
# A name on its own line right above an address, as on an envelope or a letter head.
_NAME_LINE = re.compile(rf"[ \t]*(?P<name>{_TOKEN}(?:[ \t]+(?:[{_UP}]\.[ \t]+)?{_TOKEN}){{1,2}})[ \t]*")


def _shapes(
    text: str, lower: str, words: frozenset[str], names: list[Finding], found: list[Finding], dashes: bool
) -> None:
    def each(pattern: re.Pattern[str], spans: list[tuple[int, int]]) -> list[re.Match[str]]:
        return [m for lo, hi in spans for m in pattern.finditer(text, lo, hi)]

    ascii_text = text.isascii()

    # One pass over the trigger words: "Name:"/"name="/'"name": ' label a field; "my name Jo Roe",
    # ", name Jo Roe" and the other languages' phrases introduce; "name? Jo Roe" answers.
    keys = ("name", "patient", "owner", "customer", "holder", "employee", "nm", "beneficiary", "recipient",
            "payee", "guardian")  # fmt: skip
    intro: list[tuple[int, int]] = []
    fields: list[tuple[int, int]] = []
    asked: list[tuple[int, int]] = []
    for word in (words & _NAME_TRIGGERS).union(k for k in keys if k in words):
        n = len(word)
        for i in occurrences(lower, word):  # shared with the other detectors' look for "name" …
            j = i + n
            if not (i and lower[i - 1].isalpha()) and not lower[j : j + 1].isalpha():
                if lower[j : j + 3].lstrip(" \t\"'")[:1] in (":", "="):
                    fields.append((max(0, i - 24), j + 64))
                if word != "name":
                    if word in _NAME_TRIGGERS:
                        intro.append((max(0, i - 32), j + 64))
                else:
                    before = lower[max(0, i - 4) : i]
                    if before.endswith("my ") or before.rstrip(" \t")[-1:] in (",", ";"):
                        intro.append((max(0, i - 32), j + 64))
                    if "?" in lower[j : j + 24]:
                        asked.append((i, j + 80))
                    if found:
                        intro.append((max(0, i - 32), j + 64))
    if not words.isdisjoint(_GREETING_WORDS):  # "hi it's Jo Roe"
        intro += word_windows(lower, tuple(w for w in _GREETING_WORDS if w in words), 0, 64)
    if "me" in words and ("call" in words or "calls" in words):
        intro += windows(lower, _found(lower, ("call me", "calls me")), 32, 64)
    if not ascii_text and ("hei" in words or "名" in text):
        intro += windows(lower, _found(lower, ("heiße", "氏名", "名前")), 32, 64)
    if intro:
        intro = merge(intro)
        for m in each(_NAME_PHRASE, intro):
            _add(text, m, "name", names, "introduction", single=True)
        if found and "name" in words:
            for m in each(_NAME_WEAK, intro):
                _add(text, m, "name", names, "introduction", single=True)
    if fields:
        fields = merge(fields)
        for m in each(_NAME_FIELD, fields):
            _add(text, m, "name", names, "form_field", single=False)
        for m in each(_KEY_VALUE, fields):
            _add(text, m, "name", names, "field", single=False)
    for m in each(_ASKED, merge(asked)):
        _add(text, m, "name", names, "answer", single=True)
    if "<" in text and "</" in text and not words.isdisjoint(keys):  # a rare character first
        for m in _XML_NAME.finditer(text):
            _add(text, m, "name", names, "field", single=False)
    # The end of a message: the end of the text, or of one of its last lines (the turns of a
    # conversation are scanned joined by line breaks, the latest last).
    ends = [len(text)]
    end = len(text) - 1
    for _ in range(6):
        end = text.rfind("\n", 0, end)
        if end <= 0:
            break
        ends.append(end)
    for end in ends:
        tail = max(0, end - 56)
        last = text[tail:end].rstrip(" \t.!").rsplit(None, 2)
        if not last:
            continue
        if len(last) > 1 and last[-1][:1].isupper() and last[-2][:1].isupper():  # ends in a capitalised pair
            sig = _SIGNATURE.search(text, tail, end)  # the first match only
            if sig is not None and _WRITER.search(lower, max(0, sig.start() - 300), sig.start()):
                _add(text, sig, "name", names, "signature", single=False)
        elif not ascii_text and not last[-1].isascii():
            for m in _JP_SIGNATURE.finditer(text, tail, end):
                names.append(Finding("person_name", m.start("name"), m.end("name"), "signature"))
    if dashes:
        for m in _SIG_BLOCK.finditer(text):
            _add(text, m, "name", names, "sign_off", single=False)
    if not ascii_text and present(text, ("氏名", "名前")):  # one character first, then the word
        for m in _JP_LABEL.finditer(text):
            names.append(Finding("person_name", m.start("name"), m.end("name"), "introduction"))
    if ("add" in words or "adding" in words) and "as" in words and not words.isdisjoint(_ADD_ROLES):
        for m in each(_ADD_AS, word_windows(lower, ("add", "adding"), 0, 96)):
            _add(text, m, "name", names, "role", single=False)
    nouns = tuple(words & _POSSESSED)
    if nouns and "s" in words:
        spans = [(lo, hi) for lo, hi in word_windows(lower, nouns, 48, 0) if "s " in lower[lo:hi]]
        for m in each(
            _POSSESSIVE, [(lo, hi) for lo, hi in spans if "'s " in text[lo:hi] or "’s " in text[lo:hi]]
        ):
            if _OWNER.search(text, *_sentence(text, m.start(), m.end())):
                _add(text, m, "name", names, "possessive", single=True)
    if not words.isdisjoint(_DOC_WORDS):
        for c in _DOC_COLON.finditer(text):
            for m in _DOC_SUBJECT.finditer(text, max(0, c.start() - 60), c.end() + 8):
                _add(text, m, "name", names, "document", single=False)
    for f in found:
        if f.kind == "postal_address":
            _name_above(text, f.start, names)
        if f.kind in _NEXT_TO:
            a = _AFTER.match(text, f.end)
            if a is not None:
                _add(text, a, "name", names, "next_to_finding", single=False)
    messages = tuple(words & _MESSAGE_WORDS)
    if found and messages:
        for m in each(_MESSAGE_FOR, word_windows(lower, messages, 0, 64)):
            _add(text, m, "name", names, "addressee", single=True)
    if ("insert" in words and "values" in words) or not words.isdisjoint(_COLUMN_WORDS):
        _rows(text, lower, words, names)


_MESSAGE_WORDS = wordset("message note text letter email mail card reminder reply")
_MESSAGE_FOR = re.compile(
    rf"\b(?:message|note|text|letter|e-?mail|card|reminder|reply)[ \t]+(?:for|to)[ \t]+(?P<name>{_FULL})(?=[ \t]*(?:[.,;:!?\n]|$))"
)
# Right after another finding: "DNI 03746889M, Ana Ruiz.", "account 12345678, checking, Ana Ruiz."
_AFTER = re.compile(
    rf"[ \t]*[,;][ \t]*(?:[a-z]+[ \t]*[,;][ \t]*)?(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})(?=[ \t]*(?:[.,;]|$))"
)
_NAME_COLUMNS = frozenset(
    {"name", "full_name", "fullname", "full name", "customer", "customer_name", "employee", "employee_name",
     "patient", "patient_name", "owner", "holder", "account_holder", "cardholder", "contact", "contact_name"}
)  # fmt: skip
_COLUMN_WORDS = wordset("name customer owner patient employee holder")
_HEADER = re.compile(r"[ \t]*[\"']?[\w .-]{1,30}[\"']?[ \t]*(?:,[ \t]*[\"']?[\w .-]{1,30}[\"']?[ \t]*)+\r?")
_CELL = re.compile(rf"[ \t]*[\"']?(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})[\"']?[ \t]*")
_INSERT = re.compile(r"(?is:\binsert\s+into\s+[\w.\"`]+\s*\(([^)]*)\)\s*values\s*((?:\([^)]*\)\s*,?\s*)+))")


def _rows(text: str, lower: str, words: frozenset[str], names: list[Finding]) -> None:
    """Name columns of CSV rows under a header line, and of SQL INSERT values."""
    for word in _COLUMN_WORDS.intersection(words):
        for i in occurrences(lower, word):
            j = i + len(word)
            if lower[i - 1 : i] in (",", '"', "'") or lower[j : j + 1] in (",", '"', "'"):
                begin = text.rfind("\n", 0, i) + 1
                end = text.find("\n", j)
                if end > 0 and _HEADER.fullmatch(text, begin, end):
                    _csv(text, begin, end, names)
                    break
    # In an ASCII text only "insert" itself, a whole word, can open a match.
    if "insert" in words or (not text.isascii() and "insert" in lower):
        for m in _INSERT.finditer(text):
            cols = [c.strip().strip("\"`'").lower() for c in m.group(1).split(",")]
            idx = [i for i, c in enumerate(cols) if c in _NAME_COLUMNS]
            if not idx:
                continue
            for row in re.finditer(r"\(([^)]*)\)", m.group(2)):
                begin = m.start(2) + row.start(1)
                for i, cell in enumerate(row.group(1).split(",")):
                    if i in idx:
                        c = _CELL.fullmatch(text, begin, begin + len(cell))
                        if c is not None:
                            _add(text, c, "name", names, "table", single=False)
                    begin += len(cell) + 1


_CSV_CELL = re.compile(r'(?:(?<=,)|^)(?:[ \t]*"(?:[^"]|"")*"[ \t]*|[^,"]*)(?=,|$)')


def _csv(text: str, begin: int, end: int, names: list[Finding]) -> None:
    header = [c.strip().strip("\"'").lower() for c in text[begin:end].split(",")]
    column = next((i for i, c in enumerate(header) if c in _NAME_COLUMNS), None)
    if column is None:
        return
    pos = end + 1
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        # Quoted cells may hold commas: Gemma Roe,Finance,"58,200"
        cells = _CSV_CELL.findall(text[pos:stop]) if '"' in text[pos:stop] else text[pos:stop].split(",")
        if len(cells) != len(header):
            return
        start = pos + sum(len(c) + 1 for c in cells[:column])
        m = _CELL.fullmatch(text, start, start + len(cells[column]))
        if m is not None:
            _add(text, m, "name", names, "table", single=False)
        pos = stop + 1


def _name_above(text: str, start: int, names: list[Finding]) -> None:
    """A name alone on one of the two lines above an address ("Jane Roe\nAcme Ltd\n12 High St …")."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return
    end = line_start - 1
    for _ in range(2):
        if end <= 0:
            return
        begin = text.rfind("\n", 0, end) + 1
        m = _NAME_LINE.fullmatch(text, begin, end)
        if m is not None:
            span = _name_span(text, m.start("name"), m.end("name"), single=False)
            if span is not None:
                names.append(Finding("person_name", span[0], span[1], "letter_head"))
                return
        end = begin - 1


def scan_names(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """Add person_name findings; `found` holds the other findings, which names may sit next to."""
    names: list[Finding] = []
    # Whether the text holds "--", which both signature blocks need: one search (5 to 10 us over
    # 4,000 characters) for the two.
    dashes = _DOUBLE_DASH.search(text) is not None
    _phrases(text, lower, words, names)
    _shapes(text, lower, words, names, found, dashes)
    _wider(text, lower, words, names, found, dashes)
    for f in list(found):
        if f.kind in _NEXT_TO:
            _next_to(text, f, names)
    found.extend(names)


_SURNAME_WORDS = wordset(
    "Hall Park May June April August French English Welsh Irish Green Little Love Best Kind Church Lane Court "
    "House Lake River Bay Port Hill Young Strong Long Sure Street Single Brown Grant Castle"
)


_JP_SUFFIX = re.compile(r"-(?:san|sama|sensei|kun|chan|senpai|dono)$")


def _name_span(text: str, start: int, end: int, *, single: bool) -> tuple[int, int] | None:
    """The name inside text[start:end], without capitalised non-names in front ("Contact Jane Doe")."""
    tokens = [
        (start + t.start(), start + t.end(), t.group()) for t in re.finditer(r"[^ \t]+", text[start:end])
    ]
    while tokens and tokens[0][2] in NOT_NAMES:
        tokens.pop(0)
    capitalised = [t for t in tokens if t[2][0].isupper()]
    # "Georgia Hall", "Ha-eun Park", "Christina May": words that are not names on their own are
    # surnames after a first name.
    checked = capitalised
    if capitalised and capitalised[0] is tokens[0] and len(capitalised) > 1:
        checked = capitalised[:1] + [t for t in capitalised[1:] if t[2] not in _SURNAME_WORDS]
    if not capitalised or any(t[2] in NOT_NAMES for t in checked):
        return None
    if len(capitalised) < 2 and not single:
        return None
    end = tokens[-1][1]
    suffix = _JP_SUFFIX.search(tokens[-1][2])  # "Nakamura-san": the name is "Nakamura"
    if suffix is not None:
        end -= len(suffix.group())
    return tokens[0][0], end


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
            if _PERSONAL_ANY.search(text, *_sentence(text, m.start(), m.end())) or _THIS_IS_BEFORE.search(
                text, max(0, m.start() - 12), m.start()
            ):
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
            lower, _found(lower, ("call me", "go by", "called", "holder")), 24, 64
        )
        for m in each(_INTRO, merge(spans)):
            _add(text, m, "name", names, "introduction", single=True)
    if "i" in words or "im" in words:
        # "I'm", "i'm" and "I’m" are where `lower` has "i'm" or "i’m", which the lower-case introductions
        # look for too: one memoised search for both spellings instead of one over the text for each.
        spans = anchored(text, ("I am", "Im"), 0, 64, capital_next) + [
            (i, i + 67)
            for needle, spellings in (("i'm", ("I'm", "i'm")), ("i’m", ("I’m",)))
            for i in occurrences(lower, needle)
            if text[i : i + 3] in spellings and capital_next(i, i + 3)
        ]
        for m in each(_I_AM, merge(spans)):
            _add(text, m, "name", names, "introduction", single=True)
    if not words.isdisjoint(("from", "here", "speaking", "calling", "writing")):
        for m in each(_THIS_IS, anchored(lower, ("this is", "it's", "it is"), 0, 80, capital_next)):
            _add(text, m, "name", names, "introduction", single=True)
    if not words.isdisjoint(("dear", "hi", "hello", "hey", "hiya", "good")):
        # Only the greetings whose word the text holds: one that `line_start` keeps stands between
        # a line's start, a blank or a quote and a character that is not a letter, a whole word of
        # the word set ("good" of "Good "). A text with "good" was searched for all six.
        greetings = tuple(g for w, g in _GREETING_NEEDLES if w in words)
        spans = anchored(text, greetings, 12, 72, line_start)
        for m in each(_GREETING, spans):
            _add(text, m, "name", names, "greeting", single=True)
    if not words.isdisjoint(_SIGN_OFF_WORDS):
        sign_offs = tuple(w for w in _SIGN_OFFS if w in words) + (("grüße",) if "gr" in words else ())
        for m in each(_SIGN_OFF, anchored(lower, sign_offs, 24, 80, sign_off_start)):
            _add(text, m, "name", names, "sign_off", single=True)
    if "my" in words:
        relations = tuple(w for w in _RELATION_WORDS if w in words)
        relations += _found(lower, ("fiancé", "fiancée")) if "fianc" in words else ()
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
        if len(gap) > 40 or _GAP_BREAK.search(gap):
            break
        possessive = gap.startswith(("'s", "’s"))
        role = _ROLE_END.search(text, max(0, m.start() - 40), m.start()) is not None
        span = _name_span(text, m.start(), m.end(), single=possessive or role)
        if span is not None:
            names.append(Finding("person_name", span[0], span[1], "next_to_finding"))
            return


# ---------------------------------------------------------------------------------------------------
# Wider phrasings: the classes of personal context people write in any language, each gated on its
# trigger words and run in windows around them.

_CAPS = r"[A-Z][A-Z'’-]+"
_CAPS_FULL = rf"{_CAPS}(?:[ \t]+{_CAPS}){{0,3}}"
_LOWER_WORD = r"(?!(?:btw|again|here|lol|haha|and|y|e|et|und|en|from|speaking|calling)\b)[a-zß-öø-ÿā-ž]"
# Each run of letters is possessive: what follows a word (a space, a mark, the end) never follows a
# shorter run of it, another letter, so the engine gives no letters back one by one to try.
_LOWER_NAME = rf"{_LOWER_WORD}{{2,}}+(?:[ \t]+{_LOWER_WORD}++){{0,2}}"
# A relation ("my daughter", "her son's", "meine Tochter", "mia sorella", "mon père", "mijn collega")
# followed by a name, with a space, a comma or a parenthesis between: the relation makes it personal.
_POSSESSIVES = (
    r"(?P<who>(?i:my|our|her|his|their|your|mi|mis|mio|mia|mie|miei|mon|ma|mes|notre|nos|mein|meine|meinem"
    r"|meiner|meinen|unsere?|mijn|onze|min|mine|vores|meu|minha|meus|minhas|nuestr[oa]|su|sua|seu|la\s+mia"
    r"|il\s+mio))"
)
# In a story or an article "his friend Bob", "her husband Khande Rao" are characters, not the
# writer's people: a third person's relation counts only next to another finding.
_THIRD = frozenset({"her", "his", "their", "su", "sua", "seu"})
_RELATIONS_ML = (
    r"(?i:wife|husband|partner|son|daughter|mother|mom|mum|mommy|mummy|father|dad|daddy|brother|sister|"
    r"step(?:son|daughter|mother|father|mom|dad)|(?:brother|sister|son|daughter|mother|father)-in-law|twins?|kids?"
    r"|children|child|baby|friend|best\s+friend|boss|manager|supervisor|neighbou?r|colleague|coworker|co-worker"
    r"|landlord|landlady|tenant|doctor|gp|therapist|lawyer|roommate|flatmate|housemate|boyfriend|girlfriend"
    r"|fianc[ée]e?|aunt|auntie|uncle|cousin|grandmother|grandfather|grandma|grandpa|granny|nana|nan|niece|nephew"
    r"|nanny|babysitter|cleaner|assistant|client|patient|student|teacher|tutor|coach|dentist|accountant|ex"
    r"|spouse|grandson|granddaughter|godson|goddaughter|stepkid|carer|caregiver|employee|mate|buddy"
    r"|tochter|sohn|frau|mann|mutter|mama|vater|papa|bruder|schwester|freund|freundin|kollege|kollegin|chef"
    r"|chefin|oma|opa|nachbar|nachbarin|partnerin|enkel|enkelin|tante|onkel|cousine|sohnes|tochter"
    r"|fille|fils|femme|mari|m[èe]re|p[èe]re|fr[èe]re|s[œo]e?ur|ami|amie|coll[èe]gue|patron|patronne|mamie"
    r"|papi|papy|voisin|voisine|copain|copine|grand-m[èe]re|grand-p[èe]re|cousin|cousine|neveu|ni[èe]ce"
    r"|hij[oa]|espos[oa]|mujer|marido|madre|padre|herman[oa]|amig[oa]|jef[ea]|abuel[oa]|vecin[oa]|novi[oa]"
    r"|compañer[oa]|t[íi][oa]|sobrin[oa]|prim[oa]|suegr[oa]|nieto|nieta"
    r"|figli[oa]|moglie|marito|fratello|sorella|amic[oa]|collega|capo|nonn[oa]|vicin[oa]|fidanzat[oa]|zi[oa]"
    r"|filh[oa]|mãe|mae|pai|irmã|irmão|irma|irmao|chefe|colega|avó|avô|vizinh[oa]|namorad[oa]"
    r"|dochter|zoon|vrouw|moeder|vader|broer|zus|zuster|vriend|vriendin|baas|buurman|buurvrouw|neef|nicht"
    r"|datter|søn|kone|mand|mor|far|bror|søster|veninde|kæreste|mormor|farmor|morfar|farfar)"
)
_RELATION_WORDS_ML = re.compile(rf"{_RELATIONS_ML}(?:['’]s|['’]|s)?")
# Tried where a relation word starts; the possessive before it is checked after a match (a search for
# "my", "her", "ma", "mi" … over the text is slow).
_RELATION_NAME = re.compile(
    rf"(?P<rel>[\w-]+(?:['’]s|['’])?)(?:[ \t]*[,(][ \t]*|[ \t]+|[ \t]*[:—–-][ \t]*)(?P<name>{_FULL})"
)
_POSSESSIVE_BEFORE = re.compile(rf"(?<![\w'’]){_POSSESSIVES}[ \t]+(?:[\w-]+[ \t]+)?$")
# The relation words as the word set splits them (ASCII runs), and the accented ones to look for.
_REL_ASCII = wordset("""
    wife husband partner son daughter mother mom mum mommy mummy father dad daddy brother sister stepson
    stepdaughter stepmother stepfather stepmom stepdad law twin twins kid kids children child baby friend boss
    manager supervisor neighbor neighbour colleague coworker worker landlord landlady tenant doctor gp
    therapist lawyer roommate flatmate housemate boyfriend girlfriend fiance fiancee aunt auntie uncle cousin
    grandmother grandfather grandma grandpa granny nana nan niece nephew nanny babysitter cleaner assistant
    client patient student teacher tutor coach dentist accountant ex spouse grandson granddaughter godson
    goddaughter stepkid carer caregiver employee mate buddy tochter sohn frau mann mutter mama vater papa
    bruder schwester freund freundin kollege kollegin chef chefin oma opa nachbar nachbarin partnerin enkel
    enkelin tante onkel cousine sohnes fille fils femme mari mere pere frere soeur ami amie collegue patron
    patronne mamie papi papy voisin voisine copain copine grand neveu niece hijo hija esposo esposa mujer marido
    madre padre hermano hermana amigo amiga jefe jefa abuela abuelo vecino vecina novio novia tia tio sobrino
    sobrina primo prima suegro suegra nieto nieta figlio figlia moglie marito fratello sorella amico amica
    collega capo nonna nonno vicino vicina fidanzato fidanzata zio zia filho filha mae pai irma irmao chefe
    colega vizinho vizinha namorado namorada dochter zoon vrouw moeder vader broer zus zuster vriend vriendin
    baas buurman buurvrouw neef nicht datter kone mand mor far bror veninde mormor farmor morfar farfar
""")
_REL_ACCENTED = (
    "mère", "père", "frère", "sœur", "collègue", "nièce", "compañer", "tía", "tío", "mãe", "irmã", "irmão", "avó",
    "avô", "søn", "søster", "kæreste", "fiancé",
)  # fmt: skip
_RELATION_TRIGGERS = (
    "my", "our", "her", "his", "their", "your", "mi", "mio", "mia", "mon", "ma", "mes", "mein", "meine", "meinem",
    "meiner", "mijn", "min", "meu", "minha", "unsere", "unser", "onze", "notre", "nuestro", "nuestra", "vores",
)  # fmt: skip
# Third persons introduced by name: "his name is Pieter", "si chiama Rosaria", "a guy called Callum Reid".
_CALLED_ROLES = (
    "guy man woman lady girl boy kid someone person bloke chap fellow gentleman agent tech technician nurse doctor "
    "driver officer contractor plumber electrician candidate applicant student tenant"
)
_CALLED = re.compile(
    _by_letter(
        [rf"{who}\s+name\s+is" for who in ("his", "her", "their", r"the\s+\w+['’]s")]
        + [
            r"si\s+chiama",
            r"se\s+llama",
            r"s['’]appelle",
            r"hei(?:ß|ss)t",
            "heet",
            "hedder",
            r"se\s+chama",
            "chama-se",
        ]
        + [rf"{role}[ \t]+(?:called|named|by\s+the\s+name(?:\s+of)?)" for role in _CALLED_ROLES.split()]
        + [rf"{verb}\s+(?:him|her|them|the\s+baby)" for verb in ("named", "called")],
        behind=_WORD_START,
    )
    + rf"[ \t]+(?P<name>{_FULL})"
)
_CALLED_WORDS = wordset("name chiama llama appelle heisst heit heet hedder chama called named")
# Self-introductions in other languages ("soy Montserrat Puig i Ferrer", "Ik ben Thijs Bakker"),
# and the writer naming themself in a message ("It's from me, Rebecca", "sign it Jane Whitford").
_SELF = re.compile(
    _by_letter(
        _top_level(
            r"soy|ik\s+ben|je\s+suis|sono|sou|eu\s+sou|jeg\s+er|jeg\s+hedder|ik\s+heet|jag\s+heter|from\s+me"
            r"|it['’]?s\s+me|sign(?:ed)?(?:\s+it)?(?:\s+(?:as|from|with))?|assinado|firmado|signé|firmato"
            r"|gezeichnet|unterschrieben|getekend"
        ),
        behind=_WORD_START,
    )
    + rf"[ \t]*[,:]?[ \t]+(?P<name>{_FULL})"
)
_SELF_WORDS = wordset(
    "soy ben suis sono sou er hedder heet heter me sign signed assinado firmado sign firmato gezeichnet getekend unterschrieben"
)
# The writer's own name in lower case after an unmistakable introduction: "my name is jan kowalski",
# "i'm kayla btw", "hey its marco rinaldi again", "ola soy valentina quispe mamani, mi correo …".
# The alternatives are grouped by their first letter, written as a case-sensitive class of what
# (?i) lets that letter match ("İ" and "ı" for "i", "ſ" for "s"): the engine skips a group on one
# character test, where case-insensitive literals are each tried in full at every word start. The
# groups open with different letters, so at most one can match at a position: the order is kept.
# The pattern opens with the class of all those letters, the \b looked behind after it, and each
# group is entered after a look behind at the letter: the search skips along to those letters
# instead of entering the \b and the alternation at every position.
_LOWER_INTRO = re.compile(
    r"[MmJjIiİıHhOoCcSsſBb](?<!\w.)(?:(?<=[Mm])(?i:y\s+name\s+is|y\s+name['’]s|e\s+llamo|i\s+nombre\s+es"
    r"|i\s+chiamo|ein\s+name\s+ist|ijn\s+naam\s+is|eu\s+nome\s+[ée])|(?<=[Jj])(?i:e\s+m['’]appelle|eg\s+hedder)"
    r"|(?<=[Iiİı])(?i:ch\s+hei(?:ß|ss)e|k\s+heet|['’]?m|m|t['’]?s|ts)"
    r"|(?:(?<=[Hh])(?i:i|ey|ello|ola|allo)|(?<=[Oo])(?i:la|i)|(?<=[Cc])(?i:iao)|(?<=[Ssſ])(?i:alut)"
    r"|(?<=[Bb])(?i:onjour))"
    r"(?i:[,!]?\s+(?:(?:it['’]?s|its|this\s+is|i['’]?m|im|soy|sono|ik\s+ben|je\s+suis|sou)\s+)?)"
    rf"|(?<=[Ssſ])(?i:oy|ono))[ \t]+(?P<name>{_LOWER_NAME})"
    rf"(?=[ \t]*(?:[,.!;:\n]|$|[ \t](?:btw|again|here|speaking|calling|lol|haha|and\s+i|y|e|et|und|en)\b))"
)
_GREETED = re.compile(r"(?:hi|hey|hello|hola|ola|oi|ciao|hallo|salut|bonjour)[,!]?\s+[a-z' ]*$")
_STRONG_INTRO = re.compile(
    r"(?i:name|llamo|nombre|chiamo|appelle|hei(?:ß|ss)e|naam|heet|nome|hedder)\s*(?:is|es|ist|[ée]|)\s*$"
)
# Not names: the words that follow "i'm"/"it's" in ordinary sentences.
_NOT_LOWER = wordset("""
    a an the not so very really just also still here there back fine good ok okay sure sorry happy glad
    tired done ready going trying looking working writing thinking new old and or but from in on at to for
    with of by about that this it its me you your my our we they he she his her them us up down out over
    gonna wanna kinda pretty quite too no yes all any some one two free busy late early home away sick well
    better worse hungry bored confused stuck lost curious wondering asking planning hoping using building
    learning interested able unable afraid sure certain aware alone fine que el la los las un una muy
    bien mal aqui aquí en de del con por para sin un una il lo le les des du et en ik je het een niet
    hier da du der die das ein eine nicht hier sehr gut
""")
# A form's labels, in the languages people fill forms in; the value after them is a name.
_LABELS = (
    r"(?:policy[ \t]?holder|account[ \t]?holder|card[ \t]?holder|cardholder|holder|claimant|insured|insuree"
    r"|patient|pt|employee|member|applicant|tenant|guest|passenger|traveller|traveler|beneficiary|recipient"
    r"|payee|sender|buyer|seller|client|customer|student|pupil|child|contact(?:[ \t]person)?|emergency[ \t]contact"
    r"|next[ \t]of[ \t]kin|attn|attention|c/o|bill[ \t]to|ship[ \t]to|deliver[ \t]to|signed|signature|signatory"
    r"|author|owner|driver|resident|occupant|witness|referrer|requester|requested[ \t]by|submitted[ \t]by"
    r"|prepared[ \t]by|assigned[ \t]to|reported[ \t]by|name|full[ \t]name|legal[ \t]name|given[ \t]names?"
    r"|first[ \t]names?|last[ \t]name|surname|family[ \t]name|forenames?|middle[ \t]name|maiden[ \t]name"
    r"|(?:patient|employee|customer|client|member|student|child|guest|contact|tenant|insured)[ \t]name"
    r"|karteninhaber(?:in)?|kontoinhaber(?:in)?|inhaber(?:in)?|versicherte[rn]?|mieter(?:in)?|vorname|nachname"
    r"|name[ \t]des[ \t]\w+|titulaire|nom(?:[ \t]complet)?|pr[ée]nom|assur[ée]e?|locataire|titular|nombre"
    r"|nombre[ \t]completo|apellidos?|paciente|asegurad[oa]|inquilin[oa]|intestatari[oa]|cognome|nome(?:[ \t]completo)?"
    r"|assicurat[oa]|inquilin[oa]|nome[ \t]do[ \t]\w+|segurad[oa]|naam|voornaam|achternaam|volledige[ \t]naam"
    r"|verzekerde|huurder|navn|fornavn|efternavn|fulde[ \t]navn|imi[ęe][ \t]i[ \t]nazwisko|imi[ęe]|nazwisko"
    # Tickets, reviews and meeting notes name their people the same way: "reporter: …, assignee: …".
    r"|reporter|assignee|approver|reviewer|organi[sz]er|attendees?|participants?|interviewer|candidate"
    r"|pacjent(?:ka)?)"
)
# "Policy holder: Daniel Ashworth", "| name | Amara Nwosu |", "Patient: Mr Geoffrey Baines",
# "name: PRIYA PATEL"; without a colon only the labels that say "name": "Surname HOLLOWAY",
# "employee name Derek Halvorsen", "Last name Okafor, first name Chinedu".
_HONOR = r"(?:(?i:mr|mrs|ms|mx|miss|dr|prof|herr|frau|mme|mlle|m|sr|sra|srta|sig|sig\.ra|dott|dott\.ssa)\.?[ \t]+)?"
# A label is made of word characters, spaces, tabs and "/", and its separator follows it: a look ahead
# for them turns most of the label words in prose away before the two hundred labels are tried.
_LABEL_VALUE = re.compile(
    rf"(?<![\w-])(?=[\w \t/]*[:=|\t])(?P<label>(?i:{_LABELS}))[ \t]*(?:[:=|][ \t]*|\t)(?:\*\*[ \t]*)?{_HONOR}"
    rf"(?P<name>{_FULL}|{_CAPS_FULL})(?=[ \t]*(?:[,.;|*\n()]|$|[ \t]+[-–—/]|[ \t]+\d|[ \t]+[a-z]))"
)
_PART_LABEL = re.compile(
    r"(?i:first|last|given|sur|family|fore|middle|maiden|vor|nach|pr[ée]nom|apellido|cognome|voor|achter|fornavn"
    r"|efternavn|imi|nazwisko|child|pupil)"
)
_NAME_LABEL_BARE = re.compile(
    _by_letter(
        [
            rf"{who}[ \t]names?"
            for who in _top_level(
                "full|legal|given|first|last|family|middle|maiden|patient|employee|customer|client|member|student"
                "|child|guest|contact|tenant"
            )
        ]
        + _top_level(
            r"surname|forenames?|nachname|vorname|apellidos?|cognome|nom[ \t]de[ \t]famille|pr[ée]noms?|achternaam"
            r"|voornaam|efternavn|fornavn"
        ),
        behind=r"(?<![\w-].)",
    )
    + rf"[ \t]+(?:is[ \t]+)?(?P<name>{_FULL}|{_CAPS_FULL})(?=[ \t]*(?:[,.;|\n()]|$))"
)
# The first words of the labels: the label regex is tried where one of them starts.
_LABEL_STARTS = wordset("""
    policy policyholder account card cardholder holder claimant insured insuree patient pt employee member
    applicant tenant guest passenger traveller traveler beneficiary recipient payee sender buyer seller client
    customer student pupil child contact emergency next attn attention c bill ship deliver signed signature
    signatory author owner driver resident occupant witness referrer requester requested submitted prepared
    assigned reported name full legal given first last surname family forename forenames middle maiden
    karteninhaber karteninhaberin kontoinhaber kontoinhaberin inhaber inhaberin versicherte versicherter
    versicherten mieter mieterin vorname nachname titulaire nom pr assur locataire titular nombre apellido
    apellidos paciente asegurado asegurada inquilino inquilina intestatario intestataria cognome nome
    assicurato assicurata segurado segurada naam voornaam achternaam volledige verzekerde huurder navn fornavn
    efternavn fulde nazwisko reporter assignee approver reviewer organiser organizer attendee attendees
    participant participants interviewer candidate pacjent pacjentka
""")
# Short words are looked for as what they start: "c" of "c/o", "pr" of "prénom".
_LABEL_NEEDLES = {"c": "c/o", "pr": "prénom"}
_LABEL_WORDS = wordset("""
    holder policyholder cardholder claimant insured insuree patient pt employee member applicant tenant guest
    passenger traveller traveler beneficiary recipient payee sender buyer seller client customer student pupil
    child contact kin attn attention c o bill ship deliver signed signature signatory author owner driver
    resident occupant witness referrer requester requested submitted prepared assigned reported name
    names surname forename forenames karteninhaber karteninhaberin kontoinhaber kontoinhaberin inhaber
    inhaberin versicherte versicherter mieter mieterin vorname nachname titulaire nom pr nom prenom assur
    locataire titular nombre apellido apellidos paciente asegurado asegurada inquilino inquilina
    intestatario intestataria cognome nome assicurato assicurata segurado segurada naam voornaam achternaam
    volledige verzekerde huurder navn fornavn efternavn fulde imi nazwisko reporter assignee approver reviewer
    organiser organizer attendee attendees participant participants interviewer candidate pacjent pacjentka
""")
# Greetings that open a message, in any language, at a line start or where a quoted message
# starts ("translate this: 'Dear Nakamura-san, …'", "Sehr geehrte Frau Keller, …", "make this
# shorter? 'Hej Malin, …'").
_GREETING_ML = re.compile(
    r"(?<![^\n \t\"'“‘«„])"
    r"(?:^|(?<=\n)|(?<=[:>][ \t])|(?<=[:>][ \t][\"'“‘])|(?<=[:>][\"'“‘])|(?<=^[\"'“‘])|(?<=\n[\"'“‘])"
    r"|(?<=[?.!][ \t][\"'“‘«„]))[ \t]*"
    r"(?i:dear|hi|hello|hey|hiya|sehr[ \t]+geehrte[rn]?|liebe[rn]?|lieber|hallo|moin|servus|cher|ch[èe]re|bonjour"
    r"|salut|coucou|querid[oa]s?|estimad[oa]s?|hola|buenos[ \t]+d[íi]as|buenas|car[oa]|gentile|gentilissim[oa]"
    r"|ciao|buongiorno|salve|prezad[oa]|olá|ola|oi|bom[ \t]+dia|beste|hoi|dag|goedemorgen|kære|hej|hejsa"
    r"|good[ \t]+(?:morning|afternoon|evening))[ \t]+"
    rf"{_HONOR}(?P<name>{_FULL})(?:-(?:san|sama|sensei|kun|chan|senpai))?[ \t]*(?=[,:!\n]|$|<br)"
)
_GREETING_ML_WORDS = wordset(
    "dear hi hello hey hiya geehrte geehrter geehrten liebe lieber lieben hallo moin servus cher re bonjour salut coucou "
    "querido querida queridos estimado estimada estimados hola buenos buenas caro cara gentile gentilissimo "
    "gentilissima ciao buongiorno salve prezado prezada ola oi bom beste hoi dag goedemorgen k hej hejsa good"
)
# Sign-offs of other languages and of HTML/markdown signatures: "Mvh. Rasmus", "Met vriendelijke groet,
# Joost", "Kind regards,<br>\nEleanor Fitzgerald-Hayes<br>", "Un saludo, Lucía", and at the end of a
# quoted message ("… Baci, Orsola'").
_SIGN_OFF_ML = re.compile(
    _by_letter(
        _top_level(
            r"mvh|mvg|mfg|lg|vg|vh|med\s+venlig\s+hilsen|venlig\s+hilsen|de\s+bedste\s+hilsner|hilsen|hilsner"
            r"|met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groetjes|groeten|groet|gr"
            r"|mit\s+freundlichen\s+gr(?:ü|ue)(?:ß|ss)en|freundliche\s+gr(?:ü|ue)(?:ß|ss)e|viele\s+gr(?:ü|ue)(?:ß|ss)e"
            r"|liebe\s+gr(?:ü|ue)(?:ß|ss)e|beste\s+gr(?:ü|ue)(?:ß|ss)e|gru(?:ß|ss)|bises|bisous|amiti[ée]s|cordialement"
            r"|bien\s+(?:[àa]\s+(?:vous|toi)|cordialement)|sinc[èe]rement|un\s+saludo|saludos(?:\s+cordiales)?"
            r"|un\s+abrazo|abrazos|besos|atentamente|abra[çc]os|beijos|atenciosamente|cumprimentos|cordiali\s+saluti"
            r"|distinti\s+saluti|saluti|un\s+abbraccio|baci|a\s+presto|kind\s+regards|best\s+regards|warm\s+regards"
            r"|regards|best\s+wishes|sincerely|thanks|cheers|best|yours\s+(?:truly|sincerely|faithfully)|love|xx|xo|bye"
        ),
        behind=_WORD_START,
    )
    + r"[ \t]*[.,!]?[ \t]*(?:<br\s*/?>)?[ \t]*(?:\r?\n[ \t]*(?:<br\s*/?>)?[ \t]*(?:\r?\n[ \t]*)?|[ \t]+|[ \t]*[-–—][ \t]*)"
    rf"(?P<name>{_FULL})[ \t]*(?:[,.]?[ \t]*(?=\r?\n|$)|(?=<br|</p>|[ \t]*\|)|[,.!]?(?=[\"'”’»][ \t]*(?:\r?\n|$)))"
)
_SIGN_OFF_ML_WORDS = wordset(
    "mvh mvg mfg lg vg vh hilsen hilsner groet groeten groetjes gr gru bises bisous amiti cordialement sinc rement "
    "saludo saludos abrazo abrazos besos atentamente abra os beijos atenciosamente cumprimentos saluti abbraccio "
    "baci presto regards wishes sincerely thanks cheers best yours love xx xo bye"
)
# A name right after contact verbs and before a contact finding: "call Joanne on (647) …",
# "Call Nadia on 07865 …", "call me, Jessica, on 07412 …", "text Sam at …".
_CONTACT_BEFORE = re.compile(
    r"(?i:\b(?:call|ring|phone|text|contact|message|whatsapp|email|e-mail|mail|ask\s+for|reach|bel|ruf|rufe"
    r"|appelle[rz]?|llama|llamar|chiama|chiamare|ligue|ligar))(?:[ \t]+me)?[ \t]*,?[ \t]+"
    rf"(?P<name>{_FULL})[ \t]*,?[ \t]*(?i:on|at|via|an|unter|au|al|a|no|op|p[åa])?[ \t]*[:(+]?[ \t]*$"
)
# A record's id or a finding followed by the name in parentheses or after a comma:
# "Patient ID PT-4829175 (Roberto Salas)", "employee #221 (Nathan Gauthier)", "(Privatkonto, Anke Weber)".
_PAREN_AFTER = re.compile(
    rf"[ \t]*(?:\(|[,;]|[ \t]+for)[ \t]*(?:[\w-]+[ \t]*[,;][ \t]*)?(?:the[ \t]+|my[ \t]+)?{_HONOR}"
    rf"(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})(?=[ \t]*(?:[.,;:)!?]|$|\n|[ \t]+(?:is|was|has|and|the)\b))"
)
_RECORD_ID = re.compile(
    r"(?i:\b(?:employee|patient|student|member|customer|client|account|case|user|staff|pupil|tenant|guest"
    r"|applicant|candidate|id|no|number|nr|ref))[ \t]*(?:#|no\.?|id|number|nr\.?)?[ \t:#]*[A-Z0-9][\w-]*\d[\w-]*"
    rf"[ \t]*\((?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{0,2}})\)"
)
# Documents about a named person: "an offer letter for Anna Kowalczyk", "compila il modulo per Bruno
# Armellini", "Gehaltsabrechnung März für Frau Petra Lange", "an email to the tenant, Sofia Alvarez".
_DOC_FOR = re.compile(
    r"(?i:\b(?:letter|e-?mail|message|note|form|reference|certificate|payslip|pay\s+slip|contract|invoice|bio"
    r"|cv|resume|résumé|application|report|summary|reminder|card|invitation|speech|toast|eulogy|caption|text"
    r"|modulo|lettera|formulaire|lettre|attestation|formulario|carta|solicitud|formular|brief|bescheinigung"
    r"|abrechnung|gehaltsabrechnung|zeugnis|arbeitszeugnis|vertrag|formulier|contrato|declaração|bewijs)"
    r"(?:[ \t]+[\w-]+){0,2}?[ \t]+(?:for|to|about|per|pour|para|für|an|à|a|voor|til|sobre|su|über)(?=[ \t])"
    r"(?:\s+(?:the|my|our|a|il|la|le|el|mi|der|die|den|dem|de|meine[mrn]?|mon|ma|mia|mio)\s+\w+\s*,?)?)"
    rf"[ \t]+{_HONOR}(?P<name>{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN}){{1,2}})"
    r"(?=[ \t]*(?:[.,;:!?)]|$|\n|[ \t]+(?:who|from|at|in|on|with|about|starting|and|regarding|re|stating)\b))"
)
_DOC_FOR_WORDS = wordset(
    "msg dm sms whatsapp letter email mail message note form reference certificate payslip slip contract invoice bio cv resume application "
    "report summary reminder card invitation speech toast eulogy caption text modulo lettera formulaire lettre "
    "attestation formulario carta solicitud formular brief bescheinigung abrechnung gehaltsabrechnung zeugnis "
    "arbeitszeugnis vertrag formulier contrato bewijs"
)
_MSG_TO = re.compile(
    r"(?i:\b(?:msg|message|text|dm|email|e-mail|note|letter|reply|card|whatsapp|sms)\s+(?:to|for))[ \t]+"
    rf"(?P<name>{_TOKEN})(?=[ \t]*[,.;:(])"
)
# General-knowledge talk about public people: no private person is named there.
_PUBLIC_WORDS = (
    r"who\s+(?:was|is|were)|famous|history|historical|biography\s+of|wikipedia|novel|book|film|movie"
    r"|character|president|king|queen|emperor|prime\s+minister|author\s+of|wrote|painted|composed|actor|actress"
    r"|singer|band|album|song|poem|poet|philosopher|scientist|inventor|celebrity|fictional|play\s+by|quote"
    r"|story|stories|tale|fable|fairy|limerick|joke|imagine|roleplay|role-play|pretend|plot|episode|series"
)
_PUBLIC = re.compile(rf"(?i:\b(?:{_PUBLIC_WORDS}))")
# The same words on the lower-cased copy of a text that folds plainly, grouped by first letter with
# the \b looked behind after it: led by a character set the engine skips along, where `_PUBLIC`
# opens with \b and is entered at every position of the sentence.
_PUBLIC_LOWER = re.compile(_by_first_letter(_top_level(_PUBLIC_WORDS), after_first=r"(?<!\w.)"))


def _public(text: str, lower: str, lo: int, hi: int) -> bool:
    """Whether `_PUBLIC` finds something in text[lo:hi]."""
    if _folds_plainly(text):
        return _PUBLIC_LOWER.search(lower, lo, hi) is not None
    return _PUBLIC.search(text, lo, hi) is not None


# The subject of a sentence about a private person's pay, health or work, where the text carries
# personal context: "Jack French has worked here since 2019", "Ethan was diagnosed with …",
# "Priyanka Rao will receive a performance bonus", "Jordan worked 32 hrs at $15.75/hr".
_SUBJECT = re.compile(
    r"(?<![^\s\"'“‘])(?:^|(?<=\n)|(?<=[.!?:;][ \t])|(?<=[:;]\s)|(?<=[\"'“‘]))[ \t]*"
    rf"(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{0,2}})[ \t]+"
    r"(?:(?:has|had|have)\s+(?:been\s+)?worked|worked\s+\d|works\s+(?:here|for\s+us|\d)|will\s+receive|receives"
    r"|earns|is\s+paid|gets\s+paid|was\s+paid|(?:was|has\s+been|got|is|just\s+got)\s+(?:diagnosed|admitted"
    r"|discharged|hospitali[sz]ed|prescribed|referred|signed\s+off)"
    r"|(?:has|had)\s+(?:a|an)\s+(?:fever|rash|allergy|appointment)|is\s+allergic|takes\s+\w+\s+\d+\s*mg"
    r"|has\s+(?:asthma|diabetes|epilepsy|adhd|autism|cancer|depression|anxiety|covid))\b"
)
_SUBJECT_WORDS = wordset(
    "worked works receive receives earns paid diagnosed admitted discharged hospitalised hospitalized prescribed "
    "referred hired promoted dismissed fired allergic mg asthma diabetes epilepsy adhd autism cancer depression "
    "anxiety covid fever rash appointment"
)
_PERSONAL_TEXT = re.compile(
    r"(?i:\b(?:i|me|my|we|our|us|mine|your|you)\b|\bi['’]|\b(?:mi|mio|mia|mon|ma|mes|mein|meine|ich|mijn|ik"
    r"|min|jeg|meu|minha|je|yo|io)\b)"
)
# A list of people, one per item: "Kofi Asante — asthma, salbutamol PRN; Ruth Pemberton — …",
# "priya s - KA 05 MN 7731 - ext 2231\nCarlos Méndez — KA 51 Z 4468".
_ITEM = re.compile(
    rf"[ \t]*(?:[-*•][ \t]+|\d+[.)][ \t]+)?(?P<name>{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN}){{1,2}}"
    rf"|[a-zß-ÿ]{{2,}}(?:[ \t]+[a-zß-ÿ]{{1,}}){{1,2}})[ \t]*(?:[—–|]|[ \t]-)[ \t]*(?=\S)"
)
# Names in Japanese and Chinese with an honorific suffix: "小林さん", "田中様", "Nakamura-san".
_CJK_HONORIFIC = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{1,4}(?:[ 　][\u4e00-\u9fff]{1,3})?)(?:さん|様|さま|先生|くん|君|ちゃん|氏|殿)"
)
# The first character of each suffix, and the marks a signature's name follows.
_CJK_SUFFIX_CHARS = "さ様先く君ち氏殿"
_CJK_SIGN_CHARS = "部課室社店係様"
_ROMAJI_HONORIFIC = re.compile(rf"(?<![\w-])(?P<name>{_TOKEN})-(?:san|sama|sensei|kun|chan|senpai|dono)\b")
# The honorific of `_ROMAJI_HONORIFIC` with its dash: a literal first character, and no dash inside,
# so no occurrence starts inside another and `finditer` finds each.
_ROMAJI_SUFFIX = re.compile(r"-(?:san|sama|sensei|kun|chan|senpai|dono)\b")
# What a `_TOKEN` is made of.
_TOKEN_CHARS = frozenset(
    "".join(
        chr(c)
        for lo, hi in ((65, 90), (97, 122), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x17E))
        for c in range(lo, hi + 1)
    )
    + "-'’"
)


def _romaji_honorifics(text: str) -> list[re.Match[str]]:
    """`list(_ROMAJI_HONORIFIC.finditer(text))`, tried only where a match can start.

    The pattern opens with a look behind, so a scan tries every position of the text (100 us over
    a 4,000-character text with a "-san" in it). A match's name runs, in `_TOKEN`'s characters, right
    up to an honorific's dash, and the look behind lets it start only where that run starts or after
    an apostrophe in it: those few positions are tried in order, each skipped once a match covers it.
    A run is walked back only to the dash before it, whose walk already took in the rest."""
    starts: set[int] = set()
    prev_dash, prev_start = -1, -1
    for h in _ROMAJI_SUFFIX.finditer(text):
        i = h.start()
        while i > 0 and text[i - 1] in _TOKEN_CHARS:
            i -= 1
            if i == prev_dash:
                i = prev_start
                break
            if text[i] in "'’":
                starts.add(i + 1)
        starts.add(i)
        prev_dash, prev_start = h.start(), i
    return matches_at(_ROMAJI_HONORIFIC, text, starts)


# A Japanese signature line: a company and section, then the name, then contact details.
_CJK_SIGNED = re.compile(
    rf"(?:部|課|室|社|店|係|様)[ \t　]+(?P<name>{_JP_NAME})(?=[、,，\n]|[ \t　]*(?:携帯|電話|TEL|Tel|メール|E-?mail))"
)
# The most characters a `_CJK_HONORIFIC` name takes: four, a space and three.
_CJK_NAME_MAX = 8


def _positions(text: str, chars: str) -> list[int]:
    """Where each of `chars` occurs in `text`: a `find` per character, each a fast scan of the text."""
    out = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    return out


def _cjk_honorifics(text: str) -> list[re.Match[str]]:
    """`list(_CJK_HONORIFIC.finditer(text))`, tried only where a match can start.

    The pattern opens with a class of ideographs, which the engine tests at every position of the
    text (80 us over a 4,000-character text with one "さ" or "く" in it). A match's name is at most
    `_CJK_NAME_MAX` characters, right before its suffix, which opens with one of `_CJK_SUFFIX_CHARS`:
    only the positions that many before such a character are tried, in order, each skipped once a
    match covers it. In a text full of suffix characters (Chinese prose) the search is as cheap."""
    starts = {s for i in _positions(text, _CJK_SUFFIX_CHARS) for s in range(max(0, i - _CJK_NAME_MAX), i)}
    if len(starts) > len(text) // 16:  # a `match` call costs what the search's test of some 16 positions does
        return list(_CJK_HONORIFIC.finditer(text))
    return matches_at(_CJK_HONORIFIC, text, starts)


def _cjk_signed(text: str) -> list[re.Match[str]]:
    """`list(_CJK_SIGNED.finditer(text))`: a match opens with one of `_CJK_SIGN_CHARS`, and only
    those positions are tried (the engine enters the opening alternation at every position)."""
    return matches_at(_CJK_SIGNED, text, set(_positions(text, _CJK_SIGN_CHARS)))


# Machine-readable records: a passport's MRZ ("P<GBRHARRIS<<ELEANOR<MAY<<<") and HL7's PID segment.
_MRZ = re.compile(r"(?m:^)P[A-Z<][A-Z<]{3}(?P<name>[A-Z]+(?:<[A-Z]+)*<<[A-Z]+(?:<[A-Z]+)*)<")
_HL7_PID = re.compile(
    r"(?<![A-Z])PID\|(?:[^|\n]*\|){4}(?P<name>[A-Za-z' -]+\^[A-Za-z' -]+(?:\^[A-Za-z' .-]*)*)\|"
)
# An address label's first line: "New address:\nGerda Thalmann\nc/o …", "Ship to: Jo Roe, 12 …",
# "Ms Haruka Ito, 2-14-3 Kichijoji Honcho".
_ADDRESS_LABEL = re.compile(
    r"(?i:\b(?:address|adresse|anschrift|dirección|direccion|indirizzo|endereço|endereco|adres|ship\s+to"
    r"|deliver\s+to|send\s+to|mail\s+to|bill\s+to|sold\s+to|recipient|empfänger|destinataire|destinatario))"
    rf"[ \t]*:?[ \t]*\r?\n?[ \t]*{_HONOR}(?P<name>{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_TOKEN}){{1,2}})"
    r"[ \t]*(?=,|\r?\n)"
)
# Both look ahead at their first letters first, like `_HONORIFIC`: they run over the 64 characters
# after every honorific word ("dr", "ms", "m" …), at each position before.
_HONORIFIC_ADDRESS = re.compile(
    r"(?=[MmDdHhFfSsſ])(?<![\w])(?i:mr|mrs|ms|mx|miss|dr|herr|frau|mme|m|sr|sra)"
    rf"\.?[ \t]+(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})"
    r",[ \t]*(?:\d|c/o|flat|apt|unit|suite)"
)
# An honorific in lower case or without a sentence about the writer, where the text is a request
# on the person's behalf ("correct it to Mrs. Megan Jones", "join accounts with ms. Eric",
# "You've reached Dr. Imogen Blackwood", "bio: Dr. Ngozi Abubakar, born …").
_HONORIFIC_ANY = re.compile(
    r"(?=[MmDdPpHhFfSsſ])(?<![\w.])(?i:mr|mrs|ms|mx|miss|dr|prof|herr|frau|mme|mlle|sra|srta)"
    rf"\.?[ \t]+(?P<name>{_FULL})"
)
_REQUEST = re.compile(
    r"(?i:\b(?:you|your|you['’]ve|please|could|can|fill|form|correct|change|update|reached"
    r"|speaking|contact|book|appointment|account|bio|profile|reply|send|für|pour|para|per|bitte|s['’]il)\b)"
)


_ITS_LINE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*(?:[A-Za-z]+[ \t]*:[ \t]*)?(?:[Hh]i,?[ \t]+)?(?i:it['’]?s|this\s+is)[ \t]+(?P<name>{_FULL})"
    r"[ \t]*[.!]?[ \t]*(?=\r?\n|$)"
)
# A signature after "--", with a title or company on the same line: "--\nNguyen Minh Khoa | Engineer".
_SIG_DASHES = re.compile(rf"(?m)^[> \t]*--[ \t]*\r?\n[> \t]*(?P<name>{_FULL})[ \t]*(?:[|,·•–—]|[ \t]-[ \t])")
# Family titles used as a name's first word: "mamie Odette", "Oma Gerda", "nonna Pina", "Auntie Grace".
_KIN_TITLES = (
    "mamie", "papi", "papy", "mamy", "tata", "tonton", "oma", "opa", "nonna", "nonno", "abuela", "abuelo", "tia",
    "tio", "granny", "grandma", "grandpa", "nana", "auntie", "aunt", "uncle", "cousin", "mormor", "farmor",
    "morfar", "farfar", "tante", "onkel", "zia", "zio",
)  # fmt: skip
# Only whether it finds something is asked: grouped by first letter with the \b looked behind after
# it, the search skips along "i", "m", "w" and "o" instead of entering \b at every position.
_FIRST_PERSON = re.compile(r"i(?<!\w.)(?:\b|['’])|m(?<!\w.)(?:e|y|ine)\b|w(?<!\w.)e\b|o(?<!\w.)ur\b")
_KIN_PUBLIC = frozenset({"granny", "grandma", "grandpa", "nana", "auntie", "aunt", "uncle", "cousin"})
# "Kids: Maya (6) and Felix (3)", "Kinder: Lea, Tom", "children: Ana & Luis"
_KID = re.compile(rf"(?P<name>{_TOKEN})")
_KIDS = re.compile(
    _by_letter(
        _top_level(
            r"kids|children|sons|daughters|grandkids|grandchildren|twins|kinder|enfants|ni[ñn]os|hijos|figli|filhos"
            r"|kinderen|b[øo]rn"
        ),
        behind=_WORD_START,
    )
    + r"[ \t]*:[ \t]*"
    rf"(?P<names>{_TOKEN}(?:[ \t]*\(\d{{1,2}}\))?(?:[ \t]*(?:,|&|(?i:and|und|et|y|e|en|og))[ \t]*{_TOKEN}(?:[ \t]*\(\d{{1,2}}\))?)*)"
)
_KIDS_WORDS = wordset(
    "kids children sons daughters grandkids grandchildren twins kinder enfants ninos hijos figli filhos kinderen born"
)
_KIN_NAME = re.compile(
    r"(?<![\w'’])(?i:mamie|papi|papy|mamy|tata|tonton|oma|opa|nonna|nonno|abuela|abuelo|t[íi]a|t[íi]o|granny"
    rf"|grandma|grandpa|nana|auntie|aunt|uncle|cousin|mormor|farmor|morfar|farfar|tante|onkel|zia|zio)[ \t]+(?P<name>{_TOKEN})"
)


# (word of the word set, text to look for): the word set is checked first, it costs nothing.
_LOWER_TRIGGERS = (
    ("name", "name"), ("llamo", "llamo"), ("nombre", "nombre"), ("chiamo", "chiamo"), ("appelle", "appelle"),
    ("hei", "heiße"), ("heisse", "heisse"), ("naam", "naam"), ("heet", "heet"), ("nome", "nome"),
    ("hedder", "hedder"), ("m", "i'm"), ("m", "i’m"), ("im", "im "), ("its", "its "), ("s", "it's"),
    ("s", "it’s"), ("soy", "soy "), ("sono", "sono "),
)  # fmt: skip
_ADDRESS_TRIGGERS = (
    ("address", "address"), ("adresse", "adresse"), ("anschrift", "anschrift"), ("direcci", "dirección"),
    ("direccion", "direccion"), ("indirizzo", "indirizzo"), ("endere", "endereço"), ("endereco", "endereco"),
    ("adres", "adres"), ("ship", "ship to"), ("deliver", "deliver to"), ("send", "send to"), ("mail", "mail to"),
    ("bill", "bill to"), ("sold", "sold to"), ("recipient", "recipient"), ("empf", "empfänger"),
    ("destinataire", "destinataire"), ("destinatario", "destinatario"),
)  # fmt: skip
# The pieces the word set splits accented words into, and the words to look for instead.
_ACCENTED_NEEDLES = {"k": "kære", "re": "chère", "sinc": "sincèrement", "amiti": "amitiés", "abra": "abraço",
                     "gr": "gr.", "rement": "sincèrement", "os": "abraços"}  # fmt: skip


def _at_words(pattern: re.Pattern[str], text: str, lower: str, words: tuple[str, ...]) -> list[re.Match[str]]:
    """`pattern` matched where one of the words starts, as a whole word: one match per trigger
    instead of a search over a window ("my", "her" are everywhere)."""
    out = []
    for word in words:
        n = len(word)
        for i in occurrences(lower, word):  # "name", "patient" … are looked for by other detectors too
            if (i == 0 or not lower[i - 1].isalpha()) and not lower[i + n : i + n + 1].isalpha():
                m = pattern.match(text, i)
                if m is not None:
                    out.append(m)
    return out


def _label_values(text: str, lower: str, starts: tuple[str, ...]) -> list[re.Match[str]]:
    """`_at_words(_LABEL_VALUE, text, lower, starts)`. A label runs, in word characters, spaces,
    tabs and "/", up to its separator (":", "=", "|" or a tab) on the same line: it starts in a
    line's stretch before one. Prose holds few separators; the label words are looked for in
    those stretches, not each over the whole text (a label word is whole, so no occurrence the
    search over the text would find is hidden by one that starts before a stretch)."""
    seps: list[int] = []
    for sep in ":=|\t":
        i = text.find(sep)
        while i >= 0:
            if len(seps) == 8:  # code, a table, a chat log: the whole text is as cheap
                return _at_words(_LABEL_VALUE, text, lower, starts)
            seps.append(i)
            i = text.find(sep, i + 1)
    stretches = merge([(text.rfind("\n", 0, i) + 1, i) for i in seps])
    out = []
    for word in starts:
        n = len(word)
        for lo, hi in stretches:
            i = lower.find(word, lo, hi)
            while i >= 0:
                if (i == 0 or not lower[i - 1].isalpha()) and not lower[i + n : i + n + 1].isalpha():
                    m = _LABEL_VALUE.match(text, i)
                    if m is not None:
                        out.append(m)
                i = lower.find(word, i + n, hi)
    return out


_RECORD_ID_WORDS = wordset(
    "employee patient student member customer client account case user staff pupil tenant guest applicant "
    "candidate id no number nr ref"
)
_MSG_WORDS = wordset("msg message text dm email mail note letter reply card whatsapp sms")
_PART_WORDS = wordset(
    "first last given surname family forename firstname lastname givenname givennames familyname middlename "
    "name names child kid son daughter spouse member traveller traveler passenger guest driver insured nombre "
    "apellido apellidos prenom pr nom vorname nachname cognome nome voornaam achternaam"
)


# What a JSON key for a part of a name and its value hold between them, `"first": "`: prose has
# quotes and apostrophes, seldom this. One search rules the key search out; it opens with the colon,
# a literal the engine skips along to (quotes are everywhere in code), and the quote before the colon
# is checked by hand.
_COLON_QUOTE = re.compile(r":[ \t]*[\"']")


def _quoted_colon(text: str) -> bool:
    """Whether `text` holds a quote, a colon and a quote, with only spaces or tabs between them."""
    for m in _COLON_QUOTE.finditer(text):
        i = m.start()
        while i > 0 and text[i - 1] in " \t":
            i -= 1
        if i > 0 and text[i - 1] in "\"'":
            return True
    return False


# A chat line's time, which every speaker's line holds: the line pattern runs only in the lines
# that have one (it is tried at every line start, and most texts with "] " or " - " hold no time).
# Found at its colon, a literal the engine skips along to, with the digit before it looked behind
# (a leading \d made it stop at every digit): `_in_lines` only needs a position in each such line.
_CLOCK = re.compile(r":(?<=\d:)\d\d")
# A chat export's speakers: "[10:42] Marek Novak: …", "12/03/2024, 10:42 - Priya Shah: …".
_CHAT_LINE = re.compile(
    r"(?m:^)[ \t]*\[?(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?\]?"
    rf"[ \t]*(?:[-–—][ \t]*)?(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{0,2}})[ \t]*:[ \t]"
)
_BORN_WORDS = wordset("born nee nes nato nati nacido nacida nacidos geboren fodt")
_NOT_SPEAKERS = wordset(
    "Agent Caller System Info Debug Warn Warning Notice Bot Operator Host Moderator Guest Unknown"
)
# Children or a couple before their birth date, in the writer's message: "my twins! Zara and Kofi, born
# 2019-10-27", "nos enfants Léa et Hugo, nés le …".
_BORN_AFTER = re.compile(
    rf"(?P<a>{_TOKEN}(?:[ \t]+{_TOKEN})?)[ \t]*(?:,|&|(?i:and|und|et|y|e|en|og))[ \t]*(?P<b>{_TOKEN}(?:[ \t]+{_TOKEN})?)"
    r"[ \t]*,?[ \t]+(?i:born|n[ée]e?s?|nat[oi]|nacid[oa]s|geboren|f[øo]dt)\b[^\n.]{0,24}\d"
)
# Its tail: "born" and a digit soon after. The whole pattern opens with a name, tried at every capital
# of the text; the tail is looked for first (most texts that say "born" give no date after it).
# It opens with the four first letters (no other character matches one case-insensitively), the space
# before them looked behind: the engine skips along to those letters, fewer than the spaces. A match
# starts one character after that space.
_BORN_TAIL = re.compile(
    _by_letter(_top_level(r"born|n[ée]e?s?|nat[oi]|nacid[oa]s|geboren|f[øo]dt"), behind=r"(?<=[ \t].)")
    + r"\b[^\n.]{0,24}\d"
)


def _at_line_starts(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> list[re.Match[str]]:
    """`pattern.finditer(text, lo, hi)` over the spans, for a pattern that can only match at a line's
    start: tried at the few line starts of each span, where `finditer` would enter its look behind
    at every position; a start inside the last match is skipped."""
    out: list[re.Match[str]] = []
    for lo, hi in spans:
        start = lo if lo == 0 or text[lo - 1] == "\n" else -1
        done = lo
        while True:
            if start >= done:
                m = pattern.match(text, start, hi)
                if m is not None:
                    out.append(m)
                    done = m.end()
            brk = text.find("\n", max(start, lo), hi)
            if brk < 0:
                break
            start = brk + 1
    return out


def _in_lines(pattern: re.Pattern[str], text: str, mark: re.Pattern[str]) -> list[re.Match[str]]:
    """`pattern`'s matches in the lines that hold `mark`, for a pattern whose matches never span a
    line break and always hold the mark: the lines without it are not searched."""
    out: list[re.Match[str]] = []
    done = 0
    for m in mark.finditer(text):
        at = m.start()
        if at < done:
            continue
        end = text.find("\n", at)
        done = len(text) if end < 0 else end
        out += pattern.finditer(text, text.rfind("\n", 0, at) + 1, done)
    return out


# The words `_BORN_TAIL` opens with, in ASCII letters, and the beginnings of the others.
_BORN_ASCII = ("born", "ne", "nee", "nes", "nees", "nato", "nati", "nacidos", "nacidas", "geboren", "fodt")
_BORN_ACCENTED = ("né", "fø")


def _born_tails(
    text: str, lower: str | None = None, words: frozenset[str] | None = None
) -> list[re.Match[str]]:
    """`list(_BORN_TAIL.finditer(text))`, tried only where a tail can open, each start skipped once a
    match covers it, not at each "b", "n", "g" and "f" of the text.

    A tail opens with one of its words after a space or a tab: in `lower`, one of `_BORN_ASCII`, a
    whole word of the word set as it ends at a \\b, or the beginning of an accented one. Only in a
    text with "İ", "ı" or "ſ" (which the case-insensitive words match as "i" and "s") is `lower` no
    guide, and the pattern searched for over the text. Without the scan's `lower` and `words` they
    are made here."""
    rest = non_ascii(text)
    if "İ" in rest or "ı" in rest or "ſ" in rest:
        return list(_BORN_TAIL.finditer(text))
    if lower is None or words is None:
        lower = text.lower()
        if len(lower) != len(text):  # a character that lower-cases to two: the offsets would shift
            return list(_BORN_TAIL.finditer(text))
        words = words_of(lower)
    needles = [w for w in _BORN_ASCII if w in words] + (
        [w for w in _BORN_ACCENTED if w[1] in rest.lower()] if rest else []
    )
    gaps = (" ", "\t") if "\t" in text else (" ",)
    starts = {i + 1 for w in needles for gap in gaps for i in occurrences(lower, gap + w)}
    return matches_at(_BORN_TAIL, text, starts)


def _born_after(
    text: str, lower: str | None = None, words: frozenset[str] | None = None
) -> list[re.Match[str]]:
    """`_BORN_AFTER`'s matches, searched only in the stretches around a born-date's tail. No part of
    a match is a line break or a full stop, so each lies within one stretch between them, and one
    that holds the tail; the pattern opens with a name, tried at every capital of the text."""
    out: list[re.Match[str]] = []
    done = 0
    for tail in _born_tails(text, lower, words):
        at = tail.start()
        if at < done:  # in the stretch searched already
            continue
        lo = max(text.rfind("\n", 0, at), text.rfind(".", 0, at)) + 1
        line, stop = text.find("\n", at), text.find(".", at)
        hi = (
            len(text)
            if line < 0 and stop < 0
            else min(line, stop)
            if line >= 0 and stop >= 0
            else max(line, stop)
        )
        out += _BORN_AFTER.finditer(text, lo, hi)
        done = hi
    return out


# A CV's or letter's header: the name alone on a line, in capitals or title case, right after the request.
_CV_HEADER = re.compile(
    r"(?i:\b(?:cv|resume|résumé|curriculum(?:\s+vitae)?|lebenslauf|letterhead|header))[^\n]{0,60}\n(?:[ \t]*\n)?"
    rf"[ \t]*(?P<name>{_CAPS}(?:[ \t]+{_CAPS}){{1,3}}|{_TOKEN}(?:[ \t]+{_TOKEN}){{1,3}})[ \t]*\r?\n"
)


# Where a `_CV_HEADER` keyword can start: its first letter, a case-sensitive class (no other character
# matches one of these case-insensitively) the engine skips along, with the \b before it looked
# behind, then the rest of a keyword. No keyword starts inside another's match (that needs a \b).
_CV_KEYWORD = re.compile(r"[cCrRlLhH](?<!\w.)(?i:v|esume|ésumé|urriculum|ebenslauf|etterhead|eader)")


def _cv_headers(text: str, lower: str | None = None) -> list[re.Match[str]]:
    """`list(_CV_HEADER.finditer(text))`: the pattern, which opens with \b and is tried at every
    position (100 us over a 4,000-character text that says "header" or "sum"), matched only where
    a keyword starts, in order, each start skipped once a match covers it.

    In an ASCII text a keyword is its own lower-case letters in `lower`, after a \b: six searches for
    them are cheaper than `_CV_KEYWORD` over the text (which stops at every "c", "r", "l" and "h").
    A keyword is letters only, so none starts inside another one's occurrence. Without the scan's
    `lower` it is made here."""
    if text.isascii():
        lower = text.lower() if lower is None else lower
        starts = set()
        for keyword in ("cv", "resume", "curriculum", "lebenslauf", "letterhead", "header"):
            for i in occurrences(lower, keyword):
                if i == 0 or not (lower[i - 1].isalnum() or lower[i - 1] == "_"):
                    starts.add(i)
        return matches_at(_CV_HEADER, text, starts)
    out: list[re.Match[str]] = []
    pos = 0
    for k in _CV_KEYWORD.finditer(text):
        if k.start() >= pos:
            m = _CV_HEADER.match(text, k.start())
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


# A person's own data, which a name sits next to (not keys or passwords: a config file is full of them).
_PERSON_DATA = frozenset(
    {"phone", "email", "ssn", "national_id", "passport", "medical_record", "date_of_birth", "iban", "bank_account",
     "payment_card", "drivers_license", "health", "postal_address", "salary", "license_plate"}
)  # fmt: skip


def _wider(
    text: str, lower: str, words: frozenset[str], names: list[Finding], found: list[Finding], dashes: bool
) -> None:
    def each(pattern: re.Pattern[str], spans: list[tuple[int, int]]) -> list[re.Match[str]]:
        return [m for lo, hi in spans for m in pattern.finditer(text, lo, hi)]

    def add(m: re.Match[str], detector: str, *, single: bool = True) -> None:
        _add(text, m, "name", names, detector, single=single)

    def add_caps(
        m: re.Match[str], detector: str, *, single: bool = True
    ) -> None:  # "HOLLOWAY", "PENELOPE JANE" after a label
        value = m.group("name")
        if value.isupper() and len(value) > 2:
            if not any(
                t.capitalize() in NOT_NAMES or t in ("N/A", "NONE", "NULL", "TBD") for t in value.split()
            ):
                names.append(Finding("person_name", m.start("name"), m.end("name"), detector))
        else:
            add(m, detector, single=single)

    others = [f for f in found if f.kind != "person_name"]
    relations: tuple[str, ...] = ()
    if not words.isdisjoint(_RELATION_TRIGGERS):  # a possessive first: 27 words, not 224 relations
        relations = tuple(words & _REL_ASCII) + (_found(lower, _REL_ACCENTED) if not text.isascii() else ())
    if relations:
        for m in _at_words(_RELATION_NAME, text, lower, relations):
            if _RELATION_WORDS_ML.fullmatch(m.group("rel")) is None:
                continue
            who = _POSSESSIVE_BEFORE.search(text, max(0, m.start() - 32), m.start())
            if who is None:
                continue
            if who.group("who").lower() not in _THIRD or any(abs(f.start - m.end()) < 120 for f in others):
                add(m, "role")
    if not words.isdisjoint(_CALLED_WORDS):
        called = (*words & _CALLED_WORDS, "heißt") if "ß" in lower else tuple(words & _CALLED_WORDS)
        for m in each(_CALLED, word_windows(lower, called, 48, 48)):
            add(m, "introduction")
    if not words.isdisjoint(_SELF_WORDS):
        for m in each(_SELF, word_windows(lower, tuple(words & _SELF_WORDS), 16, 64)):
            name = m.group("name")
            # "ich bin"-like intros in languages that capitalise nouns take two words: "soy Ana Ruiz".
            if " " in name or text[m.end() : m.end() + 1] in (",", ".", "!", "") or m.end() == len(text):
                add(m, "introduction")
    lower_intros = tuple(n for w, n in _LOWER_TRIGGERS if w in words)
    if lower_intros:
        for m in each(_LOWER_INTRO, windows(lower, _found(lower, lower_intros), 24, 64)):
            value = m.group("name")
            tokens = value.split()
            if any(t in _NOT_LOWER for t in tokens) or not text[m.start("name")].islower():
                continue
            # After "my name is" or a greeting ("hey its …") the words are a name; after a bare
            # "i'm"/"its" ("its own branding, …") only with chat's tells: "i'm kayla btw".
            head = lower[max(0, m.start("name") - 24) : m.start("name")]
            strong = _STRONG_INTRO.search(head) is not None or _GREETED.search(head) is not None
            casual = (
                lower[m.end() : m.end() + 12].strip(" \t").startswith(("btw", "again", "here", "lol", "haha"))
            )
            if casual or (strong and lower[m.end() : m.end() + 1] in (",", ".", "!", "\n", "")):
                names.append(Finding("person_name", m.start("name"), m.end("name"), "introduction"))
    if not words.isdisjoint(_LABEL_WORDS) or ("ę" in lower and "imię" in lower):
        starts = tuple(_LABEL_NEEDLES.get(w, w) for w in words & _LABEL_STARTS) + (
            ("imię",) if "imi" in words else ()
        )
        for m in _label_values(text, lower, starts):
            # "Name: Peter" in a made-up profile is not enough; "Vorname: Anke" is one part of a name.
            add_caps(m, "form_field", single=_PART_LABEL.search(m.group("label")) is not None)
        labels = tuple(w for w in ("name", "names", "surname", "forename", "forenames", "nachname", "vorname",
                                   "apellido", "apellidos", "cognome", "famille", "nom", "noms", "achternaam",
                                   "voornaam", "efternavn", "fornavn") if w in words)  # fmt: skip
        for m in each(_NAME_LABEL_BARE, word_windows(lower, labels, 24, 64)):
            add_caps(m, "form_field")
    # Word-set pieces of accented words ("k" of "kære", "re" of "chère") are looked for whole.
    greetings = tuple(_ACCENTED_NEEDLES.get(w, w) for w in words & _GREETING_ML_WORDS)
    if greetings:
        for m in each(_GREETING_ML, word_windows(lower, greetings, 8, 72)):
            add(m, "greeting")
    sign_offs = tuple(_ACCENTED_NEEDLES.get(w, w) for w in words & _SIGN_OFF_ML_WORDS)
    if sign_offs:
        spans = word_windows(lower, sign_offs, 24, 80) + (
            windows(lower, ("grü",), 24, 80) if "gr" in words else []
        )
        for m in each(_SIGN_OFF_ML, merge(spans)):
            add(m, "sign_off")
    if "-" in text and not words.isdisjoint(("san", "sama", "sensei", "kun", "chan", "senpai", "dono")):
        for m in _romaji_honorifics(text):
            add(m, "honorific")
    # Most texts that are not ASCII hold a dash or a curly quote, not Japanese: one character of each
    # suffix or signature mark is looked for before the patterns run over the text, among the
    # text's few characters that are not ASCII (the scan's memo), not over the text fifteen times.
    rest = non_ascii(text)
    if rest and any(c in rest for c in _CJK_SUFFIX_CHARS):
        for m in _cjk_honorifics(text):
            names.append(Finding("person_name", m.start("name"), m.end("name"), "honorific"))
    if rest and any(c in rest for c in _CJK_SIGN_CHARS):
        for m in _cjk_signed(text):
            names.append(Finding("person_name", m.start("name"), m.end("name"), "signature"))
    if "<" in text and "P<" in text:
        for m in _MRZ.finditer(text):
            names.append(Finding("person_name", m.start("name"), m.end("name"), "mrz"))
    if "|" in text and "PID|" in text:
        for m in _HL7_PID.finditer(text):
            names.append(Finding("person_name", m.start("name"), m.end("name"), "hl7"))
    if "(" in text and not words.isdisjoint(_RECORD_ID_WORDS):
        # "id", "no", "number" are everywhere; only a window with the name's parenthesis can match.
        spans = word_windows(lower, tuple(words & _RECORD_ID_WORDS), 0, 72)
        for m in each(_RECORD_ID, [(lo, hi) for lo, hi in spans if text.find("(", lo, hi) >= 0]):
            add(m, "record")
    for f in others:
        if f.kind in _PERSON_DATA:
            a = _PAREN_AFTER.match(text, f.end)
            if a is not None:
                add(a, "next_to_finding", single=False)
            if f.kind in ("phone", "email"):
                b = _CONTACT_BEFORE.search(text, max(0, f.start - 64), f.start)
                if b is not None:
                    add(b, "contact")
    if not words.isdisjoint(_DOC_FOR_WORDS):
        for m in _at_words(_DOC_FOR, text, lower, tuple(words & _DOC_FOR_WORDS)):
            if not _public(text, lower, *_sentence(text, m.start(), m.end())):
                add(m, "document", single=False)
        # "draft a msg to Bea, her email is …": one word will do next to the person's data.
        if others:
            for m in _at_words(_MSG_TO, text, lower, tuple(words & _MSG_WORDS)):
                if any(0 <= f.start - m.end() < 80 for f in others):
                    add(m, "addressee")
    address_labels = tuple(n for w, n in _ADDRESS_TRIGGERS if w in words)
    if address_labels:
        for m in each(_ADDRESS_LABEL, windows(lower, address_labels, 0, 100)):
            add(m, "letter_head", single=False)
    honorifics = tuple(words & _HONORIFIC_WORDS)  # "sra" among them
    # Only " m. " adds a window: looked for once (memoised), not "m." then " m. ".
    m_dot = "m" in words and bool(occurrences(lower, " m. "))
    if honorifics or m_dot:
        spans = merge(
            word_windows(lower, honorifics, 0, 64) + (windows(lower, (" m. ",), 0, 64) if m_dot else [])
        )
        for m in each(_HONORIFIC_ADDRESS, spans):
            add(m, "honorific")
        for m in each(_HONORIFIC_ANY, spans):
            if _name_span(text, *m.span("name"), single=True) is None:  # before the costlier context checks
                continue
            lo, hi = _sentence(text, m.start(), m.end())
            if _public(text, lower, lo, hi):
                continue
            if any(abs(f.start - m.end()) < 160 for f in others) or _REQUEST.search(text, lo, hi):
                add(m, "honorific")
    if not words.isdisjoint(_SUBJECT_WORDS):
        spans = [(lo, hi) for lo, hi in word_windows(lower, tuple(words & _SUBJECT_WORDS), 80, 0)]
        for m in each(_SUBJECT, spans):
            one = " " not in m.group("name").strip()
            if one and _PERSONAL_TEXT.search(lower, max(0, m.start() - 300), m.end() + 120) is None:
                continue
            if not _public(text, lower, *_sentence(text, m.start(), m.end())):
                add(m, "subject")
    spaced_dash = _SPACED_DASH.search(text) is not None  # " - " in text, asked twice below
    if ("\n" in text or ";" in text) and ("—" in text or "–" in text or spaced_dash or "|" in text):
        _people_list(text, names)
    parts = tuple(words & _PART_WORDS)
    if parts and _quoted_colon(text):
        for m in each(_PART_VALUE, word_windows(lower, parts, 24, 72)):
            add(m, "field")
    # A chat turn that is only an introduction: "Caller: it's Bartholomew Nkemelu".
    its = _found(lower, ("it's", "it’s", "its ", "this is"))
    if its:
        for m in _at_line_starts(_ITS_LINE, text, windows(lower, its, 32, 64)):
            add(m, "introduction")
    if dashes:
        for m in _SIG_DASHES.finditer(text):
            add(m, "sign_off", single=False)
    if ":" in text and (("]" in text and "] " in text) or spaced_dash):
        for m in _in_lines(_CHAT_LINE, text, _CLOCK):
            if not _NOT_SPEAKERS.intersection(m.group("name").split()):
                add(m, "chat_speaker")
    if not words.isdisjoint(_BORN_WORDS) or ("é" in lower and "né" in lower):
        for m in _born_after(text, lower, words):
            lo, hi = _sentence(text, m.start(), m.end())
            mine = _FIRST_PERSON.search(lower, max(0, m.start() - 160), m.end()) is not None
            if mine and not _public(text, lower, lo, hi):
                for group in ("a", "b"):
                    span = _name_span(text, m.start(group), m.end(group), single=True)
                    if span is not None:
                        names.append(Finding("person_name", span[0], span[1], "born"))
    if not words.isdisjoint(("cv", "resume", "sum", "curriculum", "lebenslauf", "letterhead", "header")):
        for m in _cv_headers(text, lower):
            add_caps(m, "letter_head", single=False)
    kin = tuple(w for w in _KIN_TITLES if w in words)
    if kin:
        personal: bool | None = None  # looked for over the whole text only if a public title asks
        for m in each(_KIN_NAME, word_windows(lower, kin, 0, 48)):
            # "Uncle Sam", "Grandma Moses": the English titles are also public nicknames.
            if m.group().split()[0].lower() not in _KIN_PUBLIC:
                add(m, "role")
                continue
            if personal is None:
                personal = _FIRST_PERSON.search(lower) is not None
            if personal:
                add(m, "role")
    if not words.isdisjoint(_KIDS_WORDS):
        for m in each(_KIDS, word_windows(lower, tuple(words & _KIDS_WORDS), 0, 80)):
            for t in _KID.finditer(text, m.start("names"), m.end("names")):
                add(t, "role")


# Where a list item may start: after a line break, a ";" or a label's colon. Each alternative opens
# with a literal, so the engine scans for those three characters instead of trying every position.
_ITEM_SEP = re.compile(r"\n|;|:[ \t]")
# An item right after its separator: one search over the text finds the few items instead of a
# match tried at every line start from Python.
_ITEM_AFTER = re.compile(rf"(?:\n|;|:[ \t])(?P<item>{_ITEM.pattern})")
# A dash after a space or a tab (" -", "\t-"), and one between spaces (" - "): each opens with the dash,
# a literal the engine skips along to, with the blank looked behind.
_BLANK_DASH = re.compile(r"-(?<=[ \t]-)")
_SPACED_DASH = re.compile(r"-(?<= -)(?= )")


def _item_lines(text: str) -> list[tuple[int, int]]:
    """The lines that hold a separator an item needs ("—", "–", "|", " -"), each from the line break
    before it (an item's own separator) to the one after it: every `_ITEM_AFTER` match of the text.

    An item never spans a line break and ends before a character that is not a space, so a line's
    end is the end of the text for it; `_ITEM_AFTER` opens with a three-way alternation the engine
    enters at every line, ";" and ":" of the text, most of them in lines no item can be in."""
    spans = []
    for needle in ("—", "–", "|"):  # one character: a search as fast as memchr
        i = text.find(needle)
        while i >= 0:
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            spans.append((max(0, text.rfind("\n", 0, i)), end))
            i = text.find(needle, end)
    # " -" and "\t-" in one search for the dash, their space looked behind: `find` of a
    # two-character needle goes along at a space's pace (two passes, 7 us over 4,000 characters
    # that are not ASCII; this one, 2 us). The lines found are the same: each line that holds one.
    m = _BLANK_DASH.search(text)
    while m is not None:
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        spans.append((max(0, text.rfind("\n", 0, m.start())), end))
        m = _BLANK_DASH.search(text, end)
    return merge(spans)


def _people_list(text: str, names: list[Finding]) -> None:
    """Items of a list of people: two or more items in a row that open with a name and a separator."""
    run: list[re.Match[str]] = []
    last = -1  # where the last item of `run` begins

    def flush() -> None:
        if len(run) >= 2 and any(r.group("name")[:1].isupper() for r in run):
            for r in run:
                value = r.group("name")
                if value[:1].isupper():
                    _add(text, r, "name", names, "list", single=False)
                elif not any(t in _NOT_LOWER for t in value.split()):
                    names.append(Finding("person_name", r.start("name"), r.end("name"), "list"))
        run.clear()

    first = _ITEM.match(text, 0)
    items = ([(0, 0, first)] if first is not None else []) + [
        (m.start(), m.start("item"), m)
        for lo, hi in _item_lines(text)
        for m in _ITEM_AFTER.finditer(text, lo, hi)
    ]
    for sep, begin, m in items:
        # The item continues the run only if no other line start lies between the two: the
        # items of a list are on consecutive lines.
        if run and _ITEM_SEP.search(text, last, sep) is not None:
            flush()
        if ":" not in text[m.end("name") : m.end("name") + 1] and len(text) - begin > 8:
            head = text[begin : m.start("name")]
            if not head.strip() or head.strip()[-1:] in "-*•.)":
                run.append(m)
                last = begin
                continue
        flush()
    flush()
