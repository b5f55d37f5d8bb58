"""Personal data found by a label or a personal phrase next to it.

E-mail addresses (plain and spelled out), passports, medical record numbers, birth dates,
driving licences, number plates, bank accounts, PINs, salaries, health details and postal
addresses. Each detector first checks that its words occur at all (in the set of the text's words),
then runs its regexes only in windows around them.

What keeps ordinary prompts clean: a salary or a health detail needs a person it belongs to
("I", "my mother", "employee #4411", "Lisa Wong's"), not a profession or "people with"; an
address needs its full form (street, town and postcode) or a personal phrase ("I live at", "ship
to"), and never counts when it says it is an example ("123 Fake Street", "Anytown").
"""

from __future__ import annotations

import datetime
import re

from edged.privacy import checksums
from edged.privacy._common import (
    NOT_NAMES,
    Finding,
    anchored,
    merge,
    non_ascii,
    other_digits,
    present,
    windows,
    word_windows,
    wordset,
)

__all__ = ["scan_personal"]


_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-])"
)
# jane dot doe at gmail dot com / jane[at]example[dot]org / jane (at) corp (dot) io
_OBF_AT = r"(?:\s*[\[({<]\s*(?i:at)\s*[\])}>]\s*|\s+(?:at|AT)\s+)"
_OBF_DOT = r"(?:\s*[\[({<]\s*(?i:dot)\s*[\])}>]\s*|\s+(?:dot|DOT)\s+|\.)"
_TLD = (
    r"(?i:com|org|net|edu|gov|mil|int|info|biz|io|ai|app|dev|co|me|tv|xyz|online|site|tech|store"
    r"|email|cloud|page|blog|[a-z]{2})"
)
_OBF_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[A-Za-z0-9][A-Za-z0-9_%+-]*(?:{_OBF_DOT}[A-Za-z0-9_%+-]+){{0,4}})"
    rf"(?P<at>{_OBF_AT})(?P<domain>[A-Za-z0-9][A-Za-z0-9-]*(?:{_OBF_DOT}[A-Za-z0-9-]+){{0,3}}"
    rf"{_OBF_DOT}{_TLD})(?![\w-])"
)
# RFC 2606 domains with a local part that names the field rather than a person.
_RESERVED_DOMAINS = frozenset(("example.com", "example.org", "example.net"))
_GENERIC_LOCALS = wordset(
    "name user username email you yourname your.name your.email firstname.lastname me someone"
)
_OBF_NEEDLES = ("[at]", "(at)", "{at}", "<at>", " dot ", "[dot]", "(dot)", "{dot}", "<dot>")
_BRACKETED_AT = re.compile(r"[\[({<]\s*at\s*[\])}>]")
# Its end, led by a literal the scan skips to: led by a class, the pattern is tried at every position.
_BRACKETED_AT_END = re.compile(r"at\s*[\])}>]")
# "beatrice.moreau at gmail", "jdoe84 at hotmail": a mailbox at a big provider, its TLD left out.
_AT_PROVIDER_TAIL = (
    r" at (?:gmail|googlemail|yahoo|hotmail|outlook|icloud|protonmail"
    r"|proton|gmx|aol|yandex|libero|orange|wanadoo|laposte|web\.de|t-online)(?![\w.-]|\.[a-z])"
)
_AT_PROVIDER = re.compile(r"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]*)" + _AT_PROVIDER_TAIL)
# Its tail alone, opening with a literal the scan skips to: the whole pattern (a lookbehind and a
# local part first) is tried at every position, so it runs only where the tail is ("oranges" and
# "outlook" are common words).
_AT_PROVIDER_GATE = re.compile(_AT_PROVIDER_TAIL)
_PROVIDERS = wordset(
    "gmail googlemail yahoo hotmail outlook icloud protonmail proton gmx aol yandex libero orange wanadoo laposte"
)
_AT_DOMAIN = re.compile(r" at [a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
_NOT_MAILBOXES = wordset(
    "me us him her them it this that here there look looking looked work works worked working arrive "
    "arrived stay staying live lives lived available located find found reach contact email mail write "
    "shop buy sell visit online home is are was were be am and or but only also even just go went come "
    "came meet sign log logged posted hosted hired employed engineer developer intern job everyone anyone "
    "someone people team staff us up out in on off me"
)


_PASSPORT = re.compile(
    r"(?:(?i:\b(?:passport|reisepass|passeport|pasaporte|passaporto|passaporte|paspoort|pass(?=[\s-]*n(?:r|ummer)))"
    r"(?:[\s-]*(?:no\.?|nr\.?|num(?:ber)?\.?|#|id|n[°º]\.?|nummer|número|numero))?)"
    r"|旅券(?:番号)?|パスポート(?:番号)?|护照(?:号码?)?|여권\s?번호)"
    r"\s*(?:[:#.：]\s*)?(?:(?i:is|es|est|ist|é|è|lautet)\s+|は)?"
    r"([A-Z0-9]{6,9})(?![A-Za-z0-9_-])"
)
# "Numéro de passeport", "número de pasaporte": the label's words, and the scripts that have no spaces.
_PASSPORT_WORDS = wordset(
    "passport reisepass reisepassnummer passnummer passeport pasaporte passaporto passaporte paspoort"
)
_PASSPORT_NEEDLES = (
    "passport", "reisepass", "passeport", "pasaporte", "passaporto", "passaporte", "paspoort", "passnummer",
    "pass-nr", "pass nr", "旅券",
    "パスポート", "护照", "여권",
)  # fmt: skip
_MRN = re.compile(
    r"(?i:\b(?:mrn|medical\s+record(?:\s+(?:number|no\.?|nr\.?|#|id))?))\s*(?:[:#]\s*)?(?:(?i:is)\s+)?"
    r"([A-Z]{0,4}-?\d{5,12})(?![\w-])"
)
_US_STATES_RE = (
    r"(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho"
    r"|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota"
    r"|Mississippi|Missouri|Montana|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York"
    r"|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\s+Island|South\s+Carolina"
    r"|South\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming"
    r"|Ontario|Quebec|Alberta)"
)
# What follows a licence label: "is", ":", a JSON key ("number": "…"), or the next line of a Q/A.
_DL_VALUE = (
    r"(?:\s*(?:is|:|#|=|-|ist|lautet|est|es|é|è|は|：)?\s*(?:(?i:is)\s+)?|\??[ \t]*\n+\s*(?:[A-Za-z]{1,12}:\s*)?"
    r"|[\"']?\s*,\s*[\"']?(?i:number|num|no|id|value)[\"']?\s*:\s*)"
    r"[\"']?(?P<value>[A-Z0-9]{1,20}(?:[ -][A-Z0-9]{1,20}){0,4})(?![A-Za-z0-9_-])"
)
# "Illinois license B303-…": a state's name before a plain "license"; run only when a state's word is there.
_STATE_LICENSE = re.compile(rf"\b{_US_STATES_RE}\s+(?i:licen[cs]e)(?:\s+(?i:number|no\.?|#))?" + _DL_VALUE)
_STATE_WORDS = wordset(
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi "
    "missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma oregon "
    "pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming ontario quebec alberta"
)
_DRIVERS_LICENSE = re.compile(
    r"(?:(?i:\b(?:driver[’']?s?[’']?|driving|driver)[\s_-]+licen[cs]e)(?:[\s_-]+(?i:number|no\.?|nr\.?|#|id))?"
    r"|\bD/?L(?:\s*(?i:number|no\.?|#))?)" + _DL_VALUE
)
# Other languages' labels: their own regex, run only when one of their words is there.
_FOREIGN_LICENCE = re.compile(
    r"(?:(?i:f[üu]hrerschein(?:nummer|[\s-]*nr\.?)?|(?:num[ée]ro\s+de\s+)?permis(?:\s+de\s+conduire)?(?:\s+n[°o]\.?)?"
    r"|(?:licencia|carn[ée]t|permiso)\s+de\s+conducir|patente(?:\s+di\s+guida)?|carteira\s+de\s+motorista"
    r"|\bcnh|rijbewijs(?:nummer)?|k[öo]rkort(?:snummer)?)|運転免許(?:証)?(?:番号)?)" + _DL_VALUE
)
_CJK = re.compile("[\u3040-\ud7af]")  # kana to hangul, one range: the cheapest test
_LICENCE_WORDS = wordset(
    "licence license hrerschein hrerscheinnummer fuhrerschein fuehrerschein permis conducir patente motorista cnh "
    "rijbewijs rijbewijsnummer rkort"
)
_LICENCE_NEEDLES = (
    "licence", "license", "führerschein", "fuhrerschein", "permis", "conducir", "patente", "motorista", "cnh",
    "rijbewijs", "körkort", "運転免許",
)  # fmt: skip
_PLATE = re.compile(
    r"(?P<label>(?i:\b(?:licen[cs]e[\s-]*plate|number[\s-]*plate|plate\s*(?:number|no\.?|#)|reg(?:istration)?"
    r"(?:\s*(?:number|no\.?|plate|mark))?|rego|tag\s+number|plates?|kennzeichen|nummernschild"
    r"|plaque(?:\s+d['’]immatriculation)?|immatriculation|targa|matr[íi]cula|placa|kenteken"
    r"|rekisterinumero)\b))"
    r"\s*(?:is|was|:|#|=|-|reads|says|ist|lautet|est|es|è|é)?\s*(?:(?i:is|reads)\s+)?[\"']?"
    r"(?P<value>[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,3})(?![A-Za-z0-9_-])"
)
_PLATE_WORDS = wordset(
    "plate plates reg registration rego kennzeichen nummernschild plaque immatriculation targa matricula "
    "placa kenteken rekisterinumero"
)
# Japanese plates: region, class number, kana, serial ("品川 330 あ 12-34"), after ナンバー or 車.
_JP_PLATE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,4}|(?<![\u3041-\u3096])[はがのを]?(?P<kana>[\u3041-\u3096]{2,4}))"
    r"\s?\d{2,3}\s?[\u3041-\u3096]\s?(?:\d{1,2}-\d{2}|\d{1,4})"
)
# Plates of a country's own shape, near a vehicle: UK "WG19 PRZ", FR/IT "AB-123-CD", DE "M-AB 1234",
# ES "1234 BCD".
_BARE_PLATE = re.compile(
    # The first character is a plain class, so the regex engine skips ahead to candidates; the
    # lookbehinds then say which country's shape it may start.
    r"[A-Z0-9ÄÖÜ](?<![A-Za-z0-9-].)(?:(?<=[A-Z])(?:[A-Z]\d{2}\s?[A-Z]{3}|[A-Z][- ]\d{3}[- ][A-Z]{2})"
    r"|(?<=[A-ZÄÖÜ])[A-ZÄÖÜ]{0,2}-[A-Z]{1,2}\s\d{1,4}[EH]?|(?<=\d)\d{3}[ -][B-DF-HJ-NP-TV-Z]{3})"
    r"(?![A-Za-z0-9-]|[.,]\d)"
)
# A digit by a capital, or by a capital and a space, or before a separator and a capital: what every
# shape of `_BARE_PLATE` has, on the text with its digits written "0" (see `_zeroed`).
_BARE_PLATE_GATE = re.compile(r"0(?:(?<=[A-Z]0)|(?<=[A-Z]\s0)|(?=[- ][A-Z]))")
_VEHICLE_WORDS = wordset(
    "car van truck lorry vehicle motorbike motorcycle scooter parked parking driveway dvla taxi wagen fahrzeug "
    "voiture coche macchina carro suv camper caravan towed"
)
# A UK sort code and an 8-digit account next to it: "75-12-64, 54893160".
# Searched from its literal "-" (fast), the two digits before it checked after.
_SORT_AND_ACCOUNT = re.compile(r"-\d{2}-\d{2}[,;/]?\s{1,3}(\d{8})(?![\w-])")
# A cheque's MICR line: ⑆routing⑆ account⑈ (E-13B transit and on-us symbols).
_MICR = re.compile(r"⑆\s?(\d{9})\s?⑆\s*(\d[\d -]{3,18}\d)\s?⑈")
_CHEQUE_WORDS = wordset("cheque check checks micr routing account bank ocr scan scanned")
_ROUTING_COLUMN = re.compile(
    r"(?:routing|aba|rtn|routing[_ ]?(?:number|no|num)|aba[_ ]?number|sort[_ -]?code|sortcode|sort)"
)
_SORT_CELL = re.compile(r"\d{2}-\d{2}-\d{2}")
_ACCOUNT_COLUMN = re.compile(r"(?:account|acct|acc|account[_ ]?(?:number|no|num)|acct[_ ]?(?:number|no|num))")
_SORT_CODE = re.compile(
    r"(?i:\bsort[\s-]*code)\s*(?:is|:|-|=)?\s*(?P<value>\d{2}([- ]?)\d{2}\2\d{2})(?![\d-])"
)
_ACCOUNT = re.compile(
    r"(?i:\b(?:(?:bank|checking|chequing|savings|current|deposit|business|personal|my|our|his|her)\s+)?"
    r"(?:account|acct|acc|a/c)\.?(?:[\s_-]*(?:number|num|no\.?|nr\.?|#))?)"
    r"[\"']?\s*(?:is|:|#|-|=)?\s*(?:(?i:is)\s+)?[\"']?(?P<value>\d(?:[ -]?\d){5,16})(?![\d-]|[.,]\d)"
)
_NOT_BANK = re.compile(
    r"\b(?:aws|gcp|azure|cloud|service|twitter|github|steam|game|user|customer|loyalty)\s*$"
)
_ROUTING = re.compile(
    r"(?i:\b(?:routing|aba|rtn)(?:[\s_-]*(?:transit[\s_-]+)?(?:number|num|no\.?|#|nr))?)"
    r"[\"']?\s*(?:is|:|#|-|=)?\s*(?:(?i:is)\s+)?[\"']?(?P<value>\d{9})(?!\d)"
)
# After the label: "on the card", "für die EC-Karte", "de la tarjeta"; "is", "ist", "est", "は"; the digits.
_PIN_REST = (
    r"(?:\s+(?i:on|for|of|from|für|zur?|zum|de|del|della|du|do|da)\s+(?:(?i:the|my|your|his|her|die|der|den|dem"
    r"|meiner?|meinen|la|le|ma|mon|mi|el|il|a|o|ta|ton)\s+)?[\w-]+(?:\s+[\w-]+)?)?"
    r"\s*(?:is|was|:|=|-|#|ist|lautet|est|es|era|è|é|は|：)?\s*(?:(?i:is|was|:)\s*)?[\"']?"
    r"(?P<value>\d{4,8}[#*]?)(?![\d.,]\d|\d)"
)
_PIN = re.compile(
    r"(?:\bPIN\b|(?i:\bpin)(?=\s*[:=])"
    r"|(?i:\b(?:atm|card|bank|debit|credit|sim|phone|iphone|android|my|the|your|his|her|our|their|new|old)\s+pin\b)"
    r"|(?i:\bpin\s*(?:code|number|no\.?|#)|\bpass\s*code|\b(?:door|gate|alarm|entry|entrance|lock|unlock|access"
    r"|keypad|lockbox|key\s*box|key\s*safe|garage|building|safe|locker|padlock|security|verification|otp"
    r"|one[\s-]time|2fa|mfa|sms|login|buzzer|intercom)\s+(?:code|pin|combination|combo)"
    r"|\b(?:lock|safe|locker|padlock)\s+combination))" + _PIN_REST
)
# The labels of other languages (and the SIM's PUK): a regex of their own, run only when one is there.
_PIN_FOREIGN = re.compile(
    r"(?:(?i:\bpuk\d?(?:\s*(?:code|number))?|\bgeheim(?:zahl|nummer)"
    r"|\bcode(?=\s+(?:secret|confidentiel|pin|(?:de|du)\s+(?:ma|la|mon|votre|ta|sa)\s+carte|de\s+(?:la|mi)\s+tarjeta"
    r"|della\s+(?:mia\s+)?carta|do\s+(?:meu\s+)?cart[ãa]o)\b)|\bc[óo]digo\s+(?:pin|secreto)|\bn[úu]mero\s+secreto|\bcodice\s+pin)"
    r"|暗証番号|暗証コード|密码)" + _PIN_REST
)
_PIN_FOREIGN_WORDS = wordset(
    "puk geheimzahl geheimnummer carte tarjeta carta cart confidentiel digo secreto codice"
)
# A PIN needs its own word ("PIN", "passcode") or a lock word next to "code"/"combination".
_PIN_WORDS = wordset("pin pins passcode passcodes puk geheimzahl geheimnummer")
# "code de ma carte", "code secret": "code" is a PIN's label when a card or "secret" follows it.
_CARD_WORDS = wordset("carte tarjeta carta cart confidentiel")
_CARD_CODE = re.compile(
    r"\s+(?:secret|confidentiel|pin|(?:de|du)\s+(?:ma|la|mon|votre|ta|sa)\s+carte|de\s+(?:la|mi)\s+tarjeta"
    r"|della\s+(?:mia\s+)?carta|do\s+(?:meu\s+)?cart[ãa]o)\b"
)
_LOCK_WORDS = wordset(
    "pass door gate alarm entry entrance lock unlock access keypad lockbox box safe garage building locker "
    "padlock security verification otp time fa mfa sms login buzzer intercom"
)
_CODE_WORDS = wordset("code codes combination combo")
_LAST_WORD = re.compile(r"([a-z0-9]+)[\s-]*$")
_CVV = re.compile(
    r"(?i:\b(?:cvv2?|cvc2?|csc|security\s+code|card\s+verification(?:\s+(?:value|code))?)"
    r"(?:[ \t]+(?:on|at|the|back|of|my|card|number|code)){0,4})"
    r"\s*(?:is|:|=|-|#)?\s*(?:(?i:is)\s+)?(?P<value>\d{3,4})(?!\d)"
)


