"""Health, pay and record numbers in phrasings the label-driven rules did not cover: a lexicon term in a
sentence about a person, any pay clause with an amount, payroll tables, and record labels with their
owner in between. Examples are invented for these tests."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def covered(text: str, kind: str, value: str) -> bool:
    start = text.index(value)
    return any(f.kind == kind and f.start <= start and start + len(value) <= f.end for f in scan(text))


FOUND = [
    # record numbers: whose record sits between the label and the number; SQL; prefixed ids
    ("the MRN for my dad (Tom Reyes) is 4410982, can you fix the form", "medical_record", "4410982"),
    ("UPDATE visits SET seen = 1 WHERE mrn = 'K7730915';", "medical_record", "K7730915"),
    ("Patient ID HX-5520193 was discharged", "medical_record", "HX-5520193"),
    ("parse this: PID|1||9080706050^^^NHS^NH||DOE^ANN", "medical_record", "9080706050"),
    # pay: any clause with a pay word, an amount and a person, in several languages
    ("Congrats Priya, your salary will go from $70,500 to $76,000 in July.", "salary", "$76,000"),
    ("my brother makes sixty thousand dollars at the plant", "salary", "sixty thousand dollars"),
    ("Dear Omar, your hourly rate will be £32.50 from Monday.", "salary", "£32.50"),
    ("Ik verdien 2.950 euro netto per maand als verpleegkundige.", "salary", "2.950 euro"),
    ("Mi sueldo es de 1.400 euros al mes.", "salary", "1.400 euros"),
    ("Il mio stipendio è di 1.750 € al mese.", "salary", "1.750 €"),
    ("Staff: Ana Ruiz | Role: Cook | Annual pay: ZAR 240,000", "salary", "ZAR 240,000"),
    ("Hana worked 20 hours at $18.40/hr last week, is her payslip right?", "salary", "$18.40"),
    ("name;dept;gross_salary\nLena Ott;Ops;52.800\nPaul Kim;IT;61.250\n", "salary", "61.250"),
    ("INSERT INTO staff (full_name, salary) VALUES ('Mia Lund', 64900), ('Ivo Petrov', 58100);", "salary", "58100"),
    ("Bruttolohn 3.980,00 EUR, Netto 2.610,45 EUR für Herrn Keller", "salary", "2.610,45 EUR"),
    # health: a lexicon term, drug with dose and frequency, a lab value, an injury, in a personal sentence
    ("My grandad is on warfarin 3 mg daily and keeps forgetting it.", "health", "warfarin 3 mg daily"),
    ("I take quinapril 20 mg once daily, can I drink grapefruit juice?", "health", "quinapril 20 mg once daily"),
    ("Ahmed Saleh — angina, bisoprolol 2.5 mg OD; Ewa Nowak — gout", "health", "bisoprolol 2.5 mg OD"),
    ("Ahmed Saleh — angina, bisoprolol 2.5 mg OD; Ewa Nowak — gout", "health", "gout"),
    ("Last winter I broke my ankle and got a fractured right wrist (scaphoid) too.", "health",
     "fractured right wrist (scaphoid)"),
    ("My sister has a severe shellfish allergy, what can she order?", "health", "severe shellfish allergy"),
    ("My creatinine was 140 µmol/L last month, should I worry?", "health", "creatinine was 140 µmol/L"),
    ("Mi padre tiene una insuficiencia cardíaca y toma furosemida 40 mg cada 12 horas.", "health",
     "furosemida 40 mg cada 12 horas"),
    ("Ma sœur a une sclérose latérale, elle se fatigue vite.", "health", "sclérose latérale"),
    ("O: BP 162/101, pulse 98.\nA: suspected sepsis.\nP: admit", "health", "BP 162/101"),
    # record-number labels of other languages, a hospital code or slashes inside the number
    ("Patiëntnummer 4402-9917 van mijn vader, graag een brief", "medical_record", "4402-9917"),
    ("Historia clínica n.º 77120458 del paciente, resume el informe", "medical_record", "77120458"),
    ("Número de paciente: 3390-1182 en el hospital", "medical_record", "3390-1182"),
    ("Prontuário 5520193, paciente internada desde ontem", "medical_record", "5520193"),
    ("Cartella clinica n. 20260044187, mia madre", "medical_record", "20260044187"),
    ("Numer karty pacjenta: AB/2025/118203, proszę o pismo", "medical_record", "AB/2025/118203"),
    ("Journalnummer 19-88-4412 på akuten", "medical_record", "19-88-4412"),
    ("Numéro de dossier patient 2025-HPX-0071294 pour mon père", "medical_record", "2025-HPX-0071294"),
    # payslip and contract lines in other languages: label, a few words, amount with its currency
    ("Lönebesked: Oskar Lind, månadslön 38 900 kr, övertid 1 250 kr.", "salary", "38 900 kr"),
    ("Bordro: Murat Kaya, net maaş 52.300 TL, prim dahil.", "salary", "52.300 TL"),
    ("Wynagrodzenie Tomasza Nowaka: 11 200 zł brutto miesięcznie, umowa o pracę.", "salary",
     "11 200 zł brutto miesięcznie"),
    ("Beste Koen, vanaf 1 maart gaat je brutosalaris omhoog naar € 3.870 per maand.", "salary",
     "€ 3.870 per maand"),
    ("Meu cunhado declarou renda de R$ 9 mil por mês no processo.", "salary", "R$ 9 mil por mês"),
    ("給与明細：山本 直樹、基本給 285,000円、通勤手当 12,000円。", "salary", "285,000円"),
    # the period or qualifier after the amount is part of it
    ("We are glad to offer you the analyst role at a base salary of £58,000 per year.", "salary",
     "£58,000 per year"),
    ("Honestly my current package is USD 141,000 base plus a small bonus.", "salary", "USD 141,000 base"),
    # a raise between two salaries, an hourly rate without a currency
    ("Review notes for Priya: strong year; raise from $96,000 to $104,500 effective March 1.", "salary",
     "$104,500"),
    ("i get paid 16.40 an hour at the depot and my shift lead keeps cutting hours", "salary", "16.40 an hour"),
    # pregnancy by its weeks, shorthand, dependence, fertility treatment, an organ removed, ICD codes
    ("My sister Hanna is 14 weeks pregnant and has awful hyperemesis.", "health", "14 weeks pregnant"),
    ("My sister Hanna is 14 weeks pregnant and has awful hyperemesis.", "health", "hyperemesis"),
    ("I'm 22 weeks along and my midwife wants more scans.", "health", "22 weeks along"),
    ("My dad's bloods show stage 4 CKD, what does that mean?", "health", "stage 4 CKD"),
    ("My son has moderate hearing loss, can you write to his school?", "health", "moderate hearing loss"),
    ("My husband has been in recovery from alcohol dependence for two years.", "health", "alcohol dependence"),
    ("Our colleague Jens told me he is having IVF treatment, so be kind.", "health", "IVF treatment"),
    ("My mum had her gallbladder removed yesterday.", "health", "gallbladder removed"),
    ("My sick note says CID F32.1, what does it mean?", "health", "CID F32.1"),
    # French, German and Scandinavian names and compounds
    ("Mon fils Paul est atteint de dyslexie et d'un trouble du spectre de l'autisme.", "health",
     "trouble du spectre de l'autisme"),
    ("Ma mère a une fibrillation auriculaire depuis mars.", "health", "fibrillation auriculaire"),
    ("Mein Sohn ist an Diabetes Typ 1 erkrankt und hat eine Insulinpumpe.", "health", "Diabetes Typ 1"),
    ("Meine Tochter hat eine Erdnussallergie, bitte informieren Sie die Lehrer.", "health", "Erdnussallergie"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_covers_the_value(text: str, kind: str, value: str) -> None:
    assert covered(text, kind, value), [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    "text",
    [
        "What is the usual dose of ramipril 10 mg for hypertension?",
        "Explain how gout is diagnosed, for a pharmacy exam.",
        "The researchers restored hearing to the deaf in a mouse model.",
        "Tom Hanks played a lawyer with AIDS in Philadelphia; was the film accurate?",
        "The average wage in Portugal is about 1.500 euros a month.",
        "I pay $950 a month in rent and $60 in bills.",
        "Maria earns $12 an hour babysitting. How much does she earn in 6 hours?",
        "The plan costs $15 per month, is the annual option cheaper?",
        "Our company paid a total of $4 million to settle the lawsuit.",
        "Release 2.14.0 fixed the bypass of the login rate limit.",
        "name,version,price\nwidget,2.1.0,19.99\n",
        "We raised $2,500 for the school trip; the bonus round is next.",
        "Look up the NHS number format, e.g. 999 999 9999, in the developer docs.",
        "La historia clínica electrónica llegó a 2024 con 300 hospitales conectados.",
        "Ile pacjentów obsłużył szpital w 2025? Numer pacjenta nie jest potrzebny.",
        "Oferta pracy: wynagrodzenie 9 000 - 12 000 zł brutto, praca hybrydowa.",
        "Het gemiddelde salaris in Nederland is € 3.300 per maand.",
        "Our startup hopes to raise from $500k to $2M in the seed round.",
        "If you make 15.00 an hour, how much do you make in a 40-hour week?",
        "How many weeks pregnant can you be and still fly?",
        "What does stage 3 CKD mean for diet in general?",
        "Can IVF treatment cause twins more often than natural conception?",
        "Alcohol dependence rates rose across Europe between 2010 and 2020.",
        "Is hyperemesis gravidarum common, and what are the usual treatments?",
    ],
)
def test_stays_clean(text: str) -> None:
    kinds = {f.kind for f in scan(text)}
    assert not kinds & {"health", "salary", "medical_record"}, [
        (f.kind, text[f.start : f.end]) for f in scan(text)
    ]
