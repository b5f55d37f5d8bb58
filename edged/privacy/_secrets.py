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
# Other vendors' keys and tokens, each a fixed prefix no word or identifier starts with, so the shape
# alone is the signal. Looked for only where one of the prefixes is in the text (`_MORE_VENDOR_NEEDLES`).
_MORE_VENDOR = re.compile(
    r"(?<![\w.-])(?:"
    r"(?P<mailgun>key-[0-9a-f]{32})"
    r"|(?P<mailchimp>[0-9a-f]{32}-us\d{1,2})"
    r"|(?P<shopify>shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32})"
    r"|(?P<atlassian>ATATT3[A-Za-z0-9_=-]{40,300}|ATBB[A-Za-z0-9]{28,40})"
    r"|(?P<digitalocean>do[opr]_v1_[0-9a-f]{64})"
    r"|(?P<postman>PMAK-[0-9a-f]{24}-[0-9a-f]{34})"
    r"|(?P<square>sq0(?:atp|csp|idp)-[0-9A-Za-z_-]{22,43}|EAAA[0-9A-Za-z_-]{60})"
    r"|(?P<groq>gsk_[A-Za-z0-9]{40,60})"
    r"|(?P<replicate>r8_[A-Za-z0-9]{37})"
    r"|(?P<perplexity>pplx-[A-Za-z0-9]{40,56})"
    r"|(?P<brevo>xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16})"
    r"|(?P<databricks>dapi[0-9a-f]{32}(?:-\d)?)"
    r"|(?P<newrelic>NRAK-[A-Z0-9]{27})"
    r"|(?P<contentful>CFPAT-[A-Za-z0-9_-]{43})"
    r"|(?P<planetscale>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})"
    r"|(?P<supabase>sbp_[0-9a-f]{40})"
    r"|(?P<pinecone>pcsk_[A-Za-z0-9_]{40,200})"
    r"|(?P<langsmith>lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10})"
    r"|(?P<tailscale>tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{8,40}-[A-Za-z0-9]{20,80})"
    r"|(?P<notion>ntn_[A-Za-z0-9]{40,50}|secret_[A-Za-z0-9]{43})"
    r"|(?P<linear>lin_(?:api|oauth)_[A-Za-z0-9]{40})"
    r"|(?P<grafana>glc_[A-Za-z0-9+/=]{32,400}|glsa_[A-Za-z0-9]{32}_[0-9a-f]{8})"
    r"|(?P<gitlab_other>gl(?:ptt|dt|rt|cbt|imt|agent|oas|ft|soat)-[0-9A-Za-z_-]{20,100})"
    r"|(?P<netlify>nfp_[A-Za-z0-9]{36,40})"
    r"|(?P<resend>re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})"
    r"|(?P<heroku>HRKU-[A-Za-z0-9_-]{36,70})"
    r"|(?P<mapbox>sk\.eyJ[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{20,200})"
    r"|(?P<okta>00[A-Za-z0-9_-]{40}(?=[\s\"'`,;]|$))"
    r"|(?P<access_token>"
    r"dckr_pat_[A-Za-z0-9_-]{27,100}|figd_[A-Za-z0-9_-]{40,100}|hv[sbr]\.[A-Za-z0-9_-]{24,200}"
    r"|dp\.(?:st|pt|ct|sa|scim|audit)\.[A-Za-z0-9_.-]{40,100}|sl\.[A-Za-z0-9_-]{130,300}"
    r"|EAA[A-Za-z0-9]{90,400}|pul-[0-9a-f]{40})"
    r")(?![\w-])"
)
# Each prefix, and the word it leaves in `words` (None: the prefix runs on into the key's letters, so
# only a substring test finds it).
_MORE_VENDOR_NEEDLES = (
    ("key-", "key"), ("-us", "us"), ("shpat_", "shpat"), ("shpss_", "shpss"), ("shpca_", "shpca"),
    ("shppa_", "shppa"), ("ATATT3", "atatt"), ("PMAK-", "pmak"), ("sq0", "sq"), ("gsk_", "gsk"), ("r8_", "r"),
    ("pplx-", "pplx"), ("xkeysib-", "xkeysib"), ("NRAK-", "nrak"), ("CFPAT-", "cfpat"), ("pscale_", "pscale"),
    ("sbp_", "sbp"), ("pcsk_", "pcsk"), ("lsv2_", "lsv"), ("tskey-", "tskey"), ("ntn_", "ntn"),
    ("secret_", "secret"), ("lin_", "lin"), ("glc_", "glc"), ("glsa_", "glsa"), ("glptt-", "glptt"),
    ("gldt-", "gldt"), ("glrt-", "glrt"), ("glcbt-", "glcbt"), ("glimt-", "glimt"), ("glagent-", "glagent"),
    ("gloas-", "gloas"), ("glft-", "glft"), ("glsoat-", "glsoat"), ("nfp_", "nfp"), ("re_", "re"),
    ("HRKU-", "hrku"), ("sk.eyJ", "sk"), ("dckr_pat_", "dckr"), ("figd_", "figd"), ("hvs.", "hvs"),
    ("hvb.", "hvb"), ("hvr.", "hvr"), ("dp.", "dp"), ("sl.", "sl"), ("pul-", "pul"), ("dop_v1_", "dop"),
    ("doo_v1_", "doo"), ("dor_v1_", "dor"), ("ATBB", None), ("dapi", None), ("EAA", None),
)  # fmt: skip
_MORE_VENDOR_WORDS = frozenset(w for _, w in _MORE_VENDOR_NEEDLES if w)
# Okta's API token starts "00": only next to its name.
_OKTA_WORDS = wordset("okta ssws")
# Telegram bot tokens: the bot's numeric id, a colon, 35 characters (the id alone says nothing).
_TELEGRAM = re.compile(r"(?<![\w:-])\d{8,10}:AA[A-Za-z0-9_-]{32,34}(?![\w-])")
# Discord bot tokens: base64 of the bot's numeric id, a timestamp, an HMAC. The first part decoding
# to a snowflake (17 to 20 digits) is what tells one from any other dotted string.
_DISCORD_TOKEN = re.compile(
    r"(?<![\w.-])([MNO][A-Za-z0-9_-]{23,27})\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![\w.-])"
)
# Code that passes a key id and its secret together: Client("SK…", "<secret>"), boto3 (…, "AKIA…",
# "<secret>"): the argument right after a vendor key, quoted and random-looking, is its secret.
_NEXT_ARGUMENT = re.compile(r"[\"']\s*,\s*(?:\w+\s*=\s*)?[\"']([A-Za-z0-9_\-+/=]{16,128})[\"']")
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
# A session cookie set from code: {'sessionid': '…'}, cookies.set("PHPSESSID", "…"),
# setCookie({ name: 'sessionid', value: '…' }), add_cookie({"name": "session", "value": "…"}).
_COOKIE_PAIR = re.compile(
    r"(?i:[\"'](?:session[_-]?id|sessid|phpsessid|jsessionid|asp\.net_sessionid|connect\.sid|sid"
    r"|[a-z]{0,20}[_-]?session(?:[_-]?(?:token|key|cookie))?|auth[_-]?token|remember[_-]?(?:me|token)"
    r"|__(?:host|secure)-[\w-]+)[\"']\s*(?:[:,]|=>)\s*(?:[\"']?value[\"']?\s*[:=]\s*)?)"
    r"[\"']([A-Za-z0-9%._~+/-]{16,512}=*)[\"']"
)
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
    r"(?i:(?:\b(?:[a-z0-9]+[_-])*?|(?-i:(?<=[a-z0-9])(?=[A-Z])))(?:api[_-]?key|apikey|api[_-]?secret|access[_-]?token|auth[_-]?token"
    r"|secret[_-]?key|client[_-]?secret|private[_-]?token|refresh[_-]?token|token|app[_-]?secret"
    r"|account[_-]?key|shared[_-]?access[_-]?key|consumer[_-]?(?:key|secret)|signing[_-]?key"
    r"|encryption[_-]?key|master[_-]?key|webhook[_-]?secret|session[_-]?(?:key|secret)|credentials?"
    # Any other name that ends in key or secret (access_key, APP_KEY, jwtSecret, license-key): the
    # value must then be noise, not a word, path or id (see `_assignments`).
    r"|(?P<generic>key|secret)))"
    r"(?:[\"']?\]|[\"'])?\s*(?:[:=]|=>)\s*[\"']?(?:base64:)?(?P<value>[A-Za-z0-9_\-./+=]{12,})"
)
# Names ending in "key" that are no secret: database and cache keys, the public half, key bindings.
_NOT_SECRET_KEY = re.compile(
    r"(?i:(?:public|pub|primary|foreign|sort|partition|cache|idempotency|object|s3|file|lookup|row|index"
    r"|i18n|translation|hot|short|shortcut|dedup|routing|group|map|dict|hash|unique|composite|natural"
    r"|surrogate|range|ssh|gpg|pgp|host|recaptcha[_-]?site|site|publishable|anon)[_-]?(?:key|secret)(?![a-z]))"
)
_OPERATOR_AFTER = re.compile(r"[\w-]{0,40}(?:[\"']?\]|[\"'])?\s*(?:[:=]|=>)")
_BEARER = re.compile(r"(?i:\bbearer)\s+([A-Za-z0-9\-._~+/]{16,}=*)")
_AUTH_HEADER = re.compile(
    r"(?i:\b(?:proxy-)?authorization)[\"']?\s*[:=]\s*[\"']?(?:([A-Za-z][\w-]{1,24})\s+)?"
    r"([A-Za-z0-9._~+/:-]{8,}=*)"
)
_JWT = re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
# PEM of every type (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK), and the SSH2 (RFC 4716) form
# "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----". Without its END line (pasted in part) the block runs
# on over base64 and header lines ("Proc-Type: 4,ENCRYPTED"), and over "\n" escapes inside JSON.
_PRIVATE_KEY = re.compile(
    r"-{4,5} ?BEGIN (?:[A-Z0-9]+ )*(?:PRIVATE|SECRET) KEY(?: BLOCK)? ?-{4,5}"
    r"(?:[\s\S]{0,8000}?-{4,5} ?END (?:[A-Z0-9]+ )*(?:PRIVATE|SECRET) KEY(?: BLOCK)? ?-{4,5}"
    r"|[A-Za-z0-9+/=:,\\\s-]*)"
)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]+")
# PuTTY key files: the private half follows "Private-Lines: N".
_PUTTY_KEY = re.compile(
    r"PuTTY-User-Key-File-\d+:[\s\S]{0,2000}?Private-Lines:\s*\d+\s+(?:[A-Za-z0-9+/=]{1,200}(?:\r?\n|$)){1,60}"
)
# Keys that are a shape of their own: Nostr nsec, BIP32 extended private keys.
_KEY_SHAPES = re.compile(
    r"(?<![A-Za-z0-9])(?:nsec1[02-9ac-hj-np-z]{58}|[xyzt]prv[1-9A-HJ-NP-Za-km-z]{107,108})(?![A-Za-z0-9])"
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
# Raw key material: 32 bytes in base64 (WireGuard, X25519, Ed25519 seeds) or hex (ECDSA, Ethereum).
_KEY_MATERIAL = re.compile(r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=|(?:0x)?[0-9a-fA-F]{64}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]+")

# password: hunter2 / DB_PASSWORD=... / "password": "..." / my password is ... / WPA key: ...
_PASSWORD = re.compile(
    r"(?i:(?<![\w.$-])(?P<key>(?:[a-z0-9]+[_-])*"
    r"(?:pg|db|root|admin|user|wifi|wpa|app|smtp|mail|ftp|ldap|redis|mongo|mysql|sql|login|account)?"
    r"(?:password|passwd|passphrase|passcode|pwd|pw|pass|psk|passwort|kennwort|wachtwoord|lösenord|salasana"
    r"|mot\s+de\s+passe|mdp|contrase[ñn]a|senha|parola|has[łl]o|adgangskode|kodeord|passord)"
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

# Any --…-password flag (--db-password, --admin-pass=, --http-passwd), and flags that carry a
# token or key (--token, --api-key, --client-secret).
_CLI_FLAG_SECRET = re.compile(
    r"(?:^|(?<=[\s\\]))--(?:[a-z0-9]+-)*(?:(?P<password>password|passwd|pass|passphrase|pwd|pw)"
    r"|(?P<token>token|auth-token|access-token|refresh-token)|(?P<key>api-?key|secret|client-secret|secret-key"
    r"|access-key|secret-access-key))(?:\s+|=)(['\"]?)(?P<value>[^\s'\"]{3,256})\4"
)
# Tools whose password flag is a short one: ldapsearch -w, sqlcmd -P, redis-cli -a, mongosh -p,
# docker login -p, zip -P, keytool -storepass, 7z -p<pw>, smbclient -U user%<pw>, openssl pass:<pw>,
# xfreerdp /p:<pw>, sqlplus user/<pw>@db, htpasswd -b file user <pw>.
_TOOL_PASSWORD = re.compile(
    r"\b(?:ldap[a-z]+\b[^\n|;]{0,200}?\s-w|(?:sqlcmd|bcp|mosquitto_(?:pub|sub)|zip|unzip|osql)\b[^\n|;]{0,200}?\s-P"
    r"|redis-cli\b[^\n|;]{0,200}?\s-a|mongo(?:sh|dump|restore|import|export|stat|top)?\b[^\n|;]{0,200}?\s-p"
    r"|(?:docker|podman|buildah|skopeo|helm|oras|nerdctl|az|cf|oc)\s+(?:[\w-]+\s+){0,6}?login\b[^\n|;]{0,200}?\s-p"
    r"|(?:keytool|jarsigner)\b[^\n|;]{0,200}?\s-(?:src|dest)?(?:store|key)pass|(?:htpasswd)\s+-[a-zA-Z]*b[a-zA-Z]*"
    r"(?:\s+(?!-)\S+){1,2}|(?:net\s+user)\s+(?!/)\S+)"
    r"\s+(['\"]?)(?P<value>[^\s'\"]{3,128})\1"
    r"|\b(?:7z|7za|7zr|rar|unrar)\b[^\n|;]{0,200}?\s-p(?P<attached>[^\s'\"-][^\s'\"]{2,127})"
    r"|\b(?:smbclient|rpcclient|smbmap|smbcacls|crackmapexec|nxc|mount\.cifs)\b[^\n|;]{0,200}?\s-U\s+['\"]?[^\s%'\"]+%"
    r"(?P<percent>[^\s'\"]{3,128})"
    r"|\b(?:openssl\b[^\n|;]{0,200}?\s-pass(?:in|out)?\s+pass:|(?:xfreerdp|wlfreerdp)\b[^\n|;]{0,200}?\s/p(?:assword)?:)"
    r"(?P<iq>['\"]?)(?P<inline>[^\s'\"]{3,128})(?P=iq)"
    r"|\b(?:sqlplus|expdp|impdp|exp|imp|rman|sqlldr)\s+(?:-[sSlL]\s+)?(?:userid=)?[A-Za-z][\w$#]{0,29}/"
    r"(?P<oracle>[^\s/@'\"]{3,64})@"
)
# Each tool's name as a needle, and the words one of which must be in the text for it to count.
_TOOL_NEEDLES = (
    ("ldap", ("ldapsearch", "ldapadd", "ldapmodify", "ldapdelete", "ldapwhoami", "ldappasswd", "ldapcompare",
              "ldapmodrdn", "ldapexop")),
    ("sqlcmd", ("sqlcmd",)), ("bcp", ("bcp",)), ("osql", ("osql",)), ("mosquitto", ("mosquitto",)),
    ("zip", ("zip", "unzip")), ("redis-cli", ("redis",)),
    ("mongo", ("mongo", "mongosh", "mongodump", "mongorestore", "mongoimport", "mongoexport", "mongostat", "mongotop")),
    ("login", ("docker", "podman", "buildah", "skopeo", "helm", "oras", "nerdctl", "az", "cf", "oc")),
    ("keytool", ("keytool",)), ("jarsigner", ("jarsigner",)), ("htpasswd", ("htpasswd",)), ("net user", ("net",)),
    ("7z", ("z", "za", "zr")), ("rar", ("rar", "unrar")), ("smb", ("smbclient", "smbmap", "smbcacls")),
    ("rpcclient", ("rpcclient",)), ("crackmapexec", ("crackmapexec",)), ("nxc", ("nxc",)), ("cifs", ("cifs",)),
    ("openssl", ("openssl",)), ("freerdp", ("xfreerdp", "wlfreerdp")), ("sqlplus", ("sqlplus",)),
    ("expdp", ("expdp",)), ("impdp", ("impdp",)), ("exp ", ("exp",)), ("imp ", ("imp",)), ("rman", ("rman",)),
    ("sqlldr", ("sqlldr",)),
)  # fmt: skip
_TOOL_WORDS = frozenset(w for _, ws in _TOOL_NEEDLES for w in ws)
# A user name and its password given as a pair after a word for login details: "my login is
# jdoe / Pa55word!", "creds: admin:Blue42sky", "Zugangsdaten: m.weber / Sommer2024!".
_LOGIN_PAIR = re.compile(
    r"(?i:\b(?:log-?in|logon|sign-?in|credentials?|creds|user(?:name)?\s*/\s*pass(?:word)?|account"
    r"|zugangsdaten|anmeldedaten|login-?daten|identifiants|credenciales|credenziali|credenciais|accesso"
    r"|inloggegevens|inloggningsuppgifter|loginoplysninger|login-?oplysninger|brugernavn)\b)"
    r"(?:\s+(?:details|data|info|for\s+[\w.-]+(?:\s+[\w.-]+)?))?"
    r"\s*(?:(?i:is|are|was|were|sind|ist|sont|est|son|es|sono|è|são|é|zijn|is|er|är|lautet|lauten):?|:|=|-)?\s*"
    r"[\"'`]?[\w.@+-]{2,64}[\"'`]?[ \t]*(?:/|:|\|)[ \t]*[\"'`]?(?P<value>[^\s\"'`,;]{4,64})[\"'`]?"
    r"(?=[\s,;)]|$)"
)
_LOGIN_WORDS_SET = wordset(
    "login logon signin credentials credential creds account username zugangsdaten anmeldedaten logindaten "
    "identifiants credenciales credenziali credenciais accesso inloggegevens inloggningsuppgifter "
    "loginoplysninger brugernavn"
)
# Code that hands a password to a login call: smtp.login(user, "…"), conn.bind("cn=…", "…"),
# HTTPBasicAuth("user", "…"), auth=("user", "…"), new NetworkCredential("user", "…"),
# ConvertTo-SecureString "…" -AsPlainText.
_CODE_PASSWORD = re.compile(
    r"(?:\.(?:login|authenticate|simple_bind_s|simple_bind|bind_s|bind|starttls_login)"
    r"|\b(?:HTTPBasicAuth|HTTPDigestAuth|BasicAuth|NetworkCredential|PasswordAuthentication"
    r"|UsernamePasswordCredentials|UsernamePasswordAuthenticationToken|PasswordCredential|PSCredential)"
    r"|\bauth\s*=\s*)\s*\(\s*(?:[\w.\[\]'\"]{1,80}|[\"'][^\"'\n]{1,80}[\"'])\s*,\s*(?:password\s*=\s*)?"
    r"[\"']([^\"'\n]{4,128})[\"']"
    r"|ConvertTo-SecureString\s+(?:-String\s+)?[\"']([^\"'\n]{3,128})[\"']\s+-AsPlainText"
)
# Each call's needle, and the word that must be in the text first.
_CODE_PASSWORD_NEEDLES = (
    (".login", "login"), (".starttls_login", "login"), (".authenticate", "authenticate"), (".bind", "bind"),
    (".simple_bind", "bind"), ("BasicAuth", "httpbasicauth"), ("BasicAuth", "basicauth"),
    ("DigestAuth", "httpdigestauth"), ("Credential", "networkcredential"), ("Credential", "pscredential"),
    ("Credential", "passwordcredential"), ("Credential", "usernamepasswordcredentials"),
    ("PasswordAuthentication", "passwordauthentication"), ("AuthenticationToken", "usernamepasswordauthenticationtoken"),
    ("auth=", "auth"), ("auth =", "auth"), ("ConvertTo-SecureString", "convertto"),
)  # fmt: skip
_CODE_PASSWORD_WORDS = wordset(
    "login authenticate bind httpbasicauth httpdigestauth basicauth networkcredential passwordauthentication "
    "usernamepasswordcredentials usernamepasswordauthenticationtoken passwordcredential pscredential auth "
    "asplaintext convertto"
)
# An env list entry (Kubernetes, Compose, ECS task definitions): the name on one line, the value on
# the next: "- name: DB_PASSWORD\n  value: …".
_ENV_ENTRY = re.compile(
    r"(?i:[\"']?name[\"']?\s*[:=]\s*[\"']?(?P<name>[\w.-]{0,60}?(?:password|passwd|pass|pwd|secret|token|api_?key"
    r"|access_?key|private_?key|secret_?key|credentials?)[\w.-]{0,60})[\"']?\s*,?\s*\n?\s*[\"']?value[\"']?\s*[:=]\s*)"
    r"[\"']?(?P<value>[^\s\"'#,}]{3,256})"
)
# A value stated near a password word without "is" or ":" right before it: "set the admin password to
# …", "the password is now …", "a senha do wi-fi agora é …", "Passwort habe ich auf … geändert". The
# words for a password in the languages people write in, as they appear in `lower`.
_PASSWORD_WORD = re.compile(
    r"\b(?:passwords?|passwort|kennwort|passwd|passphrase|pw|pwd|mot\s+de\s+passe|mdp|contrase[ñn]as?|clave"
    r"|senhas?|wachtwoord|adgangskode|kodeord|lösenord|passord|salasana|has[łl]o|parola)\b|パスワード"
)
# The words for a password as `words_of` spells them ("lösenord" -> "senord", "contraseña" ->
# "contrase"), each with the needle that finds it in `lower`.
_PASSWORD_PROSE_NEEDLES = {
    "password": "passw", "passwords": "passw", "passwort": "passw", "passworte": "passw", "passwd": "passw",
    "passphrase": "passphrase", "pw": "pw", "pwd": "pw", "passe": "mot de passe", "mdp": "mdp",
    "kennwort": "kennwort", "contrase": "contrase", "contrasena": "contrase", "clave": "clave",
    "claves": "clave", "senha": "senha", "senhas": "senha", "wachtwoord": "wachtwoord",
    "adgangskode": "adgangskode", "kodeord": "kodeord", "senord": "lösenord", "passord": "passord",
    "salasana": "salasana", "haslo": "haslo", "parola": "parola",
}  # fmt: skip
# Japanese: the value is the run of ASCII after パスワード(は|を|:).
_PASSWORD_JA = re.compile(r"パスワード(?:は|を|:|が)?\s*[「『\"']?([!-~]{6,64}?)[」』\"']?(?=[^!-~]|$)")
_PROSE_TOKEN = re.compile(r"\S+")
_KEY_VALUE = re.compile(r"[A-Za-z_][\w.-]*[=:][\w.-]+")
_LABELLED = re.compile(r"[\"'`]?\s*(?:[:=]|=>)")
_CALL = re.compile(r"[A-Za-z_][\w.]*\(")
# The word right before the value that says the value is the password: "to", "now", "agora é".
_SET_TO = re.compile(
    r"(?i:(?:\bto|\binto|\bnow|\bas|\bauf|\bzu|\bin|\ben|\bà|\ba|\bpara|\bpor|\bnaar|\btil|\btill|\bora"
    r"|\bagora|\bjetzt|\bmaintenant|\bahora|\bnu|\bnun|\bist|\best|\bes|\bé|\bè|\bis|\bwas|\bwar|\bera|\bsind"
    r"|\bwird|\bwurde|\bvaut|\bär|\ber|\bzijn|\bwordt|\bstays|\bremains|->|=>|→|=|:|は)\s*[\"'`]?)$"
)
_GIVEN_AS_EXAMPLE = re.compile(
    r"(?i:\be\.?g\b|for example|such as|\blike\b|z\.\s?b\.|p\.\s?ex|por ejemplo|ad es|bijv|zum beispiel|par exemple)"
)
_FILE_LIKE = re.compile(
    r"(?i:.+\.(?:txt|json|ya?ml|env|ini|cfg|conf|py|js|ts|sh|xml|csv|log|md|pem|key|kdbx|zip|gpg|exe|html?"
    r"|php|rb|go|java|sql|db|toml|properties|png|jpe?g|pdf|docx?|xlsx?)|[A-Za-z]+\d+(?:\.\d+)+[a-z]?)"
)
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
_FOREIGN_PASSWORD_WORDS = wordset(
    "kennwort wachtwoord senord salasana contrase senha parola haslo pw mdp adgangskode kodeord passord"
)
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
    "wachtwoord salasana contrase senha parola haslo senord pw mdp adgangskode kodeord passord"
)
_PASS_FOLLOW = re.compile(r"w|phrase|code|e\b|[_-]|[\"'`]?\s*(?:[:=]|is\b|ist\b|est\b|es\b|was\b)")
_PASS_KEY = re.compile(r"pass[\"']?\s*(?:[:=]|is\b)")  # db_pass=…, "pass": …


def scan_secrets(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "BEGIN" in text and ("-----BEGIN" in text or "---- BEGIN" in text):
        for m in _PRIVATE_KEY.finditer(text):
            # A header alone ("BEGIN RSA PRIVATE KEY vs BEGIN PRIVATE KEY?") or "..." between the
            # lines carries no key: the block needs a body of base64.
            body = m.group(0)[m.group(0).index("KEY") :]
            if _pem_body(body, complete="END " in body):
                found.append(Finding("private_key", m.start(), m.end(), "pem"))
    if "AGE-SECRET-KEY-" in text:
        found.extend(Finding("private_key", m.start(), m.end(), "age") for m in _AGE_KEY.finditer(text))
    if "PuTTY-User-Key-File-" in text:
        found.extend(Finding("private_key", m.start(), m.end(), "putty") for m in _PUTTY_KEY.finditer(text))
    if "nsec1" in text or "prv" in text:
        found.extend(
            Finding("private_key", m.start(), m.end(), "key_shape") for m in _KEY_SHAPES.finditer(text)
        )
    _vendor_keys(text, lower, words, found)
    _headers_and_tokens(text, lower, words, found)
    if not words.isdisjoint(_SECRET_WORDS) or "key" in lower or "token" in lower or "secret" in lower:
        _assignments(text, lower, found)
    _passwords(text, lower, words, found)


def _pem_body(body: str, complete: bool) -> bool:
    """Base64 after the header: any run between BEGIN and END lines; without an END line, a run of
    key-like noise (digits or mixed case), not the words of a sentence about the format."""
    for run in _BASE64_RUN.findall(body):
        if complete and len(run) >= 4 and run not in ("KEY", "BLOCK", "PRIVATE", "BEGIN", "END"):
            return True
        if len(run) >= 12 and (any(c.isdigit() for c in run) or (not run.islower() and not run.isupper())):
            return True
    return False


def _mixed_case_random(value: str, shortest: int = 24) -> bool:
    """Base62 noise without digits (a vendor key's body): long, upper and lower case mixed throughout.
    "-" and "_" may sit inside (GitLab and other base64url bodies), as long as the rest is noise."""
    if len(value) < shortest:
        return False
    value = value.replace("-", "").replace("_", "")
    if len(value) < shortest - 4 or not value.isalnum():
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
            for m in _AWS_KEY_ID.finditer(text, lo, hi):
                if len(set(m.group(0)[4:])) > 4:  # not AKIAXXXXXXXXXXXXXXXX
                    found.append(Finding("api_key", m.start(), m.end(), "aws_access_key_id"))
                    _secret_argument(text, m.end(), found)
    if not words.isdisjoint(_VENDOR_WORDS) or "AIza" in text:
        needles = tuple(n for n, w in _VENDOR_NEEDLES if w in words and n in text)
        needles += ("AIza",) if "AIza" in text else ()
        for lo, hi in windows(text, needles, 1, 300):
            for m in _VENDOR_KEY.finditer(text, lo, hi):
                key = m.group(0)
                prefix = _VENDOR_PREFIX.match(key)
                body = key[prefix.end() :] if prefix else key
                if _looks_random(body) or _mixed_case_random(key[3:]) or _mixed_case_random(body, 20):
                    found.append(Finding("api_key", m.start(), m.end(), m.lastgroup or "vendor"))
                    _secret_argument(text, m.end(), found)
    if (
        not words.isdisjoint(("twilio", "sid", "api", "apikey", "client"))
        and "sk" not in words
        and "SK" in text
    ):
        for lo, hi in windows(text, ("SK",), 1, 40):
            for m in _TWILIO_KEY.finditer(text, lo, hi):
                found.append(Finding("api_key", m.start(), m.end(), "twilio"))
                _secret_argument(text, m.end(), found)
    more = tuple(
        n for n, w in _MORE_VENDOR_NEEDLES if (w in words if w else n[0] in "ADE" and n in text) and n in text
    )
    if more:
        for lo, hi in windows(text, more, 40, 400):
            for m in _MORE_VENDOR.finditer(text, lo, hi):
                group = m.lastgroup or "vendor"
                if group == "okta" and words.isdisjoint(_OKTA_WORDS):
                    continue
                if (
                    group in ("mailchimp", "mailgun")
                    or _looks_random(m.group(0))
                    or _mixed_case_random(m.group(0))
                ):
                    kind = "access_token" if group == "access_token" else "api_key"
                    found.append(Finding(kind, m.start(), m.end(), group))
    if ":AA" in text:
        found.extend(
            Finding("access_token", m.start(), m.end(), "telegram") for m in _TELEGRAM.finditer(text)
        )
    if ("discord" in words or ("bot" in words and ("token" in words or "run" in words))) and "." in text:
        for lo, hi in windows(lower, present(lower, ("discord", "token", "run(", "bot")), 300, 300):
            for m in _DISCORD_TOKEN.finditer(text, lo, hi):
                if _snowflake(m.group(1)):
                    found.append(Finding("access_token", m.start(), m.end(), "discord_bot"))
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


def _noise(value: str) -> bool:
    """A value that can only be key material: hex of 32+ digits, or random mixed-class base64, and
    not a path (uploads/2025/11/<hash>) or a UUID (an id, shown everywhere)."""
    if _UUID.fullmatch(value) or any(
        (p.isalpha() and len(p) >= 3) or p.isdigit() for p in value.split("/")[:-1]
    ):
        return False  # a path: a word or a number between slashes
    if _HEX.fullmatch(value):
        return len(value) >= 32 and len(set(value.lower())) >= 8
    return _random_token(value)


def _snowflake(part: str) -> bool:
    try:
        decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return decoded.isdigit() and 17 <= len(decoded) <= 20


def _secret_argument(text: str, end: int, found: list[Finding]) -> None:
    """The secret passed right after a key id: Client("SK…", "<secret>")."""
    m = _NEXT_ARGUMENT.match(text, end)
    if (
        m
        and (_looks_random(m.group(1)) or _mixed_case_random(m.group(1), 20))
        and not _placeholder(m.group(1))
    ):
        found.append(Finding("api_key", m.start(1), m.end(1), "key_secret_pair"))


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
    cookie_needles = present(lower, ("session", "sessid", "remember")) + (("sid",) if "sid" in words else ())
    if cookie_needles and ("'" in text or '"' in text):
        for lo, hi in windows(lower, cookie_needles, 30, 300):
            for m in _COOKIE_PAIR.finditer(text, lo, hi):
                if _looks_random(m.group(1)) or _mixed_case_random(m.group(1)):
                    found.append(Finding("access_token", m.start(1), m.end(1), "session_cookie"))
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
            tail = _TOKEN_TAIL.match(text, m.end("value"))
            value = (m.group("value") + (tail.group(0) if tail else "")).rstrip(".")
            # From a little before the match: a camelCase name (PrivateKey) matches from its last word.
            name = lower[max(0, m.start() - 16) : m.start("value")].rsplit("\n", 1)[-1]
            # Only the suffix "key"/"secret" says it might be a secret: the name must not be a
            # database or public key, and the value must be noise (hex of a key's length, base64).
            if m.group("generic") is not None and (_NOT_SECRET_KEY.search(name) or not _noise(value)):
                continue
            if _looks_random(value) and not value.lower().startswith(("os.", "env", "process.", "getenv")):
                if ("private" in name or "preshared" in name) and _KEY_MATERIAL.fullmatch(value):
                    kind = "private_key"
                else:
                    kind = "access_token" if "token" in name else "api_key"
                found.append(Finding(kind, m.start("value"), m.start("value") + len(value), "assignment"))
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
    value, start = m.group(0), m.start()
    inner = value.rstrip("=").rfind("=")
    if inner >= 0:  # --from-literal=api-key=<value>: the value, not the flags before it
        value, start = value[inner + 1 :], start + inner + 1
    if _SSH_PUBLIC.search(text, max(0, start - 40), start) or re.search(
        r"\bpublic[\s_-]*$", lower[max(0, word.start() - 12) : word.start()]
    ):
        return  # ssh-ed25519 AAAA…, "my public key:": the public half
    gap = text[end:start]
    labelled = _LABEL_GAP.fullmatch(gap) is not None
    if _UUID.fullmatch(value) or (_HEX.fullmatch(value) and len(value) in (7, 8, 12, 32, 40, 64)):
        # UUIDs and hashes are shown everywhere; only a secret word right in front makes one a secret.
        if not labelled or _HASH_LABEL.search(lower, max(0, start - 24), start):
            return
    elif not _random_token(value) or _HASH_LABEL.search(lower, max(0, start - 24), start):
        return
    if any((p.isalpha() and len(p) >= 3) or p.isdigit() for p in value.split("/")[:-1]):
        return  # a path or URL part: uploads/2025/11/<hash>
    w = word.group(0)
    if "private" in w and _KEY_MATERIAL.fullmatch(value):
        kind = "private_key"  # "my WireGuard private key is <base64>"
    elif "token" in w:
        kind = "access_token"
    elif "pass" in w:
        kind = "password"
    else:
        kind = "api_key"
    found.append(Finding(kind, start, m.end(), "secret_word"))


def _passwords(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    if "@" in text and "://" in text:
        for m in _URL_CREDENTIALS.finditer(text):
            if not _placeholder(m.group(1)):
                found.append(Finding("password", m.start(1), m.end(1), "url_credentials"))
    if ("u" in words or "user" in words) and ("-u" in text or "--user" in text):
        for m in _CURL_USER.finditer(text):
            if not _placeholder(m.group(2)):
                found.append(Finding("password", m.start(2), m.end(2), "cli_user"))
    if "sshpass" in words and "sshpass" in text:
        for m in _CLI_PASSWORD.finditer(text):
            if not _placeholder(m.group(2)):
                found.append(Finding("password", m.start(2), m.end(2), "cli_password"))
    if "--" in text and (
        "pass" in lower or "pw" in lower or "token" in lower or "key" in lower or "secret" in lower
    ):
        for lo, hi in windows(text, ("--",), 0, 300):
            for m in _CLI_FLAG_SECRET.finditer(text, lo, hi):
                value = m.group("value")
                if (
                    _placeholder(value)
                    or value.startswith(("-", "$", "%"))
                    or value.lower() in ("true", "false")
                ):
                    continue
                if m.group("password") is not None:
                    found.append(Finding("password", m.start("value"), m.end("value"), "cli_password"))
                elif _looks_random(value) or _mixed_case_random(value, 20):
                    kind = "access_token" if m.group("token") is not None else "api_key"
                    found.append(Finding(kind, m.start("value"), m.end("value"), "cli_flag"))
    if not words.isdisjoint(_TOOL_WORDS):
        for m in _tool_matches(text, lower, words):
            group = next(
                g for g in ("value", "attached", "percent", "inline", "oracle") if m.group(g) is not None
            )
            value = m.group(group)
            if not _placeholder(value) and not value.startswith(("$", "%", "-")):
                found.append(Finding("password", m.start(group), m.end(group), "cli_password"))
    labels = words & _LOGIN_WORDS_SET
    if labels or ("user" in words and "pass" in words):
        labels |= {"user", "log", "sign"} & words  # user/pass, log-in, sign-in
        for label in labels:
            at = lower.find(label)
            while at >= 0:
                pair = _LOGIN_PAIR.match(text, at) if at == 0 or not lower[at - 1].isalpha() else None
                if pair is not None:
                    value = pair.group("value")
                    # "Summer2024!" keeps its "!" after a digit; a sentence's own full stop goes.
                    value = value if value.endswith("!") and value[-2:-1].isdigit() else value.rstrip(".!?")
                    if _bare_password(value) and not _placeholder(value) and "@" not in value:
                        start = pair.start("value")
                        found.append(Finding("password", start, start + len(value), "login_pair"))
                at = lower.find(label, at + len(label))
    if not words.isdisjoint(_CODE_PASSWORD_WORDS) and ("(" in text or "convertto" in words):
        needles = tuple({n for n, w in _CODE_PASSWORD_NEEDLES if w in words and n in text})
        for lo, hi in windows(text, needles, 40, 300):
            for m in _CODE_PASSWORD.finditer(text, lo, hi):
                arg = 1 if m.group(1) is not None else 2
                if not _placeholder(m.group(arg)):
                    found.append(Finding("password", m.start(arg), m.end(arg), "code_login"))
    if "value" in words and "name" in words and "\n" in text:
        for lo, hi in windows(lower, ("value",), 200, 300):
            for m in _ENV_ENTRY.finditer(text, lo, hi):
                name, value = m.group("name").lower(), m.group("value")
                if _placeholder(value) or value.startswith(("$", "valueFrom")):
                    continue
                if "pass" in name or "pwd" in name:
                    found.append(Finding("password", m.start("value"), m.end("value"), "env_entry"))
                elif _looks_random(value) or _mixed_case_random(value, 20):
                    kind = "access_token" if "token" in name else "api_key"
                    found.append(Finding(kind, m.start("value"), m.end("value"), "env_entry"))
    _password_near(text, lower, words, found)
    if present(text, ("パスワード",)):  # one character first: a kana-word search walks the whole text
        for m in _PASSWORD_JA.finditer(text):
            if _strong_password(m.group(1), True):
                found.append(Finding("password", m.start(1), m.end(1), "password"))
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


def _tool_matches(text: str, lower: str, words: frozenset[str]) -> list[re.Match[str]]:
    """_TOOL_PASSWORD from each tool's name to the end of its command line."""
    out: list[re.Match[str]] = []
    needles = tuple(n for n, ws in _TOOL_NEEDLES if not words.isdisjoint(ws) and n in lower)
    for lo, hi in windows(lower, needles, 40, 400):
        out.extend(_TOOL_PASSWORD.finditer(text, lo, hi))
    return out


def _strong_password(value: str, connected: bool) -> bool:
    """A token near a password word that can only be a password: lower case and digits, and then an
    upper-case letter or a symbol ("Haddock&Chips42", "Maple.Street.1983") when a word such as "to"
    or "now" hands it over, a symbol other than . - _ when it just stands in the same clause."""
    if not 6 <= len(value) <= 64 or value[0] in "-$%&*#@" or _placeholder(value):
        return False  # flags, variables, #channels, @mentions
    if _KEY_VALUE.fullmatch(value):
        return False  # a setting: cost=12, rounds:10
    if value.lower() in _PASSWORD_NOT_VALUES or "/" in value or "\\" in value:
        return False
    if "@" in value and "." in value.rsplit("@", 1)[1]:
        return False  # an e-mail address
    if _CODE_REFERENCE.fullmatch(value) or _FILE_LIKE.fullmatch(value) or _UUID.fullmatch(value):
        return False
    if _CALL.search(value):
        return False  # code: hashlib.pbkdf2_hmac('sha256', …)
    if not (any(c.islower() for c in value) and any(c.isdigit() for c in value)):
        return False
    special = any(not c.isalnum() and c not in ".-_" for c in value)
    if special:
        return True
    return connected and any(c.isupper() for c in value)


def _password_near(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    needles = {_PASSWORD_PROSE_NEEDLES[w] for w in words & _PASSWORD_PROSE_NEEDLES.keys()}
    if "has" in words and "hasło" in lower:
        needles.add("hasło")
    for needle in needles:
        at = lower.find(needle)
        while at >= 0:
            w = _PASSWORD_WORD.match(lower, at)
            at = lower.find(needle, at + len(needle))
            if w is None:
                continue
            end = w.end()
            if _LABELLED.match(text, end):
                continue  # "password: …", "pw=…": the labelled value is _PASSWORD's
            stop = _SENTENCE_STOP.search(text, end, end + 90)
            limit = stop.start() if stop else min(len(text), end + 90)
            example = _GIVEN_AS_EXAMPLE.search(lower, end, limit)
            if example:
                limit = example.start()  # "a password such as Tr0ub4dor&3": an example
            for t in _PROSE_TOKEN.finditer(text, end, limit):
                raw = t.group(0)
                if _DIGIT.search(raw) is None or len(raw) < 6:
                    continue  # every candidate has a digit: most words need no closer look
                value = raw.lstrip("=:").strip("\"'`()[]{}<>,;").split(";", 1)[0]
                value = (
                    value.rstrip(".,;:?") if not value.endswith("!") or not value[-2:-1].isdigit() else value
                )
                value = value.rstrip("!") if value.endswith("!") and not value[-2:-1].isdigit() else value
                if not value:
                    continue
                start = t.start() + raw.find(value)
                before = lower[end : t.start()].rstrip("\"'`")
                if _strong_password(value, before == "" or _SET_TO.search(before) is not None):
                    found.append(Finding("password", start, start + len(value), "password_near"))
                    break


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