# Its capital first, then `(?<![\w].)` for "not inside a word": led by a class, the scan skips to
# capitals; led by a look-behind, it would be tried at every position.
_NAME = r"[A-Z](?<![\w].)[a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3}"
_NUM_DATE = r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_INTL = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre"
    r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
    r"|januar|februar|m[äa]rz|juni|juli|oktober|dezember)"
)
_PROSE_DATE = (
    rf"(?i:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?(?:{_MONTH}|{_MONTH_INTL}),?\s+(?:de\s+)?\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日)"
)
# A label or a first-person phrase makes any date a birth date; "<Name>, born <numeric date>"
# does too. Encyclopaedia prose ("was born on November 20, 1942") does not, unless the writer says
# whose it is ("a bio for my dad: Alan Frye was born on …").
_DOB_LABEL = (
    r"(?:(?i:\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth[\s_-]*date|date_of_birth|my\s+birthday\s+is"
    r"|(?<!'s )(?<!’s )birthday\s*(?:is|:)|i\s+was\s+born(?:\s+on)?"
    r"|born\s+on(?=\s+\d{1,4}[-/.]\d)|n[ée]e?\s+le|date\s+de\s+naissance|fecha\s+de\s+nacimiento"
    r"|nacid[oa]\s+el|data\s+di\s+nascita|nat[oa]\s+il|geburtsdatum|geboren\s+am|geb\.))|生年月日|誕生日)"
)
# The look-ahead: a label's first letter at a word's start (or case-blind matching's two for "i"), or
# its first kanji; it turns away most positions before the label's branches are tried.
_DOB_LABELLED = re.compile(
    rf"(?=(?<!\w)[bBdDfFgGiImMnN\u0130\u0131]|[生誕]){_DOB_LABEL}[\"']?\s*(?:is\s+|は|:|：|=)?\s*[\"']?[:\-]?\s*[\"']?({_NUM_DATE}|{_PROSE_DATE})"
)
_DOB_NAMED = re.compile(
    rf"({_NAME})\s*(?:,|\(|\s+was)?\s*(?i:born)(?:\s+on)?\s*:?\s*({_NUM_DATE})(?![\d/.-])"
)
_DOB_NAMED_PROSE = re.compile(rf"({_NAME})\s+was\s+born\s+(?:on\s+)?({_PROSE_DATE})")
_WRITER = re.compile(r"\b(?:my|our|i|we)\b")
# HL7 v2 PID segment: field 5 is the patient's name (family^given^middle), field 7 the birth date.
_HL7_DATE = re.compile(r"(?:19|20)\d\d-?[01]\d-?[0-3]\d")


_MONEY = (
    r"(?:(?:[$£€¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|INR|JPY|SEK|NOK|DKK|NZD|SGD|HKD|Rs\.?|R\$)\s?)\d[\d,.]*"
    r"(?:\s?(?:[kKmM]\b|bn\b|million|thousand|grand|lakhs?|crores?|LPA))?"
    r"|\b\d[\d,.]*\s?(?:[kK]\s?)?(?:USD|EUR|GBP|CHF|CAD|AUD|INR|JPY|SEK|NOK|DKK|euros?|dollars?|bucks"
    r"|pounds?|quid|rupees|francs|yen|LPA)\b|\b\d[\d,.]*\d\s?(?:€|円|kr\.|kr\b)|\b\d{2,3}[kK]\b)"
)
_NAME2 = r"(?:[A-Z][a-z'’-]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+)"
_RELATION = (
    r"(?:wife|husband|partner|spouse|boyfriend|girlfriend|fianc[ée]e?|mom|mum|mother|dad|father|son|daughter"
    r"|brother|sister|friend|colleague|coworker|co-worker|boss|manager|neighbou?r|roommate|flatmate|tenant"
    r"|landlord|employee|assistant|nanny|cleaner|aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather"
    r"|niece|nephew|child|kid|baby|doctor|therapist|client|patient|student)"
)
# "my son Steven", "my wife, Lauren,": the relation's first name (and surname) may follow it.
_REL_NAME = r"(?:,?\s+(?-i:[A-Z][a-z'’-]+)(?:\s+(?-i:[A-Z][a-z'’-]+))?,?|,\s*\d{1,3},)?"
_IDENTIFIED = (
    r"(?i:\b(?:employee|staff(?:\s+member)?|worker|contractor|team\s+member|member|user|candidate|applicant"
    r"|intern)\s+(?:#\s?|no\.?\s?|number\s|id\s)?\d{2,10})"
)
_PAY_SUBJECT = (
    rf"(?P<subj>\b(?:I|I'm|I’m|We|we)\b|(?i:\bmy\s+(?:\w+\s+)?{_RELATION}){_REL_NAME}|{_IDENTIFIED}"
    rf"|(?i:\b(?:employee|colleague|coworker|manager|contractor|staffer|intern))\s+{_NAME2}|{_NAME2})"
)
# Where a subject can start: a capital (a name needs no word boundary) or a word's first letter, one of
# those its words open with (and the three characters case-blind matching takes for "i" or "s"). The
# regex engine tries a pattern at every position of a window; this look-ahead turns most of them away
# before the subject's branches are tried, each with its own `\b`.
_PAY_START = r"(?=[A-Z\u0130\u0131\u017f]|(?<!\w)[aceimostuw])"
_PAY_VERB = re.compile(
    rf"{_PAY_START}{_PAY_SUBJECT}\s+(?:(?:currently|now|only|still|just|actually|also|annually|roughly)\s+)?"
    r"(?:earns?|earned|earning|makes?|made|making|gets?\s+paid|got\s+paid|(?:is|was|am|are|'m)\s+paid"
    r"|takes?\s+home|took\s+home|brings?\s+(?:in|home)|gross(?:es)?|nets?|(?:am|is|was)\s+on|on"
    r"|pulls?\s+in|clears?)\s+(?:(?:about|around|roughly|almost|nearly|over|under|just|approximately|exactly"
    rf"|only|a\s+(?:base\s+)?(?:salary|wage)\s+of)\s+)*~?\s*(?P<money>{_MONEY})"
)
_PAY_NOUN = re.compile(
    rf"{_PAY_START}(?:{_PAY_SUBJECT}(?:'s|’s)|(?P<own>\b(?i:my|our))|(?P<subj2>{_IDENTIFIED}))\s+"
    r"(?:(?:current|annual|yearly|monthly|weekly|hourly|new|base|gross|net|total|starting|old|actual)\s+){0,2}"
    r"(?i:salary|pay|income|wage|wages|compensation|comp|package|take[- ]home(?:\s+pay)?|base(?:\s+pay)?|bonus"
    r"|earnings|hourly\s+rate|day\s+rate|rate|ctc|stipend|paycheck|paycheque|net\s+pay|gross\s+pay)"
    r"\s*(?:is|was|of|:|=|-|will\s+be|has\s+been|went\s+up\s+to|increased\s+to|is\s+now|comes\s+to|came\s+to)?"
    rf"\s*(?:(?:about|around|roughly|approximately|only|just)\s+)?~?\s*(?P<money>{_MONEY}|\d{{2,3}}(?:,\d{{3}})+|\d{{4,7}})"
)
# The same two without the "employee 4471" subject, for a text with none of its words: that branch
# (a case-blind `\b` and word list) is tried at every position of a window, and fails there. `(?!)`
# keeps the groups where they were. The words are looked up lower-cased, so not in a text with one
# of the four characters that case-blind matching also takes for an ASCII letter (İ ı ſ K).
_PAY_VERB_NO_ID = re.compile(_PAY_VERB.pattern.replace(_IDENTIFIED, "(?!)"))
_PAY_NOUN_NO_ID = re.compile(_PAY_NOUN.pattern.replace(_IDENTIFIED, "(?!)"))
_IDENTIFIED_WORDS = wordset(
    "employee staff worker contractor member user candidate applicant intern"
)  # "team member"
_PAY_WORDS = wordset(
    "earn earns earned earning earnings make makes made making paid pay pays salary income wage wages "
    "compensation comp package bonus rate stipend paycheck paycheque gross grosses nets ctc pulls brings clears "
    "take takes took"
)
# An amount within reach after a pay word: the salary patterns run only there. Only whether there is
# one counts: a currency sign and a digit, a number and a unit, a currency code and a digit, "40,000"
# or four digits. Its first character is a plain class (a digit, a sign, a code's first letter), so the
# regex engine skips ahead to candidates; led by an alternation, it tried every position of the window
# (about 4 µs a window). The look-behinds then say which branch that character opens.
_MONEY_NEAR = re.compile(
    r"[\d$£€¥₹UEGCAIR](?:(?<=\d)(?:(?:[\d,.]*\d)?\s?(?:[kK]\b|USD|EUR|GBP|CHF|CAD|AUD|INR|JPY|SEK|NOK|DKK|euro"
    r"|dollar|buck|pound|quid|rupee|franc|yen|LPA)|\d{1,2},\d{3}|\d{3})|(?<=[$£€¥₹])\s?\d"
    r"|(?:(?<=U)SD|(?<=E)UR|(?<=G)BP|(?<=C)HF|(?<=C)AD|(?<=A)UD|(?<=I)NR|(?<=R)s)\s?\d)"
)
_DIGIT = re.compile(r"\d")
_ON_MONEY = re.compile(r" on [$£€¥₹]?\d")
_GENERIC_PAY = re.compile(
    r"\b(?:average|median|mean|typical|typically|usually|entry[\s-]level|starting\s+salar|range|per\s+capita"
    r"|minimum\s+wage|national|how\s+much\s+do|how\s+much\s+does\s+an?|on\s+average|most\s+people)\b"
)


