"""Check digits of the numbers in the privacy corpus, written from the public specifications.

Standard library only: the corpus generator uses these to make and verify its values, and the
corpus test re-verifies every committed value with them (no Faker needed there).
"""

from __future__ import annotations

import re

__all__ = [
    "aadhaar_ok",
    "aba_ok",
    "cpf_ok",
    "cpr_ok",
    "de_kvnr_ok",
    "de_steuer_id_ok",
    "digits",
    "es_dni_ok",
    "es_nie_ok",
    "fr_nir_ok",
    "iban_ok",
    "it_codice_fiscale_ok",
    "luhn_ok",
    "nhs_ok",
    "sin_ok",
    "uk_nino_ok",
    "us_itin_ok",
    "us_ssn_ok",
    "verhoeff_check_digit",
]

_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}


def digits(value: str) -> str:
    """The ASCII digits of `value` (fullwidth digits folded), all else dropped."""
    return "".join(c for c in value.translate(_FULLWIDTH) if c.isascii() and c.isdigit())


def luhn_ok(number: str) -> bool:
    ds = [int(c) for c in number]
    if len(ds) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# ISO 13616 lengths for the countries the corpus uses.
IBAN_LENGTHS = {"AT": 20, "BE": 16, "CH": 21, "DE": 22, "DK": 18, "ES": 24, "FR": 27, "GB": 22,
                "IE": 22, "IT": 27, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "SE": 24}  # fmt: skip


