from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from edged.privacy import KINDS, Finding, redact, scan

PUBLIC_SET = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "routing_public.jsonl"


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please email me at john.doe@example.com tomorrow.", "email"),
        ("Contact: a.b+tag@mail.co.uk", "email"),
        ("Call me at +44 20 7946 0958 after six.", "phone"),
        ("my number is +1 (415) 555-2671", "phone"),
        ("Office: (415) 555-2671", "phone"),
        ("reach me on 415-555-2671", "phone"),
        ("phone: 020 7946 0958", "phone"),
        ("mobile 07700 900123", "phone"),
        ("Landline (030) 1234 5678", "phone"),
        ("His SSN is 123-45-6789.", "ssn"),
        ("social security number: 123 45 6789", "ssn"),
        ("card 4111 1111 1111 1111 exp 12/27", "payment_card"),
        ("Mastercard 5555-5555-5555-4444", "payment_card"),
        ("amex 378282246310005", "payment_card"),
        ("Pay to DE89 3704 0044 0532 0130 00 today", "iban"),
        ("IBAN: GB82WEST12345698765432", "iban"),
        ("FR14 2004 1010 0505 0001 3M02 606", "iban"),
        ("passport no. X1234567", "passport"),
        ("Passport number: 123456789", "passport"),
        ("key id AKIAIOSFODNN7EXAMPLE", "api_key"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "api_key"),
        ("OPENAI_API_KEY=sk-proj-abc123DEF456ghi789JKL012mno345", "api_key"),
        ("export KEY=sk-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a", "api_key"),
        ("token ghp_1234567890abcdefghijklmnopqrstuvwxyz12", "api_key"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789", "api_key"),
        ("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", "api_key"),
        ("api_key=9f8e7d6c5b4a39281706", "api_key"),
        ('client_secret: "Zk29fjQm1xPq83Lr"', "api_key"),
        ("Authorization: Bearer abcdef1234567890abcdef", "access_token"),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "access_token",
        ),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "private_key"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk", "private_key"),
        ("password: hunter2", "password"),
        ("my password is swordfish", "password"),
        ("pwd=s3cr3t!", "password"),
        ('{"user": "ana", "password": "hunter2"}', "password"),
        ("DB_PASSWORD=s3cr3tValue", "password"),
        ("John Smith, born 1984-03-02, lives here", "date_of_birth"),
        ("Patient Jane Doe DOB: 02/03/1984", "date_of_birth"),
        ("I was born on March 2, 1984", "date_of_birth"),
        ("MRN 12345678", "medical_record"),
        ("medical record number: 00123456", "medical_record"),
    ],
)
def test_finds_personal_and_secret_data(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Upgrade from version 1.2.3 to v2.10.0 and then 3.11.7.",
        "ISBN 978-3-16-148410-0 is on the back cover.",
        "ISBN-13: 9783161484100",
        "Where is my order #123-4567-890?",
        "Invoice INV-2023-000123 was paid.",
        "The meeting is on 2021-03-04 at 10:30.",
        "Joseph Biden Jr. (born November 20, 1942) is an American politician.",
        "He was born on December 16, 1971 in Dhaka.",
        "It costs $1,299.99 or €1.049,00.",
        "What is 415 - 555 - 2671?",
        "Compute 1234567 * 7654321.",
        "Population 1,234,567,890 in 2020.",
        "id 550e8400-e29b-41d4-a716-446655440000",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "ping 192.168.1.10 and 10.0.0.1 from the gateway",
        "The password is incorrect, try again.",
        'password = input("Enter password: ")',
        'if password == "abc":',
        "Password: ********",
        'api_key = os.environ["OPENAI_API_KEY"]',
        'api_key="YOUR_API_KEY"',
        "The task-force met; the key points are below.",
        "git@github.com:org/repo.git",
        "Write a function to check whether a password is valid.",
        "user_password is required; form.password = request.args",
        "The bearer of bad news arrived.",
        "passport photos need a white background",
        "Random digits 4111 1111 1111 1112",  # fails the Luhn check
        "DE89 3704 0044 0532 0130 01",  # fails mod 97
        "000-12-3456, 666-12-3456, 912-34-5678, 123-00-4567",  # not issuable as SSNs
        "",
    ],
)
def test_leaves_non_personal_text_alone(text: str) -> None:
    assert scan(text) == []


def test_findings_carry_positions_not_values() -> None:
    text = "mail jane@corp.example or call +44 20 7946 0958"
    findings = scan(text)
    assert [f.kind for f in findings] == ["email", "phone"]
    assert text[findings[0].start : findings[0].end] == "jane@corp.example"
    assert all(f.kind in KINDS for f in findings)
    for f in findings:
        assert "jane" not in repr(f) and "7946" not in repr(f)
        assert set(vars(f)) == {"kind", "start", "end", "detector"}


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "key AKIAIOSFODNN7EXAMPLE, mail a@b.io, card 4111111111111111, ssn 123-45-6789"
    findings = scan(text)
    assert [f.kind for f in findings] == ["api_key", "email", "payment_card", "ssn"]
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start


def test_redact_replaces_every_finding_with_its_kind() -> None:
    text = "Email john@x.io, password: hunter2, SSN 123-45-6789."
    out = redact(text)
    assert out == "Email [EMAIL], password: [PASSWORD], SSN [SSN]."
    assert redact("nothing here") == "nothing here"


def test_finding_is_a_frozen_value() -> None:
    finding = Finding("email", 0, 3)
    with pytest.raises(AttributeError):
        finding.kind = "phone"  # type: ignore[misc]


def test_text_whose_lowercase_changes_length_keeps_offsets() -> None:
    text = "İİİ write to anna@example.org"
    (finding,) = scan(text)
    assert text[finding.start : finding.end] == "anna@example.org"


def test_public_routing_prompts_are_clean() -> None:
    if not PUBLIC_SET.is_file():
        pytest.skip(f"{PUBLIC_SET} is not present (the shared eval set lives beside the repository)")
    flagged = []
    for line in PUBLIC_SET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = "\n".join(m["content"] for m in row["messages"])
        found = scan(text)
        if found:
            flagged.append((row["id"], [f.kind for f in found]))
    assert flagged == []
