"""Build the privacy corpus: pii.jsonl (labelled personal and secret data) and negatives.jsonl.

    python3 -m venv /tmp/corpus && /tmp/corpus/bin/pip install faker==40.63.0
    /tmp/corpus/bin/python tests/privacy/corpus/make_corpus.py        # rewrites both files
    /tmp/corpus/bin/python tests/privacy/corpus/make_corpus.py --check  # exit 1 if they differ

Values: names, streets and cities come from Faker (MIT); every checksummed number (cards,
IBANs, routing numbers, national ids, NHS and KVNR numbers) is made here and verified with
checksums.py; secrets are random strings of each vendor's published shape. Contexts: the
templates below (written for this corpus) and a curated part of presidio-evaluator 0.3.2's
templates (MIT, vendored in third_party/). One seed, so the output is the same on every run
with the same Faker version (checked at start).

Splits are by template family, not by row: within each kind, every third family (index % 3
== 2) is `heldout`, so heldout phrasings were never seen while a scanner was tuned on `dev`.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import random
import re
import string
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import checksums as ck

HERE = Path(__file__).resolve().parent
SEED = 20261202
FAKER_VERSION = "40.63.0"
ROWS_PER_FAMILY = 4
THIRD_PARTY = HERE / "third_party" / "presidio_evaluator"
SOURCE = f"make_corpus.py templates; values: Faker {FAKER_VERSION} (MIT) and own generators"
PRESIDIO_SOURCE = (
    f"presidio-evaluator 0.3.2 templates.txt (MIT); values: Faker {FAKER_VERSION} and own generators"
)

KINDS = (
    "email", "phone", "ssn", "payment_card", "iban", "passport", "api_key", "access_token",
    "private_key", "password", "date_of_birth", "medical_record", "postal_address", "person_name",
    "national_id", "drivers_license", "license_plate", "bank_account", "pin", "location", "salary",
    "health",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Values


class Values:
    """Every value generator; one random source and one Faker per locale, all seeded."""

    LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "da_DK", "pt_BR", "en_IN",
               "en_CA", "ja_JP")  # fmt: skip

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.fakers = {}
        for i, loc in enumerate(self.LOCALES):
            fake = Faker(loc)
            fake.seed_instance(seed + i)
            self.fakers[loc] = fake
        self.presidio_dl = [
            line.strip()
            for line in (THIRD_PARTY / "us_driver_licenses.csv").read_text().splitlines()[1:]
            if line.strip()
        ]

    # -- helpers
    def choice(self, seq):  # type: ignore[no-untyped-def]
        return seq[self.rng.randrange(len(seq))]

    def digits(self, n: int) -> str:
        return "".join(self.choice(string.digits) for _ in range(n))

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.choice(alphabet) for _ in range(n))

    # -- names
    def name(self, loc: str = "") -> str:
        loc = loc or self.choice(("en_US", "en_GB", "en_US", "en_CA"))
        f = self.fakers[loc]
        if loc == "ja_JP":
            return f"{f.last_name()} {f.first_name()}"
        return f"{f.first_name()} {f.last_name()}"

    def first(self, loc: str = "en_US") -> str:
        return str(self.fakers[loc].first_name())

    def last(self, loc: str = "en_US") -> str:
        return str(self.fakers[loc].last_name())

    # -- e-mail
    def email(self, name: str | None = None, work: bool = False) -> str:
        f = self.fakers["en_US"]
        if name and name.isascii():
            parts = [re.sub(r"[^a-z]", "", p.lower()) for p in name.split()]
            parts = [p for p in parts if p] or ["user"]
            first, last = parts[0], parts[-1]
            user = self.choice(
                (f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last}{self.digits(2)}",
                 f"{last}.{first}", f"{first}{self.digits(2)}")
            )  # fmt: skip
        else:
            user = str(f.user_name())
        if work:
            domain = self.choice(("acme-logistics.com", "brightwave.io", "hollandandco.co.uk", "nordlicht-gmbh.de",
                                  "meridianhealth.org", "quantfold.ai", "cabinet-moreau.fr", "tanaka-shoji.co.jp"))  # fmt: skip
        else:
            domain = self.choice(("gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "gmx.de", "web.de",
                                  "orange.fr", "icloud.com", "proton.me", "yahoo.co.jp", "libero.it", "live.dk"))  # fmt: skip
        return f"{user}@{domain}"

    # -- phones
    def phone(self, country: str = "") -> str:
        country = country or self.choice(("us", "uk", "us", "de", "fr"))
        d = self.digits
        if country in ("us", "ca"):
            area = self.choice("23456789") + d(1) + self.choice("0123456789")
            while area[1:] == "11":
                area = self.choice("23456789") + d(2)
            ex = self.choice("23456789") + d(2)
            while ex == "555":
                ex = self.choice("23456789") + d(2)
            line = d(4)
            fmt = self.choice(("({a}) {e}-{l}", "{a}-{e}-{l}", "+1 {a} {e} {l}", "{a}.{e}.{l}", "+1-{a}-{e}-{l}",
                               "+1 ({a}) {e}-{l}"))  # fmt: skip
            return fmt.format(a=area, e=ex, l=line)
        if country == "uk":
            mob = "7" + self.choice("1234589") + d(2)
            rest = d(6)
            return self.choice((f"0{mob} {rest}", f"+44 {mob} {rest}", f"+44 (0){mob} {rest[:3]} {rest[3:]}",
                                f"020 {self.choice('378')}{d(3)} {d(4)}", f"0161 {d(3)} {d(4)}"))  # fmt: skip
        if country == "de":
            return self.choice((f"+49 30 {d(8)}", f"0151 {d(8)}", f"030 {d(3)} {d(4)}", f"+49 (0)89 {d(7)}",
                                f"+49 176 {d(3)} {d(5)}", f"0221/{d(7)}"))  # fmt: skip
        if country == "fr":
            p = [d(2) for _ in range(4)]
            lead = self.choice("1234567")
            return self.choice((f"0{lead} {' '.join(p)}", f"+33 {lead} {' '.join(p)}", f"0{lead}.{'.'.join(p)}",
                                f"+33 (0){lead} {' '.join(p)}"))  # fmt: skip
        if country == "es":
            return self.choice(
                (f"+34 6{d(2)} {d(3)} {d(3)}", f"6{d(2)} {d(2)} {d(2)} {d(2)}", f"91 {d(3)} {d(2)} {d(2)}")
            )
        if country == "it":
            return self.choice((f"+39 3{d(2)} {d(3)} {d(4)}", f"06 {d(4)} {d(4)}", f"3{d(2)} {d(7)}"))
        if country == "jp":
            return self.choice(
                (f"090-{d(4)}-{d(4)}", f"03-{d(4)}-{d(4)}", f"+81 80 {d(4)} {d(4)}", f"080-{d(4)}-{d(4)}")
            )
        if country == "in":
            return self.choice((f"+91 9{d(4)} {d(5)}", f"9{d(4)} {d(5)}", f"+91-8{d(9)}"))
        if country == "br":
            return self.choice((f"(11) 9{d(4)}-{d(4)}", f"+55 21 9{d(4)}-{d(4)}"))
        if country == "dk":
            return self.choice(
                (f"+45 {d(2)} {d(2)} {d(2)} {d(2)}", f"{self.choice('2345')}{d(1)} {d(2)} {d(2)} {d(2)}")
            )
        raise ValueError(country)

    # -- addresses
    def addr(self, country: str = "us", multiline: bool = False) -> str:
        if country == "us":
            f = self.fakers["en_US"]
            street = str(f.street_address())
            tail = f"{f.city()}, {f.state_abbr(include_territories=False)} {f.zipcode()}"
            return f"{street}\n{tail}" if multiline else f"{street}, {tail}"
        if country == "uk":
            f = self.fakers["en_GB"]
            street = str(f.street_address()).replace("\n", ", ")
            city, post = f.city(), f.postcode()
            return f"{street}\n{city}\n{post}" if multiline else f"{street}, {city} {post}"
        if country == "de":
            f = self.fakers["de_DE"]
            street = f"{f.street_name()} {self.rng.randint(1, 140)}{self.choice(('', '', '', 'a', 'b'))}"
            tail = f"{f.postcode()} {f.city()}"
            return f"{street}\n{tail}" if multiline else f"{street}, {tail}"
        if country == "fr":
            f = self.fakers["fr_FR"]
            street = f"{self.rng.randint(1, 120)}{self.choice(('', '', ' bis'))} {f.street_name()}"
            tail = f"{f.postcode()} {f.city()}"
            return f"{street}\n{tail}" if multiline else f"{street}, {tail}"
        if country == "es":
            f = self.fakers["es_ES"]
            street = f"{f.street_name()}, {self.rng.randint(1, 99)}, {self.rng.randint(1, 8)}º {self.choice('ABCD')}"
            return f"{street}, {f.postcode()} {f.city()}"
        if country == "it":
            f = self.fakers["it_IT"]
            # it_IT's city() draws from a set (differs per process); postcode_city_province() does not.
            return f"{f.street_name()} {self.rng.randint(1, 150)}, {f.postcode_city_province().replace(', ', ' ', 1)}"
        if country == "jp":
            f = self.fakers["ja_JP"]
            line = f"{f.prefecture()}{f.city()}{f.town()}{f.chome()}{f.ban()}{f.gou()}"
            return f"〒{f.zipcode()}\n{line}" if multiline else f"〒{f.zipcode()} {line}"
        raise ValueError(country)

    def building(self) -> str:
        return self.choice(("Apt 4B", "Flat 2", "Unit 7", "Suite 300", "3rd floor"))

    # -- payment cards
    def card(self, brand: str = "", sep: str = " ") -> str:
        brand = brand or self.choice(("visa", "visa", "mc", "mc2", "amex", "discover"))
        prefix, length = {
            "visa": ("4", 16), "mc": (self.choice(("51", "52", "53", "54", "55")), 16),
            "mc2": (str(self.rng.randint(2221, 2720)), 16), "amex": (self.choice(("34", "37")), 15),
            "discover": ("6011", 16),
        }[brand]  # fmt: skip
        body = prefix + self.digits(length - len(prefix) - 1)
        for check in string.digits:
            if ck.luhn_ok(body + check):
                number = body + check
                break
        assert ck.luhn_ok(number)
        if number in ("4111111111111111", "4242424242424242"):
            return self.card(brand, sep)
        if length == 15:
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i : i + 4] for i in range(0, 16, 4)]
        return sep.join(groups)

    # -- IBAN and bank accounts
    def iban(self, country: str = "", compact: bool = False) -> str:
        country = country or self.choice(("DE", "GB", "FR", "ES", "NL", "IT", "DK", "BE", "CH", "AT", "IE"))
        d = self.digits
        up = string.ascii_uppercase
        if country == "DE":
            bban = d(8) + d(10)
        elif country == "GB" or country == "IE":
            bban = self.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "AIBK", "BOFI")) + d(6) + d(8)
        elif country == "FR":
            bank, branch, acct = d(5), d(5), d(11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif country == "ES":
            bank, branch, acct = d(4), d(4), d(10)
            w = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

            def dc(s: str) -> str:
                r = 11 - sum(int(c) * x for c, x in zip(s.rjust(10, "0"), w, strict=True)) % 11
                return str({10: 1, 11: 0}.get(r, r))

            bban = bank + branch + dc("00" + bank + branch) + dc(acct) + acct
        elif country == "NL":
            bban = self.choice(("ABNA", "INGB", "RABO", "TRIO")) + d(10)
        elif country == "IT":
            bban = self.choice(up) + d(5) + d(5) + d(12)
        elif country == "DK":
            bban = d(14)
        elif country == "BE":
            base = d(10)
            check = int(base) % 97 or 97
            bban = f"{base}{check:02d}"
        elif country == "CH":
            bban = d(17)
        elif country == "AT":
            bban = d(16)
        else:
            raise ValueError(country)
        moved = bban + country + "00"
        check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
        iban = f"{country}{check:02d}{bban}"
        assert ck.iban_ok(iban), iban
        return iban if compact else " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))

    def aba(self) -> str:
        prefix = f"{self.choice([*range(1, 13), *range(21, 33), *range(61, 73), 80]):02d}"
        body = prefix + self.digits(6)
        d = [int(c) for c in body]
        check = -(3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])) % 10
        number = body + str(check)
        assert ck.aba_ok(number)
        return number

    def sort_code(self) -> str:
        return f"{self.rng.randint(1, 99):02d}-{self.digits(2)}-{self.digits(2)}"

    # -- government ids
    def ssn(self, sep: str = "-") -> str:
        while True:
            area = self.rng.randint(1, 899)
            if area == 666:
                continue
            number = f"{area:03d}{self.rng.randint(1, 99):02d}{self.rng.randint(1, 9999):04d}"
            if ck.us_ssn_ok(number) and number not in ("078051120", "123456789", "219099999"):
                return sep.join((number[:3], number[3:5], number[5:]))

    def itin(self) -> str:
        group = self.choice([*range(70, 89), 90, 91, 92, *range(94, 100)])
        number = f"9{self.digits(2)}{group}{self.digits(4)}"
        assert ck.us_itin_ok(number)
        return f"{number[:3]}-{number[3:5]}-{number[5:]}"

    def nino(self, spaced: bool = True) -> str:
        while True:
            prefix = self.choice(sorted(ck._NINO_FIRST)) + self.choice(sorted(ck._NINO_SECOND))
            if prefix not in ck._NINO_BAD_PREFIX:
                break
        nums = self.digits(6)
        value = f"{prefix}{nums}{self.choice('ABCD')}"
        assert ck.uk_nino_ok(value)
        return f"{prefix} {nums[:2]} {nums[2:4]} {nums[4:]} {value[-1]}" if spaced else value

    def steuer_id(self, spaced: bool = False) -> str:
        while True:
            pool = list(string.digits)
            self.rng.shuffle(pool)
            first10 = [*pool[:9], self.choice(pool[:9])]
            self.rng.shuffle(first10)
            if first10[0] == "0":
                continue
            body = "".join(first10)
            for check in string.digits:
                if ck.de_steuer_id_ok(body + check):
                    number = body + check
                    return f"{number[:2]} {number[2:5]} {number[5:8]} {number[8:]}" if spaced else number

    def nir(self, spaced: bool = True) -> str:
        sex = self.choice("12")
        yy, mm = self.digits(2), f"{self.rng.randint(1, 12):02d}"
        dept = f"{self.choice([n for n in range(1, 96) if n != 20]):02d}"
        commune, order = f"{self.rng.randint(1, 990):03d}", f"{self.rng.randint(1, 999):03d}"
        body = sex + yy + mm + dept + commune + order
        key = 97 - int(body) % 97
        value = f"{body}{key:02d}"
        assert ck.fr_nir_ok(value)
        return f"{sex} {yy} {mm} {dept} {commune} {order} {key:02d}" if spaced else value

    def cpr(self) -> str:
        while True:
            born = dt.date(1940, 1, 1) + dt.timedelta(days=self.rng.randint(0, 24000))
            head = born.strftime("%d%m%y")
            for _ in range(40):
                value = head + self.digits(4)
                if ck.cpr_ok(value):
                    return f"{value[:6]}-{value[6:]}"

    def aadhaar(self) -> str:
        body = self.choice("23456789") + self.digits(10)
        number = body + str(ck.verhoeff_check_digit(body))
        assert ck.aadhaar_ok(number)
        return f"{number[:4]} {number[4:8]} {number[8:]}"

    def cpf(self) -> str:
        while True:
            body = self.digits(9)
            if len(set(body)) == 1:
                continue
            for n in (9, 10):
                total = sum(int(body[i]) * (n + 1 - i) for i in range(n))
                body += str(total * 10 % 11 % 10)
            assert ck.cpf_ok(body)
            return f"{body[:3]}.{body[3:6]}.{body[6:9]}-{body[9:]}"

    def dni(self) -> str:
        number = self.digits(8)
        value = number + ck._DNI_LETTERS[int(number) % 23]
        assert ck.es_dni_ok(value)
        return value

    def nie(self) -> str:
        lead = self.choice("XYZ")
        number = self.digits(7)
        value = lead + number + ck._DNI_LETTERS[int(str("XYZ".index(lead)) + number) % 23]
        assert ck.es_nie_ok(value)
        return value

    def codice_fiscale(self) -> str:
        f = self.fakers["it_IT"]
        vowels = "AEIOU"

        def part(word: str, is_first: bool) -> str:
            letters = [c for c in word.upper() if c.isalpha() and c.isascii()]
            cons = [c for c in letters if c not in vowels]
            vows = [c for c in letters if c in vowels]
            if is_first and len(cons) >= 4:
                cons = [cons[0], cons[2], cons[3]]
            return "".join((cons + vows + ["X", "X", "X"])[:3])

        female = self.rng.random() < 0.5
        first = f.first_name_female() if female else f.first_name_male()
        born = dt.date(1945, 1, 1) + dt.timedelta(days=self.rng.randint(0, 22000))
        day = born.day + (40 if female else 0)
        town = self.choice(("H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "C351", "A662"))
        first15 = f"{part(f.last_name(), False)}{part(first, True)}{born:%y}{'ABCDEHLMPRST'[born.month - 1]}{day:02d}{town}"
        value = first15 + ck.it_codice_fiscale_check(first15)
        assert ck.it_codice_fiscale_ok(value), value
        return value

    def sin(self) -> str:
        body = self.choice("1234567") + self.digits(7)
        for check in string.digits:
            if ck.sin_ok(body + check):
                number = body + check
                return f"{number[:3]} {number[3:6]} {number[6:]}"
        raise AssertionError

    def national_id(self, which: str) -> str:
        return {
            "nino": self.nino, "steuer": self.steuer_id, "nir": self.nir, "cpr": self.cpr, "aadhaar": self.aadhaar,
            "cpf": self.cpf, "dni": self.dni, "nie": self.nie, "cf": self.codice_fiscale, "sin": self.sin,
            "itin": self.itin,
        }[which]()  # fmt: skip

    # -- passports, licences, plates
    def passport(self, country: str = "") -> str:
        country = country or self.choice(("us", "uk", "de", "fr", "in", "jp", "es", "it", "ca"))
        up = "ABCDEFGHJKLMNPRSTUVWXYZ"
        d = self.digits
        return {
            "us": self.choice((d(9), self.choice("ACEFHJ") + d(8))), "uk": self.choice(("5", "1", "2")) + d(8),
            "de": "C" + self.chars("CFGHJKLMNPRTVWXYZ0123456789", 8), "fr": d(2) + self.chars(up, 2) + d(5),
            "in": self.choice(up) + d(7), "jp": self.choice(("TK", "TR", "MZ", "TZ")) + d(7),
            "es": self.chars(up, 3) + d(6), "it": self.chars(up, 2) + d(7), "ca": self.chars(up, 2) + d(6),
        }[country]  # fmt: skip

    def drivers_license(self, kind: str = "") -> str:
        kind = kind or self.choice(("ca", "ny", "fl", "tx", "il", "wa", "uk", "de", "fr", "presidio"))
        d = self.digits
        up = string.ascii_uppercase
        if kind == "ca":
            return self.choice(up) + d(7)
        if kind == "ny":
            return f"{d(3)} {d(3)} {d(3)}"
        if kind == "fl":
            v = self.choice(up) + d(12)
            return f"{v[:4]}-{v[4:7]}-{v[7:9]}-{v[9:12]}-{v[12]}"
        if kind == "tx":
            return d(8)
        if kind == "il":
            v = self.choice(up) + d(11)
            return f"{v[:4]}-{v[4:8]}-{v[8:]}"
        if kind == "wa":
            return "WDL" + self.chars(up + string.digits, 9)
        if kind == "uk":
            surname = re.sub(r"[^A-Z]", "", self.last("en_GB").upper())[:5].ljust(5, "9")
            born = dt.date(1950, 1, 1) + dt.timedelta(days=self.rng.randint(0, 19000))
            month = born.month + (50 if self.rng.random() < 0.5 else 0)
            initials = self.choice(up) + self.choice(up + "9")
            return f"{surname}{str(born.year)[2]}{month:02d}{born.day:02d}{str(born.year)[3]}{initials}9{self.chars(up, 2)}"
        if kind == "de":
            return self.choice(up) + d(3) + self.chars(up + string.digits, 5) + d(2)
        if kind == "fr":
            return d(12)
        if kind == "presidio":
            return str(self.choice(self.presidio_dl))
        raise ValueError(kind)

    def plate(self, country: str = "") -> str:
        country = country or self.choice(("uk", "de", "fr", "us", "jp", "es", "it"))
        up = "ABCDEFGHJKLMNPRSTUVWXYZ"
        d = self.digits
        if country == "uk":
            return f"{self.chars(up, 2)}{self.choice(('19', '69', '20', '70', '21', '71', '22', '72', '23', '73', '15', '65'))} {self.chars(up, 3)}"
        if country == "de":
            city = self.choice(("B", "M", "HH", "K", "F", "S", "D", "HB", "L", "DO"))
            return f"{city}-{self.chars(up, self.choice((1, 2)))} {self.rng.randint(1, 9999)}"
        if country == "fr":
            return f"{self.chars(up, 2)}-{d(3)}-{self.chars(up, 2)}"
        if country == "us":
            return self.choice((f"{self.choice('5678')}{self.chars(up, 3)}{d(3)}", f"{self.chars(up, 3)}-{d(4)}",
                                f"{self.chars(up, 3)} {d(4)}"))  # fmt: skip
        if country == "jp":
            return f"{self.choice(('品川', '練馬', '横浜', '名古屋', 'なにわ', '札幌'))} {self.rng.randint(300, 599)} {self.choice('さすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわ')} {d(2)}-{d(2)}"
        if country == "es":
            return f"{d(4)} {self.chars('BCDFGHJKLMNPRSTVWXYZ', 3)}"
        if country == "it":
            return f"{self.chars(up, 2)} {d(3)}{self.chars(up, 2)}"
        raise ValueError(country)

    # -- medical
    def nhs(self) -> str:
        while True:
            body = self.digits(9)
            check = 11 - sum(int(c) * (10 - i) for i, c in enumerate(body)) % 11
            check = 0 if check == 11 else check
            if check != 10:
                number = body + str(check)
                assert ck.nhs_ok(number)
                return f"{number[:3]} {number[3:6]} {number[6:]}"

    def kvnr(self) -> str:
        letter = self.choice(string.ascii_uppercase)
        body8 = self.digits(8)
        for check in string.digits:
            if ck.de_kvnr_ok(letter + body8 + check):
                return letter + body8 + check
        raise AssertionError

    def mbi(self) -> str:
        letters = "ACDEFGHJKMNPQRTUVWXY"
        an = letters + string.digits
        v = (self.choice("123456789") + self.choice(letters) + self.choice(an) + self.digits(1) + self.choice(letters)
             + self.choice(an) + self.digits(1) + self.choice(letters) + self.choice(letters) + self.digits(2))  # fmt: skip
        return f"{v[:4]}-{v[4:7]}-{v[7:]}"

    def mrn(self) -> str:
        d = self.digits
        return self.choice((d(8), d(7), f"{d(3)}-{d(3)}-{d(3)}", f"MRN{d(7)}", f"{d(2)}-{d(6)}", f"E{d(8)}"))

    # -- dates
    def birth_date(self) -> dt.date:
        return dt.date(1940, 1, 1) + dt.timedelta(days=self.rng.randint(0, 24000))

    def dob(self, style: str = "") -> str:
        b = self.birth_date()
        style = style or self.choice(("us", "uk", "iso", "long", "short"))
        months_en = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December")  # fmt: skip
        months_fr = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                     "novembre", "décembre")  # fmt: skip
        months_es = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                     "octubre", "noviembre", "diciembre")  # fmt: skip
        months_de = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                     "November", "Dezember")  # fmt: skip
        return {
            "us": f"{b.month:02d}/{b.day:02d}/{b.year}",
            "uk": f"{b.day:02d}/{b.month:02d}/{b.year}",
            "iso": b.isoformat(),
            "long": f"{months_en[b.month - 1]} {b.day}, {b.year}",
            "short": f"{b.day} {months_en[b.month - 1][:3]} {b.year}",
            "de": f"{b.day:02d}.{b.month:02d}.{b.year}",
            "de_long": f"{b.day}. {months_de[b.month - 1]} {b.year}",
            "fr": f"{b.day} {months_fr[b.month - 1]} {b.year}",
            "es": f"{b.day} de {months_es[b.month - 1]} de {b.year}",
            "ja": f"{b.year}年{b.month}月{b.day}日",
            "it": f"{b.day:02d}/{b.month:02d}/{b.year}",
        }[style]

    # -- secrets
    ALNUM = string.ascii_letters + string.digits
    URLSAFE = string.ascii_letters + string.digits + "-_"
    B64 = string.ascii_letters + string.digits + "+/"

    def token(self, which: str) -> str:
        c = self.chars
        a, u = self.ALNUM, self.URLSAFE
        hexd = "0123456789abcdef"
        if which == "hf":
            return "hf_" + c(string.ascii_letters, 34)
        if which == "nvapi":
            return "nvapi-" + c(u, 64)
        if which == "google":
            return "AIza" + c(u, 35)
        if which == "stripe":
            return self.choice(("sk_live_", "rk_live_")) + "51" + c(a, 97)
        if which == "stripe_short":
            return self.choice(("sk_live_", "rk_live_")) + c(a, 24)
        if which == "glpat":
            return "glpat-" + c(u, 20)
        if which == "npm":
            return "npm_" + c(a, 36)
        if which == "twilio_key":
            return "SK" + c(hexd, 32)
        if which == "twilio_token":
            return c(hexd, 32)
        if which == "sendgrid":
            return "SG." + c(u, 22) + "." + c(u, 43)
        if which == "github":
            return self.choice(("ghp_", "gho_", "ghu_", "ghs_")) + c(a, 36)
        if which == "github_fine":
            return "github_pat_11" + c(string.ascii_uppercase + string.digits, 20) + "_" + c(a, 59)
        if which == "slack_bot":
            return f"xoxb-{self.digits(12)}-{self.digits(13)}-{c(a, 24)}"
        if which == "slack_user":
            return f"xoxp-{self.digits(12)}-{self.digits(12)}-{self.digits(13)}-{c(hexd, 32)}"
        if which == "slack_webhook":
            up = string.ascii_uppercase + string.digits
            return f"https://hooks.slack.com/services/T{c(up, 8)}/B{c(up, 10)}/{c(a, 24)}"
        if which == "aws_id":
            return self.choice(("AKIA", "AKIA", "ASIA")) + c(string.ascii_uppercase + "234567", 16)
        if which == "aws_secret":
            return c(self.B64, 40)
        if which == "openai":
            return self.choice(
                ("sk-proj-" + c(u, 156), "sk-" + c(a, 20) + "T3BlbkFJ" + c(a, 20), "sk-svcacct-" + c(u, 120))
            )
        if which == "anthropic":
            return "sk-ant-api03-" + c(u, 93) + "AA"
        if which == "hex32":
            return c(hexd, 32)
        if which == "hex40":
            return c(hexd, 40)
        if which == "b64_32":
            return base64.b64encode(bytes(self.rng.randrange(256) for _ in range(32))).decode()
        if which == "azure_sig":
            raw = base64.b64encode(bytes(self.rng.randrange(256) for _ in range(32))).decode()
            return raw.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        if which == "azure_key":
            return base64.b64encode(bytes(self.rng.randrange(256) for _ in range(64))).decode()
        if which == "databricks":
            return "dapi" + c(hexd, 32)
        if which == "mailgun":
            return "key-" + c(hexd, 32)
        if which == "jwt":
            header = {"alg": self.choice(("HS256", "RS256")), "typ": "JWT"}
            now = 1790000000 + self.rng.randrange(10**7)
            payload = {
                "sub": str(self.rng.randrange(10**6, 10**7)),
                "name": self.name(),
                "iat": now,
                "exp": now + 3600,
            }

            def b64u(data: bytes) -> str:
                return base64.urlsafe_b64encode(data).decode().rstrip("=")

            sig = bytes(self.rng.randrange(256) for _ in range(32))
            return ".".join((b64u(json.dumps(header, separators=(",", ":")).encode()),
                             b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(sig)))  # fmt: skip
        if which == "google_oauth":
            return "ya29." + c(u, 150)
        if which == "opaque":
            return c(a, 40)
        raise ValueError(which)

    def private_key(self, which: str = "") -> str:
        which = which or self.choice(("rsa", "openssh", "pkcs8", "ec", "pgp"))
        lines = self.rng.randint(6, 25)
        body = (
            "\n".join(self.chars(self.B64, 64) for _ in range(lines)) + "\n" + self.chars(self.B64, 20) + "=="
        )
        if which == "rsa":
            return f"-----BEGIN RSA PRIVATE KEY-----\nMIIE{self.chars(self.B64, 60)}\n{body}\n-----END RSA PRIVATE KEY-----"
        if which == "openssh":
            return f"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{self.chars(self.B64, 40)}\n{body}\n-----END OPENSSH PRIVATE KEY-----"
        if which == "pkcs8":
            return f"-----BEGIN PRIVATE KEY-----\nMIIE{self.chars(self.B64, 60)}\n{body}\n-----END PRIVATE KEY-----"
        if which == "ec":
            short = "\n".join(self.chars(self.B64, 64) for _ in range(2)) + "\n" + self.chars(self.B64, 24)
            return f"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE{self.chars(self.B64, 56)}\n{short}\n-----END EC PRIVATE KEY-----"
        if which == "pgp":
            return f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBG{self.chars(self.B64, 58)}\n{body}\n={self.chars(self.B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----"
        if which == "wireguard":
            return base64.b64encode(bytes(self.rng.randrange(256) for _ in range(32))).decode()
        if which == "age":
            return "AGE-SECRET-KEY-1" + self.chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".upper(), 58)
        raise ValueError(which)

    def password(self, style: str = "") -> str:
        style = style or self.choice(("human", "human", "strong", "phrase"))
        words = ("sunflower", "Tigger", "bluebird", "Marmalade", "kestrel", "Pumpkin", "harbour", "Nebula", "falcon",
                 "Rosemary", "copper", "Lighthouse", "mango", "Winter", "biscuit", "Orchid", "Tornado", "pebble")  # fmt: skip
        if style == "human":
            w = self.choice(words)
            return self.choice((f"{w}{self.rng.randint(1, 99)}{self.choice('!?#$*')}",
                                f"{w.capitalize()}{self.rng.randint(1970, 2024)}",
                                f"{self.choice('!#@')}{w}{self.digits(3)}",
                                f"{w[:1].upper()}{w[1:].replace('o', '0').replace('a', '@')}{self.digits(2)}"))  # fmt: skip
        if style == "strong":
            return self.chars(self.ALNUM + "!#%&*+-=?@^_", self.rng.randint(14, 24))
        if style == "url":  # safe inside a URL's userinfo and a shell word
            return self.chars(self.ALNUM + "-_.~", self.rng.randint(14, 24))
        if style == "phrase":
            return "-".join(self.choice(words).lower() for _ in range(4))
        if style == "wifi":
            return self.choice((self.chars(self.ALNUM, 12), f"{self.choice(words)}{self.digits(4)}{self.choice(words)}",
                                self.chars(string.ascii_lowercase + string.digits, 10)))  # fmt: skip
        raise ValueError(style)

    # -- prose values
    def pin(self, n: int = 4) -> str:
        while True:
            v = self.digits(n)
            if v not in ("1234", "0000", "123456"):
                return v

    CITIES = ((52.5200, 13.4050), (48.8566, 2.3522), (51.5072, -0.1276), (40.7128, -74.0060),
              (37.7749, -122.4194), (35.6762, 139.6503), (41.3874, 2.1686), (45.4642, 9.1900),
              (55.6761, 12.5683), (-23.5505, -46.6333), (19.0760, 72.8777), (43.6532, -79.3832),
              (47.6062, -122.3321), (53.4808, -2.2426), (50.1109, 8.6821))  # fmt: skip

    def coords(self, style: str = "") -> str:
        lat0, lon0 = self.choice(self.CITIES)
        lat = lat0 + self.rng.uniform(-0.08, 0.08)
        lon = lon0 + self.rng.uniform(-0.08, 0.08)
        style = style or self.choice(("dec", "dec", "nospace", "dms", "hemi"))
        places = self.choice((4, 5, 6))
        if style == "dec":
            return f"{lat:.{places}f}, {lon:.{places}f}"
        if style == "nospace":
            return f"{lat:.{places}f},{lon:.{places}f}"
        if style == "hemi":
            return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"
        if style == "dms":

            def dms(v: float, pos: str, neg: str) -> str:
                a = abs(v)
                deg = int(a)
                minutes = int((a - deg) * 60)
                sec = (a - deg - minutes / 60) * 3600
                return f"{deg}°{minutes:02d}'{sec:04.1f}\"{pos if v >= 0 else neg}"

            return f"{dms(lat, 'N', 'S')} {dms(lon, 'E', 'W')}"
        if style == "lat":
            return f"{lat:.5f}"
        if style == "lon":
            return f"{lon:.5f}"
        raise ValueError(style)

    def salary(self, currency: str = "") -> str:
        currency = currency or self.choice(("usd", "gbp", "eur", "usd"))
        if currency == "usd":
            v = self.rng.randrange(38, 260) * 1000 + self.choice((0, 500))
            return self.choice((f"${v:,}", f"${v // 1000}k", f"USD {v:,}"))
        if currency == "gbp":
            v = self.rng.randrange(24, 140) * 1000 + self.choice((0, 250, 500))
            return self.choice((f"£{v:,}", f"£{v // 1000}k", f"£{v:,}.00"))
        if currency == "eur":
            v = self.rng.randrange(28, 150) * 1000 + self.choice((0, 500))
            return self.choice((f"€{v:,}".replace(",", "."), f"{v:,} €".replace(",", "."), f"EUR {v:,}"))
        if currency == "eur_month":
            v = self.rng.randrange(2200, 9800, 50)
            return self.choice((f"{v:,} €".replace(",", "."), f"€{v:,}".replace(",", ".")))
        if currency == "usd_hour":
            return f"${self.rng.randrange(16, 95)}.{self.choice(('00', '50', '25', '75'))}"
        if currency == "jpy":
            return f"{self.rng.randrange(300, 1500) * 10000:,}円"
        if currency == "dkk":
            return f"{self.rng.randrange(28, 90) * 1000:,} kr.".replace(",", ".")
        raise ValueError(currency)

    CONDITIONS = ("type 2 diabetes", "type 1 diabetes", "major depressive disorder", "bipolar II disorder",
                  "stage 3 colon cancer", "generalised anxiety disorder", "epilepsy", "multiple sclerosis",
                  "Crohn's disease", "ADHD", "HIV", "hypertension", "early-onset Alzheimer's disease", "PTSD",
                  "anorexia nervosa", "hepatitis C", "long COVID", "schizophrenia", "chronic kidney disease (stage 3)",
                  "coeliac disease", "rheumatoid arthritis", "an alcohol use disorder", "stage 2 breast cancer",
                  "obsessive-compulsive disorder", "a herniated disc (L4-L5)", "Parkinson's disease")  # fmt: skip
    MEDICATIONS = ("sertraline 50 mg", "metformin 500 mg twice daily", "lithium 300 mg", "Truvada for PrEP",
                   "insulin glargine 20 units", "methylphenidate 18 mg", "levothyroxine 75 mcg", "adalimumab",
                   "quetiapine 100 mg", "buprenorphine", "fluoxetine 20 mg", "tamoxifen", "naltrexone 50 mg",
                   "lamotrigine 200 mg")  # fmt: skip
    RESULTS = ("an HbA1c of 8.4%", "a CD4 count of 350", "an eGFR of 42", "a PSA of 6.8 ng/mL",
               "a positive pregnancy test", "a viral load below 50 copies/mL", "a BMI of 41",
               "an ejection fraction of 35%")  # fmt: skip
    CONDITIONS_DE = ("Diabetes Typ 2", "eine schwere Depression", "Multiple Sklerose", "Brustkrebs im Stadium 2",
                     "eine bipolare Störung", "Epilepsie", "Morbus Crohn")  # fmt: skip
    CONDITIONS_FR = ("un diabète de type 1", "une dépression sévère", "une sclérose en plaques", "un cancer du sein",
                     "un trouble bipolaire", "la maladie de Crohn")  # fmt: skip
    CONDITIONS_ES = (
        "diabetes tipo 2",
        "depresión mayor",
        "esclerosis múltiple",
        "cáncer de mama",
        "trastorno bipolar",
    )

    def health(self, which: str = "condition") -> str:
        return str(self.choice({
            "condition": self.CONDITIONS, "medication": self.MEDICATIONS, "result": self.RESULTS,
            "de": self.CONDITIONS_DE, "fr": self.CONDITIONS_FR, "es": self.CONDITIONS_ES,
        }[which]))  # fmt: skip


# --------------------------------------------------------------------------------------------
# Slots: {{slot}} in a template -> (kind or None for unlabelled filler, value maker)

Maker = Callable[[Values, dict[str, str]], str]


def _name_of(memo: dict[str, str]) -> str | None:
    for key in ("name", "name_de", "name_fr", "name_es", "name_it", "name_da", "name_br", "name_in"):
        if key in memo:
            return memo[key]
    return None


SLOTS: dict[str, tuple[str | None, Maker]] = {
    # people
    "name": ("person_name", lambda v, m: v.name()),
    "name_us": ("person_name", lambda v, m: v.name("en_US")),
    "name_uk": ("person_name", lambda v, m: v.name("en_GB")),
    "name_de": ("person_name", lambda v, m: v.name("de_DE")),
    "name_fr": ("person_name", lambda v, m: v.name("fr_FR")),
    "name_es": ("person_name", lambda v, m: v.name("es_ES")),
    "name_it": ("person_name", lambda v, m: v.name("it_IT")),
    "name_da": ("person_name", lambda v, m: v.name("da_DK")),
    "name_br": ("person_name", lambda v, m: v.name("pt_BR")),
    "name_in": ("person_name", lambda v, m: v.name("en_IN")),
    "name_ja": ("person_name", lambda v, m: v.name("ja_JP")),
    "first": ("person_name", lambda v, m: v.first()),
    "first_de": ("person_name", lambda v, m: v.first("de_DE")),
    "first_f": ("person_name", lambda v, m: str(v.fakers["en_US"].first_name_female())),
    "first_m": ("person_name", lambda v, m: str(v.fakers["en_US"].first_name_male())),
    "last": ("person_name", lambda v, m: v.last()),
    # contact
    "email": ("email", lambda v, m: v.email(_name_of(m))),
    "email_work": ("email", lambda v, m: v.email(_name_of(m), work=True)),
    "phone": ("phone", lambda v, m: v.phone()),
    **{f"phone_{c}": ("phone", lambda v, m, c=c: v.phone(c))
       for c in ("us", "uk", "de", "fr", "es", "it", "jp", "in", "br", "dk", "ca")},
    **{f"addr_{c}": ("postal_address", lambda v, m, c=c: v.addr(c))
       for c in ("us", "uk", "de", "fr", "es", "it", "jp")},
    **{f"addr_{c}_ml": ("postal_address", lambda v, m, c=c: v.addr(c, multiline=True))
       for c in ("us", "uk", "de", "fr", "jp")},
    # money
    "card": ("payment_card", lambda v, m: v.card()),
    "card_plain": ("payment_card", lambda v, m: v.card(sep="")),
    "card_dash": ("payment_card", lambda v, m: v.card(sep="-")),
    "card_visa": ("payment_card", lambda v, m: v.card("visa")),
    "card_amex": ("payment_card", lambda v, m: v.card("amex")),
    "card_dotted": ("payment_card", lambda v, m: v.card(v.choice(("visa", "mc")), sep=".")),
    "iban": ("iban", lambda v, m: v.iban()),
    "iban_compact": ("iban", lambda v, m: v.iban(compact=True)),
    **{f"iban_{c.lower()}": ("iban", lambda v, m, c=c: v.iban(c)) for c in ("DE", "GB", "FR", "ES", "IT", "NL")},
    "sort_code": ("bank_account", lambda v, m: v.sort_code()),
    "uk_account": ("bank_account", lambda v, m: v.digits(8)),
    "aba": ("bank_account", lambda v, m: v.aba()),
    "us_account": ("bank_account", lambda v, m: v.digits(v.choice((8, 9, 10, 12)))),
    "salary": ("salary", lambda v, m: v.salary()),
    **{f"salary_{c}": ("salary", lambda v, m, c=c: v.salary(c))
       for c in ("usd", "gbp", "eur", "eur_month", "usd_hour", "jpy", "dkk")},
    # government
    "ssn": ("ssn", lambda v, m: v.ssn()),
    "ssn_plain": ("ssn", lambda v, m: v.ssn(sep="")),
    "ssn_space": ("ssn", lambda v, m: v.ssn(sep=" ")),
    **{f"nid_{w}": ("national_id", lambda v, m, w=w: v.national_id(w))
       for w in ("nino", "steuer", "nir", "cpr", "aadhaar", "cpf", "dni", "nie", "cf", "sin", "itin")},
    "nid_any": ("national_id", lambda v, m: v.national_id(v.choice(("nino", "steuer", "nir", "cpr", "aadhaar", "cpf",
                                                                      "dni", "nie", "cf", "sin", "itin")))),
    "passport": ("passport", lambda v, m: v.passport()),
    **{f"passport_{c}": ("passport", lambda v, m, c=c: v.passport(c))
       for c in ("us", "uk", "de", "fr", "in", "jp", "es", "it", "ca")},
    "dl": ("drivers_license", lambda v, m: v.drivers_license()),
    **{f"dl_{c}": ("drivers_license", lambda v, m, c=c: v.drivers_license(c))
       for c in ("ca", "ny", "fl", "tx", "il", "wa", "uk", "de", "fr", "presidio")},
    "plate": ("license_plate", lambda v, m: v.plate()),
    **{f"plate_{c}": ("license_plate", lambda v, m, c=c: v.plate(c))
       for c in ("uk", "de", "fr", "us", "jp", "es", "it")},
    # dates
    "dob": ("date_of_birth", lambda v, m: v.dob()),
    **{f"dob_{s}": ("date_of_birth", lambda v, m, s=s: v.dob(s))
       for s in ("us", "uk", "iso", "long", "short", "de", "de_long", "fr", "es", "ja", "it")},
    # health
    "mrn": ("medical_record", lambda v, m: v.mrn()),
    "nhs": ("medical_record", lambda v, m: v.nhs()),
    "kvnr": ("medical_record", lambda v, m: v.kvnr()),
    "mbi": ("medical_record", lambda v, m: v.mbi()),
    "condition": ("health", lambda v, m: v.health("condition")),
    "medication": ("health", lambda v, m: v.health("medication")),
    "result": ("health", lambda v, m: v.health("result")),
    "condition_de": ("health", lambda v, m: v.health("de")),
    "condition_fr": ("health", lambda v, m: v.health("fr")),
    "condition_es": ("health", lambda v, m: v.health("es")),
    # prose
    "pin": ("pin", lambda v, m: v.pin(4)),
    "pin6": ("pin", lambda v, m: v.pin(6)),
    "pin8": ("pin", lambda v, m: v.pin(8)),
    "coords": ("location", lambda v, m: v.coords()),
    **{f"coords_{s}": ("location", lambda v, m, s=s: v.coords(s))
       for s in ("dec", "nospace", "dms", "hemi", "lat", "lon")},
    # secrets
    **{f"tok_{w}": ("api_key", lambda v, m, w=w: v.token(w))
       for w in ("hf", "nvapi", "google", "stripe", "stripe_short", "npm", "twilio_key", "twilio_token", "sendgrid",
                 "aws_id", "aws_secret", "openai", "anthropic", "hex32", "hex40", "b64_32", "azure_key", "databricks",
                 "mailgun", "opaque")},
    **{f"at_{w}": ("access_token", lambda v, m, w=w: v.token(w))
       for w in ("glpat", "github", "github_fine", "slack_bot", "slack_user", "slack_webhook", "jwt", "google_oauth",
                 "azure_sig", "opaque", "hex40")},
    "aws_session": ("access_token", lambda v, m: "IQoJb3JpZ2luX2Vj" + v.chars(v.B64, 300)),
    **{f"key_{w}": ("private_key", lambda v, m, w=w: v.private_key(w))
       for w in ("rsa", "openssh", "pkcs8", "ec", "pgp", "wireguard", "age")},
    "key": ("private_key", lambda v, m: v.private_key()),
    "pw": ("password", lambda v, m: v.password()),
    **{f"pw_{s}": ("password", lambda v, m, s=s: v.password(s)) for s in ("human", "strong", "phrase", "wifi", "url")},
    "basic_auth": ("password", lambda v, m: base64.b64encode(
        f"{m.get('user', 'admin')}:{v.password('strong')}".encode()).decode()),
    # unlabelled filler
    "user": (None, lambda v, m: v.choice(("admin", "deploy", "app", "svc_report", "jenkins", "root", "etl",
                                          str(v.fakers["en_US"].user_name())))),
    "host": (None, lambda v, m: v.choice(("db.internal.acme-logistics.com", "10.0.3.17", "prod-db-01.eu-west-1.rds.amazonaws.com",
                                          "pg.brightwave.io", "mysql-primary.svc.cluster.local", "redis-cache-02"))),
    "company": (None, lambda v, m: str(v.fakers["en_US"].company())),
    "city": (None, lambda v, m: str(v.fakers["en_US"].city())),
    "date": (None, lambda v, m: (dt.date(2026, 1, 1) + dt.timedelta(days=v.rng.randint(0, 360))).isoformat()),
    "amount": (None, lambda v, m: f"{v.rng.randint(12, 900)}.{v.digits(2)}"),
    "num": (None, lambda v, m: str(v.rng.randint(2, 40))),
    "twilio_sid": (None, lambda v, m: "AC" + v.chars("0123456789abcdef", 32)),
    "aws_region": (None, lambda v, m: v.choice(("us-east-1", "eu-west-1", "eu-central-1", "ap-northeast-1"))),
}  # fmt: skip


# Look-alike transforms: the value as someone would write it to slip past a filter (or by accident).
def _grouped(s: str, n: int) -> str:
    return " ".join(s[i : i + n] for i in range(0, len(s), n))


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) - 0x30 + 0xFF10) if c.isdigit() else "＠" if c == "@" else c for c in s)


def _zwsp(s: str) -> str:
    # A zero-width space after every fourth character, only between two visible characters.
    out = []
    for i, c in enumerate(s):
        out.append(c)
        if i % 4 == 3 and i < len(s) - 1 and not c.isspace() and not s[i + 1].isspace():
            out.append("\u200b")
    return "".join(out)


def _nbhyphen(s: str) -> str:
    return s.replace("-", "\u2011")


def _spaced(s: str) -> str:
    # One character at a time: "4 1 1 1 ...".
    return " ".join(c for c in s if not c.isspace())


def _regrouped(s: str) -> str:
    # Regrouped in pairs, whatever the usual grouping: "41 11 11 ...".
    return _grouped("".join(c for c in s if not c.isspace()), 2)


def _obf_email(s: str, v: Values) -> str:
    user, domain = s.split("@")
    style = v.choice(("words", "brackets", "parens", "caps"))
    if style == "words":
        return f"{user.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}"
    if style == "brackets":
        return f"{user} [at] {domain.replace('.', ' [dot] ')}"
    if style == "parens":
        return f"{user}(at){domain}"
    return f"{user} AT {domain.replace('.', ' DOT ')}"


TRANSFORMS: dict[str, Callable[[str, Values], str]] = {
    "fullwidth": lambda s, v: _fullwidth(s),
    "zwsp": lambda s, v: _zwsp(s),
    "nbhyphen": lambda s, v: _nbhyphen(s),
    "spaced": lambda s, v: _spaced(s),
    "regrouped": lambda s, v: _regrouped(s),
    "obf": _obf_email,
}


# --------------------------------------------------------------------------------------------
# Templates: per kind, a list of families (family id, language, text). Families are listed in
# a fixed order; index % 3 == 2 puts a family in `heldout`.

T = tuple[str, str, str]

TEMPLATES: dict[str, list[T]] = {}

# fmt: off
TEMPLATES["email"] = [
    ("draft_intro", "en", "Can you draft a short, friendly intro email from me to my new landlord? Sign it {{name}} and put my address for replies as {{email}}."),
    ("support_change", "en", "Hi, I need to change the e-mail on my account from {{email}} to {{email#2}}. My name is {{name}}."),
    ("csv_clean", "en", "Clean up this CSV so that each column is trimmed and emails are lower-case, then explain the regex you used:\nname,email,joined\n{{name}}, {{email}} ,{{date}}\n{{name#2}},{{email#2}},{{date}}"),
    ("forward_cv", "en", "Please rewrite this so it sounds more professional: hey, forward my CV to hr, they can reach me on {{email}} anytime"),
    ("obfuscated", "en", "my email is {{email|obf}} — please add it to the mailing list"),
    ("de_bewerbung", "de", "Formuliere bitte eine kurze Bewerbung. Kontakt: {{name_de}}, E-Mail {{email}}, Tel. {{phone_de}}."),
    ("fr_contact", "fr", "Peux-tu traduire en anglais : « Vous pouvez me joindre à l'adresse {{email}} ou au {{phone_fr}}. »"),
    ("git_config", "en", "Why does git keep committing as the wrong user?\n$ git config --global user.email\n{{email_work}}\n$ git log -1 --format='%an <%ae>'\n{{name}} <{{email}}>"),
    ("fullwidth_at", "en", "Send the invoice to {{email|fullwidth}} please, that's my personal inbox"),
    ("support_chat", "en", "Customer: I never got the reset link.\nAgent: Which address did you sign up with?\nCustomer: {{email}}, under the name {{name}}."),
    ("signature", "en", "Summarise this thread in two bullets.\n\n> Thanks, that works for Thursday.\n> --\n> {{name}}\n> {{email_work}} | {{phone_us}}"),
    ("zwsp", "en", "Put this in the contact field for me: {{email|zwsp}}"),
    ("es_reserva", "es", "Escribe un correo para confirmar la reserva a nombre de {{name_es}}; respuestas a {{email}}."),
    ("obf_forum", "en", "Rewrite my forum post so it sounds less desperate: selling my old bike, good condition, msg me at {{email|obf}} (no spam pls)"),
    ("obf_signature", "en", "Translate my signature into German:\n{{name}}\nfreelance translator\nwrite to: {{email|obf}}"),
    ("json_user", "en", "Write a TypeScript type for this API response and a zod schema that validates it:\n{\"id\": {{num}}, \"fullName\": \"{{name}}\", \"email\": \"{{email}}\", \"verified\": true}"),
]

TEMPLATES["phone"] = [
    ("call_back", "en", "Rewrite this voicemail transcript into a clear note: 'hi it's {{name}} uh call me back on {{phone}} when you get a sec'"),
    ("form_fill", "en", "Fill in the rental application for me. Name: {{name_us}}. Mobile: {{phone_us}}. Email: {{email}}."),
    ("uk_mobile", "en", "My new number is {{phone_uk}} — can you write a text telling my friends I've switched networks?"),
    ("de_rueckruf", "de", "Bitte schreib eine kurze Notiz: Herr {{last}} bittet um Rückruf unter {{phone_de}}."),
    ("fr_rdv", "fr", "Rédige un SMS pour confirmer mon rendez-vous, et indique mon portable : {{phone_fr}}."),
    ("nbhyphen", "en", "Number for the delivery driver: {{phone_us|nbhyphen}} (ring the bell twice)"),
    ("fullwidth", "ja", "配達の件で{{phone_jp|fullwidth}}までご連絡ください。{{name_ja}}"),
    ("spaced", "en", "text me at {{phone_uk|spaced}} if the train is late"),
    ("vcard", "en", "Turn this into a valid vCard 4.0 file and explain each field:\nName: {{name}}\nCell: {{phone}}\nWork: {{phone_us#2}}\nEmail: {{email}}"),
    ("emergency", "en", "Emergency contact for the school trip form: my sister {{name}}, {{phone}}."),
    ("in_otp", "en", "I'm not receiving the OTP on my registered mobile {{phone_in}}. Draft a complaint to the bank."),
    ("es_it", "es", "Traduce al inglés: «Puedes llamarme al {{phone_es}} después de las seis.»"),
    ("twilio_debug", "en", "My Twilio webhook returns 400 for this payload, what's wrong?\nFrom={{phone_us}}&To={{phone_us#2}}&Body=hello"),
    ("dk_br", "en", "Add both numbers to my contacts: Mette {{phone_dk}} and João {{phone_br}}."),
]

TEMPLATES["ssn"] = [
    ("w4_form", "en", "Help me fill the W-4. Name {{name_us}}, SSN {{ssn}}, filing single, address {{addr_us}}."),
    ("plain", "en", "my social is {{ssn_plain}}, can you check if the format is right for the tax portal"),
    ("hr_note", "en", "HR note: new hire {{name_us}}, SSN {{ssn}}, start date {{date}}. Summarise for payroll in one line."),
    ("spaced", "en", "The bank asked for my SSN over chat: {{ssn_space}}. Is that safe? Write a polite reply asking for a phone call instead."),
    ("nbhyphen", "en", "SSN: {{ssn|nbhyphen}} — please put it in the right box of the form"),
    ("fullwidth", "en", "ssn {{ssn|fullwidth}} for the loan paperwork"),
    ("sql_debug", "en", "This INSERT fails with 'value too long', why?\nINSERT INTO employees (name, ssn, salary) VALUES ('{{name_us}}', '{{ssn}}', 85000);"),
    ("letter", "en", "Write a letter to the IRS disputing a notice. My details: {{name_us}}, SSN {{ssn}}, {{addr_us}}."),
    ("credit_freeze", "en", "I want to freeze my credit after a breach. Name: {{name_us}}; DOB {{dob_us}}; SSN {{ssn}}. What do I send to Equifax?"),
    ("chat", "en", "Agent: For verification, the last four digits of your SSN?\nMe: the whole thing is {{ssn}} if that's easier"),
    ("spouse", "en", "Please double-check my wife's SSN {{ssn}} against what I typed on the 1040: {{ssn#2}}"),
    ("json_payload", "en", "Write pytest tests for a function that masks SSNs, using this sample record: {\"name\": \"{{name_us}}\", \"ssn\": \"{{ssn}}\"}"),
    ("zwsp", "en", "here's my social security number {{ssn|zwsp}}"),
]

TEMPLATES["payment_card"] = [
    ("lost_card", "en", "I lost my card {{card}}, write a message to the bank asking them to block it and send a new one to {{addr_us}}."),
    ("checkout_debug", "en", "Stripe test mode rejects this card in production, explain the error and how to fix the checkout code:\ncard_number={{card_plain}}&exp=09/28&name={{name}}"),
    ("dotted", "en", "card no {{card_dotted}} exp 11/27, please book the hotel with it"),
    ("amex", "en", "Put this on my Amex {{card_amex}} and email the receipt to {{email}}."),
    ("dash", "en", "Why does my Luhn check function return false for {{card_dash}}? Here's the code:\ndef luhn(n):\n    s = 0\n    for i, d in enumerate(n[::-1]):\n        d = int(d)\n        if i % 2: d *= 2\n        s += d\n    return s % 10 == 0"),
    ("fullwidth", "ja", "カード番号は{{card|fullwidth}}です。決済をお願いします。"),
    ("spaced", "en", "Pay with {{card_visa|spaced}} please"),
    ("de_karte", "de", "Schreib eine Reklamation: Die Abbuchung von meiner Kreditkarte {{card}} am {{date}} war doppelt."),
    ("dispute", "en", "Help me dispute a charge of ${{amount}} on my card ending in the full number {{card}}. The merchant was {{company}}."),
    ("zwsp", "en", "new card for the subscription: {{card_visa|zwsp}}"),
    ("fr_paiement", "fr", "Peux-tu régler la facture avec ma carte {{card}} ? Merci, {{name_fr}}"),
    ("family_share", "en", "My son {{first_m}} keeps using my card {{card}} for games. Draft a calm message setting rules."),
    ("ocr_receipt", "en", "Extract merchant, total and card from this OCR'd receipt:\nACME STORES #14\nTOTAL {{amount}}\nVISA {{card_visa}}\nAUTH 00{{num}}"),
    ("nbhyphen", "en", "card: {{card_dash|nbhyphen}}"),
]

TEMPLATES["iban"] = [
    ("rent_transfer", "en", "Write an email to my landlord confirming the rent goes to {{iban}} from next month. — {{name}}"),
    ("de_ueberweisung", "de", "Bitte formuliere eine Zahlungserinnerung. Empfänger: {{name_de}}, IBAN {{iban_de}}, Betrag {{amount}} €."),
    ("compact", "en", "Is this IBAN valid? {{iban_compact}} — and explain how the check digits work."),
    ("fr_rib", "fr", "Voici mon RIB pour le remboursement : {{iban_fr}}. Peux-tu rédiger le mail à la mutuelle ?"),
    ("sepa_xml", "en", "Fix the validation error in this SEPA pain.001 snippet:\n<CdtrAcct><Id><IBAN>{{iban_compact}}</IBAN></Id></CdtrAcct>\n<Cdtr><Nm>{{name}}</Nm></Cdtr>"),
    ("spaced", "en", "my iban {{iban|regrouped}} for the refund"),
    ("es_nomina", "es", "Necesito cambiar la cuenta de la nómina a {{iban_es}}. Redacta el correo a RR. HH."),
    ("invoice", "en", "Generate an invoice for 3 days of consulting at €650/day. Bank details: {{name}}, IBAN {{iban}}, BIC DEUTDEFF."),
    ("zwsp", "en", "Pay the deposit to {{iban|zwsp}} please"),
    ("it_bonifico", "it", "Scrivi una mail: il bonifico va fatto sull'IBAN {{iban_it}} intestato a {{name_it}}."),
    ("python_parse", "en", "Write a Python function that splits an IBAN into country, check digits and BBAN; test it on {{iban_nl}} and {{iban_gb}}."),
    ("chat", "en", "Support: What's the IBAN you want refunds sent to?\nMe: {{iban}}"),
    ("fullwidth", "en", "IBAN: {{iban_de|fullwidth}}"),
]

TEMPLATES["passport"] = [
    ("visa_form", "en", "Fill in the ESTA form for me: name {{name_us}}, passport {{passport_us}}, DOB {{dob_us}}."),
    ("uk_renew", "en", "My UK passport {{passport_uk}} expires next month. Write a checklist for renewing it online."),
    ("hotel_checkin", "en", "Hotel check-in email: guest {{name}}, passport number {{passport}}, arriving {{date}}. Make it formal."),
    ("de_reisepass", "de", "Schreib bitte an die Botschaft: Mein Reisepass {{passport_de}} wurde gestohlen. {{name_de}}"),
    ("fr_passeport", "fr", "Numéro de passeport : {{passport_fr}}. Peux-tu compléter le formulaire de visa avec ça ?"),
    ("airline_json", "en", "Why does the airline API reject this APIS payload? {\"surname\": \"{{last}}\", \"doc_type\": \"P\", \"doc_number\": \"{{passport}}\", \"nationality\": \"GBR\"}"),
    ("in_passport", "en", "My Indian passport number is {{passport_in}}; draft a letter to the embassy requesting a visa appointment."),
    ("jp_passport", "ja", "旅券番号は{{passport_jp}}です。ビザ申請書の記入を手伝ってください。"),
    ("family", "en", "Passports for the family booking: me {{passport}}, my daughter {{first_f}} {{passport#2}}."),
    ("es_pasaporte", "es", "Mi número de pasaporte es {{passport_es}}, ¿puedes rellenar el formulario del hotel?"),
    ("lost_report", "en", "Write a police report statement: I lost passport no. {{passport}} at the airport on {{date}}."),
    ("it_passaporto", "it", "Il mio passaporto {{passport_it}} scade a giugno: scrivi una mail al consolato."),
    ("ca_passport", "en", "Canadian passport {{passport_ca}} — can you check the format and fill the ArriveCAN fields?"),
]

TEMPLATES["api_key"] = [
    ("env_check", "en", "can you check this .env? the app can't reach Hugging Face\nHF_TOKEN={{tok_hf}}\nMODEL_ID=meta-llama/Llama-3.1-8B\nPORT=8080"),
    ("nvidia_curl", "en", "This returns 401, what's wrong?\ncurl https://integrate.api.nvidia.com/v1/chat/completions -H \"Authorization: Bearer {{tok_nvapi}}\" -d '{\"model\": \"meta/llama3-70b\"}'"),
    ("google_maps", "en", "Why doesn't the map load? <script src=\"https://maps.googleapis.com/maps/api/js?key={{tok_google}}&callback=initMap\"></script>"),
    ("stripe_config", "en", "Refactor this into a config class with pydantic settings:\nimport stripe\nstripe.api_key = \"{{tok_stripe}}\"\nWEBHOOK_TOLERANCE = 300"),
    ("npm_rc", "en", "npm publish fails with E403. my .npmrc:\n//registry.npmjs.org/:_authToken={{tok_npm}}\nalways-auth=true"),
    ("twilio", "en", "Rewrite this Twilio snippet in Go:\nclient = Client(\"{{twilio_sid}}\", \"{{tok_twilio_token}}\")\nclient.messages.create(to=\"+15005550006\", from_=\"+15005550001\", body=\"hi\")"),
    ("sendgrid", "en", "SENDGRID_API_KEY={{tok_sendgrid}} — why do my emails land in spam? here's my DNS setup: SPF ok, no DKIM."),
    ("aws_creds", "en", "boto3 says InvalidClientTokenId. ~/.aws/credentials:\n[default]\naws_access_key_id = {{tok_aws_id}}\naws_secret_access_key = {{tok_aws_secret}}\nregion = {{aws_region}}"),
    ("openai_py", "en", "Convert this to use the async client and add retries:\nfrom openai import OpenAI\nclient = OpenAI(api_key=\"{{tok_openai}}\")\nprint(client.models.list())"),
    ("entropy_word", "en", "the api_key for the reporting service is {{tok_hex32}}, put it in the yaml for me"),
    ("anthropic", "en", "export ANTHROPIC_API_KEY={{tok_anthropic}}\nwhy does the CLI still say no key found?"),
    ("docker_compose", "en", "Review this docker-compose service:\n  worker:\n    image: acme/worker:2.3\n    environment:\n      - STRIPE_SECRET_KEY={{tok_stripe_short}}\n      - MAILGUN_API_KEY={{tok_mailgun}}"),
    ("azure_storage", "en", "Parse this connection string into its parts: DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey={{tok_azure_key}};EndpointSuffix=core.windows.net"),
    ("databricks", "en", "My notebook job token is {{tok_databricks}}; write the databricks-cli profile for it."),
    ("secret_b64", "en", "client_secret: {{tok_b64_32}}\nIs it OK to keep this in values.yaml or should it go to a sealed secret?"),
    ("twilio_key", "en", "Twilio API key {{tok_twilio_key}} with secret {{tok_opaque}} — write the curl to send an SMS."),
]

TEMPLATES["access_token"] = [
    ("github_pat", "en", "git push asks for a password; I pasted my token {{at_github}} and it still fails. Why?"),
    ("gitlab_ci", "en", "Fix this .gitlab-ci.yml step:\n  script:\n    - git clone https://oauth2:{{at_glpat}}@gitlab.com/acme/infra.git"),
    ("slack_bot", "en", "Port this Slack bot to Bolt for Python:\nconst web = new WebClient('{{at_slack_bot}}');\nawait web.chat.postMessage({channel: '#ops', text: 'deploy done'});"),
    ("slack_webhook", "en", "Send a test message to our incident channel using {{at_slack_webhook}} — write the curl."),
    ("jwt_debug", "en", "Decode this JWT and tell me why it's rejected as expired:\n{{at_jwt}}"),
    ("bearer_curl", "en", "curl -H 'Authorization: Bearer {{at_google_oauth}}' https://www.googleapis.com/drive/v3/files — 403, what scope do I need?"),
    ("azure_sas", "en", "This blob URL stopped working, what does each query parameter mean? https://acmelogs.blob.core.windows.net/exports/q3.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T23:59:59Z&st=2026-01-01T00:00:00Z&spr=https&sig={{at_azure_sig}}"),
    ("github_fine", "en", "GH_TOKEN={{at_github_fine}} gh release create v1.2.0 — gives 'Resource not accessible by integration'. Why?"),
    ("slack_user", "en", "Rewrite this script so the token comes from the environment:\nSLACK_TOKEN = '{{at_slack_user}}'\nrequests.post(URL, headers={'Authorization': f'Bearer {SLACK_TOKEN}'})"),
    ("session_cookie", "en", "My session keeps dropping. Request headers:\nCookie: sessionid={{at_opaque}}; csrftoken=abc\nUser-Agent: Mozilla/5.0"),
    ("aws_session", "en", "These temporary creds expire too fast, how do I extend the session?\nAWS_SESSION_TOKEN={{aws_session}}"),
    ("oauth_response", "en", "Write a TypeScript type for this OAuth token response: {\"access_token\": \"{{at_jwt}}\", \"token_type\": \"Bearer\", \"expires_in\": 3600, \"refresh_token\": \"{{at_opaque}}\"}"),
    ("kube_config", "en", "kubectl says Unauthorized. my kubeconfig user:\nusers:\n- name: ci\n  user:\n    token: {{at_jwt}}"),
    ("github_actions", "en", "Is it safe to hardcode this? - uses: actions/checkout@v4\n  with:\n    token: {{at_github}}"),
]

TEMPLATES["private_key"] = [
    ("ssh_perms", "en", "ssh says 'bad permissions' for this key, what do I chmod? Also is the format right?\n{{key_openssh}}"),
    ("tls_nginx", "en", "nginx won't start: key values mismatch. Here is my key:\n{{key_rsa}}\nand the cert is from Let's Encrypt."),
    ("pkcs8_convert", "en", "Convert this PKCS#8 key to PKCS#1 with openssl, give me the command:\n{{key_pkcs8}}"),
    ("ec_jwt", "en", "Sign a JWT with ES256 in Node using this key:\n{{key_ec}}"),
    ("pgp_backup", "en", "Is this a good way to back up my GPG key? I printed it:\n{{key_pgp}}"),
    ("wireguard", "en", "My WireGuard tunnel doesn't come up:\n[Interface]\nPrivateKey = {{key_wireguard}}\nAddress = 10.8.0.2/24\n\n[Peer]\nPublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\nEndpoint = vpn.example.net:51820"),
    ("age", "en", "sops can't decrypt, my keys.txt:\n# created: 2026-03-01\n{{key_age}}"),
    ("k8s_secret", "en", "Write a Kubernetes Secret manifest (type kubernetes.io/tls) that holds this key:\n{{key_rsa}}"),
    ("python_paramiko", "en", "Refactor so the key is loaded from a file instead:\nKEY = \"\"\"{{key_openssh}}\"\"\"\nclient.connect(host, pkey=paramiko.Ed25519Key.from_private_key(io.StringIO(KEY)))"),
    ("gcp_json", "en", "Which field of the service account JSON is the secret one? \"private_key\": \"{{key_pkcs8}}\""),
    ("mail_admin", "en", "Write a short note to IT: I accidentally committed this key to git, what do we rotate?\n{{key}}"),
    ("ansible", "en", "Ansible vault or not? deploy_key: |\n{{key_openssh}}"),
    ("saml", "en", "Our SAML SP signing key is below. Write the xmlsec1 command to sign the metadata.\n{{key_rsa}}"),
]

TEMPLATES["password"] = [
    ("prose", "en", "my password for the bank is {{pw_human}} — is that strong enough? suggest a better one"),
    ("wifi", "en", "Make a printable Wi-Fi card for guests: network 'Holloway-5G', password {{pw_wifi}}"),
    ("postgres_url", "en", "Django can't connect: DATABASE_URL=postgres://{{user}}:{{pw_url}}@{{host}}:5432/orders — what's wrong with the URL?"),
    ("curl_u", "en", "Translate this curl to Python requests:\ncurl -u {{user}}:{{pw_url}} https://jenkins.internal/job/deploy/buildWithParameters -d ENV=prod"),
    ("basic_header", "en", "Why is this Basic auth rejected? Authorization: Basic {{basic_auth}}"),
    ("env_file", "en", "Review my .env before I deploy:\nDB_HOST={{host}}\nDB_USER={{user}}\nDB_PASSWORD={{pw_strong}}\nREDIS_URL=redis://:{{pw_url#2}}@redis:6379/0"),
    ("yaml_config", "en", "Convert this Spring config to environment variables:\nspring:\n  datasource:\n    url: jdbc:mysql://{{host}}:3306/shop\n    username: {{user}}\n    password: {{pw_strong}}"),
    ("de_passwort", "de", "Mein WLAN-Passwort ist {{pw_wifi}}, schreib bitte eine Anleitung für meine Eltern, wie sie sich verbinden."),
    ("mongo_uri", "en", "mongosh \"mongodb+srv://{{user}}:{{pw_url}}@cluster0.ab1cd.mongodb.net/test\" — authentication failed, why?"),
    ("share_login", "en", "Write a text to my brother with the Netflix login: email {{email}}, password {{pw_human}}"),
    ("fr_mdp", "fr", "Mon mot de passe Free est {{pw_human}} ; rédige un message au support disant que je suis bloqué."),
    ("passphrase", "en", "Is '{{pw_phrase}}' a good passphrase for my password manager master password?"),
    ("docker_login", "en", "echo '{{pw_url}}' | docker login registry.acme.io -u {{user}} --password-stdin gives 'unauthorized'. Help?"),
    ("json_settings", "en", "Add a retry policy to this settings.json: {\"smtp\": {\"host\": \"smtp.office365.com\", \"user\": \"{{email_work}}\", \"pass\": \"{{pw_strong}}\"}}"),
    ("ja_pw", "ja", "メールのパスワードは{{pw_human}}です。設定方法を教えてください。"),
]

TEMPLATES["date_of_birth"] = [
    ("form", "en", "Fill in the insurance form: name {{name}}, date of birth {{dob_us}}, phone {{phone_us}}."),
    ("born_on", "en", "Write a short bio for my dad's 70th: {{name}} was born on {{dob_long}} in {{city}}."),
    ("de_geburtsdatum", "de", "Bitte schreib eine Vollmacht für {{name_de}}, geboren am {{dob_de}}."),
    ("fr_naissance", "fr", "Je m'appelle {{name_fr}}, née le {{dob_fr}}. Peux-tu rédiger ma lettre de motivation ?"),
    ("iso_json", "en", "Write a Pydantic model with validation for: {\"patient\": \"{{name}}\", \"dob\": \"{{dob_iso}}\", \"allergies\": []}"),
    ("dob_label", "en", "DOB: {{dob_uk}} — is that the right format for a UK visa form?"),
    ("es_nacimiento", "es", "Fecha de nacimiento: {{dob_es}}. Nombre: {{name_es}}. Rellena la solicitud."),
    ("ja_seinengappi", "ja", "生年月日は{{dob_ja}}、氏名は{{name_ja}}です。履歴書を作ってください。"),
    ("age_calc", "en", "My son was born {{dob_short}}; how many school years until he starts secondary school in England?"),
    ("hr_record", "en", "Summarise for the onboarding checklist: {{name}}, DOB {{dob_us}}, start {{date}}, badge pending."),
    ("birthday_reminder", "en", "Set up a birthday reminder for my partner {{first}} — birthday is {{dob_long}}. Write the calendar entry."),
    ("de_long", "de", "Ich, {{name_de}}, geboren am {{dob_de_long}}, bevollmächtige hiermit ... bitte vervollständige den Text."),
    ("it_nascita", "it", "Data di nascita: {{dob_it}} — compila il modulo per {{name_it}}."),
    ("medical_intake", "en", "Patient intake: {{name}}, D.O.B. {{dob_us}}, presenting with chest pain. Write the triage summary."),
]

TEMPLATES["medical_record"] = [
    ("mrn_note", "en", "Summarise this discharge note: Patient {{name}}, MRN {{mrn}}, admitted {{date}} for pneumonia, discharged on oral antibiotics."),
    ("nhs_letter", "en", "Write a letter to my GP surgery asking for my records. NHS number {{nhs}}. {{name_uk}}, {{addr_uk}}."),
    ("kvnr", "de", "Meine Versichertennummer ist {{kvnr}}. Schreib bitte einen Widerspruch an die Krankenkasse."),
    ("mbi", "en", "Medicare says my MBI {{mbi}} doesn't match. Draft a message to the plan."),
    ("hl7", "en", "Parse this HL7 PID segment and list the fields:\nPID|1||{{mrn}}^^^HOSP^MR||{{last}}^{{first}}||{{dob_iso}}|F"),
    ("patient_id", "en", "Patient ID: {{mrn}} — please convert these lab notes into a table."),
    ("chart_number", "en", "chart # {{mrn}} for the billing dispute, can you write the appeal?"),
    ("fr_dossier", "fr", "Numéro de dossier patient : {{mrn}}. Rédige la demande de transfert du dossier médical."),
    ("nhs_spaced", "en", "My NHS no. is {{nhs|regrouped}} in case the pharmacy needs it"),
    ("fhir", "en", "Write a FHIR Patient resource for: {{name}}, MRN {{mrn}}, NHS number {{nhs}}."),
    ("appointment", "en", "Reschedule my appointment; hospital number {{mrn}}, name {{name}}."),
    ("insurance_claim", "en", "Fill in the claim: member id {{mbi}}, medical record number {{mrn}}, date of service {{date}}."),
    ("ja_shinsatsu", "ja", "診察券番号は{{mrn}}です。予約の変更をお願いするメールを書いてください。"),
]

TEMPLATES["postal_address"] = [
    ("us_change", "en", "Update my shipping address to {{addr_us}} and write the confirmation email."),
    ("uk_letter", "en", "Format this as a UK letter header:\n{{name_uk}}\n{{addr_uk_ml}}"),
    ("de_anschrift", "de", "Meine neue Anschrift lautet {{addr_de}}. Formuliere bitte die Ummeldung für die Bank."),
    ("fr_adresse", "fr", "Ma nouvelle adresse est {{addr_fr}}. Rédige le courrier de changement d'adresse pour la CAF."),
    ("jp_jusho", "ja", "住所は{{addr_jp}}です。引っ越しの挨拶状を書いてください。"),
    ("return_label", "en", "Write the return-label text: from {{name}}, {{addr_us_ml}}"),
    ("party_invite", "en", "Draft a birthday party invite for my daughter {{first_f}}; the party is at our place, {{addr_uk}}, 3pm Saturday."),
    ("es_direccion", "es", "Envía el paquete a {{addr_es}}, a nombre de {{name_es}}."),
    ("geocode_code", "en", "Write a Python script that geocodes a list of addresses with retries and caching. Test it with:\n- {{addr_us}}\n- {{addr_de}}\n- {{addr_fr}}"),
    ("it_indirizzo", "it", "Il mio indirizzo è {{addr_it}}. Scrivi la disdetta del contratto."),
    ("de_ml", "de", "Bitte prüfe die Adresse auf dem Briefumschlag:\n{{name_de}}\n{{addr_de_ml}}"),
    ("jp_ml", "ja", "この宛先で送り状を作成してください：\n{{addr_jp_ml}}\n{{name_ja}} 様"),
    ("fr_ml", "fr", "Adresse de livraison :\n{{name_fr}}\n{{addr_fr_ml}}"),
    ("support_chat", "en", "Agent: And the billing address?\nMe: {{addr_us}}"),
]

TEMPLATES["person_name"] = [
    ("my_name_is", "en", "My name is {{name}} and I'd like to complain about a late delivery. Write it for me."),
    ("signature", "en", "Shorten this email:\n\nHi team,\nthe numbers for Q3 are in the attached sheet, let me know if anything looks off.\n\nBest regards,\n{{name}}"),
    ("honorific", "en", "Write a formal reply to Dr. {{first_f}} {{last}} thanking her for the referral."),
    ("de_herr", "de", "Schreib eine Absage an Herrn {{name_de}} wegen des Termins am Freitag."),
    ("fr_madame", "fr", "Rédige une lettre de recommandation pour Mme {{name_fr}}, mon ancienne stagiaire."),
    ("ja_sama", "ja", "{{name_ja}}様へのお礼状を書いてください。"),
    ("name_and_phone", "en", "Add to CRM: {{name}}, {{phone}}, met at the trade fair, follow up in May."),
    ("es_me_llamo", "es", "Me llamo {{name_es}} y necesito una carta para reclamar mi fianza."),
    ("it_sig", "it", "Correggi questa email:\nBuongiorno, allego il documento richiesto.\nCordiali saluti,\n{{name_it}}"),
    ("mr_last", "en", "Remind me to call Mr. {{last}} about the boundary fence, and draft what I'll say."),
    ("kid_school", "en", "Write a note to the school: {{first_f}} {{last}} will be picked up by her grandmother today."),
    ("da_hilsen", "da", "Oversæt til engelsk: Med venlig hilsen, {{name_da}}"),
    ("br_nome", "pt", "Meu nome é {{name_br}}; escreva um e-mail pedindo segunda via do boleto."),
    ("in_cover", "en", "Cover letter for a data analyst role, from {{name_in}}, phone {{phone_in}}."),
]

TEMPLATES["national_id"] = [
    ("nino", "en", "My National Insurance number is {{nid_nino}}. Write to HMRC asking why my tax code changed."),
    ("steuer_id", "de", "Meine Steuer-ID ist {{nid_steuer}}. Bitte schreib eine Mail an den Arbeitgeber, damit die Lohnsteuer richtig ist."),
    ("nir", "fr", "Mon numéro de sécurité sociale : {{nid_nir}}. Peux-tu écrire à la CPAM pour ma carte Vitale ?"),
    ("cpr", "da", "Mit CPR-nummer er {{nid_cpr}}. Skriv en mail til kommunen om flytning."),
    ("aadhaar", "en", "Link my Aadhaar {{nid_aadhaar}} with PAN — write the steps and a message to the bank."),
    ("cpf", "pt", "Meu CPF é {{nid_cpf}}. Escreva uma reclamação para a operadora."),
    ("dni", "es", "DNI {{nid_dni}}, {{name_es}}. Redacta la solicitud de cita previa."),
    ("nie", "es", "Tengo NIE {{nid_nie}} y quiero darme de alta en la Seguridad Social; ¿qué documentos necesito? Escribe el correo."),
    ("codice_fiscale", "it", "Il mio codice fiscale è {{nid_cf}}: compila il modulo di iscrizione per la palestra."),
    ("sin", "en", "Service Canada asked for my SIN: {{nid_sin}}. Draft the reply with my name {{name}}."),
    ("itin", "en", "I file with an ITIN: {{nid_itin}}. Explain which boxes of the 1040 it goes in and fill them."),
    ("payroll_csv", "en", "Write a pandas script that validates the national_id column per country:\ncountry,name,national_id\nGB,{{name_uk}},{{nid_nino}}\nDE,{{name_de}},{{nid_steuer}}\nES,{{name_es}},{{nid_dni}}"),
    ("spaced_nino", "en", "ni number {{nid_nino|regrouped}} for the payslip"),
    ("fullwidth", "en", "Aadhaar: {{nid_aadhaar|fullwidth}}"),
    ("steuer_spaced", "de", "Steuerliche Identifikationsnummer: {{nid_steuer|spaced}}"),
]

TEMPLATES["drivers_license"] = [
    ("dmv_form", "en", "Fill the DMV change-of-address form: {{name_us}}, driver's license {{dl_ca}}, new address {{addr_us}}."),
    ("rental_car", "en", "Write an email to the rental company with my licence details: {{name}}, DL# {{dl_ny}}."),
    ("uk_dvla", "en", "My driving licence number is {{dl_uk}}. Write to the DVLA about the wrong address."),
    ("de_fuehrerschein", "de", "Führerscheinnummer {{dl_de}} — bitte formuliere die Meldung an die Versicherung."),
    ("fl", "en", "Florida DL {{dl_fl}} — can you check my license number format for the background check?"),
    ("tx", "en", "Texas driver license number: {{dl_tx}}. Draft the insurance claim summary."),
    ("fr_permis", "fr", "Mon numéro de permis de conduire est {{dl_fr}}. Rédige la contestation de l'amende."),
    ("il", "en", "Illinois license {{dl_il}}; write the letter to the Secretary of State about the suspension notice."),
    ("wa", "en", "Washington DL {{dl_wa}} — help me fill the car-share signup form."),
    ("presidio_like", "en", "My driver's license number is {{dl_presidio}}, please add it to my rental profile."),
    ("json_kyc", "en", "Validate this KYC payload with JSON Schema: {\"name\": \"{{name}}\", \"document\": \"driver_license\", \"number\": \"{{dl}}\"}"),
    ("police", "en", "Summarise the accident report: other driver {{name}}, license {{dl}}, plate {{plate_us}}."),
    ("chat", "en", "Agent: could you confirm your driving license number?\nMe: {{dl}}"),
]

TEMPLATES["license_plate"] = [
    ("parking_fine", "en", "Write an appeal against a parking ticket for my car, registration {{plate_uk}}, issued on {{date}}."),
    ("de_kennzeichen", "de", "Mein Kennzeichen ist {{plate_de}}. Schreib bitte einen Einspruch gegen den Bußgeldbescheid."),
    ("fr_immat", "fr", "Ma voiture immatriculée {{plate_fr}} a été enlevée par la fourrière. Rédige la réclamation."),
    ("us_toll", "en", "I got a toll bill for plate {{plate_us}} but I wasn't there. Draft the dispute."),
    ("jp_number", "ja", "車のナンバーは{{plate_jp}}です。駐車場の申込書を書いてください。"),
    ("es_matricula", "es", "La matrícula de mi coche es {{plate_es}}. Escribe la reclamación al seguro."),
    ("it_targa", "it", "Targa {{plate_it}}: scrivi il ricorso contro la multa."),
    ("neighbour", "en", "My neighbour {{name}} keeps parking his van ({{plate_uk}}) across my driveway. Draft a polite note."),
    ("accident", "en", "Summarise: the car that hit me was a blue Golf, plate {{plate_de}}, driver {{name}}."),
    ("resident_permit", "en", "Apply for a resident parking permit: {{name}}, {{addr_uk}}, vehicle reg {{plate_uk}}."),
    ("sql_row", "en", "Why does this query return nothing? SELECT * FROM permits WHERE plate = '{{plate_us}}' AND owner = '{{name}}';"),
    ("insurance", "en", "Add my second car to the policy: registration {{plate}}."),
    ("ev_charging", "en", "The charging app says my plate {{plate_fr}} is already registered to someone else. Write to support."),
]

TEMPLATES["bank_account"] = [
    ("uk_sort", "en", "Pay my deposit back to sort code {{sort_code}}, account number {{uk_account}}. Write the email to the letting agent."),
    ("us_direct_deposit", "en", "Fill the direct deposit form: routing number {{aba}}, account {{us_account}}, checking, {{name_us}}."),
    ("uk_invoice", "en", "Add payment details to this invoice: {{name_uk}}, sort code {{sort_code}}, account {{uk_account}}."),
    ("ach_json", "en", "Why does the ACH API reject this? {\"routing_number\": \"{{aba}}\", \"account_number\": \"{{us_account}}\", \"type\": \"checking\"}"),
    ("payroll_change", "en", "HR: please change my salary account to routing {{aba}} / acct {{us_account}}. Draft it for me."),
    ("uk_chat", "en", "Agent: what are the account details for the refund?\nMe: {{sort_code}} {{uk_account}}"),
    ("check_photo", "en", "Read this OCR of a cheque and tell me the routing and account number: ⑆{{aba}}⑆ {{us_account}}⑈ 0142"),
    ("uk_standing_order", "en", "Set up a standing order of £{{num}}0 a month to my son {{first_m}}: sort code {{sort_code}}, account no. {{uk_account}}."),
    ("venmo_alt", "en", "My friend wants to pay me by bank transfer, send her my details: ABA {{aba}}, account {{us_account}}."),
    ("nbhyphen_sort", "en", "sort code {{sort_code|nbhyphen}} acc {{uk_account}}"),
    ("csv_payroll", "en", "Write a script that checks each row's routing number checksum:\nname,routing,account\n{{name_us}},{{aba}},{{us_account}}\n{{name_us#2}},{{aba#2}},{{us_account#2}}"),
    ("fullwidth_account", "en", "Sort code {{sort_code}}, account: {{uk_account|fullwidth}}"),
    ("tenant", "en", "Rent goes to my landlord {{name_uk}}: {{sort_code}}, {{uk_account}}. Write the standing order reference."),
]

TEMPLATES["pin"] = [
    ("card_pin", "en", "my debit card pin is {{pin}}, I keep forgetting it — give me a mnemonic to remember it"),
    ("door_code", "en", "Write a welcome note for the Airbnb guests; the door code is {{pin}} and check-out is 11am."),
    ("phone_passcode", "en", "Text my mum how to unlock my old phone: the passcode is {{pin6}}."),
    ("sim_puk", "en", "My SIM is locked. PIN was {{pin}}, the PUK on the card is {{pin8}}. What do I do now?"),
    ("de_pin", "de", "Meine PIN für die EC-Karte ist {{pin}}. Wie ändere ich sie am Automaten? Schreib eine Anleitung."),
    ("alarm", "en", "Leave instructions for the cat sitter: alarm code {{pin}}, spare key under the blue pot."),
    ("voicemail", "en", "How do I reset my voicemail? Current voicemail PIN: {{pin}}."),
    ("fr_code", "fr", "Le code de ma carte bleue est {{pin}}, je l'ai noté ici au cas où. Rédige un rappel."),
    ("garage", "en", "Gate code for deliveries is {{pin}}# — add it to the delivery instructions."),
    ("bank_app", "en", "The banking app passcode is {{pin6}} — write a note for my husband in case something happens to me."),
    ("es_pin", "es", "El PIN de la tarjeta es {{pin}}. Escribe un mensaje para mi hija explicándole cómo sacar dinero."),
    ("safe", "en", "Hotel safe combination {{pin}} — put it in the trip notes with the booking reference."),
    ("fullwidth", "ja", "暗証番号は{{pin|fullwidth}}です。忘れないようにメモを作ってください。"),
]

TEMPLATES["location"] = [
    ("home_coords", "en", "I live at {{coords_dec}} — which bus routes stop within 500 m of my home?"),
    ("maps_link", "en", "Send my sister directions to my flat: https://www.google.com/maps/@{{coords_nospace}},17z"),
    ("kid_tracker", "en", "My son's tracker shows him at {{coords_dec}} right now, is that near his school? Write a text asking where he is."),
    ("dms", "en", "Our new house is at {{coords_dms}}. Write a housewarming invite with directions from the station."),
    ("geo_uri", "en", "Put my home location in the emergency profile: geo:{{coords_nospace}}"),
    ("json_checkin", "en", "Parse this location ping from my wife's phone into a readable sentence: {\"user\": \"{{first_f}}\", \"lat\": {{coords_lat}}, \"lng\": {{coords_lon}}, \"battery\": 0.41}"),
    ("hemi", "en", "I'm stuck on the trail at {{coords_hemi}}; write a message to mountain rescue."),
    ("de_standort", "de", "Mein Standort: {{coords_dec}}. Schreib bitte eine Nachricht an meinen Mann, dass er mich abholt."),
    ("exif", "en", "Summarise the EXIF of the photo I took at home: Camera Pixel 8, GPS {{coords_dec}}, 2026:03:04 18:22."),
    ("fr_position", "fr", "Je suis ici : {{coords_nospace}}. Écris un SMS à mon fils pour qu'il vienne me chercher."),
    ("strava", "en", "Why does my running app start every activity at my front door ({{coords_dec}})? How do I hide it?"),
    ("ja_ichi", "ja", "自宅の位置は{{coords_dec}}です。近くの避難所を教えてください。"),
    ("meet_me", "en", "Meet me here tonight: {{coords_hemi}} — write it as a short message for {{first}}."),
]

TEMPLATES["salary"] = [
    ("hr_note", "en", "Summarise for the comp review: {{name}} currently earns {{salary_usd}}; manager proposes a 6% raise."),
    ("my_salary", "en", "My salary is {{salary_gbp}} a year; how much should I put into my pension to get the full employer match?"),
    ("offer_letter", "en", "Draft an offer letter for {{name}}, Senior Engineer, base salary {{salary_usd}}, start {{date}}."),
    ("de_gehalt", "de", "Mein Bruttogehalt beträgt {{salary_eur_month}} im Monat. Schreib eine E-Mail an meinen Chef wegen einer Gehaltserhöhung."),
    ("negotiate", "en", "I'm {{name}} and I make {{salary_gbp}}; write my script for negotiating a raise."),
    ("payslip", "en", "Explain each line of my payslip: Employee {{name_uk}}, Gross pay {{salary_gbp}} annual, Tax code 1257L."),
    ("fr_salaire", "fr", "Je gagne {{salary_eur}} brut par an. Rédige ma demande d'augmentation."),
    ("hourly", "en", "My daughter {{first_f}} is paid {{salary_usd_hour}} an hour at the café; is that above minimum wage in Oregon?"),
    ("spreadsheet", "en", "Write a formula to compute the team's average: {{name}} {{salary_usd}}, {{name#2}} {{salary_usd#2}}, {{name#3}} {{salary_usd#3}}"),
    ("ja_kyuyo", "ja", "私の年収は{{salary_jpy}}です。住宅ローンの相談メールを書いてください。"),
    ("dk_loen", "da", "Min løn er {{salary_dkk}} om måneden. Skriv en ansøgning om lønforhøjelse."),
    ("partner", "en", "My husband {{first_m}} makes {{salary_usd}} and I make {{salary_usd#2}}; split the rent fairly and explain."),
    ("reference", "en", "Write an employment verification letter: {{name}} has worked here since 2019 with an annual salary of {{salary_eur}}."),
]

TEMPLATES["health"] = [
    ("sick_note", "en", "Write an email to my manager: I've been diagnosed with {{condition}} and need two weeks off."),
    ("hr_note", "en", "HR note (confidential): {{name}} disclosed {{condition}}; reasonable adjustments requested. Summarise."),
    ("medication", "en", "I take {{medication}} every morning; can I drink alcohol at my friend's wedding? Explain the risks."),
    ("kid_school", "en", "Tell the school that my son {{first_m}} has {{condition}} and may need breaks during exams."),
    ("lab_result", "en", "My last blood test showed {{result}}. What questions should I ask my doctor?"),
    ("de_krank", "de", "Schreib eine Nachricht an meine Chefin: Bei mir wurde {{condition_de}} festgestellt."),
    ("fr_malade", "fr", "Rédige un mot pour l'école : ma fille a {{condition_fr}} et doit prendre un traitement."),
    ("therapy_notes", "en", "Turn my therapy notes into a summary: {{name}}, 34, {{condition}}, started {{medication}} in March."),
    ("es_salud", "es", "Me diagnosticaron {{condition_es}}. Escribe un mensaje a mi familia explicándolo."),
    ("insurance_form", "en", "Pre-existing conditions section for {{name}}: {{condition}}; medication: {{medication}}. Rewrite it clearly."),
    ("partner", "en", "My wife {{first_f}} is on {{medication}} for {{condition}}. How do I support her? Write a plan."),
    ("clinical_letter", "en", "Dear Dr {{last}}, I saw your patient today. Findings: {{result}}; impression: {{condition}}. Please summarise this letter."),
    ("ja_kenko", "ja", "父が{{condition}}と診断されました。会社に休暇を申請するメールを書いてください。"),
]
# fmt: on


# --------------------------------------------------------------------------------------------
# Filling templates

_SLOT = re.compile(r"\{\{(\w+)(?:#(\d))?(?:\|(\w+))?\}\}")


@dataclass
class Row:
    id: str
    text: str
    spans: list[dict[str, object]]
    source: str
    split: str
    lang: str
    template: str
    variant: str = "plain"
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "spans": self.spans, "source": self.source, "split": self.split,
                "lang": self.lang, "template": self.template, "variant": self.variant}  # fmt: skip


def fill(
    template: str, v: Values, slots: dict[str, tuple[str | None, Maker]] = SLOTS
) -> tuple[str, list[dict[str, object]], list[str]]:
    """Fill {{slot}}, {{slot#n}} and {{slot|transform}}; return text, spans and the transforms used."""
    memo: dict[str, str] = {}
    out: list[str] = []
    spans: list[dict[str, object]] = []
    used: list[str] = []
    pos = 0
    length = 0
    for m in _SLOT.finditer(template):
        literal = template[pos : m.start()]
        out.append(literal)
        length += len(literal)
        name, idx, transform = m.group(1), m.group(2) or "", m.group(3)
        kind, maker = slots[name]
        key = f"{name}#{idx}"
        if key not in memo:
            value = maker(v, memo)
            memo[key] = value
            memo.setdefault(name, value)
        value = memo[key]
        if transform:
            value = TRANSFORMS[transform](value, v)
            used.append(transform)
        if kind is not None:
            spans.append({"kind": kind, "start": length, "end": length + len(value)})
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(template[pos:])
    text = "".join(out)
    return text, _merge_names(text, spans), used


def _merge_names(text: str, spans: list[dict[str, object]]) -> list[dict[str, object]]:
    """Adjacent person_name spans split by one space ({{first}} {{last}}) are one name."""
    merged: list[dict[str, object]] = []
    for span in spans:
        if (
            merged
            and span["kind"] == merged[-1]["kind"] == "person_name"
            and text[int(merged[-1]["end"]) : int(span["start"])] == " "
        ):
            merged[-1]["end"] = span["end"]
            continue
        merged.append(dict(span))
    return merged


def split_of(index: int) -> str:
    return "heldout" if index % 3 == 2 else "dev"


def build_pii(v: Values) -> list[Row]:
    rows: list[Row] = []
    for kind, families in TEMPLATES.items():
        for index, (family, lang, template) in enumerate(families):
            for n in range(ROWS_PER_FAMILY):
                text, spans, used = fill(template, v)
                assert any(s["kind"] == kind for s in spans), (kind, family)
                rows.append(Row(id=f"{kind}.{family}.{n}", text=text, spans=spans, source=SOURCE,
                                split=split_of(index), lang=lang, template=f"{kind}.{family}",
                                variant="+".join(sorted(set(used))) or "plain"))  # fmt: skip
    rows += build_presidio(v)
    return rows


# --------------------------------------------------------------------------------------------
# presidio-evaluator's templates: the lines with personal context only (a name in a song
# review or a company's office address is not personal data here), filled with our values.

PRESIDIO_LINES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 20, 26, 27, 28, 29, 30, 31, 32, 37, 40, 41,
                  43, 44, 45, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 61, 62, 63, 64, 65, 66, 67, 68, 69,
                  70, 71, 72, 73, 76, 77, 78, 79, 83, 89, 90, 129, 141, 145, 147, 150, 151, 153, 165, 168, 169, 170,
                  172, 173, 178, 203)  # fmt: skip

PRESIDIO_SLOTS: dict[str, tuple[str | None, Maker]] = {
    "person": SLOTS["name"], "name": SLOTS["name"], "name_female": SLOTS["name"], "name_male": SLOTS["name"],
    "first_name": SLOTS["first"], "first_name_male": SLOTS["first"], "first_name_female": SLOTS["first"],
    "last_name": SLOTS["last"], "last_name_male": SLOTS["last"], "last_name_female": SLOTS["last"],
    "prefix": (None, lambda v, m: v.choice(("Mr.", "Ms.", "Dr."))),
    "prefix_male": (None, lambda v, m: v.choice(("Mr.", "Dr."))),
    "prefix_female": (None, lambda v, m: v.choice(("Mrs.", "Ms.", "Dr."))),
    "credit_card_number": SLOTS["card"], "email": SLOTS["email"], "iban": SLOTS["iban"], "ssn": SLOTS["ssn"],
    "address": ("postal_address", lambda v, m: v.addr(v.choice(("us", "us", "uk")))),
    "phone_number": ("phone", lambda v, m: v.phone(v.choice(("us", "uk")))),
    "date_of_birth": ("date_of_birth", lambda v, m: v.dob(v.choice(("us", "long", "iso", "uk")))),
    "us_driver_license": SLOTS["dl_presidio"],
    "city": SLOTS["city"], "organization": SLOTS["company"],
    "job": (None, lambda v, m: str(v.fakers["en_US"].job())),
    "age": (None, lambda v, m: str(v.rng.randint(19, 88))),
    "date_time": (None, lambda v, m: f"{SLOTS['date'][1](v, m)} 10:30"),
    "nationality": (None, lambda v, m: v.choice(("Italian", "Korean", "Mexican", "Ethiopian"))),
}  # fmt: skip


def _number_repeats(template: str) -> str:
    """{{first_name}} twice in one line means two people: the second becomes {{first_name#2}}."""
    counter: dict[str, int] = {}
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"\{\{(\w+)\}\}", template):
        counter[m.group(1)] = counter.get(m.group(1), 0) + 1
        suffix = f"#{counter[m.group(1)]}" if counter[m.group(1)] > 1 else ""
        out += [template[pos : m.start()], "{{", m.group(1), suffix, "}}"]
        pos = m.end()
    return "".join([*out, template[pos:]])


