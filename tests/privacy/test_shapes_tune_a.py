"""Shapes of names, addresses, birth dates and locations that people write (own examples)."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def covered(text: str, kind: str, value: str) -> bool:
    start = text.index(value)
    end = start + len(value)
    return any(f.kind == kind and f.start <= start and f.end >= end for f in scan(text))


ADDRESSES = [
    # US, ended by state and ZIP, any street word
    (
        "please post the refund to 4410 Larkspur Bend Apt. 12, Millbrook, OR 97031",
        "4410 Larkspur Bend Apt. 12, Millbrook, OR 97031",
    ),
    (
        "Agent: billing address?\nMe: 77 Quarry Gap, Fort Ellis, KS 66002",
        "77 Quarry Gap, Fort Ellis, KS 66002",
    ),
    (
        "we stayed at 12045 Osprey Knolls Suite 3, New Hartwell, MI 48201 until May",
        "12045 Osprey Knolls Suite 3, New Hartwell, MI 48201",
    ),
    # UK, ended by the postcode, on one line or as on an envelope
    (
        "Parcel for Flat 7b, Rowan Mews, Little Hadham SG11 2DX today",
        "Flat 7b, Rowan Mews, Little Hadham SG11 2DX",
    ),
    (
        "Format this as a letter head:\nTess Okoro\n19 Juniper Holt\nBramford\nIP8 4AW",
        "19 Juniper Holt\nBramford\nIP8 4AW",
    ),
    ("Studio 4, Kestrel Wharf, Lowmoor LS9 8QT", "Studio 4, Kestrel Wharf, Lowmoor LS9 8QT"),
    # DE with the town on its own line, FR with a long street name
    ("Umschlag:\nIlse Brandt\nLindenweg 14\n04109 Leipzig", "Lindenweg 14\n04109 Leipzig"),
    ("Ma nouvelle adresse : 9 chemin Paul Vidal, 31400 Toulouse.", "9 chemin Paul Vidal, 31400 Toulouse"),
    # ES and IT
    (
        "Mándalo a Calle de Santa Engracia, 17, 2º A, 28010 Madrid, gracias.",
        "Calle de Santa Engracia, 17, 2º A, 28010 Madrid",
    ),
    ("Spedisci a Viale Monza 210, 20126 Milano (MI) entro lunedì.", "Viale Monza 210, 20126 Milano (MI)"),
]


@pytest.mark.parametrize(("text", "value"), ADDRESSES)
def test_addresses(text: str, value: str) -> None:
    assert covered(text, "postal_address", value)


@pytest.mark.parametrize(
    "text",
    [
        "The RTX 3090 has 24GB; the V8 2GB model is older.",
        "Section 12 of the act, Part B, is summarised in chapter OK 12345.",
        "Route 66 runs from Chicago, IL to Santa Monica, CA.",
    ],
)
def test_address_look_alikes(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "postal_address"]


BIRTH_DATES = [
    ("Reminder for my brother Olu, birthday is March 4, 1991, book a table.", "March 4, 1991"),
    ("Formulaire : je suis née le 14 février 1985 à Lyon.", "14 février 1985"),
    ("Fecha de nacimiento: 2 de mayo de 1979", "2 de mayo de 1979"),
    ("Data di nascita: 30/11/1970, compila il modulo.", "30/11/1970"),
    ("Geburtsdatum: 3. März 1988", "3. März 1988"),
    ('validate {"name": "x", "date_of_birth": "1983-07-21"}', "1983-07-21"),
    ("He was born on 1990-02-11 and needs a passport.", "1990-02-11"),
    ("生年月日は1990年4月2日です。", "1990年4月2日"),
    ("Write a eulogy for my grandmother: Ada Quinn was born on June 2, 1931 in Leeds.", "June 2, 1931"),
    ("PID|1||4455^^^HOSP^MR||Okafor^Chidi||19800214|M", "19800214"),
]


@pytest.mark.parametrize(("text", "value"), BIRTH_DATES)
def test_birth_dates(text: str, value: str) -> None:
    assert covered(text, "date_of_birth", value)


@pytest.mark.parametrize(
    "text",
    [
        "Who was Ada Lovelace?\n\nShe was born on 10 December 1815 in London.",
        "Ada Lovelace was born on December 10, 1815. Summarise her work.",
        "When is Abraham Lincoln's birthday: February 12, 1809?",
    ],
)
def test_public_birth_dates_are_left_alone(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "date_of_birth"]


LOCATIONS = [
    ("I'm stranded near the ridge at 46.5521° N, 7.9812° E, draft an SOS text.", "46.5521° N, 7.9812° E"),
    ("Mein Standort: 48.1371, 11.5754. Sag meiner Frau Bescheid.", "48.1371, 11.5754"),
    ("Je suis ici : 43.604652,1.444209. Préviens ma sœur.", "43.604652,1.444209"),
    ("Why does my watch log my driveway (39.7392, -104.9903) every time?", "39.7392, -104.9903"),
]


@pytest.mark.parametrize(("text", "value"), LOCATIONS)
def test_locations(text: str, value: str) -> None:
    assert covered(text, "location", value)


@pytest.mark.parametrize(
    "text",
    [
        "What country is at 48.8584, 2.2945? It has a famous tower.",
        "The Eiffel Tower stands at 48.8584° N, 2.2945° E.",
    ],
)
def test_public_coordinates_are_left_alone(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "location"]


NAMES = [
    ("Application form. Name: Orla Kenning. Mobile: 07700 900123.", "Orla Kenning"),
    ("Me llamo Tomasa Ibarreche y necesito ayuda con una carta.", "Tomasa Ibarreche"),
    ("Meu nome é Joaquim Barbosa Neto; escreva um e-mail.", "Joaquim Barbosa Neto"),
    ("Bot: What's the name on the booking? User: Wendell Ashcroft", "Wendell Ashcroft"),
    ('Validate this payload: {"full_name": "Priya Raghunathan", "plan": "pro"}', "Priya Raghunathan"),
    ("Fix this query: SELECT * FROM cars WHERE owner = 'Lionel Sturges';", "Lionel Sturges"),
    ("<Dbtr><Nm>Greta Lindqvist</Nm></Dbtr>", "Greta Lindqvist"),
    ("id,name,email\n7,Rufus Pemberton,r@x.io\n8,Aino Virtanen,a@x.io", "Aino Virtanen"),
    ("INSERT INTO staff (name, team) VALUES ('Bettina Kraus', 'ops');", "Bettina Kraus"),
    ("Please pay the invoice with my card 4539 1488 0343 6467. Merci, Solène Marchal", "Solène Marchal"),
    (
        "Write to my landlord that the rent moves to NL91 ABNA 0417 1643 00. — Duncan Ferrier",
        "Duncan Ferrier",
    ),
    ("Schreib eine Zusage an Herrn Volker Albrecht für Montag.", "Volker Albrecht"),
    ("NIE X1234567L, Inés Carvajal. Redacta la solicitud.", "Inés Carvajal"),
    ("We need to add Moira Tennant as a beneficiary on my policy.", "Moira Tennant"),
    ("Envelope:\nHollis Brandt\n12 Quarry Lane\nOakbury\nOX4 1AB", "Hollis Brandt"),
    ("HR note: Tobias Wren disclosed a back injury; adjust his desk.", "Tobias Wren"),
    ("Name: Declan O'Rourke\nPhone: +44 7700 900456", "Declan O'Rourke"),
    ("氏名は佐藤 花子です。", "佐藤 花子"),
]


@pytest.mark.parametrize(("text", "value"), NAMES)
def test_names(text: str, value: str) -> None:
    assert covered(text, "person_name", value)


@pytest.mark.parametrize(
    "text",
    [
        "The band was formed in 1981 under the name Silver Comet by two sisters.",
        "A man with Asperger syndrome in My Name Is Khan (2010) won awards.",
        "Write a short profile of a fictional character.\n\nName: Louis\nJob: Engineer",
        'Analyse this quote.\n\n"Be the change you wish to see." - Mahatma Gandhi',
        "Explain the following term - Natural Language Processing",
        "Give me a bulleted list of the last ten U.S. Open Golf Champions",
        "Rank these bowlers.\n\n1. Shane Warne\n2. Anil Kumble",
        "Use the Boyer-Moore Voting Algorithm.",
        'Every episode title begins with the word "My". The writer says this is because each episode is Dr. John'
        " Dorian writing in his diary.",
    ],
)
def test_public_and_fictional_names_are_left_alone(text: str) -> None:
    assert not [f for f in scan(text) if f.kind == "person_name"]


def test_a_signature_is_found_at_the_end_of_an_earlier_turn_too() -> None:
    # Turns are scanned joined by line breaks: the sign-off of the first stays found.
    first = "Please pay the invoice with my card 4539 1488 0343 6467. Merci, Solène Marchal"
    assert covered(first + "\nAnd what is the weather like?", "person_name", "Solène Marchal")


@pytest.mark.parametrize(
    "text",
    [
        "Teams:\nSt. Louis Cardinals\nToronto Raptors",
        "Wealth is distorted.\n\n—Joseph Stiglitz\npolitical economist",
        "For a guide, see the outline of engineering.\n\nHoover Dam\nEngineering feats",
    ],
)
def test_headings_and_attributions_are_not_signatures(text: str) -> None:
    assert not [f for f in scan("Tell me about it. " + text) if f.kind == "person_name"]