_COND = (
    r"(?:type\s*(?:1|2|i|ii|one|two)\s+diabetes|(?:gestational\s+)?diabetes|prediabetes"
    r"|(?:(?:breast|lung|prostate|colon|colorectal|skin|ovarian|cervical|pancreatic|brain|bone|blood|liver"
    r"|kidney|stomach|thyroid|testicular|bladder|throat|stage\s+\w+)\s+)?cancer|leuka?emia|lymphoma|melanoma"
    r"|(?:a\s+)?(?:brain\s+)?tumou?r|hiv(?:[\s-]positive|\+)?|aids|hepatitis(?:\s*[abc]\b)?|herpes|chlamydia"
    r"|gonorrh?o?ea|syphilis|an?\s+st[di]|st[di]s|(?:clinical\s+|major\s+|postpartum\s+|severe\s+|chronic\s+)?depression"
    r"|(?:generali[sz]ed\s+|social\s+|severe\s+)?anxiety(?:\s+disorder)?|panic\s+(?:attacks|disorder)"
    r"|bipolar(?:\s+(?:disorder|i|ii|1|2))?|schizophrenia|schizoaffective\s+disorder|ptsd|ocd|adhd|add|autism"
    r"|asperger'?s|dementia|alzheimer'?s|parkinson'?s|epilepsy|seizures|multiple\s+sclerosis|\bms\b|lupus"
    r"|crohn'?s(?:\s+disease)?|ulcerative\s+colitis|celiac(?:\s+disease)?|coeliac(?:\s+disease)?|hypertension"
    r"|high\s+blood\s+pressure|(?:a\s+)?heart\s+(?:attack|disease|failure|condition)|(?:a\s+)?stroke"
    r"|long\s+covid|covid(?:-19)?|tuberculosis|(?:an?\s+)?eating\s+disorder|anorexia|bulimia"
    r"|(?:(?:an?\s+)?(?:opioid|drug|alcohol|gambling)\s+)?addiction|alcoholism|suicidal\s+(?:thoughts|ideation)"
    r"|self[\s-]harm|(?:a\s+)?miscarriage|infertility|endometriosis|pcos|erectile\s+dysfunction"
    r"|sickle\s+cell(?:\s+(?:disease|anemia|anaemia))?|cystic\s+fibrosis|copd|asthma|(?:rheumatoid\s+)?arthritis"
    r"|fibromyalgia|migraines|hypothyroidism|hyperthyroidism|hashimoto'?s|(?:chronic\s+)?kidney\s+(?:disease|failure)"
    r"|liver\s+(?:disease|failure)|cirrhosis|insomnia|sleep\s+apnea|psoriasis|eczema|glaucoma|osteoporosis"
    r"|an?\s+(?:ulcer|hernia|concussion|infection)|pneumonia|sepsis|(?:a\s+)?(?:broken|fractured)\s+\w+"
    r"|obsessive[\s-]compulsive\s+disorder|(?:major\s+)?depressive\s+disorder|(?:herniated|slipped|bulging)\s+disc"
    r"|(?:alcohol|substance|opioid|drug|cannabis|stimulant)\s+use\s+disorder|irritable\s+bowel\s+syndrome|ibs"
    r"|(?:non-)?hodgkin(?:'?s)?\s+lymphoma|hiv)"
)
# A condition with its trailing "disease"/"disorder" and a short note in brackets: "Crohn's disease",
# "bipolar II disorder", "chronic kidney disease (stage 3)", "a herniated disc (L4-L5)".
_COND_FULL = (
    rf"(?:{_COND}|(?:(?!(?:with|and|or|of|the|an?|who|has|have|is|was|for|to|in|on|at|my|his|her|their|this|that)\s)"
    r"[a-z][a-z'’-]+\s+){1,3}(?:disease|disorder|syndrome|deficiency|defect|palsy|dystrophy))"
    r"(?:\s+(?:disease|disorder|syndrome))?(?:\s*\([^()\n]{1,24}\))?"
)
_STATE = (
    r"(?:pregnant|diabetic|pre-?diabetic|bipolar|depressed|suicidal|anorexic|bulimic|epileptic|asthmatic|autistic"
    r"|hiv[\s-]?positive|hiv\+|in\s+remission|in\s+rehab|on\s+dialysis|on\s+chemo(?:therapy)?|terminally\s+ill"
    r"|immunocompromised|infertile|schizophrenic|an?\s+alcoholic|an?\s+addict|in\s+recovery|sober)"
)
_TREAT = (
    r"(?:chemo(?:therapy)?|radiation(?:\s+therapy)?|radiotherapy|dialysis|diagnosis|prognosis|biopsy"
    r"|(?:blood|lab|test|mri|ct|scan|pathology|biopsy|hiv|std|sti|pregnancy)\s+(?:test\s+)?results?|hiv\s+status"
    r"|medication|meds|prescriptions?|surgery|transplant|treatment|therapy|therapist|psychiatrist|oncologist"
    r"|insulin|antidepressants|rehab|ivf|mastectomy|viral\s+load|cd4\s+count|a1c|blood\s+sugar|cancer"
    r"|pregnancy|miscarriage|due\s+date|condition|illness|disorder|symptoms)"
)
_DRUG = (
    r"(?:fluoxetine|prozac|sertraline|zoloft|citalopram|celexa|escitalopram|lexapro|paroxetine|paxil|venlafaxine"
    r"|effexor|duloxetine|cymbalta|bupropion|wellbutrin|mirtazapine|trazodone|lithium|lamotrigine|lamictal"
    r"|quetiapine|seroquel|olanzapine|zyprexa|risperidone|risperdal|aripiprazole|abilify|clozapine|haloperidol"
    r"|diazepam|valium|alprazolam|xanax|lorazepam|ativan|clonazepam|klonopin|adderall|ritalin|methylphenidate"
    r"|vyvanse|concerta|strattera|metformin|insulin|ozempic|semaglutide|wegovy|mounjaro|tirzepatide|lisinopril"
    r"|amlodipine|losartan|atorvastatin|lipitor|simvastatin|levothyroxine|synthroid|warfarin|eliquis|apixaban"
    r"|xarelto|prednisone|methotrexate|humira|truvada|descovy|biktarvy|prep|methadone|suboxone|buprenorphine"
    r"|naltrexone|oxycodone|hydrocodone|tramadol|gabapentin|pregabalin|lyrica|sumatriptan|propranolol"
    r"|spironolactone|finasteride|testosterone|estradiol|tamoxifen|letrozole|herceptin|keytruda|antidepressants"
    r"|birth\s+control|the\s+pill|antibiotics|steroids|chemo(?:therapy)?)"
)
# Generic drug names by their stems: adalimumab, imatinib, ramipril, bisoprolol, omeprazole, ...
_MED_SUFFIX = (
    r"(?:[a-z]{3,}(?:mab|tinib|pril|olol|sartan|statin|prazole|oxetine|setron|tidine|azepam|azolam|triptan|lukast"
    r"|afil|parin|xaban|gliptin|gliflozin|formin|glutide|cillin|mycin|cycline|floxacin|orphine|trexone|dronate"
    r"|olone|isone|azine|apine|idone|semide|thiazide|tropin|vudine|navir|tegravir|ciclovir|zumab|ximab))"
)
_DOSE = r"\d+(?:\.\d+)?\s?(?:mg|mcg|µg|μg|ml|units|iu)\b"
_MODIFIERS = (
    r"(?:(?:a|an|the|mild|moderate|severe|chronic|acute|stage\s+\w+|early[\s-]stage|late[\s-]stage|terminal|advanced"
    r"|aggressive|rare|clinical|major|postpartum|generali[sz]ed|bad|really\s+bad|serious|form\s+of|type\s+of"
    r"|case\s+of|bout\s+of)\s+)*"
)
# The writer, or someone the writer or a third person is related to. Not bare "he"/"she", which
# in encyclopaedia and plot summaries ("she was diagnosed with…") is about public or fictional people.
_PERSON = rf"(?:i|we|(?:(?:my|our)\s+(?:\w+\s+)?|his\s+|her\s+){_RELATION}{_REL_NAME})"
# Each health pattern opens with a word ("i", "my", "his" …): a look-ahead for its first
# letter at a word's start (and the two characters case-blind matching takes for "i") turns away most
# positions of a window before the pattern's branches are tried, each with its own `\b`.
_H_HAVE = re.compile(
    rf"(?=(?<!\w)[hHiImMoOwW\u0130\u0131])(?i:\b{_PERSON}\s+(?:(?:also|still|now|recently|just|already|was|were|been|have|has|had|may|might|probably)\s+)*"
    r"(?:have|has|had|'ve\s+got|got|caught|contracted|suffer(?:s|ed)?\s+from|suffering\s+from|live[sd]?\s+with"
    r"|living\s+with|tested\s+positive\s+for|(?:am|'m|is|was)\s+being\s+treated\s+for|struggl(?:e|es|ed|ing)\s+with"
    r"|battl(?:e|es|ed|ing)|(?:am|'m|is|was)\s+recovering\s+from|recovered\s+from|beat|survived"
    r"|(?:was|were|been|got|am|'m|is|are|just|recently|newly)\s+diagnosed\s+with|diagnosed\s+with)\s+"
    rf"(?P<what>{_MODIFIERS}(?:[a-z]{{4,}}\s+(?={_COND}))?{_COND_FULL}(?:\s*(?:,|and|&|,\s*and)\s+{_MODIFIERS}{_COND_FULL})*))(?![\w-])"
)
_H_STATE = re.compile(
    rf"(?=(?<!\w)[iImMoOwW\u0130\u0131])(?i:\b(?:i'm|i’m|i\s+am|i\s+was|we're|we\s+are"
    rf"|(?:my|our)\s+(?:\w+\s+)?{_RELATION}\s+(?:is|was|'s))\s+(?:(?:also|still|now|currently|recently|just|already"
    r"|severely|clinically|very|a\s+bit|newly|\d+\s+(?:weeks?|months?)|weeks?|months?)\s+)*"
    rf"(?P<what>{_STATE}))(?![\w-])"
)
_H_DIAGNOSED = re.compile(
    rf"(?i:\bdiagnosed\s+(?:with|as\s+having)\s+(?P<what>{_MODIFIERS}(?:{_COND_FULL}|[a-z][\w'-]*(?:\s+[a-z][\w'-]*){{0,3}}?"
    r"(?:\s*\([^()\n]{1,24}\))?))"
    r"(?=\s*(?:[.,;:!?)]|\band\b|\bbut\b|\blast\b|\bthis\b|\bin\b|\bat\b|\bwhen\b|$)))"
)
# Whose diagnosis: the writer's, a relative's, a patient's; not a character's in a plot summary.
_DIAGNOSED_WHO = re.compile(rf"\b(?:i|i'm|i've|me|my|we|our)\b|\b(?:his|her|their)\s+{_RELATION}\b|patient")
_THIRD_PERSON_VAGUE = re.compile(rf"{_COND}|condition|illness|disorder|symptoms|treatment|therapy|the\s+pill")
_H_OWN = re.compile(
    rf"(?=(?<!\w)[hHmMoOtT])(?i:\b(?P<own>my|our|his|her|their)\s+(?:(?:recent|latest|new|last|next|upcoming|daily|current|first"
    r"|second|third|weekly|monthly|ongoing|mental\s+health|\w+(?:'s|’s))\s+)?"
    rf"(?P<what>{_TREAT}|{_COND}(?:\s+(?:relapse|flare(?:-up)?|attack|episode|diagnosis|symptoms))?|{_DRUG}))(?![\w-])"
)
_H_MEDICATION = re.compile(
    rf"(?=(?<!\w)[iImMoOwW\u0130\u0131])(?i:\b(?:i'm|i’m|i\s+am|i've|i’ve|i|we|we're|(?:my|our)\s+(?:\w+\s+)?{_RELATION}{_REL_NAME})\s+"
    r"(?:(?:also|still|now|currently|already|just|was|been|have\s+been|'ve\s+been|has\s+been|recently|is|'s)\s+)*"
    r"(?:on|taking|take|takes|took|prescribed|started|starting|using)\s+"
    rf"(?P<what>(?:(?:{_DOSE}\s+(?:of\s+)?)?(?:{_DRUG}|{_MED_SUFFIX})(?:\s+{_DOSE})?|{_DOSE}\s+(?:of\s+)?[a-z]{{4,}})"
    rf"(?:\s+(?:daily|a\s+day|twice\s+a\s+day))?(?:\s+(?:for|to\s+treat|to\s+manage)\s+(?:my\s+|his\s+|her\s+|an?\s+)?"
    rf"(?:{_COND_FULL}|[a-z]{{4,}}))?))(?![\w-])"
)
_H_PATIENT = re.compile(
    rf"(?i:\bpatient)\s+(?P<name>{_NAME2}|[A-Z][a-z]+)\s*(?:[,:(-]|\s+is|\s+has|\s+was)?\s*"
    rf"(?:(?:[a-z]+\s+){{0,3}}?)(?P<what>(?i:{_COND}|{_STATE}|positive\s+for\s+\w+))(?![\w-])"
)
# A name not inside a word: its capital first, then `(?<![\w].)` for the `\b` before it (led by a
# class, the scan skips to capitals; led by a look-behind, it is tried at every position).
_NAME2_ALONE = _NAME2.replace("(?:[A-Z]", r"(?:[A-Z](?<![\w].)", 1)
_H_NAMED_STATE = re.compile(rf"{_NAME2_ALONE}\s*[,(:-]\s*(?P<what>(?i:{_STATE}))(?![\w-])")
# The words of `_STATE` as the word set has them ("hiv-positive" is "hiv" and "positive").
_HEALTH_STATE_WORDS = wordset(
    "pregnant diabetic prediabetic bipolar depressed suicidal anorexic bulimic epileptic asthmatic autistic hiv "
    "hivpositive remission rehab dialysis chemo chemotherapy ill immunocompromised infertile schizophrenic "
    "alcoholic addict recovery sober"
)
_HEALTH_WORDS = wordset("""
    diabetes prediabetes cancer leukemia leukaemia lymphoma melanoma tumor tumour tumors tumours hiv aids hepatitis
    herpes chlamydia gonorrhea gonorrhoea syphilis std sti stds stis depression anxiety panic bipolar schizophrenia
    schizoaffective ptsd ocd adhd add autism asperger aspergers dementia alzheimer parkinson epilepsy seizures
    sclerosis ms lupus crohn colitis celiac coeliac hypertension pressure heart stroke covid tuberculosis eating
    anorexia bulimia addiction alcoholism suicidal harm miscarriage infertility endometriosis pcos erectile sickle
    cystic copd asthma arthritis fibromyalgia migraines hypothyroidism hyperthyroidism hashimoto kidney liver
    cirrhosis insomnia apnea psoriasis eczema glaucoma osteoporosis ulcer hernia concussion infection pneumonia
    sepsis broken fractured pregnant diabetic prediabetic depressed anorexic bulimic epileptic asthmatic autistic
    positive remission rehab dialysis chemo chemotherapy ill immunocompromised infertile schizophrenic alcoholic
    addict recovery sober radiation radiotherapy diagnosis diagnosed prognosis biopsy results result status
    medication meds prescription prescriptions prescribed surgery transplant treatment therapy therapist
    psychiatrist oncologist insulin antidepressants ivf mastectomy viral cd sugar pregnancy due condition illness
    disorder symptoms mg mcg ml units iu patient fluoxetine prozac sertraline zoloft citalopram celexa
    escitalopram lexapro paroxetine paxil venlafaxine effexor duloxetine cymbalta bupropion wellbutrin mirtazapine
    trazodone lithium lamotrigine lamictal quetiapine seroquel olanzapine zyprexa risperidone risperdal
    aripiprazole abilify clozapine haloperidol diazepam valium alprazolam xanax lorazepam ativan clonazepam
    klonopin adderall ritalin methylphenidate vyvanse concerta strattera metformin ozempic semaglutide wegovy
    mounjaro tirzepatide lisinopril amlodipine losartan atorvastatin lipitor simvastatin levothyroxine synthroid
    warfarin eliquis apixaban xarelto prednisone methotrexate humira truvada descovy biktarvy prep methadone
    suboxone buprenorphine naltrexone oxycodone hydrocodone tramadol gabapentin pregabalin lyrica sumatriptan
    propranolol spironolactone finasteride testosterone estradiol tamoxifen letrozole herceptin keytruda
    antibiotics steroids pill control relapse flare disease syndrome deficiency defect palsy dystrophy
    """)
# Words that also mean other things ("results", "status", "condition"): anchors only in a text that
# says "my" or "our".
_HEALTH_WEAK = wordset(
    "positive results result status due control pressure heart ms ml units iu add ill broken fractured eating "
    "harm infection stroke sugar recovery sober cd pill prep condition illness disorder symptoms treatment "
    "pregnancy patient disease syndrome deficiency defect palsy dystrophy"
)
# Whose health: the writer, the writer's or someone's relative, a patient.
_HEALTH_SUBJECTS = wordset("i im my our we patient his her")
_GENERIC_HEALTH = re.compile(
    r"\b(?:people|someone|somebody|a\s+person|anyone|patients|children|adults|individuals|those|if\s+you"
    r"|one's|a\s+patient|a\s+man|a\s+woman|a\s+child|typical|typically|generally|character|protagonist"
    r"|story|novel|fictional|poem)\b"
)