def build_presidio(v: Values) -> list[Row]:
    lines = (THIRD_PARTY / "templates.txt").read_text(encoding="utf-8").splitlines()
    rows: list[Row] = []
    for index, number in enumerate(PRESIDIO_LINES):
        # The file writes each newline as a backslash and an n.
        template = lines[number - 1].replace("\\n", "\n").replace("\ufffd", "-").strip()
        template = _number_repeats(template)
        text, spans, _ = fill(template, v, PRESIDIO_SLOTS)
        assert spans, number
        rows.append(Row(id=f"presidio.line{number:03d}", text=text, spans=spans, source=PRESIDIO_SOURCE,
                        split=split_of(index), lang="en", template=f"presidio.line{number:03d}"))  # fmt: skip
    return rows


# --------------------------------------------------------------------------------------------
# Negatives: text that looks like personal data and is not.


def _bad_luhn(v: Values, length: int = 16) -> str:
    while True:
        number = v.choice("3456") + v.digits(length - 1)
        if not ck.luhn_ok(number):
            return number


def _bad_iban(v: Values) -> str:
    good = v.iban(compact=True)
    bad = good[:2] + f"{(int(good[2:4]) + v.rng.randint(1, 90)) % 100:02d}" + good[4:]
    return bad if not ck.iban_ok(bad) else _bad_iban(v)


