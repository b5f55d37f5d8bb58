"""Check digits of the numbers the scanner reports: a random digit string rarely passes one.

Each function takes the value's characters without separators and says whether it is well formed.
"""

from __future__ import annotations

from collections import Counter

__all__ = [
    "aadhaar",
    "aba_routing",
    "br_cpf",
    "ca_sin",
    "de_steuer_id",
    "dk_cpr_date",
    "es_dni",
    "es_nie",
    "fr_nir",
    "iban",
    "it_codice_fiscale",
    "luhn",
    "uk_nino",
    "us_itin",
    "verhoeff",
]


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 2, 4, 1),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff(digits: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][ord(ch) - 48]]
    return c == 0


def iban(compact: str) -> bool:
    """ISO 13616 mod 97 over an IBAN without spaces (length checked by the caller)."""
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def aadhaar(digits: str) -> bool:
    """India's Aadhaar: 12 digits, not starting with 0 or 1, Verhoeff check digit."""
    return len(digits) == 12 and digits[0] not in "01" and verhoeff(digits)


def aba_routing(digits: str) -> bool:
    """US ABA routing number: Federal Reserve prefix and the 3-7-1 weighted checksum."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    d = [ord(c) - 48 for c in digits]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]
    return total % 10 == 0 and len(set(digits)) > 1


def br_cpf(digits: str) -> bool:
    """Brazil's CPF: 11 digits, two mod-11 check digits, not one digit repeated."""
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    d = [ord(c) - 48 for c in digits]
    for n in (9, 10):
        check = sum(d[i] * (n + 1 - i) for i in range(n)) * 10 % 11 % 10
        if check != d[n]:
            return False
    return True


def ca_sin(digits: str) -> bool:
    """Canada's SIN: 9 digits, Luhn, first digit never 0 or 8."""
    return len(digits) == 9 and digits[0] not in "08" and luhn(digits)


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]


def dk_cpr_date(digits: str) -> bool:
    """Denmark's CPR: DDMMYY-SSSS with a real date (the mod-11 check is no longer issued)."""
    return len(digits) == 10 and _valid_day_month(int(digits[:2]), int(digits[2:4]))


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni(value: str) -> bool:
    """Spain's DNI: 8 digits and the letter for their value mod 23."""
    return len(value) == 9 and value[:8].isdigit() and _DNI_LETTERS[int(value[:8]) % 23] == value[8].upper()


def es_nie(value: str) -> bool:
    """Spain's NIE: X, Y or Z (read as 0, 1, 2), 7 digits and the DNI letter."""
    if len(value) != 9 or value[0].upper() not in "XYZ" or not value[1:8].isdigit():
        return False
    return es_dni(str("XYZ".index(value[0].upper())) + value[1:])


def fr_nir(value: str) -> bool:
    """France's NIR: 13 characters (Corsica 2A/2B) and the key 97 - (number mod 97)."""
    if len(value) != 15:
        return False
    body, key = value[:13].upper(), value[13:]
    if body[5:7] == "2A":
        body = body[:5] + "19" + body[7:]
    elif body[5:7] == "2B":
        body = body[:5] + "18" + body[7:]
    if not body.isdigit() or not key.isdigit() or body[0] not in "12378":
        return False
    month = int(body[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return False
    return 97 - int(body) % 97 == int(key)


_CF_ODD = {
    **dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
            strict=True,
        )
    ),
}


def it_codice_fiscale(value: str) -> bool:
    """Italy's codice fiscale: 16 characters, the last one a check over the first 15."""
    value = value.upper()
    if len(value) != 16 or not value.isalnum():
        return False
    total = 0
    for i, ch in enumerate(value[:15]):
        if i % 2 == 0:  # odd positions, counting from 1
            total += _CF_ODD[ch]
        else:
            total += ord(ch) - 48 if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == value[15]


_NINO_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")
_NINO_SECOND = set("ABCEGHJKLMNPRSTWXYZ")
_NINO_BAD_PREFIXES = frozenset(("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"))


def uk_nino(value: str) -> bool:
    """UK National Insurance number: allocatable prefix, 6 digits, suffix A-D."""
    value = value.upper()
    return (
        len(value) == 9
        and value[0] in _NINO_FIRST
        and value[1] in _NINO_SECOND
        and value[:2] not in _NINO_BAD_PREFIXES
        and value[2:8].isdigit()
        and value[8] in "ABCD"
    )


def us_itin(digits: str) -> bool:
    """US ITIN: 9XX-GG-XXXX with the group in 50-65, 70-88, 90-92 or 94-99."""
    if len(digits) != 9 or digits[0] != "9":
        return False
    group = int(digits[3:5])
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


def de_steuer_id(digits: str) -> bool:
    """Germany's Steuer-ID: 11 digits, no leading 0, one digit repeated in the first ten
    (twice, or three times but not three in a row), and the ISO 7064 MOD 11,10 check digit."""
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    head = digits[:10]
    repeated = [(d, n) for d, n in Counter(head).items() if n > 1]
    if len(repeated) != 1 or repeated[0][1] not in (2, 3):
        return False
    if repeated[0][1] == 3 and repeated[0][0] * 3 in head:
        return False
    product = 10
    for ch in head:
        total = (ord(ch) - 48 + product) % 10 or 10
        product = total * 2 % 11
    check = 11 - product
    return (0 if check == 10 else check) == ord(digits[10]) - 48
