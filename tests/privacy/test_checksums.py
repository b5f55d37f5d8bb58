"""Check-digit rules against published sample values, and one digit off each."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from edged.privacy import checksums


@pytest.mark.parametrize(
    ("rule", "valid", "invalid"),
    [
        (checksums.luhn, "4539148803436467", "4539148803436468"),
        (checksums.verhoeff, "2363", "2364"),
        (checksums.iban, "GB82WEST12345698765432", "GB82WEST12345698765433"),
        (checksums.aba_routing, "021000021", "021000022"),
        (checksums.aadhaar, "234123412346", "234123412347"),
        (checksums.br_cpf, "52998224725", "52998224726"),
        (checksums.ca_sin, "130692544", "130692545"),
        (checksums.es_dni, "12345678Z", "12345678A"),
        (checksums.es_nie, "X1234567L", "X1234567M"),
        (checksums.fr_nir, "255081416802538", "255081416802539"),
        (checksums.fr_nir, "175052A00412361", "175052B00412361"),
        (checksums.it_codice_fiscale, "RSSMRA85T10A562S", "RSSMRA85T10A562T"),
        (checksums.de_steuer_id, "36574261809", "36574261890"),
        (checksums.uk_nino, "AB123456C", "BG123456C"),
        (checksums.us_itin, "912701234", "912931234"),
        (checksums.dk_cpr_date, "2902841234", "3002841234"),
    ],
)
def test_valid_and_one_off(rule: Callable[[str], bool], valid: str, invalid: str) -> None:
    assert rule(valid)
    assert not rule(invalid)


def test_repeated_digits_are_never_an_id() -> None:
    assert not checksums.br_cpf("11111111111")
    assert not checksums.aba_routing("000000000")
    assert not checksums.de_steuer_id("01234567890")  # no leading zero