def _bad_aba(v: Values) -> str:
    good = v.aba()
    return good[:8] + str((int(good[8]) + v.rng.randint(1, 9)) % 10)


def _bad_steuer(v: Values) -> str:
    good = v.steuer_id()
    return good[:10] + str((int(good[10]) + v.rng.randint(1, 9)) % 10)


def _bad_aadhaar(v: Values) -> str:
    good = v.aadhaar().replace(" ", "")
    bad = good[:11] + str((int(good[11]) + v.rng.randint(1, 9)) % 10)
    return f"{bad[:4]} {bad[4:8]} {bad[8:]}"


def _bad_cpf(v: Values) -> str:
    good = v.cpf()
    return good[:-1] + str((int(good[-1]) + v.rng.randint(1, 9)) % 10)


def _isbn13(v: Values) -> str:
    body = v.choice(("978", "979")) + v.digits(9)
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
    return f"{body[:3]}-{body[3]}-{body[4:8]}-{body[8:12]}-{check}"


def _uuid(v: Values) -> str:
    return str(uuid.UUID(int=v.rng.getrandbits(128), version=4))


def _sha(v: Values, n: int) -> str:
    return hashlib.sha256(v.digits(20).encode()).hexdigest()[:n]


def _doc_ip(v: Values) -> str:
    return f"{v.choice(('192.0.2', '198.51.100', '203.0.113'))}.{v.rng.randint(1, 254)}"


