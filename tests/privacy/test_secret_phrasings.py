"""Secrets written the ways people write them: passwords in prose in several languages and set "to"
a value, login pairs, CLI flags of many tools, env lists, code that logs in; vendor key shapes; PEM
blocks of every type, WireGuard, Nostr and PuTTY keys; random values under any secret-ish name.
Every value here is invented. Each case names the exact span; the look-alikes must stay clean."""

from __future__ import annotations

import time

import pytest

from edged.privacy import scan


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


FOUND = [
    # passwords handed over by "to", "now", "agora é", "auf … geändert", "is nu"
    ("I changed the router admin password to Kestrel&Moss71 yesterday, can you help?", "password", "Kestrel&Moss71"),
    ("the password for my vpn is now Birch.Lane.2019 so update the note", "password", "Birch.Lane.2019"),
    ("A senha do portal agora é Manga#Doce88. Obrigado.", "password", "Manga#Doce88"),
    ("Passwort habe ich auf Tanne!Berg42 geändert.", "password", "Tanne!Berg42"),
    ("mijn wachtwoord is nu Tulp#Fiets12", "password", "Tulp#Fiets12"),
    ("J'ai mis le mot de passe du NAS à Chat%Noir31 hier soir", "password", "Chat%Noir31"),
    ("la contraseña del correo ahora es Sol*Playa77, recuérdamelo", "password", "Sol*Playa77"),
    ("Adgangskoden er skiftet, kodeord nu Hygge&Kaffe5", "password", "Hygge&Kaffe5"),
    ("パスワードはSakura2024!です", "password", "Sakura2024!"),
    # a user name and its password as a pair
    ("my login is mkowalski / Zebra$Cloud9 and it fails", "password", "Zebra$Cloud9"),
    ("creds: deploy:Harbor77x for the staging box", "password", "Harbor77x"),
    ("Zugangsdaten: a.huber / Fichte2023! bitte nicht weitergeben", "password", "Fichte2023!"),
    # command lines
    ("ldapwhoami -x -H ldap://dc1 -D 'CN=svc,DC=x' -w 'Qx7!hLm2pz'", "password", "Qx7!hLm2pz"),
    ("docker login registry.lan -u ci -p Rg4kLm92xq", "password", "Rg4kLm92xq"),
    ("redis-cli -h cache -a R3disPw99 ping", "password", "R3disPw99"),
    ("7z x backup.7z -pArchive2024x", "password", "Archive2024x"),
    ("smbclient //nas/share -U jdoe%Nas!Pass55", "password", "Nas!Pass55"),
    ("openssl pkcs12 -export -out a.p12 -passout pass:Exp0rtPw!", "password", "Exp0rtPw!"),
    ("sqlplus scott/T1ger99@orcl", "password", "T1ger99"),
    ("./deploy.sh --db-password 'Dpl0y!Pw' --verbose", "password", "Dpl0y!Pw"),
    ("terraform apply -var region=eu --api-key 7fQ2kL9xM4pR8tW1zB6n", "api_key", "7fQ2kL9xM4pR8tW1zB6n"),
    # connection strings, container and cluster env, labels in other languages
    ("jdbc:sqlserver://db01:1433;databaseName=crm;user=sa;password=Sql!Srv2022;encrypt=true", "password", "Sql!Srv2022"),
    ("Server=tcp:db.lan,1433;User ID=app;Password=Az0reDb!x;Encrypt=True", "password", "Az0reDb!x"),
    ("docker run -e POSTGRES_PASSWORD=Pg!Dock3r -d postgres:16", "password", "Pg!Dock3r"),
    ("kubectl create secret generic db --from-literal=api-key=7fQ2kL9xM4pR8tW1zB6nY3", "api_key", "7fQ2kL9xM4pR8tW1zB6nY3"),
    ("environment:\n  MYSQL_ROOT_PASSWORD: Compose#Root9\n", "password", "Compose#Root9"),
    ("pw: hunter2024 for the shared drive", "password", "hunter2024"),
    ("adgangskode: Rugbrod77", "password", "Rugbrod77"),
    ("mdp : Baguette42 pour le wifi", "password", "Baguette42"),
    # env lists and code
    ("env:\n  - name: POSTGRES_PASSWORD\n    value: \"pgS3cret!x\"", "password", "pgS3cret!x"),
    ("env:\n  - name: STRIPE_TOKEN\n    value: a8Kf93mQx7Lp2Zt5Rw1Vb6Nc", "access_token", "a8Kf93mQx7Lp2Zt5Rw1Vb6Nc"),
    ('server.login("me@mail.org", "Smtp#2024pw")', "password", "Smtp#2024pw"),
    ('r = requests.get(u, auth=("svc", "Basic4uth!x"))', "password", "Basic4uth!x"),
    ('$c = ConvertTo-SecureString "Ps!Cred77" -AsPlainText -Force', "password", "Ps!Cred77"),
    # assignments under any secret-ish name, any syntax
    ("app.config['SECRET_KEY'] = '3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a'",
     "api_key", "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a"),
    ("GET /v1/weather?access_key=4c1f9e7a2b8d6c3f0e5a9b1d7c4f2e8a6b3d0c9f&q=Oslo", "api_key",
     "4c1f9e7a2b8d6c3f0e5a9b1d7c4f2e8a6b3d0c9f"),
    ("APP_KEY=base64:Zm9vYmFyMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=", "api_key",
     "Zm9vYmFyMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A="),
    ('const cfg = { jwtSecret: "9fK2mQ7xLp4Rt8Vz1Nc6Bw3Hy5Jd0Gs" }', "api_key", "9fK2mQ7xLp4Rt8Vz1Nc6Bw3Hy5Jd0Gs"),
    # a key id and its secret passed together
    ('c = Client("SK0f1e2d3c4b5a69788796a5b4c3d2e1f0", "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a")', "api_key",
     "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a"),
    # vendor shapes
    ("Mailgun: key-0a1b2c3d4e5f60718293a4b5c6d7e8f9 on mg.example.org", "api_key", "key-0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
    ("shopify admin token 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", "api_key", "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"),
    ('curl -H "PRIVATE-TOKEN: glpat-QwErTyUiOp-AsDfGh_JkL" https://git.lan/api/v4', "api_key",
     "glpat-QwErTyUiOp-AsDfGh_JkL"),
    ("VAULT_TOKEN=hvs.CAESIJ4k9xQm2pL7rT1wN8bC3dF6gH0jK5zX", "access_token", "hvs.CAESIJ4k9xQm2pL7rT1wN8bC3dF6gH0jK5zX"),
    ("bot = telebot.TeleBot('5123456789:AAFq2x9LmN3pQ7rT1vW5yZ8bC0dE4gH6jK')", "access_token",
     "5123456789:AAFq2x9LmN3pQ7rT1vW5yZ8bC0dE4gH6jK"),
    ('bot.run("MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz012345")', "access_token",
     "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz012345"),
    # session cookies set from code
    ("await page.setCookie({ name: 'sessionid', value: 'k2m9x7q1p4z8w3n6v5b0c2r7t1y9u4e8' })", "access_token",
     "k2m9x7q1p4z8w3n6v5b0c2r7t1y9u4e8"),
    ('requests.get(url, cookies={"PHPSESSID": "a9f3k2m7q1x8z4w6p0n5v3b7"})', "access_token", "a9f3k2m7q1x8z4w6p0n5v3b7"),
    # private keys
    ("[Interface]\nPrivateKey = 8HkQm2pL7rT1wN8bC3dF6gH0jK5zX4vB9nM2qW7eR1s=\nAddress = 10.9.0.2/32",
     "private_key", "8HkQm2pL7rT1wN8bC3dF6gH0jK5zX4vB9nM2qW7eR1s="),
    ("ETH wallet private key: 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "private_key",
     "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
    ("nostr: nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5", "private_key",
     "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5"),
    ("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nP2/56wAAA+wAAAA3aWYtbW9kbntzaWdue3JzYS1w\n"
     "---- END SSH2 ENCRYPTED PRIVATE KEY ----", "private_key",
     "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nP2/56wAAA+wAAAA3aWYtbW9kbntzaWdue3JzYS1w\n"
     "---- END SSH2 ENCRYPTED PRIVATE KEY ----"),
    ("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,2A4F8E1C9B7D3F6A\n\n"
     "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6", "private_key",
     "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,2A4F8E1C9B7D3F6A\n\n"
     "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6"),
    ('{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEF\\n-----END PRIVATE KEY-----\\n"}',
     "private_key", "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEF\\n-----END PRIVATE KEY-----"),
]  # fmt: skip

CLEAN = [
    "The password policy requires e.g. Abc123!x style values.",
    "Switch the password hashing to argon2id on Python3.12.",
    "Reset the password to the value in config.yaml and restart nginx-1.25.",
    "Passwords must have 12 chars; see RFC-2898 and utf-8 notes.",
    "the login page / dashboard2 redirects",
    "mysql --password=$DB_PASS and --token=$TOKEN",
    "What is the difference between -----BEGIN RSA PRIVATE KEY----- and -----BEGIN PRIVATE KEY-----?",
    "My WireGuard peer's PublicKey = xTIB9rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg= goes where?",
    's3_key = "uploads/2025/11/8f14e45fceea167a5a36dedd4bea2543"',
    'primary_key = "a8f5f167f44f4964e6c998dee827110c"',
    'const monkey = "a8f5f167f44f4964e6c998dee827110c"',
    'cache_key = f"user:{uid}:v2"',
    'const cookieName = "session_cookie"; // stores the session id',
    'request_id = "550e8400-e29b-41d4-a716-446655440000"',
    "Order key-2024-11 shipped; invoice INV-88231, tracking 1Z999AA10123456784.",
    "Use --password-file /run/secrets/db and --token-file ~/.tok instead of flags.",
    "docker login -u ci -p $REGISTRY_PASSWORD registry.lan",
    'hashlib.pbkdf2_hmac("sha256", password, salt, 600000)',
    "The password must not contain your user name; admins reset it in the console.",
    "He said the password to the shared folder is in Slack #ops-2024 now.",
    "the password is stored with bcrypt cost=12 and rounds:10",
    "My password manager (1Password v8.10.2) keeps crashing",
    "password expires in 90 days; last changed 2024-01-05T10:00Z",
    "password length >= 12 && has_digit(pw) in utils_v2.py",
]


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_finds_the_secret(text: str, kind: str, value: str) -> None:
    assert (kind, value) in spans(text), spans(text)


@pytest.mark.parametrize("text", CLEAN)
def test_look_alikes_stay_clean(text: str) -> None:
    assert spans(text) == [], spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "ldapsearch " * 2000,
        "docker login " * 2000,
        "password to " * 2000,
        "- name: X_PASSWORD\n  value: " * 1000,
        "PuTTY-User-Key-File-2: " * 1000,
        "--password " * 2000,
        "EAA" * 7000,
        "'sessionid', " * 2000,
    ],
)
def test_no_runaway_on_repeated_triggers(text: str) -> None:
    started = time.perf_counter()
    scan(text)
    assert time.perf_counter() - started < 2.0
