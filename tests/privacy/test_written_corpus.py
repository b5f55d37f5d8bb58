"""The hand-written part of the privacy corpus (tests/privacy/corpus/written) is consistent: the
committed files are what the builder makes from the prompt modules, spans sit on their values, every
kind is in both splits, and every checksummed value passes its check."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.privacy.corpus import checksums as ck
from tests.privacy.test_corpus import AGREED_KINDS
from tests.privacy.test_corpus import test_rows_are_well_formed as rows_are_well_formed

WRITTEN = Path(__file__).resolve().parent / "corpus" / "written"


def _read(name: str) -> list[dict[str, Any]]:
    path = WRITTEN.parent / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def written() -> list[dict[str, Any]]:
    return _read("written.jsonl")


def test_files_are_what_the_builder_makes() -> None:
    sys.path.insert(0, str(WRITTEN))
    try:
        import build  # type: ignore[import-not-found]

        pii, negatives = build.build()
    finally:
        sys.path.remove(str(WRITTEN))
    assert pii == (WRITTEN.parent / "written.jsonl").read_text(encoding="utf-8")
    assert negatives == (WRITTEN.parent / "written_negatives.jsonl").read_text(encoding="utf-8")


def test_rows_are_well_formed_and_split_by_text(written: list[dict[str, Any]]) -> None:
    rows_are_well_formed(written)
    for row in written:
        heldout = hashlib.sha256(row["text"].encode("utf-8")).digest()[0] % 10 < 4
        assert row["split"] == ("heldout" if heldout else "dev"), row["id"]


def test_every_kind_is_in_both_splits(written: list[dict[str, Any]]) -> None:
    rows: Counter[str] = Counter()
    splits: dict[str, set[str]] = defaultdict(set)
    for row in written:
        for kind in {s["kind"] for s in row["spans"]}:
            rows[kind] += 1
            splits[kind].add(row["split"])
    assert set(rows) == AGREED_KINDS
    for kind in AGREED_KINDS:
        assert rows[kind] >= 12, (kind, rows[kind])
        assert splits[kind] == {"dev", "heldout"}, kind
    assert len(written) >= 400


# Written by hand, a value's layout is free ("141166 5921", a CPF without dots, a lower-case codice
# fiscale), so an identifier passes when any check its digit count allows passes.
_ID_CHECKS = (
    ck.uk_nino_ok, ck.fr_nir_ok, ck.es_dni_ok, ck.es_nie_ok, ck.it_codice_fiscale_ok, ck.cpr_ok, ck.cpf_ok,
    ck.us_itin_ok, ck.de_steuer_id_ok, ck.aadhaar_ok, ck.sin_ok, ck.nl_bsn_ok, ck.pl_pesel_ok,
    ck.se_personnummer_ok, ck.tr_kimlik_ok, ck.cn_resident_id_ok, ck.jp_my_number_ok, ck.kr_rrn_ok,
    ck.ru_snils_ok, ck.za_id_ok, ck.ae_emirates_id_ok, ck.au_tfn_ok,
)  # fmt: skip
# Identifiers that carry no check digit, held to their format instead: India's PAN (the fourth
# letter says what kind of holder), Viet Nam's 12-digit citizen id (a province code 001-096 first).
_ID_FORMATS = (
    re.compile(r"[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]"),
    re.compile(r"0(?:0[1-9]|[1-8]\d|9[0-6])\d{9}"),
)


def _compact(value: str) -> str:
    # NFKC folds fullwidth digits and "－", and turns U+2011 into U+2010.
    value = unicodedata.normalize("NFKC", value).replace("\u200b", "").replace("\u2010", "-")
    return re.sub(r"[\s.\-/]", "", value).upper()


def _id_ok(compact: str) -> bool:
    if any(shape.fullmatch(compact) for shape in _ID_FORMATS):
        return True
    for check in _ID_CHECKS:
        try:
            if check(compact if check is not ck.cpr_ok else f"{compact[:6]}-{compact[6:]}"):
                return True
        except (ValueError, IndexError):
            continue
    return False


def test_checksummed_values_pass(written: list[dict[str, Any]]) -> None:
    bad: list[tuple[str, str, str]] = []
    checked: Counter[str] = Counter()
    for row in written:
        for span in row["spans"]:
            kind, raw = span["kind"], row["text"][span["start"] : span["end"]]
            compact = _compact(raw)
            if kind == "payment_card":
                ok = compact.isdigit() and 13 <= len(compact) <= 19 and ck.luhn_ok(compact)
            elif kind == "iban":
                ok = ck.iban_ok(compact)
            elif kind == "ssn":
                ok = ck.us_ssn_ok(compact)
            elif kind == "national_id":
                ok = _id_ok(compact)
            else:
                continue
            checked[kind] += 1
            if not ok:
                bad.append((row["id"], kind, raw))
    assert not bad, bad[:10]
    assert checked["national_id"] >= 30 and checked["payment_card"] >= 10 and checked["iban"] >= 10


def test_negatives_are_well_formed() -> None:
    negatives = _read("written_negatives.jsonl")
    assert len(negatives) >= 150
    ids = [row["id"] for row in negatives]
    assert len(ids) == len(set(ids))
    for row in negatives:
        assert set(row) == {"id", "text", "kind_of_lookalike", "source"}, row["id"]
        assert row["text"].strip(), row["id"]
