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
_TOKEN = rf"(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+|['’][{_UP}][{_LO}]+)*"
_PARTICLE = r"(?:van|von|de|der|den|del|della|da|di|du|la|le|bin|binti|al|el|ibn|ten|ter|dos|das)"
_FULL = rf"{_TOKEN}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:[{_UP}]\.[ \t]+)?{_TOKEN}){{0,2}}"
_FULL_RE = re.compile(rf"(?<![\w'’]){_FULL}")


# An honorific names a private person when its sentence is about the writer or is correspondence:
# "my appointment with Dr. Patel", "a note to Mrs. Chen"; not "the adventures of Dr. Henry Jones".
_PERSONAL = re.compile(
    r"\bI\b|\bI['’][mvdl]|\b(?:my|our|we|us)\b|(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[\"“]))(?:My|Our|We)\b"
    r"|(?i:\b(?:dear|regards|appointment|meeting|e-?mail|letter|note|message|reply|invoice|referral|session"
    r"|consultation|call\s+with|visit\s+with|schreib\w*|bitte|notiz|brief|absage|r[üu]ckruf"
    r"|r[ée]dige[rz]?|lettre|courrier|escrib[ea]\w*|carta|scrivi|lettera)\b)"
)
# A full stop, "!", "?" or a line break, but not the dot of "Dr." or of an initial.
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=\n)|(?=\s)(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bSt.)(?<!\bProf.)(?<!\b[A-Z].))"
)
_THIS_IS_BEFORE = re.compile(r"(?i:\b(?:this\s+is|it['’]s))\s+$")
_HONORIFIC = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Herrn?|Frau|Mme|Mlle|Sra|Srta)\.?[ \t]+(?P<name>{_FULL})"
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
_NAME_PHRASE = re.compile(rf"{_NAME_WORDS}[ \t]*(?P<name>{_FULL})")
# Weaker: only in a text that carries other personal data ("…@gmx.de, under the name Jo Roe",
# "born on 1956-11-20. Her maiden name is Roe"), not "sold under the name Trebol".
_NAME_WEAK = re.compile(
    rf"(?i:under\s+the\s+name|(?:maiden|middle|first|last|family|sur)\s*name\s+(?:is|was))[ \t]+(?P<name>{_FULL})"
)
_NAME_TRIGGERS = wordset(
    "llamo nombre nome appelle chiamo heisse hei name intestato intestata nom ordre naam"
)
_GREETING_WORDS = ("hi", "hey", "hello")
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
    rf"(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})(?(q)(?P=q)|(?=[&;,\n]|$))"
)
_XML_NAME = re.compile(rf"<(?i:{_KEYS})>(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})</")
# The last words of a message, after its last sentence: "… next month. — Jane Roe", "Merci, Jean Roux".
_SIGNATURE = re.compile(
    r"(?:(?<=[a-zß-ÿ)\]])(?<!\bSt)(?<!\bMt)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bNo)[.!?]"
    r"|(?<=[^\s\"”'’])[ \t]+[-–—]{1,2}|\b(?:Merci|Grazie|Danke|Gracias|Obrigad[oa]|Thanks|Cheers)[ \t]*,)[ \t]*"
    rf"(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN}){{1,2}})[ \t]*[.!]?[ \t]*$"
)
_WRITER = re.compile(
    r"\b(?:i|me|my|mine|we|our|mein|meine|ich|ma|mon|mes|je|mi|mis|meu|minha|mio|mia|io)\b|\bi['’]"
)
_SIG_BLOCK = re.compile(rf"(?m)^[> \t]*--[ \t]*\n[> \t]*(?P<name>{_FULL})[ \t]*$")
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


def _shapes(text: str, lower: str, words: frozenset[str], names: list[Finding], found: list[Finding]) -> None:
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
        i = lower.find(word)
        while i >= 0:
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
            i = lower.find(word, j)
    if not words.isdisjoint(_GREETING_WORDS):  # "hi it's Jo Roe"
        intro += word_windows(lower, tuple(w for w in _GREETING_WORDS if w in words), 0, 64)
    if "me" in words and ("call" in words or "calls" in words):
        intro += windows(lower, present(lower, ("call me", "calls me")), 32, 64)
    if not ascii_text and ("hei" in words or "名" in text):
        intro += windows(lower, present(lower, ("heiße", "氏名", "名前")), 32, 64)
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
    if "</" in text and not words.isdisjoint(keys):
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
            for m in _SIGNATURE.finditer(text, tail, end):
                if _WRITER.search(lower, max(0, m.start() - 300), m.start()):
                    _add(text, m, "name", names, "signature", single=False)
                break
        elif not ascii_text and not last[-1].isascii():
            for m in _JP_SIGNATURE.finditer(text, tail, end):
                names.append(Finding("person_name", m.start("name"), m.end("name"), "signature"))
    if "--" in text:
        for m in _SIG_BLOCK.finditer(text):
            _add(text, m, "name", names, "sign_off", single=False)
    if not ascii_text and ("氏名" in text or "名前" in text):
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
        i = lower.find(word)
        while i >= 0:
            j = i + len(word)
            if lower[i - 1 : i] in (",", '"', "'") or lower[j : j + 1] in (",", '"', "'"):
                begin = text.rfind("\n", 0, i) + 1
                end = text.find("\n", j)
                if end > 0 and _HEADER.fullmatch(text, begin, end):
                    _csv(text, begin, end, names)
                    break
            i = lower.find(word, j)
    if "insert" in lower:
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


def _csv(text: str, begin: int, end: int, names: list[Finding]) -> None:
    header = [c.strip().strip("\"'").lower() for c in text[begin:end].split(",")]
    column = next((i for i, c in enumerate(header) if c in _NAME_COLUMNS), None)
    if column is None:
        return
    pos = end + 1
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        cells = text[pos:stop].split(",")
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
    _phrases(text, lower, words, names)
    _shapes(text, lower, words, names, found)
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
            if _PERSONAL.search(text, *_sentence(text, m.start(), m.end())) or _THIS_IS_BEFORE.search(
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
        if len(gap) > 40 or _GAP_BREAK.search(gap):
            break
        possessive = gap.startswith(("'s", "’s"))
        role = _ROLE_END.search(text, max(0, m.start() - 40), m.start()) is not None
        span = _name_span(text, m.start(), m.end(), single=possessive or role)
        if span is not None:
            names.append(Finding("person_name", span[0], span[1], "next_to_finding"))
            return
