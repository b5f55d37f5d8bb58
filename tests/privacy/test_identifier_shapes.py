"""Identifier and secret shapes added for recall: other languages' labels, national formats, config
syntaxes. Each case names the exact span that must be found; the look-alikes must stay clean."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


FOUND = [
    # secrets
    (
        "age identity:\nAGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS8U7EPK",
        "private_key",
        "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS8U7EPK",
    ),
    (
        "HUGGINGFACE_HUB_TOKEN=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",
        "api_key",
        "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",
    ),
    (
        "our Twilio key SK0a1b2c3d4e5f60718293a4b5c6d7e8f9 keeps failing",
        "api_key",
        "SK0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    ),
    (
        "the api key for the billing service is 0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "api_key",
        "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ),
    (
        "curl -X POST https://discord.com/api/webhooks/1234567890/AbCdEfGhIjKlMnOpQrStUvWx -d '{}'",
        "access_token",
        "https://discord.com/api/webhooks/1234567890/AbCdEfGhIjKlMnOpQrStUvWx",
    ),
    (
        "Set-Cookie: JSESSIONID=9F3A7C21B84D6E05A1C3F7B2D9E4A6C8; Path=/",
        "access_token",
        "9F3A7C21B84D6E05A1C3F7B2D9E4A6C8",
    ),
    (
        "export AWS_SESSION_TOKEN=FwoGZXIvYXdzEJr//////////wEaDOn5k9L3mQxT7bV2cyKCAaB1c2Vy"
        + "Ab3dE6fG9hJ2kL5mN8pQ" * 12,
        "access_token",
        "FwoGZXIvYXdzEJr//////////wEaDOn5k9L3mQxT7bV2cyKCAaB1c2Vy" + "Ab3dE6fG9hJ2kL5mN8pQ" * 12,
    ),
    # passwords
    ("Guest Wi-Fi: network 'Cafe-Nord', password lantern7731meadow", "password", "lantern7731meadow"),
    ("login for the streaming app: user anna.k, password Otter2019!", "password", "Otter2019!"),
    ("Das Passwort für den Router ist Kz7!mQ29, bitte aufschreiben.", "password", "Kz7!mQ29"),
    ("Mon mot de passe Orange est Velours88 ; aide-moi.", "password", "Velours88"),
    ("Mi contraseña es Pato1975, ¿es segura?", "password", "Pato1975"),
    ("echo 'q8Zt-44pLm' | docker login ghcr.io -u bot --password-stdin", "password", "q8Zt-44pLm"),
    ("echo Rt5x99kk | sudo -S apt update", "password", "Rt5x99kk"),
    # phones in national formats
    ("Rappelle-moi au 06 12 34 56 78 demain.", "phone", "06 12 34 56 78"),
    ("mon fixe : 04.72.10.33.98", "phone", "04.72.10.33.98"),
    ("Office line 0113 496 0021, ask for Priya", "phone", "0113 496 0021"),
    ("mobile 07700 900461", "phone", "07700 900461"),
    ("Bitte um Rückruf unter 089 4411 2093.", "phone", "089 4411 2093"),
    ("Llámame al 612 34 56 78 cuando llegues", "phone", "612 34 56 78"),
    ("Chiamami al 347 120 5561 dopo le sei", "phone", "347 120 5561"),
    ("携帯は080-1122-3344です", "phone", "080-1122-3344"),
    ("お問い合わせは06-6123-4567までご連絡ください", "phone", "06-6123-4567"),
    ("Salva o número da Ana: (21) 98877-6655", "phone", "(21) 98877-6655"),
    ("call me: + 3 3 6 1 2 3 4 5 6 7 8", "phone", "+ 3 3 6 1 2 3 4 5 6 7 8"),
    # ssn, card, national id
    ("her social is 524813390", "ssn", "524813390"),
    ("card 4 5 3 9 1 4 8 8 0 3 4 3 6 4 6 7 exp 09/28", "payment_card", "4 5 3 9 1 4 8 8 0 3 4 3 6 4 6 7"),
    # email spelled out with a two-part country domain
    ("write to kenji.s (at) nifty.ne.jp", "email", "kenji.s (at) nifty.ne.jp"),
    ("mail me: tom.h at virgin dot co dot uk thanks", "email", "tom.h at virgin dot co dot uk"),
    # passports
    ("Meine Reisepassnummer lautet C4HJ29TKW.", "passport", "C4HJ29TKW"),
    ("N° de passeport : 18AB40297", "passport", "18AB40297"),
    ("Mi pasaporte es PAB123456", "passport", "PAB123456"),
    ("パスポート番号はTK1234567です", "passport", "TK1234567"),
    ("Il mio passaporto: YA7731045", "passport", "YA7731045"),
    # driving licences
    ("Mein Führerschein-Nr. B072RRE2I55 ist abgelaufen", "drivers_license", "B072RRE2I55"),
    ("numéro de permis de conduire : 120375100234", "drivers_license", "120375100234"),
    ("Texas license 40195522 expired last month", "drivers_license", "40195522"),
    ('{"doc_type": "driver_license", "number": "D120-5566-7781"}', "drivers_license", "D120-5566-7781"),
    ("Officer: driver's license number?\nMe: K3390115", "drivers_license", "K3390115"),
    ("mi licencia de conducir es 47382910", "drivers_license", "47382910"),
    # number plates
    ("Kennzeichen: M-AB 1234", "license_plate", "M-AB 1234"),
    ("plaque d'immatriculation AB-123-CD", "license_plate", "AB-123-CD"),
    ("la targa è FG 482LM", "license_plate", "FG 482LM"),
    ("a white van (LK21 XMT) blocked the driveway", "license_plate", "LK21 XMT"),
    ("my car got a ticket, it's 4821 KLM", "license_plate", "4821 KLM"),
    ("ナンバープレートは品川 330 あ 12-34です", "license_plate", "品川 330 あ 12-34"),
    # bank accounts
    ('{"routing_number": "021000021", "account_number": "4401829935"}', "bank_account", "021000021"),
    ('{"routing_number": "021000021", "account_number": "4401829935"}', "bank_account", "4401829935"),
    ("MICR: ⑆021000021⑆ 4401829935⑈ 1042", "bank_account", "4401829935"),
    ("payee,routing,account\nA. Ortiz,021000021,55018822", "bank_account", "55018822"),
    ("Please pay Ms Ortiz: 20-00-00, 55779911 by Friday", "bank_account", "55779911"),
    # PINs
    ("the PUK on the SIM sleeve is 12345678", "pin", "12345678"),
    ("Meine Geheimzahl ist 7351", "pin", "7351"),
    ("Die PIN für meine Bankkarte ist 4831", "pin", "4831"),
    ("Le code de ma carte bleue est 8812", "pin", "8812"),
    ("el PIN de la tarjeta es 2468", "pin", "2468"),
    ("暗証番号は4719です", "pin", "4719"),
]

CLEAN = [
    "It's my public key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx8mQ2rT5vW7yZ1bN4cF6hK9pL3sD0gA me@laptop",
    "Add a password field2 to the form and a password reset link.",
    "The password v2.1 migration script and the password 64gb limit are unrelated.",
    "Use echo $TOKEN | docker login ghcr.io -u bot --password-stdin in CI.",
    "Milan won Serie A in 2003-04 and La Liga in 1999-2000 and 2005 2006.",
    "The phone sold 2019 2020 2021 units per quarter.",
    "Sum the digits 4 5 3 9 1 4 8 8 and 0 3 4 3.",
    "Release 10.2.30.44.51 ships on 2024-05-01; build 12 34 56 78.",
    "The passport office opens at 9; bring the form DS-11.",
    "Under the MIT license 2023 edition, see LICENSE file.",
    "The code de la route applies; see article 1234.",
    "Model RX78 GPO ships in 2024.",
    "Ferrari 812 Superfast S-A 6.5.jpg is the photo; the car is red.",
    "accounts,routing\n1999,2000",
    "Example config: password: changeme  # replace before deploying",
    "Use name@example.com as the placeholder in the sign-up form.",
    'Your code should pass these tests:\nassert f("pass": 1) == 2\nassert g(x) == "h2o"',
    "Cookie consent: session length=1234567890123456789 seconds",
    "Apache License 2.0, MIT License 20240101 edition",
    "Rent is 1200; my code review is at 10-04-25 then 12345678 tests ran.",
]


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_finds_the_value(text: str, kind: str, value: str) -> None:
    assert (kind, value) in spans(text), spans(text)


@pytest.mark.parametrize("text", CLEAN)
def test_look_alikes_stay_clean(text: str) -> None:
    assert spans(text) == []
