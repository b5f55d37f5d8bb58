"""Wider phrasings of PINs, birth dates, plates, passports, licences, bank accounts and addresses (own examples)."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def covered(text: str, kind: str, value: str) -> bool:
    start = text.index(value)
    end = start + len(value)
    return any(f.kind == kind and f.start <= start and f.end >= end for f in scan(text))


POSITIVES = [
    # lock and card codes, several languages, the value a few words after the label
    ("pin", "The code for the back gate is 5820, the shed is open.", "5820"),
    ("pin", "Le code de l'interphone est 4419, 2e étage.", "4419"),
    ("pin", "Il codice della cassaforte è 80213.", "80213"),
    ("pin", "De code van het hangslot is 6638.", "6638"),
    ("pin", "Koden til nøgleboksen er 2714.", "2714"),
    ("pin", "Der Tresor hat den Code 91827, der Briefkasten 3355.", "3355"),
    ("pin", "bike lock combination: 13-07-22", "13-07-22"),
    ("pin", "I changed the passcode to 480116 yesterday and now 480116 does not work", "480116"),
    # birth dates: formats, languages, who
    ("date_of_birth", "my sister, born 07.11.1994, wants a horoscope", "07.11.1994"),
    ("date_of_birth", "Grandpa was born on the 2nd of March 1948 and still drives", "2nd of March 1948"),
    ("date_of_birth", "Fecha de nacimiento: 12 de octubre de 1979", "12 de octubre de 1979"),
    ("date_of_birth", "Geboortedatum 03-05-2001, woonplaats Utrecht", "03-05-2001"),
    ("date_of_birth", "jeg er født 14. maj 1986 i Aarhus", "14. maj 1986"),
    ("date_of_birth", "Eu nasci em 9 de julho de 1990, qual é o meu signo?", "9 de julho de 1990"),
    ("date_of_birth", "the clinic form wants my DOB without dashes; it is Aug 30 1972", "Aug 30 1972"),
    ("date_of_birth", "segment: PID|1||55501^^^MRN||DOE^ANNA||19850412|F", "19850412"),
    # plates with context words, and shapes near a vehicle
    ("license_plate", "Ma voiture immatriculée EK-719-PB a été rayée.", "EK-719-PB"),
    ("license_plate", "auto o numerze rejestracyjnym WA 4K771 stoi na parkingu", "WA 4K771"),
    ("license_plate", "visitor parking list:\nanil - MH 12 DE 4410\nrita - TN 09 BZ 7781", "TN 09 BZ 7781"),
    ("license_plate", "the van that reversed into me was YK19 ZTP, saw it clearly", "YK19 ZTP"),
    # passports with a looser label, JSON, the MRZ
    ("passport", "the form says 'passport no.' and mine is 704312958", "704312958"),
    ("passport", '{"name": "Ines", "passport": "X8841207"}', "X8841207"),
    ("passport", "Mijn paspoortnummer is BX71KD2R8, klopt dat?", "BX71KD2R8"),
    (
        "passport",
        "P<NLDVOS<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<<<<\nBX71KD2R84NLD9001014F3001012<<<<<<<<<<<<<<04",
        "BX71KD2R8",
    ),
    # passports: inflected labels (Polish, Turkish), "n.º", book/card, travel document, a
    # nationality or an owner between label and number, ten digits
    ("passport", "Mój numer paszportu: ZT5502817, proszę o tłumaczenie", "ZT5502817"),
    ("passport", "Pasaport no: U31847260, vize başvurusu için", "U31847260"),
    ("passport", "Número de pasaporte n.º XQ7730152 a nombre de mi padre", "XQ7730152"),
    ("passport", "Passaporte n.º YB204716, válido até 2031", "YB204716"),
    ("passport", "my passport card number is C77201845 and the book is older", "C77201845"),
    ("passport", "Travel document number: K3HT92LM4 (Irish passport)", "K3HT92LM4"),
    ("passport", "o passaporte português CP118274 é do meu marido", "CP118274"),
    ("passport", "Passnummer von meiner Tochter Mila: L2FX81Z05, bitte eintragen", "L2FX81Z05"),
    ("passport", "Passport: 7311820465 is the old one", "7311820465"),
    # licences without "driver's"
    ("drivers_license", "florida dl W425-731-88-412-0 got suspended, what now", "W425-731-88-412-0"),
    ("drivers_license", "VIC licence number 093482117 for the rental car", "093482117"),
    ("drivers_license", "My licence number is MORGA753116SM9IJ, the DVLA letter says", "MORGA753116SM9IJ"),
    # bank accounts: pairs, other languages, a sort code table
    ("bank_account", "they need routing and account: 021000021 and 4471902236", "4471902236"),
    ("bank_account", "Mi número de cuenta es 00491500051234567", "00491500051234567"),
    ("bank_account", "Kontonummer: 1234567890 bei der Sparkasse", "1234567890"),
    ("bank_account", "name;sort_code;account\nLeo Hart;40-11-62;71823340", "40-11-62"),
    # addresses of many countries, fields, care-of lines, lower case
    ("postal_address", "je vis au 8 rue des Lilas\n69003 Lyon", "8 rue des Lilas\n69003 Lyon"),
    (
        "postal_address",
        "Ik woon op Kerkstraat 12-1, 3511 LK Utrecht sinds mei",
        "Kerkstraat 12-1, 3511 LK Utrecht",
    ),
    ("postal_address", "Adres: ul. Długa 5/3\n80-827 Gdańsk", "ul. Długa 5/3\n80-827 Gdańsk"),
    (
        "postal_address",
        "Vivo en Carrer de Mallorca 401, 3r 1a, 08013 Barcelona.",
        "Carrer de Mallorca 401, 3r 1a, 08013 Barcelona",
    ),
    (
        "postal_address",
        "Abito in Corso Vercelli 22, 20145 Milano da due anni",
        "Corso Vercelli 22, 20145 Milano",
    ),
    (
        "postal_address",
        "mudei para Rua das Flores 88, apto 12, Centro, Curitiba - PR, 80020-090",
        "Rua das Flores 88, apto 12, Centro, Curitiba - PR, 80020-090",
    ),
    (
        "postal_address",
        "new place: 7/112 Oxford Street, Darlinghurst NSW 2010",
        "7/112 Oxford Street, Darlinghurst NSW 2010",
    ),
    (
        "postal_address",
        "send it to 55 Rue Sherbrooke, app. 9\nSherbrooke (Québec) J1H 4A7\nCanada",
        "55 Rue Sherbrooke, app. 9\nSherbrooke (Québec) J1H 4A7\nCanada",
    ),
    ("postal_address", "apt 4 33 victoria rd leeds ls6 1dp please", "apt 4 33 victoria rd leeds ls6 1dp"),
    (
        "postal_address",
        "Customer(address_line1='Plas Gwyn, 9 Ffordd y Llan', city='Bala')",
        "Plas Gwyn, 9 Ffordd y Llan",
    ),
    ("postal_address", "House 41, Road 11, Banani, Dhaka 1213", "House 41, Road 11, Banani, Dhaka 1213"),
    (
        "postal_address",
        "Bitte an:\nJonas Berg\nc/o Pflegeheim Sonnenhof\nIm Wiesengrund 7, Zimmer 20\n88212 Ravensburg",
        "c/o Pflegeheim Sonnenhof\nIm Wiesengrund 7, Zimmer 20\n88212 Ravensburg",
    ),
    (
        "postal_address",
        "Ms Aoi Sato, 4-2-9 Ebisu, Room 302, Shibuya-ku, Tokyo 150-0013",
        "4-2-9 Ebisu, Room 302, Shibuya-ku, Tokyo 150-0013",
    ),
]


@pytest.mark.parametrize(("kind", "text", "value"), POSITIVES)
def test_found(kind: str, text: str, value: str) -> None:
    assert covered(text, kind, value), [(f.kind, text[f.start : f.end]) for f in scan(text)]


NEGATIVES = [
    # codes that open nothing, years, birth dates of public figures and of history
    ("pin", "HTTP status code 4040 does not exist; use 404."),
    ("pin", "The error code 1603 appears when the installer fails."),
    ("pin", "Dial the country code 0045 before the number."),
    ("date_of_birth", "Was Ada Lovelace born on 10 December 1815?"),
    ("date_of_birth", "Tell me about her.\n\nMaria Lopez (Spanish swimmer; born 3 May 1971) won silver."),
    ("date_of_birth", "The meeting was moved from 12.03.2024 to 19.03.2024."),
    ("license_plate", "German plates follow the format AB-123-CD in most examples."),
    ("passport", "How long does a passport renewal take in 2025?"),
    ("passport", "Travel document rules changed in 2024 for 150000 travellers."),
    ("passport", "Ile kosztuje paszport dla dziecka w 2026 roku?"),
    ("drivers_license", "My license key is 4411-2231-8890 for the software, please activate it."),
    ("bank_account", "The routing table has 4096 entries and the account tier allows 250000 requests."),
    ("postal_address", "Python 3.12, 2024 Edition of the book is out."),
    ("postal_address", "listen_address: 0.0.0.0:8080"),
    ("postal_address", "Example: 10 Rue Exemple, 75000 Paris"),
]


@pytest.mark.parametrize(("kind", "text"), NEGATIVES)
def test_not_found(kind: str, text: str) -> None:
    assert not [f for f in scan(text) if f.kind == kind], [
        (f.kind, text[f.start : f.end]) for f in scan(text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Employee 4471 earns $85,000 a year.",
        "Intern 4471 earns $85,000 a year.",
        # Case-blind matching takes İ for i and ſ for s: the gate that skips the "employee 4471"
        # subject when the words are absent must not skip it here.
        "İntern 4471 earns $85,000 a year, café.",
        "Uſer 4471 earns $85,000 a year.",
    ],
)
def test_a_numbered_employee_s_salary(text: str) -> None:
    # The period after the amount belongs to it.
    assert ("salary", "$85,000 a year") in [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    "text",
    [
        "DOB 12/03/1985 (born at home)",
        # Case-blind matching takes ı for i: the label's gate looks for lower-cased pieces, and
        # must not skip the label here.
        "Date of bırth: 12/03/1985, born at home",
    ],
)
def test_a_birth_date_label_next_to_born(text: str) -> None:
    assert ("date_of_birth", "12/03/1985") in [(f.kind, text[f.start : f.end]) for f in scan(text)]
