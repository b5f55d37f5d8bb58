"""Health details, pay and medical record numbers in the shapes of forms, notes, letters and other
languages; and the general questions, statistics and stories that must stay unflagged."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def covered(text: str, kind: str, value: str) -> bool:
    start = text.index(value)
    return any(f.kind == kind and f.start <= start and start + len(value) <= f.end for f in scan(text))


FOUND = [
    # medical record numbers behind their labels
    ("Hospital number: H4829103, please update my address.", "medical_record", "H4829103"),
    ("Her NHS number is 485 777 3456.", "medical_record", "485 777 3456"),
    ("Patient ID: 00934512, please forward the scan.", "medical_record", "00934512"),
    ("chart number 55123-88 needs correcting", "medical_record", "55123-88"),
    ("the insurer rejected MRN9910234 twice", "medical_record", "MRN9910234"),
    ("My Medicare MBI is 3QW7-TR2-KP19, is that the right format?", "medical_record", "3QW7-TR2-KP19"),
    ("Meine Versichertennummer ist A123456789.", "medical_record", "A123456789"),
    ("Numéro de dossier médical : 55-019283", "medical_record", "55-019283"),
    ("PID|1||Q8812345^^^CLINIC^MR||Doe^Jane||1970-01-01|F", "medical_record", "Q8812345"),
    ("患者番号は55012345です。", "medical_record", "55012345"),
    # health: relatives with a name, the whole condition phrase
    ("My mother has chronic obstructive pulmonary disease and uses an inhaler.", "health",
     "chronic obstructive pulmonary disease"),
    ("Tell the coach my son Liam has bipolar II disorder.", "health", "bipolar II disorder"),
    ("My husband Raj is on lamotrigine 100 mg for epilepsy.", "health", "lamotrigine 100 mg for epilepsy"),
    ("I've been diagnosed with a torn rotator cuff (left) and need surgery.", "health",
     "a torn rotator cuff (left)"),
    ("I've been taking 50mg sertraline since March.", "health", "50mg sertraline"),
    ("her MS relapse was last week", "health", "MS relapse"),
    # forms, notes, results, leave
    ("Medical history for Omar Haddad: atrial fibrillation; medication: apixaban 5 mg.", "health", "apixaban 5 mg"),
    ("Patient Maria Lopez, 61, presents with chest pain, started bisoprolol 5 mg.", "health", "chest pain"),
    ("Patient Maria Lopez, 61, presents with chest pain, started bisoprolol 5 mg.", "health", "bisoprolol 5 mg"),
    ("I'm allergic to penicillin, tell the dentist.", "health", "penicillin"),
    ("My HbA1c is 8.2 and I'm worried.", "health", "HbA1c is 8.2"),
    ("my latest scan showed a 2 cm cyst on the left ovary.", "health", "a 2 cm cyst on the left ovary"),
    ("Draft a sick note: Tom Baker is on medical leave for a torn ACL until June.", "health", "a torn ACL"),
    ("HR asked me to summarise: Nina Park disclosed Graves' disease last month.", "health", "Graves' disease"),
    # other languages
    ("Ma mère est atteinte de la maladie de Parkinson.", "health", "la maladie de Parkinson"),
    ("Meine Tochter hat Diabetes Typ 1.", "health", "Diabetes Typ 1"),
    ("母が乳がんと診断されました。", "health", "乳がん"),
    # pay
    ("Offer letter: your base salary will be €62,000 per annum.", "salary", "€62,000"),
    ("My niece Ada is paid $19.75 an hour.", "salary", "$19.75"),
    ("Mein Jahresgehalt liegt bei 58.000 € brutto.", "salary", "58.000 €"),
    ("Mon salaire est de 2 400 € net par mois.", "salary", "2 400 €"),
    ("Je gagne 41 000 € par an.", "salary", "41 000 €"),
    ("Min lön är 38.000 kr. i månaden.", "salary", "38.000 kr."),
    ("私の月給は320,000円です。", "salary", "320,000円"),
    ("Confirming employment: she joined in 2021 with a salary of $88,000.", "salary", "$88,000"),
    ("Offer letter: £48,500 per annum, start date 2 June.", "salary", "£48,500"),
    ("Current salary: $72,000; expected salary: $85,000.", "salary", "$85,000"),
    ("We pay our nanny Rosa $22 an hour, is that fair?", "salary", "$22"),
    # more record labels, leave and admissions, notes, lists, bare lab values near the writer
    ("UR number 2239184, ward 4B", "medical_record", "2239184"),
    ("EMR number: 44-18273", "medical_record", "44-18273"),
    ("I'm on medical leave for severe burnout until March.", "health", "severe burnout"),
    ("Fit note: Sam Reed is unfit for work due to lower back pain from 3 to 10 May.", "health", "lower back pain"),
    ("My brother was hospitalised for a psychotic episode last week.", "health", "a psychotic episode"),
    ("Sarah, 29, 32 weeks pregnant, gestational diabetes.", "health", "32 weeks pregnant"),
    ("I suffer from migraines and IBS.", "health", "migraines and IBS"),
    ("Note to self: HbA1c 8.2, up from 7.4 in spring. I need to cut sugar.", "health", "HbA1c 8.2"),
    ("my father, 78, has vascular dementia and lives alone", "health", "vascular dementia"),
    ("My son, Leo, has cerebral palsy.", "health", "cerebral palsy"),
    ("Mi madre tiene diabetes tipo 2 y necesita ayuda.", "health", "diabetes tipo 2"),
    ("Patientennummer: 0048812, bitte Termin verschieben.", "medical_record", "0048812"),
    ("Tenho uma dúvida: meu salário é R$ 4.500 por mês.", "salary", "R$ 4.500"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_covers_the_value(text: str, kind: str, value: str) -> None:
    assert covered(text, kind, value), spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "What are the symptoms of diabetes?",
        "What is the average salary of a software engineer in Berlin? Around €65,000?",
        "In the novel, the heroine is diagnosed with tuberculosis and dies.",
        "Explain how metformin 500 mg works for type 2 diabetes.",
        "The job pays a salary of $45,000 plus benefits.",
        "Patients with chronic kidney disease (stage 3) should limit protein.",
        "Medication: ibuprofen 400 mg is a common painkiller; list its side effects.",
        "Many people are allergic to peanuts.",
        "Six of the kids are allergic to nuts and 3 are allergic to dairy.",
        "The hospital has 400 beds and 12345 patients a year.",
        "Chart 2: revenue 12345 in Q3",
        "Nurses earn a median wage of $77,600 per year.",
        "Conditions: the offer is valid for 30 days.",
        "Sally's starting salary is $0.50 more per hour than Billy's.",
        "Le salaire moyen en France est de 2 500 € net.",
        "日本の平均年収は4,000,000円です。",
        "cd /srv/app && make build, then run the tests",
        "Is an HbA1c of 6.5 considered diabetic?",
        "I pay $1,200 a month in rent.",
        "The course costs €2,000 per year.",
        "What's a normal PSA level for a man of 60?",
        "Write a story where Maya, 12, has asthma and saves her class.",
        "I found the history section of the report hard to follow.",
    ],
)
def test_general_questions_and_statistics_stay_clean(text: str) -> None:
    kinds = {kind for kind, _ in spans(text)}
    assert not kinds & {"health", "salary", "medical_record"}, spans(text)
