"""person_name in the phrasings people really write: relations in any language, self-introductions
(in lower case too), form labels, data formats, greetings and sign-offs, lists of people; and the
stories, products and public figures that must stay clean. Every example is invented here."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind == "person_name"]


# (text, a name that must be found, exactly)
FOUND = [
    # a relation of the writer, in any language, with a space, comma, colon or parenthesis
    ("please text my stepdaughter Keziah that practice moved", "Keziah"),
    ("My brother-in-law Osric is picking me up", "Osric"),
    ("My mum (Rosalind Pike) needs her prescription renewed", "Rosalind Pike"),
    ("the invoice goes to my landlord, Torvald Eide.", "Torvald Eide"),
    ("Mi abuela Remedios cumple 90 años, escribe una felicitación", "Remedios"),
    ("ma sœur Apolline arrive demain", "Apolline"),
    ("meine Kollegin Henrike Bauer hat gekündigt", "Henrike Bauer"),
    ("mio fratello Ettore compie gli anni", "Ettore"),
    ("Stuur een bericht naar mijn buurvrouw Wilhelmina.", "Wilhelmina"),
    ("min datter Signe starter i skole", "Signe"),
    ("o meu marido Joaquim chega amanhã", "Joaquim"),
    # a third person's relation next to their data
    ("Her son Caspian (07700 900456) will collect the keys.", "Caspian"),
    # family titles used as names
    ("mamie Josette a 88 ans, on prépare une carte", "Josette"),
    # self-introductions in other languages, and in lower case after an unmistakable intro
    ("Ik ben Sjoerd Vermeulen en ik woon in Utrecht.", "Sjoerd Vermeulen"),
    ("Hola, soy Leocadia Ferrán, necesito ayuda con una reclamación", "Leocadia Ferrán"),
    ("hey its tomasz wojcik again, about the invoice", "tomasz wojcik"),
    ("my name is ingrid solberg, I need a refund", "ingrid solberg"),
    ("can u fix my cv, i'm dariusz btw", "dariusz"),
    (
        "Agent: who am I speaking with?\nCaller: it's Ottoline Braithwaite\nAgent: thanks",
        "Ottoline Braithwaite",
    ),
    ("I'm Siobhan O'Malley, my number is 087 123 4567", "Siobhan O'Malley"),
    ("Kind regards,\nFergus McTavish", "Fergus McTavish"),
    # third persons introduced by name
    ("a guy named Teodor Varga sold me the bike", "Teodor Varga"),
    ("Scrivi alla babysitter, si chiama Brunella.", "Brunella"),
    ("we named her Marisol", "Marisol"),
    # form labels, with and without colons, in capitals, in tables
    ("Cardholder: Wendelin Aubry", "Wendelin Aubry"),
    ("Policy holder: Ambrose Quill. Incident date 3 May.", "Ambrose Quill"),
    ("| Name | Oskar Lindqvist |\n| Role | Tester |", "Oskar Lindqvist"),
    ("Surname BRANDVOLD, given names ASTRID MARIE", "BRANDVOLD"),
    ("Surname BRANDVOLD, given names ASTRID MARIE", "ASTRID MARIE"),
    ("Vorname: Friedlinde", "Friedlinde"),
    ("Patient: Mrs Philippa Grange\nWard: 4B", "Philippa Grange"),
    ("Imię i nazwisko: Bożena Wróblewska", "Bożena Wróblewska"),
    ("tax form: employee name Lysander Holt, box 2 blank", "Lysander Holt"),
    # data formats
    ('{"first": "Yusuf", "last": "Demirci"}', "Yusuf"),
    ('{"first": "Yusuf", "last": "Demirci"}', "Demirci"),
    ('{"name": "Ana Beatriz Souza Lima", "age": 31}', "Ana Beatriz Souza Lima"),
    ('name,team,bonus\nPercival Stone,Ops,"1,200"\nMina Kaur,IT,800', "Percival Stone"),
    ("P<NLDVAN<DER<BERG<<ANOUK<<<<<<<<<<<<<<<<<<<<<", "VAN<DER<BERG<<ANOUK"),
    ("PID|1||99887766^^^HOSP^MR||QUILLER^ROSAMUND||19800101|F", "QUILLER^ROSAMUND"),
    # greetings and sign-offs, in quotes and in other languages
    ("Translate to German: 'Dear Okonkwo-san, thank you for the tea'", "Okonkwo"),
    ("Sehr geehrte Frau Lindemann, anbei die Unterlagen.", "Lindemann"),
    ("Hola Ximena, te escribo por lo del piso", "Ximena"),
    ("Met vriendelijke groet,\nGerrit", "Gerrit"),
    ("Thanks for the help. Mvh. Sindre", "Sindre"),
    ("--\nLeopold Brandt | Product Lead\nAcme GmbH", "Leopold Brandt"),
    ("<p>Best regards,<br>\nCordelia Vane<br>\nPartner</p>", "Cordelia Vane"),
    ("O contrato está pronto. Assinado: Raimundo Teles", "Raimundo Teles"),
    # contact verbs, records, documents about a person
    ("Call Anselm on 07700 900123 tomorrow", "Anselm"),
    ("Case CS-88213 (Marguerite Olsen) was escalated", "Marguerite Olsen"),
    ("Write a reference letter for Oluwaseun Adeyemi, who worked with me for 3 years.", "Oluwaseun Adeyemi"),
    ("Compila il modulo per Gianmarco Ferri.", "Gianmarco Ferri"),
    ("Summary for HR: Evander Cole has worked here since 2016.", "Evander Cole"),
    # address labels and honorifics on an address line
    ("Ship to:\nCorentin Lefèvre\n12 rue des Lilas", "Corentin Lefèvre"),
    ("Mr Hamish Doyle, 14 Kelvin Road, Glasgow", "Hamish Doyle"),
    # lists of people, one per item
    ("tidy this up:\nRoisin Kelly — room 4, ext 311\nTobias Wren — room 9, ext 204", "Tobias Wren"),
    ("Kids: Esme (7) and Rafferty (4)", "Rafferty"),
    # chat exports, birthdays, CV headers
    ("[09:15] Marek Novak: can you send the file?", "Marek Novak"),
    ("03/04/2025, 18:02 - Priya Shah: running late", "Priya Shah"),
    ("Caption for my girls! Elodie and Maren, born 2018-04-02", "Maren"),
    ("Make this a CV header:\n\nJOHANNA VIK LUND\nStorgata 5, Oslo", "JOHANNA VIK LUND"),
    # a quoted message after the request's question or sentence: its greeting and its sign-off
    ("Kan du korta ner det här? 'Hej Vendela, jag är sjuk i dag.'", "Vendela"),
    ("Puoi tradurla? 'Ciao Ludovica, ci vediamo sabato. Baci, Ottavia'", "Ludovica"),
    ("Puoi tradurla? 'Ciao Ludovica, ci vediamo sabato. Baci, Ottavia'", "Ottavia"),
    ("Make it nicer. «Bonjour Margaux, merci pour tout. Bises, Anouk»", "Anouk"),
    # tickets, reviews and meeting notes label their people
    ("Bug #5512 - reporter: Odile Brandt, assignee: Teodor Kask. Steps to reproduce below.", "Odile Brandt"),
    ("Bug #5512 - reporter: Odile Brandt, assignee: Teodor Kask. Steps to reproduce below.", "Teodor Kask"),
    ("Notes 4/2 - attendees: Rafferty Oyelaran, Signe Holt. Action items follow.", "Rafferty Oyelaran"),
    ("Karta wizyty 12, pacjent: Zenon Malik, proszę o kopię.", "Zenon Malik"),
    # Japanese honorifics
    ("佐藤さんにメールを送ってください", "佐藤"),
    # surnames that are also ordinary words, after a first name
    ("Hi, my name is Winifred Hall and I need a refund", "Winifred Hall"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_finds_the_name(text: str, name: str) -> None:
    assert name in names(text)


CLEAN = [
    # stories, films and articles: their characters' relations are not the writer's
    "In the film, his friend Bob helps him escape. Summarise the plot.",
    "Her daughter Fiona is the protagonist of the novel.",
    "The Indiana Jones film stars his friend Marcus Brody.",
    "Write a story about Mrs. Pepperpot and her garden.",
    # public figures and places in general-knowledge questions
    "Who was Dr. Martin Luther King and why is he famous?",
    "Compare the careers of Ben Affleck and Matt Damon.",
    "What's the difference between Hyde Park and Central Park?",
    "Can you explain how Uncle Sam became a symbol of the US?",
    # sentences that only look like introductions or labels
    "its own branding, scheduling and advertising were local.",
    "I'm sure the Python Software Foundation will fix it.",
    "my name is not important, just help me with SQL",
    "Ich bin Lehrer und suche eine Wohnung.",
    "soy estudiante y vivo en Madrid",
    "Name: Peter\nAge: 43\nOccupation: Doctor (a made-up profile for a table exercise)",
    "Label each as a boy or a girl name: Justin, Claire, Barbara",
    "Patient: N/A\nDiagnosis: none (this is a template)",
    "first_name = input('First name: ')",
    # greetings and sign-offs to no one in particular
    "Hi there, can you help me write a Dockerfile?",
    "Candidate: Python 3.12 release notes, please summarise.",
    "reviewer: Dependabot\nassignee: Github Actions",
    "What does this mean? 'Hi there, welcome to the shop.'",
    "Translate it. 'Thanks, Everyone' was the title.",
    "Dear Sir or Madam, I am writing to complain.",
    "Kind regards,\nThe Support Team",
    "[10:42:01] Info: server started",
    "Albert Einstein and Mileva Maric, born 1879: who was more famous?",
    # documents about no one
    "Write a cover letter template for a Software Engineer role.",
    "Write a note for the Board Meeting agenda.",
    "Previous events were held in open water (1896: The Mediterranean Sea, 1900: The Seine River).",
]


@pytest.mark.parametrize("text", CLEAN)
def test_leaves_stories_products_and_public_figures_alone(text: str) -> None:
    assert names(text) == []
