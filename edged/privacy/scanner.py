"""Personal and secret data in prompt text: what pins a request to the device.

`scan(text)` returns `Finding`s (kind, start, end, detector); a finding never carries the matched
value, so findings can go into logs, replies and decisions. Offsets are into the text as given,
even where the detectors saw it normalised (see below), so a redaction layer can replace exactly
`text[f.start:f.end]`. `redact(text)` replaces each finding with a placeholder such as `[EMAIL]`,
for logs and tests. `PrivacyGuard` adds the operator's own `[privacy] terms` and `patterns`
(kind ``custom``) to the built-in kinds.

Detected kinds (`KINDS`; the names go on the wire, never rename one):

- ``email``: addresses of any domain (example.com too: a test address in a prompt still looks
  like a person's to the code that sees it), and spelled-out ones: "jane dot doe at gmail dot
  com", "jane[at]example[dot]org", "jane (at) corp (dot) io", "jane.doe at gmail" (a big mail
  provider, its TLD left out). Not ``git@github.com:`` remotes,
  nor the ``user@host`` of a ``scheme://`` URL.
- ``phone``: international (+CC …), NANP (415-555-2671, (415) 555-2671, 1 (415) 555-2671, valid
  area and exchange) and national trunk formats ((020) 7946 0958, 0161 496 0731, 07700 900461),
  French 06 12 34 56 78, Dutch 06 12345678, Japanese mobiles 090-1234-5678, Brazilian mobiles (11)
  91234-5678, "+ 4 4 7 …" spelled digit by digit, with an extension ("ext. 214", "x 23"); any other
  grouping (030/1234567, 0176 12345678, 347 218 4469) only near a word such as "phone", "call me",
  "mobile", "contacts", "my number", "il mio numero", "mi cel", "bel me", "Rückruf", "portable",
  "llámame", "連絡", a contact verb right before it ("or text 0733-…") or a phone word right after
  it (", that's my cell"); any 7–15 digits after a label or key ("Tel.:", ``"phone": "…"``,
  ``phone_number:``, "Handynummer", "Teléfono", "電話番号") or in the phone column of a pasted
  CSV/TSV table. Not year lists, two-group ranges, counts with thousands separators, IPv4
  addresses, "my number of users".
- ``ssn``: US social security numbers 123-45-6789, 123 45 6789, 123.45.6789 (no 000, 666 or 9xx
  area, no 00 group, no 0000 serial); unseparated only after "SSN", "ss#", "SS no.", "soc sec",
  "social security", "my social".
- ``payment_card``: 13–19 digits, bare or grouped as cards print them (4-4-4-4, 4-6-5; spaces,
  dashes or dots, or one digit at a time, also flush against CJK text), Luhn-checked, with a card-network first digit; a CVV after "CVV"/"security code".
- ``iban``: country code, check digits and the country's length, mod-97 checked.
- ``passport``: a document number right after "passport (no./number)", "Reisepass(nummer)",
  "passeport", "pasaporte", "passaporto", "paspoortnummer", "旅券番号", "パスポート", "护照", "여권번호",
  also a few words on ("'passport no.' — mine is …", "(it's …)") or as a JSON key; the number in a
  passport's machine-readable zone (P<GBR… / line two); a number found once, wherever repeated.
- ``national_id``: UK NINO (allocatable prefixes), DE Steuer-ID (MOD 11,10 and the repetition
  rule; grouped or after a label), FR NIR (key 97 − n mod 97, Corsica 2A/2B), DK CPR (DDMMYY-SSSS
  with a real date; bare or 6+4 with a space after "CPR"), IN Aadhaar (Verhoeff; grouped or after "Aadhaar"), BR CPF
  (two mod-11 digits; 000.000.000-00 or after "CPF"), ES DNI and NIE (mod-23 letter), IT codice
  fiscale (check character, either case), CA SIN (Luhn; grouped 3-3-3 or after "SIN"), US ITIN (9xx-7x-xxxx).
- ``drivers_license``: a number after "driver's licence/license", "driving licence", "DL", "<US
  state> license", "Führerschein(nummer)", "permis de conduire", "licencia de conducir", "patente",
  "CNH", "rijbewijs", "運転免許証", also as a JSON pair ("driver_license", "number": "…") or the
  answer on the next line; the UK 16-character licence number anywhere; "licence number …",
  "texas dl …", "NSW licence number …" where the text is about driving, not software.
- ``license_plate``: a plate after "licence/number plate", "plate number", "reg(istration)",
  "Kennzeichen", "plaque (d'immatriculation)", "targa", "matrícula", "placa", "kenteken"; Japanese
  plates (品川 330 あ 12-34) after ナンバー/車; UK (AB12 CDE), FR/IT (AB-123-CD), DE (M-AB 1234) and
  ES (1234 BCD) shapes next to a vehicle word ("car", "van", "parked", "driveway", "dashcam");
  after "immatriculé", "numer rejestracyjny", "nummerplade"; Indian plates (KA 05 MN 7731) anywhere
  in a text about vehicles. Not a format's textbook example ("AA-123-AA").
- ``bank_account``: a UK sort code after "sort code", an account number after "account
  number"/"acct no."/"a/c"/``account_number``, a US ABA routing number (3-7-1 checksum) after
  "routing"/"ABA"/``routing_number``; a sort code followed by an 8-digit account ("20-00-00,
  55779911"); a cheque's MICR line (⑆routing⑆ account⑈); the routing (or sort code) and account
  columns of a CSV/TSV table; "routing + account … <routing> and <account>" in either order;
  "número de cuenta", "Kontonummer", "numéro de compte", "conto", "rekeningnummer", "número de ruta".
- ``pin``: 4–8 digits after "PIN", "passcode", "door/gate/alarm/unlock/access code", "safe
  combination", "PUK", "Geheimzahl", "code de ma carte", "código PIN", "暗証番号", also with the
  card in between ("PIN für die EC-Karte ist …", "PIN de la tarjeta es …") (not "pin 13" on a
  board); any code or combination a few words from what it opens, in several languages ("code de
  la porte est …", "codice del cancello è …", "de code van de sleutelkluis is …", "pinkode er …",
  "Locker 118, code …") and the codes listed after it ("…, die Garage 7036"); not error, status,
  postal or country codes.
- ``api_key``: AWS access key ids (AKIA…/ASIA…) and secrets, OpenAI/Anthropic ``sk-…``, GitHub,
  Slack ``xox?-``, Hugging Face ``hf_``, NVIDIA ``nvapi-``, Google ``AIza…``, Stripe
  ``sk_live_``/``rk_live_``/``sk_test_``/``whsec_``, GitLab ``glpat-`` (and its other token
  prefixes), npm ``npm_``, Twilio ``SK…`` (and ``AC…`` next to "Twilio"/"SID"), SendGrid
  ``SG.….…``, PyPI, Mailgun ``key-…``, Mailchimp ``…-us6``, Shopify ``shpat_``, Atlassian,
  DigitalOcean, Postman, Square, Groq, Replicate, Perplexity, Brevo, Databricks, New Relic,
  Contentful, PlanetScale, Supabase, Pinecone, LangSmith, Tailscale, Notion, Linear, Grafana, Netlify,
  Heroku, Mapbox ``sk.eyJ…``; ``api_key=…``-style assignments whose value looks random, in any
  syntax (``app.config['SECRET_KEY'] = …``, ``jwtSecret:``, ``?access_key=…``, ``APP_KEY=base64:…``,
  any name ending in key or secret when the value is key material, not ``primary_key``/``public_key``
  nor a path or UUID), ``--api-key …`` flags, the secret passed right after a key id
  (``Client("SK…", "<secret>")``), and a high-entropy string of mixed classes right after a secret
  word ("here's my key: 8f7a…").
- ``access_token``: ``Bearer …`` and other ``Authorization:`` credentials, JWTs, Google OAuth
  ``ya29.…``, the ``sig=`` of an Azure SAS URL, ``*_token=…`` assignments and ``--token`` flags, a
  random string after "token", Slack and Discord webhook URLs, Discord bot tokens (the first part
  decodes to a snowflake id), Telegram bot tokens, Vault ``hvs.…``, Docker Hub ``dckr_pat_``, Figma,
  Doppler, Facebook ``EAA…``, session cookies (``sessionid=…``, ``JSESSIONID=…``, and set from
  code: ``{'sessionid': '…'}``, ``setCookie({name: 'sessionid', value: '…'})``), env-list entries
  (``- name: API_TOKEN`` / ``value: …``).
- ``private_key``: PEM blocks of every type (RSA, EC, DSA, OPENSSH, ENCRYPTED with its
  ``Proc-Type`` header, PGP ``… BLOCK``, inside JSON with ``\\n`` escapes, or pasted without the END
  line) and SSH2 ``---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----``, when a base64 body follows (not a
  header named in a question); PuTTY ``.ppk`` files, age identities (``AGE-SECRET-KEY-1…``), Nostr
  ``nsec1…``, BIP32 ``xprv…``, and 32-byte key material (WireGuard base64, 64 hex digits) under a
  private-key name (``PrivateKey = …``, "private key: 0x…"). Not OpenSSH public keys
  (``ssh-ed25519 AAAA…``) nor a WireGuard ``PublicKey``.
- ``password``: "password: hunter2", ``DB_PASSWORD=…``, ``"password": "…"``, ``<password>``,
  ``spring.datasource.password=…``, .netrc; "my password is …", "…, password Tr0ub4dor" (bare, when
  the value mixes letters and digits), "Passwort ist …", "mot de passe … est …", "contraseña: …",
  "pw:", "mdp :", "adgangskode:", "パスワードは…", "the WiFi password is …", "WPA key: …", "I use
  Summer2024! for everything"; a password-shaped value (lower case and digits with a symbol, or an
  upper-case letter after "to"/"now"/"agora é"/"ist jetzt"/…) later in the same clause as a
  password word, in any of these languages ("set the admin password to …", "Passwort habe ich auf
  … geändert"), unless given as an example ("e.g.", "such as"); a user/password pair after
  "login"/"credentials"/"Zugangsdaten"/… ("my login is jdoe / …"); the password of
  ``scheme://user:pass@host`` (postgres, mysql, mongodb+srv, redis, amqp, https, ftp …) and of
  JDBC/ADO.NET connection strings; ``curl -u user:pass``/``--user``, ``Authorization: Basic …``,
  any ``--…-password``/``--passwd`` flag, ``sshpass -p``, ``mysql -p…``, ``ldapsearch -w``,
  ``sqlcmd -P``, ``redis-cli -a``, ``mongosh -p``, ``docker login -p``, ``zip -P``/``7z -p…``,
  ``keytool -storepass``, ``smbclient -U user%…``, ``openssl … pass:…``, ``xfreerdp /p:``,
  ``sqlplus user/…@db``, ``htpasswd -b``, ``echo '…' | docker login --password-stdin``, ``echo '…' |
  sudo -S``; env-list entries (``- name: DB_PASSWORD`` / ``value: …``); code that logs in
  (``smtp.login(user, "…")``, ``auth=("user", "…")``, ``NetworkCredential``,
  ``ConvertTo-SecureString "…" -AsPlainText``). Not "the password is incorrect", masked values,
  placeholders (``<password>``, ``${PASSWORD}``, ``user:password@``, ``$VAR``) nor code that reads a
  password from elsewhere.
- ``date_of_birth``: a date after "DOB"/"date of birth"/"born on"/"I was born", or a numeric
  date after "born" next to a capitalised name ("John Smith, born 1984-03-02"); the first whole
  date (any order, month names in en/de/fr/es/it/pt/nl/da/pl) a few words after a birth label in
  those languages ("Geboortedatum", "data urodzenia", "fødselsdato", "DOB (mm/dd/yyyy): …") or
  after "born"/"nací"/"født" when the writer says whose (my mum, I, a name in a bio they ask for);
  an HL7 PID segment anywhere on a line. Not years before 1900, not "Was X born on …?", not an
  encyclopaedia's "(…; born 24 September 1962)".
- ``medical_record``: a number after "MRN", "medical record number", "NHS number", "patient ID" and the
  other record labels, also with the record's owner in between ("NHS number for my mum (…) is …"),
  quoted in SQL (``mrn = 'E104…'``), and field 3 of an HL7 PID segment anywhere in a line.
- ``postal_address``: a full US ("1600 Amphitheatre Pkwy, Mountain View, CA 94043"), UK (street,
  town, postcode), DE ("Hauptstraße 12, 10115 Berlin"), FR ("12 rue de la Paix, 75002 Paris") or
  JP address (〒100-0001 東京都千代田区…, "1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001"); a street
  with a flat or unit number; any street address after "I live at", "my address is", "ship to";
  street and number then postcode and town in NL, PL, PT/BR, ES/Catalan, IT, DK and the like;
  AU (NSW 2026) and CA (H2J 2L3) endings; casual lower-case UK ("flat 2 19 st michaels rd bristol
  bs2 8dy"); "House 17, Street 9, …" (South Asia, West Africa); Vietnamese (Phường/Quận); the value
  of an address field in code, JSON or a form (address_line1="…"); widened over a c/o, flat or
  building line before it and a country after it.
  Not placeholders that say so ("123 Fake Street", "Anytown", "1 Example Road", "e.g."), a bare
  city, or a famous address in a question nobody lives at.
- ``person_name``: see `edged.privacy._names`: names in personal context only: introduced ("my
  name is …", "soy …", "ik ben …", "i'm kayla btw"), a relation of the writer in any language ("my
  daughter Priya", "meine Kollegin …", "mamie Odette"), a form's or record's label ("Policy holder:",
  "Surname HOLLOWAY", JSON/CSV/markdown fields, a passport MRZ, HL7 PID), a greeting or sign-off
  in any language, a list of people, or next to the person's other data. Not characters of stories,
  public figures in general-knowledge questions, products or places.
- ``location``: GPS coordinates tied to a person: decimal pairs (51.5074, -0.1278; 40.7128° N,
  74.0060° W; N 52.3702 E 4.8952), degrees-minutes(-seconds) with N/S and E/W, Google Maps and
  ``geo:`` URLs (also with ``%2C``), a bare pair after "GPS:"/"coords"/"location", and one finding
  per value in latitude/longitude fields of JSON, YAML, EXIF dumps and code ("lat": 40.41,
  GPSLatitude: 53.47, drop_lng=-0.18, lat 35.68 lon 139.69) when the other field stands near. A
  personal phrase must be near: "my home is at", "she lives at", "my ex's location", a relative or
  a customer, "tracker", "Find My", "mi ubicación", "ich bin", "私の自宅", "home". Not geography
  questions or map code without a person.
- ``salary``: the pay of a person named or identified ("Lisa Wong's salary is $142,000", "I earn
  £45k a year", "employee #4411 makes 95,000 EUR"): any clause with a pay word (salary, wage, bonus,
  rate, Gehalt, salaire, sueldo, stipendio, salário, salaris …), an amount (symbols and ISO codes
  before or after, European and Indian grouping, "ninety-two thousand dollars") and a person; hourly
  rates ("$18.40/hr" next to work); the amounts that answer one found ("… and I make 81,000");
  payroll CSV columns, SQL inserts, W-2/1099 box 1. Not averages of a profession, prices, rent,
  word problems ("Maria earns $12 an hour … how much …?").
- ``health``: a condition, treatment or medication tied to a person ("my mother was diagnosed
  with type 2 diabetes", "I'm on 20mg fluoxetine for depression", "her chemo starts Monday"); and
  a term of a lexicon (conditions in eight languages, their word endings such as …itis/…osis/
  …ectomy, drugs, any word before a dose with its frequency, injuries, lab values, disabilities)
  in a sentence about the writer, a patient, an age ("34F") or a person named just before it
  ("Ruth Pemberton — atrial fibrillation, apixaban 5 mg BD"). Not general medical questions
  ("what are the symptoms of diabetes?"), roles in films, collective "the blind".
- ``custom``: the operator's terms and patterns (`PrivacyGuard` only).

Deliberately not findings: version numbers, ISBNs, order and invoice numbers, dates on their
own, prices, UUIDs, git SHAs and hashes shown as such, arithmetic, and IP addresses. IP
addresses show up constantly in technical questions (configs, logs, firewall rules) and on their
own do not name a person to the cloud provider, so pinning every one of them would keep most
networking help on the device. Encyclopaedia-style prose dates ("born November 20, 1942") are not
a date of birth unless a label or a first-person phrase says so.

Normalisation: the detectors see the text in NFKC (fullwidth ``＠`` and ``４１１１``), without
zero-width and bidirectional characters or soft hyphens, with Unicode dashes and middle dots as
``-`` and ``.`` (`edged.privacy.normalize`). Pure ASCII skips this.

Speed: every regex is compiled once at import. The text's words are collected once (one pass
over its bytes); each detector first checks that its trigger words are among them, then runs
only in windows around them: runs of digits for the number-shaped kinds, a marker ("@", "AKIA",
"password", "diagnosed", "salary", a street number, …) for the others. Most prompts pasted from an
editor scan as ASCII (curly quotes and dashes normalise to ASCII). On a 2-core VM (`edged bench
privacy`, docs/benchmarks.md): p50 about 1.0 ms and p99 about 1.45 ms at 4,000 characters since the
detectors were widened for phrasings people write (it was 0.7 and 1.1 ms before, 1.2 and 1.6 ms
before the patterns opened with what the engine can skip to), over the 1 ms p99 this module aims for. What is left is mostly one `str.find` per trigger needle and a handful
of text-wide regexes; one combined alternation of every trigger was measured and costs more
(1.7 ms per 4,000 characters in CPython's `re`) than the scan it would replace; text dense with numbers or findings (logs, CSV dumps, a list of
customer records) takes a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from edged.privacy._common import KINDS, Finding, forget_non_ascii, remember_finds, words_of
from edged.privacy._fields import scan_fields
from edged.privacy._medical import scan_medical
from edged.privacy._names import scan_names
from edged.privacy._numbers import scan_numbers
from edged.privacy._personal import scan_personal
from edged.privacy._secrets import scan_secrets
from edged.privacy.normalize import Normalized, normalize

if TYPE_CHECKING:
    from edged.config import PrivacyConfig

__all__ = ["KINDS", "Finding", "PrivacyGuard", "redact", "scan"]


def scan(text: str) -> list[Finding]:
    """Every piece of personal or secret data found in `text`, in order of position."""
    if not text:
        return []
    try:
        norm = normalize(text)
        return _to_original(norm, _dedupe(_builtin(norm.text)))
    finally:
        forget_non_ascii()


class PrivacyGuard:
    """The built-in kinds plus the operator's own terms and patterns (kind ``custom``).

    **Usage:**

        guard = PrivacyGuard.from_config(config.privacy)
        if guard.scan(prompt):
            ...  # pin local, or redact

    **Parameters:**

    - `terms`: words or phrases matched whole-word and in any case ("acme-prod-db").
    - `patterns`: Python regular expressions; every non-empty match is a finding.

    Both run on the normalised text, so a fullwidth or zero-width-split term still matches.
    """

    def __init__(self, terms: Iterable[str] = (), patterns: Iterable[str] = ()) -> None:
        self.terms = tuple(t for t in (t.strip() for t in terms) if t)
        self.patterns = tuple(patterns)
        words = sorted({normalize(t).text.lower() for t in self.terms}, key=len, reverse=True)
        self._terms = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)") if words else None
        )
        self._patterns = tuple(re.compile(p) for p in self.patterns)

    @classmethod
    def from_config(cls, config: PrivacyConfig) -> PrivacyGuard:
        return cls(terms=config.terms, patterns=config.patterns)

    def scan(self, text: str) -> list[Finding]:
        """Built-in and custom findings in `text`, in order of position, offsets into `text`."""
        if not text:
            return []
        try:
            norm = normalize(text)
            found = _builtin(norm.text)
        finally:
            forget_non_ascii()
        if self._terms is not None:
            lower = _lower(norm.text)
            found.extend(Finding("custom", m.start(), m.end(), "term") for m in self._terms.finditer(lower))
        for i, pattern in enumerate(self._patterns):
            found.extend(
                Finding("custom", m.start(), m.end(), f"pattern_{i}")
                for m in pattern.finditer(norm.text)
                if m.end() > m.start()
            )
        return _to_original(norm, _dedupe(found))


def redact(text: str) -> str:
    """`text` with every finding replaced by its kind in brackets, e.g. `[EMAIL]`."""
    findings = scan(text)
    if not findings:
        return text
    parts: list[str] = []
    pos = 0
    for f in findings:
        parts.append(text[pos : f.start])
        parts.append(f"[{f.kind.upper()}]")
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def _lower(text: str) -> str:
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # keep offsets
    return lower


def _builtin(text: str) -> list[Finding]:
    """Findings in the normalised `text`, overlapping and unsorted."""
    lower = _lower(text)
    remember_finds(lower)  # dropped by the caller's forget_non_ascii()
    words = words_of(lower)
    found: list[Finding] = []
    scan_secrets(text, lower, words, found)
    scan_numbers(text, lower, words, found)
    scan_personal(text, lower, words, found)
    scan_fields(text, lower, words, found)
    scan_medical(text, lower, words, found)
    scan_names(text, lower, words, found)
    return found


def _dedupe(found: list[Finding]) -> list[Finding]:
    """Sorted by position; where two findings overlap, the longer one stays."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Finding] = []
    for f in found:
        if out and f.start < out[-1].end:
            if f.end - f.start > out[-1].end - out[-1].start:
                out[-1] = f
            continue
        out.append(f)
    return out


def _to_original(norm: Normalized, found: list[Finding]) -> list[Finding]:
    if norm.origin is None:
        return found
    out = []
    for f in found:
        start, end = norm.span(f.start, f.end)
        out.append(Finding(f.kind, start, end, f.detector))
    return out
