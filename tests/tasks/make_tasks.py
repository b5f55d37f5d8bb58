"""Write edged/tasks/data/*.jsonl: the local-task suite, one file per task type.

Run from the repository root: ``python tests/tasks/make_tasks.py``. Every computed answer
(conversions, arithmetic, dates, sorting, tables) is computed here, never typed;
tests/tasks/test_data.py checks that the shipped files are exactly what this script writes.
Tasks alternate dev, test within each type, so each type sits in both splits in equal measure.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "edged" / "tasks" / "data"
WRITTEN = "written for edged"
KNOWLEDGE = "written for edged from public general knowledge"

Row = dict[str, Any]


def task(prompt: str, check: dict[str, Any], references: list[str], wrong: str, source: str = WRITTEN) -> Row:
    return {"prompt": prompt, "check": check, "references": references, "wrong": wrong, "source": source}


def match(accept: list[str], reject: list[str] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"kind": "match", "accept": accept}
    if reject:
        spec["reject"] = reject
    return spec


def number(value: float, tol: float = 0.0, rel: float = 0.0) -> dict[str, Any]:
    spec: dict[str, Any] = {"kind": "number", "value": value}
    if tol:
        spec["tol"] = tol
    if rel:
        spec["rel"] = rel
    return spec


def fmt(x: float, places: int = 2) -> str:
    text = f"{x:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- fact -----------------------------------------------------------------------------------

FACTS: list[tuple[str, list[str], str, str]] = [
    # prompt, accepted answers (the first is the reference), wrong answer, reference sentence
    ("What's the tallest mountain in Africa?", ["Kilimanjaro"], "Mount Kenya", "Mount Kilimanjaro"),
    ("What is the capital of Australia?", ["Canberra"], "Sydney", "Canberra"),
    ("capital of canada?", ["Ottawa"], "Toronto", "The capital of Canada is Ottawa."),
    ("Which is the largest planet in our solar system?", ["Jupiter"], "Saturn", "Jupiter"),
    ("What's the chemical symbol for gold?", ["Au"], "Ag", "Au"),
    ("Who wrote Pride and Prejudice?", ["Jane Austen", "Austen"], "Charlotte Brontë", "Jane Austen"),
    ("What's the longest river in South America?", ["Amazon"], "The Paraná River", "The Amazon"),
    ("Which planet is called the Red Planet?", ["Mars"], "Venus", "Mars"),
    ("What is the largest ocean on Earth?", ["Pacific"], "The Atlantic Ocean", "The Pacific Ocean"),
    (
        "Who painted the Mona Lisa?",
        ["Leonardo da Vinci", "da Vinci", "Leonardo"],
        "Michelangelo",
        "Leonardo da Vinci",
    ),
    (
        "What gas do plants take in from the air for photosynthesis?",
        ["carbon dioxide", "CO2"],
        "Oxygen",
        "Carbon dioxide (CO2)",
    ),
    ("What is the capital of Japan?", ["Tokyo"], "Kyoto", "Tokyo"),
    ("Who came up with the theory of relativity?", ["Einstein"], "Isaac Newton", "Albert Einstein"),
    ("What's the capital of Brazil?", ["Brasília", "Brasilia"], "Rio de Janeiro", "Brasília"),
    ("What is the hardest natural substance?", ["diamond"], "Quartz", "Diamond"),
    ("What currency is used in Japan?", ["yen"], "The yuan", "The Japanese yen"),
    ("Which element has atomic number 1?", ["hydrogen"], "Helium", "Hydrogen"),
    ("What is the largest country by area?", ["Russia"], "Canada", "Russia"),
    ("What language do most people speak in Brazil?", ["Portuguese"], "Spanish", "Portuguese"),
    (
        "Who was the first person to walk on the Moon?",
        ["Neil Armstrong", "Armstrong"],
        "Buzz Aldrin",
        "Neil Armstrong",
    ),
    ("what's the capital of italy", ["Rome", "Roma"], "Milan", "Rome"),
    ("Which organ pumps blood around the body?", ["heart"], "The lungs", "The heart"),
    ("What's the capital of Egypt?", ["Cairo"], "Alexandria", "Cairo"),
    ("Which planet is closest to the Sun?", ["Mercury"], "Venus", "Mercury"),
    ("Who wrote Romeo and Juliet?", ["Shakespeare"], "Christopher Marlowe", "William Shakespeare"),
    ("Capital of Spain?", ["Madrid"], "Barcelona", "Madrid"),
    (
        "What is the largest animal that has ever lived?",
        ["blue whale"],
        "The African elephant",
        "The blue whale",
    ),
    ("What's the chemical formula for water?", ["H2O"], "H2O2", "H2O"),
    ("What is the capital of Kenya?", ["Nairobi"], "Mombasa", "Nairobi"),
    ("Which country gave the Statue of Liberty to the United States?", ["France"], "England", "France"),
    ("Which planet is famous for its big bright rings?", ["Saturn"], "Jupiter", "Saturn"),
    ("What is the capital of Germany?", ["Berlin"], "Munich", "Berlin"),
    ("In which country is Machu Picchu?", ["Peru"], "Bolivia", "Peru"),
    ("Which metal is liquid at room temperature?", ["mercury"], "Lead", "Mercury"),
    ("Who wrote the novel 1984?", ["George Orwell", "Orwell"], "Aldous Huxley", "George Orwell"),
    ("What's the capital of South Korea?", ["Seoul"], "Busan", "Seoul"),
    ("What is the highest mountain in the world?", ["Everest"], "K2", "Mount Everest"),
    ("What's the largest lake in Africa?", ["Lake Victoria", "Victoria"], "Lake Tanganyika", "Lake Victoria"),
    ("Who discovered penicillin?", ["Alexander Fleming", "Fleming"], "Louis Pasteur", "Alexander Fleming"),
    ("What is the capital of Argentina?", ["Buenos Aires"], "Córdoba", "Buenos Aires"),
    ("What language is mainly spoken in Mexico?", ["Spanish"], "Portuguese", "Spanish"),
    ("What's the main ingredient in guacamole?", ["avocado", "avocados"], "Tomato", "Avocado"),
    ("Which country is Marrakech in?", ["Morocco"], "Algeria", "Morocco"),
    ("What is the capital of Turkey?", ["Ankara"], "Istanbul", "Ankara"),
    ("What sweet food do bees make?", ["honey"], "Pollen", "Honey"),
    ("What is the capital of the United Kingdom?", ["London"], "Edinburgh", "London"),
    (
        "What's the longest bone in the human body?",
        ["femur", "thigh bone", "thighbone"],
        "The tibia",
        "The femur",
    ),
    ("What's the capital of Norway?", ["Oslo"], "Bergen", "Oslo"),
    ("What's the plural of mouse (the animal)?", ["mice"], "Mouses", "Mice"),
    ("Which continent is Kenya in?", ["Africa"], "Asia", "Africa"),
    ("What is the smallest continent by area?", ["Australia", "Oceania"], "Europe", "Australia"),
    ("Who composed the Moonlight Sonata?", ["Beethoven"], "Mozart", "Ludwig van Beethoven"),
    ("What is the capital of the United States?", ["Washington"], "New York", "Washington, D.C."),
    ("What's the freezing point of water in Celsius?", ["0", "zero"], "32 degrees", "0 °C"),
]

FACT_NUMBERS: list[tuple[str, float, float, str, str]] = [
    # prompt, value, tolerance, reference, wrong
    ("At sea level, water boils at how many degrees Celsius?", 100, 0, "100 °C", "90 °C"),
    ("How many continents are there?", 7, 0, "There are 7 continents.", "6"),
    ("In what year did World War II end?", 1945, 0, "1945", "1944"),
    ("What's the smallest prime number?", 2, 0, "2", "1"),
    ("How many sides does a hexagon have?", 6, 0, "Six", "8"),
    ("How many days are in a leap year?", 366, 0, "366", "365"),
    ("At what temperature in Fahrenheit does water freeze?", 32, 0, "32 °F", "0 °F"),
    ("How many bones are in an adult human body?", 206, 0, "206", "212"),
    ("How many players does a soccer team have on the field?", 11, 0, "11 players", "10"),
    (
        "Roughly how many kilometres per second does light travel?",
        299_792,
        3_000,
        "About 300,000 km/s",
        "About 186,000 km/s",
    ),
    ("How many strings does a standard guitar have?", 6, 0, "6", "Four"),
    ("How many hours does it take the Earth to spin once?", 24, 0.1, "About 24 hours", "12 hours"),
]


def facts() -> list[Row]:
    rows = [
        task(prompt, match(accept), [reference], wrong, KNOWLEDGE)
        for prompt, accept, wrong, reference in FACTS
    ]
    rows.append(
        task(
            "Which blood type is the universal donor?",
            {"kind": "regex", "pattern": r"\bO\s?(?:neg\b|negative\b|-|−|–)", "flags": "i"},
            ["O negative", "O-"],
            "AB positive",
            KNOWLEDGE,
        )
    )
    rows += [
        task(prompt, number(value, tol), [reference], wrong, KNOWLEDGE)
        for prompt, value, tol, reference, wrong in FACT_NUMBERS
    ]
    return rows


# --- convert --------------------------------------------------------------------------------

MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def say_date(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def date_check(d: dt.date) -> dict[str, Any]:
    """A date named in any common way, with or without its year, as long as no other year is."""
    month, short = MONTHS[d.month - 1], MONTHS[d.month - 1][:3]
    accept = [d.isoformat()]
    for m in dict.fromkeys([month, short]):
        for day in (str(d.day), ordinal(d.day)):
            accept += [f"{m} {day}", f"{day} {m}", f"{day} of {m}"]
    accept.append(f"{d.day}/{d.month}/{d.year}")
    # US order only where it cannot be read as a different day.
    if d.day > 12 or d.day == d.month:
        accept.append(f"{d.month}/{d.day}/{d.year}")
    return match(accept, [str(d.year - 1), str(d.year + 1)])


def c_to_f(c: float) -> float:
    return c * 9 / 5 + 32


UNITS: list[tuple[str, str, float, list[float], float]] = [
    # from unit, to unit, factor, example values, relative tolerance
    ("kilometres", "miles", 1 / 1.609344, [5, 42.195, 120, 8], 0.01),
    ("miles", "kilometres", 1.609344, [3, 26.2, 60], 0.01),
    ("inches", "centimetres", 2.54, [12, 6.5, 30], 0.01),
    ("feet", "metres", 0.3048, [6, 100, 5280], 0.01),
    ("metres", "feet", 1 / 0.3048, [2, 50], 0.01),
    ("kilograms", "pounds", 1 / 0.45359237, [70, 2.5, 15], 0.01),
    ("pounds", "kilograms", 0.45359237, [180, 5, 45], 0.01),
    ("litres", "US gallons", 1 / 3.785411784, [10, 50], 0.01),
    ("US gallons", "litres", 3.785411784, [4, 12], 0.01),
    ("ounces", "grams", 28.349523125, [8, 3], 0.01),
]


def converts() -> list[Row]:
    rows: list[Row] = []
    for src, dst, factor, values, rel in UNITS:
        for i, v in enumerate(values):
            got = v * factor
            prompt = [f"Convert {fmt(v, 3)} {src} to {dst}.", f"How many {dst} is {fmt(v, 3)} {src}?"][i % 2]
            rows.append(task(prompt, number(got, rel=rel), [f"{fmt(got)} {dst}"], f"{fmt(got * 1.25)} {dst}"))
    for c in (25, 37, -10, 180, 12):
        f = c_to_f(c)
        rows.append(
            task(
                f"What is {c}°C in Fahrenheit?",
                number(f, tol=0.5),
                [f"{fmt(f, 1)} °F"],
                f"{fmt(f + 10, 1)} °F",
            )
        )
    for f in (98.6, 50, 212 - 12, 0):
        c = (f - 32) * 5 / 9
        rows.append(
            task(
                f"Convert {fmt(f, 1)} °F to Celsius",
                number(c, tol=0.5),
                [f"{fmt(c, 1)} °C"],
                f"{fmt(c + 8, 1)} °C",
            )
        )
    for hh, mm in ((14, 45), (23, 5), (12, 30), (0, 20), (18, 0)):
        h12 = hh % 12 or 12
        half = "PM" if hh >= 12 else "AM"
        wrong_half = "AM" if half == "PM" else "PM"
        ref = f"{h12}:{mm:02d} {half}"
        accept = [f"{h12}:{mm:02d} {half}"]
        if mm == 0:
            accept.append(f"{h12} {half}")
        rows.append(
            task(
                f"Convert {hh:02d}:{mm:02d} to 12-hour time.",
                match(accept),
                [ref, f"{h12}:{mm:02d} {half.lower()[0]}.m."],
                f"{h12}:{mm:02d} {wrong_half}",
            )
        )
    for h12, mm, half in ((9, 30, "PM"), (12, 15, "AM"), (7, 5, "AM"), (12, 40, "PM")):
        hh = (h12 % 12) + (12 if half == "PM" else 0)
        accept = [f"{hh:02d}:{mm:02d}"] + ([f"{hh}:{mm:02d}"] if hh < 10 else [])
        wrong = f"{(hh + 12) % 24:02d}:{mm:02d}"
        rows.append(
            task(f"What is {h12}:{mm:02d} {half} in 24-hour time?", match(accept), [accept[0]], wrong)
        )
    durations = [
        ("How many minutes are in 3.5 hours?", 3.5 * 60),
        ("How many seconds are in 12 minutes?", 12 * 60),
        ("How many hours are in 9 days?", 9 * 24),
        ("How many days are in 7 weeks?", 7 * 7),
        ("How many minutes is 2 hours and 15 minutes?", 2 * 60 + 15),
        ("How many hours is 540 minutes?", 540 / 60),
    ]
    rows += [task(p, number(v), [f"{fmt(v)}"], f"{fmt(v + 10)}") for p, v in durations]
    for start, days in (
        (dt.date(2025, 3, 3), 45),
        (dt.date(2024, 2, 20), 14),
        (dt.date(2025, 12, 20), 30),
        (dt.date(2026, 1, 31), 1),
    ):
        end = start + dt.timedelta(days=days)
        rows.append(
            task(
                f"What date is {days} day{'s' if days != 1 else ''} after {say_date(start)}?",
                date_check(end),
                [say_date(end), end.isoformat()],
                say_date(end + dt.timedelta(days=1)),
            )
        )
    for d in (dt.date(2000, 1, 1), dt.date(1969, 7, 20), dt.date(2024, 2, 29), dt.date(2025, 12, 25)):
        day = WEEKDAYS[d.weekday()]
        rows.append(
            task(
                f"What day of the week was {say_date(d)}?",
                {"kind": "label", "labels": WEEKDAYS, "answer": day},
                [day, f"{say_date(d)} was a {day}."],
                WEEKDAYS[(d.weekday() + 1) % 7],
            )
        )
    for a, b in ((dt.date(2025, 1, 10), dt.date(2025, 2, 20)), (dt.date(2024, 2, 1), dt.date(2024, 3, 1))):
        n = (b - a).days
        rows.append(
            task(
                f"How many days after {say_date(a)} is {say_date(b)}?",
                number(n),
                [f"{n} days"],
                f"{n - 1} days",
            )
        )
    return rows


# --- arithmetic -----------------------------------------------------------------------------


def arithmetic() -> list[Row]:
    rng = random.Random(14)
    rows: list[Row] = []

    def add(prompt: str, value: float, wrong: float) -> None:
        rows.append(task(prompt, number(value, tol=1e-6), [fmt(value)], fmt(wrong)))

    for _ in range(6):
        a, b = rng.randint(100, 999), rng.randint(100, 999)
        add(rng.choice([f"What's {a} + {b}?", f"{a} plus {b}?", f"Add {a} and {b}."]), a + b, a + b + 10)
    for _ in range(6):
        a, b = rng.randint(500, 4000), rng.randint(50, 499)
        add(
            rng.choice([f"What is {a} - {b}?", f"{a} minus {b}?", f"Subtract {b} from {a}."]),
            a - b,
            a - b - 10,
        )
    for _ in range(6):
        a, b = rng.randint(12, 49), rng.randint(11, 29)
        add(
            rng.choice([f"What's {a} times {b}?", f"{a} × {b} = ?", f"Multiply {a} by {b}."]),
            a * b,
            a * b + b,
        )
    for _ in range(6):
        b, q = rng.randint(3, 19), rng.randint(12, 60)
        add(rng.choice([f"What is {b * q} divided by {b}?", f"{b * q} / {b} = ?"]), q, q + 1)
    for p, base in ((15, 80), (20, 45), (12.5, 64), (8, 250), (35, 120), (5, 18)):
        add(f"What is {fmt(p)}% of {base}?", p * base / 100, p * base / 100 + 1)
    for n in (13, 17, 24, 31):
        add(f"What is the square root of {n * n}?", n, n + 1)
    for n in (14, 19, 25):
        add(f"What's {n} squared?", n * n, n * n - n)
    for nums in ((12, 18, 27), (4, 9, 14, 21), (70, 85, 91)):
        mean = sum(nums) / len(nums)
        add(f"What's the average of {', '.join(map(str, nums[:-1]))} and {nums[-1]}?", mean, mean + 1)
    words = [
        ("I have 3 boxes with 12 eggs each. How many eggs is that?", 36, 15),
        ("A pizza is cut into 10 slices and 3 people eat 2 slices each. How many slices are left?", 4, 7),
        ("A book costs $14 and I pay with a $50 note. How much change do I get?", 36, 64),
        ("Tickets are $7.50 each. How much do 4 tickets cost?", 30, 28),
        ("A bill is $60. What is a 15% tip?", 9, 6),
        ("If a car goes 60 km per hour, how far does it go in 2.5 hours?", 150, 120),
        ("There are 24 students split into teams of 4. How many teams?", 6, 8),
        ("A shirt costs $40 and is 25% off. What's the sale price?", 30, 10),
    ]
    for prompt, value, wrong in words:
        add(prompt, value, wrong)
    add("What is 2 to the power of 10?", 2**10, 2 * 10)
    add("What is 7 factorial?", math.factorial(7), 7 * 6)
    return rows


# --- extract --------------------------------------------------------------------------------

TRAINS = [
    ("Leeds", "9:40", 4, "York", "10:15", 7),
    ("Bristol", "8:05", 2, "Bath", "8:20", 11),
    ("Oxford", "14:10", 9, "Reading", "14:25", 3),
    ("Brighton", "17:45", 12, "Dover", "18:00", 5),
    ("Cardiff", "6:55", 1, "Swansea", "7:30", 8),
]
FLIGHTS = [
    ("UA 882", "Denver", "C14", "UA 301", "Austin", "C9"),
    ("LH 451", "Chicago", "B22", "LH 612", "Boston", "B7"),
    ("BA 2490", "Madrid", "A3", "BA 117", "Lisbon", "A12"),
    ("AF 1380", "Rome", "F31", "AF 990", "Nice", "F18"),
    ("KL 643", "Oslo", "D5", "KL 1207", "Bergen", "D16"),
]
EMAILS = [
    ("Priya", "priya.n@fastmail.com", "desk@agency.io"),
    ("Marco", "marco.b@studio-rossi.it", "info@studio-rossi.it"),
    ("Hana", "hana.k@lab.example.org", "lab-office@example.org"),
    ("Owen", "owen.price@mailbox.org", "orders@teashop.co.uk"),
    ("Lena", "lena@weber-design.de", "support@weber-design.de"),
]
RECEIPTS = [(38.00, 3.04), (12.50, 1.00), (84.20, 6.74), (7.99, 0.64), (150.00, 12.38)]
ORDERS = [
    ("48213", "1Z999AA10123456784"),
    ("A-7731", "9400111899560000000001"),
    ("30992", "JD014600003828"),
    ("7715-B", "1Z12345E0205271688"),
    ("66120", "LX123456789CN"),
]
ROLES = [
    ("Maria Lopez", "CFO", "Tom Reed", "CTO", "CTO"),
    ("Aiko Sato", "head of design", "Ben Carter", "head of sales", "head of design"),
    ("Omar Haddad", "project lead", "Julia Novak", "QA lead", "QA lead"),
    ("Grace Kim", "chair", "Luis Ortega", "secretary", "secretary"),
    ("Noah Fischer", "goalkeeper", "Eli Brandt", "captain", "captain"),
]
ADDRESSES = [
    ("22 Elm St, Portland, OR", "Portland", "9 Oak Ave, Salem, OR", "Salem"),
    ("4 Rue Victor Hugo, Lyon", "Lyon", "18 Avenue Foch, Paris", "Paris"),
    ("Calle Mayor 3, Toledo", "Toledo", "Gran Vía 40, Madrid", "Madrid"),
    ("77 King St W, Toronto, ON", "Toronto", "5 Rideau St, Ottawa, ON", "Ottawa"),
    ("12 Hafenstraße, Hamburg", "Hamburg", "3 Marienplatz, Munich", "Munich"),
]
LEASES = [
    (dt.date(2025, 6, 1), dt.date(2026, 5, 31)),
    (dt.date(2024, 9, 15), dt.date(2025, 3, 14)),
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2023, 10, 1), dt.date(2024, 9, 30)),
    (dt.date(2026, 2, 1), dt.date(2026, 7, 31)),
]
PHONES = [
    ("front desk", "555-0142", "room service", "555-0187"),
    ("pharmacy", "555-0199", "clinic", "555-0110"),
    ("sales", "555-0123", "support", "555-0176"),
    ("school office", "555-0164", "bus company", "555-0131"),
    ("landlord", "555-0158", "plumber", "555-0105"),
]
MEETINGS = [
    ("Team sync", "Tuesday", "3pm", "Thursday", ["11 am", "11:00"], "11am"),
    ("Budget review", "Monday", "10am", "Wednesday", ["2 pm", "14:00", "2:00 pm"], "2pm"),
    ("Design crit", "Friday", "9am", "Tuesday", ["4 pm", "16:00", "4:00 pm"], "4pm"),
    ("1:1 with Sam", "Wednesday", "1pm", "Friday", ["10 am", "10:00"], "10am"),
    ("Parents' evening", "Thursday", "6pm", "Monday", ["7 pm", "19:00", "7:00 pm"], "7pm"),
]


def long_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def extracts() -> list[Row]:
    rows: list[Row] = []
    for a, at, ap, b, bt, bp in TRAINS:
        rows.append(
            task(
                f"The {at} train to {a} leaves from platform {ap}; the {bt} to {b} from platform {bp}. Which platform is the {b} train?",
                match([f"platform {bp}", str(bp)], [f"platform {ap}", str(ap), at]),
                [f"Platform {bp}"],
                f"Platform {ap}",
            )
        )
    for fa, ca, ga, fb, cb, gb in FLIGHTS:
        rows.append(
            task(
                f"Announcement: 'Flight {fa} to {ca} is now boarding at gate {ga}. Flight {fb} to {cb} will board at gate {gb}.' What gate is the {ca} flight?",
                match([ga, f"{ga[0]} {ga[1:]}"], [gb, f"{gb[0]} {gb[1:]}"]),
                [f"Gate {ga}"],
                f"Gate {gb}",
            )
        )
    for name, mine, other in EMAILS:
        rows.append(
            task(
                f"Reach {name} at {mine} or the office at {other}. What is {name}'s email address?",
                match([mine], [other]),
                [mine],
                other,
            )
        )
    for sub, tax in RECEIPTS:
        total = round(sub + tax, 2)
        rows.append(
            task(
                f"Receipt: subtotal ${sub:.2f}, tax ${tax:.2f}, total ${total:.2f}. What was the total?",
                match(
                    [f"{total:.2f}"] + ([fmt(total)] if fmt(total) != f"{total:.2f}" else []),
                    [f"{sub:.2f}", fmt(sub)],
                ),
                [f"${total:.2f}"],
                f"${sub:.2f}",
            )
        )
    for order, tracking in ORDERS:
        rows.append(
            task(
                f"Your order #{order} has shipped. Tracking number: {tracking}. What's the order number?",
                match([order], [tracking]),
                [f"#{order}", order],
                tracking,
            )
        )
    for pa, ra, pb, rb, ask in ROLES:
        who, other = (pa, pb) if ask == ra else (pb, pa)
        rows.append(
            task(
                f"Joining the call: {pa} ({ra}) and {pb} ({rb}). Who is the {ask}?",
                match([who, who.split()[0]], [other, other.split()[0]]),
                [who],
                other,
            )
        )
    for ship, city, bill, other in ADDRESSES:
        rows.append(
            task(
                f"Ship to: {ship}. Bill to: {bill}. Which city is the parcel going to?",
                match([city], [other]),
                [city],
                other,
            )
        )
    for start, end in LEASES:
        check = date_check(end)
        # The start date must not be named; its year may well be.
        check["reject"] = [f"{MONTHS[start.month - 1]} {start.day}", f"{start.day} {MONTHS[start.month - 1]}"]
        check["accept"] = [a for a in check["accept"] if "/" not in a] + [f"{end.day}/{end.month}/{end.year}"]
        rows.append(
            task(
                f"The lease starts on {long_date(start)} and ends on {long_date(end)}. When does it end?",
                check,
                [long_date(end)],
                long_date(start),
            )
        )
    for a, na, b, nb in PHONES:
        rows.append(
            task(
                f"For the {a} call {na}; for the {b} call {nb}. What number do I call for the {b}?",
                match([nb], [na]),
                [nb],
                na,
            )
        )
    for name, old_day, old_time, new_day, new_times, new_time in MEETINGS:
        rows.append(
            task(
                f"'{name} moved from {old_day} {old_time} to {new_day} {new_time}.' When is it now?",
                {"kind": "text", "all": [[new_day], [new_time, *new_times]], "none": [old_day]},
                [f"{new_day} at {new_times[0]}", f"{new_day} {new_time}"],
                f"{old_day} at {old_time}",
            )
        )
    return rows


# --- classify -------------------------------------------------------------------------------

SENTIMENT = [
    ("Arrived broken and support never replied.", "negative"),
    ("Best pizza I've had in years, will be back!", "positive"),
    ("The package arrived on Tuesday.", "neutral"),
    ("Battery dies in two hours. Total waste of money.", "negative"),
    ("Lovely staff and a spotless room.", "positive"),
    ("The manual is 40 pages long.", "neutral"),
    ("I'm so happy with this blender, it crushes ice like nothing.", "positive"),
    ("Cold food, rude waiter, never again.", "negative"),
    ("The store opens at 9 on weekdays.", "neutral"),
    ("Exceeded my expectations, highly recommend.", "positive"),
    ("The app crashes every time I open it.", "negative"),
    ("It comes in blue and grey.", "neutral"),
    ("Fast delivery and great quality. Thanks!", "positive"),
    ("Overpriced and the strap broke in a week.", "negative"),
]
SPAM = [
    ("CONGRATULATIONS! You've won a $1000 gift card. Click here to claim now!!!", "spam"),
    ("Hi Tom, are we still on for lunch tomorrow at 12?", "not spam"),
    ("Your account is suspended. Verify your password at secure-bank-login.xyz", "spam"),
    ("Reminder: your dentist appointment is on Friday at 3pm.", "not spam"),
    ("Earn $5000 a week from home, no experience needed, reply YES", "spam"),
    ("Attached are the slides from today's meeting.", "not spam"),
    ("Cheap meds without prescription, limited offer!!!", "spam"),
    ("Can you pick up milk on the way home?", "not spam"),
]
TOPICS = [
    ("Striker scores twice as United beat City 3-1", "sports"),
    ("Parliament passes new budget after late-night vote", "politics"),
    ("New phone chip promises twice the battery life", "technology"),
    ("Shares of the retailer fall 8% after weak earnings", "business"),
    ("Tennis star withdraws from Wimbledon with knee injury", "sports"),
    ("Senator announces run for governor", "politics"),
    ("Startup releases open-source database for edge devices", "technology"),
    ("Central bank holds interest rates steady", "business"),
    ("Olympic relay team sets new world record", "sports"),
    ("Software update fixes Wi-Fi bug in millions of laptops", "technology"),
]
LANGUAGES = [
    ("Où est la gare, s'il vous plaît ?", "French"),
    ("¿Dónde está la estación de tren?", "Spanish"),
    ("Ich habe heute keine Zeit.", "German"),
    ("Mi piace molto questa città.", "Italian"),
    ("Thank you for your help yesterday.", "English"),
    ("Nous allons au marché demain matin.", "French"),
    ("Wir sehen uns morgen im Büro.", "German"),
    ("Me gustaría un café con leche, por favor.", "Spanish"),
]
ANIMALS = [
    ("whale", "mammal"),
    ("penguin", "bird"),
    ("frog", "amphibian"),
    ("shark", "fish"),
    ("crocodile", "reptile"),
    ("bat", "mammal"),
    ("salamander", "amphibian"),
    ("ostrich", "bird"),
    ("tortoise", "reptile"),
    ("salmon", "fish"),
]
PRIMES = [(91, "composite"), (97, "prime"), (51, "composite"), (89, "prime")]


def is_prime(n: int) -> bool:
    return n > 1 and all(n % k for k in range(2, math.isqrt(n) + 1))


def classify() -> list[Row]:
    rows: list[Row] = []

    def add(prompt: str, labels: list[str], answer: str, source: str = WRITTEN) -> None:
        wrong = next(label for label in labels if label != answer)
        check = {"kind": "label", "labels": labels, "answer": answer}
        rows.append(task(prompt, check, [answer, f"{answer.capitalize()}."], wrong, source))

    for text, label in SENTIMENT:
        add(
            f'Is this review positive, negative or neutral? "{text}"',
            ["positive", "negative", "neutral"],
            label,
        )
    for text, label in SPAM:
        add(f'Spam or not spam? "{text}"', ["spam", "not spam"], label)
    for text, label in TOPICS:
        add(
            f'Classify this headline as sports, politics, technology or business: "{text}"',
            ["sports", "politics", "technology", "business"],
            label,
        )
    for text, label in LANGUAGES:
        add(
            f'Which language is this: English, French, Spanish, German or Italian? "{text}"',
            ["English", "French", "Spanish", "German", "Italian"],
            label,
        )
    for animal, label in ANIMALS:
        add(
            f"Is a {animal} a mammal, bird, reptile, amphibian or fish?",
            ["mammal", "bird", "reptile", "amphibian", "fish"],
            label,
            KNOWLEDGE,
        )
    for n, label in PRIMES:
        assert (label == "prime") == is_prime(n)
        add(f"Is {n} prime or composite?", ["prime", "composite"], label)
    return rows


# --- format_json ----------------------------------------------------------------------------

PEOPLE = [
    ("Ana Ruiz", 34, "Valencia"),
    ("Tom Becker", 52, "Leipzig"),
    ("Mei Lin", 27, "Taipei"),
    ("Sam Okafor", 41, "Lagos"),
    ("Ines Duarte", 19, "Porto"),
    ("Jon Berg", 63, "Uppsala"),
    ("Lucy Hart", 30, "Leeds"),
    ("Ravi Menon", 45, "Kochi"),
]
PRODUCTS = [
    ("desk lamp", 24.99, 2),
    ("USB cable", 6.5, 5),
    ("notebook", 3.2, 10),
    ("office chair", 149.0, 1),
    ("water bottle", 12.75, 3),
    ("headphones", 59.9, 1),
    ("stapler", 8.4, 4),
    ("monitor stand", 34.5, 2),
]
BOOKS = [
    ("Pride and Prejudice", "Jane Austen", 1813),
    ("Moby-Dick", "Herman Melville", 1851),
    ("Frankenstein", "Mary Shelley", 1818),
    ("The Great Gatsby", "F. Scott Fitzgerald", 1925),
    ("Nineteen Eighty-Four", "George Orwell", 1949),
    ("Jane Eyre", "Charlotte Brontë", 1847),
    ("Dracula", "Bram Stoker", 1897),
    ("Little Women", "Louisa May Alcott", 1868),
]
EVENTS = [
    ("dentist", dt.date(2025, 3, 14), "09:30"),
    ("team offsite", dt.date(2025, 6, 2), "10:00"),
    ("piano recital", dt.date(2024, 11, 23), "18:45"),
    ("car service", dt.date(2025, 1, 8), "08:15"),
    ("book club", dt.date(2025, 9, 30), "19:00"),
    ("flight to Rome", dt.date(2026, 4, 11), "06:50"),
    ("yoga class", dt.date(2025, 2, 3), "17:30"),
    ("job interview", dt.date(2025, 7, 21), "14:00"),
]
TRIPS = [
    ("Paris", "Berlin", 2),
    ("Oslo", "Stockholm", 1),
    ("Madrid", "Lisbon", 3),
    ("Vienna", "Prague", 2),
    ("Dublin", "London", 4),
    ("Rome", "Milan", 1),
]


def format_json() -> list[Row]:
    rows: list[Row] = []

    def add(prompt: str, values: dict[str, Any], wrong: dict[str, Any]) -> None:
        ref = json.dumps(values, ensure_ascii=False)
        rows.append(
            task(prompt, {"kind": "json", "values": values}, [ref], json.dumps(wrong, ensure_ascii=False))
        )

    for name, age, city in PEOPLE:
        add(
            f"Turn this into JSON with keys name, age, city: {name}, {age} years old, lives in {city}.",
            {"name": name, "age": age, "city": city},
            {"name": name, "age": age + 1, "city": city},
        )
    for product, price, qty in PRODUCTS:
        add(
            f"JSON with keys product, price, quantity please: {qty} x {product} at ${fmt(price)} each",
            {"product": product, "price": price, "quantity": qty},
            {"product": product, "price": round(price * qty, 2), "quantity": qty}
            if qty > 1
            else {"product": product, "price": price, "quantity": 2},
        )
    for title, author, year in BOOKS:
        add(
            f"Give me JSON with title, author and year for: {author} published {title} in {year}.",
            {"title": title, "author": author, "year": year},
            {"title": author, "author": title, "year": year},
        )
    for what, day, time in EVENTS:
        add(
            f"Make a JSON object with keys event, date (YYYY-MM-DD) and time (HH:MM) for: {what} on {say_date(day)} at {time}",
            {"event": what, "date": day.isoformat(), "time": time},
            {"event": what, "date": (day + dt.timedelta(days=1)).isoformat(), "time": time},
        )
    for origin, dest, stops in TRIPS:
        add(
            f"Write as JSON with keys from, to, stops: a train trip from {origin} to {dest} with {stops} stop{'s' if stops > 1 else ''}.",
            {"from": origin, "to": dest, "stops": stops},
            {"from": dest, "to": origin, "stops": stops},
        )
    return rows


# --- format_list ----------------------------------------------------------------------------

WORD_SETS = [
    ["pear", "apple", "fig", "banana"],
    ["Oslo", "Cairo", "Lima", "Berlin", "Austin"],
    ["zebra", "moose", "eagle", "koala"],
    ["violin", "drum", "flute", "cello", "harp"],
    ["Tuesday", "Friday", "Monday"],
    ["copper", "iron", "zinc", "gold", "tin"],
    ["Mars", "Venus", "Earth", "Jupiter"],
    ["river", "hill", "lake", "forest"],
    ["Spain", "Chile", "Egypt", "Nepal", "Ghana"],
    ["oak", "birch", "maple", "ash"],
    ["tiger", "lion", "cheetah", "jaguar", "puma"],
    ["Rome", "Athens", "Dublin", "Vienna"],
    ["carrot", "potato", "onion", "leek", "beet"],
    ["blue", "red", "green", "yellow"],
    ["Ruth", "Adam", "Nora", "Eli", "Zara"],
    ["salt", "pepper", "basil", "cumin"],
    ["Peru", "India", "Japan", "Kenya"],
    ["chess", "poker", "bridge", "checkers", "go"],
]
NUMBER_SETS = [
    [42, 7, 19, 3, 25],
    [88, 15, 61, 40],
    [9, 102, 56, 33, 71],
    [14, 5, 27, 11],
    [300, 45, 120, 75, 9],
    [64, 8, 32, 16],
    [17, 4, 23, 10, 1],
    [250, 99, 180, 36],
    [6, 60, 16, 66, 26],
    [13, 31, 3, 30],
]
FILTER_SETS = [
    [3, 8, 5, 12, 7, 10],
    [21, 14, 9, 30, 6],
    [11, 4, 17, 22, 13, 2],
    [15, 40, 33, 18, 27],
    [24, 7, 36, 19, 50],
    [45, 12, 81, 67, 20],
]
TABLES = [
    (["name", "age"], [["Ann", 31], ["Bob", 25], ["Cleo", 40]], "Ann is 31, Bob is 25, Cleo is 40"),
    (
        ["city", "country"],
        [["Lyon", "France"], ["Porto", "Portugal"], ["Graz", "Austria"]],
        "Lyon is in France, Porto in Portugal, Graz in Austria",
    ),
    (["item", "price"], [["tea", 3], ["cake", 4], ["juice", 2]], "tea costs 3, cake 4 and juice 2"),
    (
        ["fruit", "colour"],
        [["lemon", "yellow"], ["lime", "green"], ["plum", "purple"]],
        "lemons are yellow, limes green, plums purple",
    ),
    (["player", "goals"], [["Kim", 12], ["Ravi", 9], ["Lea", 15]], "Kim scored 12 goals, Ravi 9, Lea 15"),
    (["day", "high"], [["Mon", 18], ["Tue", 21], ["Wed", 16]], "highs of 18 on Mon, 21 on Tue and 16 on Wed"),
    (["student", "grade"], [["Mia", "A"], ["Leo", "B"], ["Zoe", "C"]], "Mia got an A, Leo a B, Zoe a C"),
    (["planet", "moons"], [["Earth", 1], ["Mars", 2], ["Mercury", 0]], "Earth has 1 moon, Mars 2, Mercury 0"),
    (
        ["pet", "name"],
        [["dog", "Rex"], ["cat", "Milo"], ["parrot", "Kiwi"]],
        "our dog is Rex, the cat is Milo and the parrot is Kiwi",
    ),
    (
        ["room", "floor"],
        [["kitchen", 0], ["office", 2], ["bedroom", 1]],
        "kitchen on floor 0, office on floor 2, bedroom on floor 1",
    ),
    (
        ["country", "capital"],
        [["Peru", "Lima"], ["Chad", "N'Djamena"], ["Laos", "Vientiane"]],
        "Peru's capital is Lima, Chad's is N'Djamena, Laos's is Vientiane",
    ),
    (
        ["task", "owner"],
        [["budget", "Ana"], ["slides", "Raj"], ["venue", "Kai"]],
        "Ana owns the budget, Raj the slides, Kai the venue",
    ),
]
ORDERED = [
    (
        "List the planets in order from the Sun.",
        ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"],
        ["Pluto"],
    ),
    ("What are the days of the week, starting with Monday?", WEEKDAYS, []),
    ("List the first six months of the year in order.", MONTHS[:6], MONTHS[6:]),
    (
        "Name the colours of the rainbow in order.",
        ["red", "orange", "yellow", "green", "blue", "indigo", "violet"],
        [],
    ),
]


def format_list() -> list[Row]:
    rows: list[Row] = []

    def add(
        prompt: str, items: list[str], others: list[str], wrong: list[str], source: str = WRITTEN
    ) -> None:
        check: dict[str, Any] = {"kind": "list", "items": items}
        if others:
            check["others"] = others
        rows.append(
            task(
                prompt,
                check,
                [", ".join(items), "\n".join(f"- {i}" for i in items)],
                ", ".join(wrong),
                source,
            )
        )

    for i, words in enumerate(WORD_SETS):
        items = sorted(words, key=str.lower)
        if i % 3 == 2:
            items = items[::-1]
            prompt = f"Sort in reverse alphabetical order: {', '.join(words)}"
        else:
            prompt = f"Sort these alphabetically: {', '.join(words)}"
        add(prompt, items, [], words if words != items else words[::-1])
    for i, nums in enumerate(NUMBER_SETS):
        desc = i % 2 == 1
        items = [str(n) for n in sorted(nums, reverse=desc)]
        order = "largest to smallest" if desc else "smallest to largest"
        add(f"Sort from {order}: {', '.join(map(str, nums))}", items, [], [str(n) for n in nums])
    for i, nums in enumerate(FILTER_SETS):
        even = i % 2 == 0
        keep = [str(n) for n in nums if (n % 2 == 0) == even]
        drop = [str(n) for n in nums if (n % 2 == 0) != even]
        add(
            f"Which of these are {'even' if even else 'odd'}: {', '.join(map(str, nums))}?",
            keep,
            drop,
            keep[:-1] + drop[:1],
        )
    for prompt, items, others in ORDERED:
        wrong = items[:]
        wrong[1], wrong[2] = wrong[2], wrong[1]
        add(prompt, items, others, wrong, KNOWLEDGE)
    for header, table, text in TABLES:
        csv = "\n".join([",".join(header), *(",".join(str(c) for c in row) for row in table)])
        wrong = "\n".join([",".join(header), *(",".join(str(c) for c in row[::-1]) for row in table)])
        rows.append(
            task(
                f"Make a CSV with columns {','.join(header)} from: {text}",
                {"kind": "csv", "header": header, "rows": table},
                [csv],
                wrong,
            )
        )
    return rows


# --- translate ------------------------------------------------------------------------------

TRANSLATIONS: list[tuple[str, str, str, list[list[str]], str]] = [
    # source language, text, target language, key word groups, reference; the wrong answer follows
    (
        "French",
        "Le chat dort sur le canapé.",
        "English",
        [["cat"], ["sleeping", "sleeps", "asleep"], ["sofa", "couch"]],
        "The cat is sleeping on the sofa.",
    ),
    (
        "French",
        "Je suis très fatigué ce soir.",
        "English",
        [["tired"], ["tonight", "this evening"], ["very", "really", "so"]],
        "I am very tired tonight.",
    ),
    ("French", "Où est la bibliothèque ?", "English", [["where"], ["library"]], "Where is the library?"),
    (
        "French",
        "Nous avons mangé des pommes.",
        "English",
        [["we"], ["ate", "eaten"], ["apples"]],
        "We ate apples.",
    ),
    (
        "French",
        "Il pleut depuis ce matin.",
        "English",
        [["raining", "rained", "rain"], ["morning"]],
        "It has been raining since this morning.",
    ),
    (
        "French",
        "Ma sœur habite à Lyon.",
        "English",
        [["sister"], ["lives"], ["lyon"]],
        "My sister lives in Lyon.",
    ),
    (
        "French",
        "Le train part à huit heures.",
        "English",
        [["train"], ["leaves", "departs"], ["eight", "8"]],
        "The train leaves at eight o'clock.",
    ),
    ("French", "J'ai perdu mes clés.", "English", [["lost"], ["keys"]], "I lost my keys."),
    (
        "Spanish",
        "El perro juega en el jardín.",
        "English",
        [["dog"], ["plays", "playing"], ["garden", "yard"]],
        "The dog plays in the garden.",
    ),
    (
        "Spanish",
        "Mañana vamos a la playa.",
        "English",
        [["tomorrow"], ["beach"]],
        "Tomorrow we are going to the beach.",
    ),
    ("Spanish", "No tengo hambre.", "English", [["not", "dont"], ["hungry"]], "I am not hungry."),
    (
        "Spanish",
        "La tienda cierra a las nueve.",
        "English",
        [["shop", "store"], ["closes"], ["nine", "9"]],
        "The shop closes at nine.",
    ),
    (
        "Spanish",
        "Mi hermano es médico.",
        "English",
        [["brother"], ["doctor", "physician"]],
        "My brother is a doctor.",
    ),
    (
        "Spanish",
        "¿Cuánto cuesta este libro?",
        "English",
        [["how much"], ["book"]],
        "How much does this book cost?",
    ),
    ("Spanish", "Hace mucho frío hoy.", "English", [["cold"], ["today"]], "It is very cold today."),
    (
        "Spanish",
        "Ellos viven cerca del río.",
        "English",
        [["they"], ["live"], ["river"], ["near", "close"]],
        "They live near the river.",
    ),
    (
        "German",
        "Das Wetter ist heute schön.",
        "English",
        [["weather"], ["today"], ["nice", "beautiful", "lovely", "fine", "good"]],
        "The weather is nice today.",
    ),
    (
        "German",
        "Ich trinke gern Kaffee.",
        "English",
        [["like", "enjoy", "love"], ["coffee"]],
        "I like drinking coffee.",
    ),
    ("German", "Wo ist der Bahnhof?", "English", [["where"], ["station"]], "Where is the train station?"),
    (
        "German",
        "Meine Mutter kocht das Abendessen.",
        "English",
        [["mother", "mom", "mum"], ["cooking", "cooks", "making"], ["dinner", "supper"]],
        "My mother is cooking dinner.",
    ),
    (
        "German",
        "Das Buch liegt auf dem Tisch.",
        "English",
        [["book"], ["table"]],
        "The book is on the table.",
    ),
    (
        "German",
        "Wir fahren am Montag nach Berlin.",
        "English",
        [["monday"], ["berlin"], ["we"]],
        "We are going to Berlin on Monday.",
    ),
    ("Italian", "La pizza è deliziosa.", "English", [["pizza"], ["delicious"]], "The pizza is delicious."),
    ("Italian", "Dove si trova il museo?", "English", [["where"], ["museum"]], "Where is the museum?"),
    (
        "Italian",
        "Ho due gatti neri.",
        "English",
        [["two", "2"], ["black"], ["cats"]],
        "I have two black cats.",
    ),
    (
        "Italian",
        "Il negozio è chiuso la domenica.",
        "English",
        [["shop", "store"], ["closed"], ["sunday", "sundays"]],
        "The shop is closed on Sundays.",
    ),
    ("English", "The cat is black.", "French", [["chat"], ["noir"]], "Le chat est noir."),
    (
        "English",
        "I would like a coffee, please.",
        "French",
        [["cafe"], ["voudrais", "veux", "aimerais"], ["vous plait", "te plait", "svp"]],
        "Je voudrais un café, s'il vous plaît.",
    ),
    ("English", "Where is the station?", "French", [["ou"], ["gare"]], "Où est la gare ?"),
    (
        "English",
        "My brother lives in Paris.",
        "French",
        [["frere"], ["habite", "vit"], ["paris"]],
        "Mon frère habite à Paris.",
    ),
    ("English", "Thank you very much.", "French", [["merci"], ["beaucoup"]], "Merci beaucoup."),
    ("English", "The house is big.", "French", [["maison"], ["grande"]], "La maison est grande."),
    (
        "English",
        "Good morning, how are you?",
        "Spanish",
        [["buenos dias"], ["como esta", "como estas", "que tal"]],
        "Buenos días, ¿cómo estás?",
    ),
    ("English", "The water is cold.", "Spanish", [["agua"], ["fria"]], "El agua está fría."),
    (
        "English",
        "I have a red car.",
        "Spanish",
        [["coche", "carro", "auto"], ["rojo"], ["tengo"]],
        "Tengo un coche rojo.",
    ),
    (
        "English",
        "Where is the bathroom?",
        "Spanish",
        [["donde"], ["bano", "servicio", "aseo"]],
        "¿Dónde está el baño?",
    ),
    ("English", "We are going to the market.", "Spanish", [["vamos"], ["mercado"]], "Vamos al mercado."),
    ("English", "My name is Anna.", "Spanish", [["me llamo", "mi nombre es"], ["anna"]], "Me llamo Anna."),
    ("English", "The children are playing.", "German", [["kinder"], ["spielen"]], "Die Kinder spielen."),
    ("English", "I am hungry.", "German", [["ich"], ["hunger", "hungrig"]], "Ich habe Hunger."),
    ("English", "The door is open.", "German", [["tur"], ["offen", "geoffnet", "auf"]], "Die Tür ist offen."),
    ("English", "Good night!", "German", [["gute nacht"]], "Gute Nacht!"),
    (
        "English",
        "The book is very good.",
        "Italian",
        [["libro"], ["buono", "bello", "ottimo"]],
        "Il libro è molto buono.",
    ),
    (
        "English",
        "Thank you and goodbye.",
        "Italian",
        [["grazie"], ["arrivederci", "ciao", "arrivederla"]],
        "Grazie e arrivederci.",
    ),
]
# A plausible mistranslation per line: one key word replaced.
TRANSLATION_WRONG = [
    "The dog is sleeping on the sofa.",
    "I am very hungry tonight.",
    "Where is the bookshop?",
    "We ate pears.",
    "It has been snowing since this morning.",
    "My brother lives in Lyon.",
    "The train arrives at eight o'clock.",
    "I found my keys.",
    "The cat plays in the garden.",
    "Tomorrow we are going to the mountains.",
    "I am not thirsty.",
    "The shop opens at nine.",
    "My brother is a teacher.",
    "How much does this bag cost?",
    "It is very hot today.",
    "They live near the sea.",
    "The weather is bad today.",
    "I like drinking tea.",
    "Where is the airport?",
    "My father is cooking dinner.",
    "The book is on the chair.",
    "We are going to Munich on Monday.",
    "The pasta is delicious.",
    "Where is the church?",
    "I have two white dogs.",
    "The shop is open on Sundays.",
    "Le chien est noir.",
    "Je voudrais un thé, s'il vous plaît.",
    "Où est l'école ?",
    "Ma sœur habite à Paris.",
    "Merci.",
    "La voiture est grande.",
    "Buenas noches, ¿cómo estás?",
    "El agua está caliente.",
    "Tengo un coche azul.",
    "¿Dónde está la cocina?",
    "Vamos a la playa.",
    "Me llamo Ana María y tengo hambre.",
    "Die Kinder schlafen.",
    "Ich habe Durst.",
    "Die Tür ist zu.",
    "Guten Morgen!",
    "Il film è molto buono.",
    "Grazie e buongiorno.",
]


def translate() -> list[Row]:
    rows: list[Row] = []
    for (src, text, dst, groups, ref), wrong in zip(TRANSLATIONS, TRANSLATION_WRONG, strict=True):
        prompt = f"Translate to {dst}: {text}" if src != "English" else f"How do you say '{text}' in {dst}?"
        check = {"kind": "text", "all": groups, "max_words": 25}
        rows.append(task(prompt, check, [ref], wrong))
    return rows


# --- rewrite --------------------------------------------------------------------------------

SENTENCES: list[tuple[str, list[list[str]], str]] = [
    # text, key word groups that a faithful rewrite keeps, a short faithful rewrite
    (
        "The meeting that was planned for Monday has been moved to Friday afternoon because the manager is travelling.",
        [["meeting"], ["friday"]],
        "Meeting moved to Friday afternoon; manager travelling.",
    ),
    (
        "Please remember to bring your passport and your boarding pass to the airport on Saturday morning.",
        [["passport"], ["boarding pass"]],
        "Bring passport and boarding pass Saturday morning.",
    ),
    (
        "Our office will be closed on Thursday for the public holiday and will reopen on Friday.",
        [["closed"], ["thursday"]],
        "Office closed Thursday, reopens Friday.",
    ),
    (
        "The new version of the app fixes the login bug and makes the home screen load faster.",
        [["login"], ["faster"]],
        "New app fixes login bug, loads faster.",
    ),
    (
        "I wanted to let you know that the parcel you ordered last week was delivered to your neighbour.",
        [["parcel"], ["neighbour", "neighbor"]],
        "Your parcel was delivered to your neighbour.",
    ),
    (
        "The swimming pool is closed for cleaning until next Wednesday at noon.",
        [["pool"], ["wednesday"]],
        "Pool closed for cleaning until Wednesday noon.",
    ),
    (
        "Thanks so much for helping me move all of those heavy boxes into the new flat yesterday.",
        [["thanks", "thank"], ["boxes", "move", "moving"]],
        "Thanks for helping me move the boxes.",
    ),
    (
        "The concert tickets go on sale at ten o'clock tomorrow and they usually sell out within an hour.",
        [["tickets"], ["tomorrow"]],
        "Concert tickets on sale tomorrow at ten.",
    ),
    (
        "Due to heavy snow, all buses on the north line are cancelled for the rest of the day.",
        [["snow"], ["buses", "bus"], ["cancelled", "canceled", "cancels", "cancel"]],
        "Snow cancels north line buses today.",
    ),
    (
        "The library has extended its opening hours and now stays open until nine in the evening.",
        [["library"], ["nine", "9"]],
        "Library now open until nine pm.",
    ),
    (
        "Your invoice for March is attached, and payment is due within thirty days.",
        [["invoice"], ["thirty", "30"]],
        "March invoice attached, due in thirty days.",
    ),
    (
        "The kids loved the museum trip, especially the dinosaur room and the planetarium show.",
        [["museum"], ["dinosaur"]],
        "Kids loved the museum's dinosaur room.",
    ),
    (
        "We are very sorry, but your table reservation for Saturday evening has been cancelled.",
        [["reservation"], ["saturday"]],
        "Sorry, Saturday reservation cancelled.",
    ),
    (
        "The heating in the building will be switched off on Tuesday for urgent repairs.",
        [["heating"], ["tuesday"]],
        "Heating off Tuesday for repairs.",
    ),
    (
        "Could you please send me the final report before the end of the day on Thursday?",
        [["report"], ["thursday"]],
        "Please send the report by Thursday.",
    ),
]


def rewrite() -> list[Row]:
    rows: list[Row] = []
    for i, (text, groups, short) in enumerate(SENTENCES):
        words = len(short.replace(";", " ").split())
        limit = max(words, 8)
        rows.append(
            task(
                f"Rewrite in at most {limit} words: {text}",
                {"kind": "text", "all": groups, "max_words": limit},
                [short],
                text,
            )
        )
        style = i % 3
        if style == 0:
            rows.append(
                task(
                    f"Rewrite this in all lowercase: {text}",
                    {"kind": "text", "all": groups, "case": "lower"},
                    [text.lower()],
                    text,
                )
            )
        elif style == 1:
            rows.append(
                task(
                    f"Make this all caps: {text}",
                    {"kind": "text", "all": groups, "case": "upper"},
                    [text.upper()],
                    text[:1].upper() + text[1:].lower(),
                )
            )
        else:
            question = short.rstrip(".") + "?"
            rows.append(
                task(
                    f"Turn this into a question ending with a question mark: {text}",
                    {"kind": "text", "all": groups, "ends_with": "?"},
                    [question],
                    short,
                )
            )
        rows.append(
            task(
                f"Rewrite as a short note that starts with 'Dear team': {text}",
                {"kind": "text", "all": groups, "starts_with": "Dear team"},
                [f"Dear team, {short}", f"Dear team,\n{text}"],
                f"Hi team, {short}",
            )
        )
    return rows


# --- summarize ------------------------------------------------------------------------------

INCIDENTS = [
    ("Tuesday", "the Riverside branch", "a burst pipe", "Thursday", 14),
    ("Monday", "the main warehouse", "a power cut", "Wednesday", 30),
    ("Friday", "the Elm Street clinic", "a flooded basement", "Monday", 8),
    ("Sunday", "the city library", "a broken boiler", "Tuesday", 21),
    ("Wednesday", "the north depot", "a roof leak", "Saturday", 12),
]
LAUNCHES = [
    ("Nova", "smartwatch", 199, "October 3", "two weeks"),
    ("Pebble Pro", "e-reader", 129, "March 14", "five days"),
    ("AirLite", "drone", 349, "June 1", "one week"),
    ("Echo Mini", "speaker", 59, "November 20", "ten days"),
    ("Trailblazer", "e-bike", 1499, "April 8", "three weeks"),
]
GAMES = [
    ("Harbour City", "Westfield", 3, 1, "Diaz", 2),
    ("Red Lions", "Blue Rovers", 2, 0, "Okoro", 2),
    ("North FC", "South United", 4, 2, "Lind", 3),
    ("Valley Town", "Hill Athletic", 1, 0, "Moreau", 1),
    ("Coast Rangers", "Port Albion", 5, 3, "Tanaka", 2),
]
WEATHER = [
    ("Saturday", "heavy rain", 40, "Sunday", 18),
    ("Monday", "strong winds", 90, "Tuesday", 12),
    ("Friday", "snow", 15, "Saturday", -2),
    ("Thursday", "thunderstorms", 25, "Friday", 24),
    ("Wednesday", "dense fog", 5, "Thursday", 9),
]


def summarize() -> list[Row]:
    rows: list[Row] = []
    for i, (day, place, cause, reopen, staff) in enumerate(INCIDENTS):
        text = (
            f"On {day} morning {place} had to close after {cause} damaged the ground floor. "
            f"Nobody was hurt. The {staff} staff who work there will be moved to other sites for now, "
            f"and managers expect to reopen on {reopen} once repairs and a safety check are done."
        )
        noun = cause.split()[-1]
        groups = [[place.removeprefix("the ")], [noun], [reopen]]
        ref = f"{place[0].upper()}{place[1:]} closed on {day} after {cause} and should reopen {reopen}."
        wrong = f"{place[0].upper()}{place[1:]} closed on {day} after {cause} and will stay shut for a month."
        limit = [25, 30][i % 2]
        rows.append(
            task(
                f"Summarize in one sentence (max {limit} words): {text}",
                {"kind": "text", "all": groups, "max_words": limit},
                [ref],
                wrong,
            )
        )
        rows.append(
            task(
                f"Give me a one-line summary of this, under {limit} words, that says when it reopens: {text}",
                {"kind": "text", "all": [[reopen], [noun]], "max_words": limit},
                [ref],
                wrong,
            )
        )
    for name, kind, price, date, ship in LAUNCHES:
        text = (
            f"The company today announced {name}, a new {kind} that will go on sale on {date} for ${price:,}. "
            f"Pre-orders open this week and the first units ship within {ship} of the sale date. "
            f"The company says it is its lightest {kind} yet."
        )
        groups = [[name], [kind], [f"{price:,}", str(price)], [date]]
        ref = f"{name}, a new {kind}, goes on sale {date} for ${price:,}."
        wrong = f"{name}, a new {kind}, goes on sale {date} for ${price + 100:,}."
        rows.append(
            task(
                f"Summarize in at most 20 words, keeping the name, price and date: {text}",
                {"kind": "text", "all": groups, "max_words": 20},
                [ref],
                wrong,
            )
        )
        rows.append(
            task(
                f"TL;DR in one short sentence (include the price): {text}",
                {"kind": "text", "all": [[name], [f"{price:,}", str(price)]], "max_words": 25},
                [ref],
                wrong,
            )
        )
    for home, away, hg, ag, scorer, goals in GAMES:
        text = (
            f"{home} beat {away} {hg}-{ag} on Saturday in front of a full stadium. "
            f"{scorer} was the star of the afternoon, scoring {goals} of the goals, and the win lifts {home} "
            f"to second place in the table."
        )
        score = [f"{hg}-{ag}", f"{hg} {ag}", f"{hg} to {ag}"]
        groups = [[home], [away], score, [scorer]]
        ref = f"{home} beat {away} {hg}-{ag}, with {scorer} scoring {goals}."
        wrong = f"{away} beat {home} {hg}-{ag}, with {scorer} scoring {goals}."
        rows.append(
            task(
                f"Summarize this match report in one sentence of at most 20 words: {text}",
                {"kind": "text", "all": groups, "max_words": 20, "none": [f"{away} beat", f"{away} won"]},
                [ref],
                wrong,
            )
        )
        rows.append(
            task(
                f"In under 15 words, who won and what was the score? {text}",
                {
                    "kind": "text",
                    "all": [[home], score],
                    "max_words": 15,
                    "none": [f"{away} beat", f"{away} won"],
                },
                [f"{home} won {hg}-{ag}."],
                f"{away} won {hg}-{ag}.",
            )
        )
    for day, what, amount, clear, temp in WEATHER:
        unit = "km/h winds" if "wind" in what else ("cm" if what == "snow" else "mm")
        text = (
            f"Forecasters warn of {what} on {day}, with up to {amount} {unit} expected in some areas. "
            f"Travel may be disrupted and people are asked to avoid unnecessary journeys. "
            f"Conditions should clear by {clear}, when temperatures reach around {temp} degrees."
        )
        key = what.split()[-1]
        groups = [[key], [day], [clear]]
        ref = f"{what[0].upper()}{what[1:]} expected {day}, clearing by {clear}."
        wrong = f"{what[0].upper()}{what[1:]} expected {clear}, clearing by {day}."
        rows.append(
            task(
                f"Summarize in at most 15 words: {text}",
                {"kind": "text", "all": groups, "none": [f"by {day}", f"until {day}"], "max_words": 15},
                [ref],
                wrong,
            )
        )
        rows.append(
            task(
                f"One sentence, max 20 words: what's coming and when does it clear? {text}",
                {"kind": "text", "all": [[key], [clear]], "none": [f"by {day}"], "max_words": 20},
                [ref],
                wrong,
            )
        )
    return rows


TYPES = {
    "fact": facts,
    "convert": converts,
    "arithmetic": arithmetic,
    "extract": extracts,
    "classify": classify,
    "format_json": format_json,
    "format_list": format_list,
    "translate": translate,
    "rewrite": rewrite,
    "summarize": summarize,
}


def build() -> dict[str, str]:
    """File name -> content, for every task type."""
    files = {}
    for kind, make in TYPES.items():
        lines = []
        for i, row in enumerate(make()):
            full = {"id": f"{kind}-{i + 1:03d}", "type": kind, "split": ("dev", "test")[i % 2], **row}
            lines.append(json.dumps(full, ensure_ascii=False, sort_keys=False))
        files[f"{kind}.jsonl"] = "\n".join(lines) + "\n"
    return files


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name, text in build().items():
        (DATA / name).write_text(text, encoding="utf-8")
        print(f"{name}: {text.count(chr(10))} tasks", file=sys.stderr)


if __name__ == "__main__":
    main()
