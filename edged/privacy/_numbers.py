"""Number-shaped findings: cards, phones, SSNs, IBANs, national ids and GPS coordinates.

Every one of them overlaps a run of digits, so `scan_numbers` looks only at windows around such
runs. A number counts when its check digits hold and, for shapes that ordinary numbers share
(11 bare digits, 9 bare digits), when a label in front of it says what it is. Coordinates in
latitude/longitude fields ("lat": 35.68) can be shorter than a run: the field keys find those.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from edged.privacy import checksums
from edged.privacy._common import Finding, matches_at, present, wordset

__all__ = ["scan_numbers"]

# Runs of digits and separators, 6+ characters: every number-shaped finding overlaps one.
_DIGIT_RUN = re.compile(r"[0-9](?:[0-9 ().+/-]{4,}[0-9]|(?:\.?[0-9]){5,})")
# The codice fiscale has no run that long: its date part (85T10A562) stands in, in either case
# ("vrdlcu78…" typed in lower case on a phone is the same code). The search starts at the year's
# digits: an ASCII digit range is a cheap test the engine runs in a tight loop before it enters the
# pattern, and digits are far rarer than the month letters (ten of them, in either case). A match
# ends with a letter, so the next one cannot start on its digits: the same matches as looking back
# from the month letter. The window is placed from the letter, 2 after the match's start.
_CF_HINT = re.compile(r"[0-9][0-9][A-EHLMPR-T][0-9][0-9][A-Z][0-9][0-9][0-9][A-Z]", re.IGNORECASE | re.ASCII)
# Each character as `_CF_HINT` sees it, one byte each: "0" an ASCII digit, "a" an ASCII letter (the
# only characters its classes take, case-blind but ASCII), " " anything else ("?" for non-ASCII).
_CF_SHAPES = bytes(48 if 48 <= c <= 57 else 97 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


def _cf_hints(text: str) -> list[re.Match[str]]:
    """`list(_CF_HINT.finditer(text))`, tried only where the text has the hint's shape.

    The pattern opens with a digit, so a scan entered it at every digit of the text (20 us over
    4,000 characters of code or logs); the shape "00a00a000a" is found with one bytes search over
    the text mapped to digit/letter/other, and the pattern matched there."""
    shape = text.encode("ascii", "replace").translate(_CF_SHAPES)
    out: list[re.Match[str]] = []
    pos = 0
    i = shape.find(b"00a00a000a")
    while i >= 0:
        if i >= pos:
            m = _CF_HINT.match(text, i)
            if m is not None:
                out.append(m)
                pos = m.end()
        i = shape.find(b"00a00a000a", i + 1)
    return out


_RUN_SEPARATORS = str.maketrans("", "", " ().+/-")
_COUNTS = {n: frozenset((n,)) for n in range(64)}

_PHONE_INTL = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,5}(?![\w-])"
    r"|(?<![\w+])00[1-9]\d{0,2}[ .-]\d{1,5}(?:[ .-]\d{2,5}){1,4}(?![\w-])",
    re.ASCII,
)
_PHONE_NANP = re.compile(
    r"(?<![\w$#/.+-])(?:1[ .-]?)?(?:\((\d{3})\)[ ]?|(\d{3})[-. ])(\d{3})[-.](\d{4})(?![\w/-]|\.\d)", re.ASCII
)
_PHONE_TRUNK = re.compile(r"(?<![\w(])\(0\d{1,4}\)[ ]?\d{3,4}[ -]?\d{3,4}(?![\w-])", re.ASCII)
# A phone label, then the value: prose ("my number is"), forms ("Tel.:"), and keys in JSON, YAML, code
# and CSV headers ("phone": "…", phone_number: …, phoneNumber=…, "Handynummer": …), in the languages
# users write them in.
_PHONE_CONTEXT = re.compile(
    r"(?i:\b(?:(?:[a-z]+_)?(?:phone|telephone|tel|mobile|cell(?:phone)?|fax|whats[aA]pp|ph|mob|tlf|gsm|handy|natel"
    r"|telefon|telefoon|tel[ée]fono|telefone|t[ée]l[ée]phone|m[óo]vil|celular|cellulare|cel|portable"
    r"|telem[óo]vel|mobil|mobiel|rufnummer)(?:[_ -]?(?:number|num|no|nr|nummer|nummern|numero))?"
    r"|call me(?: on| at)?|text me(?: on| at)?|reach me(?: on| at)?|contact me(?: on| at)?"
    r"|ring me(?: on| at)?|my number|contact number|phone number|mein handy|mi n[úu]mero|il mio numero"
    r"|mon num[ée]ro|mijn nummer|meu n[úu]mero)|電話(?:番号)?|携帯(?:番号)?)"
    r"[\"']?[.:#=]?(?:\s+(?:no\.?|number|is|at|on|es|est|ist|è|é|:))*\s*(?:[:#=]|=>)?\s*[\"']?\s*"
    r"(\+?\(?\d[\d ().-]{5,20}\d)(?![\w-])",
    re.ASCII,
)
# National formats. Shapes no other number takes stand alone: French 0X XX XX XX XX, UK 0161 496 0731 /
# 07700 900123 / 020 7946 0958, Japanese mobiles 090-1234-5678, Brazilian mobiles (11) 91234-5678, a
# "+" followed by spaced single digits. Any other grouping ("030 589 5007", "612 34 56 78",
# "03-1234-5678", "50 96 52 20") needs a phone word near it (`_PHONE_NEAR`).
_PHONE_NATIONAL = re.compile(
    r"(?<![A-Za-z0-9_+.,/-])(?:"
    r"(?P<spaced>\+ ?\d(?: \d){0,2} (?:\( ?0 ?\) )?\d(?: \d){5,12})"
    r"|(?P<fr>0[1-9](?P<frsep>[ .])\d\d(?:(?P=frsep)\d\d){3})"
    r"|(?P<trunk>0[1-9]\d{1,3} \d{3,4} \d{3,4}|0[1-9]\d{3} \d{6})"
    r"|(?P<jp>0[5789]0-\d{4}-\d{4})"
    r"|(?P<nl>06[ -]\d{8})"
    r"|(?P<br>\(\d{2}\) ?9\d{4}-\d{4})"
    r"|(?P<loose>\(?\d{2,5}\)?(?:[ .-]\d{2,5}){1,4})"
    r"|(?P<split>0\d{1,4}(?: ?/ ?|[ -])\d{3,8}(?:-\d{1,5})?)"
    r")(?![A-Za-z0-9_/-]|[.,]\d| \d)"
)
_PHONE_NEAR = re.compile(
    r"\b(?:(?:tele)?phone|t[ée]l|mobile?|cell(?:phone)?|cel|celu|fax|whats\s?app|call(?:ed)?\s+(?:me|us|him|her|them|back)"
    r"|call\s+(?:on|at)|callers?|callback|ring\s+(?:me|us)|text\s+(?:me|us)|reach\s+(?:me|us|him|her)|contacts?|dial"
    r"|voicemail|landline|hotline|sms|telefon\w*|telefoon\w*|tel[ée]fono|t[ée]l[ée]phone|handy\w*|r[üu]ckruf\w*"
    r"|anruf\w*|erreichbar|portable|joindre|appel(?:le[rz]?|ez|er)|m[óo]vil|celular|cellulare|chiamami|chiamare"
    r"|ligar|ligue|telem[óo]vel|ll[aá]ma(?:me|nos)|llamar|contatto|contacto|gsm|mobiel|mobil\w*|bel\s+(?:me|ons)"
    r"|bellen|ring\s+til|ring\s+p[åa]|wa)\b"
    # "my number", "best number", "il mio numero", "mi número", "mijn nummer": a number that is
    # someone's, not an order's or an invoice's (those take the noun in between).
    r"|\b(?:my|his|her|their|your|our|best|direct|cell|home|work|contact|callback|private)\s+(?:phone\s+)?number\b(?!\s+of\b)"
    r"|\b(?:mio|mi|mein|meine|mijn|mon|meu|min|mit|tuo|tu|suo|su|sua|seu|ihre?|seine?|son|ton|zijn|haar|dein)"
    r"\s+(?:numero|n[úu]mero|num[ée]ro|nummer|nr)\b(?!\s+(?:di|de|del|d'|van|von|f[üu]r|of)\b)"
    r"|電話|連絡|携帯"
)
# A contact verb right before the digits ("or text 0733-482 915", "sms 0612…", "ring 4521 …"): the
# verb says what the number is, wherever the sentence stands.
_PHONE_VERB_BEFORE = re.compile(
    r"\b(?:text|txt|sms|ring|bel|call|dial|whatsapp|wa|message|msg|appelle|llama|chiama|ligue)"
    r"(?:\s+(?:me|us|him|her|them|mig|os|mij|moi|mi|me))?(?:\s+(?:on|at|op|p[åa]|til|an|au|al|no|sur))?\s*:?\s*$"
)
# An extension after the number belongs to it: +1 (617) 942-3018 ext. 214, x 12, poste 305, Durchwahl -22.
_PHONE_EXT = re.compile(
    r"[ ,]*(?:ext\.?|extn\.?|extension|x|#|poste|durchwahl|dw\.?|int\.?|interno|anexo|toestel|lokal)"
    r"\s*[:.]?\s*-?\d{1,6}(?!\w)",
    re.IGNORECASE | re.ASCII,
)

_SSN_DASHED = re.compile(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])", re.ASCII)
# 078 05 1120, 078.05.1120: the SSN's own grouping, with spaces or dots instead of dashes.
_SSN_GROUPED = re.compile(r"(?<![\w.-])(\d{3})([ .])(\d{2})\2(\d{4})(?![\w-]|\.\d)", re.ASCII)
_SSN_CONTEXT = re.compile(
    # The short forms people type: "SSN", "ss#", "SS no.", "soc sec", "social sec #", "SSN#".
    r"(?i:\b(?:ssn|ss\s?(?=[#.n])|soc(?:ial)?\.?\s?sec(?:urity)?\.?|(?:my|his|her|your|their)\s+social)"
    r"(?:\s*(?:number|num|nbr|nr|no\.?|#))?)"
    r"\s*[:#=]?\s*(?:(?:is|was)\s+)?"
    r"(\d{3})([ .-]?)(\d{2})\2(\d{4})(?![\w-])",
    re.ASCII,
)

_CARD = re.compile(r"(?<![\w.-])\d(?:[ .-]?\d){12,18}(?![\w-]|\.\d)", re.ASCII)

_IBAN_HINT = re.compile(r"[A-Z]{2}\d\d")
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(\d{2})((?:[ ]?[A-Z0-9]){10,32})")
# ISO 13616 lengths (SWIFT IBAN registry).
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

# National ids. Each shape is checked by its own rule in checksums; the shapes that ordinary
# numbers share (9 or 11 bare digits) also need a label within the 40 characters before them.
_START = r"(?<![\w.-])(?<!\d )"  # not the tail of a longer group of digits (a card)
_END = r"(?![\w-]|[.,]\d| \d)"
_NINO = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])")
_STEUER_ID = re.compile(rf"{_START}(\d{{2}})( ?)(\d{{3}})\2(\d{{3}})\2(\d{{3}}){_END}", re.ASCII)
_NIR = re.compile(
    rf"{_START}([12378]) ?(\d{{2}}) ?(\d{{2}}) ?(\d{{2}}|2[ABab]) ?(\d{{3}}) ?(\d{{3}}) ?(\d{{2}}){_END}",
    re.ASCII,
)
_CPR = re.compile(rf"{_START}(\d{{6}})([ -]?)(\d{{4}}){_END}", re.ASCII)
_AADHAAR = re.compile(rf"{_START}([2-9]\d{{3}})([ -]?)(\d{{4}})\2(\d{{4}}){_END}", re.ASCII)
_CPF = re.compile(rf"{_START}(\d{{3}})(\.?)(\d{{3}})\2(\d{{3}})(-?)(\d{{2}}){_END}", re.ASCII)
_DNI = re.compile(r"(?<![\w.-])(\d{8})[ -]?([A-Z])(?![\w-])", re.ASCII)
_NIE = re.compile(r"(?<![\w.-])([XYZ])[ -]?(\d{7})[ -]?([A-Z])(?![\w-])", re.ASCII)
_SIN = re.compile(rf"{_START}(\d{{3}})([ -]?)(\d{{3}})\2(\d{{3}}){_END}", re.ASCII)
_ITIN = re.compile(rf"{_START}(9\d{{2}})(-?)(\d{{2}})\2(\d{{4}}){_END}", re.ASCII)
# UK driving licence: surname (9-padded), decade, month (+50 for women), day, year, initials, digit, check.
_UK_DL = re.compile(
    r"(?<![A-Za-z0-9])[A-Z9]{5}\d(?:[05][1-9]|[16][0-2])(?:0[1-9]|[12]\d|3[01])\d[A-Z9]{2}\d[A-Z]{2}(?![A-Za-z0-9])"
)
_CF = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z](?![A-Za-z0-9])", re.IGNORECASE | re.ASCII
)

_LABELS = {
    "steuer": re.compile(r"steuer|\btax\s*(?:id|identification)|\bidnr\b|identifikationsnummer|\btin\b"),
    "cpr": re.compile(r"\bcpr\b|personnummer"),
    "aadhaar": re.compile(r"aadhaa?r|\buid(?:ai)?\b"),
    "cpf": re.compile(r"\bcpf\b"),
    "sin": re.compile(r"\bsin\b|social\s+insurance|\bnas\b|assurance\s+sociale"),
    "itin": re.compile(r"\bitin\b|taxpayer\s+identification"),
}

# Decimal degrees (51.5074, -0.1278 / 40.7128° N, 74.0060° W / N 52.3702 E 4.8952) and
# degrees-minutes(-seconds). "%2C" is the comma of a URL (maps.google.com/?q=51.5,-0.12 pasted encoded).
_COORD = re.compile(
    r"(?<![\w.])([NSns]\s?)?([-+]?\d{1,2}\.\d{3,8})\s*°?\s*([NSns])?\s*(?:[,;/]|%2[Cc])?\s*"
    r"([EWOewo]\s?)?([-+]?\d{1,3}\.\d{3,8})\s*°?\s*([EWOewo])?(?![\w-]|\.\d)",
    re.ASCII,
)
_DMS = re.compile(
    r"(?:([NS])\s?)?(\d{1,2})°\s*(\d{1,2}(?:\.\d+)?)['′]\s*(?:\d{1,2}(?:\.\d+)?(?:[\"″]|'')\s*)?([NS])?[,\s]+"
    r"(?:([EWO])\s?)?(\d{1,3})°\s*(\d{1,2}(?:\.\d+)?)['′]\s*(?:\d{1,2}(?:\.\d+)?(?:[\"″]|'')\s*)?([EWO])?"
)
# "GPS: 35.6895 139.6917", "coords 48.85 2.29": a label makes a bare pair a position.
_COORD_LABEL = re.compile(
    r"\b(?:coordinates|coords?|gps|lat\s*/\s*lo?ng|lat,?\s*lo?ng|latlng|location|position|pin|standort"
    r"|koordinaten|coordonn[ée]es|coordenadas|coordinate|ubicaci[oó]n|posizione|localiza[cç][aã]o)\W{0,4}$"
    r"|座標|位置"
)
# One coordinate per field, as trackers, EXIF dumps, configs and code write them: "lat": 40.41,
# GPSLatitude: 53.47, drop_lng=-0.18, latitude: 47.62, lat 35.68 lon 139.69. A latitude key counts
# only with a longitude key near it (and the other way round): the pair says it is a position.
_LAT_KEY = r"(?:[a-z]+_)?(?:gps_?)?(?:lat|latitude|breite|breitengrad|latitud|latitudine|latitude)"
_LON_KEY = r"(?:[a-z]+_)?(?:gps_?)?(?:lng|lon|long|longitude|l[äa]nge|l[äa]ngengrad|longitud|longitudine)"
_COORD_FIELD = re.compile(
    rf"(?<![a-z0-9])(?:(?P<lat>{_LAT_KEY})|(?P<lon>{_LON_KEY}))(?:\s*\(?deg(?:rees)?\)?)?"
    r"[\"']?\s*(?:[:=]|=>|\s)\s*[\"']?\s*(?P<value>[-+]?\d{1,3}\.\d{2,8})(?![\w]|\.\d)",
    re.ASCII,
)
# Every value of `_COORD_FIELD` holds a digit, a point and two digits; every match holds one of its
# key words (each opens with one of these five, then letters) right before what leads to the value.
# Both open with a character set the engine skips along; `_COORD_FIELD` opens with a look behind.
_FIELD_VALUE = re.compile(r"[0-9]\.[0-9][0-9]")
_FIELD_KEY = re.compile(
    r"(?:lat|breite|lng|lon|l[äa]nge)[a-z]*(?:\s*\(?deg(?:rees)?\)?)?[\"']?\s*(?:[:=]|=>|\s)\s*[\"']?\s*[-+]?[0-9]"
)
_LAT_WORDS = wordset("lat latitude gpslatitude breite breitengrad latitud latitudine")
_LON_WORDS = wordset("lng lon long longitude gpslongitude laenge longitud longitudine")
# Coordinates are personal only when a person is placed there ("my home is at", "she lives at",
# "coordinates of his house", "my dad's tracker says", "mi hermano me mandó su ubicación"), not in
# geography questions. The test is broad on purpose: it only runs once a coordinate's shape matched.
_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:my|our|his|her|their|your)|'s)\s+(?:[\w'-]+\s+){0,2}(?:home|house|flat|apartment|place"
    r"|address|location|position|coordinates|coords|gps|whereabouts|cabin|farm|office|room|hotel|spot|door"
    r"|car|tent|campsite|camp|pin|driveway|garden|yard|backyard|street|tracker|phone|watch|device|photo"
    r"|picture|pic|selfie|drop|pickup|pick-up|dropoff|parents|school|work|workplace|route|trip|run|walk)"
    r"\b"
    r"|\b(?:i|we|he|she|they)\s+(?:live|lives|stay|stays|reside|resides|am|are|is|was|were)\b"
    r"|\b(?:i'm|i am|we're|we are|he's|she's|they're|he is|she is|they are)\s+(?:at|staying|currently"
    r"|living|parked|stuck|stranded|lost|trapped|waiting|here|injured|hurt|now|right)\b"
    r"|\bpin\s+my\b|\bmeet\s+me\b|\b(?:find|meet|pick|picks|collect|fetch)\s+(?:me|us|him|her|them)\b"
    r"|\b(?:father|mother|dad|mom|mum|son|daughter|kid|kids|child|children|wife|husband|partner|ex"
    r"|boyfriend|girlfriend|brother|sister|grandma|grandpa|grandmother|grandfather|uncle|aunt|cousin"
    r"|friend|neighbou?r|customer|patient|driver|courier|employee|tenant|guest|kunde|cliente"
    r"|stalker|victim|suspect|vater|mutter|sohn|tochter|frau|mann|kind|p[èe]re|m[èe]re|fils|fille"
    r"|padre|madre|hijo|hija|hermano|hermana|esposa|esposo|marido|figlio|figlia|fratello|sorella"
    r"|pai|m[ãa]e|filho|filha|irm[ãa]o?|vader|moeder|zoon|dochter|far|mor|s[øo]n|datter)\b"
    r"|\b(?:tracker|find my|life360|airtag|live location|shared location|sent me|dropped a pin"
    r"|geotag(?:ged|s)?|exif|check-?in|checked in)\b"
    r"|\b(?:mein|meine|unser|unsere|sein|seine|ihr|ihre)\s+(?:\w+\s+)?(?:standort|position|adresse|haus"
    r"|wohnung|zuhause)\b|\bich\s+bin\b|\bwir\s+sind\b|\bwohne\b|\bwohnt\b"
    r"|\bje\s+suis\b|\bnous\s+sommes\b|\bj'habite\b|\bhabite\b"
    r"|\b(?:ma|mon|notre|sa|son|leur)\s+(?:position|maison|localisation|adresse|emplacement)\b"
    r"|\bestoy\b|\bestamos\b|\best[aá]\s+en\b|\bvivo\b|\bvive\b"
    r"|\b(?:mi|su|tu|nuestra|nuestro)\s+(?:ubicaci[oó]n|casa|posici[oó]n|direcci[oó]n|domicilio)\b"
    r"|\bsono\s+(?:qui|a|in)\b|\babito\b|\b(?:la\s+)?(?:mia|sua|tua|nostra)\s+(?:posizione|casa"
    r"|ubicazione)\b|\bestou\b|\bmoro\b|\b(?:minha|sua|nossa)\s+(?:localiza[cç][aã]o|casa|posi[cç][aã]o)\b"
    r"|\b(?:mijn|onze|zijn|haar)\s+(?:locatie|huis|adres|positie)\b|\bik\s+(?:ben|woon)\b"
    r"|\b(?:min|mit|vores|hans|hendes)\s+(?:placering|position|hus|adresse|lokation)\b|\bjeg\s+(?:er|bor)\b"
    r"|現在地|位置情報|自宅|私の?(?:家|位置)|家の|実家|住んで|居場所"
    r"|\b(?:live|lives|living)\s+(?:at|near)\b|\bcoordinates\s+(?:of|for)\s+(?:my|our|his|her|their)\b"
    r"|\bwhere\s+(?:i|we|he|she|they)\s+(?:live|lives|am|are|is|stay|stays)\b"
    r"|\bhome\b"
)
# The words one of those phrases starts with (ASCII letter runs: "i'm" is "i", "'s" is "s", "está" is
# "est"). The long regex above is tried only where one of them starts, not at every character: a
# tracker's log is thousands of characters of lat/lng, and `search` would cost microseconds a character.
_PLACE_WORDS = wordset("""
    my our his her their your s i we he she they pin meet find pick picks collect fetch
    father mother dad mom mum son daughter kid kids child children wife husband partner ex boyfriend
    girlfriend brother sister grandma grandpa grandmother grandfather uncle aunt cousin friend neighbor
    neighbour customer patient driver courier employee tenant guest kunde cliente stalker victim suspect
    vater mutter sohn tochter frau mann kind p m re pere mere fils fille padre madre hijo hija hermano
    hermana esposa esposo marido figlio figlia fratello sorella pai me mae filho filha irm irmao irma
    vader moeder zoon dochter far mor s n son datter tracker life airtag live shared sent dropped geotag
    geotagged geotags exif check checked mein meine unser unsere sein seine ihr ihre ich wir wohne wohnt
    je nous j habite ma mon notre sa leur estoy estamos est vivo vive mi su tu nuestra nuestro sono abito
    la mia sua tua nostra estou moro minha nossa mijn onze zijn haar ik min mit vores hans hendes jeg
    lives living coordinates where home