def iban_ok(value: str) -> bool:
    iban = re.sub(r"[\s.\-]", "", value).upper()
    if len(iban) != IBAN_LENGTHS.get(iban[:2], -1) or not iban.isalnum():
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def aba_ok(number: str) -> bool:
    """An ABA routing number: nine digits, a valid Federal Reserve prefix, weights 3-7-1."""
    if len(number) != 9 or not number.isdigit():
        return False
    prefix = int(number[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    d = [int(c) for c in number]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def us_ssn_ok(number: str) -> bool:
    """Issuable: area not 000, 666 or 9xx; group not 00; serial not 0000."""
    if len(number) != 9 or not number.isdigit():
        return False
    area, group, serial = number[:3], number[3:5], number[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def us_itin_ok(number: str) -> bool:
    """9XX-YY-XXXX with YY in 50-65, 70-88, 90-92 or 94-99 (IRS ranges)."""
    if len(number) != 9 or not number.isdigit() or number[0] != "9":
        return False
    group = int(number[3:5])
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


_NINO_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")
_NINO_SECOND = set("ABCEGHJKLMNPRSTWXYZ")
_NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def uk_nino_ok(value: str) -> bool:
    """HMRC's format rules (a NINO has no check digit)."""
    v = re.sub(r"\s", "", value).upper()
    return (
        re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", v) is not None
        and v[0] in _NINO_FIRST
        and v[1] in _NINO_SECOND
        and v[:2] not in _NINO_BAD_PREFIX
    )


def de_steuer_id_ok(number: str) -> bool:
    """Steuerliche Identifikationsnummer: 11 digits, no leading 0, one digit twice or three times
    among the first ten, ISO 7064 MOD 11,10 check digit."""
    if len(number) != 11 or not number.isdigit() or number[0] == "0":
        return False
    counts = [number[:10].count(str(d)) for d in range(10)]
    repeated = [c for c in counts if c > 1]
    if len(repeated) != 1 or repeated[0] not in (2, 3):
        return False
    if repeated[0] == 3 and re.search(r"(\d)\1\1", number[:10]):
        return False
    product = 10
    for c in number[:10]:
        total = (int(c) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return (0 if check == 10 else check) == int(number[10])


def fr_nir_ok(value: str) -> bool:
    """NIR (numéro de sécurité sociale): 13 characters and a key of 97 - (number mod 97);
    Corsica's 2A and 2B count as 19 and 18."""
    v = re.sub(r"\s", "", value).upper()
    if re.fullmatch(r"[12]\d{4}(\d{2}|2A|2B)\d{6}\d{2}", v) is None:
        return False
    body = v[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(v[13:])


_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def cpr_ok(value: str) -> bool:
    """Danish CPR: DDMMYY-SSSS with a valid day and month and the modulus-11 check."""
    v = value.replace("-", "").replace(" ", "")
    if len(v) != 10 or not v.isdigit():
        return False
    day, month = int(v[:2]), int(v[2:4])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    return sum(int(c) * w for c, w in zip(v, _CPR_WEIGHTS, strict=True)) % 11 == 0


# Verhoeff's dihedral-group tables.
_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
       [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
       [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]  # fmt: skip
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
       [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]  # fmt: skip
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def _verhoeff(number: str, offset: int) -> int:
    c = 0
    for i, ch in enumerate(reversed(number)):
        c = _VD[c][_VP[(i + offset) % 8][int(ch)]]
    return c


def verhoeff_check_digit(number: str) -> int:
    return _VINV[_verhoeff(number, 1)]


def aadhaar_ok(number: str) -> bool:
    """Aadhaar: 12 digits, not starting with 0 or 1, Verhoeff check digit."""
    return len(number) == 12 and number.isdigit() and number[0] not in "01" and _verhoeff(number, 0) == 0


def cpf_ok(number: str) -> bool:
    """Brazilian CPF: 11 digits, not all the same, two modulus-11 check digits."""
    if len(number) != 11 or not number.isdigit() or len(set(number)) == 1:
        return False
    for n in (9, 10):
        total = sum(int(number[i]) * (n + 1 - i) for i in range(n))
        check = total * 10 % 11 % 10
        if check != int(number[n]):
            return False
    return True


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni_ok(value: str) -> bool:
    v = re.sub(r"[\s\-]", "", value).upper()
    return re.fullmatch(r"\d{8}[A-Z]", v) is not None and _DNI_LETTERS[int(v[:8]) % 23] == v[8]


def es_nie_ok(value: str) -> bool:
    v = re.sub(r"[\s\-]", "", value).upper()
    if re.fullmatch(r"[XYZ]\d{7}[A-Z]", v) is None:
        return False
    return _DNI_LETTERS[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]


_CF_ODD = {**dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True)),
           **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                      (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23), strict=True)),
           }  # fmt: skip


def _cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A")


def it_codice_fiscale_check(first15: str) -> str:
    total = sum(_CF_ODD[c] if i % 2 == 0 else _cf_even(c) for i, c in enumerate(first15))
    return chr(ord("A") + total % 26)


def it_codice_fiscale_ok(value: str) -> bool:
    v = value.upper()
    if re.fullmatch(r"[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", v) is None:
        return False
    return it_codice_fiscale_check(v[:15]) == v[15]


def sin_ok(number: str) -> bool:
    """Canadian SIN: nine digits, first not 0 or 8, Luhn."""
    return len(number) == 9 and number.isdigit() and number[0] not in "08" and luhn_ok(number)


def nhs_ok(number: str) -> bool:
    """NHS number: ten digits, weights 10..2, check = 11 - (sum mod 11), 10 never valid."""
    if len(number) != 10 or not number.isdigit():
        return False
    check = 11 - sum(int(c) * (10 - i) for i, c in enumerate(number[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(number[9])


def de_kvnr_ok(value: str) -> bool:
    """Krankenversichertennummer: a letter, eight digits, a check digit over the letter's
    two-digit number and the eight digits (weights 1, 2, digit sums, mod 10)."""
    v = value.upper()
    if re.fullmatch(r"[A-Z]\d{9}", v) is None:
        return False
    body = f"{ord(v[0]) - ord('A') + 1:02d}" + v[1:9]
    total = 0
    for i, c in enumerate(body):
        p = int(c) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return total % 10 == int(v[9])


def nl_bsn_ok(number: str) -> bool:
    """Dutch BSN: 9 digits passing the "elfproef" (weights 9..2, and -1 for the last)."""
    if not (number.isdigit() and len(number) == 9):
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    return total % 11 == 0 and number != "000000000"


def pl_pesel_ok(number: str) -> bool:
    """Polish PESEL: 11 digits, weights 1,3,7,9 repeated; the check digit makes the sum end in 0."""
    if not (number.isdigit() and len(number) == 11):
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    return (10 - sum(int(d) * w for d, w in zip(number[:10], weights, strict=True)) % 10) % 10 == int(
        number[10]
    )


def se_personnummer_ok(value: str) -> bool:
    """Swedish personnummer (YYMMDD-NNNC, or with the century): Luhn over the last 10 digits."""
    number = digits(value)
    if len(number) == 12:
        number = number[2:]
    return len(number) == 10 and luhn_ok(number)


def tr_kimlik_ok(number: str) -> bool:
    """Turkish T.C. Kimlik No: 11 digits, no leading zero, two check digits."""
    if not (number.isdigit() and len(number) == 11 and number[0] != "0"):
        return False
    d = [int(c) for c in number]
    tenth = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    return tenth == d[9] and sum(d[:10]) % 10 == d[10]


def cn_resident_id_ok(value: str) -> bool:
    """China's 18-character resident identity number: ISO 7064 MOD 11-2, check character 0-9 or X."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(value[:17], weights, strict=True))
    return "10X98765432"[total % 11] == value[17].upper()


def jp_my_number_ok(number: str) -> bool:
    """Japan's 12-digit individual number: weights 2-7 from the right, 11 - (sum mod 11), 0 if over 9."""
    if len(number) != 12 or not number.isdigit():
        return False
    body = [int(c) for c in number[:11]][::-1]
    total = sum(d * (n + 2 if n < 6 else n - 4) for n, d in enumerate(body))
    rest = total % 11
    return int(number[11]) == (0 if rest <= 1 else 11 - rest)


def kr_rrn_ok(number: str) -> bool:
    """Korea's 13-digit resident registration number (YYMMDD-SNNNNNC): weights 2-9,2-5, 11 - sum mod 11."""
    if len(number) != 13 or not number.isdigit():
        return False
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(c) * w for c, w in zip(number[:12], weights, strict=True))
    return int(number[12]) == (11 - total % 11) % 10


def ru_snils_ok(number: str) -> bool:
    """Russia's SNILS: nine digits weighted 9..1, the sum mod 101 (100 reads 00) is the last two."""
    if len(number) != 11 or not number.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:9], range(9, 0, -1), strict=True))
    return int(number[9:]) == total % 101 % 100


def za_id_ok(number: str) -> bool:
    """South Africa's 13-digit identity number (YYMMDD…): Luhn."""
    return len(number) == 13 and number.isdigit() and luhn_ok(number)


def ae_emirates_id_ok(number: str) -> bool:
    """The UAE's 15-digit Emirates ID, 784-YYYY-NNNNNNN-C: Luhn."""
    return len(number) == 15 and number.startswith("784") and luhn_ok(number)


def au_tfn_ok(number: str) -> bool:
    """Australia's 9-digit tax file number: weights 1,4,3,7,5,8,6,9,10, the sum divisible by 11."""
    if len(number) != 9 or not number.isdigit():
        return False
    weights = (1, 4, 3, 7, 5, 8, 6, 9, 10)
    return sum(int(c) * w for c, w in zip(number, weights, strict=True)) % 11 == 0