def _version(v: Values) -> str:
    return f"{v.rng.randint(0, 12)}.{v.rng.randint(0, 40)}.{v.rng.randint(0, 30)}"


NEG_SLOTS: dict[str, tuple[str | None, Maker]] = {
    **SLOTS,
    "bad_card": (None, lambda v, m: _grouped(_bad_luhn(v), 4)),
    "bad_card_plain": (None, lambda v, m: _bad_luhn(v)),
    "bad_iban": (None, lambda v, m: _bad_iban(v)),
    "bad_aba": (None, lambda v, m: _bad_aba(v)),
    "bad_steuer": (None, lambda v, m: _bad_steuer(v)),
    "bad_aadhaar": (None, lambda v, m: _bad_aadhaar(v)),
    "bad_cpf": (None, lambda v, m: _bad_cpf(v)),
    "isbn": (None, lambda v, m: _isbn13(v)),
    "uuid": (None, lambda v, m: _uuid(v)),
    "sha40": (None, lambda v, m: _sha(v, 40)),
    "sha7": (None, lambda v, m: _sha(v, 7)),
    "sha256": (None, lambda v, m: _sha(v, 64)),
    "doc_ip": (None, lambda v, m: _doc_ip(v)),
    "version": (None, lambda v, m: _version(v)),
    "order_id": (None, lambda v, m: v.choice((f"ORD-{v.digits(8)}", f"#{v.digits(7)}", f"INV-2026-{v.digits(5)}",
                                                f"{v.digits(3)}-{v.digits(7)}-{v.digits(7)}"))),
    "ticket": (None, lambda v, m: v.choice((f"JIRA-{v.rng.randint(100, 9999)}", f"INC{v.digits(7)}",
                                              f"#{v.rng.randint(1000, 99999)}", f"CASE-{v.digits(6)}"))),
    "sku": (None, lambda v, m: v.choice((f"SKU {v.chars('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}-{v.digits(4)}-{v.chars('ABCDEFXYZ', 2)}",
                                           f"part no. {v.digits(3)}-{v.digits(4)}-{v.digits(2)}", f"ASIN B0{v.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 8)}"))),
    "price": (None, lambda v, m: v.choice((f"${v.rng.randint(1, 2000)}.{v.digits(2)}", f"€{v.rng.randint(1, 900)},{v.digits(2)}",
                                             f"£{v.rng.randint(1, 500)}"))),
    "plain_date": (None, lambda v, m: v.dob(v.choice(("us", "uk", "iso", "long", "de")))),
    "public_figure": (None, lambda v, m: v.choice(("Angela Merkel", "Barack Obama", "Marie Curie", "Albert Einstein",
                                                     "Serena Williams", "Taylor Swift", "Nelson Mandela", "Ada Lovelace",
                                                     "Emmanuel Macron", "Hayao Miyazaki", "Frida Kahlo", "Alan Turing",
                                                     "Lionel Messi", "Greta Thunberg", "Elon Musk", "Jane Austen"))),
    "city_coords": (None, lambda v, m: v.choice(("48.8584° N, 2.2945° E", "40.6892, -74.0445", "27.9881° N, 86.9250° E",
                                                   "51.5014, -0.1419", "35.3606° N, 138.7274° E", "-33.8568, 151.2153",
                                                   "41.8902, 12.4922", "29.9792° N, 31.1342° E"))),
    "hexcolor": (None, lambda v, m: "#" + v.chars("0123456789abcdef", 6)),
    "port": (None, lambda v, m: str(v.choice((5432, 6379, 8080, 3306, 27017, 9092, 443)))),
    "math_num": (None, lambda v, m: str(v.rng.randint(1000, 99999))),
    "big_num": (None, lambda v, m: v.digits(9)),
    "year": (None, lambda v, m: str(v.rng.randint(1950, 2030))),
    "pubkey": (None, lambda v, m: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + v.chars(v.B64, 43)),
    "cert": (None, lambda v, m: "-----BEGIN CERTIFICATE-----\nMIID" + v.chars(v.B64, 60) + "\n"
             + "\n".join(v.chars(v.B64, 64) for _ in range(6)) + "\n-----END CERTIFICATE-----"),
    "pubpem": (None, lambda v, m: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
               + v.chars(v.B64, 20) + "\n" + "\n".join(v.chars(v.B64, 64) for _ in range(4)) + "\n-----END PUBLIC KEY-----"),
    "condition": (None, SLOTS["condition"][1]),
    "medication": (None, SLOTS["medication"][1]),
}  # fmt: skip

