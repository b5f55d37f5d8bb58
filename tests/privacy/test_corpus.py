"""The committed privacy corpus is consistent: spans inside their text, the agreed kinds, unique
ids, both splits for every kind, and every checksummed value re-verified (no Faker needed)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.privacy.corpus import checksums as ck

CORPUS = Path(__file__).resolve().parent / "corpus"

# The kind names agreed as the interface between the corpus and any scanner.
AGREED_KINDS = {
    "email", "phone", "ssn", "payment_card", "iban", "passport", "api_key", "access_token", "private_key",
    "password", "date_of_birth", "medical_record", "postal_address", "person_name", "national_id",
    "drivers_license", "license_plate", "bank_account", "pin", "location", "salary", "health",
}  # fmt: skip


def _read(name: str) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="module")
def pii() -> list[dict[str, Any]]:
    return _read("pii.jsonl")


@pytest.fixture(scope="module")
def negatives() -> list[dict[str, Any]]:
    return _read("negatives.jsonl")


def _plain(value: str) -> str:
    """The value with look-alike characters folded: fullwidth digits and @, zero-width spaces,
    non-breaking hyphens."""
    value = value.translate({0xFF10 + i: 0x30 + i for i in range(10)})
    return value.replace("＠", "@").replace("\u200b", "").replace("\u2011", "-")


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", _plain(value))


def test_rows_are_well_formed(pii: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in pii]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for row in pii:
        assert {"id", "text", "spans", "source", "split", "lang"} <= set(row), row["id"]
        assert row["split"] in ("dev", "heldout"), row["id"]
        assert row["spans"], row["id"]
        for span in row["spans"]:
            assert span["kind"] in AGREED_KINDS, (row["id"], span)
            assert 0 <= span["start"] < span["end"] <= len(row["text"]), (row["id"], span)
            value = row["text"][span["start"] : span["end"]]
            assert value == value.strip() and value, (row["id"], value)
        ordered = sorted((s["start"], s["end"]) for s in row["spans"])
        assert all(a[1] <= b[0] for a, b in pairwise(ordered)), f"overlapping spans in {row['id']}"


def test_every_kind_has_enough_rows_in_both_splits(pii: list[dict[str, Any]]) -> None:
    rows: Counter[str] = Counter()
    splits: dict[str, set[str]] = defaultdict(set)
    for row in pii:
        for kind in {s["kind"] for s in row["spans"]}:
            rows[kind] += 1
            splits[kind].add(row["split"])
    assert set(rows) == AGREED_KINDS
    for kind in AGREED_KINDS:
        assert rows[kind] >= 40, (kind, rows[kind])
        assert splits[kind] == {"dev", "heldout"}, kind
    assert len(pii) >= 1000


def test_splits_are_by_template_family(pii: list[dict[str, Any]]) -> None:
    family_split: dict[str, set[str]] = defaultdict(set)
    for row in pii:
        family_split[row["template"]].add(row["split"])
    assert all(len(s) == 1 for s in family_split.values()), "a template family is in both splits"
    by_kind: dict[str, list[str]] = defaultdict(list)
    for family, split in family_split.items():
        by_kind[family.split(".")[0]].append(next(iter(split)))
    for kind, splits in by_kind.items():
        if kind == "presidio":
            continue
        assert len(splits) >= 12, (kind, len(splits))
        share = splits.count("heldout") / len(splits)
        assert 0.2 <= share <= 0.4, (kind, share)


_NATIONAL_IDS = (
    (r"[A-Z]{2}\d{6}[A-D]", ck.uk_nino_ok),
    (r"[12]\d{4}(\d{2}|2A|2B)\d{8}", ck.fr_nir_ok),
    (r"\d{8}[A-Z]", ck.es_dni_ok),
    (r"[XYZ]\d{7}[A-Z]", ck.es_nie_ok),
    (r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", ck.it_codice_fiscale_ok),
)


def _national_id_ok(raw: str) -> bool:
    plain = _plain(raw)
    compact = _compact(raw)
    for pattern, check in _NATIONAL_IDS:
        if re.fullmatch(pattern, compact):
            return check(compact)
    if re.fullmatch(r"\d{6}-\d{4}", plain):
        return ck.cpr_ok(plain)
    if re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", plain):
        return ck.cpf_ok(compact)
    if re.fullmatch(r"9\d{2}-\d{2}-\d{4}", plain):
        return ck.us_itin_ok(compact)
    if compact.isdigit() and len(compact) == 11:
        return ck.de_steuer_id_ok(compact)
    if compact.isdigit() and len(compact) == 12:
        return ck.aadhaar_ok(compact)
    if compact.isdigit() and len(compact) == 9:
        return ck.sin_ok(compact)
    return False


def checksums_of(pii: list[dict[str, Any]]) -> tuple[list[tuple[str, str, str]], Counter[str]]:
    """The (id, kind, value) of every checksummed value that fails its check, and how many were checked."""
    bad: list[tuple[str, str, str]] = []
    checked: Counter[str] = Counter()
    for row in pii:
        bank = [s for s in row["spans"] if s["kind"] == "bank_account"]
        for span in row["spans"]:
            kind, raw = span["kind"], row["text"][span["start"] : span["end"]]
            compact = _compact(raw)
            ok = True
            if kind == "payment_card":
                ok = compact.isdigit() and 13 <= len(compact) <= 19 and ck.luhn_ok(compact)
            elif kind == "iban":
                ok = ck.iban_ok(compact)
            elif kind == "ssn":
                ok = ck.us_ssn_ok(compact)
            elif kind == "national_id":
                ok = _national_id_ok(raw)
            elif kind == "medical_record" and compact.isdigit() and len(compact) == 10:
                ok = ck.nhs_ok(compact)
            elif kind == "medical_record" and re.fullmatch(r"[A-Z]\d{9}", compact):
                ok = ck.de_kvnr_ok(compact)
            elif kind == "bank_account" and bank.index(span) % 2 == 0:
                # Pairs: a sort code or an ABA routing number first, then the account number.
                ok = bool(re.fullmatch(r"\d{2}-\d{2}-\d{2}", _plain(raw))) or ck.aba_ok(compact)
            else:
                continue
            checked[kind] += 1
            if not ok:
                bad.append((row["id"], kind, raw))
    return bad, checked


def test_checksummed_values_are_valid(pii: list[dict[str, Any]]) -> None:
    bad, checked = checksums_of(pii)
    assert not bad, bad[:10]
    assert checked["national_id"] >= 40 and checked["payment_card"] >= 40 and checked["iban"] >= 40
    assert checked["bank_account"] >= 40 and checked["ssn"] >= 40


def test_negatives_are_well_formed_and_invalid_where_they_say(negatives: list[dict[str, Any]]) -> None:
    assert len(negatives) >= 300
    ids = [row["id"] for row in negatives]
    assert len(ids) == len(set(ids))
    for row in negatives:
        assert set(row) == {"id", "text", "kind_of_lookalike", "source"}, row["id"]
        text = row["text"]
        kind = row["kind_of_lookalike"]
        runs = [re.sub(r"\D", "", m) for m in re.findall(r"\d[\d ]{11,}\d", text)]
        if kind == "invalid_card":
            assert runs and not any(ck.luhn_ok(r) for r in runs), row["id"]
        if kind == "invalid_iban":
            assert not any(ck.iban_ok(m) for m in re.findall(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", text)), row[
                "id"
            ]
        if kind == "invalid_aba":
            assert not any(ck.aba_ok(m) for m in re.findall(r"\d{9}", text)), row["id"]
    assert len(Counter(row["kind_of_lookalike"] for row in negatives)) >= 20


def test_corpus_is_what_the_generator_makes() -> None:
    """Only where Faker of the pinned version is installed (a throwaway venv, see the README)."""
    import importlib.util
    import sys

    if importlib.util.find_spec("faker") is None:
        pytest.skip("faker is not installed; see tests/privacy/corpus/README.md")
    sys.path.insert(0, str(CORPUS))
    try:
        from importlib.metadata import version

        import make_corpus  # type: ignore[import-not-found]

        if version("faker") != make_corpus.FAKER_VERSION:
            pytest.skip(f"faker {version('faker')} is not the pinned {make_corpus.FAKER_VERSION}")
        pii, negatives = make_corpus.build()
    finally:
        sys.path.remove(str(CORPUS))
    assert pii == (CORPUS / "pii.jsonl").read_text(encoding="utf-8")
    assert negatives == (CORPUS / "negatives.jsonl").read_text(encoding="utf-8")
