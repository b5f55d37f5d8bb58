"""Locations, phones, SSNs, national ids, cards and emails the way people write them, with the
look-alikes next to them. Every example is invented for this file."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


# (text, kind, every value that must be found, each exactly)
FOUND = [
    # location: pairs in every notation, one finding per value when they stand in fields
    (
        "my daughter's watch pinged from lat 51.5033 lon -0.1196 an hour ago",
        "location",
        ["51.5033", "-0.1196"],
    ),
    (
        'the kid tracker log: {"kid":"Noor","latitude": 52.0907, "longitude": 5.1214}',
        "location",
        ["52.0907", "5.1214"],
    ),
    (
        "EXIF of the selfie I took at home\nGPSLatitude: 41.3874\nGPSLongitude: 2.1686",
        "location",
        ["41.3874", "2.1686"],
    ),
    (
        "Order(customer='Ines Marquez', pickup_lat=-34.6037, pickup_lng=-58.3816)",
        "location",
        ["-34.6037", "-58.3816"],
    ),
    ("home:\n  latitude: 59.3293\n  longitude: 18.0686\n", "location", ["59.3293", "18.0686"]),
    ("je suis perdu, ma position: N 45.7640 E 4.8357", "location", ["N 45.7640 E 4.8357"]),
    (
        "my brother's live location https://maps.google.com/?q=40.7580%2C-73.9855",
        "location",
        ["40.7580%2C-73.9855"],
    ),
    ("meet me at geo:52.5200,13.4050 after work", "location", ["52.5200,13.4050"]),
    ("mi madre me mandó su ubicación: -12.0464, -77.0428", "location", ["-12.0464, -77.0428"]),
    ("私の自宅の座標は(34.6937, 135.5023)です", "location", ["34.6937, 135.5023"]),
    ("sono bloccato, la mia posizione è 45°27'50\"N 9°11'25\"E", "location", ["45°27'50\"N 9°11'25\"E"]),
    ("we're stranded at N 46°33' E 7°58', send help", "location", ["N 46°33' E 7°58'"]),
    ("my gps: 35.6895 139.6917, come pick me up", "location", ["35.6895 139.6917"]),
    # phone: national groupings after a phone word, a contact verb or a phone word right after
    ("Il mio numero è 333 912 4471, scrivimi pure", "phone", ["333 912 4471"]),
    ("mijn nummer: 06-41237788, bel me na vijf", "phone", ["06-41237788"]),
    ("Groetjes, Sanne de Vries 06 73920418", "phone", ["06 73920418"]),
    ("or txt 0708-551 204 after six", "phone", ["0708-551 204"]),
    ("ring me på 20 45 61 88 i aften", "phone", ["20 45 61 88"]),
    ("Agent: callback number?\nCaller: 312 555 0142, it's my cell", "phone", ["312 555 0142"]),
    ("Reach me at (312) 555-0186 x 23 any time", "phone", ["(312) 555-0186 x 23"]),
    ("office: +44 20 7946 0321 ext. 4410", "phone", ["+44 20 7946 0321 ext. 4410"]),
    ("mi cel 912 448 306, escríbeme", "phone", ["912 448 306"]),
    ("電話番号は090-4412-7781です", "phone", ["090-4412-7781"]),
    ('{"name": "Ana Ruiz", "phone": "4155550187"}', "phone", ["4155550187"]),
    ("contact:\n  phone_number: 07700900872\n", "phone", ["07700900872"]),
    ("Tel: 0221/4711-0 oder 030/1234567", "phone", ["0221/4711-0", "030/1234567"]),
    ("Handynummer 0176 12345678, ruf an", "phone", ["0176 12345678"]),
    ("call 1 (415) 555-0176 after lunch", "phone", ["1 (415) 555-0176"]),
    ("Teléfono: 5512345678", "phone", ["5512345678"]),
    ("Phone: 987 654 321", "phone", ["987 654 321"]),
    ("chiamami allo 02 123 456", "phone", ["02 123 456"]),
    ("電話番号：0312345678", "phone", ["0312345678"]),
    (
        "name,phone,city\nAnna Berg,0701234567,Uppsala\nLars Dahl,+46 70 987 65 43,Lund",
        "phone",
        ["0701234567", "+46 70 987 65 43"],
    ),
    ("id\tMobile\tplan\n1\t07700 900123\tbasic", "phone", ["07700 900123"]),
    # ssn: the short labels people type
    ("new hire paperwork, ss# 512448871", "ssn", ["512448871"]),
    ("SS no. 512-44-8871 please", "ssn", ["512-44-8871"]),
    ("his soc sec is 512 44 8871", "ssn", ["512 44 8871"]),
    # national ids
    ("min datters cpr-nr. er 230395 1428", "national_id", ["230395 1428"]),
    ("codice fiscale: rssmra85t10a562s", "national_id", ["rssmra85t10a562s"]),
    # payment card flush against Japanese text (fullwidth digits too)
    (
        "カード番号は４１１１ １１１１ １１１１ １１１１です",
        "payment_card",
        ["４１１１ １１１１ １１１１ １１１１"],
    ),
    # email at a provider, TLD left out
    ("her email is tomas.r88 at hotmail, cc him", "email", ["tomas.r88 at hotmail"]),
]


@pytest.mark.parametrize(("text", "kind", "values"), FOUND)
def test_finds_the_phrasing(text: str, kind: str, values: list[str]) -> None:
    found = spans(text)
    for value in values:
        assert (kind, value) in found, found


CLEAN = [
    "What city is at 48.8566, 2.3522?",
    "The Eiffel Tower is at 48.8584° N, 2.2945° E. How tall is it?",
    "const tokyo = { lat: 35.6762, lng: 139.6503 }; how do I add a marker with the Maps JS API?",
    "my code computes the haversine distance between lat 35.68 lon 139.69 and lat 51.50 lon -0.12",
    "Our user table has columns lat, lng; the sample row is lat=52.52, lng=13.40 for Berlin.",
    "Kilimanjaro summit 3°04'33\"S 37°21'12\"E, what is its elevation?",
    "How long is 3.14159 times 2.71828, to 5 decimals?",
    "Order number 4521 3342 1123 shipped yesterday",
    "Il mio numero di ordine è 123 456 789",
    "We trained on 12 000 000 text samples, call it a day",
    "Why can't I ping 198.51.100.23 from the container?",
    "Version 10.2.13.4 of the agent crashes on start",
    "the population is 8 336 817 and my number of users is 4 511 902",
    "she works at google and I'm at gmail a lot",
    "Ticket 230395 1428 is closed",
    "The train leaves at 12/05 and costs 30/1234567 in total",
    "Tel Aviv 2023 population 4 500 000",
    "the table: 35.6895 139.6917 for the atlas",
    "year,revenue\n2021,1234567\n2022,2345678",
    "phone,count\niphone 12,4500000",
    "tel = 20231015",
    "Mobile: 12 345 678 sessions last month",
    "mobile: 1.2.3-beta build 2024061201",
]


@pytest.mark.parametrize("text", CLEAN)
def test_leaves_look_alikes_alone(text: str) -> None:
    assert spans(text) == []