# (kind_of_lookalike, text) families; each is filled NEG_PER_FAMILY times.
NEG_PER_FAMILY = 5
# fmt: off
NEGATIVES: list[tuple[str, str]] = [
    ("version_number", "Upgrade from {{version}} to {{version#2}} broke the build; what changed in the changelog?"),
    ("version_number", "pip install torch=={{version}} fails on Python 3.13, which version should I pin?"),
    ("isbn", "Find me reviews of the book with ISBN {{isbn}}."),
    ("isbn", "Format this bibliography entry in APA: Smith, J. (2019). Data Pipelines. O'Reilly. ISBN {{isbn}}."),
    ("order_id", "My order {{order_id}} hasn't shipped yet — draft a polite chaser to the shop."),
    ("order_id", "Write a regex that extracts order ids like {{order_id}} from support emails."),
    ("ticket_id", "Summarise ticket {{ticket}}: the export button times out for large workspaces."),
    ("ticket_id", "Write the release note for {{ticket}} and {{ticket#2}} (both fix the login redirect loop)."),
    ("uuid", "Why does Postgres say invalid input syntax for type uuid: '{{uuid}}x'?"),
    ("uuid", "Request {{uuid}} failed with 502 at the load balancer; what should I check first?"),
    ("git_sha", "git bisect says {{sha40}} is the first bad commit. How do I revert just that?"),
    ("git_sha", "Cherry-pick {{sha7}} onto the release branch — what if it conflicts?"),
    ("sha256", "Verify this download: sha256 {{sha256}} — write the shell command."),
    ("sha256", "Docker pulled image@sha256:{{sha256}}; how do I pin it in my compose file?"),
    ("doc_ip", "Write an nginx allow/deny block that only allows {{doc_ip}} and {{doc_ip#2}}."),
    ("doc_ip", "Why can't I ping {{doc_ip}} from the container? Explain docker networking briefly."),
    ("placeholder_address", "In the form example, use a fake address like 123 Fake Street, Anytown, USA 12345 — write the placeholder text for the UI."),
    ("placeholder_address", "Our docs show '1 Example Road, Exampletown, EX1 2MP' as a sample address; make it sound less awkward."),
    ("placeholder_credential", "In a tutorial: connect with postgres://user:password@localhost:5432/mydb and replace user and password with your own. Explain each part."),
    ("placeholder_credential", "The README says export OPENAI_API_KEY=<your-api-key> — where do I put this on Windows?"),
    ("placeholder_credential", "Set API_KEY=YOUR_API_KEY_HERE in the .env template and document it for new contributors."),
    ("placeholder_credential", "Example config for the docs: password: changeme  # replace before deploying. Rewrite the comment to be clearer."),
    ("placeholder_email", "In the signup form placeholder, show name@example.com as the sample e-mail. Write the HTML."),
    ("public_figure", "When was {{public_figure}} born, and what are they best known for?"),
    ("public_figure", "Write a short, neutral summary of {{public_figure}}'s career for a school project."),
    ("public_figure", "Compare the leadership styles of {{public_figure}} and {{public_figure#2}}."),
    ("generic_health", "What are the early symptoms of {{condition}}, and when should someone see a doctor?"),
    ("generic_health", "What is the usual adult dose of {{medication}} and what are the common side effects?"),
    ("generic_health", "Explain how {{condition}} is diagnosed, for a first-year nursing student."),
    ("generic_salary", "What is the average salary of a nurse in Germany compared to the UK?"),
    ("generic_salary", "Is $85,000 a good salary for a junior data scientist in Austin? Explain cost of living."),
    ("generic_salary", "Write a job ad for a barista at £12.50 an hour, 30 hours a week."),
    ("plain_date", "The meeting moved to {{plain_date}}; write a one-line calendar update."),
    ("plain_date", "How many days are there between {{plain_date}} and {{plain_date#2}}?"),
    ("plain_date", "Convert {{plain_date}} to ISO 8601 and to a Unix timestamp."),
    ("price", "The laptop costs {{price}} and the bag {{price#2}}; what's 20% off the total?"),
    ("price", "Write a product description for a kettle priced at {{price}}."),
    ("math", "What is {{math_num}} × {{math_num#2}}? Show the long multiplication."),
    ("math", "Is {{big_num}} a prime number? Explain how you'd check."),
    ("math", "Solve for x: {{math_num}}x + {{math_num#2}} = {{math_num#3}}."),
    ("product_code", "Is {{sku}} compatible with the older model? Draft a question to the supplier."),
    ("product_code", "Write a spreadsheet formula that pulls the price for {{sku}} from the catalogue tab."),
    ("geo_coordinates", "Which landmark is at {{city_coords}}?"),
    ("geo_coordinates", "Compute the great-circle distance between {{city_coords}} and {{city_coords#2}}."),
    ("invalid_card", "Batch reference {{bad_card}} appears twice in the export; write a SQL query to find duplicates."),
    ("invalid_card", "Tracking number {{bad_card_plain}} shows no updates, what does that usually mean?"),
    ("invalid_iban", "Our test fixture uses {{bad_iban}} as an invalid IBAN; write a unit test asserting it is rejected."),
    ("invalid_aba", "Serial {{bad_aba}} is printed on the router label; how do I register the warranty?"),
    ("invalid_id", "Build number {{bad_steuer}} failed in CI; summarise the log below.\nERROR: test_export timed out"),
    ("invalid_id", "The warehouse bin code {{bad_aadhaar}} doesn't scan; write a message to logistics."),
    ("invalid_id", "Protocol number {{bad_cpf}} is missing from the report; draft a note to the lab."),
    ("public_key", "Add this public key to authorized_keys on the server: {{pubkey}} deploy@ci"),
    ("public_key", "Is this a certificate or a key? Explain the format:\n{{cert}}"),
    ("public_key", "Verify a JWT with this public key in Python:\n{{pubpem}}"),
    ("hex_color", "Suggest a palette that goes with {{hexcolor}} and {{hexcolor#2}} for a dashboard."),
    ("port_config", "Postgres listens on {{port}}; write the docker run command that maps it."),
    ("year", "What happened in {{year}} in computing history? Give three events."),
    ("code_numbers", "Explain this code: for i in range({{math_num}}): total += i * {{math_num#2}}"),
    ("pin_hardware", "On the Raspberry Pi, is GPIO pin 17 safe to use for a button? Explain pull-up resistors."),
    ("password_advice", "What makes a password strong? Give general advice without examples of real passwords."),
    ("password_advice", "Explain how bcrypt stores password hashes and why a salt matters."),
    ("token_docs", "Explain the difference between an API key and an OAuth access token."),
    ("license_plate_generic", "How are UK number plates structured? Explain the age identifier."),
    ("passport_generic", "How long does it take to renew a German passport, and what documents are needed?"),
    ("medical_generic", "What is an MRN in a hospital system and who can see it?"),
    ("address_generic", "How do I format a Japanese postal address on an envelope? Explain the order."),
    ("version_number", "Our API is at v{{version}}; write a deprecation notice for v{{version#2}} endpoints."),
    ("order_id", "Refund request for order {{order_id}}: the blender arrived cracked. Keep it short."),
    ("ticket_id", "Close {{ticket}} as a duplicate of {{ticket#2}} and write the comment."),
    ("uuid", "Generate a SQL migration adding a uuid column with default; example value {{uuid}}."),
    ("git_sha", "What does 'detached HEAD at {{sha7}}' mean and how do I get back to main?"),
    ("sha256", "The checksum in the release notes is {{sha256}} but mine differs; what could cause that?"),
    ("doc_ip", "Explain this firewall log line: DENY TCP {{doc_ip}}:{{port}} -> {{doc_ip#2}}:443"),
    ("doc_ip", "Write a Terraform security group rule allowing SSH only from {{doc_ip}}/32."),
    ("invalid_card", "Invoice line {{bad_card}} has the wrong VAT rate; rewrite the correction note."),
    ("invalid_card", "Why does my Luhn validator reject {{bad_card_plain}}? Walk through the algorithm on it."),
    ("invalid_iban", "IBAN {{bad_iban}} fails our checksum test — explain how the mod-97 check rejects it."),
    ("invalid_aba", "The form rejected {{bad_aba}} as a routing number; explain the ABA checksum and show why it fails."),
    ("invalid_id", "Reference code {{bad_steuer}} is listed in the shipping manifest; what's the carrier's format?"),
    ("uuid", "Trace id {{uuid}} shows 3 spans; explain what a parent span is."),
    ("sha256", "Write a Python function that compares two sha256 digests in constant time; example digest {{sha256}}."),
    ("price", "Split a bill of {{price}} between 3 people with a 12% tip."),
    ("product_code", "The label says {{sku}} — what do the parts of a product code like this usually mean?"),
    ("plain_date", "Write a cron expression that runs at 09:00 on {{plain_date}} only."),
    ("math", "What's the remainder of {{big_num}} divided by 97?"),
    ("geo_coordinates", "Convert {{city_coords}} to degrees-minutes-seconds and explain the conversion."),
    ("public_figure", "Write a limerick about {{public_figure}} for a pub quiz."),
    ("generic_health", "Summarise current guidance on screening for {{condition}} in adults over 50."),
    ("hex_color", "Convert {{hexcolor}} to RGB and HSL."),
    ("year", "Write a short timeline of the web from {{year}} to 2025."),
    ("code_numbers", "Why does 0.1 + 0.2 print {{math_num}}.30000000000000004 in this loop? for x in range({{math_num#2}}): ..."),
    ("public_key", "Is it safe to share this in a GitHub issue? It's my public key: {{pubkey}} me@laptop"),
    ("placeholder_credential", "Write docs for: curl -u USERNAME:PASSWORD https://api.example.com/v1/items — say to replace both placeholders."),
    ("placeholder_credential", "The sample .env has DB_PASSWORD=<your-db-password>; write a comment explaining where to get it."),
    ("placeholder_credential", "In this Docker tutorial, POSTGRES_PASSWORD=example is used; explain why it must be changed in production."),
    ("placeholder_address", "Explain why forms often use 'John Doe, 123 Main St, Anytown, USA' as sample data."),
    ("generic_salary", "How is overtime pay calculated in France for a 39-hour week?"),
    ("generic_salary", "What is the median software engineer salary in Berlin in 2026?"),
    ("passport_generic", "Which countries need at least 6 months of validity left on a passport for tourist visits?"),
    ("medical_generic", "How does an NHS number's check digit work? Explain the modulus 11 algorithm in general terms."),
    ("pin_hardware", "What does the PIN on a PIN diode stand for, and how is it used in RF switches?"),
    ("license_plate_generic", "What do the letters on German Kennzeichen mean? Explain with the Munich code M."),
    ("token_docs", "How should a team rotate API keys without downtime? Give a general process."),
    ("address_generic", "What is the format of a UK postcode? Explain outward and inward codes."),
    ("location_generic", "What is the latitude of the Equator and of the Tropic of Cancer?"),
    ("location_generic", "How accurate is GPS on a typical phone, in metres?"),
]
# fmt: on


