"""Findings inside longer, multi-line messages; values never in a repr; no runaway regexes."""

from __future__ import annotations

import time

import pytest

from edged.privacy import scan

from .test_kinds import FOUND


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


SUPPORT_TICKET = """\
Hi team,

I'm Renata Oliveira and I can't log in since yesterday. My details, in case you need them:
  email: renata.oliveira@fastmail.com
  phone: +351 912 345 678
  card on file: 5425 2334 3010 9903
I moved last month, the new address is 14 Oakfield Road, Bristol BS8 2AL, so please update it.
My wife Julia was diagnosed with asthma, which is why I asked for the paper statements.

Thanks,
Renata
"""


def test_a_support_ticket() -> None:
    got = found(SUPPORT_TICKET)
    for expected in [
        ("person_name", "Renata Oliveira"),
        ("email", "renata.oliveira@fastmail.com"),
        ("phone", "+351 912 345 678"),
        ("payment_card", "5425 2334 3010 9903"),
        ("postal_address", "14 Oakfield Road, Bristol BS8 2AL"),
        ("person_name", "Julia"),
        ("health", "asthma"),
        ("person_name", "Renata"),
    ]:
        assert expected in got, got


ENV_FILE = """\
# staging
APP_ENV=staging
DATABASE_URL=postgresql://svc_app:Vq7#pL2x9w@pg-staging.internal:5432/app
REDIS_URL=redis://cache.internal:6379/0
SECRET_KEY=7d9f2c1b8e4a6f3d0c5b9a8e7f6d5c4b
STRIPE_SECRET_KEY=sk_test_51Mz3xQ2eZvKYlo2C8fH4kP9w
SMTP_PASSWORD="m4il-Pass!"
DEBUG=false
"""


def test_an_env_file() -> None:
    got = found(ENV_FILE)
    assert ("password", "Vq7#pL2x9w") in got
    assert ("api_key", "7d9f2c1b8e4a6f3d0c5b9a8e7f6d5c4b") in got
    assert ("api_key", "sk_test_51Mz3xQ2eZvKYlo2C8fH4kP9w") in got
    assert ("password", "m4il-Pass!") in got
    assert not any(value in ("staging", "false", "cache.internal") for _, value in got)


YAML = """\
spring:
  datasource:
    url: jdbc:mysql://db:3306/shop
    username: shop
    password: "Sh0p!Pw-2024"
wifi:
  ssid: HomeNet
  psk: purple-otter-42
"""


def test_a_config_block() -> None:
    got = found(YAML)
    assert ("password", "Sh0p!Pw-2024") in got
    assert ("password", "purple-otter-42") in got


CURL = """\
curl -X POST https://api.internal.example/v2/orders \\
  -u ops-bot:Wk3!rT9z \\
  -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMtYm90In0.Qm9keV9zaWduYXR1cmVfMTIz" \\
  -d '{"sku": "A-1001", "qty": 2}'
"""


def test_a_pasted_curl_command() -> None:
    got = found(CURL)
    assert ("password", "Wk3!rT9z") in got
    assert any(kind == "access_token" for kind, _ in got)
    assert not any(value == "A-1001" for _, value in got)


LONG_PROSE = (
    (
        "We spent the morning comparing notes on the migration plan, which has grown to cover the billing "
        "service, the search cluster and the two reporting databases. Nobody wants another weekend cut-over, "
        "so the proposal is to move one tenant at a time and keep the old path warm for a week. "
    )
    * 6
    + (
        "For the pilot tenant the contact is Daniel Okafor, daniel.okafor@tenant-pilot.co.uk, and the "
        "invoices go to 3 Ely Place, London EC1N 6RY. "
    )
    + ("Everything else in this note is about schedules, dashboards and who is on call in which week. ") * 6
)


def test_values_deep_inside_long_prose() -> None:
    assert len(LONG_PROSE) > 2000
    got = found(LONG_PROSE)
    assert ("email", "daniel.okafor@tenant-pilot.co.uk") in got
    assert ("person_name", "Daniel Okafor") in got
    assert ("postal_address", "3 Ely Place, London EC1N 6RY") in got
    assert len(got) == 3


def test_multi_line_labels() -> None:
    assert ("password", "hunter2hunter") in found("Password:\n  hunter2hunter")
    assert ("pin", "4921") in found("New PIN:\n4921")
    assert ("person_name", "Jane Doe") in found("Kind regards,\n\nJane Doe\nHead of Ops")


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_a_findings_repr_never_shows_the_value(text: str, kind: str, value: str) -> None:
    for f in scan(text):
        shown = repr(f) + str(f)
        assert text[f.start : f.end] not in shown
        assert set(vars(f)) == {"kind", "start", "end", "detector"}


@pytest.mark.parametrize(
    "text",
    [
        "1" * 20_000,
        "1 " * 10_000,
        "A" * 20_000,
        "Aa " * 7_000,
        "password: " * 2_000,
        "a at b dot " * 2_000,
        "I live at 1 " * 1_500,
        "Mr " * 6_000,
        "-" * 20_000 + "BEGIN",
        "-----BEGIN RSA PRIVATE KEY-----" + "A" * 20_000,
        "12.3456, " * 2_000,
        "key: " + "a1" * 5_000,
        "\u200b" * 10_000 + "jane@x.io",
        "Ｊ" * 10_000,
    ],
)
def test_no_runaway_on_pathological_input(text: str) -> None:
    started = time.perf_counter()
    scan(text)
    assert time.perf_counter() - started < 2.0