_U = "A-ZÀ-ÖØ-Þ"
_CAPW = rf"(?:[{_U}][\w'’.-]*|\d{{1,3}}(?:st|nd|rd|th))"
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Parkway|Pkwy|Way"
    r"|Terrace|Ter|Terr|Circle|Cir|Highway|Hwy|Square|Sq|Close|Crescent|Cres|Gardens|Gdns|Grove|Mews|Row|Walk"
    r"|Hill|Trail|Trl|Plaza|Alley|Loop|Path|Pike|Crossing|Embankment|Parade|Green|Rise|Wharf|Quay|Heights)"
)
_UNIT = r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Flat|Floor|Fl|Room|Rm|Bldg|Building)\.?\s*#?\s*[A-Za-z0-9-]{1,6}|,?\s*#\s?\d{1,5}[A-Za-z]?)"
_UNIT_BEFORE = r"(?:(?:Flat|Apt|Apartment|Unit|Suite)\.?\s+[A-Za-z0-9-]{1,5},?\s+)"
_US_STATES = wordset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP PW FM MH AA AE AP"
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}"
_STREET_ADDRESS = re.compile(
    rf"(?P<pre>{_UNIT_BEFORE})?(?<![\w.,/-])(?P<num>\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,4}}[A-Za-z]?)?)\s+"
    rf"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?(?:(?:{_CAPW}\s+){{1,3}}{_SUFFIX}\b\.?|Broadway\b)"
    r"(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b\.?)?"
    rf"(?P<unit>{_UNIT})?"
    r"(?:(?P<us>,?\s+(?:[A-Z][a-z]+\.?\s+){0,3}[A-Z][a-z]+,?\s+(?P<state>[A-Z]{2})\s+\d{5}(?:-\d{4})?\b)"
    rf"|(?P<uk>,?\s+(?:(?:[A-Z][a-z]+[\s-]){{0,2}}[A-Z][a-z]+,?\s+)?{_UK_POSTCODE}\b))?"
)
_DE_ADDRESS = re.compile(
    rf"(?<![\w])(?:[{_U}][a-zäöüß]+(?:-[{_U}]?[a-zäöüß]+)*(?:stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm"
    rf"|ufer|chaussee|steig|pfad|markt)|(?:[{_U}][a-zäöüß]+[-\s]){{1,3}}(?:Stra(?:ß|ss)e|Str\.|Weg|Platz|Allee"
    r"|Gasse|Ring|Damm|Ufer|Chaussee|Markt))\s+\d{1,4}(?:[ \t]?[a-zA-Z]\b)?(?:[-/]\d{1,4})?\b"
    rf"(?P<full>,?\s+(?P<plz>\d{{5}})\s+[{_U}][a-zäöüß]+(?:[-\s][{_U}][a-zäöüß]+)*)?"
)
_FR_ADDRESS = re.compile(
    r"(?<![\w.,/-])\d{1,4}(?:\s?(?:bis|ter)\b)?,?\s+(?i:rue|av\.|avenue|boulevard|bd|place|all[ée]e|impasse|chemin"
    r"|quai|route|cours|passage|square|voie|r[ée]sidence|faubourg|rond-point|sentier|villa|cit[ée])\s+"
    rf"(?:(?:de\s+la|de\s+l'|de|du|des|la|le|les|l'|d'|saint|sainte)\s*)*[{_U}][\w'’-]*"
    rf"(?:[ \t-](?:(?:de\s+la|de|du|des|la|le)\s+|l'|d')?[{_U}][\w'’-]*){{0,4}}"
    rf"(?P<full>,?\s+\d{{5}}\s+[{_U}][\w'’-]*(?:[\s-][{_U}][\w'’-]*){{0,3}})?"
)
_JP_ROMAN = re.compile(
    r"(?<![\w-])\d{1,4}(?:-\d{1,4}){1,3},?\s+(?:[A-Z][a-z]+(?:[- ][A-Za-z]+)*,\s*)?"
    r"[A-Z][a-z]+-(?:ku|shi|cho|machi|gun|mura)\b(?P<full>,?\s*(?:[A-Z][a-z]+(?:-(?:to|fu|ken|do))?,?\s*)?"
    r"(?:\d{3}-\d{4})?)"
)
_JP_POSTAL = re.compile(r"〒\s?\d{3}-?\d{4}(?:[ \t]*[^\s、。,.!?]{2,40})?")
_JP_KANJI = re.compile(
    r"(?:東京都|北海道|大阪府|京都府|[\u4e00-\u9fff]{2,3}県)[\u4e00-\u9fff\u3040-\u30ff]{1,15}?[市区町村郡]"
    r"[\u4e00-\u9fff\u3040-\u30ff]{0,12}?\d{1,4}(?:(?:-|丁目|番地?|号|の)\d{1,4}){0,3}[号番]?"
)
# Where an address can start, in one pass that skips from digit to digit: a number and a street
# with its suffix (US/UK), a postcode and town (DE/FR), a number and "rue …", a Japanese postcode
# or block number, or any number and capitalised word (only used after "I live at" and the like).
_ADDRESS_HINT_REST = (
    r"(?:(?P<street>[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?[ \t]+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?"
    rf"[ \t]+)?(?:(?:{_CAPW}[ \t]+){{1,3}}{_SUFFIX}\b|Broadway\b))|(?P<town>(?=\d{{4}}[ \t]+[{_U}]))"
    r"|(?P<fr>(?:[ \t]?(?:bis|ter))?,?[ \t]+(?i:rue|av\.|avenue|boulevard|bd|place|all[ée]e|impasse|chemin|quai"
    r"|route|cours|passage|square)\b)|(?P<jp>\d\d-\d{4}|-\d{1,4},?\s+[A-Z])|(?P<loose>[A-Za-z]?,?[ \t]+[A-Z]))"
)
# What can follow the number in each family: a letter (street, loose, fr's "bis"), "-" or "/" and a
# digit (street, jp's "-1,"), four digits and a space (town), two and a dash (jp), or spaces (after a
# comma for fr and loose) and then what opens a street's name or a French street word: not a
# lower-case letter, unless it begins "rue", "av", "bd", "place", "quai" … or "bis", "ter". The look
# ahead turns away most digits of a text (inside numbers, before ".", ")", a line break or "15 foot")
# before the five families are tried in turn. `[ \t]++` is possessive: the letter checked is the
# one after all the spaces, as in every family.
_ADDRESS_NEXT = (
    r"(?=[A-Za-z]|,?[ \t]++(?:[^a-z\s]|r[uUoO]|a[vVlL]|b[oOdDi]|p[lLaA]|i[mM]|c[hHoO]|q[uU]|s[qQ]|te)"
    r"|[-/]\d|\d{4}[ \t]|\d\d-)"
)
_ADDRESS_HINT = re.compile(r"\d" + _ADDRESS_NEXT + _ADDRESS_HINT_REST)
# The same on the text with its digits written "0" (see `_zeroed`), where it has no digits but 0-9;
# its look ahead asks for "0" too, a plain character compare instead of a digit's category.
_ADDRESS_HINT_ZERO = re.compile("0" + _ADDRESS_NEXT.replace(r"\d", "0") + _ADDRESS_HINT_REST)
_ADDRESS_WORDS = wordset("live lives living reside resides address ship deliver staying moved")
# Every phrase opens a word: the look-ahead turns away the positions inside words before the
# phrases' branches are tried, each with its own `\b` (and case-blind matching's İ ı ſ).
_ADDRESS_CONTEXT = re.compile(
    r"(?=(?<!\w)[A-Za-z\u0130\u0131\u017f])(?i:\b(?:i|we)\s+(?:now\s+|currently\s+|still\s+|just\s+)?(?:live|lived|reside|stay|am\s+staying"
    r"|'m\s+staying|moved|have\s+moved)(?:\s+(?:at|on|in|to))?"
    r"|\b(?:he|she|they)\s+(?:now\s+|currently\s+|still\s+)?(?:lives?|resides?|is\s+staying)(?:\s+(?:at|on|in))?"
    r"|\b(?:my|our|your)\s+(?:new\s+|old\s+|current\s+|home\s+|work\s+|billing\s+|shipping\s+"
    r"|mailing\s+|postal\s+|delivery\s+|street\s+|full\s+|permanent\s+)?(?:address|home|house|flat|apartment"
    r"|place|postcode|post\s+code|zip(?:\s*code)?)(?:\s+(?:is|was|:))?(?:\s+(?:at|on))?"
    r"|\b(?:his|her|their)\s+(?:new\s+|current\s+|home\s+|full\s+)?address(?:\s+(?:is|:))?"
    r"|\b(?:ship|deliver|send|mail|post|forward|bring|return)\s+(?:it|them|this|that|everything|the\s+\w+"
    r"|my\s+\w+|all\s+\w+)?\s*to|\b(?:home|billing|shipping|mailing|postal|delivery|street|residential|return"
    r"|forwarding)\s+address(?:\s+(?:is|was|:))?|\baddress\s*[:=]|\bi'?m\s+at|\bi\s+am\s+at"
    r"|\b(?:find|visit|meet)\s+(?:me|us)\s+at|\bcome\s+(?:over\s+)?to|\bpick\s+(?:me|us)\s+up\s+(?:from|at))"
    r"[ \t]*:?[ \t]*\n?[ \t]*"
)
# The same, case-sensitive, for `lower` (where it runs): the alternatives of a case-blind pattern are
# each entered at every position, those of a case-sensitive one turned away at their first letter
# (about twice as fast). `lower` has no capitals, so the two find the same unless it holds one of the
# characters case-blind matching also takes for an ASCII letter (İ ı ſ; see `_context`).
_ADDRESS_CONTEXT_LOWER = re.compile(_ADDRESS_CONTEXT.pattern.replace("(?i:", "(?:"))
_LOOSE_ADDRESS = re.compile(
    rf"{_UNIT_BEFORE}?\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,4}}[A-Za-z]?)*,?[ \t]+"
    r"(?:(?i:rue|avenue|av\.|boulevard|bd|place|all[ée]e|impasse|chemin|quai|route|cours)\s+"
    r"(?:(?:de|du|des|la|le|les|l'|d')\s*)*)?"
    rf"[{_U}][\w'’.-]*(?:[ \t]+(?:[{_U}0-9][\w'’.-]*|de|du|des|la|le|of|the|on|upon)){{0,5}}"
    rf"{_UNIT}?(?:,[ \t]*[{_U}0-9][\w'’.-]*(?:[ \t]+[{_U}0-9][\w'’.-]*){{0,4}}){{0,4}}"
)
# Addresses found from their end: a US "ST 12345" or a UK postcode closes the address, so the
# street needs no known suffix ("6000 Wiley Bridge, Lake Ashleyview, RI 12114", "Flat 3, Allan
# Viaduct, Port Gail G9 6ZN", one part a line as on an envelope).
_WORD = rf"[{_U}][a-zß-öø-ÿ'’-]+"
_END_ANCHOR = re.compile(rf"(?=[A-Z])\b(?:(?P<st>[A-Z]{{2}})[ \t]+\d{{5}}(?:-\d{{4}})?|{_UK_POSTCODE})\b")
_LINE_OR_COMMA = r"(?:,[ \t]*\n?[ \t]*|[ \t]*\n[ \t]*)"
_STREET_START = (
    rf"(?:(?P<pre>(?:Flat|Studio|Apt|Apartment|Unit|Suite|Room)\.?[ \t]+[A-Za-z0-9-]{{1,5}}{_LINE_OR_COMMA})"
    rf"(?:\d{{1,5}}[A-Za-z]?,?[ \t]+)?|(?<![\w.,/-])\d{{1,6}}[A-Za-z]?,?[ \t]+)"
    rf"(?:(?:N|S|E|W|NE|NW|SE|SW)\.?[ \t]+)?(?:{_WORD}[ \t]+){{0,3}}{_WORD}\.?"
)
_US_ENDED = re.compile(
    rf"{_STREET_START}(?P<unit>{_UNIT})?{_LINE_OR_COMMA}(?:{_WORD}\.?[ \t]+){{0,3}}{_WORD},?[ \t]+"
    r"(?P<state>[A-Z]{2})[ \t]+\d{5}(?:-\d{4})?\b"
)
_UK_ENDED = re.compile(
    rf"{_STREET_START}(?P<unit>{_UNIT})?{_LINE_OR_COMMA}(?:(?:{_WORD}[ \t-]+){{0,3}}{_WORD}"
    rf"(?:,[ \t]*|[ \t]+|[ \t]*\n[ \t]*))?{_UK_POSTCODE}\b"
)
# Spain: "Calle de Alcalá, 42, 3º B, 28014 Madrid"; Italy: "Via Roma 12, 20121 Milano (MI)".
_ES_ADDRESS = re.compile(
    r"(?<![\w])(?:Calle|C/|C\.|Avenida|Avda\.?|Av\.|Paseo|Plaza|Pza\.|Camino|Alameda|Acceso|Ronda|Travesía"
    r"|Carretera|Ctra\.|Glorieta|Vía|Callejón|Pasaje|Rambla|Urbanización|Cuesta|Cañada|Carrera|Polígono"
    r"|Paraje|Senda|Vereda|Bajada|Subida|Plazuela|Calleja|Partida|Sector)\s+"
    rf"(?:(?:de|del|de\s+la|de\s+los|de\s+las)\s+)?(?:(?:{_WORD}|de|del|la|y)\s+){{0,5}}?{_WORD},?\s+"
    rf"(?:\d{{1,4}}|s/n)(?:,?\s*\d{{1,2}}\s?[ºªo°]\s*[A-Z]?|,?\s*(?:bajo|piso|puerta)\s*\w{{0,3}})?,?\s+\d{{5}}"
    rf"\s+{_WORD}(?:[ \t-](?:de\s+|del\s+|la\s+)?{_WORD}){{0,3}}"
)
_ES_IT_STREETS = wordset(
    "calle c avenida avda av paseo plaza pza camino alameda acceso ronda traves carretera ctra glorieta callej pasaje "
    "rambla urbanizaci cuesta ca carrera pol paraje senda vereda bajada subida plazuela calleja partida sector v via "
    "viale piazza piazzale corso vicolo largo strada contrada borgo rotonda stretto incrocio canale lungomare vico "
    "salita galleria traversa rione contr"
)
_IT_ADDRESS = re.compile(
    r"(?<![\w])(?:Via|Viale|Piazza|Piazzale|Corso|Vicolo|Largo|Strada|Contrada|Borgo|Rotonda|Stretto|Incrocio"
    r"|Canale|Lungomare|Vico|Salita|Galleria|Traversa|Rione|Calle|Contrà)\s+"
    rf"(?:(?:{_WORD}|del|della|dei|degli|delle|di|de|da|d'|dell')\s*){{0,5}}?{_WORD}\s+\d{{1,4}}[A-Za-z]?"
    rf"(?:/[A-Za-z0-9]{{1,3}})?,?\s+\d{{5}}\s+(?:{_WORD}|[A-Z][\w'’-]*)(?:[ \t-](?:[\w'’-]+)){{0,3}}?"
    r"(?:[ \t]*\([A-Z]{2}\)|(?=[ \t]*(?:[.,;:!?\n]|$)))"
)
_POSTCODE_ONLY = re.compile(rf"(?:{_UK_POSTCODE}|\d{{5}}(?:-\d{{4}})?|\d{{3}}-\d{{4}})(?![\w-])")
_FAKE = re.compile(
    r"\b(?:fake|example|examples|sample|anytown|anyville|anycity|anystate|anyplace|anywhere|nowhere|placeholder"
    r"|dummy|fictional|fictitious|made[\s-]up|imaginary|foo|lorem|e\.g\.|such\s+as|format(?!\s+(?:this|these|it|my|the\s+following))|formatted|template)\b"
)
_LANDMARKS = (
    "1600 pennsylvania", "10 downing", "221b baker", "350 fifth", "350 5th", "1 infinite loop", "1 apple park",
    "4 privet", "742 evergreen", "30 rockefeller", "11 wall st", "1 hacker way", "405 lexington",
    "20 w 34th", "1 microsoft way", "3 abbey road",
)  # fmt: skip
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|me|my|we|our|us)\b")


# Every byte of an ASCII digit becomes "0"; UTF-8 writes no other character with such a byte.
_ZERO_DIGITS = bytes(48 if 48 <= c <= 57 else c for c in range(256))


def _zeroed(text: str) -> str | None:
    """`text` with every digit written "0", at the same offsets; None where it has digits other than 0-9.

    A pattern led by a class ("[0-9]", "[A-Z]") makes the regex engine test every position of the
    text against it, about 5 ns each: 20 µs over 4,000 characters. Led by one character, "0", the
    engine skips ahead to it several times faster, and on this copy "0" stands for every digit."""
    if other_digits(text):
        return None
    return text.encode("utf-8", "surrogatepass").translate(_ZERO_DIGITS).decode("utf-8", "surrogatepass")


