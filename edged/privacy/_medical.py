"""Health details, pay and medical record numbers in the shapes that `_personal` does not cover.

Record numbers behind their many labels (MRN, NHS number, hospital number, chart #, Medicare MBI,
Versichertennummer, numéro de dossier, 診察券番号, an HL7 PID segment); health details in forms and
notes ("Conditions: …", "medication: …", "<Name>, 54, asthma, started …", "my blood test showed …",
"<Name> disclosed …"), in French, German and Japanese; pay in other languages ("mein Gehalt
beträgt …", "je gagne …", "私の年収は…") and in letters ("with an annual salary of …").

Every detector first checks for its literal words, then runs its regexes only in windows around them.
"""

from __future__ import annotations

import re

from edged.privacy._common import (
    Finding,
    anchored,
    merge,
    non_ascii,
    occurrences,
    other_digits,
    present,
    windows,
    word_windows,
    wordset,
)
from edged.privacy._personal import (
    _COND_FULL,
    _DOSE,
    _DRUG,
    _GENERIC_HEALTH,
    _GENERIC_PAY,
    _MED_SUFFIX,
    _MODIFIERS,
    _MONEY,
    _NAME2,
    _REL_NAME,
    _RELATION,
    _STATE,
)

__all__ = ["scan_medical"]


# ---------------------------------------------------------------------------- medical record numbers
_MRN_LABEL = re.compile(
    r"(?i:\b(?:mrn|medical\s+record|patienten|patient|hospital|nhs|chart|medicare|medicaid|mbi|health\s+card|chi|ehic|ur|emr|ehr"
    r"|krankenversicherten|versicherten|fall|dossier)(?:\s*(?:nummer|id|number|no\.?|nr\.?|num|#"
    r"|identifier|beneficiary\s+identifier))?|versichertennummer|patientennummer|patienten-id|fallnummer"
    r"|num[ée]ro\s+de\s+dossier(?:\s+(?:patient|m[ée]dical))?|num[ée]ro\s+(?:de\s+)?patient"
    # The same label in Dutch, Spanish, Portuguese, Italian, Polish and Swedish; NFKC makes "n.º" "n.o".
    r"|pati[ëe]ntnummer|journalnummer|historia\s+cl[íi]nica|n[úu]mero\s+de\s+(?:historia|paciente)"
    r"|prontu[áa]rio|cartella\s+clinica|(?:numero|codice)\s+(?:del\s+)?paziente|(?:numer\s+)?karty\s+pacjenta"
    r"|numer\s+pacjenta)(?:\s*(?:n\.?\s?[°º]\.?|n\.o\b|n\.|nr\.?|no\.?|#))?"
)
_MRN_LABEL_JA = re.compile(r"(?:診察券番号|診察券|患者ID|患者番号|カルテ番号|被保険者番号|保険証番号)")
# The identifier: groups of capitals and digits ("E75481728", "938 570 2599", "5GM4-R80-MG06"), a
# hospital's code between year and number ("2026-XYZ-0012345"), slashes ("AB/2025/00123").
_MRN_VALUE = re.compile(
    r"\s*(?:(?i:ist|is|est|was|lautet|:|#|=|-|：)\s*){0,2}(?:(?i:is)\s+)?(?:は)?['\"]?"
    r"(?P<v>(?:[A-Z]{1,4}[-/])?[A-Z0-9]*\d[A-Z0-9]*(?:[- /](?=[A-Z0-9]*\d|[A-Z]{2,8}[-/]\d)[A-Z0-9]{2,8}){0,3})"
    r"(?![A-Za-z0-9-])"
)
# "NHS number for my mum (Jane Roe) is …", "MRN at St Mary's is …": whose record, then the verb.
_MRN_DETOUR = re.compile(
    r"\s+(?i:for|at|of|from|with)\s+[^\d\n.:;?!]{2,48}?\s+(?i:is|was|=|:)\s*['\"]?(?=[A-Z0-9])"
)
# Words that make a bare "patient"/"hospital"/"chart" a record label rather than prose.
_MRN_STRONG = ("mrn", "medical record", "nhs", "medicare", "mbi", "versicherten", "dossier", "fallnummer")
_HL7_PID = re.compile(r"(?m)(?:^|(?<=\s))PID\|[^|\n]*\|[^|\n]*\|(?P<v>[^|^~\n]{4,20})\^")


_MRN_WORDS = wordset(
    "mrn medical patient hospital nhs chart medicare medicaid mbi ur emr ehr health versichertennummer krankenversichertennummer "
    "versicherten patienten patientennummer fallnummer dossier patiëntnummer patientnummer journalnummer "
    "historia numero paciente prontuario cartella paziente pacjenta"
)


_DIGIT = re.compile(r"\d")


def _japanese(text: str) -> bool:
    """Japanese prose: not ASCII, with its full stop or comma (one look before any longer one)."""
    return not text.isascii() and ("。" in text or "、" in text)