def build_negatives(v: Values) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    counts: dict[str, int] = {}
    seen: set[str] = set()
    for kind_of, template in NEGATIVES:
        repeats = NEG_PER_FAMILY if "{{" in template else 1
        for _ in range(repeats):
            text, spans, _used = fill(template, v, NEG_SLOTS)
            assert not spans, template
            if text in seen:
                continue
            seen.add(text)
            counts[kind_of] = counts.get(kind_of, 0) + 1
            rows.append({"id": f"neg.{kind_of}.{counts[kind_of]}", "text": text, "kind_of_lookalike": kind_of,
                         "source": SOURCE})  # fmt: skip
    return rows


# --------------------------------------------------------------------------------------------


def _dump(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in rows)


def build() -> tuple[str, str]:
    from importlib.metadata import version

    if version("faker") != FAKER_VERSION:
        sys.exit(
            f"make_corpus.py: needs faker=={FAKER_VERSION} (found {version('faker')}); the output depends on it"
        )
    v = Values(SEED)
    pii = build_pii(v)
    negatives = build_negatives(v)
    ids = [r.id for r in pii]
    assert len(ids) == len(set(ids))
    for row in pii:
        for span in row.spans:
            assert span["kind"] in KINDS
            assert 0 <= int(span["start"]) < int(span["end"]) <= len(row.text)
    return _dump([r.to_json() for r in pii]), _dump(negatives)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=HERE, help="folder for pii.jsonl and negatives.jsonl")
    parser.add_argument(
        "--check", action="store_true", help="compare with the files there instead of writing"
    )
    args = parser.parse_args(argv)
    pii, negatives = build()
    targets = {args.out / "pii.jsonl": pii, args.out / "negatives.jsonl": negatives}
    if args.check:
        stale = [
            str(p) for p, text in targets.items() if not p.is_file() or p.read_text(encoding="utf-8") != text
        ]
        if stale:
            print("make_corpus.py: differs from a fresh build: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("make_corpus.py: committed files match a fresh build")
        return 0
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
        print(f"make_corpus.py: wrote {path} ({text.count(chr(10))} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