def scan_personal(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    zeroed = _zeroed(text)
    _emails(text, lower, words, found)
    _labelled(text, lower, words, found, zeroed)
    if not words.isdisjoint(_PAY_WORDS) or (
        "on" in words and ("m" in words or "am" in words or "is" in words)
    ):
        _salary(text, lower, words, found, zeroed)
    if not words.isdisjoint(_HEALTH_WORDS) and not words.isdisjoint(_HEALTH_SUBJECTS):
        _health(text, lower, words, found)
    _addresses(text, lower, words, found, zeroed)
    _widened(text, lower, words, found, zeroed)


def _emails(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "@" in text:
        for lo, hi in windows(text, ("@",), 64, 256):
            for m in _EMAIL.finditer(text, lo, hi):
                local, domain = m.group(1), m.group(2).lower()
                if local == "git" and domain.split(".")[0] in ("github", "gitlab", "bitbucket"):
                    continue  # an SSH remote, not a mailbox
                if local.lower() in _GENERIC_LOCALS and domain in _RESERVED_DOMAINS:
                    continue  # name@example.com: a form's sample, nobody's mailbox
                head = text[max(0, m.start() - 200) : m.start()].rsplit(None, 1)
                if head and "://" in head[-1] and "mailto" not in head[-1]:
                    continue  # scheme://user:pass@host, ssh://deploy@host: a login, not a mailbox
                found.append(Finding("email", m.start(), m.end(), "email"))
    if "at" not in words:
        return
    # The needles first: without one there are no windows, and the bracket test (a search for "at",
    # in most texts dozens of times) need not run.
    needles = present(lower, _OBF_NEEDLES)
    spans = (
        windows(lower, needles, 80, 80)
        if needles and ("dot" in words or (_BRACKETED_AT_END.search(lower) and _BRACKETED_AT.search(lower)))
        else []
    )
    spans.extend((max(0, m.start() - 64), m.end() + 8) for m in _AT_DOMAIN.finditer(lower))
    for lo, hi in merge(spans):
        for m in _OBF_EMAIL.finditer(text, lo, hi):
            at, local = m.group("at"), m.group("local")
            spelled = at.strip().lower() == "at"
            if spelled and local.lower() in _NOT_MAILBOXES:
                continue
            obfuscated_dot = re.search(r"(?i:dot)", m.group(0)) is not None
            if spelled and not obfuscated_dot and not re.search(r"[._\d]", local):
                continue  # "work at google.com": a workplace, not a mailbox
            found.append(Finding("email", m.start(), m.end(), "email_obfuscated"))
    if not words.isdisjoint(_PROVIDERS) and _AT_PROVIDER_GATE.search(lower):
        for m in _AT_PROVIDER.finditer(lower):
            local = m.group(1)
            if local in _NOT_MAILBOXES or not (
                re.search(r"[._\d]", local) or "mail" in lower[max(0, m.start() - 40) : m.start()]
            ):
                continue  # "works at google", "me at gmail": a place or a pronoun, not a mailbox
            found.append(Finding("email", m.start(), m.end(), "email_provider"))


def _labelled(text: str, lower: str, words: frozenset[str], found: list[Finding], zeroed: str | None) -> None:
    def having(*needles: str) -> tuple[str, ...]:
        return tuple(n for n in needles if n in words)

    cjk = _CJK.search(non_ascii(text)) is not None  # kana, kanji, hangul: labels without spaces

    # The label's own words are the needles ("reisepassnummer" anchors a window as well as "reisepass").
    passport_needles = tuple(words & _PASSPORT_WORDS) + (
        ("pass",) if "pass" in words and "nr" in words else ()
    )
    passport_needles += present(text, _PASSPORT_NEEDLES[-4:]) if cjk else ()
    if passport_needles:
        for lo, hi in windows(lower, passport_needles, 1, 60):
            for m in _PASSPORT.finditer(text, lo, hi):
                value = m.group(1)
                digits = sum(c.isdigit() for c in value)
                # Most passports carry 4+ digits; German ones (C01X00T47) may have one: 8-9 characters then.
                if digits >= 4 or (digits >= 1 and len(value) >= 8 and not value.isalpha()):
                    found.append(Finding("passport", m.start(1), m.end(1), "passport"))
    if "mrn" in words or "medical" in words:
        for lo, hi in windows(lower, present(lower, ("mrn", "medical record")), 1, 80):
            found.extend(
                Finding("medical_record", m.start(1), m.end(1), "mrn") for m in _MRN.finditer(text, lo, hi)
            )
    needles = having(
        "dob",
        "birth",
        "born",
        "birthday",
        "birthdate",
        "nee",
        "naissance",
        "nacimiento",
        "nacido",
        "nacida",
        "nascita",
        "nato",
        "nata",
        "geburtsdatum",
        "geboren",
        "geb",
    )
    if "d" in words and "b" in words and "d.o.b" in lower:
        needles += ("d.o.b",)
    if not text.isascii():
        if "le" in words:
            needles += present(lower, ("né le", "née le"))
        if "生" in text or "誕" in text:
            needles += present(lower, ("生年月日", "誕生日"))
    for lo, hi in windows(lower, needles, 60, 60):
        for m in _DOB_LABELLED.finditer(text, lo, hi):
            found.append(Finding("date_of_birth", m.start(1), m.end(1), "dob_labelled"))
        # Both name patterns hold "born" (case-blind in the first, but none of its letters has
        # another character that folds to it): a window without it in `lower` is not searched.
        if lower.find("born", lo, hi) < 0:
            continue
        for m in _DOB_NAMED.finditer(text, lo, hi):
            found.append(Finding("date_of_birth", m.start(2), m.end(2), "name_born"))
        if "born" in words and not words.isdisjoint(("my", "our", "i", "we")):
            for m in _DOB_NAMED_PROSE.finditer(text, lo, hi):
                if _WRITER.search(lower, max(0, m.start() - 120), m.start()):
                    found.append(Finding("date_of_birth", m.start(2), m.end(2), "name_born"))
    if "PID|" in text:
        _hl7(text, found)
    licence_needles = tuple(words & _LICENCE_WORDS) + (("運転免許",) if cjk and "運転免許" in text else ())
    foreign_licence = any(n not in ("licence", "license") for n in licence_needles)
    spans = windows(lower, licence_needles, 24, 80)
    if "dl" in words or ("d" in words and "l" in words):
        spans.extend(windows(text, present(text, ("DL", "D/L")), 1, 80))
    for lo, hi in merge(spans):
        for m in _DRIVERS_LICENSE.finditer(text, lo, hi):
            _licence(m, found)
        if foreign_licence:
            for m in _FOREIGN_LICENCE.finditer(text, lo, hi):
                _licence(m, found)
        if not words.isdisjoint(_STATE_WORDS):
            for m in _STATE_LICENSE.finditer(text, lo, hi):
                _licence(m, found)
    needles = tuple(words & _PLATE_WORDS) + (("tag number",) if "tag" in words else ())
    needles += present(lower, ("matrícula",)) if "matr" in words else ()
    for lo, hi in windows(lower, needles, 24, 60):
        for m in _PLATE.finditer(text, lo, hi):
            _plate(m, found)
    vehicles = tuple(words & _VEHICLE_WORDS)  # "car" is in "care", "card", "scar": many needless windows
    if vehicles and zeroed is not None and _BARE_PLATE_GATE.search(zeroed) is None:
        vehicles = ()
    for lo, hi in word_windows(lower, vehicles, 20, 32):
        found.extend(
            Finding("license_plate", m.start(), m.end(), "plate_shape")
            for m in _BARE_PLATE.finditer(text, lo, hi)
        )
    if cjk and ("ナンバー" in text or "車" in text or "プレート" in text):
        for m in _JP_PLATE.finditer(text):  # "はなにわ 544 さ…": the particle は is not part of the region
            start = m.start("kana") if m.group("kana") else m.start()
            found.append(Finding("license_plate", start, m.end(), "jp_plate"))
    if "sort" in words and "code" in words:
        for lo, hi in windows(lower, ("sort",), 1, 60):
            for m in _SORT_CODE.finditer(text, lo, hi):
                found.append(Finding("bank_account", m.start("value"), m.end("value"), "uk_sort_code"))
    needles = having("account", "acct", "acc") + (("a/c",) if "a" in words and "c" in words else ())
    for lo, hi in windows(lower, needles, 16, 60):
        for m in _ACCOUNT.finditer(text, lo, hi):
            if _NOT_BANK.search(lower, max(0, m.start() - 16), m.start()) is None:
                found.append(Finding("bank_account", m.start("value"), m.end("value"), "account_number"))
    for lo, hi in windows(lower, having("routing", "aba", "rtn"), 1, 60):
        for m in _ROUTING.finditer(text, lo, hi):
            if checksums.aba_routing(m.group("value")):
                found.append(Finding("bank_account", m.start("value"), m.end("value"), "aba_routing"))
    if "routing" in words and not words.isdisjoint(("account", "acct", "acc")):
        _bank_table(text, lower, found)
    if not words.isdisjoint(_CHEQUE_WORDS) and "⑆" in text:
        for m in _MICR.finditer(text):
            found.append(Finding("bank_account", m.start(1), m.end(1), "micr"))
            found.append(Finding("bank_account", m.start(2), m.end(2), "micr"))
    if "-" in text:
        for m in _SORT_AND_ACCOUNT.finditer(text):
            start = m.start() - 2
            if (
                start < 0
                or not text[start : m.start()].isdigit()
                or re.match(r"[\w-]", text[start - 1 : start])
            ):
                continue
            found.append(Finding("bank_account", start, m.start() + 6, "uk_sort_code"))
            found.append(Finding("bank_account", m.start(1), m.end(1), "account_number"))

    def pin_label(i: int, j: int) -> bool:  # "PIN", "passcode", a lock word before "code"
        if lower[i:j] in ("暗証番号", "密码"):
            return True  # no spaces around words in these scripts
        if (i and lower[i - 1].isalpha()) or lower[j : j + 1].isalpha():
            return False
        if lower[i:j] in ("pin", "passcode", "puk", "geheimzahl", "geheimnummer"):
            return True
        if lower[i:j] == "code" and _CARD_CODE.match(lower, j):
            return True
        previous = _LAST_WORD.search(lower, max(0, i - 20), i)
        return previous is not None and previous.group(1) in _LOCK_WORDS

    if (
        not words.isdisjoint(_PIN_WORDS)
        or (not words.isdisjoint(_CODE_WORDS) and not words.isdisjoint(_LOCK_WORDS))
        or ("code" in words and not words.isdisjoint(_CARD_WORDS))
        or (cjk and ("暗証" in text or "密码" in text))
    ):
        needles = having(
            "pin", "passcode", "code", "combination", "combo", "puk", "geheimzahl", "geheimnummer"
        )
        needles += present(text, ("暗証番号", "密码")) if cjk else ()
        patterns = (_PIN, _PIN_FOREIGN) if cjk or not words.isdisjoint(_PIN_FOREIGN_WORDS) else (_PIN,)
        for lo, hi in anchored(lower, needles, 48, 40, pin_label):
            for m in (m for pattern in patterns for m in pattern.finditer(text, lo, hi)):
                if re.search(r"\b(?:postal|post|area|zip)\s*$", lower[max(0, m.start() - 12) : m.start()]):
                    continue  # an Indian postal PIN code
                found.append(Finding("pin", m.start("value"), m.end("value"), "pin"))
    needles = having("cvv", "cvc", "csc") + (("security code",) if "security" in words else ())
    needles += ("card verification",) if "verification" in words else ()
    for lo, hi in windows(lower, needles, 1, 60):
        for m in _CVV.finditer(text, lo, hi):
            found.append(Finding("payment_card", m.start("value"), m.end("value"), "cvv"))


def _hl7(text: str, found: list[Finding]) -> None:
    """The patient's name parts and birth date in an HL7 v2 PID segment."""
    for line in re.finditer(r"(?m)(?:^|(?<=\s))PID\|[^\r\n]*", text):
        pos, fields = line.start(), []
        for field in line.group(0).split("|"):
            fields.append((pos, field))
            pos += len(field) + 1
        if len(fields) > 5:
            start = fields[5][0]
            for part in fields[5][1].split("^")[:3]:
                if part[:1].isupper() and part[1:].replace("-", "").replace("'", "").isalpha():
                    found.append(Finding("person_name", start, start + len(part), "hl7_pid"))
                start += len(part) + 1
        if len(fields) > 7:
            m = _HL7_DATE.match(fields[7][1])
            if m is not None:
                found.append(Finding("date_of_birth", fields[7][0], fields[7][0] + m.end(), "hl7_pid"))


def _bank_table(text: str, lower: str, found: list[Finding], header: str = "routing") -> None:
    """CSV/TSV rows under a header with a routing (or sort code) and an account column: "name,routing,account"."""
    at = lower.find(header)
    while at >= 0:
        line_start = lower.rfind("\n", 0, at) + 1
        line_end = lower.find("\n", at)
        line_end = len(lower) if line_end < 0 else line_end
        at = lower.find(header, line_end)
        line = lower[line_start:line_end]
        sep = max(",\t;|", key=line.count)
        cells = [c.strip(" \"'") for c in line.split(sep)]
        if len(cells) < 2:
            continue
        columns = {
            i for i, c in enumerate(cells) if _ROUTING_COLUMN.fullmatch(c) or _ACCOUNT_COLUMN.fullmatch(c)
        }
        if not any(_ROUTING_COLUMN.fullmatch(cells[i]) for i in columns):
            continue
        pos = line_end + 1
        for row in re.finditer(r"[^\n]+", text[pos : pos + 4000]):
            values = row.group(0).split(sep)
            if len(values) != len(cells):
                break
            offset = pos + row.start()
            for i, value in enumerate(values):
                stripped = value.strip(" \"'")
                if i in columns and (
                    (stripped.isdigit() and 6 <= len(stripped) <= 17) or _SORT_CELL.fullmatch(stripped)
                ):
                    start = offset + value.index(stripped)
                    found.append(Finding("bank_account", start, start + len(stripped), "bank_table"))
                offset += len(value) + 1


def _licence(m: re.Match[str], found: list[Finding]) -> None:
    raw = m.group("value")
    end = len(raw)
    while True:  # drop trailing words in capitals: "D1234567 OK"
        cut = max(raw.rfind(" ", 0, end), raw.rfind("-", 0, end))
        if cut < 0 or any(c.isdigit() for c in raw[cut + 1 : end]):
            break
        end = cut
    compact = raw[:end].replace(" ", "").replace("-", "")
    if 5 <= len(compact) <= 20 and sum(c.isdigit() for c in compact) >= 4:
        found.append(Finding("drivers_license", m.start("value"), m.start("value") + end, "licence"))


def _plate(m: re.Match[str], found: list[Finding]) -> None:
    value = m.group("value")
    compact = value.replace(" ", "").replace("-", "")
    label = m.group("label").lower()
    letters = sum(c.isalpha() for c in compact)
    digits = sum(c.isdigit() for c in compact)
    if not 4 <= len(compact) <= 9 or digits == 0:
        return
    plate_label = "plate" in label or "tag" in label
    if letters == 0 and not (plate_label and 5 <= digits <= 8):
        return
    if label.startswith("plate") and not label.startswith("plate ") and letters == 0:
        return
    found.append(Finding("license_plate", m.start("value"), m.end("value"), "plate"))


def _salary(text: str, lower: str, words: frozenset[str], found: list[Finding], zeroed: str | None) -> None:
    if ("0" not in zeroed) if zeroed is not None else _DIGIT.search(text) is None:
        return
    spans = []
    for lo, hi in word_windows(lower, tuple(words & _PAY_WORDS), 0, 0):
        # Every amount has a digit: a search for one character turns away most pay words first.
        # Every branch of `_MONEY_NEAR` has one within its first five characters ("USD 5"), so none
        # starts more than four before the first digit: the search starts there, not at every position.
        start = hi
        if zeroed is not None:
            digit = zeroed.find("0", hi, hi + 48)
            if digit < 0:
                continue
            start = max(hi, digit - 4)
        if _MONEY_NEAR.search(text, start, hi + 48) is not None:
            spans.append((max(0, lo - 72), hi + 64))
    if "on" in words:  # "I'm on £45k"
        spans.extend((max(0, m.start() - 40), m.end() + 24) for m in _ON_MONEY.finditer(text))
    patterns = (_PAY_VERB, _PAY_NOUN)
    if (
        spans
        and words.isdisjoint(_IDENTIFIED_WORDS)
        and (text.isascii() or not any(c in text for c in _CASE_BLIND_ASCII))
    ):
        patterns = (_PAY_VERB_NO_ID, _PAY_NOUN_NO_ID)
    for lo, hi in merge(spans):
        for pattern in patterns:
            for m in pattern.finditer(text, lo, hi):
                if _GENERIC_PAY.search(lower, max(0, m.start() - 40), m.end()):
                    continue
                subj = m.groupdict().get("subj")
                if subj and re.fullmatch(_NAME2, subj) and any(t in NOT_NAMES for t in subj.split()):
                    continue  # "If Melissa is paid $15": a sentence start, not a surname
                money = m.group("money")
                if not re.search(r"\d{2}", money.replace(",", "").replace(".", "")):
                    continue  # "$5": an allowance or a price, not a salary
                end = m.start("money") + len(money.rstrip(".,"))
                found.append(Finding("salary", m.start("money"), end, "salary"))


def _health(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    anchors = words & _HEALTH_WORDS
    if words.isdisjoint(("my", "our")):
        anchors -= _HEALTH_WEAK
    if "patient" in words:
        anchors |= {"patient"}
    # A pattern whose words the text lacks is not run (unless case-blind matching may take another
    # character for one of their letters).
    blind = not text.isascii() and any(c in text for c in _CASE_BLIND_ASCII)
    state = blind or not words.isdisjoint(_HEALTH_STATE_WORDS)
    diagnosed = blind or "diagnosed" in words
    for lo, hi in word_windows(lower, tuple(anchors), 90, 60):
        for m in _H_HAVE.finditer(text, lo, hi):
            _health_finding(lower, m, found, "have")
        for m in _H_STATE.finditer(text, lo, hi) if state else ():
            _health_finding(lower, m, found, "state")
        for m in _H_DIAGNOSED.finditer(text, lo, hi) if diagnosed else ():
            clause = re.split(r"[.!?\n]", lower[max(0, m.start() - 60) : m.start()])[-1]
            if _DIAGNOSED_WHO.search(clause):
                _health_finding(lower, m, found, "diagnosed")
        for m in _H_OWN.finditer(text, lo, hi):
            # "her anxiety", "his treatment" in a story prompt are not; "her chemo", "his diagnosis" are.
            if m.group("own").lower() in ("my", "our") or not _THIRD_PERSON_VAGUE.fullmatch(
                m.group("what").lower()
            ):
                _health_finding(lower, m, found, "own")
        for m in _H_MEDICATION.finditer(text, lo, hi):
            _health_finding(lower, m, found, "medication")
        if "patient" in words:
            for m in _H_PATIENT.finditer(text, lo, hi):
                found.append(Finding("health", m.start("what"), m.end("what"), "patient"))
        for m in _H_NAMED_STATE.finditer(text, lo, hi) if state else ():
            found.append(Finding("health", m.start("what"), m.end("what"), "named"))


def _health_finding(lower: str, m: re.Match[str], found: list[Finding], detector: str) -> None:
    sentence_start = max(
        lower.rfind(".", 0, m.start()), lower.rfind("?", 0, m.start()), lower.rfind("\n", 0, m.start())
    )
    if _GENERIC_HEALTH.search(lower, max(sentence_start + 1, m.start() - 80), m.start()):
        return
    found.append(Finding("health", m.start("what"), m.end("what"), detector))


def _addresses(
    text: str, lower: str, words: frozenset[str], found: list[Finding], zeroed: str | None
) -> None:
    hints: dict[str, list[tuple[int, int]]] = {"street": [], "town": [], "fr": [], "jp": [], "loose": []}
    for h in _ADDRESS_HINT.finditer(text) if zeroed is None else _ADDRESS_HINT_ZERO.finditer(zeroed):
        hints[h.lastgroup or "loose"].append(h.span())

    def around(family: str, before: int, after: int) -> list[tuple[int, int]]:
        return [(max(0, start - before), end + after) for start, end in hints[family]]

    for lo, hi in merge(around("street", 24, 80)):
        for m in _STREET_ADDRESS.finditer(text, lo, hi):
            state = m.group("state")
            if state is not None and state not in _US_STATES:
                continue
            full = m.group("us") is not None or m.group("uk") is not None
            _address(text, lower, m.start(), m.end(), full or bool(m.group("unit") or m.group("pre")), found)
    spans = around("town", 64, 54)
    if "stra" in lower or "str." in lower:
        spans.extend(windows(lower, present(lower, ("straße", "strasse", "str.")), 60, 40))
    for lo, hi in merge(spans):
        for m in _DE_ADDRESS.finditer(text, lo, hi):
            _address(text, lower, m.start(), m.end(), m.group("full") is not None, found)
    for lo, hi in merge(around("town", 64, 54) + around("fr", 8, 80)):
        for m in _FR_ADDRESS.finditer(text, lo, hi):
            _address(text, lower, m.start(), m.end(), m.group("full") is not None, found)
    for lo, hi in merge(around("jp", 4, 80)):
        for m in _JP_ROMAN.finditer(text, lo, hi):
            _address(text, lower, m.start(), m.end(), bool(m.group("full").strip(" ,")), found)
    # An address ended by a state and ZIP or a postcode starts at a number before a capitalised word.
    starts = merge([(start, start + 130) for start, _ in hints["street"] + hints["loose"]])
    for m in (m for lo, hi in starts for m in _END_ANCHOR.finditer(text, lo, hi)):
        if m.group("st") is not None and m.group("st") not in _US_STATES:
            continue
        lo = max(0, m.start() - 110)
        for pattern in (_US_ENDED, _UK_ENDED):
            for a in pattern.finditer(text, lo, m.end()):
                if a.end() != m.end():
                    continue
                state = a.groupdict().get("state")
                if state is not None and state not in _US_STATES:
                    continue
                _address(text, lower, a.start(), a.end(), True, found)
                break
    for lo, hi in merge(around("town", 110, 54)) if not words.isdisjoint(_ES_IT_STREETS) else ():
        for pattern in (_ES_ADDRESS, _IT_ADDRESS):
            for m in pattern.finditer(text, lo, hi):
                _address(text, lower, m.start(), m.end(), True, found)
    context = _context(text)
    if not words.isdisjoint(_ADDRESS_WORDS):
        # "I live at 42 Elm", "ship to: 3 Ely Place": a personal phrase right before a number.
        for start, _ in hints["street"] + hints["loose"] + hints["fr"] + hints["town"]:
            for c in context.finditer(lower, max(0, start - 72), start + 1):
                if start - c.end() > 24:
                    continue
                loose = _LOOSE_ADDRESS.match(text, c.end()) or _DE_ADDRESS.match(text, c.end())
                if loose is not None:
                    _address(text, lower, loose.start(), loose.end(), True, found, context=True)
    if not words.isdisjoint(("postcode", "post", "zip", "zipcode")):
        for lo, hi in windows(lower, present(lower, ("postcode", "post code", "zip")), 40, 20):
            for c in context.finditer(lower, lo, hi):
                if re.search(r"postcode|post code|zip", c.group(0)):
                    p = _POSTCODE_ONLY.match(text, c.end())
                    if p is not None:
                        found.append(Finding("postal_address", p.start(), p.end(), "postcode"))
    if not text.isascii():
        if "〒" in text:
            for m in _JP_POSTAL.finditer(text):
                found.append(Finding("postal_address", m.start(), m.end(), "jp_postal"))
        for m in _JP_KANJI.finditer(text) if any(c in text for c in "都道府県") else ():
            found.append(Finding("postal_address", m.start(), m.end(), "jp_address"))


def _context(text: str) -> re.Pattern[str]:
    """`_ADDRESS_CONTEXT` for the lower-cased `text`: its case-sensitive copy unless the text has a
    character case-blind matching also takes for an ASCII letter (lower-casing keeps İ ı ſ)."""
    rest = non_ascii(text)
    return _ADDRESS_CONTEXT if rest and any(c in rest for c in _CASE_BLIND_ASCII) else _ADDRESS_CONTEXT_LOWER


def _address(
    text: str, lower: str, start: int, end: int, full: bool, found: list[Finding], *, context: bool = False
) -> None:
    """Report an address unless it is a placeholder, or a landmark or partial one nobody owns."""
    while end > start and text[end - 1] in " ,.\t":
        end -= 1
    before = lower[max(0, start - 48) : start]
    before = before[before.rfind("\n") + 1 :]  # "the address format keeps failing:\n<address>" is no example
    if _FAKE.search(lower, start, end) or _FAKE.search(before):
        return
    personal = context or _context(text).search(lower, max(0, start - 60), start) is not None
    if not personal:
        if not full:
            return
        head = lower[start:end]
        if any(head.startswith(landmark) for landmark in _LANDMARKS) and not _FIRST_PERSON.search(before):
            return
    found.append(Finding("postal_address", start, end, "address"))


# --- Wider phrasings of PINs, birth dates, plates, passports, licences, bank accounts, addresses. ---
# Each rule is a general signal with a guard: a label word (in any of the languages people write
# in) and a value of the kind's shape nearby, or a value of a distinctive shape next to a context
# word. The values nobody owns (years in history questions, software licence keys, error codes)
# are left out by the guards.

# A code that opens something: "the door code is 7391", "code de la porte est 7391", "codice del
# cancello è 1957", "de code van de sleutelkluis is 3047", "Min pinkode er 7720", "safe
# combination: 24-61-38", "set the passcode to 2207". The label, then a few filler words, then
# 4-8 digits (or a dial combination), in one sentence.
_CODE_LABEL = re.compile(
    r"(?i:(?<![a-zà-ÿ])(?P<own>pin-?|pass|t[üu]r|alarm|digi|zugangs|toegangs|adgangs|kluis|tresor|safe|door|gate"
    r"|lock)?(?:code|kode|codice|c[óo]digo|combination|combinaison|combinazione|combinaci[óo]n|combo|clave|senha"
    r"|zahlenkombination|geheimzahl)(?:s|n|en|e)?(?![a-zà-ÿ]))"
)
_CODE_NEEDLES = ("code", "kode", "codice", "digo", "combina", "combo", "clave", "senha", "geheimzahl", "pin")
# What a code opens or unlocks, in the languages people write in; stems, matched in lower case.
_LOCK_OBJECT = re.compile(
    r"(?<![a-zà-ÿ])(?:door|front\s+door|gate|alarm|safe|locker|lockbox|lock\s*box|key\s*(?:box|safe)|keysafe|padlock"
    r"|lock|garage|entry|entrance|intercom|buzzer|keypad|shed|vault|mailbox|storage\s+unit|suitcase|luggage"
    r"|bike\s+lock|screen\s+time|iphone|ipad|phone|laptop|sim|atm|debit|card|alarm\s*system"
    r"|t[üu]r|haust[üu]r|tor|alarmanlage|tresor|schlie(?:ß|ss)fach|spind|schl[üu]ssel\w*|briefkasten|eingang"
    r"|handy|karte|ec-karte|girokarte|fahrradschloss|zahlenschloss"
    r"|porte|portail|alarme|coffre(?:-fort)?|casier|interphone|digicode|bo[îi]te\s+[àa]\s+cl[ée]s|cadenas|immeuble"
    r"|carte|t[ée]l[ée]phone|porta|portone|cancello|allarme|cassaforte|armadietto|citofono|lucchetto|carta"
    r"|bancomat|telefono|puerta|portal|port[óo]n|alarma|caja\s+fuerte|taquilla|garaje|candado|casillero|tarjeta"
    r"|cajero|m[óo]vil|buz[óo]n|port[ãa]o|alarme|cofre|arm[áa]rio|garagem|cadeado|cart[ãa]o|telem[óo]vel|celular"
    r"|deur|voordeur|poort|kluis(?:je)?|sleutelkluis|fietsslot|hangslot|slot|bankpas|pinpas|telefoon"
    r"|d[øo]r|hoveddør|pengeskab|sk[ae]b|h[æa]ngel[åa]s|l[åa]s|dankort|kort|mobil|n[øo]gleboks|boks)(?:s|e|en|er|n|et)?"
    r"(?![a-zà-ÿ])"
)
# Codes that open nothing: error, postal, promo and country codes, tax and product codes.
_NOT_LOCK_CODE = re.compile(
    r"(?:error|err|status|exit|return|http|zip|postal|post|area|country|dial(?:ling)?|promo|discount|coupon"
    r"|voucher|gift|source|tax|product|item|sku|bar|qr|colou?r|hex|ascii|unicode|html|python|java|sample|example"
    r"|building|fehler|postleit|gutschein|rabatt|erreur|promo|postal|errore|sconto|c[óo]digo\s+postal|cap)\W{0,3}$"
)
_CODE_VALUE = re.compile(
    r"(?P<value>\d(?<![\w.,/#$€£-]\d)(?:\d{3,7}[#*]?|\d?(?:-\d{1,2}){2,3}|\d(?: \d{2}){2,3}(?![ ]?\d)))"
    r"(?![\w%]|[.,/-]\d)"
)
# Words allowed between a label and its code: "is", "de la porte est", "van de sleutelkluis is", "to".
_CODE_GAP = re.compile(r"[^\d.!?\n]{0,42}")
_CODE_MORE = re.compile(
    r"[ \t]*[,;][ \t]*(?:(?:and|und|et|e|y|en|og|or|the|die|der|das|den|la|le|l'|el|il|quello|quella|del|della"
    r"|dell'|de|du|van|for|of|für|fur|pour|per|para)\s*)*(?P<what>[^\d.!?\n,;]{2,30}?)\s*"
    r"(?:(?:is|was|ist|est|è|e|es|er|é|:|=|-|hat|has)\s+(?:(?:den|le|il|el|o)\s+)?(?:code\s+)?)?(?P<value>\d{4,8})(?![\w.,/-]\d|\w)"
)


_CODE_WORDS_ALL = wordset(
    "code codes kode koden codice codici digo combination combinations combinaison combinazione combinaci combo "
    "clave senha geheimzahl passcode passcodes pincode pinkode digicode zahlenkombination rcode deurcode toegangscode "
    "adgangskode zugangscode alarmcode sicherheitscode"
)


def _lock_codes(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """A code near something it opens; further codes listed after it ("…, die Garage 7036")."""
    if words.isdisjoint(_CODE_WORDS_ALL):
        return
    # Values within reach after a label's word; then back from each value to its label.
    spans = [
        (max(0, v.start() - 56), v.start())
        for lo, hi in windows(lower, present(lower, _CODE_NEEDLES), 0, 64)
        for v in _CODE_VALUE.finditer(text, lo, hi)
    ]
    for lo, hi in merge(spans):
        for label in _CODE_LABEL.finditer(lower, lo, hi):
            head = label.group(0)
            if _NOT_LOCK_CODE.search(lower, max(0, label.start() - 24), label.start()):
                continue
            sentence_start = max(lower.rfind(c, 0, label.start()) for c in ".!?\n") + 1
            gap = _CODE_GAP.match(lower, label.end())
            if gap is None:
                continue
            value = _CODE_VALUE.search(text, label.end(), min(len(text), gap.end() + 12))
            if value is None or _NOT_LOCK_CODE.search(lower, label.end(), value.start()):
                continue
            self_labelled = label.group("own") is not None or "geheimzahl" in head
            if not self_labelled and not _LOCK_OBJECT.search(
                lower, max(sentence_start, label.start() - 60), min(len(lower), value.end() + 40)
            ):
                continue
            if lower[label.end() : value.start()].count(" ") > 6:
                continue
            found.append(Finding("pin", value.start("value"), value.end("value"), "lock_code"))
            more = _CODE_MORE.match(text, value.end())
            while more is not None and _LOCK_OBJECT.search(lower, more.start(), more.start("value")):
                found.append(Finding("pin", more.start("value"), more.end("value"), "lock_code"))
                more = _CODE_MORE.match(text, more.end())


def _repeats(text: str, found: list[Finding], kinds: tuple[str, ...]) -> None:
    """A value found once is the same value where it is written again ("was it 2207 or …")."""
    seen = {(f.kind, text[f.start : f.end]) for f in found if f.kind in kinds}
    spans = {(f.start, f.end) for f in found}
    for kind, value in seen:
        if sum(c.isdigit() for c in value) < 4:
            continue
        i = text.find(value)
        while i >= 0:
            j = i + len(value)
            if (i, j) not in spans and not text[i - 1 : i].isalnum() and not text[j : j + 1].isalnum():
                found.append(Finding(kind, i, j, "repeated"))
            i = text.find(value, j)


# Months of the languages the other rules miss: Dutch, Portuguese, Danish, Polish (genitive), Italian.
_MONTH_MORE = (
    r"(?:januari|februari|maart|mei|augustus|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro"
    r"|novembro|dezembro|marts|maj|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[śs]nia"
    r"|pa[źz]dziernika|listopada|grudnia|novembre|agosto|ottobre)"
)
_ANY_MONTH = rf"(?:{_MONTH}|{_MONTH_INTL}|{_MONTH_MORE})"
# A whole date (day, month and year) in any order people write one.
_FULL_DATE = re.compile(
    r"(?i:(?<![\w/.-])(?:(?P<ymd>(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01]))"
    r"|(?P<dmy>(?:0?[1-9]|[12]\d|3[01])[-/. ](?:0?[1-9]|1[0-2])[-/. ](?:(?:19|20)\d\d|\d\d))"
    rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th|er|º|°|\.)?\s+(?:of\s+|de\s+)?{_ANY_MONTH}\.?,?\s+(?:de\s+|of\s+)?(?P<y1>(?:19|20)\d\d)"
    rf"|{_ANY_MONTH}\.?\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)年\d{1,2}月\d{1,2}日)(?![\w/-]|\.\d))"
)
# The words that say "birth date" outright, a form's label: any whole date after them is one.
_BIRTH_LABEL = re.compile(
    r"(?i:\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth[\s_-]*date|birthdate|date_of_birth|date\s+de\s+naissance"
    r"|fecha\s+de\s+nac(?:imiento|\.)|f\.\s*nac\.|data\s+di\s+nascita|data\s+de\s+nascimento|geburtsdatum"
    r"|geb\.(?:[\s-]*datum)?|geboortedatum|f[øo]dselsdato|f[öo]delsedatum|data\s+urodzenia|ur\.)|生年月日)"
)
# Verbs of being born; they make a date a birth date when it is the writer's, a relative's or a
# form's (a first- or second-person word near), not a public figure's in a history question.
_BORN = re.compile(
    r"(?i:\b(?:born|n[ée]e?(?=\s+le\b)|geboren|nacid[oa]|nac[íi]|nato|nata|sono\s+nat[oa]|nascid[oa]|nasci|f[øo]dt|f[öo]dd"
    r"|urodzi(?:ł|l)(?:e|a)?m|urodzon[ay]|urodzi(?:ł|l)[ao]?)\b)"
)
# A piece of every `_BIRTH_LABEL` branch, lower-cased: with none in the text the label pattern (a
# case-blind `\b` first, tried at every position of every window) cannot match. Not used where the
# text has a character case-blind matching also takes for an ASCII letter (İ ı ſ K).
_BIRTH_LABEL_NEEDLES = (
    "dob", "d.o.b", "birth", "naissance", "nac", "nascita", "nascimento", "geburtsdatum", "geb.", "geboortedatum",
    "dselsdato", "delsedatum", "urodzenia", "ur.", "生年月日",
)  # fmt: skip
_CASE_BLIND_ASCII = "\u0130\u0131\u017f\u212a"
_BIRTH_NON_ASCII = ("né", "nací", "født", "fødselsdato", "född", "födelsedatum", "urodzi", "生年月日")
_BORN_NEEDLES = (
    "born", "né", "nee", "geboren", "nacid", "nací", "naci", "nato", "nata", "nascid", "nasci", "født", "fodt",
    "född", "urodz",
)  # fmt: skip
_BIRTH_NEEDLES = (
    "dob", "d.o.b", "birth", "naissance", "nacimiento", "nac.", "nascita", "nascimento", "geburtsdatum", "geb.",
    "geboortedatum", "fødselsdato", "fodselsdato", "födelsedatum", "urodzenia", "ur.", "生年月日",
)  # fmt: skip
_WHOSE = re.compile(
    rf"(?i:\b(?:i|i'm|me|my|mine|we|our|us|you|your|his|her|their|{_RELATION}s?|twins?|kids?|mum|mama|papa"
    r"|ich|mein\w*|je|moi|mon|ma|mes|yo|mi|mis|io|mio|mia|eu|meu|minha|ik|mijn|jeg|min|mit|moja|mój|m[oó]j)\b)"
)
# The ASCII runs of those labels ("født" is "f" and "dt" in the word set).
_BIRTH_WORDS = wordset(
    "born dob birth birthdate naissance nacimiento nac nascita nascimento geburtsdatum geb geboortedatum geboren nato "
    "nata nacido nacida naci nasci nascido nascida dt dselsdato dd delsedatum urodzenia urodzony urodzona urodzi ur nee"
)
# The same for the lower-cased text, where the case-blind one is four times slower (see
# `_ADDRESS_CONTEXT_LOWER`); only where the text has none of `_CASE_BLIND_ASCII`.
_WHOSE_LOWER = re.compile(_WHOSE.pattern.replace("(?i:", "(?:"))
# A piece of every `_BORN` branch, lower-cased ("nat" of "nato", "sono nata"; "dt" of "født"), and
# the branch "née le" in full: with none in a window, `_BORN` (a case-blind `\b` first, tried at every
# position of the window) cannot match there. Not used where the text has a character case-blind
# matching also takes for an ASCII letter (İ ı ſ K).
_BORN_STEMS = ("born", "nat", "nac", "nasc", "geboren", "dt", "dd", "urodz")
_NEE_LE = re.compile(r"n[ée]e?\s+le")
_KIN = re.compile(rf"\b{_RELATION}s?\b|\b(?:grandpa|grandma|granny|mum|mama|papa|twins?)\b")
_HISTORY = re.compile(r"\b(?:was|were)\s+born\b")
_THIS_YEAR = datetime.date.today().year


def _birth_dates(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    spans = word_windows(lower, tuple(words & _BIRTH_WORDS), 24, 90)
    if not text.isascii():
        spans += windows(lower, present(lower, _BIRTH_NON_ASCII), 24, 90)
    if "d.o.b" in lower:
        spans += windows(lower, ("d.o.b",), 1, 90)
    blind = not text.isascii() and any(c in text for c in _CASE_BLIND_ASCII)
    for lo, hi in merge(spans):
        if _DIGIT.search(text, lo, hi) is None:
            continue
        # A label found in the window lies in it, and `lower` keeps the text's offsets.
        window = lower[lo:hi]
        labelled = blind or any(n in window for n in _BIRTH_LABEL_NEEDLES)
        labels = _BIRTH_LABEL.finditer(text, lo, hi) if labelled else ()
        verbs = (
            _BORN.finditer(text, lo, hi)
            if blind or any(n in window for n in _BORN_STEMS) or _NEE_LE.search(window)
            else ()
        )
        for label in (*labels, *verbs):
            # The first whole date after the label, in the same or the next sentence, no other date between.
            m = _FULL_DATE.search(text, label.end(), min(len(text), label.end() + 80))
            if m is None:
                continue
            between = lower[label.end() : m.start()]
            if _DIGIT.search(between) and not re.fullmatch(
                r"[^\d]*\((?:[dmy]{1,4}[/.-]){2}[dmy]{1,4}\)[^\d]*", between
            ):
                continue  # another number comes first: "born in 1984, moved on 12.03.2010"
            years = re.findall(r"(?:19|20)\d\d", m.group(0)) or ["19" + m.group(0)[-2:]]
            if not 1900 <= int(years[0]) <= _THIS_YEAR:
                continue  # a historical figure's birth date, or not a birth date at all
            if not _BIRTH_LABEL.fullmatch(label.group(0)):
                # Whose: a personal word before it on the same line; never an encyclopaedia's
                # "(…; born 24 September 1962)" nor a question "Was X born on …?".
                line = lower[lower.rfind("\n", 0, label.start()) + 1 : label.start()]
                head = line[-160:]
                # `head` is lower-cased; the label is the text's own.
                if not (
                    (_WHOSE if blind else _WHOSE_LOWER).search(head)
                    or _WHOSE.fullmatch(label.group(0).split()[0])
                ):
                    continue
                if line.rfind("(") > line.rfind(")"):
                    continue
                sentence = re.split(r"[.!?]\s", head)[-1]
                if re.match(r"\s*(?:was|were|is|when|where|did)\b", sentence) and not _WRITER.search(
                    sentence
                ):
                    continue
                if _HISTORY.search(lower, max(0, label.start() - 10), label.end()) and not (
                    _WRITER.search(head) or _KIN.search(head)
                ):
                    continue  # "X was born on …": prose about someone, unless the writer says whose
            found.append(Finding("date_of_birth", m.start(), m.end(), "birth_date"))


# Plate labels the main regex lacks: "immatriculé(e)", Polish "numer rejestracyjny", Danish and
# Swedish "nummerplade"/"registreringsnummer", Portuguese "chapa", "rego" plates, "tag".
_PLATE_MORE = re.compile(
    r"(?i:\b(?:immatricul[ée]e?s?|(?:numer(?:ze|em|u)?\s+)?rejestracyjn\w*|tablic\w*\s+rejestracyjn\w*"
    r"|nummerplade|registreringsnummer|reg\.?\s*nr\.?|nummerplaat|autokennzeichen|placa(?:\s+do\s+carro)?))"
    r"\s*(?:is|was|:|#|=|-|ist|lautet|est|es|è|é|er|to)?\s*[\"']?"
    r"(?P<value>[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,3})(?![A-Za-z0-9_-])"
)
_PLATE_MORE_WORDS = wordset(
    "immatricul immatricule immatriculee rejestracyjny rejestracyjnym rejestracyjnego rejestracyjna rejestracyjnej "
    "rejestracyjne nummerplade registreringsnummer reg nummerplaat autokennzeichen placa"
)
_PLATE_MORE_NEEDLES = (
    "immatricul",
    "rejestracyj",
    "nummerplade",
    "registreringsnummer",
    "reg.nr",
    "reg nr",
    "nummerplaat",
    "autokennzeichen",
    "placa",
)
# Shapes distinctive enough to be plates wherever a vehicle is mentioned in the text: Indian
# "KA 05 MN 7731" (state, district, series, number), UK "WP21 HKL", FR/IT "FG-482-KT", DE "M-AB 1234".
# Searched from its four-digit end (digits are rarer than capitals); the state code is checked after.
# The state's letters first (a class the scan skips to), not a digit with lookbehinds: the match
# starts at the state code.
_IN_PLATE = re.compile(r"[A-Z][A-Z][ -]?\d\d?[ -]?[A-Z]{1,3}[ -]?\d{4}(?![A-Za-z0-9-])")
# Its letters and four digits, on the text with its digits written "0": what any plate has.
_IN_PLATE_GATE = re.compile(r"0(?:(?<=[A-Z]0)|(?<=[A-Z][ -]0))000")
_IN_STATES = wordset(
    "AN AP AR AS BR CG CH DD DL DN GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR PB PY RJ SK TN TR TS UK UP WB"
)
# The first character is a plain class, so the scan skips ahead to capitals and digits; the
# look-behinds then say which shapes it may start (the capitals', in their order, or the digits').
_PLATE_SHAPE = re.compile(
    r"[A-Z\d](?<![A-Za-z0-9-].)(?:(?<=[A-Z])(?:[A-Z]\d{2}[ ]?[A-Z]{3}|[A-Z]-\d{3}-[A-Z]{2}|[A-Z] \d{3} [A-Z]{2}"
    r"|[A-Z]{0,2}-[A-Z]{1,2} ?\d{1,4}[EH]?|[A-Z]{0,2} [A-Z0-9]{4,5})|(?<=\d)\d{3} ?[B-DF-HJ-NP-TV-Z]{3})"
    r"(?![A-Za-z0-9-])"
)
_VEHICLE_MORE = re.compile(
    r"(?i:\b(?:car|cars|van|truck|lorry|vehicle|motorbike|motorcycle|scooter|parked|parking|park|driveway|dashcam"
    r"|dvla|dmv|rto|taxi|cab|suv|towed|tow|speeding|hit\s+and\s+run|plate|plates|wagen|auto|fahrzeug|voiture"
    r"|v[ée]hicule|coche|veh[íi]culo|macchina|veicolo|carro|samoch[óo]d|pojazd|bil|bilen|kenteken)\b)"
)
# Passport labels with a little more between label and number: "'passport no.' — mine is 1204…",
# a JSON key ("passport": "Z33…"), "(it's 9264…)", compound labels ("Paspoortnummer", "pasnummer").
# Polish ("numer paszportu") and Turkish ("pasaport no") inflect the noun; a US "passport book" or
# "passport card" and a visa form's "travel document number" name the same kind of number.
# NFKC turns the Spanish and Portuguese "n.º" into "n.o".
_PASSPORT_LABEL = re.compile(
    r"(?i:\b(?:passport|reisepass|passeport|pasaporte|passaporto|passaporte|paspoort|paszport[a-z]{0,3}"
    r"|pasaport[a-z]{0,3}|travel\s+document|pas(?=nummer)|pass(?=nummer))(?:\s+(?:book|card))?"
    r"(?:[\s_-]*(?:(?:no|nr|num|number|nummer|número|numero|id)\b\.?|n\.?\s?[°º]\.?|n\.o\b|#)|nummer|number)?)"
)
_PASSPORT_GAP = re.compile(
    r"(?i:(?:[\s'\"’:=#(—–-]|\b(?:is|was|mine|my|it|it's|it’s|its|here|reads|says|ist|lautet|est|es|er|é|è"
    r"|number|no|nr|and)\b\.?|\?){0,10})"
)
# A nationality between label and number ("passaporte brasileiro FT…", "passport (German) …") or
# whose passport it is before a colon ("Reisepassnummer von meinem Sohn Lenny: …").
_PASSPORT_NATION = re.compile(
    r"\s*\(?(?i:brasileir[oa]|portugu[eê]s[a]?|espa[ñn]ol[a]?|mexican[oa]|argentin[oa]|colombian[oa]"
    r"|chilen[oa]|italian[oa]|frances[ea]|fran[çc]ais[e]?|allemand[e]?|alem[ãá]o?n?|tedesco|deutsche[rn]?"
    r"|american[oa]?|us|uk|british|german|french|spanish|italian|irish|indian|canadian|australian|polski"
    r"|türk|turkish|dutch|nederlands[e]?|swedish|svensk[at]?)\)?[\s:]*"
)
_PASSPORT_OWNER = re.compile(
    r"\s+(?i:von|of|for|de|di|do|da|del|van|för|för)\s+[^\d\n.:;?!]{2,40}?\s*[:=]\s*(?=[A-Z0-9])"
)
# Ten digits: older and some national passports ("Passport: 0427719386"); only right after a label.
_PASSPORT_VALUE = re.compile(r"(?:[A-Z0-9]{6,9}|\d{10})(?![A-Za-z0-9_-])")
# A passport's machine-readable zone: line 1 "P<GBR…", line 2 the number, its check digit, the
# nationality and the birth date.
_MRZ = re.compile(
    r"P[A-Z<][A-Z<]{3}[A-Z<]{20,41}[ \t]*\n\s*(?P<doc>[A-Z0-9<]{9})(?P<check>\d)[A-Z<]{3}(?P<dob>\d{6})\d[MFX<]\d{6}\d"
)
# Licences named without "driver's": "my licence number …", "texas dl …", "NSW licence number …",
# only where the text is about driving, not software.
_LICENCE_LOOSE = re.compile(r"(?i:\b(?:licen[cs]e|dl)(?:[\s_-]*(?:number|no\.?|nr\.?|#|id))?)" + _DL_VALUE)
_DRIVING = re.compile(
    r"(?i:\b(?:dl|driv\w*|dmv|dvla|ticket|traffic|car|vehicle|motorist|road|speeding|toll|tsa|id|points|rto"
    r"|parking|fine|police|cop|pulled\s+over|nsw|vic|qld|state|california|texas|florida|ca|tx|ny)\b)"
)
_SOFTWARE = re.compile(
    r"(?i:\b(?:software|key|product|serial|activation|windows|office|adobe|mit|apache|gpl|bsd|open[\s-]?source"
    r"|copyright|subscription|seat|saas|plugin|app|jetbrains|steam|game|fishing|hunting|business|liquor"
    r"|marriage|medical|nursing|pilot|radio|contractor|real\s+estate)\b)"
)
# Bank accounts: labels of other languages, a routing and an account named together and given
# after ("routing + account: 1131… and 5810…"), a sort code column.
_ACCOUNT_FOREIGN = re.compile(
    r"(?i:\b(?:n[úu]mero\s+de\s+(?:la\s+)?cuenta|cuenta(?:\s+bancaria|\s+corriente)?|num[ée]ro\s+de\s+compte"
    r"|compte(?:\s+bancaire|\s+courant)?|kontonummer|konto(?:nr\.?|nummer)?|numero\s+di\s+conto|conto(?:\s+corrente)?"
    r"|n[úu]mero\s+da\s+conta|conta(?:\s+corrente)?|rekeningnummer|rekening|kontonr\.?|reg\.?\s*nr\.?))"
    r"[\"']?\s*(?:is|es|est|ist|è|é|er|:|#|-|=)?\s*[\"']?(?P<value>\d(?:[ -]?\d){5,16})(?![\d-]|[.,]\d)"
)
_ACCOUNT_FOREIGN_NEEDLES = ("cuenta", "compte", "konto", "conto", "conta", "rekening", "reg.", "reg nr")
_ROUTING_FOREIGN = re.compile(
    r"(?i:\b(?:n[úu]mero\s+de\s+ruta|ruta(?:\s+bancaria)?|n[úu]mero\s+de\s+tr[áa]nsito|tr[áa]nsito))"
    r"\s*(?:es|:|#|-|=)?\s*(?P<value>\d{9})(?!\d)"
)
# The UK licence number: surname, birth date (month +50 for women), initials, check letters.
_UK_DL_SHAPE = re.compile(r"[A-Z9]{5}\d(?:[05][1-9]|[16][0-2])(?:0[1-9]|[12]\d|3[01])\d[A-Z9]{2}\d[A-Z]{2}")
_PAIR_NUMBER = re.compile(r"(?<![\w.,/-])\d{6,17}(?![\w/-]|[.,]\d)")


# Addresses in a form, code or config field: address='House 12, …', "address_line2": "Llandeilo SA19 6BH",
# street: Via Roma 3. Not IP, MAC, e-mail, memory or wallet addresses.
_ADDRESS_FIELD = re.compile(
    r"(?i:(?<![\w])(?P<key>[a-z_]*(?:address|addr)(?:[_ -]?(?:line)?[_ -]?\d)?|street(?:_?address)?|address_?line_?\d"
    r"|adresse|anschrift|stra(?:ß|ss)e|direcci[óo]n|domicilio|indirizzo|endere[çc]o|adres|morada)[\"']?[ \t]*[:=][ \t]*)"
    r"(?:(?P<q>[\"'])(?P<quoted>[^\"'\n]{6,90})(?P=q)|(?P<bare>(?:[^\n\"'{}\[\]<>.;|]|\.(?!\s|$)){6,90}))"
)
_NOT_POSTAL_KEY = re.compile(
    r"(?:ip|mac|e?mail|wallet|memory|mem|hw|ether|bind|listen|server|host|remote|url|web|base|return_?to|from|to)_?"
)
# Continental Europe and Latin America: street and number, then postcode and town, on one line or two
# ("Via Nizza 41, 10125 Torino", "Van der Helststraat 44-2, 1072 NX Amsterdam", "ul. Marszałkowska 84/12
# 00-517 Warszawa", "Carrer de Provença 287, 4t 2a, 08037 Barcelona", "Rua Augusta 1520, apto 84, …").
_EU_WORD = rf"(?:[{_U}][\w'’.-]*|de|del|della|dell'|di|da|do|dos|das|van|der|den|het|am|an|im|in|zum|zur|y|i|la|le|les|du|des|l'|d'|el|sur)"
_EU_ADDRESS = re.compile(
    rf"(?<![\w])(?P<street>(?:(?:ul|al|pl|os)\.[ \t]*)?[{_U}][\w'’.-]*(?:[ \t-]+{_EU_WORD}){{0,5}}[ \t]+\d{{1,4}}[A-Za-z]?"
    r"(?:[ \t]?[-/][ \t]?\d{1,4}[A-Za-z]?)?)"
    r"(?:,[ \t]*(?!\d{4,5}[ \t])[^,\n]{1,28}){0,3}(?:,[ \t]*|[ \t]*\n[ \t]*)"
    r"(?P<postcode>\d{5}(?:-\d{3})?|\d{4}(?:[ \t]?[A-Z]{2}(?![\w]))?|\d{2}-\d{3}|\d{4}-\d{3}|[A-Z]-\d{4,5})"
    rf"[ \t]+[{_U}][\w'’-]+(?:[ \t-]+(?:[{_U}][\w'’-]+|im|am|an|de|del|di|sur|sous|en|bei|ob))*"
    r"(?:[ \t]*\([A-Z]{2}\))?"
)
# Brazil: "…, São Paulo - SP, 01304-001" (town, state, CEP after the street).
# One pattern per opening character: a single literal first is found by a tight scan, a class of
# two by a slower one (the spans are merged, so their order does not matter).
# The look-ahead turns away most commas and line breaks (a word follows them) before the five shapes
# are tried in turn.
_EU_POSTCODE_REST = r"[ \t]*(?=\d|[A-Z]-)(?:\d{5}(?:-\d{3})?|\d{4}(?:[ \t]?[A-Z]{2})?|\d{2}-\d{3}|\d{4}-\d{3}|[A-Z]-\d{4,5})[ \t]+[A-Z]"
_EU_POSTCODES = (re.compile("," + _EU_POSTCODE_REST), re.compile("\n" + _EU_POSTCODE_REST))
_HOUSE_NUMBER = re.compile(
    r"[^\W\d_.][ \t]+\d{1,4}[A-Za-z]?(?:[ \t]?[-/][ \t]?\d{1,4}[A-Za-z]?)?(?:,|[ \t]*\n)"
)
_BR_ADDRESS = re.compile(
    r"(?<![\w])(?:Rua|R\.|Avenida|Av\.|Travessa|Tv\.|Praça|Alameda|Al\.|Estrada|Rodovia|Largo)[ \t]+[^\n]{3,90}?"
    r"[ \t]-[ \t][A-Z]{2},?[ \t]+(?:CEP[ \t:]*)?\d{5}-?\d{3}(?!\d)"
)
_EU_STREET_WORD = re.compile(
    r"(?i:stra(?:ß|ss)e|str\.|weg\b|platz|allee|gasse|ring\b|damm|ufer|\bam\b|\ban\s+der\b|\bim\b|straat|laan|plein"
    r"|gracht|kade|singel|dijk|steeg|\bvia\b|viale|piazza|corso|vicolo|largo|calle|carrer|avenida|avinguda|plaza"
    r"|pla[çc]a|paseo|passeig|camino|\bc/|\brua\b|travessa|pra[çc]a|alameda|estrada|rodovia|\brue\b|avenue|boulevard"
    r"|\bbd\b|all[ée]e|impasse|chemin|quai|route|\bul\.|ulica|\bal\.|aleja|\bplac\b|\bos\.|gade\b|vej\b|v[æa]nge"
    r"|\ball[ée]\b|plads|gatan|v[äa]gen|\bpl\.)"
)
# A postcode of a shape that is an address by itself: PL 00-517, NL 1072 NX, PT 1000-205, BR 01304-001.
_DISTINCT_POSTCODE = re.compile(r"\d{2}-\d{3}|\d{4}[ \t]?[A-Z]{2}|\d{4,5}-\d{3}")
# Australia (state and 4 digits) and Canada (province and A1A 1A1) close an address as a ZIP does.
_AU_CA_ENDED = re.compile(
    rf"(?<![\w.,-])(?:(?:Unit|Apt|Flat|Suite)\.?[ \t]+\w{{1,5}},?[ \t]+)?\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}}[A-Za-z]?)?,?[ \t]+"
    rf"[{_U}][^\n]{{2,70}}?(?:\n[^\n]{{2,60}}?)?[ \t,]+(?:(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]+\d{{4}}"
    r"|(?:\(?(?:Québec|Quebec|Ontario|Alberta|QC|ON|BC|AB|MB|SK|NS|NB|NL|PE|YT|NU)\)?,?[ \t]+)?"
    r"[ABCEGHJ-NPRSTVXY]\d[A-Z][ \t]?\d[A-Z]\d)(?![\w])"
)
# Each branch opens with its capital so the scan skips to those letters; `(?<!\w.)` after the first
# letter is the `\b` before it (a leading `\b` would be tried at every position of the text).
_AU_ANCHOR = re.compile(
    r"(?:N(?<!\w.)(?:SW|T)|V(?<!\w.)IC|Q(?<!\w.)LD|S(?<!\w.)A|W(?<!\w.)A|T(?<!\w.)AS|A(?<!\w.)CT)[ \t]+\d{4}\b"
)
# Canada's provinces and big cities as the word set has them ("Québec" is "qu" and "bec"); the
# provinces' two-letter codes are not used, as lower-case "on" and "sk" are other words.
_CA_WORDS = wordset(
    "canada quebec bec ontario alberta manitoba columbia saskatchewan scotia brunswick toronto montreal montr "
    "vancouver ottawa calgary edmonton winnipeg halifax gatineau laval"
)
# Australia's states, as the word set has them.
_AU_WORDS = wordset("nsw vic qld tas act sa wa nt")
# The letter first (a class the scan skips to, not a digit and a lookbehind); the anchor is the
# match less that letter (`a.start() + 1`).
_CA_ANCHOR = re.compile(r"[ABCEGHJ-NPRSTVXY]\d[A-Z][ \t]?\d[A-Z]\d(?![\w])")
# The same less its letter, led by its first digit on the text with its digits written "0" (see `_zeroed`).
_CA_ANCHOR_ZERO = re.compile(r"0(?<=[ABCEGHJ-NPRSTVXY]0)[A-Z][ \t]?0[A-Z]0(?![\w])")
# Casual lower case, UK: "flat 2 19 st michaels rd bristol bs2 8dy".
_UK_LOWER = re.compile(
    r"(?<![\w.,/-])(?:(?:flat|apt|unit|studio)[ \t]+\w{1,4},?[ \t]+)?\d{1,5}[a-z]?,?[ \t]+(?:[a-z'’.]+[ \t]+){0,4}"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|crescent|cres|way|place|pl|grove|gardens|terrace|court"
    r"|ct|hill|mews|row|walk|square|sq),?[ \t]+(?:[a-z'’-]+,?[ \t]+){1,3}"
    r"[a-z]{1,2}\d[a-z\d]?[ \t]?\d[abd-hjlnp-uw-z]{2}(?![\w])"
)
_UK_SUFFIX_WORDS = wordset(
    "street st road rd avenue ave lane ln drive dr close crescent cres way place pl grove gardens terrace court ct hill "
    "mews row walk square sq"
)
_UK_LOWER_ANCHOR = re.compile(r"\d(?<=[a-z]\d)[a-z\d]?[ \t]?\d[abd-hjlnp-uw-z]{2}(?![a-z0-9])")
# The anchor less its look-ahead (which a window's end may satisfy), led by "0" on the text with its
# digits written "0" (see `_zeroed`): where it is nowhere, no window has an anchor.
_UK_LOWER_GATE = re.compile(r"0(?<=[a-z]0)[a-z0]?[ \t]?0[abd-hjlnp-uw-z]{2}")
# Romanised Japanese with a room between the block number and the ward: "2-14-3 Kichijoji Honcho, Apt 501, Musashino-shi".
_JP_ROMAN_ROOM = re.compile(
    r"(?<![\w-])\d{1,4}(?:-\d{1,4}){1,3},?\s+(?:[^,\n]{2,32},\s*){1,3}[A-Z][a-z]+-(?:ku|shi|cho|machi|gun|mura)\b"
    r",?\s*(?:[A-Z][a-z]+(?:-(?:to|fu|ken|do))?,?\s*)?(?:\d{3}-\d{4})?"
)
# South Asia and West Africa: "House 17, Street 9, F-7/2, Islamabad 44000", "House 12, Osu Badu Street, Dzorwulu, Accra".
_HOUSE_ADDRESS = re.compile(
    rf"(?<![\w])(?:House|H\.[ \t]?No\.?|Plot|Villa|Door[ \t]+No\.?|Flat[ \t]+No\.?)[ \t]*(?:No\.?[ \t]*)?#?\d{{1,5}}[A-Za-z]?"
    rf"(?:[/-]\d{{1,4}})?,[ \t]*(?:[^,\n]{{2,40}},[ \t]*){{1,4}}[{_U}][\w'’-]+(?:[ \t]+[{_U}][\w'’-]+)?(?:[ \t-]+\d{{4,6}})?"
)
_JP_ENDING = re.compile("-(?:shi|ku|cho|machi)")
# Vietnam: number and street, then ward (Phường), district (Quận), city.
_VN_ADDRESS = re.compile(
    r"(?:(?:Tầng|Lầu|Phòng)\s+\d{1,3},\s*)?\d{1,5}[A-Za-z]?(?:/\d{1,4})?\s+[^,\n]{3,40}"
    r"(?:,\s*(?:Phường|P\.|Quận|Q\.|Huyện|Xã|TP\.|Thành\s+phố|Tỉnh)\s*[^,\n]{1,30}){2,4}"
)
# A line or segment before an address that belongs to it: a flat, a building, a care-of.
_ADDRESS_PREFIX = re.compile(
    r"(?i:(?:c/o|flat|apt|apartment|unit|suite|house|building|bldg|r[ée]sidence|b[âa]t|appt|app|apto|piso|zimmer"
    r"|wohnung|t[ầa]ng|floor|[ée]tage|plot|block|villa|studio|room)\b\.?[^\n]{0,60})(?:,[ \t]*|[ \t]*\n[ \t]*)$"
)
_COUNTRY_AFTER = re.compile(
    r"(?:,[ \t]*|[ \t]*\n[ \t]*)(?:Canada|USA|U\.S\.A\.|United\s+States|UK|United\s+Kingdom|England|Scotland|Wales"
    r"|Germany|Deutschland|France|Spain|España|Italy|Italia|Japan|Australia|India|Netherlands|Nederland|Poland"
    r"|Polska|Brazil|Brasil|Denmark|Danmark|Schweiz|Suisse|Switzerland|Austria|Österreich|Portugal|Belgium"
    r"|Belgique|België|Ireland|Mexico|México|Vietnam|Việt\s+Nam|Pakistan|Ghana|Nigeria|Kenya)\b"
)


def _widened(text: str, lower: str, words: frozenset[str], found: list[Finding], zeroed: str | None) -> None:
    """The wider phrasings above; each gated on its words or a cheap `in` test."""
    _lock_codes(text, lower, words, found)
    if not words.isdisjoint(_BIRTH_WORDS) or "生" in text or "d.o.b" in lower:
        _birth_dates(text, lower, words, found)
    _plates_more(text, lower, words, found, zeroed)
    _passports_more(text, lower, words, found)
    _licences_more(text, lower, words, found)
    _banks_more(text, lower, words, found)
    _addresses_more(text, lower, words, found, zeroed)
    _repeats(text, found, ("pin", "passport", "drivers_license", "bank_account", "license_plate"))


def _plates_more(
    text: str, lower: str, words: frozenset[str], found: list[Finding], zeroed: str | None
) -> None:
    more = () if words.isdisjoint(_PLATE_MORE_WORDS) else present(lower, _PLATE_MORE_NEEDLES)
    for lo, hi in windows(lower, more, 24, 60):
        for m in _PLATE_MORE.finditer(text, lo, hi):
            _plate_value(m.start("value"), m.end("value"), m.group("value"), found)
    cues = tuple(words & _VEHICLE_CUES)
    if not cues:
        return
    # Distinctive: anywhere in a text about vehicles. Most such texts have no capital or capital and
    # separator right before four digits; those skip the pattern led by a class (see `_zeroed`).
    plates = _IN_PLATE.finditer(text) if zeroed is None or _IN_PLATE_GATE.search(zeroed) else ()
    for m in plates:
        start = m.start()
        if text[start : start + 2] in _IN_STATES and not re.match(r"[A-Za-z0-9-]", text[start - 1 : start]):
            found.append(Finding("license_plate", start, m.end(), "plate_in"))
    for lo, hi in word_windows(lower, cues, 40, 60):
        for m in _PLATE_SHAPE.finditer(text, lo, hi):
            _plate_value(m.start(), m.end(), m.group(0), found)


_VEHICLE_CUES = wordset(
    "car cars van truck lorry vehicle motorbike motorcycle scooter parked parking park driveway dashcam dvla dmv rto "
    "taxi cab suv towed tow speeding plate plates wagen auto fahrzeug voiture hicule coche culo macchina veicolo carro "
    "samoch pojazd bil bilen kenteken"
)


def _plate_value(start: int, end: int, value: str, found: list[Finding]) -> None:
    compact = value.replace(" ", "").replace("-", "")
    letters = sum(c.isalpha() for c in compact)
    digits = sum(c.isdigit() for c in compact)
    letters_only = "".join(c for c in compact if c.isalpha())
    if letters_only in ("AA", "AAAA", "ABCD", "AB", "ABC", "XX", "XXX", "XYZ", "XY"):
        return  # the textbook example of a plate's format: "AA-123-AA", "AB-123-CD"
    if 4 <= len(compact) <= 9 and digits and letters >= 2:
        found.append(Finding("license_plate", start, end, "plate_more"))


_PASSPORT_WORDS_ALL = _PASSPORT_WORDS | wordset(
    "passports paspoortnummer pasnummer passportnumber passportno passport_no passeports pasaportes "
    "paszport paszportu paszportem pasaport pasaportu pasaportum document"
)


def _passports_more(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "<<" in text and "P<" in text:
        for m in _MRZ.finditer(text):
            # The two lines' layout is proof enough; the check digit is not required, as people
            # retype the zone by hand and get it wrong.
            doc = m.group("doc").rstrip("<")
            found.append(Finding("passport", m.start("doc"), m.start("doc") + len(doc), "mrz"))
            found.append(Finding("date_of_birth", m.start("dob"), m.end("dob"), "mrz"))
    if words.isdisjoint(_PASSPORT_WORDS_ALL):
        return
    needles = present(
        lower,
        (
            "passport",
            "reisepass",
            "passeport",
            "pasaporte",
            "passaport",
            "paspoort",
            "pasnummer",
            "passnummer",
            "paszport",
            "pasaport",
            "travel document",
        ),
    )
    for lo, hi in windows(lower, needles, 1, 80):
        for label in _PASSPORT_LABEL.finditer(text, lo, hi):
            gap = _PASSPORT_GAP.match(text, label.end())
            v = _PASSPORT_VALUE.match(text, gap.end() if gap else label.end())
            if v is None:
                nation = _PASSPORT_NATION.match(text, label.end())
                owner = _PASSPORT_OWNER.match(text, label.end())
                after = nation.end() if nation and nation.end() > label.end() else owner.end() if owner else 0
                v = _PASSPORT_VALUE.match(text, after) if after else None
            if v is None or v.start() == label.end():
                continue
            value = v.group(0)
            digits = sum(c.isdigit() for c in value)
            plausible = digits >= 4 or (digits >= 1 and len(value) >= 8 and not value.isalpha())
            if plausible and not re.fullmatch(r"(?:19|20)\d\d", value):
                found.append(Finding("passport", v.start(), v.end(), "passport_loose"))


def _licences_more(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if words.isdisjoint(("licence", "license", "dl")):
        return
    for lo, hi in windows(lower, present(lower, ("licence", "license", "dl")), 40, 80):
        for m in _LICENCE_LOOSE.finditer(text, lo, hi):
            context = lower[max(0, m.start() - 80) : m.end() + 60]
            uk_shape = _UK_DL_SHAPE.fullmatch(m.group("value")) is not None
            if not uk_shape and (_SOFTWARE.search(context) or not _DRIVING.search(context)):
                continue
            label = lower[m.start() : m.start("value")]
            if label.startswith("dl") and not re.search(
                r"\b(?:my|his|her|your|state|[a-z]{2,})\s+$", lower[max(0, m.start() - 16) : m.start()]
            ):
                continue
            if label.startswith("licen") and not re.search(r"number|no|nr|#|id|\bis\b|:", label):
                continue  # "licence 2019": only "licence number …", "licence is …", "licence: …"
            _licence(m, found)


_BANK_FOREIGN_WORDS = wordset(
    "routing aba ruta tr nsito transito cuenta compte konto kontonummer kontonr conto conta rekening rekeningnummer reg"
)


def _banks_more(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "sort" in words and not words.isdisjoint(("account", "acct", "acc", "account_number")):
        _bank_table(text, lower, found, header="sort")
    if words.isdisjoint(_BANK_FOREIGN_WORDS):
        return
    for lo, hi in windows(lower, present(lower, _ACCOUNT_FOREIGN_NEEDLES), 24, 60):
        for m in _ACCOUNT_FOREIGN.finditer(text, lo, hi):
            found.append(Finding("bank_account", m.start("value"), m.end("value"), "account_foreign"))
    routing = tuple(w for w in ("routing", "ruta", "transito", "aba") if w in words) + present(
        lower, ("tránsito",)
    )
    for lo, hi in windows(lower, routing, 16, 60):
        for m in _ROUTING_FOREIGN.finditer(text, lo, hi):
            if checksums.aba_routing(m.group("value")):
                found.append(Finding("bank_account", m.start("value"), m.end("value"), "aba_routing"))
    # "routing + account … 113155981 and 58102937466": both named, then given, in either order.
    if routing and present(lower, ("account", "acct", "cuenta", "konto", "compte", "conta")):
        for lo, hi in windows(lower, routing, 60, 140):
            numbers = list(_PAIR_NUMBER.finditer(text, lo, hi))
            valid = [n for n in numbers if len(n.group(0)) == 9 and checksums.aba_routing(n.group(0))]
            if not valid:
                continue
            for n in numbers:
                near = any(abs(n.start() - v.start()) <= 48 for v in valid)
                if n in valid or (
                    near
                    and not re.search(
                        r"[.!?\n]", text[min(n.end(), valid[0].end()) : max(n.start(), valid[0].start())]
                    )
                ):
                    found.append(Finding("bank_account", n.start(), n.end(), "routing_pair"))


_FIELD_STEMS = (
    "address",
    "addr",
    "street",
    "adresse",
    "anschrift",
    "direcci",
    "indirizzo",
    "endere",
    "adres",
    "morada",
    "domicilio",
)


_BR_NEEDLES = (
    "Rua ",
    "R. ",
    "Avenida ",
    "Av. ",
    "Travessa ",
    "Tv. ",
    "Praça ",
    "Alameda ",
    "Al. ",
    "Estrada ",
    "Rodovia ",
    "Largo ",
)
_BR_WORDS = wordset("rua avenida av travessa pra alameda estrada rodovia largo")
_HOUSE_WORDS = wordset("house plot villa door flat")
_HOUSE_NEEDLES = ("House", "H.No", "H. No", "Plot", "Villa", "Door No", "Flat No")


def _matches_at(pattern: re.Pattern[str], text: str, needles: tuple[str, ...]) -> list[re.Match[str]]:
    """`pattern` tried only where one of its literal first words is: cheaper than a search."""
    out = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            m = pattern.match(text, i) if not text[i - 1 : i].isalnum() else None
            if m is not None:
                out.append(m)
            i = text.find(needle, i + 1)
    return out


_FIELD_WORDS = wordset(
    "address addr street adresse anschrift indirizzo adres morada domicilio direcci endere"
)
_FIELD_TAIL = re.compile(r"[\w-]*[\"']?[ \t]*[:=]")


def _field_matches(lower: str, text: str) -> list[re.Match[str]]:
    """`_ADDRESS_FIELD` tried only at a key ("shipping_address", "street") followed by ":" or "="."""
    out = []
    for stem in present(lower, _FIELD_STEMS):
        i = lower.find(stem)
        while i >= 0:
            if _FIELD_TAIL.match(lower, i + len(stem)):
                start = i
                while start and (lower[start - 1].isalpha() or lower[start - 1] == "_"):
                    start -= 1
                m = _ADDRESS_FIELD.match(text, start)
                if m is not None:
                    out.append(m)
            i = lower.find(stem, i + len(stem))
    return out


def _addresses_more(
    text: str, lower: str, words: frozenset[str], found: list[Finding], zeroed: str | None
) -> None:
    def add(start: int, end: int, detector: str) -> None:
        _address(text, lower, start, end, True, found)
        if (
            found
            and found[-1].kind == "postal_address"
            and found[-1].detector == "address"
            and found[-1].start == start
        ):
            found[-1] = Finding("postal_address", start, found[-1].end, detector)

    for m in _field_matches(lower, text) if not words.isdisjoint(_FIELD_WORDS) else ():
        if True:
            key = m.group("key").lower()
            if _NOT_POSTAL_KEY.match(key) and key not in ("address", "street"):
                continue
            group = "quoted" if m.group("quoted") is not None else "bare"
            value = m.group(group).strip()
            if not (_DIGIT.search(value) and re.search(rf"[{_U}][a-zà-ÿ]{{2,}}", value)):
                continue
            if re.search(r"@|://|0x|\d+\.\d+\.\d+|[0-9a-f]{2}:[0-9a-f]{2}:", value, re.I):
                continue
            if group == "bare" and not ("," in value or _ADDRESS_HINT.search(value)):
                continue
            start = m.start(group) + (len(m.group(group)) - len(m.group(group).lstrip()))
            add(start, start + len(value), "address_field")
    # Postcode and town after a street with its number; the postcode is where the search starts.
    # Only a postcode at the start of a line or after a comma, with a house number before it.
    spans = [
        (max(0, p.start() - 110), p.end() + 50)
        for pattern in _EU_POSTCODES
        for p in pattern.finditer(text)
        if _HOUSE_NUMBER.search(text, max(0, p.start() - 110), p.start() + 1)
    ]
    for lo, hi in merge(spans):
        for m in _EU_ADDRESS.finditer(text, lo, hi):
            if _EU_STREET_WORD.search(m.group("street")) or _DISTINCT_POSTCODE.fullmatch(m.group("postcode")):
                add(m.start(), m.end(), "address_eu")
    if "-" in text and not words.isdisjoint(_BR_WORDS):
        for m in _matches_at(_BR_ADDRESS, text, _BR_NEEDLES):
            add(m.start(), m.end(), "address_br")
    anchors: list[tuple[int, int]]
    if words.isdisjoint(_CA_WORDS):
        anchors = []
    elif zeroed is None:
        anchors = [(a.start() + 1, a.end()) for a in _CA_ANCHOR.finditer(text)]
    else:
        anchors = [a.span() for a in _CA_ANCHOR_ZERO.finditer(zeroed)]
    anchors += (
        [(a.start(), a.end()) for a in _AU_ANCHOR.finditer(text)] if not words.isdisjoint(_AU_WORDS) else []
    )
    for a_start, a_end in anchors:
        for m in _AU_CA_ENDED.finditer(text, max(0, a_start - 120), a_end):
            if m.end() == a_end:
                add(m.start(), m.end(), "address_au_ca")
                break
    suffixes = tuple(words & _UK_SUFFIX_WORDS)  # the postcode comes within reach after the street's suffix
    if zeroed is not None and suffixes and _UK_LOWER_GATE.search(zeroed) is None:
        suffixes = ()  # "st", "way", "place" are in most texts; a lower-case postcode is in few
    for lo, hi in word_windows(lower, suffixes, 0, 48) if suffixes else ():
        for a in _UK_LOWER_ANCHOR.finditer(text, lo, hi):
            for m in _UK_LOWER.finditer(text, max(0, a.start() - 90), a.end()):
                if m.end() == a.end():
                    add(m.start(), m.end(), "address_uk")
                    break
    # One scan to a hyphen for all four endings, before four substring searches.
    jp = [w for w in ("-shi", "-ku", "-cho", "-machi") if w in text] if _JP_ENDING.search(text) else []
    for lo, hi in windows(text, tuple(jp), 110, 40):
        for m in _JP_ROMAN_ROOM.finditer(text, lo, hi):
            add(m.start(), m.end(), "address_jp")
    for m in _matches_at(_HOUSE_ADDRESS, text, _HOUSE_NEEDLES) if not words.isdisjoint(_HOUSE_WORDS) else ():
        add(m.start(), m.end(), "address_house")
    if "Phường" in text or "Quận" in text:
        for m in _VN_ADDRESS.finditer(text):
            add(m.start(), m.end(), "address_vn")
    # Widen every address over a flat or care-of line before it and a country after it.
    for i, f in enumerate(found):
        if f.kind != "postal_address":
            continue
        start, end = f.start, f.end
        for _ in range(3):
            # The prefix ends in a comma or a line break (then spaces): where the text before the
            # address does not, the search (case-blind, at every position of 80) cannot match.
            if text[max(0, start - 80) : start].rstrip(" \t")[-1:] not in (",", "\n"):
                break
            head = _ADDRESS_PREFIX.search(text, max(0, start - 80), start)
            if head is None or head.end() != start:
                break
            line_start = max(text.rfind("\n", 0, head.start()) + 1, text.rfind(",", 0, head.start()) + 1)
            start = line_start + (
                len(text[line_start : head.start()]) - len(text[line_start : head.start()].lstrip())
            )
            if start != head.start() and text[start : head.start()].strip():
                start = head.start()
        tail = _COUNTRY_AFTER.match(text, end)
        end = tail.end() if tail else end
        if (start, end) != (f.start, f.end):
            found[i] = Finding(f.kind, start, end, f.detector)