def _mrn(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    def before_a_number(i: int, j: int) -> bool:  # a whole word with a digit soon after it
        if (i and lower[i - 1].isalpha()) or lower[j : j + 1].isalpha():
            return False
        return _DIGIT.search(lower, j, j + 48) is not None

    needles = tuple(words & _MRN_WORDS)
    if not text.isascii():  # labels whose accented letter splits them out of `words`
        needles += present(lower, ("patiëntnummer", "prontuário"))
    for lo, hi in anchored(lower, needles, 24, 80, before_a_number):
        for m in _MRN_LABEL.finditer(text, lo, hi):
            label = m.group(0).lower()
            if label in (
                "patient",
                "hospital",
                "chart",
                "dossier",
                "fall",
                "chi",
                "patienten",
                "health card",
                "ur",
                "emr",
                "ehr",
                "medicaid",
            ):
                continue  # a bare word: "patient 12" is a bed, not a record
            v = _MRN_VALUE.match(text, m.end())
            if v is None or sum(c.isdigit() for c in v.group("v")) < 5:
                detour = _MRN_DETOUR.match(text, m.end())
                v = _MRN_VALUE.match(text, detour.end()) if detour else v
            if v is None:
                continue
            value = v.group("v").rstrip(" -")
            if sum(c.isdigit() for c in value) < 5:
                continue
            start = v.start("v")
            if start == m.end() and label == "mrn":
                start = m.start()  # "MRN0409140": the label is part of the number
            found.append(Finding("medical_record", start, v.start("v") + len(value), "mrn_label"))
    if "PID|" in text:
        for m in _HL7_PID.finditer(text):
            if any(c.isdigit() for c in m.group("v")):
                found.append(Finding("medical_record", m.start("v"), m.end("v"), "hl7_pid"))
    if _japanese(text):
        for m in _MRN_LABEL_JA.finditer(text):
            v = _MRN_VALUE.match(text, m.end())
            if v is not None and sum(c.isdigit() for c in v.group("v")) >= 5:
                found.append(Finding("medical_record", v.start("v"), v.end("v"), "mrn_ja"))


# ------------------------------------------------------------------------------------ health details
_MED = rf"(?:(?:{_DRUG}|{_MED_SUFFIX})(?:\s+[a-z]{{5,}})?(?:\s+{_DOSE})?|[a-z]{{4,}}(?:\s+[a-z]{{4,}})?\s+{_DOSE})"
_ITEM = rf"(?:{_MODIFIERS}{_COND_FULL}|{_MED})"
# "Conditions: asthma; medication: sertraline 50 mg", "allergic to penicillin", "Dx: …", "Rx: …".
_H_FIELD = re.compile(
    r"(?i:\b(?:diagnos[ie]s|dx|(?:pre-existing\s+|medical\s+|chronic\s+)?conditions?|medical\s+history|history"
    r"|medications?|meds|prescriptions?|rx|allerg(?:y|ies)|health\s+issues?)\b[^:;.\n]{0,40}?:\s*"
    r"|\b(?P<allergic>allergic|allergy)\s+to\s+)"
    rf"(?P<what>(?i:{_ITEM}|[a-z]{{4,}}(?:cillin|mycin|sulfa|aspirin|ibuprofen|nuts|latex)|penicillin|sulfa"
    r"|aspirin|ibuprofen|peanuts|nuts|latex|shellfish|codeine|morphine))(?![\w-])"
)
_FIELD_WORDS = wordset(
    "diagnosis diagnoses dx condition conditions history medication medications meds prescription "
    "prescriptions rx allergic allergy allergies health"
)
# Whose allergy: the writer's, a relative's, a patient's.
_ALLERGIC_WHO = re.compile(
    rf"(?:\bi'm|\bi’m|\bi\s+am|\bi\s+was|\b(?:my|our)\s+(?:\w+\s+)?{_RELATION}(?:\s+[a-z]+)?\s+(?:is|was|'s)"
    r"|\bpatient(?:\s+[a-z]+){0,2}\s+is|\bknown|\bi'm\s+severely|\bi\s+am\s+severely)\s+(?:\w+\s+)?$"
)
# Whose record a field belongs to: a named person, a patient, "my"/"his"/"her", an age.
_FIELD_WHO = re.compile(
    rf"(?i:\b(?:my|his|her|their|our|patient|client|employee|resident|member|pt)\b|\b\d{{1,3}}\s*(?:y/?o|years?\s+old))"
    rf"|(?<![\w]){_NAME2}"
)
# "Tonya Walker, asthma, started metformin": a clinical note's header, then its findings.
_NOTE_HEAD = re.compile(
    rf"(?:(?i:patient)\s+)?(?:{_NAME2}|(?<![\w])[A-Z][a-z]+)\s*,\s*(?:(?i:aged?)\s+)?\d{{1,3}}\s*(?:(?i:y/?o|yrs?|years?(?:\s+old)?|[MF]))?\s*,"
)
_AGE_FIELD = re.compile(r",\s*(?:(?i:aged?)\s+)?\d{1,3}\s*(?:[A-Za-z/]{1,3}|(?i:years?(?:\s+old)?))?\s*,")
_NOTE_ITEM = re.compile(
    rf"(?i:(?:^|,|;|\band\b|\bwith\b|\bof\b)\s*(?P<what>{_MODIFIERS}{_COND_FULL}|(?:\d+\s+weeks?\s+)?{_STATE})(?![\w-])"
    rf"|\b(?:started|starting|on|taking|takes|prescribed)\s+(?P<med>{_MED}|{_MODIFIERS}{_COND_FULL})(?![\w-])"
    r"|\b(?:presents\s+with|presenting\s+with|complains\s+of|c/o|admitted\s+(?:for|with))\s+"
    r"(?P<sign>[a-z][\w' -]{2,60}?)(?=\s*(?:[.,;\n]|\band\b|$)))"
)
_LAB = (
    r"(?:hba1c|a1c|egfr|ldl|hdl|psa|tsh|cd4(?:\s+count)?|viral\s+load|ejection\s+fraction|cholesterol|creatinine"
    r"|blood\s+(?:sugar|glucose|pressure)|glucose|inr|ferritin|ha?emoglobin|platelets?|white\s+(?:blood\s+)?cell\s+count"
    r"|triglycerides|vitamin\s+d|b12|bmi|sats|oxygen\s+saturation|heart\s+rate)"
)
_LAB_VALUE = (
    rf"(?:an?\s+|the\s+)?(?:(?:low|high|raised|elevated|reduced)\s+)?{_LAB}\s*(?:level\s+|count\s+)?"
    r"(?:of|is|was|at|:|=)?\s*\d+(?:[.,/]\d+)?\s*(?:%|mg/dl|mmol/l|mmol/mol|mmhg|ng/ml|µmol/l|umol/l|miu/l"
    r"|copies(?:/ml)?|bpm|kg/m2|g/l|g/dl)?"
)
# "my last blood test showed …", "her MRI came back with …", "my HbA1c is 8.2".
_H_RESULT = re.compile(
    r"(?i:\b(?:my|his|her|our|their)\s+(?:(?:last|latest|recent|new|first|annual|routine|blood|lab|mri|ct|pet"
    r"|x-ray|biopsy|pregnancy|hiv|std|sti|covid|pcr|genetic|dna|thyroid|liver|kidney|cholesterol|glucose|urine"
    r"|pathology|ultrasound|mammogram|smear|pap)\s+){0,3}"
    r"(?:tests?|labs?|results?|bloodwork|blood\s+work|scan|mri|ct|x-ray|biopsy|panel|screening|ultrasound"
    r"|mammogram|smear|ecg|ekg|echo)\s+(?:showed|shows|revealed|reveals|came\s+back(?:\s+with)?|indicated"
    r"|indicates|found|confirmed|detected)\s+)"
    r"(?P<what>[^.;,\n!?]{3,60}?)(?=\s*(?:[.;,\n!?]|\band\b|\bbut\b|\bso\b|$))"
)
_TEST_NOUN = re.compile(
    r"(?:tests?|labs?|results?|bloodwork|work|scan|mri|ct|x-ray|biopsy|panel|screening|ultrasound|mammogram|smear"
    r"|ecg|ekg|echo)\s+(?:came\s+)?$"
)
_RESULT_WORDS = wordset("showed shows revealed reveals came indicated indicates found confirmed detected")
_H_LAB = re.compile(
    rf"(?i:\b(?:my|his|her|our)\s+(?:(?:last|latest|recent|current)\s+)?(?P<what>{_LAB_VALUE}))(?![\w.])"
)
# "Note to self: HbA1c 8.2, up from 7.4": a value of a telling test, near "I"/"my"/"me".
_H_LAB_BARE = re.compile(
    r"(?i:\b(?P<what>(?:hba1c|a1c|egfr|psa|cd4(?:\s+count)?|viral\s+load|ldl|tsh|inr)\s*(?:of|is|was|at|:|=)?\s*"
    r"\d+(?:[.,]\d+)?\s*(?:%|mmol/mol|mmol/l|mg/dl|ng/ml|copies(?:/ml)?)?))(?![\w.])"
)
_WRITER = re.compile(r"\b(?:i|i'm|i’m|i've|my|me)\b")
_LAB_WORDS = wordset(
    "egfr ldl hdl psa tsh ejection cholesterol creatinine sugar glucose inr ferritin hemoglobin haemoglobin "
    "platelet platelets triglycerides bmi saturation"
)
# "<Name> disclosed HIV", "<Name> was diagnosed with …", "<Name> is on medical leave for …".
_H_NAMED = re.compile(
    rf"(?<![\w]){_NAME2}(?:'s\s+\w+)?\s+(?:has\s+|had\s+|recently\s+)?(?:disclosed|was\s+diagnosed\s+with"
    r"|has\s+been\s+diagnosed\s+with|is\s+being\s+treated\s+for|suffers\s+from|tested\s+positive\s+for"
    r"|(?:is|went|has\s+been)\s+on\s+(?:medical|sick)\s+leave\s+(?:for|due\s+to|because\s+of|with))\s+"
    rf"(?P<what>(?i:{_MODIFIERS}{_COND_FULL}))(?![\w-])"
)
# "<Name> is on medical leave for a torn ACL until June", "I'm off sick with …": the reason is the detail.
_H_LEAVE = re.compile(
    rf"(?:(?<![\w]){_NAME2}|(?i:\bi|\bmy\s+(?:\w+\s+)?{_RELATION}{_REL_NAME}))(?:\s+|(?=['’]))"
    r"(?i:(?:is|am|'m|’m|was|were|has\s+been|have\s+been|'ve\s+been|’ve\s+been|went|got|will\s+be)\s+"
    r"(?:currently\s+|now\s+|still\s+|just\s+|recently\s+)?(?:on\s+(?:medical|sick|disability)\s+leave|off\s+sick"
    r"|signed\s+off(?:\s+work)?|off\s+work|unfit\s+for\s+work|hospitali[sz]ed|admitted(?:\s+to\s+(?:hospital|the\s+\w+))?"
    r"|in\s+hospital)\s+(?:for|due\s+to|because\s+of|with|after)\s+)"
    r"(?P<what>[^.;,\n!?]{3,50}?)(?=\s*(?:[.;,\n!?]|\b(?:until|since|from|till|and|for|on|last|this|in|at|but)\b|$))"
)
_H_NAMED_WORDS = wordset("disclosed diagnosed treated suffers positive leave")
_LEAVE_WORDS = wordset("leave sick signed unfit work hospitalised hospitalized admitted hospital")

_FR_REL = (
    r"(?:fils|fille|m[èe]re|p[èe]re|mari|femme|[ée]pouse|[ée]poux|fr[èe]re|s(?:œ|oe)ur|enfant|ami|amie|conjointe?"
    r"|compagnon|compagne|grand-m[èe]re|grand-p[èe]re|patiente?|b[ée]b[ée]|coll[èe]gue)"
)
_FR_COND = (
    r"(?:diab[èe]te(?:\s+de\s+type\s+(?:1|2|i|ii))?|(?:un\s+)?cancer(?:\s+(?:du|de\s+la|des|de\s+l')\s*\w+)?"
    r"|trouble\s+(?:bipolaire|anxieux(?:\s+g[ée]n[ée]ralis[ée])?|obsessionnel(?:[\s-]compulsif)?|d[ue]s?\s+\w+(?:\s+\w+)?)"
    r"|d[ée]pression|scl[ée]rose\s+en\s+plaques|maladie\s+(?:de\s+\w+|d'\w+|c(?:œ|oe)liaque)|[ée]pilepsie|asthme"
    r"|autisme|tdah|vih|sida|h[ée]patite\s+[abc]|schizophr[ée]nie|anorexie|boulimie|leuc[ée]mie|lymphome"
    r"|hypertension(?:\s+art[ée]rielle)?|polyarthrite\s+rhumato[iï]de|insuffisance\s+\w+|mucoviscidose"
    r"|endom[ée]triose|alzheimer|parkinson|hernie\s+discale)"
)
_H_FRENCH = re.compile(
    rf"(?i:\b(?:j'ai|j’ai|je\s+suis\s+atteinte?\s+d[e'’u]\s*|je\s+souffre\s+d[e'’u]\s*"
    rf"|(?:mon|ma|notre)\s+{_FR_REL}(?:\s+(?-i:[A-Z]\w+))?\s+(?:a|souffre\s+d[e'’u]|est\s+atteinte?\s+d[e'’u]"
    r"|a\s+(?:un|une)|a\s+été\s+diagnostiquée?\s+(?:avec|d[e'’u]))\s*)"
    rf"(?P<what>(?:une?\s+|l[ae]\s+|l['’]|d[e'’]\s*)?{_FR_COND}))(?![\w-])"
)
_FR_WHO = wordset("je mon ma notre")
_DE_WHO = wordset("ich mein meine unser unsere bei")
_ES_WHO = wordset("tengo padezco mi mis minha meu")
_H_SPANISH = re.compile(
    r"(?i:\b(?:tengo|padezco(?:\s+de)?|sufro\s+de|(?:mi|mis|minha|meu)\s+(?:madre|padre|hij[oa]|espos[oa]|marido|mujer"
    r"|herman[oa]|pareja|abuel[oa]|m[ãa]e|pai|filh[oa]|irm[ãa]o?)(?:\s+(?-i:[A-Z]\w+))?\s+(?:tiene|tem|padece(?:\s+de)?"
    r"|sufre\s+de|fue\s+diagnosticad[oa]\s+con|foi\s+diagnosticad[oa]\s+com))\s+)"
    r"(?P<what>(?i:(?:una?\s+|um\s+|uma\s+)?(?:diabetes(?:\s+tipo\s+(?:1|2|i|ii))?|c[áa]ncer(?:\s+de\s+\w+)?"
    r"|depresi[óo]n|depress[ãa]o|ansiedad|ansiedade|epilepsia|asma|esclerosis\s+m[úu]ltiple|trastorno\s+\w+(?:\s+\w+)?"
    r"|transtorno\s+\w+|autismo|tdah|vih|hiv|sida|hepatitis\s+[abc]|esquizofrenia|leucemia|linfoma|alzh?eimer"
    r"|parkinson|hipertensi[óo]n|hipertens[ãa]o|artritis(?:\s+reumatoide)?|enfermedad\s+de\s+\w+|doen[çc]a\s+de\s+\w+)))"
    r"(?![\w-])"
)
_DE_REL = (
    r"(?:sohn|tochter|mutter|vater|mann|frau|bruder|schwester|kind|freund|freundin|partner|partnerin|oma|opa"
    r"|gro(?:ß|ss)mutter|gro(?:ß|ss)vater|kollege|kollegin|patient|patientin)"
)
_DE_COND = (
    r"(?:diabetes(?:\s+typ\s+(?:1|2|i|ii))?|typ[\s-](?:1|2)[\s-]diabetes|\w*krebs|depressionen?|epilepsie|asthma"
    r"|multiple\s+sklerose|morbus\s+\w+|bipolare\s+st[öo]rung|\w+st[öo]rung|adhs|autismus|hiv|aids|schizophrenie"
    r"|leuk[äa]mie|demenz|alzheimer|parkinson|bluthochdruck|rheuma|\w+erkrankung|\w+entz[üu]ndung|zöliakie"
    r"|bandscheibenvorfall|burn-?out)"
)
_H_GERMAN = re.compile(
    rf"(?i:\b(?:ich\s+habe|ich\s+leide\s+an|bei\s+mir\s+wurde|(?:mein|meine|unser|unsere)\s+{_DE_REL}"
    r"(?:\s+(?-i:[A-Z]\w+))?\s+(?:hat|leidet\s+an|wurde\s+mit|ist\s+an))\s+"
    rf"(?P<what>(?:eine?n?\s+|einer\s+)?{_DE_COND}))(?![\w-])"
)
_JA_WHO = (
    "私|僕|俺|わたし|父|母|夫|妻|息子|娘|兄|弟|姉|妹|祖父|祖母|子供|子ども|彼|彼女|友人|同僚|上司|部下|患者"
)
_H_JAPANESE = re.compile(
    rf"(?:{_JA_WHO})(?:さん)?(?:は|が)(?P<what>[^、。\n]{{1,40}}?)(?:と診断|を患|の治療|で入院|を発症|にかかって)"
)


def _generic(lower: str, start: int) -> bool:
    """Whether the sentence before `start` speaks of people in general or of a character."""
    sentence = max(lower.rfind(".", 0, start), lower.rfind("?", 0, start), lower.rfind("\n", 0, start))
    return _GENERIC_HEALTH.search(lower, max(sentence + 1, start - 100), start) is not None


def _health(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    def field_label(i: int, j: int) -> bool:  # a whole word, with a colon soon after or "allergic to"
        if (i and lower[i - 1].isalpha()) or lower[j : j + 1].isalpha():
            return False
        return ":" in lower[j : j + 44] or lower.startswith(" to ", j)

    for lo, hi in anchored(lower, tuple(words & _FIELD_WORDS), 2, 120, field_label):
        for m in _H_FIELD.finditer(text, lo, hi):
            if m.group("allergic") and not _ALLERGIC_WHO.search(lower, max(0, m.start() - 48), m.start()):
                continue  # "six of the kids are allergic to peanuts": nobody in particular
            if m.group("allergic") is None and not _FIELD_WHO.search(
                text, max(0, m.start() - 160), m.start("what")
            ):
                continue  # "Medication: ibuprofen 400 mg is a painkiller": a topic, not a person's record
            if not _generic(lower, m.start()):
                found.append(Finding("health", m.start("what"), m.end("what"), "health_field"))
    for age in _AGE_FIELD.finditer(text) if "," in text else ():
        if not text[age.start() - 1 : age.start()].islower():
            continue  # a note's header follows a name: "Tonya Walker, 34,"
        for head in _NOTE_HEAD.finditer(text, max(0, age.start() - 64), age.end()):
            stop = len(text)
            for mark in (".", "\n", "?"):
                i = text.find(mark, head.end())
                if 0 <= i < stop:
                    stop = i
            if _generic(lower, head.start()):
                continue  # "Write a story where Maya, 12, has asthma"
            for m in _NOTE_ITEM.finditer(text, head.end() - 1, min(stop, head.end() + 240)):
                group = next(g for g in ("what", "med", "sign") if m.group(g) is not None)
                found.append(Finding("health", m.start(group), m.end(group), "clinical_note"))
    possessive = not words.isdisjoint(("my", "his", "her", "our", "their"))
    if possessive:

        def after_a_test(i: int, j: int) -> bool:  # "my scan showed", not "I found"
            return _TEST_NOUN.search(lower, max(0, i - 24), i) is not None

        for lo, hi in anchored(lower, tuple(words & _RESULT_WORDS), 80, 70, after_a_test):
            for m in _H_RESULT.finditer(text, lo, hi):
                found.append(Finding("health", m.start("what"), m.end("what"), "test_result"))
    if not words.isdisjoint(("i", "my", "me", "his", "her", "our", "their")):
        lab = tuple(words & _LAB_WORDS)
        if "c" in words or "cd" in words or "b" in words or "load" in words:  # HbA1c, CD4, B12, viral load
            lab += present(lower, ("a1c", "cd4", "b12", "viral load"))
        for lo, hi in windows(lower, lab, 40, 40):
            for m in _H_LAB.finditer(text, lo, hi) if possessive else ():
                found.append(Finding("health", m.start("what"), m.end("what"), "lab_value"))
            for m in _H_LAB_BARE.finditer(text, lo, hi):
                near = lower[max(0, m.start() - 100) : m.end() + 100]
                if _WRITER.search(near) and "?" not in lower[m.end() : m.end() + 60]:
                    found.append(Finding("health", m.start("what"), m.end("what"), "lab_value"))
    for lo, hi in word_windows(lower, tuple(words & _LEAVE_WORDS), 80, 80):
        for m in _H_LEAVE.finditer(text, lo, hi):
            found.append(Finding("health", m.start("what"), m.end("what"), "sick_leave"))
    for lo, hi in word_windows(lower, tuple(words & _H_NAMED_WORDS), 60, 80):
        for m in _H_NAMED.finditer(text, lo, hi):
            if not _generic(lower, m.start()):
                found.append(Finding("health", m.start("what"), m.end("what"), "named"))
    fr = tuple(words & _FR_WHO) + (present(lower, ("j'ai", "j’ai")) if "j" in words else ())
    for lo, hi in windows(lower, fr, 0, 140):
        for m in _H_FRENCH.finditer(text, lo, hi):
            found.append(Finding("health", m.start("what"), m.end("what"), "health_fr"))
    for lo, hi in word_windows(lower, tuple(words & _ES_WHO), 0, 140):
        for m in _H_SPANISH.finditer(text, lo, hi):
            found.append(Finding("health", m.start("what"), m.end("what"), "health_es"))
    for lo, hi in word_windows(lower, tuple(words & _DE_WHO), 0, 140):
        for m in _H_GERMAN.finditer(text, lo, hi):
            found.append(Finding("health", m.start("what"), m.end("what"), "health_de"))
    if _japanese(text) and present(text, ("診断", "患", "治療", "入院", "発症", "かかって")):
        for m in _H_JAPANESE.finditer(text):
            found.append(Finding("health", m.start("what"), m.end("what"), "health_ja"))


# ------------------------------------------------------------------------------------------------ pay
_PAY_FOREIGN = re.compile(
    r"(?i:\b(?:mein(?:e)?|sein(?:e)?|ihr(?:e)?|unser(?:e)?|mon|son|notre|mi|su|il\s+mio|meu|minha|min|mitt|sin|mijn|zijn"
    r"|haar)\s+(?:\w+\s+){0,2}?(?:\w*gehalt|lohn|einkommen|salaire|revenu|r[ée]mun[ée]ration|salario|sueldo"
    r"|stipendio|sal[áa]rio|l[øö]nn?|inkomst|salaris|loon|inntekt)\s+(?:\w+\s+){0,2}?"
    r"(?:beträgt|ist|liegt\s+bei|von|est\s+de|est\s+d'environ|est|de|es\s+de|è\s+di|é\s+de|é|er|är|på|is|:)\s*"
    r"(?:(?:ca\.|circa|etwa|rund|environ|brut|net|brutto|netto|ungefähr|about|omkring|cirka)\s+)*"
    r"|\b(?:je\s+gagne|je\s+touche|ich\s+verdiene|er\s+verdient|sie\s+verdient|il\s+gagne|elle\s+gagne|gano"
    r"|guadagno|jeg\s+tjener|jag\s+tjänar|ik\s+verdien)\s+(?:(?:ca\.|etwa|rund|environ|brut|netto|brutto)\s+)*)"
    rf"(?P<money>\d{{1,3}}(?:[ \u00a0\u202f.]\d{{3}})+(?:,\d{{2}})?\s?(?:€|(?i:eur|euros?|chf|kr\.?|sek|nok|dkk))"
    rf"|{_MONEY})"
)
_PAY_FOREIGN_WORDS = wordset(
    "gehalt bruttogehalt nettogehalt jahresgehalt monatsgehalt grundgehalt lohn einkommen salaire revenu "
    "salario sueldo stipendio inkomst salaris loon inntekt lonn gagne touche verdiene verdient gano guadagno "
    "tjener"
)
_PAY_JA = re.compile(
    r"(?:私|僕|俺|わたし|夫|妻|父|母|彼|彼女|息子|娘)の(?:年収|月給|給料|月収|手取り|年俸|時給|給与|基本給|ボーナス)"
    r"(?:は|が|:|：)?\s*(?:約|およそ)?(?P<money>\d[\d,]*(?:万)?円|[¥￥]\s?\d[\d,]*)"
)
# "with an annual salary of €77,000" in a letter, a contract, an offer.
_PAY_OF = re.compile(
    r"(?i:\b(?:salary|pay|compensation|wage|remuneration)\s+(?:of|at|will\s+be|:)\s*)"
    r"(?:(?i:about|around|approximately)\s+)?(?P<money>" + _MONEY + ")"
)
# "Offer letter: €62,000 per annum", "Current salary: $72,000", "we pay our nanny Rosa $22 an hour".
_PAY_LABELLED = re.compile(
    r"(?i:\b(?:offer(?:\s+letter)?|payslip|pay\s+slip|contract|(?:current|expected|desired|previous|last|present"
    r"|starting|agreed|proposed|annual|base|gross|net)\s+(?:salary|pay|wage|compensation|ctc|package))\s*[:=-]\s*"
    r"(?:(?:salary|base|gross|pay)\s+(?:of\s+)?)?)(?P<money>" + _MONEY + ")"
)
_PAY_EMPLOYER = re.compile(
    rf"(?i:\b(?:we|i)\s+(?:now\s+|currently\s+|only\s+)?pay\s+(?:our|my)\s+(?:\w+\s+)?{_RELATION}){_REL_NAME}\s+"
    r"(?:(?i:about|around|roughly)\s+)?(?P<money>" + _MONEY + ")"
)
_PAY_OF_CONTEXT = re.compile(
    r"\b(?:has\s+worked|have\s+worked|employed|employee|employment|offer|offered|hired|hire|joins?|joined|contract"
    r"|payslip|pay\s+stub|letter|your|my|our)\b"
)


_PAY_LABEL_WORDS = wordset("offer payslip slip contract salary pay wage compensation ctc package")
_PAY_OF_WORDS = wordset("salary pay compensation wage remuneration")


def _pay(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    needles = tuple(words & _PAY_FOREIGN_WORDS)
    if not text.isascii():
        needles += present(lower, ("løn", "lön", "munération", "salário"))
    for lo, hi in windows(lower, needles, 60, 60):
        for m in _PAY_FOREIGN.finditer(text, lo, hi):
            money = m.group("money").rstrip(",")
            found.append(Finding("salary", m.start("money"), m.start("money") + len(money), "salary_foreign"))
    if _japanese(text) and "の" in text:
        for m in _PAY_JA.finditer(text):
            if "平均" not in text[max(0, m.start() - 12) : m.end()]:
                found.append(Finding("salary", m.start("money"), m.end("money"), "salary_ja"))
    for lo, hi in word_windows(lower, tuple(words & _PAY_OF_WORDS), 1, 60):
        for m in _PAY_OF.finditer(text, lo, hi):
            before = lower[max(0, m.start() - 160) : m.start()]
            if _GENERIC_PAY.search(before[-60:]) or not _PAY_OF_CONTEXT.search(before):
                continue
            money = m.group("money")
            whole = re.sub(r"[.,]\d{2}$", "", re.sub(r"[^\d.,]", "", money)).replace(",", "").replace(".", "")
            if int(whole or "0") < 100 and not re.search(r"[kKmM]|million|thousand|grand", money):
                continue  # "$0.50 more per hour": a difference, not a salary
            end = m.start("money") + len(money.rstrip(".,"))
            found.append(Finding("salary", m.start("money"), end, "salary_of"))
    needles = tuple(words & _PAY_LABEL_WORDS)
    for lo, hi in word_windows(lower, needles, 40, 60) if ":" in text or "=" in text or "-" in text else ():
        for m in _PAY_LABELLED.finditer(text, lo, hi):
            money = m.group("money")
            if _GENERIC_PAY.search(lower, max(0, m.start() - 40), m.start()) or not re.search(
                r"\d{2}", money
            ):
                continue
            found.append(
                Finding("salary", m.start("money"), m.start("money") + len(money.rstrip(".,")), "pay_label")
            )
    if "pay" in words and ("we" in words or "i" in words):
        for lo, hi in word_windows(lower, ("pay",), 24, 80):
            for m in _PAY_EMPLOYER.finditer(text, lo, hi):
                money = m.group("money")
                found.append(
                    Finding(
                        "salary", m.start("money"), m.start("money") + len(money.rstrip(".,")), "pay_employer"
                    )
                )


# Payslip and contract lines in other languages: the line's label, a few words (whose pay, "omhoog
# naar"), then an amount with its currency ("månadslön 41 300 kr", "net maaş 48.750 TL",
# "Wynagrodzenie Anny Nowak: 9 800 zł", "renda de R$ 12 mil"). Each branch opens with a literal.
_SLIP_LABEL = re.compile(
    r"(?i:(?:månads|års|tim|brutto|netto|grund)?lön(?:en)?\b|semesterersättning|(?:måneds|års)?løn(?:nen)?\b"
    r"|maaş(?:ı|ım)?\b|wynagrodzeni[ea]|pensj[aęi]\b|(?:bruto|netto)?salaris\b|(?:maand|jaar|bruto|netto)?loon\b"
    r"|renda\b|sal[áa]rio\b|sueldo\b)"
)
_SLIP_MONEY = re.compile(
    r"[^\d\n;|]{0,40}?(?P<v>(?:R\$|€|\$|£|₺|(?i:USD|EUR|PLN|SEK|NOK|DKK|TRY|CHF)\s)\s?\d(?:[\d\u00a0 .,]*\d)?"
    r"(?:\s?(?i:mil|tys\.?)\b)?|\d[\d\u00a0 .,]*\d\s?(?:zł|(?i:kr\b|sek\b|nok\b|dkk\b|pln\b|tl\b|eur(?:os?)?\b"
    r"|chf\b)|₺|€)|\d+\s?(?i:mil|tys\.?)\s?(?:zł|reais|€)?)"
)
_SLIP_NEEDLES = (
    "lön",
    "løn",
    "maaş",
    "wynagrodzeni",
    "pensj",
    "salaris",
    "loon",
    "renda",
    "salário",
    "salario",
    "sueldo",
)
_SLIP_WORDS = wordset(
    "wynagrodzenie wynagrodzenia pensja salaris brutosalaris nettosalaris loon maandloon renda salario sueldo"
)
# Japanese payslip fields without a possessive ("基本給 320,000円", "差引支給額 287,604円").
_SLIP_JA = re.compile(
    r"(?:基本給|残業手当|差引支給額|総支給額|支給額|手取り|月給|年収|年俸|時給|給与|賞与)[:：]?\s*(?P<money>\d[\d,]*(?:万)?円)"
)
# A range or an average is an advertisement or a statistic, not someone's pay.
_SLIP_NOT = re.compile(
    r"(?i:średni|przeciętn|gemiddeld|genomsnitt|ortalama|média|medio|promedio|average|median)"
)
_RANGE_AFTER = re.compile(r"\s*(?:[-–]|do\b|tot\b|till\b|a\b|to\b)\s*\d")
# The period or qualifier after an amount belongs to it: "€74,500 per year", "USD 156,000 base",
# "9 800 zł brutto miesięcznie", "R$ 12 mil por mês", "3,850.00 biweekly".
_PAY_TAIL = re.compile(
    r"\s?(?i:(?:gross|net|bruto|brutto|netto|netos?|brut|base|before\s+tax|after\s+tax|pre-?tax)\b)?"
    r"(?:\s?(?i:per\s+(?:hour|day|week|month|year|annum|maand|jaar|uur|stunde|monat|jahr|mois|an|mes|año|mese"
    r"|anno|mês|ano)\b|an?\s+(?:hour|day|week|month|year)\b|/\s?(?:hr|h|hour|day|yr|year|month|mo|week|wk|annum)\b"
    r"|(?:bi)?weekly\b|monthly\b|annually\b|yearly\b|miesięcznie|rocznie|por\s+(?:m[êe]s|año|ano|hora)\b"
    r"|al\s+(?:mes|año)\b|ao\s+(?:m[êe]s|ano)\b|im\s+(?:monat|jahr)\b|par\s+(?:mois|an)\b|i\s+månaden))?"
)


def _pay_slips(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    needles = present(lower, _SLIP_NEEDLES) if not text.isascii() else tuple(words & _SLIP_WORDS)
    for lo, hi in windows(lower, needles, 20, 70):
        for m in _SLIP_LABEL.finditer(text, lo, hi):
            v = _SLIP_MONEY.match(text, m.end())
            if v is None or _SLIP_NOT.search(lower, max(0, m.start() - 40), v.start("v")):
                continue
            if _RANGE_AFTER.match(text, v.end()):
                continue
            end = v.start("v") + len(v.group("v").rstrip(" .,"))
            found.append(Finding("salary", v.start("v"), end, "pay_slip"))
    if "円" in text and _japanese(text):
        for m in _SLIP_JA.finditer(text):
            if "平均" not in text[max(0, m.start() - 12) : m.end()]:
                found.append(Finding("salary", m.start("money"), m.end("money"), "pay_slip_ja"))


# A raise from one salary to another ("raise from $98,000 to $104,500"), and an hourly rate written
# without a currency after "paid"/"earn"/"make" ("I get paid 16.50 an hour").
_PAY_RAISE = re.compile(
    r"(?i:(?:raise|rise|increase|bump)\s+(?:in\s+(?:salary|pay)\s+)?from\s+)(?P<a>" + _MONEY + r")\s+to\s+"
    r"(?P<b>" + _MONEY + ")"
)
_NOT_SALARY_RAISE = re.compile(
    r"(?i:fund|seed|round|capital|invest|donat|goal|budget|price|rent|limit|fee|ticket)"
)
_PAID_HOURLY = re.compile(
    r"(?i:(?:paid|earn|earns|earning|make|makes|making)\s+(?:only\s+|just\s+|about\s+|around\s+)?)"
    r"(?P<money>\d{1,3}(?:[.,]\d{2})?\s+(?:an|a|per)\s+hour)\b"
)
_RAISE_WORDS = ("raise", "rise", "increase", "bump")
_EARN_WORDS = ("paid", "earn", "earns", "earning", "make", "makes", "making")


def _pay_phrases(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "from" in words and not words.isdisjoint(_RAISE_WORDS):
        for lo, hi in word_windows(lower, tuple(words.intersection(_RAISE_WORDS)), 1, 80):
            for m in _PAY_RAISE.finditer(text, lo, hi):
                sentence = lower[max(0, m.start() - 80) : m.end() + 60]
                if _NOT_SALARY_RAISE.search(sentence) or _GENERIC_PAY.search(sentence):
                    continue
                for g in ("a", "b"):
                    money = m.group(g).rstrip(".,")
                    found.append(Finding("salary", m.start(g), m.start(g) + len(money), "pay_raise"))
    if "hour" in words and not words.isdisjoint(_EARN_WORDS):
        for lo, hi in windows(lower, ("hour",), 40, 6):
            for m in _PAID_HOURLY.finditer(text, lo, hi):
                context = lower[max(0, m.start() - 60) : m.end()]
                if not _WORD_PROBLEM.search(lower) and not _GENERIC_PAY.search(context):
                    found.append(Finding("salary", m.start("money"), m.end("money"), "paid_hourly"))


def _pay_tails(text: str, found: list[Finding]) -> None:
    """Stretch each salary over the period or qualifier written right after it."""
    for i, f in enumerate(found):
        if f.kind != "salary":
            continue
        t = _PAY_TAIL.match(text, f.end)
        if t is not None and t.group(0).strip() and t.end() > f.end:
            found[i] = Finding("salary", f.start, t.end(), f.detector)


def scan_medical(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    _mrn(text, lower, words, found)
    _health(text, lower, words, found)
    _pay(text, lower, words, found)
    _pay_widely(text, lower, words, found)
    _pay_slips(text, lower, words, found)
    _pay_phrases(text, lower, words, found)
    _pay_tails(text, found)
    _lexical_health(text, lower, words, found)


def _top_level(alternation: str) -> list[str]:
    """The branches of a regex alternation: split at each "|" outside parentheses and classes."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(alternation):
        c = alternation[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i = alternation.index("]", i + 2)  # a class's first character may be "]" itself
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            out.append(alternation[start:i])
            start = i + 1
        i += 1
    out.append(alternation[start:])
    return out


def _by_first_letter(branches: list[str], after_first: str = "") -> str:
    """The alternation of `branches`, grouped by first character: "s(?:alary|alaries|…)|w(?:ages?|…)".

    At each word start the engine then tests some twenty first letters and enters one group, not
    seventy branches in turn (a third less time). Each branch opens with a literal character, or is
    `\\w++(?<=…)`, which can open with any word character and so goes, in its place, into every
    group of a letter and into one of its own for the other word characters. Branches with different
    first characters never match at the same position, and a group keeps its branches' order: the
    same branch wins at every position as in the flat alternation."""
    any_word = [b for b in branches if b.startswith("\\w++")]
    firsts = dict.fromkeys(b[0] for b in branches if not b.startswith("\\w++"))
    groups = []
    for c in firsts:
        rests = [
            ("\\w*+" + b[4:]) if b.startswith("\\w++") else b[1:]
            for b in branches
            if b[0] == c or (b.startswith("\\w++") and c.isalnum())
        ]
        groups.append(re.escape(c) + after_first + "(?:" + "|".join(rests) + ")")
    if any_word:
        groups.append("(?![" + "".join(c for c in firsts if c.isalnum()) + "])(?:" + "|".join(any_word) + ")")
    return "|".join(groups)


# ------------------------------------------------------------------------- pay, in any phrasing
# An amount: a currency (symbol or ISO code, before or after), or a number that can only be money
# (thousands separators, Indian lakh grouping, cents), or a spelled-out sum ("ninety-two thousand").
_CUR = (
    r"(?:USD|EUR|GBP|CHF|CAD|AUD|NZD|INR|JPY|CNY|RMB|SEK|NOK|DKK|PLN|CZK|HUF|ZAR|KES|NGN|GHS|BRL|MXN|ARS|CLP"
    r"|COP|PEN|SGD|HKD|MYR|PHP|THB|IDR|VND|KRW|TRY|AED|SAR|QAR|ILS|EGP|PKR|BDT|LKR|RON|BGN|UAH|Rs\.?|R\$|Fr\.|kr\.?|zł)"
)
# The codes grouped by first letter, as `_AMOUNT` tries them: at a capital or a digit the engine tests
# some twenty letters, not fifty codes in turn (`_by_first_letter` keeps the order within a letter).
_CUR_BY_LETTER = "(?:" + _by_first_letter(_top_level(_CUR[3:-1])) + ")"
_NUM = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{2,3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# The tens and units grouped by first letter: a case-insensitive alternation tries every branch at
# every position, and six branches cost a third of twenty-one. No word is a prefix of another that
# can also match (a space or hyphen follows each), so the grouping finds the same amounts. Whole words
# only: "someone knows" holds "one k", "often grand" holds "ten grand".
_SPELLED = (
    r"(?:\b(?:o(?:ne)|t(?:wo|hree|en|welve|wenty|hirty)|f(?:our|ive|ifteen|orty|ifty)|s(?:ix|even|ixty|eventy)"
    r"|e(?:ight|leven|ighty)|n(?:ine|inety))(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\s+"
    r"(?:hundred\s+)?(?:thousand|grand|million|k)\b(?:\s+(?:dollars|pounds|euros|bucks|quid|rupees)\b)?)"
)
# Every code opens with a letter, before which \b and (?<![\w]) say the same: a code is looked for once.
_AMOUNT = (
    rf"(?:(?:[$£€¥₹₩₦₱₺₪₽]|\b{_CUR_BY_LETTER})\s?(?:{_NUM})(?:\s?(?:[kK]\b|million|lakhs?|crores?|LPA))?"
    rf"|(?:{_NUM})\s?(?:[kK]\s?)?(?:[€£$₹円]|(?i:euros?|dollars?|pounds?|bucks|quid|rupees|francs|yen|kroner|kronor)\b"
    rf"|{_CUR_BY_LETTER}(?![\w]))"
    rf"|\d{{1,3}}(?:,\d{{2}})+,\d{{3}}(?![\d,])|\d{{1,3}}(?:[,.]\d{{3}})+(?:[.,]\d{{2}})?(?![\d,.]?\d)"
    rf"|\d{{4,7}}[.,]\d{{2}}(?![\d])|\d{{2,3}}\s?[kK]\b|(?i:{_SPELLED}))"
)
# The lookahead turns away, with one set lookup, the positions where no alternative can start
# (lower-case letters other than a number word's first, spaces, punctuation): half the cost. A number
# word starts a word (`_SPELLED` opens with \b), so its letters count only there: "o", "t", "f", "s",
# "e" and "n" inside words, a third of all letters, no longer enter the long alternation.
_AMOUNT_RE = re.compile(r"(?=[$£€¥₹₩₦₱₺₪₽\dUEGCANIJRSDPHZKBMTVQFkz]|(?i:\b[otfsen]))" + _AMOUNT)
# Every amount holds a digit or is spelled out in thousands: a cheap test before `_AMOUNT_RE`, whose
# many alternatives cost at every position.
_AMOUNT_HINT = re.compile(r"\d|(?i:thousand|grand|million|\sk\b)")
# The same test in two cheaper steps: a digit (a one-class search the engine runs as a tight loop),
# then, on the lower-cased ASCII text, the words: branches that open with a letter, skipped at every
# other character. "\sk" becomes "k" with the space looked behind; the caller rules out a "k" at the
# window's first character, whose space the original would not have seen.
_AMOUNT_WORD_LOWER = re.compile(r"thousand|grand|million|k(?<=\sk)\b")


_FOLD_CLASSES = (re.compile(r"\w"), re.compile(r"\s"), re.compile(r"\d"))
_PLAIN_CHARS: dict[str, bool] = {}


def _plain_char(ch: str) -> bool:
    """Whether the non-ASCII `ch` of a text, and what the lower-casing puts in its place, meet those
    patterns alike: "ə", "é", "É", "£", "’" do; "ſ" and "K" (the Kelvin sign), which match "s" and
    "k" case-insensitively, "İ" (two characters lower-cased) and "Σ" (lower-cased by context) do not."""
    plain = _PLAIN_CHARS.get(ch)
    if plain is None:
        low = ch.lower()
        plain = (
            len(low) == 1
            and ch != "\u03a3"
            and all((c.match(ch) is None) == (c.match(low) is None) for c in _FOLD_CLASSES)
            and all(
                (re.match("(?i:" + re.escape(x) + ")", ch) is not None) == (low == x) for x in _FOLD_LITERALS
            )
        )
        if len(_PLAIN_CHARS) > 4096:
            _PLAIN_CHARS.clear()  # bounded: a text of many rare characters must not grow it forever
        _PLAIN_CHARS[ch] = plain
    return plain


def _folds_plainly(text: str) -> bool:
    """Whether a case-insensitive pattern on `text` finds what the same pattern, case-sensitive and
    lower-case, finds on its lower-cased copy (for the patterns `_FOLD_LITERALS` covers): an ASCII
    text, or one whose other characters are each plain (`_plain_char`). A few IPA symbols or
    accented letters in a prompt then keep the cheaper case-sensitive scan."""
    return all(_plain_char(ch) for ch in set(non_ascii(text)))


def _amount_hint(text: str, lower: str, plain: bool, lo: int, hi: int) -> bool:
    """Whether `_AMOUNT_HINT` finds something in text[lo:hi]; `plain`: `_folds_plainly(text)`."""
    if _DIGIT.search(text, lo, hi) is not None:
        return True
    if not plain:
        return _AMOUNT_HINT.search(text, lo, hi) is not None
    m = _AMOUNT_WORD_LOWER.search(lower, lo, hi)
    if m is not None and m.start() == lo and lower[lo] == "k":
        m = _AMOUNT_WORD_LOWER.search(lower, lo + 1, hi)  # the "k" at lo: no space before it in range
    return m is not None


# Pay words that are nouns or labels in eight languages: whatever amount follows them in the same
# clause is what someone is paid, once the clause names a person. "Jahresgehalt" is read as a whole
# word that ends so (`\w*gehalt` would back off letter by letter at the start of every word).
_PAY_NOUNS = (
    r"salary|salaries|wages?|pay(?:check|cheque|slip|\s+stub|\s+rate)?|bonus|rate|day\s+rate|hourly\s+rate"
    r"|compensation|remuneration|income|earnings|stipend|allowance|take[- ]home|net\s+pay|gross\s+pay|ctc"
    r"|\w++(?<=gehalt)|\w++(?<=lohn)|verdienst|einkommen|brutto|netto|salaire|r[ée]mun[ée]ration|revenu|prime|sueldo|salario"
    r"|n[óo]mina|stipendio|retribuzione|sal[áa]rio|ordenado|salaris|loon|bruto|l[øö]n|gage|verdiensten"
)
_PAY_VERBS = (
    r"earns?|earned|earning|makes?|made|making|gets?\s+paid|got\s+paid|is\s+paid|was\s+paid|am\s+paid|are\s+paid"
    r"|be\s+paid|being\s+paid|'m\s+paid"
    r"|takes?\s+home|brings?\s+home|verdien[te]?n?|verdient|bekomm[et]|kriegt?|krijg[t]?|krijgen|gagne|touche"
    r"|gano|cobro|cobra|ganho|recebo|ganha|recebe|guadagn[oa]|prendo|prende|tjener|tjänar|receive|receives"
)
_PAY_CLAUSE = re.compile(rf"(?i:\b(?:{_PAY_NOUNS}|{_PAY_VERBS})\b)")


# The same, case-sensitive, for the lower-cased text of an ASCII one (where both find the same words):
# a case-sensitive branch is skipped on its first letter, a case-insensitive one is entered.
_PAY_CLAUSE_LOWER = re.compile(
    rf"\b(?:{_by_first_letter(_top_level(_PAY_NOUNS) + _top_level(_PAY_VERBS))})\b"
)
_PAY_TRIGGERS = wordset(
    "salary salaries wage wages pay paycheck paycheque payslip bonus rate compensation remuneration income "
    "earnings stipend allowance ctc gehalt lohn verdienst einkommen brutto netto salaire revenu prime sueldo "
    "salario stipendio retribuzione salaris loon bruto gage earn earns earned earning make makes made making paid "
    "verdien verdiene verdient verdienen bekomme bekommt kriegt krijgt krijg gagne touche gano cobro cobra ganho "
    "recebo ganha recebe guadagno guadagna prendo prende tjener receive receives bruttolohn nettolohn "
    "grundgehalt jahresgehalt monatsgehalt bruttogehalt nettogehalt stundenlohn takes take"
)
# Whose pay: the writer, the reader ("your salary will…"), someone named, a relative, an employee.
_WHO_WORDS = (
    r"i|i'm|i’m|me|my|we|our|you|your|you'll|he|she|his|her|him|they|their|employee|staff|contractor"
    r"|worker|recipient|candidate|hire|ich|mir|mich|mein|meine|meinem|meinen|er|sie|ihr|je|j'|mon|ma|mes|moi|il"
    r"|elle|son|sa|mi|me|yo|su|io|mio|mia|eu|meu|minha|ele|ela|ik|mijn|hij|zij|zijn|haar|jeg|min|mitt|han|hun"
    r"|frau|herr|mme|sr|sra|signor|signora|ganho|gano|cobro|verdiene|verdien|gagne|touche|guadagno|tjener"
    r"|tjänar|recebo"
)
_NAMED_WORKER = r"[a-z]{2,}\s+(?:worked|works|earns|earned|makes|made|gets|got|receives|(?:is|was)\s+paid)\b"
_PAY_WHO = re.compile(
    rf"(?i:\b(?:{_WHO_WORDS})\b|{_RELATION})|(?<![\w]){_NAME2}|(?<![\w])[A-Z]{_NAMED_WORKER}"
)
# Whether `_PAY_WHO` finds something, asked of its three parts, each led by a character set the engine
# skips along (`_PAY_WHO` opens with \b and is tried at every position, 120 us over the window of the
# slowest text). The words and relations, on the lower-cased copy of a text that folds plainly,
# grouped by first letter; the word's \b before its first letter becomes a look behind after it.
# The names: `_NAME2` and `_NAMED_WORKER` open with [A-Z], whose (?<!\w) is looked behind once it is read.
_WHO_WORDS_LOWER = re.compile(
    "(?:" + _by_first_letter(_top_level(_WHO_WORDS), after_first=r"(?<!\w.)") + r")\b"
)
_RELATION_LOWER = re.compile(_by_first_letter(_top_level(_RELATION[3:-1])))
_WHO_NAMED = re.compile(rf"[A-Z](?<!\w[A-Z])(?:{_NAME2[len('(?:[A-Z]') : -1]}|{_NAMED_WORKER})")
# What the case-insensitive patterns that have a lower-case twin (`_PAY_CLAUSE`, `_AMOUNT_HINT`,
# `_PAY_WHO`'s words and relations) test a
# character for: their literals (ASCII, and the accented letters of their words) and classes.
_FOLD_LITERALS = frozenset(map(chr, range(32, 127))) | {
    c for c in _PAY_NOUNS + _PAY_VERBS + _AMOUNT_HINT.pattern + _WHO_WORDS + _RELATION if ord(c) > 127
}
# "Lloyd earns $10 an hour tutoring. How much does he earn in 5 hours?": a word problem, nobody's pay.
_WORD_PROBLEM = re.compile(r"\bhow\s+(?:much|many)\b|\bcalculate\b|\bin\s+total\b")
_FIRST_SECOND = frozenset(("i", "me", "my", "we", "our", "you", "your"))
_PAY_GENERIC = re.compile(
    r"(?i:\b(?:average|median|mean|typical|typically|usually|range|minimum\s+wage|national|per\s+capita|survey"
    r"|statistics?|on\s+average|most\s+people|job\s+ad|durchschnitt\w*|mindestlohn|moyen(?:ne)?|smic|promedio"
    r"|medio|media|gemiddeld\w*|m[ée]dia|gennemsnit\w*|for\s+a\s+junior|for\s+an?\s+(?:entry|senior|junior))\b)"
)
# Not pay, though near a pay word: what is spent, owed or taxed.
_NOT_PAY = re.compile(
    r"(?i:\b(?:rent|mortgage|costs?|price|fee|fees|bill|tax|taxes|steuer|lohnsteuer|loan|debt|savings|spent|spend"
    r"|miete|loyer|alquiler|affitto|huur|aluguel|budget|revenue|turnover|sales|profit|interest|exchange|heart|discount"
    r"|refund|deposit|fine|subscription|plan|ticket|worth|sold|sells|sale|raise|raised|total|settle\w*)\b)"
    r"[^\n.;]{0,12}$"
)
# `[.!?](?=\s|$)|\n|;|\|` led by one class, the look ahead asked only after a full stop or mark: the
# engine skips along a leading class, where it entered the branch at every position (half the time).
_SENTENCE_END = re.compile(r"[.!?\n;|](?:(?<=[.!?])(?=\s|$)|(?<=[\n;|]))")
# Rates: "$15.75/hr", "£550 a day", "€3.450 bruto per maand", "1.850 euros netos al mes".
_PER_PERIOD = re.compile(
    r"\s*(?:(?i:gross|net|bruto|brutto|netto|netos?|brut|before\s+tax|after\s+tax|pre-?tax)\s+)?"
    r"(?i:/\s?(?:hr|h|hour|day|yr|year|month|mo|week|wk|annum)\b|per\s+(?:hour|day|week|month|year|annum|maand|jaar"
    r"|uur|stunde|monat|jahr|mois|an|mes|año|mese|anno|mês|ano)\b|an?\s+(?:hour|day|week|month|year)\b"
    r"|p\.?a\.?(?!\w)|p/h|im\s+monat|im\s+jahr|par\s+(?:mois|an|heure|jour)|al\s+(?:mes|año|mese|anno)"
    r"|ao\s+(?:mês|ano)|in\s+de\s+maand|om\s+måneden|i\s+måneden)"
)
_PERIOD_NEEDLES = (
    "/h", "/d", "/w", "/m", "/y", "/a", "per ", "an hour", "a day", "a week", "a month", "a year", "p.a", "pa ",
    "p/h", "im monat", "im jahr", "par ", "al m", "al a", "ao ", "de maand", "måned",
)  # fmt: skip
# Every occurrence of any of them in one pass: each branch opens with a literal, so the engine skips
# the characters that start none, where `present` and `windows` would scan the text once per needle.
# No needle is a prefix of another, so one match at a position is every needle that starts there.
# The needles are grouped by the character they are looked for at ("p(?:er |\.a|a |/h|ar )"): at
# each "a" or "p" of the text the engine then tries one branch, not all 23 in turn (half the time of
# the flat list). That character is a needle's first, but for "im monat", "im jahr" and "de maand",
# looked for at their fourth with the three before looked behind: a text's "i" and "d" (a tenth of
# its letters) then start no attempt, and the search runs in half the time again.
_PERIOD_LEAD = {"im monat": 3, "im jahr": 3, "de maand": 3}
_PERIOD_RE = re.compile(
    "|".join(
        re.escape(lead)
        + "(?:"
        + "|".join(
            (f"(?<={re.escape(n[: k + 1])})" if k else "") + re.escape(n[k + 1 :])
            for n in _PERIOD_NEEDLES
            if n[(k := _PERIOD_LEAD.get(n, 0))] == lead
        )
        + ")"
        for lead in dict.fromkeys(n[_PERIOD_LEAD.get(n, 0)] for n in _PERIOD_NEEDLES)
    )
)
# What such a match holds ("monat") and how far before it its needle starts.
_PERIOD_BACK = {n[k:]: k for n, k in _PERIOD_LEAD.items()}
_WORK_SET = wordset(
    "work worked works working shift shifts hours hrs job rate paid earn earns earned earning salary wage wages "
    "contract contractor consultant freelance freelancer hired hire offer offered employed employee gig nanny "
    "tutor tutoring verdien verdiene verdient arbeit arbeite travail trabajo lavoro trabalho werk"
)
_NOT_PAY_AFTER = re.compile(
    r"\s*(?:(?:in|for|on|of)\s+)?(?:rent|mortgage|fees?|tax|bills?|interest|subscription|insurance|childcare|loan)\b"
)
_WORK_WORDS = re.compile(
    r"(?i:\b(?:work(?:ed|s|ing)?|shifts?|hours|hrs|job|rate|paid|earn\w*|salary|wages?|contract\w*|consultant"
    r"|freelanc\w*|hired?|offer\w*|employ\w*|gig|nanny|tutor\w*|verdien\w*|arbeit\w*|travail\w*|trabaj\w*"
    r"|lavor\w*|trabalh\w*|werk\w*|job(?:bet)?)\b)"
)
# Payroll tables: a header naming a pay column, then rows (CSV, TSV, pipes, semicolons).
_PAY_COLUMN = re.compile(
    r"(?i:^(?:.*[_ ])?(?:salary|wages?|pay|net|gross|bonus|income|compensation|gehalt|lohn|brutto|netto|salaire"
    r"|sueldo|salario|stipendio|sal[áa]rio|salaris|loon|l[øö]n|rate|amount_paid)(?:[_ ].*)?$)"
)
# SQL: INSERT INTO staff (name, salary) VALUES ('A B', 73400), (…)
_SQL_INSERT = re.compile(r"(?i)\(([^()\n]{1,200})\)\s*values\s*((?:\([^()\n]{1,300}\)\s*,?\s*)+)")
# "Box 1: $14,600" on a W-2 or a 1099: wages or non-employee compensation.
_TAX_BOX = re.compile(r"(?i:\bbox\s+1\b\s*[:=-]?\s*)(?P<money>\$\s?[\d,]+(?:\.\d{2})?)")
_BOX_ONE = re.compile(r"box\s+1")
_TAX_FORM = re.compile(r"(?i:\b(?:w-?2|1099(?:-\w+)?|tin|itin|recipient|payer|wages|employer)\b)")


_PAY_BEFORE = frozenset(("salary", "bonus", "wage", "brutto", "bruto", "netto", "gross", "net pay"))
# "my pay", "take-home pay", "pay: …", "pay rate", "pay is": the noun; "to pay", "we pay" are the verb.
_PAY_AS_NOUN = re.compile(
    r"(?:\b(?:my|his|her|your|our|their|annual|base|net|gross|hourly|monthly|weekly|take-home|overtime|holiday"
    r"|sick|back|the|new|old|'s|’s)\s+pay\b|\bpay\s*(?::|=|\||rate|check|cheque|slip|stub|is|was|of|will|went)\b"
    r"|^pay\b)"
)
_MAGNITUDE = re.compile(r"[kKmM]\b|million|thousand|grand|lakh|crore|LPA")


_HOURLY = re.compile(
    r"(?i:\s*(?:/\s?(?:hr|h|hour)\b|per\s+(?:hour|uur|stunde)|an\s+hour|p/h|par\s+heure|la\s+hora))"
)


def _hourly(text: str, at: int) -> bool:
    return _HOURLY.match(text, at) is not None


def _small(value: str) -> bool:
    """Under 100 in whole units ("$10", "€83"); cents and "k" do not count."""
    if _MAGNITUDE.search(value):
        return False
    number = re.sub(r"[^\d.,]", "", value)
    whole = re.sub(r"[.,]\d{1,2}$", "", number).replace(",", "").replace(".", "")
    return bool(whole) and int(whole) < 100 and not re.search(r"[.,]\d{2}$", number)


def _pay_who(
    text: str, lower: str, words: frozenset[str], lo: int, hi: int, plain: bool | None = None
) -> bool:
    """Whether [lo, hi) names whose pay it is; in a word problem ("Maria earns $12 an hour … how much
    does she earn in 6 hours?"), nobody's. `plain`: `_folds_plainly(text)`, if the caller knows it."""
    if words.isdisjoint(_FIRST_SECOND) and "pay" not in words and _WORD_PROBLEM.search(lower):
        return False
    if not (_folds_plainly(text) if plain is None else plain):
        return _PAY_WHO.search(text, lo, hi) is not None
    return (
        _WHO_NAMED.search(text, lo, hi) is not None
        or _RELATION_LOWER.search(lower, lo, hi) is not None
        or _WHO_WORDS_LOWER.search(lower, lo, hi) is not None
    )


def _amount_ok(text: str, m: re.Match[str]) -> bool:
    """Money, not a year, a percentage, a count or a figure with a unit."""
    value = m.group(0)
    digits = sum(c.isdigit() for c in value)
    tail = text[m.end() : m.end() + 3].lstrip()
    if tail.startswith(("%", "x", "°")) or (
        not value[:1].isdigit() and digits == 0 and "thousand" not in value
    ):
        return digits > 0 or value[:1].isalpha()
    if value.isdigit() and (len(value) < 4 or 1900 <= int(value) <= 2100):
        return False
    return digits >= 2 or not value[:1].isdigit()


def _sentence(lower: str, i: int, j: int) -> tuple[int, int]:
    """The clause around [i, j): from the last full stop, newline, semicolon or pipe to the next."""
    lo = max(0, i - 240)
    starts = [m.end() for m in _SENTENCE_END.finditer(lower, lo, i)]
    end = _SENTENCE_END.search(lower, j, j + 240)
    return (starts[-1] if starts else lo), (end.start() if end else min(len(lower), j + 240))


def _pay_found(found: list[Finding], start: int, end: int, text: str, detector: str) -> None:
    while end > start and text[end - 1] in ".,":
        end -= 1
    found.append(Finding("salary", start, end, detector))


def _pay_widely(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """Pay in any phrasing: a pay word, an amount in the same clause, and a person the clause is about."""
    if _DIGIT.search(text) is None and "thousand" not in words and "grand" not in words:
        return
    triggers = tuple(words & _PAY_TRIGGERS)
    if not text.isascii():
        triggers += present(lower, ("løn", "lön", "salário", "nómina", "rémunération"))
    seen: set[int] = set()
    plain = _folds_plainly(text)  # one curly apostrophe must not send every clause to `_PAY_CLAUSE`
    clauses, hay = (_PAY_CLAUSE_LOWER, lower) if plain else (_PAY_CLAUSE, text)
    for lo, hi in word_windows(lower, triggers, 60, 110):
        # Common verbs ("make", "take", "get") trigger often; most of their windows hold no amount.
        if not _amount_hint(text, lower, plain, max(0, lo - 40), hi + 110):
            continue
        for w in clauses.finditer(hay, lo, hi):
            if w.group(0).lower() == "pay" and not _PAY_AS_NOUN.search(
                lower, max(0, w.start() - 24), w.end() + 12
            ):
                continue  # "willing to pay $5", "agreed to pay $7 million": paying, not pay
            s_lo, s_hi = _sentence(lower, w.start(), w.end())
            # Whose pay and whether it is an average are asked once an amount qualifies: most clauses
            # of "make" and "take" hold none, and `_PAY_WHO` is the dearest test.
            about: bool | None = None
            word = w.group(0).lower()
            reach = 110 if word in ("salary", "salaries", "wage", "wages", "bonus") else 70
            lo2, hi2 = max(s_lo, w.start() - 40), min(s_hi, w.end() + reach)
            # Every amount holds a digit or a spelled-out "thousand" (`_AMOUNT_HINT`): most clauses of
            # a long text hold neither, and `_AMOUNT_RE` costs at each of their positions.
            if not _amount_hint(text, lower, plain, lo2, hi2):
                continue
            for m in _AMOUNT_RE.finditer(text, lo2, hi2):
                if m.start() in seen or not _amount_ok(text, m):
                    continue
                if _NOT_PAY.search(lower, max(s_lo, m.start() - 30), m.start()):
                    continue  # "my salary is fine but the rent is $2,000"
                if word in ("rate", "prime", "income") and not re.search(r"[^\d\s,.]", m.group(0)):
                    continue  # a bare number after "rate" is a ratio or a count
                if _small(m.group(0)) and not _hourly(text, m.end()):
                    continue  # "$10", "$5 a week": pocket money and word problems, unless an hourly rate
                before = m.start() < w.start()
                if before and not (
                    _PER_PERIOD.match(text, m.end()) or word in _PAY_BEFORE or w.start() - m.end() < 20
                ):
                    continue  # an amount before the pay word: "£550 a day rate", "$90k salary", "hij €4.100 krijgt"
                if about is None:
                    about = _PAY_GENERIC.search(lower[s_lo:s_hi]) is None and _pay_who(
                        text, lower, words, max(0, s_lo - 160), s_hi, plain
                    )
                if not about:
                    break
                seen.add(m.start())
                _pay_found(found, m.start(), m.end(), text, "pay_clause")
    # "$15.75/hr", "€3.450 bruto per maand", "£550 a day": a rate, in a sentence about work and a person.
    rates = not words.isdisjoint(_WORK_SET) and _money_beyond_digits(text, lower, words, plain)
    for lo, hi in _period_windows(lower) if rates else ():
        for m in (
            _AMOUNT_RE.finditer(text, lo, hi + 4) if _amount_hint(text, lower, plain, lo, hi + 4) else ()
        ):
            if m.start() in seen:
                continue
            if not re.search(r"[^\d\s,.]", m.group(0)) or not _PER_PERIOD.match(text, m.end()):
                continue
            if _small(m.group(0)) and not _hourly(text, m.end()):
                continue
            s_lo, s_hi = _sentence(lower, m.start(), m.end())
            if _PAY_GENERIC.search(lower, s_lo, s_hi) or not _WORK_WORDS.search(text, s_lo, s_hi):
                continue
            if not _pay_who(text, lower, words, s_lo, s_hi, plain) or _NOT_PAY.search(
                lower, max(s_lo, m.start() - 30), m.start()
            ):
                continue
            if _NOT_PAY_AFTER.match(lower, _PER_PERIOD.match(text, m.end()).end()):  # type: ignore[union-attr]
                continue  # "I pay $1,200 a month in rent"
            seen.add(m.start())
            _pay_found(found, m.start(), m.end(), text, "pay_rate")
    if seen:
        _pay_siblings(text, lower, found)
    # `_TAX_BOX` needs "$" and "box 1" ("b", "o" and "x" fold only to themselves, so the lower-cased
    # copy holds it where the text does): two cheap looks before two case-blind scans of every position.
    if "box" in words and "$" in text and _BOX_ONE.search(lower) and _TAX_FORM.search(text):
        for m in _TAX_BOX.finditer(text):
            _pay_found(found, m.start("money"), m.end("money"), text, "tax_box")
    if "\n" in text:
        _pay_table(text, lower, words, found, plain)
    if "values" in words:
        _pay_sql(text, found)


# What an amount of `_AMOUNT_RE` holds besides digits, separators and spaces (`_pay_widely` keeps a
# rate only then): a currency sign, a currency code or word, a "k" after a number, or a spelled-out
# sum. `_period_windows` is worth its search only where one may be; `_money_beyond_digits` asks with
# set look-ups and searches for literals, where a search led by a digit class costs as much as the
# windows.
_MONEY_SIGN = re.compile("[$£€¥₹₩₦₱₺₪₽円ł]")  # "ł" of "zł"; "R$" has its "$"
# A code or word stands alone (after a non-word character or a number, before a space, a digit or a
# non-word character) or after the "k" of a number ("5kUSD"): a word of `words`, each mapped to the
# code as it is written in the text (a code is case-sensitive).
_CODES = {
    c.rstrip(".").lower(): c
    for c in (a.replace("\\.?", "").replace("\\", "") for a in _top_level(_CUR[3:-1]))
    if c.isascii() and "$" not in c
}
_CODES.update({"k" + w: c for w, c in _CODES.items()})
_CURRENCY_WORDS = wordset("euro euros dollar dollars pound pounds bucks quid rupees francs yen kroner kronor")
_CURRENCY_WORDS |= {"k" + w for w in _CURRENCY_WORDS}
_NUMBER_WORDS = wordset(
    "one two three ten twelve twenty thirty four five fifteen forty fifty six seven sixty seventy eight eleven "
    "eighty nine ninety"
)
_MAGNITUDES = frozenset(("thousand", "grand", "million", "k"))
# A "k" after a number ("50k", "50 k"), found by its literal and the digit looked behind.
_K_AFTER_DIGIT = re.compile(r"k(?:(?<=[0-9]k)|(?<=[0-9]\sk))")
_WORD_CHAR = re.compile(r"\w")
# `_pay_widely` searches each window up to 4 characters past its last needle: an amount there may be
# cut inside a word ("per 5USDx" gives "5USD", "per 50 kPa" gives "50 k"), and still be read as one
# when a rate follows it in the text. Such an amount is 4 characters long, so under 100 unless its
# "k" counts, and a small one needs both `_HOURLY` and `_PER_PERIOD` after it, at a letter: "per hour",
# "an hour", "par heure" (with "heure" perhaps not a whole word), or "p/h", a needle itself, which
# would have taken the window past it.
_HOURS = wordset("hour uur stunde")


def _money_beyond_digits(text: str, lower: str, words: frozenset[str], plain: bool) -> bool:
    """Whether `text` may hold an amount of `_AMOUNT_RE` with more than digits, separators and spaces
    that a rate follows. `plain`: `_folds_plainly(text)`, under which a case-blind word of the text
    is its lower-cased word in `words`."""
    if "$" in text or not plain or other_digits(text):
        return True
    if not text.isascii() and _MONEY_SIGN.search(non_ascii(text)):
        return True
    if any(_CODES[w] in text for w in words.intersection(_CODES)):
        return True
    if not words.isdisjoint(_CURRENCY_WORDS):
        return True
    if not words.isdisjoint(_MAGNITUDES) and not words.isdisjoint(_NUMBER_WORDS):
        return True  # a spelled-out sum: "ten grand", "twenty-five thousand dollars"
    for m in _K_AFTER_DIGIT.finditer(lower):
        # "50k" ends its word, or is cut there from "50 kPa," whose "Pa" then reads as "per annum".
        if _WORD_CHAR.match(text, m.end()) is None or _PER_PERIOD.match(text, m.end()) is not None:
            return True
    return not words.isdisjoint(_HOURS) or "heure" in lower


def _period_windows(lower: str) -> list[tuple[int, int]]:
    """`windows(lower, _PERIOD_NEEDLES, 32, 0)`: a search from one past each match's start, so that
    needles that overlap ("al a day") each get their window."""
    spans = []
    m = _PERIOD_RE.search(lower)
    while m is not None:
        spans.append((max(0, m.start() - _PERIOD_BACK.get(m.group(0), 0) - 32), m.end()))
        m = _PERIOD_RE.search(lower, m.start() + 1)
    return merge(spans)


def _units(value: str) -> float:
    number = re.sub(r"[^\d.,]", "", value)
    whole = re.sub(r"[.,]\d{1,2}$", "", number).replace(",", "").replace(".", "")
    return float(whole or 0) * (1000 if re.search(r"\d\s?[kK]\b", value) else 1)


def _pay_siblings(text: str, lower: str, found: list[Finding]) -> None:
    """Amounts that answer the one found: "I earn €3,450 … my colleague gets €4,100", "… offered 2.300".

    Same sentence or the next, the same order of magnitude, and not a price, rent or tax.
    """
    known = [f for f in found if f.kind == "salary"]
    taken = {f.start for f in known}
    for f in known:
        size = _units(text[f.start : f.end])
        stop = min(len(text), f.end + 160)
        for mark in ("\n\n", "?"):
            i = text.find(mark, f.end, stop)
            stop = i if i >= 0 else stop
        for m in _AMOUNT_RE.finditer(text, f.end, stop):
            if m.start() in taken or not _amount_ok(text, m) or _small(m.group(0)):
                continue
            if _NOT_PAY.search(lower, max(f.end, m.start() - 30), m.start()) or _PAY_GENERIC.search(
                lower, f.end, m.start()
            ):
                continue
            other = _units(m.group(0))
            if size and not size / 4 <= other <= size * 4:
                continue
            taken.add(m.start())
            _pay_found(found, m.start(), m.end(), text, "pay_sibling")


_PAY_COLUMN_WORDS = wordset(
    "salary wage wages pay net gross bonus income compensation gehalt lohn brutto netto salaire sueldo salario "
    "stipendio salaris loon rate annual"
)


def _split_row(line: str, sep: str) -> list[tuple[int, str]]:
    """The cells of one CSV-like line with their offsets; a quoted cell may hold the separator."""
    cells, i, n = [], 0, len(line)
    while i <= n:
        if line.startswith('"', i):
            j = line.find('"', i + 1)
            j = n if j < 0 else j
            cells.append((i + 1, line[i + 1 : j]))
            k = line.find(sep, j)
            i = n + 1 if k < 0 else k + 1
        else:
            k = line.find(sep, i)
            k = n if k < 0 else k
            cells.append((i, line[i:k]))
            i = k + 1
    return cells


# The names `_PAY_COLUMN` reads in a header cell: a whole word of `words` (the cell's "_" and spaces,
# its edges, split it there), but for "amount_paid" and the accented ones.
_COLUMN_NAMES = wordset(
    "salary wage wages pay net gross bonus income compensation gehalt lohn brutto netto salaire sueldo salario "
    "stipendio salaris loon rate"
)


def _header_lines(lower: str, words: frozenset[str]) -> list[int]:
    """The lines of a text that folds plainly where a header may name a pay column: those that hold
    one of the names, found with a search per name present instead of a look at every line."""
    needles = tuple(words & _COLUMN_NAMES)
    if "amount" in words and "paid" in words:
        needles += ("amount_paid",)
    if not lower.isascii():
        needles += present(lower, ("salário", "løn", "lön"))
    return sorted({lower.count("\n", 0, i) for needle in needles for i in occurrences(lower, needle)})


def _pay_table(text: str, lower: str, words: frozenset[str], found: list[Finding], plain: bool) -> None:
    if words.isdisjoint(_PAY_COLUMN_WORDS):
        return
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    # Only a line that names a pay column can head a table (in a text that folds plainly, the lower-
    # cased copy has its lines where the text has them): a look at each of 100 lines took 50 us.
    for n in _header_lines(lower, words) if plain else range(len(lines)):
        line = lines[n]
        sep = next((s for s in (",", "\t", ";", "|") if line.count(s) >= 1), None)
        if sep is None or len(line) > 300 or _DIGIT.search(line):
            continue
        header = [c.strip().strip("'\"`*").lower() for _, c in _split_row(line, sep)]
        cols = [i for i, h in enumerate(header) if h and len(h) < 30 and _PAY_COLUMN.match(h)]
        if not cols or len(header) < 2:
            continue
        for k in range(n + 1, min(len(lines), n + 200)):
            row = lines[k]
            if not row.strip() or row.startswith("```"):
                break
            cells = _split_row(row, sep)
            for i in cols:
                if i < len(cells):
                    at, cell = cells[i]
                    value = cell.strip()
                    if (
                        re.fullmatch(r"[$£€¥₹]?\s?\d[\d,.\u00a0 ]*\d(?:\s?(?:€|[A-Z]{3}))?", value)
                        and sum(c.isdigit() for c in value) >= 3
                    ):
                        start = offsets[k] + at + cell.find(value)
                        found.append(Finding("salary", start, start + len(value), "pay_table"))


def _pay_sql(text: str, found: list[Finding]) -> None:
    for m in _SQL_INSERT.finditer(text):
        names = [c.strip().strip("`\"'[]").lower() for c in m.group(1).split(",")]
        cols = [i for i, c in enumerate(names) if _PAY_COLUMN.match(c)]
        if not cols:
            continue
        for t in re.finditer(r"\(([^()\n]*)\)", m.group(2)):
            base = m.start(2) + t.start(1)
            cells = _split_row(t.group(1).replace("'", '"'), ",")
            for i in cols:
                if i < len(cells):
                    at, cell = cells[i]
                    value = cell.strip()
                    if re.fullmatch(r"\d[\d.]*", value) and len(value) >= 3:
                        start = base + at + cell.find(value)
                        found.append(Finding("salary", start, start + len(value), "pay_sql"))


# ------------------------------------------------------------- health: a lexicon, tied to a person
# Conditions, in the languages people write them in, and the word endings of many more (…itis,
# …osis, …aemia, …pathy, …oma, …plegia): a term anywhere in a sentence that is about a person.
_H_TERMS = (
    r"atrial\s+fibrillation|a-?fib|osteopenia|osteoarthritis|gout|anaemia|anemia|angina|arrhythmia|tinnitus"
    r"|vertigo|sciatica|scoliosis|shingles|palpitations|burn-?out|long\s+covid|chronic\s+fatigue(?:\s+syndrome)?"
    r"|me/cfs|bladder\s+(?:urgency|incontinence)|incontinence|hypothyroidism|hyperthyroidism|hypertension"
    r"|high\s+cholesterol|heart\s+failure|kidney\s+stones?|gallstones|sleep\s+apnoea|sleep\s+apnea|narcolepsy"
    r"|dyslexia|dyspraxia|tourette'?s|cerebral\s+palsy|down'?s?\s+syndrome|spina\s+bifida|muscular\s+dystrophy"
    r"|motor\s+neurone\s+disease|als|hiv|aids|asthma|copd|emphysema|epilepsy|migraines?|diabetes|psoriasis"
    r"|eczema|endometriosis|pcos|adhd|adhs|tdah|autism|autismus|autisme|ptsd|ocd|depression|anxiety|bipolar\w*"
    r"|schizophreni\w+|anorexi\w+|bulimi\w+|dementia|demenz|alzheimer'?s?|parkinson'?s?|multiple\s+sclerosis"
    r"|crohn'?s(?:\s+disease)?|ulcerative\s+colitis|coeliac\s+disease|celiac\s+disease|lupus|fibromyalgia"
    r"|pre-?eclampsia|gestational\s+diabetes|miscarriage|stillbirth|infertility|anaphylaxis|concussion"
    r"|whiplash|stroke|heart\s+attack|tia|dvt|pulmonary\s+embolism|sepsis|pneumonia|tuberculosis|hepatitis\s+[abc]"
    r"|(?:\w+\s+)?cancer|leuk[äa]?emi[ae]|leucemia|lymphom[ae]|tumou?r|deaf(?:ness)?|blind(?:ness)?"
    r"|hard\s+of\s+hearing|partially\s+sighted|hearing\s+aids?|cochlear\s+implant|wheelchair(?:\s+user)?"
    r"|(?:\w+\s+)?allergy|avc|hémiplégie|hemiplegia|hemiplejia|hemiplegia|infarto|ictus|diabète|asthme"
    r"|dépression|épilepsie|cancro|tumore|câncer|cáncer|krebs|zuckerkrankheit|bluthochdruck|herzinfarkt"
    r"|schlaganfall|insuffisance\s+\w+|insuficiencia\s+\w+|insufici[êe]ncia\s+\w+|diabete|depressione"
    r"|ansia|ansiedad|ansiedade|depresi[óo]n|depress[ãa]o|epilessia|epilepsia|asma|suikerziekte|kanker"
    r"|hartaanval|beroerte|sukkersyge|kræft|gigt|scl[ée]rose|esclerosis|esclerose|sclerosi"
    # Cardiology and kidney shorthand, dependence, fertility treatment, an
    # organ removed, an ICD-10 code on a sick note ("CID" in Portuguese and Spanish).
    r"|hyperemesis(?:\s+gravidarum)?|n?stemi|ckd|mdd"
    r"|hearing\s+loss|vision\s+loss|alcoholism|alcohol\s+(?:dependence|addiction|use\s+disorder)"
    r"|drug\s+(?:dependence|addiction)|opioid\s+(?:dependence|addiction|use\s+disorder)|ivf(?:\s+treatment)?"
    r"|gall\s?bladder\s+removed|appendix\s+removed|tonsils\s+removed|thyroid\s+removed|uterus\s+removed"
    r"|womb\s+removed|ovar(?:y|ies)\s+removed|spleen\s+removed|prostate\s+removed|icd(?:-?10)?\s+[a-z]\d\d(?:\.\d{1,2})?|cid(?:-?10)?\s+[a-z]\d\d(?:\.\d{1,2})?"
    # French, Spanish, Portuguese, German and Turkish names of the same conditions.
    r"|dyspraxie|dyslexie|dyscalculie|trouble\s+du\s+spectre\s+de\s+l'autisme|fibrillation\s+auriculaire"
    r"|fibrilaci[óo]n\s+auricular|fibrila[çc][ãa]o\s+atrial|vorhofflimmern|insulinpumpe|astım(?:\s+hastası)?"
    r"|diyabet(?:\s+hastası)?|kanser(?:\s+hastası)?|depresyon"
)
_H_SUFFIXED = (
    r"[a-zà-ÿ]{3,}(?:itis|osis|a?emia|ämie|pathy|pathie|patía|algia|algie|penia"
    r"|plegia|plégie|plejia|trophy|ectomy|ectomie|ectomía|ectomia|ektomie|otomy|plasty|(?:carcin|sarc|melan"
    r"|lymph|myel|gli|blast|aden|fibr|lip|meningi)oma|allergie|syndrom)"
)
_H_INJURY = (
    r"(?:fractured|broken|sprained|torn|dislocated|ruptured|herniated|slipped)\s+(?:(?:left|right)\s+)?"
    r"(?:wrist|ankle|arm|leg|hip|knee|shoulder|elbow|finger|thumb|toe|ribs?|collarbone|clavicle|foot|hand|back"
    r"|neck|jaw|nose|skull|pelvis|spine|acl|mcl|meniscus|achilles|hamstring|ligament|tendon|disc|cuff|femur|tibia"
    r"|fibula|radius|ulna|humerus|vertebra)(?:\s+(?:bone|ligament|tendon|disc|cuff))?(?:\s*\([^()\n]{1,40}\))?"
    r"|(?:bowel|colon|liver|kidney|lung|heart|hip|knee|shoulder|valve|marrow|gastric|coronary|cardiac|triple"
    r"|double|leg|foot|toe|finger|arm|breast|stomach|cornea)\s+(?:resection|amputation|transplant|bypass"
    r"|replacement|surgery|stent)|pacemaker|amputation"
)
_H_DRUGS = (
    r"salbutamol|albuterol|ventolin|paracetamol|acetaminophen|ibuprofen|naproxen|codeine|morphine|fentanyl"
    r"|insulin|metformin|levothyroxine|thyroxine|sertraline|fluoxetine|citalopram|amitriptyline|lithium"
    r"|azathioprine|mesalazine|infliximab|prednisolone|prednisone|hydrocortisone|epipen|adrenaline|warfarin"
    r"|apixaban|rivaroxaban|clopidogrel|aspirin|atorvastatin|simvastatin|ramipril|amlodipine|bisoprolol"
    r"|omeprazole|lansoprazole|methylphenidat(?:e)?|ritalin|levetiracetam|lamotrigine|valproate|carbamazepine"
    r"|truvada|prep|methadone|buprenorphine|ozempic|semaglutide|tamoxifen|letrozole|chemo(?:therapy)?"
    r"|radiotherapy|dialysis|antidepressants?|antibiotics"
)
# "chronic kidney disease", "sickle cell disorder": lower-case words before the kind of illness (a
# capitalised one is a name: "Barbara Ross disclosed Crohn's disease" keeps "Ross" out).
_H_NAMED_KIND = (
    r"(?:(?!(?:with|and|or|of|the|an?|who|has|have|had|is|was|for|to|in|on|at|my|his|her|their|this|that"
    r"|disclosed|about|from|research|studies|study)\s)(?-i:[a-z][a-z'’-]+)\s+){1,3}"
    r"(?:disease|disorder|syndrome|deficiency|palsy|dystrophy)"
)
_DOSE_ANY = r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|g|ml|units?|iu|ie|puffs?|mg/kg)\b"
_FREQ = (
    r"(?:(?:,?\s+(?:once|twice|three\s+times|\d\s?x)\s+(?:a\s+|per\s+)?(?:day|daily|week|night))"
    r"|\s+(?:(?:once|twice)\s+)?(?:daily|nightly|weekly|bd|bid|tds|tid|qds|qid|prn|nocte|mane|qhs|as\s+needed"
    r"|at\s+night|in\s+the\s+morning|a\s+day|per\s+day|morgens|abends|mittags|t[äa]glich|nachts|bei\s+bedarf"
    r"|par\s+jour|le\s+matin|le\s+soir|cada\s+\d+\s+horas|al\s+d[ií]a|por\s+d[ií]a|de\s+\d+\s+em\s+\d+\s+horas"
    r"|al\s+giorno|ogni\s+\d+\s+ore|per\s+dag|dagligt|twice|(?-i:OD|OM|ON)\b))"
)
_NOT_DRUG = (
    r"(?!(?:take|takes|taking|took|about|around|dose|doses|with|daily|from|than|into|over|under|only|just"
    r"|weighs?|weight|bottle|water|sugar|salt|protein|caffeine|coffee|extra|another|every)\b)"
)
_H_MODS = (
    r"(?:(?:mild|moderate|severe|chronic|acute|suspected|possible|early[\s-]stage|late[\s-]stage|advanced|stage"
    r"\s+\w+|grade\s+\w+|type\s+(?:1|2|i|ii)|relapsing[\s-]remitting|undiagnosed|recurrent|persistent|bad"
    r"|an?|the)\s+)*"
)
_H_LABS = (
    r"(?:hba1c|a1c|egfr|ldl|hdl|psa|tsh|t4|inr|crp|esr|cd4(?:\s+count)?|viral\s+load|bp|blood\s+pressure"
    r"|cholesterol|creatinine|glucose|blood\s+sugar|ferritin|ha?emoglobin|hb|platelets|potassium|sodium"
    r"|urine\s+protein|protein(?:uria)?|bmi|sats|spo2|o2\s+sats|heart\s+rate|pulse|temp(?:erature)?|weight)"
)
_H_LAB_ITEM = (
    rf"(?:(?:undetectable|detectable|high|low|raised|elevated|normal|abnormal)\s+{_H_LABS}"
    rf"|{_H_LABS}\s*(?:level\s+|count\s+)?(?:(?:is|was|of|at|came\s+back(?:\s+at|\s+as)?|:|=)\s*)?"
    r"(?:\d+(?:[.,]\d+)?(?:/\d+)?\+?|[1-4]\+)\s*(?:%|mg/dl|mmol/l|mmol/mol|mmhg|ng/ml|[µμu]mol/l|miu/l|copies(?:/ml)?"
    r"|bpm|kg/m2|g/l|g/dl|kg|°c)?)"
)


def _run_ending(letters: str, suffixes: list[str]) -> str:
    """`[letters]{3,}(?:suffix|…)` where only the end of the run of letters can be the end: the run
    taken whole, then each suffix looked behind ("rituximab"), instead of backing off letter by letter
    and trying every suffix at each. The run is cut after three letters and the rest must hold the
    suffix whole, so a suffix never reaches into the three (nor before the run)."""
    by_length: dict[int, list[str]] = {}
    for suffix in suffixes:
        by_length.setdefault(len(suffix), []).append(suffix)
    return (
        f"(?:[{letters}]{{3}}(?:"
        + "|".join(
            f"(?=[{letters}]{{{n}}})[{letters}]*+(?:" + "|".join(f"(?<={x})" for x in group) + ")"
            for n, group in sorted(by_length.items())
        )
        + "))"
    )


# In `_H_LEX` a drug's suffix ends a word: whatever follows it there (a dose, a frequency, "(…)", a
# Romance adjective, the end) opens with a space, comma or bracket, or is not a word character, and
# every character [a-z] matches case-insensitively is one, so an end inside the run never leads to a
# match. (Not so for `_H_SUFFIXED`: its [a-zà-ÿ] holds "÷", after which a word may end.)
_MED_SUFFIX_RUN = _run_ending("a-z", _MED_SUFFIX[len("(?:[a-z]{3,}(?:") : -2].split("|"))


def _by_first_letter_ahead(branches: list[str]) -> str:
    """The alternation of `branches` as one group per first letter, each entered after a look ahead
    for its letter: "(?=a)(?:a-?fib|anaemia|…)|(?=b)(?:burn-?out|…)|…". `_H_LEX` is matched at a word,
    where the flat alternation of 150 conditions is tried branch by branch; this way about twenty
    letters are looked at and one group entered. A branch that opens with an optional word
    ("(?:\\w+\\s+)?cancer") can start at any word character: it stands, in its place, in every group and
    in one of its own for the other characters. A group keeps its branches' order, and branches
    whose first letters differ (case-blind too) never match at the same position."""
    any_start = [b for b in branches if b.startswith("(?:\\w+\\s+)?")]
    letters = dict.fromkeys(b[0] for b in branches if b not in any_start)
    groups = [
        f"(?={c})(?:" + "|".join(b for b in branches if b[0] == c or b in any_start) + ")" for c in letters
    ]
    groups.append("(?![" + "".join(letters) + "])(?:" + "|".join(any_start) + ")")
    return "|".join(groups)


_H_TERMS_BY_LETTER = _by_first_letter_ahead(_top_level(_H_TERMS))
# Pregnancy by its weeks ("14 weeks pregnant", "I'm 22 weeks along"): outside `_H_TERMS`, whose
# branches are grouped by their first letter.
_H_PREGNANCY = r"\d{1,2}\s+weeks?\s+(?:pregnant|along)"
_H_LEX = re.compile(
    rf"(?i:(?<![\w-])(?P<what>{_H_MODS}(?:"
    rf"(?:{_H_DRUGS}|{_MED_SUFFIX_RUN}|{_NOT_DRUG}[a-zà-ÿ]{{4,}}(?=\s+{_DOSE_ANY}))(?:\s+{_DOSE_ANY})?(?:{_FREQ})*"
    rf"|{_H_LAB_ITEM}|{_H_PREGNANCY}|{_H_INJURY}|{_H_NAMED_KIND}|{_H_TERMS_BY_LETTER}|{_H_SUFFIXED})"
    r"(?:\s+(?:diagnosis|relapse|flare(?:-up)?|attack|twice|with\s+aura|typ\s+(?:1|2|i|ii)\b|[clt]\d-[clts]\d\b"
    r"|in\s+(?:my|his|her|the|both)\s+(?:left\s+|right\s+)?"
    r"(?:ears?|eyes?|legs?|arms?|feet|hands?|knees?|hips?))|\s*\([^()\n]{1,60}\))*"
    # Romance word order: "câncer de mama em estágio inicial", "AVC ischémique", "hémiplégie droite".
    r"(?:\s+(?:de|da|do|du|del|em|en|di|des)\s+(?-i:[a-zà-ÿ]{3,})(?<!\bque)(?<!\bqui)"
    r"|\s+(?-i:[a-zà-ÿ]*(?:ique|ienne|aire|ale|ante|ente|ita|ido|ida|ado|ada|oide|ial|inal|icial|droite|gauche"
    r"|derecha|izquierda|direita|esquerda|destra|sinistra)))"
    r"{0,4}))(?![\w-])"
)
_H_LEX_WORDS = wordset(
    "atrial afib fib osteopenia osteoarthritis gout anaemia anemia angina arrhythmia tinnitus vertigo sciatica "
    "scoliosis shingles palpitations burnout burn long chronic bladder incontinence hypothyroidism "
    "hyperthyroidism hypertension cholesterol heart kidney gallstones sleep narcolepsy dyslexia dyspraxia "
    "tourette tourettes cerebral down downs spina muscular motor als hiv aids asthma copd emphysema epilepsy "
    "migraine migraines diabetes psoriasis eczema endometriosis pcos adhd adhs tdah autism autismus autisme ptsd "
    "ocd depression anxiety bipolar schizophrenia anorexia bulimia dementia demenz alzheimer alzheimers "
    "parkinson parkinsons multiple crohn crohns ulcerative coeliac celiac lupus fibromyalgia eclampsia "
    "preeclampsia gestational miscarriage stillbirth infertility anaphylaxis concussion whiplash stroke tia dvt "
    "pulmonary sepsis pneumonia tuberculosis hepatitis cancer leukemia leukaemia lymphoma tumor tumour deaf "
    "deafness blind blindness hard partially hearing cochlear wheelchair allergy avc infarto ictus asthme "
    "cancro tumore krebs zuckerkrankheit bluthochdruck herzinfarkt schlaganfall insuffisance insuficiencia "
    "diabete depressione ansia ansiedad ansiedade epilessia epilepsia asma suikerziekte kanker hartaanval "
    "beroerte sukkersyge gigt fractured broken sprained torn dislocated ruptured herniated slipped resection "
    "amputation transplant bypass replacement stent pacemaker salbutamol albuterol ventolin paracetamol "
    "acetaminophen ibuprofen naproxen codeine morphine fentanyl insulin metformin levothyroxine thyroxine "
    "sertraline fluoxetine citalopram amitriptyline lithium azathioprine mesalazine infliximab prednisolone "
    "prednisone hydrocortisone epipen adrenaline warfarin apixaban rivaroxaban clopidogrel aspirin atorvastatin "
    "simvastatin ramipril amlodipine bisoprolol omeprazole lansoprazole methylphenidat methylphenidate ritalin "
    "levetiracetam lamotrigine valproate carbamazepine truvada prep methadone buprenorphine ozempic semaglutide "
    "tamoxifen letrozole chemo chemotherapy radiotherapy dialysis antidepressant antidepressants antibiotics "
    "mg mcg ml iu puffs hba egfr ldl hdl psa tsh inr crp esr cd viral bp blood creatinine glucose sugar "
    "ferritin hemoglobin haemoglobin hb platelets potassium urine protein proteinuria bmi sats undetectable "
    "disease disorder syndrome deficiency palsy dystrophy pregnant hyperemesis nstemi stemi ckd mdd vision "
    "alcoholism dependence addiction ivf gallbladder appendix tonsils thyroid uterus womb ovary ovaries spleen "
    "prostate icd cid dyspraxie dyslexie dyscalculie spectre fibrillation auricular vorhofflimmern insulinpumpe "
    "diyabet kanser depresyon"
)
# German and Scandinavian compounds end in the condition: "Nussallergie", "utmattningssyndrom".
_H_SUFFIXES = (
    "itis", "osis", "emia", "aemia", "pathy", "algia", "penia", "plegia", "trophy", "ectomy", "ectomie",
    "ectomia", "ektomie", "otomy", "plasty", "oma", "ämie", "pathie", "algie", "allergie", "syndrom",
)  # fmt: skip
# The words of a text that end in one of them, looked for in the words written backwards, one after
# a space each: the pattern meets each word at its space and tests its last letters (grouped by the
# last), where a test per word in Python (a slice, a look-up) took twice as long over the 300 words of
# a long prompt. `words` holds runs of ASCII letters: "ämie" never ends one.
_H_SUFFIX_BACKWARDS = re.compile(
    " (?:"
    + "|".join(
        re.escape(last)
        + "(?:"
        + "|".join(re.escape(s[-2::-1]) for s in _H_SUFFIXES if s.isascii() and s[-1] == last)
        + ")"
        for last in dict.fromkeys(s[-1] for s in _H_SUFFIXES if s.isascii())
    )
    + ")[a-z]*"
)
_H_NOT_SUFFIXED = wordset(
    "diagnosis prognosis hypnosis osmosis symbiosis metamorphosis apotheosis neurosis website white quite site "
    "write invite polite elite despite favourite favorite suite opposite definite infinite composite satellite "
    "those whose close chose purpose rose nose dose pose loose goose expose suppose compose propose glucose "
    "empathy sympathy telepathy apathy homeopathy nostalgia diploma aroma coma soma stoma sarcoma home some "
    "trophy atrophy philosophy biography photography diagnose analyse lose choose cellulose verbose lactose "
    "fructose sucrose dextrose granite termite ignite unite bite kite mite rite spite smite sprite appetite "
    "graphite dynamite parasite requisite exquisite ose morose grandiose overdose implite"
)
# Whose: the writer, a relative, a patient, someone named, an age, in the languages of the lexicon.
# A third person just before the term ("Ruth Pemberton — atrial fibrillation", "his doctor … his
# angina"); further away, in encyclopaedia text ("Edward Chang … predict anxiety"), it is not enough.
_H_WHO = re.compile(
    rf"(?i:\b(?:he|she|his|her|him|hij|zijn|haar|ele|ela|lui|lei)\b"
    rf"|\b(?:my|his|her|their|our|your|a|an|the|whose)\s+(?:\w+\s+)?{_RELATION}\b)"
    rf"|(?<![\w]){_NAME2}"
)
_H_QUESTION_WORDS = (
    r"what\s+(?:is|are|does)|how\s+(?:is|are|do|does|common|long)|explain|define|usual|typical|guidance"
    r"|symptoms\s+of|signs\s+of|side\s+effects|essay|flashcards?|textbook|quiz|student|lecture|wikipedia"
)
_H_QUESTION = re.compile(rf"(?i:\b(?:{_H_QUESTION_WORDS})\b)")
_H_STRONG_WORDS = (
    r"i|i'm|i’m|i've|i’ve|i'd|me|my|myself|we|our|ich|mir|mich|mein\w*|unser\w*|je|j'|j’|moi|mon|ma|mes"
    r"|mi|mis|yo|tengo|padezco|io|mio|mia|miei|eu|meu|minha|ik|mijn|jeg|min|mitt|patient|pt"
)
_H_STRONG_AGE = r"\d{1,3}\s?(?:y/?o|yo|years?\s+old|[mf])\b"
_H_STRONG = re.compile(rf"(?i:\b(?:{_H_STRONG_WORDS})\b|\b{_H_STRONG_AGE}|\bg\d+p\d+\b)")
# Whether those two find something in a sentence, on the lower-cased copy of a text that folds plainly
# (there the case-insensitive match and the case-sensitive one agree): the words grouped by first
# letter with the \b looked behind after it, and the age led by its digit, so that each search skips
# along a character set instead of entering \b and a long alternation at every position.
_H_QUESTION_LOWER = re.compile(
    "(?:" + _by_first_letter(_top_level(_H_QUESTION_WORDS), after_first=r"(?<!\w.)") + r")\b"
)
_H_STRONG_WORDS_LOWER = re.compile(
    "(?:" + _by_first_letter([*_top_level(_H_STRONG_WORDS), r"g\d+p\d+"], after_first=r"(?<!\w.)") + r")\b"
)
_H_STRONG_AGE_LOWER = re.compile(r"\d(?<!\w.)\d{0,2}\s?(?:y/?o|yo|years?\s+old|[mf])\b")
# Their literals too must meet a text's characters as the lower-cased copy's do (`_plain_char`).
_FOLD_LITERALS |= {c for c in _H_STRONG_WORDS + _H_QUESTION_WORDS if ord(c) > 127}


def _h_strong(text: str, lower: str, lo: int, hi: int, plain: bool | None = None) -> bool:
    """Whether `_H_STRONG` finds something in lower[lo:hi]; `plain`: `_folds_plainly(text)`, if known."""
    if _folds_plainly(text) if plain is None else plain:
        return (
            _H_STRONG_WORDS_LOWER.search(lower, lo, hi) is not None
            or _H_STRONG_AGE_LOWER.search(lower, lo, hi) is not None
        )
    return _H_STRONG.search(lower, lo, hi) is not None


def _h_question(text: str, lower: str, lo: int, hi: int, plain: bool | None = None) -> bool:
    """Whether `_H_QUESTION` finds something in lower[lo:hi]; `plain`: `_folds_plainly(text)`, if known."""
    if _folds_plainly(text) if plain is None else plain:
        return _H_QUESTION_LOWER.search(lower, lo, hi) is not None
    return _H_QUESTION.search(lower, lo, hi) is not None


# Grouped by first letter with the \b looked behind after it: only whether it finds something is asked,
# and the search then skips along the first letters instead of entering \b at every position.
_H_FICTION = re.compile(
    "(?:"
    + _by_first_letter(
        _top_level(
            "film|movie|played|plays|actor|actress|role|episode|season|series|biopic|biography|novel|book"
            "|character|documentary|wikipedia"
        ),
        after_first=r"(?<!\w.)",
    )
    + r")\b"
)
_WORD_START = re.compile(r"(?<![\w'’-])\w")
# The lexicon's words with a letter outside ASCII (`words` splits them), by that letter: a look for it
# among a text's few non-ASCII characters (or its capital's: the look is at the text, not lower-cased)
# turns most away before a search of the whole text.
# "mastectomia" and "ansiedad" need no search: where either stands as a whole word, `words` holds it,
# and it is a trigger from there (a word of `_H_LEX_WORDS`, a word with a suffix).
_H_ACCENTED = (
    ("é", ("hémiplégie", "dépression", "épilepsie", "sclérose")),
    ("â", ("câncer",)),
    ("á", ("cáncer",)),
    ("è", ("diabète",)),
    ("æ", ("kræft",)),
    ("ä", ("leukämie",)),
    ("ö", ("zöliakie",)),
    ("ó", ("depresión",)),
    ("ı", ("astım",)),
    ("ç", ("fibrilação",)),
)


def _lexicon_matches(text: str, lower: str, triggers: set[str]) -> list[re.Match[str]]:
    """`_H_LEX` tried only at the trigger word and the two words before it (a modifier, the drug
    before "mg"), never scanned along the text: the alternation is long."""
    out: list[re.Match[str]] = []
    reach = -1
    # What `_H_LEX` matches at a word start, kept: triggers side by side ("blood and urine") share
    # their words before, and each attempt costs a few microseconds.
    tried: dict[int, re.Match[str] | None] = {}
    for lo, _ in word_windows(lower, tuple(triggers), 0, 0):
        if lo < reach:
            continue  # inside the last match
        starts = [ws.start() for ws in _WORD_START.finditer(lower, max(0, lo - 40), lo + 1)][-3:]
        for start in starts:
            if start not in tried:
                tried[start] = _H_LEX.match(text, start)
            m = tried[start]
            if m is not None and m.end() > lo:
                out.append(m)
                reach = m.end()
                break
    return out


_DIETARY = re.compile(r"c(?:o)?eliac|gluten|lactose|intoleran")
_COOKING = re.compile(
    r"\b(?:menu|recipes?|dishes|dinner|lunch|meals?|cook|cooking|bake|baking|vegetarian|vegan)\b"
)
_SOAP = re.compile(r"(?m)^\s*(?:S|O|A|P|Subjective|Objective|Assessment|Plan)\s*:")
# The end of every `_SOAP` line, led by a capital the engine skips along (`_SOAP` opens with ^, tried
# at every position): each match of `_SOAP` ends at a colon that ends one of these, so fewer than two
# of these rule out two of `_SOAP`.
_SOAP_END = re.compile(r"[SOAP](?:ubjective|bjective|ssessment|lan)?\s*:")
# `\b\d{1,3}\s?(?:[MF]|y/?o|yo)\b` led by its digit, the \b before it looked behind once it is read.
_AGE_SEX = re.compile(r"\d(?<!\w.)\d{0,2}\s?(?:[MF]|y/?o|yo)\b")


def _clinical_note(text: str) -> bool:
    """Whether `text` is a clinical note: SOAP lines, or "34F", "72 y/o" near its start."""
    if ":" in text:
        # Two cheap label searches first: the whole-text _SOAP search only where two could match.
        first = _SOAP_END.search(text)
        if (
            first is not None
            and _SOAP_END.search(text, first.end()) is not None
            and len(_SOAP.findall(text)) >= 2
        ):
            return True
    return _AGE_SEX.search(text, 0, 600) is not None


def _lexical_health(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """A condition, drug (with dose), injury, procedure or test value in a sentence about a person."""
    triggers = set(words & _H_LEX_WORDS)
    if "along" in words and "weeks" in words:  # "22 weeks along": "along" alone is too common a trigger
        triggers.add("along")
    for m in _H_SUFFIX_BACKWARDS.finditer(" " + " ".join(words)[::-1]):
        w = m.group(0)[:0:-1]  # a word that ends in a suffix (the match runs to the word's first letter)
        if len(w) > 5 and w not in _H_NOT_SUFFIXED:
            triggers.add(w)
    if not text.isascii():
        rest = non_ascii(text)
        accented = [needles for c, needles in _H_ACCENTED if c in rest or c.upper() in rest]
        if accented:
            triggers.update(present(lower, sum(accented, ())))
    if not triggers:
        return
    note: bool | None = None
    plain: bool | None = None
    # What is asked of a whole sentence, asked once per sentence: the terms of one paragraph of
    # encyclopaedia text ("diabetes", "insulin", "ketoacidosis") share their sentences.
    strong: dict[tuple[int, int], bool] = {}
    question: dict[tuple[int, int], bool] = {}
    fiction: dict[tuple[int, int], bool] = {}
    for m in _lexicon_matches(text, lower, triggers):
        what = m.group("what").lower()
        if what in _H_NOT_SUFFIXED or what in ("a", "an", "the") or len(what) < 3:
            continue
        sentence = s_lo, s_hi = _sentence(lower, m.start(), m.end())
        if _generic(lower, m.start()):
            continue
        if plain is None:
            plain = _folds_plainly(text)
        if sentence not in strong:
            strong[sentence] = _h_strong(text, lower, s_lo, s_hi, plain)
        if not strong[sentence] and note is None:  # asked only where it decides
            note = _clinical_note(text)  # a clinical note is about its patient throughout
        if not strong[sentence] and not note:
            if sentence not in question:
                question[sentence] = _h_question(text, lower, s_lo, s_hi, plain)
            if question[sentence] or what.startswith("the "):
                continue  # "What is the usual dose of lithium 300 mg?", "restore vision to the blind"
            if not _H_WHO.search(text, max(s_lo, m.start() - 60), m.end()):
                continue  # a person only far away in the sentence: encyclopaedia text
            if sentence not in fiction:
                fiction[sentence] = _H_FICTION.search(lower, s_lo, s_hi) is not None
            if fiction[sentence]:
                continue  # "Tom Hanks played a lawyer with AIDS": a role, not a person's health
        if _DIETARY.search(what) and _COOKING.search(lower):
            continue  # "a menu for an aunt with coeliac disease": a dietary need in a cooking request
        start, end = m.start("what"), m.end("what")
        while end > start and text[end - 1] in " ,":
            end -= 1
        found.append(Finding("health", start, end, "health_lexicon"))
