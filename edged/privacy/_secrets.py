"""Secrets: API keys, access tokens, private keys and passwords.

Vendor keys are found by their prefix; everything else by a label in front of the value (a
config key, an auth header, ``-u user:`` on a command line, "my password is", a secret word next
to a random-looking string). Placeholders (``<password>``, ``${PASSWORD}``, ``****``,
``YOUR_API_KEY``) and code that reads a secret from somewhere else are not findings.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import math
import re
from collections import Counter

from edged.privacy._common import Finding, anchored, present, windows, wordset

__all__ = ["scan_secrets"]

_AWS_KEY_ID = re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])")
_AWS_SECRET = re.compile(
    r"(?i:aws_?secret(?:_?access)?_?key|secret_?access_?key)[\"']?\s*[:=]\s*[\"']?"
    r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])"
)
_VENDOR_KEY = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<openai>sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,})"
    r"|(?P<github>gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{30,255})"
    r"|(?P<slack>xox[abposr]-[A-Za-z0-9-]{10,})"
    r"|(?P<huggingface>hf_[A-Za-z0-9]{30,})"
    r"|(?P<nvidia>nvapi-[A-Za-z0-9_-]{30,})"
    r"|(?P<google>AIza[0-9A-Za-z_-]{35})"
    r"|(?P<stripe>(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}|whsec_[A-Za-z0-9]{24,})"
    r"|(?P<gitlab>glpat-[0-9A-Za-z_-]{20,})"
    r"|(?P<npm>npm_[A-Za-z0-9]{36})"
    r"|(?P<twilio>SK[0-9a-fA-F]{32})"
    r"|(?P<sendgrid>SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64})"
    r"|(?P<pypi>pypi-[A-Za-z0-9_-]{50,})"
    r")(?![\w-])"
)
_VENDOR_PREFIX = re.compile(
    r"sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?|gh[pousr]_|github_pat_|xox[abposr]-|hf_|nvapi-"
    r"|AIza|(?:sk|rk)_(?:live|test)_|whsec_|glpat-|npm_|SK|SG\.|pypi-"
)
# Each prefix, and the word (a run of letters) it leaves in the text: a prefix is looked for only
# when its word is there.
_VENDOR_NEEDLES = (
    ("sk-", "sk"), ("ghp_", "ghp"), ("gho_", "gho"), ("ghu_", "ghu"), ("ghs_", "ghs"), ("ghr_", "ghr"),
    ("github_pat_", "github"), ("xoxa-", "xoxa"), ("xoxb-", "xoxb"), ("xoxp-", "xoxp"), ("xoxo-", "xoxo"),
    ("xoxs-", "xoxs"), ("xoxr-", "xoxr"), ("hf_", "hf"), ("nvapi-", "nvapi"), ("sk_live_", "sk"),
    ("sk_test_", "sk"), ("rk_live_", "rk"), ("rk_test_", "rk"), ("whsec_", "whsec"), ("glpat-", "glpat"),
    ("npm_", "npm"), ("SK", "sk"), ("SG.", "sg"), ("pypi-", "pypi"),
)  # fmt: skip
# A Twilio account SID is an identifier shaped like many hashes: only next to its name.
# A Twilio API key SID: "SK" and 32 hex digits (its word in the text is "skda…", not "sk").
_TWILIO_KEY = re.compile(r"(?<![\w-])SK[0-9a-fA-F]{32}(?![\w-])")
_TWILIO_SID = re.compile(r"(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])")
_WEBHOOK = re.compile(
    r"https?://(?:hooks\.slack\.com/(?:services|workflows|triggers)"
    r"|(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks)/[A-Za-z0-9/_-]{20,}"
)
# Session cookies: "Cookie: sessionid=…; csrftoken=…", "Set-Cookie: JSESSIONID=…".
# Found from each "=": the name before it, the value after it.
_COOKIE_NAME = re.compile(
    r"(?i:(?<![\w.-])(?:session[_-]?id|sessid|phpsessid|jsessionid|asp\.net_sessionid|connect\.sid|sid"
    r"|[a-z]{0,20}_?session(?:[_-]token)?|auth(?:[_-]?token)?|remember[_-]?(?:me|token)))$"
)
_COOKIE_VALUE = re.compile(r"[A-Za-z0-9%._~+/-]{16,}=*")
# age (filippo.io/age) identities.
_AGE_KEY = re.compile(r"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}(?![A-Za-z0-9])")
# The public half: an OpenSSH public key line is not a secret.
_SSH_PUBLIC = re.compile(r"(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(?:ssh|ecdsa)-[\w.@-]+)\s+$")
# echo 's3cret' | docker login … --password-stdin / echo 's3cret' | sudo -S …
_STDIN_PASSWORD = re.compile(
    r"\becho\s+(?:-n\s+)?(['\"]?)([^\s'\"|]{3,128})\1\s*\|\s*(?:"
    r"(?:sudo\s+)?[\w-]+(?:\s+[\w-]+)?\s+login\b[^\n|]*--password-stdin|sudo\s+(?:-\w+\s+)*-S\b)"
)
_COOKIE_WORDS = wordset("cookie cookies sessionid jsessionid phpsessid sessid sid")
_TOKEN_TAIL = re.compile(r"[A-Za-z0-9_\-./+=]*")
_SAS_SIG = re.compile(r"(?:^|(?<=[?&;\s\"'=]))sig=([A-Za-z0-9%+/=]{16,})")
_GOOGLE_OAUTH = re.compile(r"(?<![\w-])ya29\.[0-9A-Za-z_-]{20,}")

_ASSIGNED_SECRET = re.compile(
    r"(?i:\b(?:[a-z0-9]+[_-])*(?:api[_-]?key|apikey|api[_-]?secret|access[_-]?token|auth[_-]?token"
    r"|secret[_-]?key|client[_-]?secret|private[_-]?token|refresh[_-]?token|token|app[_-]?secret"
    r"|account[_-]?key|shared[_-]?access[_-]?key|consumer[_-]?(?:key|secret)|signing[_-]?key"
    r"|encryption[_-]?key|master[_-]?key|webhook[_-]?secret|session[_-]?(?:key|secret)|credentials?))"
    r"[\"']?\s*(?:[:=]|=>)\s*[\"']?([A-Za-z0-9_\-./+=]{12,})"
)
_OPERATOR_AFTER = re.compile(r"[\w-]{0,40}[\"']?\s*(?:[:=]|=>)")
_BEARER = re.compile(r"(?i:\bbearer)\s+([A-Za-z0-9\-._~+/]{16,}=*)")
_AUTH_HEADER = re.compile(
    r"(?i:\b(?:proxy-)?authorization)[\"']?\s*[:=]\s*[\"']?(?:([A-Za-z][\w-]{1,24})\s+)?"
    r"([A-Za-z0-9._~+/:-]{8,}=*)"
)
_JWT = re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
    r"(?:[\s\S]{0,8000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=:\s-]*)"
)

# Secret word, then (within 40 characters, same sentence) a string that looks random.
_SECRET_WORD = re.compile(
    r"\b(?:api[\s_-]?key|apikey|access[\s_-]?key|secret[\s_-]?key|private[\s_-]?key|key|token"
    r"|secret|credentials?|password|passwd|passphrase)s?\b"
)
_TOKEN_CANDIDATE = re.compile(r"(?<![\w+/=-])[A-Za-z0-9_\-+/=]{20,200}(?![\w+/=-])")
_HASH_LABEL = re.compile(
    r"\b(?:commit|sha\d*|md5|hash|digest|checksum|fingerprint|etag|rev(?:ision)?|object|blob|tree|uuid|guid"
    r"|request[\s_-]?id|trace[\s_-]?id|id)\b[\s:=#\"'-]*$"
)
_DIGIT = re.compile(r"\d")
_SENTENCE_STOP = re.compile(r"\n|[.!?](?:\s|$)")
_LABEL_GAP = re.compile(
    r"\s*(?:is|was|:|=|-|#|\"|')*\s*(?:is\s+)?[\"'`]?"  # "key: ", " is "
    r"|\s+(?:for|of|to)\s+(?:the\s+|my\s+|our\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s*(?:is|:|=)\s*[\"'`]?"
)  # "api_key for the billing service is "
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]+")

# password: hunter2 / DB_PASSWORD=... / "password": "..." / my password is ... / WPA key: ...
_PASSWORD = re.compile(
    r"(?i:(?<![\w.$-])(?P<key>(?:[a-z0-9]+[_-])*"
    r"(?:pg|db|root|admin|user|wifi|wpa|app|smtp|mail|ftp|ldap|redis|mongo|mysql|sql|login|account)?"
    r"(?:password|passwd|passphrase|passcode|pwd|pass|psk|passwort|kennwort|wachtwoord|lösenord|salasana"
    r"|mot\s+de\s+passe|contrase[ñn]a|senha|parola|has[łl]o)"
    r"|(?:wpa[23]?|wi-?fi|wlan|wireless|network|router|hotspot)[ _-]*"
    r"(?:key|pass(?:word|phrase|wort)?|psk|code|pw|schlüssel|clave|clé)"
    r"|secret)\b)[\"']?"
    r"(?P<sep>\s*(?:[:=]|=>)\s*"
    r"|(?:\s+(?:[A-Z][\w.-]{1,20}|(?i:d[eu]|für|del?|for|on|of)\s+"
    r"(?:(?i:la|le|el|the|my|mon|ma|mi|den|die|das|der|dem|meinen?)\s+)?[\w.-]{2,20}))?"
    r"\s+(?i:is|was|is set to|was set to|is still|would be|will be|should be|ist|lautet|est|es|era|è|é|=)\s+"
    r"|(?P<bare>\s+))"
    r"(?:(?P<q>[\"'`])(?P<qvalue>[^\"'`\n]{3,128})(?P=q)|(?P<value>[^\s\"'`()\[\]{},;<>]{3,64}))"
)
_PASSWORD_FOR = re.compile(
    r"(?i:\b(?:password|passcode|passphrase)\s+(?:for|to|on|of)\s+(?:my\s+|the\s+|our\s+)?[\w.@-]+"
    r"(?:\s+(?:account|login|router|wifi|wi-fi|network|server|box|laptop|vm))?)"
    r"\s*(?:is|:|=)\s*(?P<value>[^\s\"'`()\[\]{},;<>]{3,64})"
)
_PASSWORD_USE = re.compile(
    r"(?i:\bi\s+(?:always\s+|just\s+|still\s+|usually\s+)?use)\s+(?P<value>\S{6,64}?)\s+(?i:for\s+"
    r"(?:everything|every\w*|all\s+(?:of\s+)?(?:my|the)\s+\w+|all\s+\w+)|as\s+(?:my|the|a)\s+"
    r"(?:password|passcode|passphrase|login|pin)|everywhere)"
)
_LOGIN_WORDS = re.compile(r"pass(?:word|code|phrase)|\blog\s?in|\bsign\s?in|\baccounts?\b")
_XML_PASSWORD = re.compile(r"(?i:<(?:[\w.-]*[_.-])?(?:password|passwd|pwd|secret)>)([^<\s][^<\n]{2,127})</")
_PROPERTIES_PASSWORD = re.compile(
    r"(?im:^[ \t]*[\w-]+(?:\.[\w-]+)*\.(?:password|passwd|pwd|secret)[ \t]*[=:][ \t]*)([^\s\"']\S{2,127})"
)
_NETRC = re.compile(r"(?i:\bmachine\s+\S+\s+login\s+\S+\s+password)\s+(\S{3,128})")
_URL_CREDENTIALS = re.compile(
    r"(?i:\b[a-z][a-z0-9+.-]{1,20})://[^\s:/@?#\[\]\"'<>]{0,128}:([^\s/@\"'<>]{1,256})@(?=[\w\[.-])"
)
_CURL_USER = re.compile(
    r"(?:^|(?<=\s))(?:-u|--user)(?:\s+|=)(['\"]?)[^\s:'\"]{1,128}:([^\s'\"]{1,256})\1(?=\s|$)"
)
_CLI_PASSWORD = re.compile(
    r"(?:^|(?<=\s))(?:--password(?:\s+|=)|(?<=\bsshpass )-p\s*)(['\"]?)([^\s'\"]{3,128})\1"
)
_MYSQL_PASSWORD = re.compile(r"\bmysql(?:dump|admin)?\b[^\n]*?\s-p(['\"]?)([^\s'\"-][^\s'\"]{2,127})\1")

_NOT_PASSWORDS = (
    "a an the is be being been not no none null nil empty blank required optional incorrect wrong "
    "correct invalid valid strong weak secure insecure expired changed reset set stored hashed "
    "encrypted too very still now case same different long short easy hard simple complex protected "
    "saved missing needed necessary mandatory visible hidden shown entered typed input field "
    "length characters character string str int bool true false undefined password passwords user "
    "username your my our their his her its this that which what how when where who "
    "must should will can could would may might shall used sent generated given printed displayed "
    "accepted rejected checked compared verified updated removed deleted disabled enabled off on "
    "yes ok okay fine good bad secret private public known unknown random"
)
_PASSWORD_NOT_VALUES = frozenset(_NOT_PASSWORDS.split())
_PLACEHOLDERS = wordset(
    "password passwd pass pwd secret token apikey api_key key pass123 mypassword yourpassword "
    "user username placeholder redacted hidden masked changeit changeme change_me replaceme replace_me"
)
_PASSWORD_MANAGERS = wordset(
    "1password bitwarden lastpass keepass keepassxc dashlane nordpass protonpass keychain"
)
# "password is <lower-case word>" reads as prose unless it is about someone's or something's own
# password: "my password is", "the wifi password is".
_OWNER_END = re.compile(
    r"\b(?:my|our|your|his|her|their)\s+(?:[\w-]+\s+)?$|\b(?:wi-?fi|wlan|wireless|network|router|guest"
    r"|hotspot|admin|root|login|account|email|e-mail|gmail|laptop|computer|phone|server|database|db"
    r"|door|alarm|gate|garage|vault)\s+$"
)
_PASSWORD_NEEDLES = (
    "pass", "pwd", "psk", "secret", "wpa", "wifi", "wi-fi", "wlan", "wireless", "hotspot", "network key",
    "network_key", "network code", "router key", "router_key",
)  # fmt: skip
# Other languages' words for a password, as `words_of` spells them ("lösenord" -> "senord"): only the
# ones in the text become needles.
_FOREIGN_PASSWORD_WORDS = wordset("kennwort wachtwoord senord salasana contrase senha parola haslo")
_CODE_REFERENCE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


_VENDOR_WORDS = wordset(
    "sk rk ghp gho ghu ghs ghr github xoxa xoxb xoxp xoxo xoxs xoxr hf nvapi whsec glpat npm pypi sg"
)
_SECRET_WORDS = wordset(
    "key keys token tokens secret secrets credential credentials apikey apikeys accesstoken authtoken secretkey "
    "clientsecret privatekey accountkey sharedaccesskey apisecret refreshtoken sessionkey password passwords "
    "passwd passphrase"
)
_PASSWORD_WORDS = wordset(
    "password passwords passwd passphrase passcode pwd psk secret wpa wifi wlan hotspot pgpassword dbpassword "
    "dbpass rootpassword adminpassword userpassword wifipassword mysqlpassword passwort kennwort passe "
    "wachtwoord salasana contrase senha parola haslo senord"
)
_PASS_FOLLOW = re.compile(r"w|phrase|code|e\b|[_-]|[\"'`]?\s*(?:[:=]|is\b|ist\b|est\b|es\b|was\b)")
_PASS_KEY = re.compile(r"pass[\"']?\s*(?:[:=]|is\b)")  # db_pass=…, "pass": …


def scan_secrets(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "-----BEGIN" in text:
        found.extend(Finding("private_key", m.start(), m.end(), "pem") for m in _PRIVATE_KEY.finditer(text))
    if "AGE-SECRET-KEY-" in text:
        found.extend(Finding("private_key", m.start(), m.end(), "age") for m in _AGE_KEY.finditer(text))
    _vendor_keys(text, lower, words, found)
    _headers_and_tokens(text, lower, words, found)
    if not words.isdisjoint(_SECRET_WORDS) or "key" in lower or "token" in lower or "secret" in lower:
        _assignments(text, lower, found)
    _passwords(text, lower, words, found)


def _mixed_case_random(value: str) -> bool:
    """Base62 noise without digits (a vendor key's body): long, upper and lower case mixed throughout."""
    if len(value) < 24 or not value.isalnum():
        return False
    switches = sum(a.isupper() != b.isupper() for a, b in itertools.pairwise(value))
    return switches >= len(value) // 4 and len(set(value)) >= 12


def _looks_random(value: str) -> bool:
    """A credential rather than a word or a placeholder: letters and digits, not one repeated."""
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    core = value.strip("=").lower()
    if len(set(core)) < 6:
        return False  # sk-xxxxxxxx1, 000000aaaa
    return not any(word in core for word in ("your", "example", "placeholder", "redacted", "xxxx", "dummy"))


def _entropy(value: str) -> float:
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def _random_token(value: str) -> bool:
    """A high-entropy string of mixed classes: a key or token, not an identifier, path or word."""
    if not _looks_random(value) or sum(c.isdigit() for c in value) < 2:
        return False
    if _entropy(value) < 3.5:
        return False
    # Letter-digit alternations: random strings switch often, identifiers (api_key_v2) rarely.
    switches, last = 0, ""
    for c in value:
        cls = "d" if c.isdigit() else "a" if c.isalpha() else ""
        if cls:
            switches += bool(last) and cls != last
            last = cls
    if switches < 4:
        return False
    return not ("/" in value and sum(len(p) >= 3 and p.isalpha() for p in value.split("/")) >= 2)


def _placeholder(value: str) -> bool:
    v = value.strip("'\"`").lower()
    if not v or v[0] in "<{$%[(*" or v[-1] in ">}*":
        return True
    if set(v) <= set("*x•.#-_?"):
        return True
    if v in _PLACEHOLDERS:
        return True
    return any(
        w in v for w in ("your", "example", "placeholder", "redacted", "xxxx", "dummy", "<", "${", "{{")
    )


def _vendor_keys(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "AKIA" in text or "ASIA" in text:
        for lo, hi in windows(text, ("AKIA", "ASIA"), 1, 20):
            found.extend(
                Finding("api_key", m.start(), m.end(), "aws_access_key_id")
                for m in _AWS_KEY_ID.finditer(text, lo, hi)
                if len(set(m.group(0)[4:])) > 4  # not AKIAXXXXXXXXXXXXXXXX
            )
    if not words.isdisjoint(_VENDOR_WORDS) or "AIza" in text:
        needles = tuple(n for n, w in _VENDOR_NEEDLES if w in words and n in text)
        needles += ("AIza",) if "AIza" in text else ()
        for lo, hi in windows(text, needles, 1, 300):
            for m in _VENDOR_KEY.finditer(text, lo, hi):
                key = m.group(0)
                prefix = _VENDOR_PREFIX.match(key)
                if _looks_random(key[prefix.end() :] if prefix else key) or _mixed_case_random(key[3:]):
                    found.append(Finding("api_key", m.start(), m.end(), m.lastgroup or "vendor"))
    if not words.isdisjoint(("twilio", "sid", "api", "apikey")) and "sk" not in words and "SK" in text:
        for lo, hi in windows(text, ("SK",), 1, 40):
            found.extend(
                Finding("api_key", m.start(), m.end(), "twilio") for m in _TWILIO_KEY.finditer(text, lo, hi)
            )
    if ("twilio" in words or "sid" in words) and "AC" in text:
        for m in _TWILIO_SID.finditer(text):
            if re.search(r"twilio|\bsid\b", lower[max(0, m.start() - 80) : m.start()]):
                found.append(Finding("api_key", m.start(), m.end(), "twilio_sid"))
    if ("hooks" in words or "webhooks" in words) and (
        "hooks.slack.com" in lower or "/api/webhooks/" in lower
    ):
        found.extend(Finding("access_token", m.start(), m.end(), "webhook") for m in _WEBHOOK.finditer(text))
    if "sig" in words and "sig=" in text:
        for m in _SAS_SIG.finditer(text):
            query = text[max(0, m.start() - 400) : m.start()].rsplit(None, 1)[-1:]
            if query and re.search(r"(?:^|[?&;=])s[vep]=", query[0]):
                found.append(Finding("access_token", m.start(1), m.end(1), "azure_sas"))
    if "ya" in words and "ya29." in text:
        found.extend(
            Finding("access_token", m.start(), m.end(), "google_oauth") for m in _GOOGLE_OAUTH.finditer(text)
        )


def _headers_and_tokens(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "eyJ" in text:
        for lo, hi in windows(text, ("eyJ",), 1, 2000):
            found.extend(
                Finding("access_token", m.start(), m.end(), "jwt") for m in _JWT.finditer(text, lo, hi)
            )
    if "bearer" in words:
        for lo, hi in windows(lower, ("bearer",), 1, 600):
            for m in _BEARER.finditer(text, lo, hi):
                if _looks_random(m.group(1)):
                    found.append(Finding("access_token", m.start(1), m.end(1), "bearer"))
    if not words.isdisjoint(_COOKIE_WORDS):
        for lo, hi in windows(lower, present(lower, ("cookie", "sessionid", "sessid", "sid=")), 1, 400):
            eq = text.find("=", lo, hi)
            while eq >= 0:
                cookie = _COOKIE_VALUE.match(text, eq + 1)
                if (
                    cookie
                    and _COOKIE_NAME.search(text, max(0, eq - 40), eq)
                    and (_looks_random(cookie.group(0)) or _mixed_case_random(cookie.group(0)))
                ):
                    found.append(Finding("access_token", cookie.start(), cookie.end(), "session_cookie"))
                eq = text.find("=", eq + 1, hi)
    if "authorization" in words:
        for lo, hi in windows(lower, ("authorization",), 1, 600):
            for m in _AUTH_HEADER.finditer(text, lo, hi):
                scheme, value = (m.group(1) or "").lower(), m.group(2)
                if scheme == "bearer" or _placeholder(value):
                    continue  # bearer: above
                if scheme == "basic":
                    if _basic_credentials(value):
                        found.append(Finding("password", m.start(2), m.end(2), "basic_auth"))
                elif _looks_random(value):
                    found.append(Finding("access_token", m.start(2), m.end(2), "authorization"))


def _basic_credentials(value: str) -> bool:
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return _looks_random(value)
    user, sep, password = decoded.partition(":")
    return bool(sep) and bool(user) and not _placeholder(password)


def _assignments(text: str, lower: str, found: list[Finding]) -> None:
    def assigned(i: int, j: int) -> bool:  # api_key=…, "secretKey": …, token =>
        return _OPERATOR_AFTER.match(lower, j) is not None

    def word(i: int, j: int) -> bool:  # "key", "api_key", "keys"; not "monkey", "keyboard"
        return (i == 0 or not lower[i - 1].isalpha()) and (
            lower[j : j + 1] in ("", "s") or not lower[j].isalpha()
        )

    needles = present(lower, ("key", "token", "secret", "credential"))
    for lo, hi in anchored(lower, needles, 40, 160, assigned):
        for m in _AWS_SECRET.finditer(text, lo, hi):
            found.append(Finding("api_key", m.start(1), m.end(1), "aws_secret_access_key"))
        for m in _ASSIGNED_SECRET.finditer(text, lo, hi):
            tail = _TOKEN_TAIL.match(text, m.end(1))
            value = (m.group(1) + (tail.group(0) if tail else "")).rstrip(".")
            if _looks_random(value) and not value.lower().startswith(("os.", "env", "process.", "getenv")):
                kind = (
                    "access_token" if "token" in m.group(0)[: m.start(1) - m.start()].lower() else "api_key"
                )
                found.append(Finding(kind, m.start(1), m.start(1) + len(value), "assignment"))
    needles += present(lower, ("password", "passwd", "passphrase"))
    for lo, hi in anchored(lower, needles, 24, 80, word):
        for m in _SECRET_WORD.finditer(lower, lo, hi):
            _secret_near(text, lower, m, found)


def _secret_near(text: str, lower: str, word: re.Match[str], found: list[Finding]) -> None:
    """A random-looking string within 40 characters after a secret word, in the same sentence."""
    end = word.end()
    if _DIGIT.search(text, end, end + 64) is None:
        return  # every candidate has digits: "api_key = os.environ[...]" needs no closer look
    stop = _SENTENCE_STOP.search(text, end, end + 240)
    limit = stop.start() if stop else min(len(text), end + 240)
    m = _TOKEN_CANDIDATE.search(text, end, limit)
    if m is None or m.start() - end > 40:
        return
    value = m.group(0)
    if _SSH_PUBLIC.search(text, max(0, m.start() - 40), m.start()) or re.search(
        r"\bpublic[\s_-]*$", lower[max(0, word.start() - 12) : word.start()]
    ):
        return  # ssh-ed25519 AAAA…, "my public key:": the public half
    gap = text[end : m.start()]
    labelled = _LABEL_GAP.fullmatch(gap) is not None
    if _UUID.fullmatch(value) or (_HEX.fullmatch(value) and len(value) in (7, 8, 12, 32, 40, 64)):
        # UUIDs and hashes are shown everywhere; only a secret word right in front makes one a secret.
        if not labelled or _HASH_LABEL.search(lower, max(0, m.start() - 24), m.start()):
            return
    elif not _random_token(value) or _HASH_LABEL.search(lower, max(0, m.start() - 24), m.start()):
        return
    w = word.group(0)
    if "token" in w:
        kind = "access_token"
    elif "pass" in w:
        kind = "password"
    else:
        kind = "api_key"
    found.append(Finding(kind, m.start(), m.end(), "secret_word"))


def _passwords(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "@" in text and "://" in text:
        for m in _URL_CREDENTIALS.finditer(text):
            if not _placeholder(m.group(1)):
                found.append(Finding("password", m.start(1), m.end(1), "url_credentials"))
    if ("u" in words or "user" in words) and ("-u" in text or "--user" in text):
        for m in _CURL_USER.finditer(text):
            if not _placeholder(m.group(2)):
                found.append(Finding("password", m.start(2), m.end(2), "cli_user"))
    if ("password" in words or "sshpass" in words) and ("--password" in text or "sshpass" in text):
        for m in _CLI_PASSWORD.finditer(text):
            if not _placeholder(m.group(2)):
                found.append(Finding("password", m.start(2), m.end(2), "cli_password"))
    if "echo" in words and ("--password-stdin" in text or "sudo" in words):
        for lo, hi in windows(lower, ("echo",), 0, 400):
            for m in _STDIN_PASSWORD.finditer(text, lo, hi):
                if not _placeholder(m.group(2)):
                    found.append(Finding("password", m.start(2), m.end(2), "stdin_password"))
    if ("mysql" in words or "mysqldump" in words) and " -p" in text:
        for m in _MYSQL_PASSWORD.finditer(text):
            if not _placeholder(m.group(2)):
                found.append(Finding("password", m.start(2), m.end(2), "cli_password"))
    gate = not words.isdisjoint(_PASSWORD_WORDS) or "passw" in lower or _PASS_KEY.search(lower) is not None
    if not gate and "key" in words:
        gate = not words.isdisjoint(("network", "router", "wireless"))
    needles = present(lower, _PASSWORD_NEEDLES) + tuple(words & _FOREIGN_PASSWORD_WORDS) if gate else ()

    def key_like(i: int, j: int) -> bool:
        """Not "pass" in "pass these tests", "passed", "passenger": it must go on into a password word
        (password, passwd, passphrase, passwort, mot de passe) or straight to a separator."""
        return lower[i:j] != "pass" or _PASS_FOLLOW.match(lower, j) is not None

    for lo, hi in anchored(lower, needles, 60, 140, key_like):
        for m in _PASSWORD.finditer(text, lo, hi):
            _password(text, lower, m, found)
        for m in _PASSWORD_FOR.finditer(text, lo, hi):
            value = m.group("value")
            if value.lower().rstrip(".!?:") not in _PASSWORD_NOT_VALUES and not _placeholder(value):
                found.append(Finding("password", m.start("value"), m.end("value"), "password_for"))
        if "<" in text:
            for m in _XML_PASSWORD.finditer(text, lo, hi):
                if not _placeholder(m.group(1)):
                    found.append(Finding("password", m.start(1), m.end(1), "xml"))
        if "." in lower[lo:hi]:
            for m in _PROPERTIES_PASSWORD.finditer(text, lo, hi):
                if not _placeholder(m.group(1)) and not _CODE_REFERENCE.fullmatch(m.group(1)):
                    found.append(Finding("password", m.start(1), m.end(1), "properties"))
        if "machine" in words:
            for m in _NETRC.finditer(text, lo, hi):
                found.append(Finding("password", m.start(1), m.end(1), "netrc"))
    if "i" in words and "use" in words:
        for lo, hi in windows(lower, (" use ",), 12, 120):
            for m in _PASSWORD_USE.finditer(text, lo, hi):
                value = m.group("value").rstrip(".,;")
                # A symbol, or the sentence is about logins: "I use Windows10 for everything" is not.
                about_logins = _LOGIN_WORDS.search(lower, max(0, m.start() - 80), m.end() + 80) is not None
                if _password_like(value) and (about_logins or any(not c.isalnum() for c in value)):
                    found.append(
                        Finding("password", m.start("value"), m.start("value") + len(value), "prose")
                    )


def _password_like(value: str) -> bool:
    """Stated in prose without a label ("I use X for everything"): mixed classes, not a product."""
    if value.lower() in _PASSWORD_MANAGERS or "/" in value or "://" in value:
        return False
    classes = (
        any(c.islower() for c in value)
        + any(c.isupper() for c in value)
        + any(c.isdigit() for c in value)
        + any(not c.isalnum() for c in value)
    )
    return (
        len(value) >= 6
        and any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
        and classes >= 3
    )


def _bare_password(value: str) -> bool:
    """The X of "…, password X" with no "is" or ":" between: letters and digits, not an identifier."""
    value = value.rstrip(".,?;:")
    if len(value) < 6 or _CODE_REFERENCE.fullmatch(value) or "/" in value or "_" in value:
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    if not value.isalnum():
        return True  # kestrel94!, H@rb0ur
    # Not an identifier or a size: field2, v2.1, 64gb, 1080p.
    return not re.fullmatch(r"[a-z]+\d{1,2}|v?\d+(?:\.\d+)*[a-z]{0,3}", value.lower())


def _password(text: str, lower: str, m: re.Match[str], found: list[Finding]) -> None:
    quoted = m.group("qvalue") is not None
    group = "qvalue" if quoted else "value"
    value = m.group(group)
    key = m.group("key").lower()
    sep = m.group("sep").strip()
    after = m.end(group)
    if m.group("bare") is not None and (quoted or key == "pass" or not _bare_password(value)):
        return  # "password reset", "the password field": a bare "password X" needs a credential-like X
    if sep == "=" and text[m.end("sep") : m.end("sep") + 1] == "=":
        return  # a comparison: password == ...
    if key == "secret" and sep not in (":", "=", "=>"):
        return  # "the secret is out": prose
    if key.endswith(("passcode", "code")) and value.isdigit():
        return  # a PIN (see the pin detector)
    if _placeholder(value) or set(value) <= set("*•x.#-_"):
        return  # masked or a placeholder
    if not quoted:
        if text[after : after + 1] in ("(", "["):
            return  # a call: input(...), request.form[...]
        if _CODE_REFERENCE.fullmatch(value) or (
            text[after : after + 1] == "." and text[after + 1 : after + 2].isalnum()
        ):
            return  # an attribute: request.args, config.get
    if value.lower().rstrip(".!?:") in _PASSWORD_NOT_VALUES:
        return
    if quoted and sep not in (":", "=", "=>") and " " in value.strip():
        return  # password is "a phrase in quotes" in prose: more likely a quotation
    # "password is <lower-case word>" reads as prose unless it is about someone's own password.
    wifi = re.match(r"(?:wpa|wi-?fi|wlan|wireless|network|router|hotspot)", key) is not None
    if (
        sep not in (":", "=", "=>")
        and not wifi
        and value.isalpha()
        and value.islower()
        and _OWNER_END.search(lower, max(0, m.start() - 24), m.start()) is None
    ):
        return
    if value.endswith((".", ",", "!", "?")) and not quoted and sep not in (":", "=", "=>"):
        # "Summer2024!" keeps its "!": a digit before it reads as a password, not a sentence.
        value = (
            value.rstrip(".,?") if value.endswith("!") and value[-2:-1].isdigit() else value.rstrip(".,!?")
        )
        after = m.start(group) + len(value)
        if len(value) < 3:
            return
    found.append(Finding("password", m.start(group), after, "password"))