""")
_LETTER_RUN = re.compile(r"[a-z]+")
_PLACE_CJK = re.compile(r"現在地|位置情報|自宅|私の?(?:家|位置)|家の|実家|住んで|居場所")


def scan_numbers(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    # Each run's digit count picks the shapes worth trying: a 9-digit run can be an SSN, a SIN or an
    # ITIN, never a card; runs close together share a window and every shape their counts allow.
    if not words.isdisjoint(_LAT_WORDS) and not words.isdisjoint(_LON_WORDS):
        _coordinate_fields(lower, found)
    spans: list[tuple[int, int, frozenset[int]]] = []
    for m in _DIGIT_RUN.finditer(text):
        # A run holds only ASCII digits and " ().+/-": deleting those seven leaves its digits.
        digits = len(m.group(0).translate(_RUN_SEPARATORS))
        spans.append((max(0, m.start() - 12), m.end() + 24, _COUNTS.get(digits) or frozenset((digits,))))
    spans.extend((max(0, m.start() - 8), m.end() + 4, frozenset((16,))) for m in _cf_hints(text))
    if not spans:
        if "°" in text:
            _degrees(text, lower, found)
        return
    spans.sort()
    merged = [spans[0]]
    for lo, hi, counts in spans[1:]:
        if lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]), merged[-1][2] | counts)
        else:
            merged.append((lo, hi, counts))
    labels = _Labels(
        ssn="ssn" in words or "social" in words or "ss" in words or "sec" in words,
        phone=not words.isdisjoint(_PHONE_WORDS)
        or bool(present(text, ("電話", "携帯"))),  # a character first
    )
    for lo, hi, counts in merged:
        _window(text, lower, lo, hi, counts, labels, found)
    if labels.phone and "\n" in text:
        _phone_columns(text, lower, words, found)
    if "°" in text:
        _degrees(text, lower, found)


@dataclass(frozen=True)
class _Labels:
    ssn: bool
    phone: bool


# A CSV/TSV header with a phone column: "name,phone,email", "Name\tMobile", "id;telefon;ort".
_PHONE_CELL_NAME = (
    r"(?:phone|telephone|tel|mobile|cell|cellphone|fax|handy"
    r"|telefon|telefoon|tel[ée]fono|telefone|t[ée]l[ée]phone|celular|cellulare|gsm|mobil|mobiel|whatsapp)"
    r"(?:[_ ]?(?:number|no|nr|nummer|numero))?[\"']?\s*(?:[,;\t|]|$)"
)
_PHONE_HEADER = re.compile(
    r"^[^\n]*?(?:[,;\t|]|^)\s*[\"']?(?:[a-z]+[_ ])?" + _PHONE_CELL_NAME + r"[^\n]*$",
    re.MULTILINE,
)
# The header's column name on its own: its branches open with letters, so the engine skips along the
# text, where `_PHONE_HEADER` tries a lazy scan of every line at each separator. Every header holds a
# match of it whose character before is one the header allows there (a separator, a quote, a space,
# "_", a line's start), and no other match can cover that one (a match ends at a separator).
_PHONE_CELL_NAME_RE = re.compile(_PHONE_CELL_NAME, re.MULTILINE)
# The word (run of ASCII letters) that a column name which `_phone_columns` accepts opens: a separator
# or quote comes before the name and after it (and its "number" suffix, which "_" or " " may part);
# "teléfono" opens with "tel", "téléphone" with "t" and "é".
_CELL_NAMES = wordset(
    "phone telephone tel mobile cell cellphone fax handy telefon telefoon telefono telefone celular cellulare gsm "
    "mobil mobiel whatsapp"
)
_CELL_HEADS = _CELL_NAMES | {n + s for n in _CELL_NAMES for s in ("number", "no", "nr", "nummer", "numero")}
_BEFORE_CELL_NAME = frozenset(",;|\"'_\n") | frozenset(c for c in map(chr, range(0x3001)) if c.isspace())
# What a label such as "mobile:" or "tel =" can still be followed by: a count with thousands
# separators (12 345 678 sessions) or a date written as digits (20231015).
_NOT_A_PHONE = re.compile(r"\d{1,3}(?:[ .]\d{3}){2,}|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_PHONE_CELL = re.compile(r"\+?\(?\d[\d ().-]{5,20}\d")
_PHONE_WORDS = wordset(
    "phone telephone tel mobile cell cellphone fax whatsapp call text reach contact ring number ph mob "
    "phonenumber telephonenumber mobilenumber tlf gsm handy handynummer natel telefon telefonnummer "
    "telefoon telefoonnummer telefono telefone fono cel celular cellulare portable mobil mobilnummer "
    "mobiel rufnummer numero nummer mero movil vil telemovel"
)


# How each column name opens ("tel" for telefon, teléfono, telephone, "té" for téléphone).
_CELL_NAME_OPENINGS = ("phone", "tel", "té", "mob", "cel", "fax", "handy", "gsm", "whatsapp")


def _cell_name_after_separator(lower: str) -> bool:
    """Whether a `_PHONE_CELL_NAME_RE` match of `lower` starts the text or follows a separator.

    The match is tried only where a name's opening follows a separator, not by a scan that enters
    most letters of the text. No match can cover such a place unless it starts there: a match is a
    name, its suffix, a quote, spaces and the separator that ends it, and no name opens inside it."""
    for opening in _CELL_NAME_OPENINGS:
        i = lower.find(opening)
        while i >= 0:
            if (i == 0 or lower[i - 1] in _BEFORE_CELL_NAME) and _PHONE_CELL_NAME_RE.match(lower, i):
                return True
            i = lower.find(opening, i + 1)
    return False


def _phone_columns(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """The phone column of a CSV/TSV table pasted in a prompt: bare numbers that only the header names."""
    if words.isdisjoint(_CELL_HEADS) and "té" not in lower:
        return  # no column name starts a word: `_PHONE_CELL_NAME_RE` would try every "c", "m", "p", "t"
    if not _cell_name_after_separator(lower):
        return
    for header in _PHONE_HEADER.finditer(lower):
        line = header.group(0)
        delim = max(",;\t|", key=line.count)
        cells = [c.strip().strip("\"'") for c in line.split(delim)]
        columns = [i for i, c in enumerate(cells) if _PHONE_HEADER.fullmatch(c)]
        pos = header.end() + 1
        for _ in range(500):  # rows until a blank or differently shaped line
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            row = text[pos:end]
            if not row.strip() or row.count(delim) != line.count(delim):
                break
            offset = pos
            for i, cell in enumerate(row.split(delim)):
                if i in columns:
                    m = _PHONE_CELL.search(cell)
                    if m is not None and 7 <= sum(c.isdigit() for c in m.group(0)) <= 15:
                        found.append(Finding("phone", offset + m.start(), offset + m.end(), "phone_column"))
                offset += len(cell) + 1
            if end >= len(text):
                break
            pos = end + 1


def _loose_phone(m: re.Match[str], lower: str) -> bool:
    """A grouping that ids, years and tallies share: three groups or a trunk 0, and a phone word near."""
    value = m.group(0)
    groups = [g for g in re.split(r"[ .()-]+", value) if g]
    if len(groups) < 3 and value[0] not in "0(":
        return False  # 1999-2000, 2006 2007
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return False  # 2019 2020 2021: years
    if all(len(g) == 3 for g in groups[1:]) and (
        "000" in groups[1:] or (len(groups[0]) < 3 and value[0] != "0")
    ):
        return False  # 12 000 000, 1.500.000, 12 345 678: a count with thousands separators
    if value.count(".") == 3 and len(groups) == 4 and all(len(g) <= 3 and int(g) <= 255 for g in groups):
        return False  # 198.51.100.7: an IPv4 address
    return _phone_near(lower, m.start(), m.end())


def _phone_near(lower: str, start: int, end: int) -> bool:
    """A phone word in the 60 characters before the number (same line), a contact verb right before
    it, or a phone word right after it (連絡, ", that's a cell", "(Swedish mobile)")."""
    before = lower[max(0, start - 60) : start].rsplit("\n", 1)[-1]
    if _PHONE_NEAR.search(before) is not None or _PHONE_VERB_BEFORE.search(before) is not None:
        return True
    after = lower[end : end + 28].split("\n", 1)[0]
    return _PHONE_NEAR.search(after) is not None


def _labelled(lower: str, start: int, kind: str) -> bool:
    return _LABELS[kind].search(lower, max(0, start - 40), start) is not None


def _window(
    text: str, lower: str, lo: int, hi: int, counts: frozenset[int], labels: _Labels, found: list[Finding]
) -> None:
    # IBAN-shaped runs first: their digit groups are not cards or phone numbers, valid or not.
    iban_spans: list[tuple[int, int]] = []
    if _IBAN_HINT.search(text, lo, hi):
        for m in _IBAN.finditer(text, lo, hi):
            if m.group(1) not in _IBAN_LENGTHS:
                continue
            end = _iban_end(text, m)
            iban_spans.append((m.start(), end if end is not None else m.end()))
            if end is not None:
                found.append(Finding("iban", m.start(), end, "mod97"))
    numbers: list[Finding] = []
    _national_ids(text, lower, lo, hi, counts, numbers)
    if 9 in counts:
        for m in _SSN_DASHED.finditer(text, lo, hi):
            if _valid_ssn(m.group(1), m.group(2), m.group(3)):
                numbers.append(Finding("ssn", m.start(), m.end(), "ssn"))
        for m in _SSN_GROUPED.finditer(text, lo, hi):
            if _valid_ssn(m.group(1), m.group(3), m.group(4)):
                numbers.append(Finding("ssn", m.start(), m.end(), "ssn_grouped"))
        if labels.ssn:
            for m in _SSN_CONTEXT.finditer(text, max(0, lo - 36), hi):
                if _valid_ssn(m.group(1), m.group(3), m.group(4)):
                    numbers.append(Finding("ssn", m.start(1), m.end(4), "ssn_labelled"))
    if max(counts) >= 13:
        for m in _CARD.finditer(text, lo, hi):
            raw = m.group(0)
            digits = raw.replace(" ", "").replace("-", "").replace(".", "")
            if not 13 <= len(digits) <= 19 or not _card_groups_ok(raw):
                continue
            if (
                (digits[0] in "3456" or "2221" <= digits[:4] <= "2720")
                and len(set(digits)) > 1
                and checksums.luhn(digits)
            ):
                numbers.append(Finding("payment_card", m.start(), m.end(), "luhn"))
    if not counts.isdisjoint(range(7, 16)):
        if 10 in counts or 11 in counts:
            for m in _PHONE_NANP.finditer(text, lo, hi):
                area = m.group(1) or m.group(2)
                if area[0] not in "01" and m.group(3)[0] not in "01":  # NANP: area and exchange start 2-9
                    numbers.append(Finding("phone", m.start(), m.end(), "nanp"))
        if "+" in text[lo:hi] or "00" in text[lo:hi]:
            for m in _PHONE_INTL.finditer(text, lo, hi):
                if 8 <= sum(c.isdigit() for c in m.group(0)) <= 15:
                    numbers.append(Finding("phone", m.start(), m.end(), "international"))
        if "(0" in text[lo:hi]:
            numbers.extend(
                Finding("phone", m.start(), m.end(), "national") for m in _PHONE_TRUNK.finditer(text, lo, hi)
            )
        for m in _PHONE_NATIONAL.finditer(text, lo, hi):
            n_digits = sum(c.isdigit() for c in m.group(0))
            if not 8 <= n_digits <= 13 or (m.lastgroup in ("loose", "split") and not _loose_phone(m, lower)):
                continue
            if m.lastgroup == "trunk" and n_digits < 10:
                continue  # 046 454 286: a SIN's grouping
            numbers.append(Finding("phone", m.start(), m.end(), f"national_{m.lastgroup}"))
        if labels.phone:
            for m in _PHONE_CONTEXT.finditer(text, max(0, lo - 36), hi):
                value = m.group(1)
                if 7 <= sum(c.isdigit() for c in value) <= 15 and not _NOT_A_PHONE.fullmatch(value):
                    numbers.append(Finding("phone", m.start(1), m.end(1), "labelled"))
        for i, f in enumerate(numbers):
            if f.kind == "phone" and (ext := _PHONE_EXT.match(text, f.end)) is not None:
                numbers[i] = Finding("phone", f.start, ext.end(), f.detector)
    if 6 in counts:
        numbers.extend(
            Finding("drivers_license", m.start(), m.end(), "uk_licence")
            for m in _UK_DL.finditer(text, lo, hi)
        )
    if "." in text[lo:hi]:
        _coordinates(text, lower, lo, hi, numbers)
    for f in numbers:
        if not any(start < f.end and f.start < end for start, end in iban_spans):
            found.append(f)


def _national_ids(
    text: str, lower: str, lo: int, hi: int, counts: frozenset[int], out: list[Finding]
) -> None:
    def add(m: re.Match[str], detector: str) -> None:
        out.append(Finding("national_id", m.start(), m.end(), detector))

    if 6 in counts:
        for m in _NINO.finditer(text, lo, hi):
            if checksums.uk_nino("".join(m.groups())):
                add(m, "uk_nino")
    if 11 in counts:
        for m in _STEUER_ID.finditer(text, lo, hi):
            digits = m.group(0).replace(" ", "")
            if checksums.de_steuer_id(digits) and (m.group(2) or _labelled(lower, m.start(), "steuer")):
                add(m, "de_steuer_id")
    if 15 in counts or 13 in counts or (max(counts) >= 6 and ("2A" in text[lo:hi] or "2B" in text[lo:hi])):
        for m in _NIR.finditer(text, lo, hi):
            if checksums.fr_nir(m.group(0).replace(" ", "")):
                add(m, "fr_nir")
    if 10 in counts:
        for m in _CPR.finditer(text, lo, hi):
            if checksums.dk_cpr_date(m.group(1) + m.group(3)) and (
                m.group(2) == "-" or _labelled(lower, m.start(), "cpr")
            ):
                add(m, "dk_cpr")
    if 12 in counts:
        for m in _AADHAAR.finditer(text, lo, hi):
            digits = m.group(1) + m.group(3) + m.group(4)
            if checksums.aadhaar(digits) and (m.group(2) or _labelled(lower, m.start(), "aadhaar")):
                add(m, "in_aadhaar")
    if 11 in counts or 9 in counts:
        for m in _CPF.finditer(text, lo, hi):
            formatted = m.group(2) == "." and m.group(5) == "-"
            digits = m.group(1) + m.group(3) + m.group(4) + m.group(6)
            if checksums.br_cpf(digits) and (formatted or _labelled(lower, m.start(), "cpf")):
                add(m, "br_cpf")
    if 8 in counts:
        for m in _DNI.finditer(text, lo, hi):
            if text[m.start() - 1 : m.start()] in ("(", ">") or text[m.end() : m.end() + 2] in ("->", ")"):
                continue  # 81320960K->…(…K): kilobytes in a GC log
            if checksums.es_dni(m.group(1) + m.group(2)):
                add(m, "es_dni")
    if 7 in counts:
        for m in _NIE.finditer(text, lo, hi):
            if checksums.es_nie(m.group(1) + m.group(2) + m.group(3)):
                add(m, "es_nie")
    if 16 in counts:
        for m in _CF.finditer(text, lo, hi):
            if checksums.it_codice_fiscale(m.group(0).upper()):
                add(m, "it_codice_fiscale")
    if 9 in counts:
        for m in _SIN.finditer(text, lo, hi):
            digits = m.group(1) + m.group(3) + m.group(4)
            if checksums.ca_sin(digits) and (m.group(2) or _labelled(lower, m.start(), "sin")):
                add(m, "ca_sin")
        for m in _ITIN.finditer(text, lo, hi):
            digits = m.group(1) + m.group(3) + m.group(4)
            if checksums.us_itin(digits) and (m.group(2) or _labelled(lower, m.start(), "itin")):
                add(m, "us_itin")


def _degrees(text: str, lower: str, found: list[Finding]) -> None:
    for i in (m.start() for m in re.finditer("°", text)):
        for m in _DMS.finditer(text, max(0, i - 10), i + 48):
            if not (m.group(1) or m.group(4)) or not (m.group(5) or m.group(8)):
                continue  # 12° 30' and 4° 15': angles, not a position, without N/S and E/W
            if int(m.group(2)) <= 90 and int(m.group(6)) <= 180 and _placed(lower, m.start(), m.end()):
                found.append(Finding("location", m.start(), m.end(), "gps_dms"))


def _coordinates(text: str, lower: str, lo: int, hi: int, out: list[Finding]) -> None:
    for m in _COORD.finditer(text, lo, hi):
        lat, lon = float(m.group(2)), float(m.group(5))
        if abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
            continue
        lettered = m.group(1) or m.group(3) or m.group(4) or m.group(6)
        if (m.group(1) is None) != (m.group(4) is None) and not (m.group(3) or m.group(6)):
            continue  # N 52.37 4.89 / 52.37 E 4.89: one letter prefixed and none after, not a pair
        if (
            not lettered
            and not re.search(r"[,;/]|%2[Cc]", m.group(0))
            and not _COORD_LABEL.search(lower, max(0, m.start() - 24), m.start())
        ):
            continue  # two bare decimals next to each other: a table row, not a position, unless labelled
        if _placed(lower, m.start(), m.end()):
            out.append(Finding("location", m.start(), m.end(), "gps"))


def _coordinate_fields(lower: str, found: list[Finding]) -> None:
    """`"lat": 40.41, "lng": -3.70`, `GPSLatitude: 53.47`, `lat 35.68 lon 139.69`: one finding per
    value, when a latitude and a longitude stand within 200 characters of each other."""
    if _FIELD_VALUE.search(lower) is None or _FIELD_KEY.search(lower) is None:
        return  # no value a field could hold; `_COORD_FIELD` opens with a look behind, tried everywhere
    fields = [m for m in _coord_field_matches(lower) if abs(float(m.group("value"))) <= 180]
    if not fields:
        return
    starts = {kind: [m.start() for m in fields if m.group(kind)] for kind in ("lat", "lon")}
    # A tracker's log holds hundreds of fields: the context regex looks at each stretch of text once,
    # and one personal phrase serves every field within reach of it.
    last_context, scanned_to = -(10**9), 0
    for m in fields:
        other = "lon" if m.group("lat") else "lat"
        if other == "lon" and abs(float(m.group("value"))) > 90:
            continue  # a latitude beyond 90°: not a latitude
        if not _near(starts[other], m.start() - 200, m.start() + 200):
            continue
        lo, hi = max(0, m.start() - 300, scanned_to), m.end() + 60
        if last_context < m.start() - 300 and lo < hi:
            c = _place_phrase(lower, lo, hi)
            last_context, scanned_to = (c, c + 1) if c is not None else (last_context, hi)
        if last_context >= m.start() - 300:
            found.append(Finding("location", m.start("value"), m.end("value"), "gps_field"))


# The key words `_COORD_FIELD`'s keys open with. None holds an "l" or "b" after its first letter, so
# no occurrence of one starts inside another and `finditer` finds every occurrence.
_KEY_START = re.compile(r"lat|breite|lng|lon|l[äa]nge")
_KEY_PREFIX_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz_")


def _coord_field_matches(lower: str) -> list[re.Match[str]]:
    """`list(_COORD_FIELD.finditer(lower))`, tried only where a match can start.

    `_COORD_FIELD` opens with a look behind, so a scan tries every position of the text (most of the
    cost of a text with a coordinate field). A match starts at its key word or in the run of
    letters and "_" right before it ("home_gps_lat"), where the look behind allows: at the run's start
    or after a "_". Those few positions are tried in order, each skipped once a match covers it."""
    candidates: set[int] = set()
    for k in _KEY_START.finditer(lower):
        i = k.start()
        candidates.add(i)
        while i > 0 and lower[i - 1] in _KEY_PREFIX_CHARS:
            i -= 1
            if lower[i] == "_":
                candidates.add(i + 1)
        candidates.add(i)
    return matches_at(_COORD_FIELD, lower, candidates)


def _near(positions: list[int], lo: int, hi: int) -> bool:
    """Whether a sorted list of positions has one in [lo, hi]."""
    i = bisect_left(positions, lo)
    return i < len(positions) and positions[i] <= hi


def _placed(lower: str, start: int, end: int, before: int = 120) -> bool:
    return (
        _place_phrase(lower, max(0, start - before), start) is not None
        or _place_phrase(lower, end, end + 60) is not None
    )


def _place_phrase(lower: str, lo: int, hi: int) -> int | None:
    """Where the first personal place phrase starts in lower[lo:hi], if one does."""
    for w in _LETTER_RUN.finditer(lower, lo, hi):
        if w.group() in _PLACE_WORDS:
            start = (
                w.start() - 1 if w.group() == "s" and lower[w.start() - 1 : w.start()] == "'" else w.start()
            )
            if _PLACE_CONTEXT.match(lower, start, hi) is not None:
                return start
    if not lower[lo:hi].isascii():
        m = _PLACE_CJK.search(lower, lo, hi)
        if m is not None:
            return m.start()
    return None


def _card_groups_ok(raw: str) -> bool:
    """Bare digits, or grouped the way cards are printed: 4-4-4-4(-3), 4-6-5, 4-6-4."""
    seps = {c for c in raw if c in " -."}
    if not seps:
        return True
    if len(seps) > 1:
        return False
    sep = seps.pop()
    groups = [len(g) for g in raw.split(sep)]
    if sep == " " and len(groups) in (15, 16) and set(groups) == {1}:
        return True  # 4 5 3 9 1 4 8 8 …: one digit at a time, as dictated
    if groups in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4


def _valid_ssn(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _iban_end(text: str, m: re.Match[str]) -> int | None:
    """Where a valid IBAN starting at `m` ends, or None when it does not check out."""
    length = _IBAN_LENGTHS.get(m.group(1))
    if length is None:
        return None
    compact = m.group(1) + m.group(2) + m.group(3).replace(" ", "")
    if len(compact) < length or not checksums.iban(compact[:length]):
        return None
    seen, end = 0, m.start()
    while seen < length:
        if text[end] != " ":
            seen += 1
        end += 1
    if end < len(text) and text[end].isalnum():
        return None  # the run goes on without a break: part of a longer token
    return end
