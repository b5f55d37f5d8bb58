"""Hand-written prompts for the number kinds: ssn, national_id, passport, drivers_license,
payment_card, iban, bank_account, medical_record, pin and salary, with look-alike negatives.

Every checksummed value was made to pass tests/privacy/corpus/checksums.py. All values are
synthetic; names are invented.
"""

from build import Negative, Row

ROWS: list[Row] = []
NEGATIVES: list[Negative] = []

# --- ssn -------------------------------------------------------------------------------------
ROWS += [
    Row(
        "can you check this W-2 for me before I file? Box a (employee SSN): 771-16-4773, employee name Derek Halvorsen, wages box 1 $61,240.18",
        [("ssn", "771-16-4773"), ("person_name", "Derek Halvorsen"), ("salary", "$61,240.18")],
    ),
    Row(
        """Hi Priya,

Payroll flagged that the SSN on file for our new hire doesn't match what the SSA verification returned. We have 061-32-5274 in Workday; could you confirm with Marcus Lindqvist and send me the corrected number by Friday? Please don't reply-all.

Thanks,
Janet (HR Ops)""",
        [
            ("person_name", "Priya"),
            ("ssn", "061-32-5274"),
            ("person_name", "Marcus Lindqvist"),
            ("person_name", "Janet"),
        ],
    ),
    Row(
        "my social is 169 24 3144 do i put that on line 1 or in the 'taxpayer identification' box of the form",
        [("ssn", "169 24 3144")],
    ),
    Row(
        """```python
def test_mask_ssn():
    # real record from the staging dump, replace before merging!!
    rec = {"name": "Carla Ruiz-Benton", "ssn": "838266610", "state": "AZ"}
    assert mask(rec)["ssn"] == "*****6610"
```
why does this test fail? mask() returns '***-**-6610'""",
        [("person_name", "Carla Ruiz-Benton"), ("ssn", "838266610")],
    ),
    Row(
        "Fill in the I-9 section 1 for me: Last name Okafor, first name Chinedu, SSN 622-24-9825, citizen of the United States. Just give me what goes in each box.",
        [("person_name", "Okafor"), ("person_name", "Chinedu"), ("ssn", "622-24-9825")],
    ),
    Row(
        "translate to spanish for my mom: 'Mom, the bank needs your Social Security number, it's 690-31-3622, don't give it to anyone who calls you.'",
        [("ssn", "690-31-3622")],
    ),
    Row(
        "Patient intake form, guarantor section: Guarantor: Robert T. Mills, relationship: spouse, SSN 295 94 6497, employer: Kroger. Is it normal for a clinic to ask for this?",
        [("person_name", "Robert T. Mills"), ("ssn", "295 94 6497")],
    ),
    Row(
        "ssn=224702156 dob=1988-03-14 — this is the row that breaks our CSV import, the parser says 'expected 11 characters'. what's the fix in the regex?",
        [("ssn", "224702156"), ("date_of_birth", "1988-03-14")],
    ),
    Row(
        """Summarize this letter from the SSA in plain words:

"Dear Ms. Theresa Gallo, We are writing about your Social Security number 618-88-0903. Our records show earnings for 2022 that were not reported to us..." """,
        [("person_name", "Theresa Gallo"), ("ssn", "618-88-0903")],
    ),
    Row(
        "I need a cover letter to the credit bureau disputing an account opened in my name. My name is Luis Aranda, SSN 529-29-5219, the account is a Capital One card I never applied for.",
        [("person_name", "Luis Aranda"), ("ssn", "529-29-5219")],
    ),
    Row(
        "employee,ssn,hire_date\nBeatrice Konig,145-44-4310,2021-06-01\nSamuel Odhiambo,772-32-3511,2022-11-15\nsort this by hire date descending",
        [
            ("person_name", "Beatrice Konig"),
            ("ssn", "145-44-4310"),
            ("person_name", "Samuel Odhiambo"),
            ("ssn", "772-32-3511"),
        ],
    ),
    Row(
        "quick q — my daughter's SSN card says 874 93 2101 but the college FAFSA form rejected it. is there a checksum on these or did I mistype?",
        [("ssn", "874 93 2101")],
    ),
    Row(
        "Write a short email to our accountant Greg saying that my wife's SSN on the 1040 draft is wrong; it should be 869-35-3566, she swapped two digits in the middle group.",
        [("person_name", "Greg"), ("ssn", "869-35-3566")],
    ),
    Row(
        "Rental application — Applicant: Naomi Feld / SSN: 408‑19‑6375 / Monthly income: $5,400. does this look complete?",
        [("person_name", "Naomi Feld"), ("ssn", "408‑19‑6375"), ("salary", "$5,400")],
        variant="nbhyphen",
    ),
    Row(
        "Mi número de seguro social es 815-96-2935, ¿cómo lo escribo en el formulario W-4 en inglés? Me llamo Ana Lucía Paredes.",
        [("ssn", "815-96-2935"), ("person_name", "Ana Lucía Paredes")],
        lang="es",
    ),
    Row(
        "the intern pasted this in slack, should I report it?? 'hey can someone run a background check, candidate Ethan Brooks, ss# 626190679'",
        [("person_name", "Ethan Brooks"), ("ssn", "626190679")],
    ),
    Row(
        "My SSN is ２２７－９３－７１８４ (sorry my keyboard is in japanese mode) — can you tell me which state issued it?",
        [("ssn", "２２７－９３－７１８４")],
        variant="fullwidth",
    ),
    Row(
        "Benefits enrollment: dependent #2 — Lily Sorensen, child, DOB 04/22/2015, SSN 824-05-4161. Why does the portal say 'duplicate dependent'?",
        [("person_name", "Lily Sorensen"), ("date_of_birth", "04/22/2015"), ("ssn", "824-05-4161")],
    ),
]

# --- national_id -----------------------------------------------------------------------------
ROWS += [
    Row(
        "I'm filling the HMRC starter checklist for my new job. National Insurance number: AB 85 58 91 B. Do I tick statement A or B if I had a job earlier this tax year?",
        [("national_id", "AB 85 58 91 B")],
    ),
    Row(
        """Dear Payroll,

Please update my records — my NI number was entered incorrectly (two digits swapped); the correct one is JT909789D.

Kind regards,
Fiona McAllister""",
        [("national_id", "JT909789D"), ("person_name", "Fiona McAllister")],
    ),
    Row(
        "can you turn this into a polite message to my landlord: need ur NI no for the deposit scheme he says, mine is NR 41 56 40 D, i dont think he needs it??",
        [("national_id", "NR 41 56 40 D")],
    ),
    Row(
        "Universal Credit form asks for 'National Insurance number' for my partner: Kieran Doyle, SK991878B. Where does it go on page 3?",
        [("person_name", "Kieran Doyle"), ("national_id", "SK991878B")],
    ),
    Row(
        """| field | value |
|---|---|
| name | Amara Nwosu |
| NINO | PE 372700 A |
| tax code | 1257L |
convert this table to JSON""",
        [("person_name", "Amara Nwosu"), ("national_id", "PE 372700 A")],
    ),
    Row(
        "Kannst du mir helfen, das Formular für die Lohnsteuer auszufüllen? Meine Steuer-ID ist 19027603083, Steuerklasse 1, keine Kinder.",
        [("national_id", "19027603083")],
        lang="de",
    ),
    Row(
        "Schreib bitte eine kurze Mail an meinen Arbeitgeber: Die steuerliche Identifikationsnummer von mir, Jonas Albrecht, lautet 56 401 283 696 und nicht wie im Personalfragebogen angegeben.",
        [("person_name", "Jonas Albrecht"), ("national_id", "56 401 283 696")],
        lang="de",
    ),
    Row(
        "My German tax ID (Steuer-IdNr.) is 98560123666 — the Finanzamt letter says it's needed for the Elster registration. What is Elster exactly?",
        [("national_id", "98560123666")],
    ),
    Row(
        """Bitte übersetze ins Englische:
"Sehr geehrte Frau Keller, für die Auszahlung benötigen wir Ihre Identifikationsnummer (IdNr.) 24136953385 sowie eine Kopie Ihres Personalausweises." """,
        [("person_name", "Keller"), ("national_id", "24136953385")],
        lang="de",
    ),
    Row(
        "Steuer-ID meines Sohnes Lukas: 69122740588 — muss ich die beim Kindergeldantrag angeben oder reicht meine eigene?",
        [("person_name", "Lukas"), ("national_id", "69122740588")],
        lang="de",
    ),
    Row(
        "Bonjour, pouvez-vous m'aider à remplir le formulaire Cerfa ? Mon numéro de sécurité sociale est le 1 14 08 22 878 837 42.",
        [("national_id", "1 14 08 22 878 837 42")],
        lang="fr",
    ),
    Row(
        "Rédige un mail à la mutuelle : mon numéro de sécu 258121979673954 a été mal saisi sur ma carte, je m'appelle Élodie Marchand.",
        [("national_id", "258121979673954"), ("person_name", "Élodie Marchand")],
        lang="fr",
    ),
    Row(
        "French coworker sent me his NIR for the expense system: 1 94 10 87 386 538 49. Which field is that in Concur?",
        [("national_id", "1 94 10 87 386 538 49")],
    ),
    Row(
        "numéro de sécurité sociale : 112081819590311 — Nom : Bastien Roche. Est-ce que ce format passe dans le champ de 13 caractères du logiciel ? il y a 15 chiffres",
        [("national_id", "112081819590311"), ("person_name", "Bastien Roche")],
        lang="fr",
    ),
    Row(
        "Please help me write a letter to the Danish tax office. My CPR number is 060990-8297 and I moved out of Denmark in March.",
        [("national_id", "060990-8297")],
    ),
    Row(
        "Kan du hjælpe mig med at skrive en besked til kommunen? Mit CPR-nummer er 011280-7330, og jeg har ikke modtaget mit sundhedskort.",
        [("national_id", "011280-7330")],
        lang="da",
    ),
    Row(
        "Employee onboarding (Copenhagen office): Name: Mette Kjærgaard, CPR: 210582-6209, bank: Danske Bank. Generate the welcome email without the CPR in it.",
        [("person_name", "Mette Kjærgaard"), ("national_id", "210582-6209")],
    ),
    Row(
        "min søns cpr nr er 141166 5921 nej vent det er mit eget. hvordan ændrer jeg det i e-Boks?",
        [("national_id", "141166 5921")],
        lang="da",
    ),
    Row(
        "My Aadhaar number is 6556 4661 2116, and the PAN link page says 'invalid Aadhaar'. What could be wrong?",
        [("national_id", "6556 4661 2116")],
    ),
    Row(
        """Write a formal letter to the bank manager, Kotak Mahindra Bank, Indiranagar branch, requesting KYC update.
Name: Ramesh Iyer
Aadhaar: 2860 8195 5389
Account opened 2017.""",
        [("person_name", "Ramesh Iyer"), ("national_id", "2860 8195 5389")],
    ),
    Row(
        "aadhaar=243546800085 name='Sunita Devi' — my flask form saves this to the db in plaintext, how do I encrypt just this column with SQLAlchemy?",
        [("national_id", "243546800085"), ("person_name", "Sunita Devi")],
    ),
    Row(
        "Hindi mein translate karo: 'Please send a copy of your Aadhaar card (7238 5155 6437) for the rental agreement.'",
        [("national_id", "7238 5155 6437")],
    ),
    Row(
        "my father's aadhaar 8419-6952-1471 is linked to an old mobile number, what's the process to change it without going to the enrolment centre?",
        [("national_id", "8419-6952-1471")],
    ),
    Row(
        "Pode me ajudar a preencher a declaração do imposto de renda? Meu CPF é 986.604.979-53 e tenho um dependente.",
        [("national_id", "986.604.979-53")],
        lang="pt",
    ),
    Row(
        "Customer record from our Brazilian store: Fernanda Lima, CPF 246.727.449-73, cidade Curitiba. Why does our validation function reject it? It has dots and a dash.",
        [("person_name", "Fernanda Lima"), ("national_id", "246.727.449-73")],
    ),
    Row(
        "escreve um e-mail pro RH dizendo que o CPF do meu contrato está errado, o certo é 541.283.772-79. Assinado: Tiago Moreira",
        [("national_id", "541.283.772-79"), ("person_name", "Tiago Moreira")],
        lang="pt",
    ),
    Row(
        'test fixture: {"nome": "Joana Pires", "cpf": "13450107291"} -- is it ok to commit this or should I generate a fake one?',
        [("person_name", "Joana Pires"), ("national_id", "13450107291")],
    ),
    Row(
        "Necesito renovar mi DNI. Mi número es 35819157S y caduca el mes que viene, ¿qué documentos necesito llevar a la comisaría?",
        [("national_id", "35819157S")],
        lang="es",
    ),
    Row(
        "Please translate into Spanish for the gestoría: 'My NIE is X4509499G and I registered as autónomo in January.'",
        [("national_id", "X4509499G")],
    ),
    Row(
        "Formulario de inscripción — Nombre: Pablo Serrano Gil; DNI: 65357561-W; Teléfono: 612 48 93 07. ¿Está bien el formato del DNI con guion?",
        [("person_name", "Pablo Serrano Gil"), ("national_id", "65357561-W"), ("phone", "612 48 93 07")],
        lang="es",
    ),
    Row(
        "my flatmate's NIE is Z3157104Z and the landlord wants it on the contract, along with mine (06680560A). Can you draft the clause listing both tenants?",
        [("national_id", "Z3157104Z"), ("national_id", "06680560A")],
    ),
    Row(
        "Ciao! Mi aiuti a compilare il modulo per il medico di base? Codice fiscale: RSSMRA85T10A562S, residente a Bari.",
        [("national_id", "RSSMRA85T10A562S")],
        lang="it",
    ),
    Row(
        "Write an email to the Italian university office: I'm Giulia Bianchi, my codice fiscale is BNCGLI90A41H501E, and I haven't received the enrollment confirmation.",
        [("person_name", "Giulia Bianchi"), ("national_id", "BNCGLI90A41H501E")],
    ),
    Row(
        "perché il mio codice fiscale vrdlcu78m22f205n viene rifiutato dal sito dell'INPS? l'ho scritto in minuscolo",
        [("national_id", "vrdlcu78m22f205n")],
        lang="it",
    ),
    Row(
        "My Canadian SIN is 485 100 317. The CRA My Account sign-up asks for last year's line 15000 amount too — where do I find it?",
        [("national_id", "485 100 317")],
    ),
    Row(
        """Hi team, new contractor details for the T4A:
Name: Olivia Tremblay
SIN: 466-405-040
Address on file.
Please file by end of month.""",
        [("person_name", "Olivia Tremblay"), ("national_id", "466-405-040")],
    ),
    Row(
        "Can you explain why the payroll system rejects sin=636935793 for employee #221 (Nathan Gauthier)? It's nine digits.",
        [("national_id", "636935793"), ("person_name", "Nathan Gauthier")],
    ),
    Row(
        "Mon NAS est le 789 512 613 — est-ce que je dois le donner à mon nouveau propriétaire à Montréal ?",
        [("national_id", "789 512 613")],
        lang="fr",
    ),
    Row(
        "I don't have an SSN, my ITIN is 911-72-8940. Can I still open a Roth IRA? Write me a list of questions to ask the bank.",
        [("national_id", "911-72-8940")],
    ),
    Row(
        "1099-NEC draft: Recipient: Hector Villanueva, Recipient TIN (ITIN): 928-51-8117, Box 1: $14,600. Is box 1 right for contract work?",
        [("person_name", "Hector Villanueva"), ("national_id", "928-51-8117"), ("salary", "$14,600")],
    ),
    Row(
        "mi ITIN 976 92 9468 vence este año? lo saqué en 2019 y no lo he usado",
        [("national_id", "976 92 9468")],
        lang="es",
    ),
    Row(
        """Review this Go test, it has a hard-coded taxpayer:
```go
tp := Taxpayer{Name: "Wei Zhang", ITIN: "973717934", Year: 2023}
```
should ITIN be a string or int?""",
        [("person_name", "Wei Zhang"), ("national_id", "973717934")],
    ),
    Row(
        "My national insurance number is W L 9 1 4 0 4 5 D (spelled out for the phone line). Does the DWP need the letter at the end?",
        [("national_id", "W L 9 1 4 0 4 5 D")],
        variant="spaced",
    ),
    Row(
        "Codice fiscale della mia compagna: FRRCHR92D55L219E. Lo devo mettere nel 730 come familiare a carico?",
        [("national_id", "FRRCHR92D55L219E")],
        lang="it",
    ),
    Row(
        "Meine Steuer-Identifikationsnummer: ２６０８９４００３１５ — die Bank-App akzeptiert sie nicht, woran liegt das?",
        [("national_id", "２６０８９４００３１５")],
        lang="de",
        variant="fullwidth",
    ),
    Row(
        "CPR 190580-2506 står på min lønseddel, men min arbejdsgiver skriver det i e-mails. Er det lovligt?",
        [("national_id", "190580-2506")],
        lang="da",
    ),
    Row(
        "My husband's codice fiscale is CNTPLA81C03G273E and mine is in the attachment. Fill in the 'coniuge' section of the tax form for Paolo Conti.",
        [("national_id", "CNTPLA81C03G273E"), ("person_name", "Paolo Conti")],
    ),
    Row(
        "CPF do cliente: 294.404.887‑27 (copiado do PDF, os tracinhos vieram estranhos). Como limpo isso em Python?",
        [("national_id", "294.404.887‑27")],
        lang="pt",
        variant="nbhyphen",
    ),
    Row(
        "NAS de mon conjoint, Julien Bergeron : 390 586 683. Le formulaire TP-1 demande aussi sa date de naissance, c'est obligatoire ?",
        [("person_name", "Julien Bergeron"), ("national_id", "390 586 683")],
        lang="fr",
    ),
    Row(
        "NIR de ma fille, à vérifier : 2 58 12 19 796 739 54 ? elle est née en décembre 58 ? non attends c'est ma mère. bref, le format est bon ?",
        [("national_id", "2 58 12 19 796 739 54")],
        lang="fr",
    ),
    Row(
        "DNI 21211773T — this is my Spanish ID, I need it on the Ryanair check-in, which field is 'document number'?",
        [("national_id", "21211773T")],
    ),
    Row(
        "NIE X8397947A, please help me write the solicitud for the certificado de residencia. Name: Oksana Petrenko.",
        [("national_id", "X8397947A"), ("person_name", "Oksana Petrenko")],
    ),
]

# --- passport --------------------------------------------------------------------------------
ROWS += [
    Row(
        "Fill out the ESTA for me: Passport number 533810692, issuing country United Kingdom, name Harriet Cole, expiry 14 Aug 2031. What do I answer for 'Have you ever been denied a visa'?",
        [("passport", "533810692"), ("person_name", "Harriet Cole")],
    ),
    Row(
        """Booking confirmation #BK-77120
Passenger 1: MR DANIEL OKONKWO — Passport: 583920174 (USA)
Passenger 2: MRS GRACE OKONKWO — Passport: C03817265 (USA)
Can you check whether the API info is complete for the Heathrow leg?""",
        [
            ("person_name", "DANIEL OKONKWO"),
            ("passport", "583920174"),
            ("person_name", "GRACE OKONKWO"),
            ("passport", "C03817265"),
        ],
    ),
    Row(
        "Hotel check-in form asks 'passport no.' — mine is 120457386, UK. Do hotels in Italy really need to copy it?",
        [("passport", "120457386")],
    ),
    Row(
        "Bitte hilf mir beim Visumantrag für Indien. Reisepassnummer: CJ2V8N4T1, ausgestellt in München, gültig bis 2030.",
        [("passport", "CJ2V8N4T1")],
        lang="de",
    ),
    Row(
        "Ich habe meinen Reisepass verloren (Nr. F4LK7R9M2). Schreib mir bitte eine Verlustanzeige an das Bürgeramt, Name: Sabine Hoffmann.",
        [("passport", "F4LK7R9M2"), ("person_name", "Sabine Hoffmann")],
        lang="de",
    ),
    Row(
        "Peux-tu m'aider à remplir la demande de visa pour le Canada ? Numéro de passeport : 18AV03241, délivré à Lyon.",
        [("passport", "18AV03241")],
        lang="fr",
    ),
    Row(
        "Mon fils Hugo part en voyage scolaire, son numéro de passeport est 21KD58812. L'école demande aussi une autorisation de sortie du territoire, tu peux me rédiger le mot ?",
        [("person_name", "Hugo"), ("passport", "21KD58812")],
        lang="fr",
    ),
    Row(
        "visa application for Schengen, applicant Arjun Mehta, passport no K4829173 issued at Bengaluru. Write the cover letter to the German consulate.",
        [("person_name", "Arjun Mehta"), ("passport", "K4829173")],
    ),
    Row(
        "My passport T7051284 expires in 5 months. Can I still travel to Thailand on it? I'm an Indian citizen.",
        [("passport", "T7051284")],
    ),
    Row(
        """```json
{"traveller": {"given": "Meera", "surname": "Pillai", "passport": "Z3318402", "nationality": "IND"}}
```
the airline API returns 422 'document invalid' for this payload, what's wrong?""",
        [("person_name", "Meera"), ("person_name", "Pillai"), ("passport", "Z3318402")],
    ),
    Row(
        "¿Me ayudas a rellenar el formulario de Iberia? N.º de pasaporte: PAF482915, nacionalidad española, caducidad 03/2029.",
        [("passport", "PAF482915")],
        lang="es",
    ),
    Row(
        "Travel insurance claim: policyholder Diego Navarro, passport XDB317204 (Spain). Summarize what documents I still need.",
        [("person_name", "Diego Navarro"), ("passport", "XDB317204")],
    ),
    Row(
        "Numero di passaporto: YA4839215. Devo rinnovarlo prima del viaggio negli Stati Uniti? Scade a novembre.",
        [("passport", "YA4839215")],
        lang="it",
    ),
    Row(
        "passport of my mother-in-law, Rosa Esposito: YB2071846 — can you write an invitation letter for her UK visitor visa?",
        [("person_name", "Rosa Esposito"), ("passport", "YB2071846")],
    ),
    Row(
        "I'm helping my colleague Li Na with her conference registration; her Chinese passport number is E48219374. The form says 9 characters max, is that fine?",
        [("person_name", "Li Na"), ("passport", "E48219374")],
    ),
    Row(
        "Visa invitation letter draft: 'We invite Mr. Chen Hao (passport EJ7301846) to attend our annual meeting in Berlin from 4 to 8 March.' Make it more formal.",
        [("person_name", "Chen Hao"), ("passport", "EJ7301846")],
    ),
    Row(
        "ホテルのチェックインで旅券番号を聞かれました。私の旅券番号はTK4819273です。英語でどう答えればいいですか？",
        [("passport", "TK4819273")],
        lang="ja",
    ),
    Row(
        "Japanese client's passport TR0582917, name Sato Kenji — please prepare the guest registration card in English and Japanese.",
        [("passport", "TR0582917"), ("person_name", "Sato Kenji")],
    ),
    Row(
        "Canadian passport number AB482917, expires 2027-09-30. Is that enough validity for a 3-week trip to Japan in 2027?",
        [("passport", "AB482917")],
    ),
    Row(
        "my wife's passport is GK305128 (canadian), i already entered mine. how do we add her to the booking after paying, the airline site has no 'edit passenger' button",
        [("passport", "GK305128")],
    ),
    Row(
        "Paspoortnummer NW2K8R4P1 — kun je deze zin vertalen voor de douane? 'Ik reis met mijn dochter Fleur.'",
        [("passport", "NW2K8R4P1"), ("person_name", "Fleur")],
        lang="nl",
    ),
    Row(
        "Australian passport PA4829175, name Jack O'Donnell, DOB 12 Feb 1990. Fill in the Vietnam e-visa form fields for me.",
        [("passport", "PA4829175"), ("person_name", "Jack O'Donnell"), ("date_of_birth", "12 Feb 1990")],
    ),
    Row(
        "Preciso de ajuda com o formulário de visto americano DS-160. Número do passaporte: FX482917, emitido em São Paulo.",
        [("passport", "FX482917")],
        lang="pt",
    ),
    Row(
        """P<GBRHARRIS<<ELEANOR<MAY<<<<<<<<<<<<<<<<<<<
9264018371GBR8507146F3104221<<<<<<<<<<<<<<02
this is the bottom of my passport photo page, can you tell me which part is the passport number? (it's 926401837)""",
        [("person_name", "HARRIS<<ELEANOR<MAY"), ("passport", "926401837")],
    ),
    Row(
        "passport #: M48291735 (Republic of Korea). The Airbnb host is asking for it over WhatsApp — is that a scam?",
        [("passport", "M48291735")],
    ),
    Row(
        "Irish passport PR4829175 — how long does renewal take online? It's for my son Cian, he's 9.",
        [("passport", "PR4829175"), ("person_name", "Cian")],
    ),
    Row(
        "Mexican passport G48219375 for Valeria Ortiz: the ETA Canada form rejects it as 'invalid format'. Does the letter count?",
        [("passport", "G48219375"), ("person_name", "Valeria Ortiz")],
    ),
    Row(
        "Passport No: 5 1 7 2 0 3 9 4 8 — that's how the travel agent wrote it in the email, spaced out. Is it a US passport number?",
        [("passport", "5 1 7 2 0 3 9 4 8")],
        variant="spaced",
    ),
]

# --- drivers_license -------------------------------------------------------------------------
ROWS += [
    Row(
        "Car rental form: Driver's license number D4829173, state CA, exp 2028. Additional driver: none. Is the 'license class' C?",
        [("drivers_license", "D4829173")],
    ),
    Row(
        "I got pulled over and the officer wrote my CA DL number wrong on the ticket (two digits swapped). My license is Y7302185. How do I contest this?",
        [("drivers_license", "Y7302185")],
    ),
    Row(
        "NY driver license ID: 482 917 305 — the DMV renewal site keeps timing out. Write me a complaint email, my name is Tasha Greene.",
        [("drivers_license", "482 917 305"), ("person_name", "Tasha Greene")],
    ),
    Row(
        """Insurance quote request
Driver 1: Kevin Marsh, NY DL# 719 204 683, licensed since 2009
Driver 2: (none)
Vehicle: 2019 Honda Civic
Please rewrite this as a short message to the agent.""",
        [("person_name", "Kevin Marsh"), ("drivers_license", "719 204 683")],
    ),
    Row(
        "florida DL M251-420-83-612-0 — does the format tell you anything about my birthday? someone online said it encodes it",
        [("drivers_license", "M251-420-83-612-0")],
    ),
    Row(
        "Background check consent form, section 3: Applicant name: Karen Lopez, Driver License #: K530-719-64-208-1 (FL). Proofread this form for me.",
        [("person_name", "Karen Lopez"), ("drivers_license", "K530-719-64-208-1")],
    ),
    Row(
        "texas dl 48291735 exp 06/2026 — can I still use it at TSA after REAL ID enforcement or do I need the star one",
        [("drivers_license", "48291735")],
    ),
    Row(
        "My Illinois driver's license is R452-7819-3046. The Secretary of State letter says I need to bring proof of residency; which documents count?",
        [("drivers_license", "R452-7819-3046")],
    ),
    Row(
        "UK driving licence number: HALLS802154JA8KP. The DVLA website asks for the last 8 digits of my NI number too — why?",
        [("drivers_license", "HALLS802154JA8KP")],
    ),
    Row(
        """Hi, I'm hiring a van for the move. Here are my details, can you format them for the hire company's email?
name: Priya Patel
driving licence: PATEL957123RK4LM
held for: 11 years""",
        [("person_name", "Priya Patel"), ("drivers_license", "PATEL957123RK4LM")],
    ),
    Row(
        "dvla check code request — licence OBRIE710259SD6AB, can you explain what each part of the number means?",
        [("drivers_license", "OBRIE710259SD6AB")],
    ),
    Row(
        "My licence number WU999601130J99XK has lots of 9s in it, is it a fake? I'm Jing Wu and got it after passing my test last year.",
        [("drivers_license", "WU999601130J99XK"), ("person_name", "Jing Wu")],
    ),
    Row(
        "Führerscheinnummer N0481TK7Z21 — der Mietwagenverleih in Spanien will eine internationale Fahrerlaubnis. Brauche ich die wirklich?",
        [("drivers_license", "N0481TK7Z21")],
        lang="de",
    ),
    Row(
        "Bitte formuliere eine E-Mail an die Führerscheinstelle: Mein Name ist Tobias Wendt, Führerschein-Nr. M3126W9PB43, ich möchte den alten rosa Führerschein umtauschen.",
        [("person_name", "Tobias Wendt"), ("drivers_license", "M3126W9PB43")],
        lang="de",
    ),
    Row(
        "Numéro de permis de conduire : 091275104386. Comment je le renseigne sur le site de l'ANTS pour une déclaration de perte ?",
        [("drivers_license", "091275104386")],
        lang="fr",
    ),
    Row(
        "NSW licence number 18402957 — the toll notice says the car was registered to me but I sold it. Draft a statutory declaration.",
        [("drivers_license", "18402957")],
    ),
    Row(
        "QLD driver licence 072 914 583, name Liam Fraser. The Hertz form has a 'card number' field as well, is that different?",
        [("drivers_license", "072 914 583"), ("person_name", "Liam Fraser")],
    ),
    Row(
        "My driving licence no is KA-0520190084726, I'm from Bengaluru. Can I drive in Germany with it for 3 months?",
        [("drivers_license", "KA-0520190084726")],
    ),
    Row(
        "DL no. MH14 20160029384 — the Parivahan site says 'record not found'. my name is Sameer Kulkarni, what should I do?",
        [("drivers_license", "MH14 20160029384"), ("person_name", "Sameer Kulkarni")],
    ),
    Row(
        "Ontario licence S4829-17305-60512 — it's my dad's, he wants to renew online but he's 80. What's the process for seniors?",
        [("drivers_license", "S4829-17305-60512")],
    ),
    Row(
        "Rijbewijsnummer 5038271946 — de verzekeraar vraagt erom voor de autoverzekering. Is dat normaal?",
        [("drivers_license", "5038271946")],
        lang="nl",
    ),
    Row(
        "Numero patente: TO7391842F. Mi scrivi una mail al noleggio auto per dire che il conducente aggiuntivo è mia sorella Chiara?",
        [("drivers_license", "TO7391842F"), ("person_name", "Chiara")],
        lang="it",
    ),
    Row(
        "Washington DL WDL9K2RX73BP — why is it 12 characters and starts with WDL? mine used to be based on my name.",
        [("drivers_license", "WDL9K2RX73BP")],
    ),
    Row(
        "PA driver's license: 48 291 736, name Brian Kowalski. Make a table for the fleet insurance spreadsheet with columns Name, DL, State.",
        [("drivers_license", "48 291 736"), ("person_name", "Brian Kowalski")],
    ),
]

# --- payment_card ----------------------------------------------------------------------------
ROWS += [
    Row(
        "I was charged twice on my Visa 4595 0179 9728 9936 for the same hotel night. Write a dispute message to the bank, keep it short.",
        [("payment_card", "4595 0179 9728 9936")],
    ),
    Row(
        "card: 4374-8240-0103-7947 exp 09/27 cvv 318 — my girlfriend sent me this over text so I can book the flights, how do I delete it safely from my phone?",
        [("payment_card", "4374-8240-0103-7947")],
    ),
    Row(
        """```js
// TODO remove before prod
const testPayment = { cardNumber: "4420306679691258", exp: "11/26", cvc: "442", holder: "Martin Schulz" };
```
why does the checkout page show "card declined" with this? it's my real card, it works in shops""",
        [("payment_card", "4420306679691258"), ("person_name", "Martin Schulz")],
    ),
    Row(
        "the receipt OCR gave me '4278.6690.8650.2738' for the card field, can you write a regex that normalizes dots to spaces?",
        [("payment_card", "4278.6690.8650.2738")],
    ),
    Row(
        "カード番号は４１５７ ８９９１ ８８３４ ８７３２です。有効期限は2026年3月。このメールを英語に翻訳してください。",
        [("payment_card", "４１５７ ８９９１ ８８３４ ８７３２")],
        lang="ja",
        variant="fullwidth",
    ),
    Row(
        "Support chat:\nAgent: Can you confirm the card on the account?\nMe: Visa ending... actually here's the full one 4180938943987698, exp 04/28\nAgent: Thanks!\n---\nIs it bad that I gave the full number?",
        [("payment_card", "4180938943987698")],
    ),
    Row(
        "Bitte schreib eine Reklamation: Meine Kreditkarte 4983 2340 3786 4988 wurde für ein Abo belastet, das ich gekündigt habe. Karteninhaberin: Claudia Vogt.",
        [("payment_card", "4983 2340 3786 4988"), ("person_name", "Claudia Vogt")],
        lang="de",
    ),
    Row(
        "Mastercard 5518 4055 0332 5974, 12/25, 771 — the gym keeps charging it after I cancelled. what's the fastest way to stop it?",
        [("payment_card", "5518 4055 0332 5974")],
    ),
    Row(
        "Order form for the catering:\nName: Dolores Whitfield\nCard: 5540-3720-2331-9311\nExp: 07/26  CVC: 209\nPlease turn this into a confirmation email (without the card obviously).",
        [("person_name", "Dolores Whitfield"), ("payment_card", "5540-3720-2331-9311")],
    ),
    Row(
        "pls help, my son used my card 5358495193183943 on Roblox without asking, how do I get a refund from the app store",
        [("payment_card", "5358495193183943")],
    ),
    Row(
        "Le paiement avec ma carte 5372 9084 8152 4729 a été refusé à l'hôtel alors que j'ai assez d'argent. Tu peux écrire un message à ma banque ?",
        [("payment_card", "5372 9084 8152 4729")],
        lang="fr",
    ),
    Row(
        "Mi tarjeta Mastercard 5244 6470 9206 5161 aparece dos veces en el extracto por la misma compra en Zara. Redacta la reclamación por favor.",
        [("payment_card", "5244 6470 9206 5161")],
        lang="es",
    ),
    Row(
        """payment_log.txt
2024-03-02 14:22:01 INFO charge ok card=5320039599431707 amount=49.00 customer=c_88213
2024-03-02 14:22:07 WARN retry
why is the full PAN in our logs?? how do I mask it in logback""",
        [("payment_card", "5320039599431707")],
    ),
    Row(
        "New Mastercard number 2360 1507 4166 7540, starts with 2 not 5 — is that legit or a fake card?",
        [("payment_card", "2360 1507 4166 7540")],
    ),
    Row(
        "Please fill the corporate travel form: Card holder Anil Kapoor, corporate card 2563-7559-3372-7541, cost centre 4410.",
        [("person_name", "Anil Kapoor"), ("payment_card", "2563-7559-3372-7541")],
    ),
    Row(
        "Amex 3715 106548 27863 exp 0529 CID 4471 — airline says it needs the billing zip too. The card belongs to my boss, Gordon Pryce.",
        [("payment_card", "3715 106548 27863"), ("person_name", "Gordon Pryce")],
    ),
    Row(
        "my amex is 341118592029571 and the website only allows 16 digits. how do I pay??",
        [("payment_card", "341118592029571")],
    ),
    Row(
        "Tengo una American Express 3428-195400-55902, ¿me cobran comisión en el extranjero?",
        [("payment_card", "3428-195400-55902")],
        lang="es",
    ),
    Row(
        "Discover card 6011 6844 4547 9624 got flagged for fraud, I need a script for calling them. My name is Wendy Cho.",
        [("payment_card", "6011 6844 4547 9624"), ("person_name", "Wendy Cho")],
    ),
    Row(
        "discover 6011-2385-0938-3881 exp 02/27 — can i use this on a site that only lists visa/mc logos",
        [("payment_card", "6011-2385-0938-3881")],
    ),
    Row(
        "Translate to Italian for the B&B: 'You can charge the deposit to my card 6011 9923 7611 3546, expiry 10/26.'",
        [("payment_card", "6011 9923 7611 3546")],
    ),
    Row(
        "Card number: 6571 1533 1364 2798 — is this Discover? It has a 65 prefix and my bank calls it 'RuPay'.",
        [("payment_card", "6571 1533 1364 2798")],
    ),
    Row(
        "my card number is 3 4 3 4 6 4 6 0 1 1 3 8 9 5 5 i'm reading it out for the voice bot, will it understand spaced digits?",
        [("payment_card", "3 4 3 4 6 4 6 0 1 1 3 8 9 5 5")],
        variant="spaced",
    ),
    Row(
        "Kaartnummer 5244647092065161 — ik heb deze per ongeluk in een openbaar Slack-kanaal geplakt. Wat moet ik doen?",
        [("payment_card", "5244647092065161")],
        lang="nl",
    ),
]

# --- iban ------------------------------------------------------------------------------------
ROWS += [
    Row(
        "Kannst du mir eine kurze Mail an meinen Vermieter schreiben, dass die Kaution bitte auf mein neues Konto geht? IBAN: DE60 8857 5878 7646 6311 39, Kontoinhaber Felix Brandt.",
        [("iban", "DE60 8857 5878 7646 6311 39"), ("person_name", "Felix Brandt")],
        lang="de",
    ),
    Row(
        "Refund request: please send the £180 deposit back to GB22 NWBK 8424 9567 2845 23 (account holder: Imogen Price). Make this sound firmer.",
        [("iban", "GB22 NWBK 8424 9567 2845 23"), ("person_name", "Imogen Price")],
    ),
    Row(
        """<CdtrAcct><Id><IBAN>NL86RABO6704493104</IBAN></Id></CdtrAcct>
<Cdtr><Nm>Sanne de Vries</Nm></Cdtr>
my SEPA XML gets rejected with 'invalid creditor account', what's wrong with this fragment?""",
        [("iban", "NL86RABO6704493104"), ("person_name", "Sanne de Vries")],
    ),
    Row(
        "Peux-tu traduire en anglais : « Merci de virer le salaire sur mon compte FR76 6639 2332 1468 8197 3699 342 à partir du mois prochain. »",
        [("iban", "FR76 6639 2332 1468 8197 3699 342")],
        lang="fr",
    ),
    Row(
        "Mi IBAN es ES24 8178 3970 9052 3279 2820, ¿cómo se lo paso a mi empresa para la nómina? Escribe el correo a RR. HH.",
        [("iban", "ES24 8178 3970 9052 3279 2820")],
        lang="es",
    ),
    Row(
        "Per il rimborso del corso, IBAN intestato a Marco Ferri: IT84 X233 6292 0210 0003 1742 887. Puoi scrivere la mail alla segreteria?",
        [("person_name", "Marco Ferri"), ("iban", "IT84 X233 6292 0210 0003 1742 887")],
        lang="it",
    ),
    Row(
        "iban=BE20037486257056 bic=GEBABEBB — this is my own account, the invoice generator puts it on the wrong line. Here's the template...",
        [("iban", "BE20037486257056")],
    ),
    Row(
        "my austrian IBAN AT09 9892 4595 8356 5271 — wise says it's valid but the landlord's bank rejects it. any idea?",
        [("iban", "AT09 9892 4595 8356 5271")],
    ),
    Row(
        "Swiss salary account: CH02 3210 1714 5145 7463 4 — please write a note to HR to change my payment details from the old account. Name: Lea Zimmermann.",
        [("iban", "CH02 3210 1714 5145 7463 4"), ("person_name", "Lea Zimmermann")],
    ),
    Row(
        "Skriv en besked til min udlejer om at indbetale depositum til DK33 5711 8078 8313 64. Tak!",
        [("iban", "DK33 5711 8078 8313 64")],
        lang="da",
    ),
    Row(
        "I'm paying my Irish friend Niamh back for the concert tickets, her IBAN is IE75AIBK89588205507928. Does Revolut charge for this?",
        [("person_name", "Niamh"), ("iban", "IE75AIBK89588205507928")],
    ),
    Row(
        "Polish invoice from a freelancer: 'Please pay to PL43 5756 2227 7120 7325 7508 6888, Tomasz Wójcik.' Translate the rest of the invoice.",
        [("iban", "PL43 5756 2227 7120 7325 7508 6888"), ("person_name", "Tomasz Wójcik")],
    ),
    Row(
        "O meu IBAN novo é PT88 1003 7253 3583 7600 9573 8. Podes escrever o e-mail para o senhorio?",
        [("iban", "PT88 1003 7253 3583 7600 9573 8")],
        lang="pt",
    ),
    Row(
        "summarize this bank letter: 'Dear Mr. Erik Lindgren, your account SE77 3418 6506 3632 8104 6810 will be migrated to our new platform on 1 June...'",
        [("person_name", "Erik Lindgren"), ("iban", "SE77 3418 6506 3632 8104 6810")],
    ),
    Row(
        "NO32 4786 8625 106 is my Norwegian account — can I receive euros into it without a fee?",
        [("iban", "NO32 4786 8625 106")],
    ),
    Row(
        "Lohnabrechnung: Auszahlung an DE59183018984393918615 — ich habe aber das Konto gewechselt. Wie teile ich das dem Arbeitgeber mit?",
        [("iban", "DE59183018984393918615")],
        lang="de",
    ),
    Row(
        "Stuur de terugbetaling naar NL31 INGB 5646 9482 61 t.n.v. Bram Jansen. Kun je dit in het Engels vertalen?",
        [("iban", "NL31 INGB 5646 9482 61"), ("person_name", "Bram Jansen")],
        lang="nl",
    ),
    Row(
        "ES43 1027 6161 7624 9065 2863 — mi cuenta en el banco, ¿cómo configuro la domiciliación del alquiler?",
        [("iban", "ES43 1027 6161 7624 9065 2863")],
        lang="es",
    ),
    Row(
        "Payee details for the wedding photographer: Zoe Barker, GB50BARC35701244231648. Is it safe to pay by bank transfer for a deposit?",
        [("person_name", "Zoe Barker"), ("iban", "GB50BARC35701244231648")],
    ),
    Row(
        "FR7656327295181756048063537 c'est le RIB de ma mère, je dois faire un virement pour elle. Quel est le BIC de cette banque ?",
        [("iban", "FR7656327295181756048063537")],
        lang="fr",
    ),
    Row(
        'IBAN: DE83 9308 6305 8095 4760 97 (Privatkonto, Anke Weber) – warum zeigt mein Online-Banking "Empfänger nicht verifiziert"?',
        [("iban", "DE83 9308 6305 8095 4760 97"), ("person_name", "Anke Weber")],
        lang="de",
    ),
]

# --- bank_account ----------------------------------------------------------------------------
ROWS += [
    Row(
        "Can you write a quick text to my flatmate: 'rent for March is £650, send it to sort code 20-45-77, account 41236587, ref FLAT3'",
        [("bank_account", "20-45-77"), ("bank_account", "41236587")],
    ),
    Row(
        """Dear Accounts,

Please update my bank details for expenses:
Name: Oliver Grant
Sort code: 40-11-62
Account number: 73019284

Thanks""",
        [("person_name", "Oliver Grant"), ("bank_account", "40-11-62"), ("bank_account", "73019284")],
    ),
    Row(
        "my sort code is 60 83 71 and account no 10482937, the council tax direct debit form has boxes for 6 and 8 digits — which goes where?",
        [("bank_account", "60 83 71"), ("bank_account", "10482937")],
    ),
    Row(
        "Summarize this letter: 'Dear Mrs Patricia Howell, we have received your request to close account 58204716 (sort code 30-94-57). The remaining balance of £312.40 will be...'",
        [("person_name", "Patricia Howell"), ("bank_account", "58204716"), ("bank_account", "30-94-57")],
    ),
    Row(
        "payroll csv is broken:\nname,sort_code,account\nHannah Reid,09-01-28,62039185\nAlfie Burns,23-14-70,00481736\nwhy does excel strip the leading zeros from the account column?",
        [
            ("person_name", "Hannah Reid"),
            ("bank_account", "09-01-28"),
            ("bank_account", "62039185"),
            ("person_name", "Alfie Burns"),
            ("bank_account", "23-14-70"),
            ("bank_account", "00481736"),
        ],
    ),
    Row(
        "I sent £1,200 to the wrong account!! I typed 11-52-96 / 39401827 instead of my landlord's. Write me a message to my bank asking them to recall it.",
        [("bank_account", "11-52-96"), ("bank_account", "39401827")],
    ),
    Row(
        "Get paid by BACS: sort code 77-03-45, acc 20918374, name Ruby Whitaker. Please format this for the bottom of my freelance invoice.",
        [("bank_account", "77-03-45"), ("bank_account", "20918374"), ("person_name", "Ruby Whitaker")],
    ),
    Row(
        "Help me fill the Child Benefit claim, section 'bank details': sort code 560029, account number 84721903, account holder my husband Callum.",
        [("bank_account", "560029"), ("bank_account", "84721903"), ("person_name", "Callum")],
    ),
    Row(
        "Direct deposit form for my new job — routing number 087173154, account number 4829173051, checking. Does the order matter on the form?",
        [("bank_account", "087173154"), ("bank_account", "4829173051")],
    ),
    Row(
        """Hi Tom,
For the reimbursement, my bank info is:
Routing (ABA): 013854722
Account: 000493817264
Account type: Savings
— Melissa""",
        [
            ("person_name", "Tom"),
            ("bank_account", "013854722"),
            ("bank_account", "000493817264"),
            ("person_name", "Melissa"),
        ],
    ),
    Row(
        "```python\nACH_TEST = {'routing': '617381536', 'account': '7302918465', 'name': 'Jerome Banks'}  # my own acct for sandbox, remove later\n```\nhow do I load this from env vars instead?",
        [("bank_account", "617381536"), ("bank_account", "7302918465"), ("person_name", "Jerome Banks")],
    ),
    Row(
        "the IRS refund page asks for routing + account. mine are 113155981 and 58102937466. is it a problem that it's a joint account with my ex?",
        [("bank_account", "113155981"), ("bank_account", "58102937466")],
    ),
    Row(
        "Write a polite email to the tenant, Sofia Alvarez, confirming the security deposit will be returned to ABA 079098454, account 2039481756.",
        [("person_name", "Sofia Alvarez"), ("bank_account", "079098454"), ("bank_account", "2039481756")],
    ),
    Row(
        "Necesito llenar el formulario de depósito directo de mi trabajo en Texas: número de ruta 705939340, número de cuenta 81920374. ¿Cuál es cuál en el cheque?",
        [("bank_account", "705939340"), ("bank_account", "81920374")],
        lang="es",
    ),
    Row(
        "venmo isn't working so my brother Nate sent me his bank: routing 672593990 acct 4410293857. how do i do a zelle with that",
        [("person_name", "Nate"), ("bank_account", "672593990"), ("bank_account", "4410293857")],
    ),
    Row(
        "Employee,Routing,Account,Net Pay\nRosa Delgado,720560082,301948576,2140.55\nfix the header so it matches the bank's NACHA template",
        [
            ("person_name", "Rosa Delgado"),
            ("bank_account", "720560082"),
            ("bank_account", "301948576"),
            ("salary", "2140.55"),
        ],
    ),
    Row(
        "Wire instructions from my lawyer's email — Routing: 303707107, Account: 9920381746. Is this a common scam pattern? The email came from a gmail address.",
        [("bank_account", "303707107"), ("bank_account", "9920381746")],
    ),
    Row(
        "the check at the bottom says ⑆317406876⑆ 5810293746⑈ 1042 — which is my routing number and which is the account?",
        [("bank_account", "317406876"), ("bank_account", "5810293746")],
    ),
    Row(
        "Kannst du das übersetzen? 'Please send the rent to my US account: routing 084012674, account 6629104837 (Chase, name Laura Meyer).'",
        [("bank_account", "084012674"), ("bank_account", "6629104837"), ("person_name", "Laura Meyer")],
        lang="de",
    ),
    Row(
        "Autopay setup for my mortgage: bank routing # 673049074 / acct # 11029384756. Write down the steps to double check it before I submit.",
        [("bank_account", "673049074"), ("bank_account", "11029384756")],
    ),
    Row(
        "Mon compte au Royaume-Uni : sort code 83-06-12, numéro de compte 47120938. Comment je fais un virement depuis la France ?",
        [("bank_account", "83-06-12"), ("bank_account", "47120938")],
        lang="fr",
    ),
    Row(
        "sort code ２０－４５－７７ account ４１２３４５６７ — copied from my banking app, why won't the form accept it?",
        [("bank_account", "２０－４５－７７"), ("bank_account", "４１２３４５６７")],
        variant="fullwidth",
    ),
]

# --- medical_record --------------------------------------------------------------------------
ROWS += [
    Row(
        "My NHS number is 529 893 7926 — the GP receptionist asked me to email it with my repeat prescription request. Can you draft that email?",
        [("medical_record", "529 893 7926")],
    ),
    Row(
        """Referral letter — please tidy up the wording:
Patient: Mr Geoffrey Baines
NHS No: 3481988281
Referred to: Cardiology outpatients
Reason: palpitations, 3 months""",
        [("person_name", "Geoffrey Baines"), ("medical_record", "3481988281"), ("health", "palpitations")],
    ),
    Row(
        "nhs number for my mum (Maureen Sutton) is 968 998 4314, the hospital transport booking line wants it. what else will they ask?",
        [("person_name", "Maureen Sutton"), ("medical_record", "968 998 4314")],
    ),
    Row(
        "hl7 segment from our test feed, which field is the NHS number? PID|1||7058394687^^^NHS^NH||HUGHES^OWEN||19720311|M",
        [("medical_record", "7058394687"), ("person_name", "HUGHES^OWEN"), ("date_of_birth", "19720311")],
    ),
    Row(
        "Meine Krankenversichertennummer ist A371797291. Die neue Praxis fragt danach, bevor ich die Karte mitbringe – ist das normal?",
        [("medical_record", "A371797291")],
        lang="de",
    ),
    Row(
        "Bitte schreib an die TK: Versichertennummer U612003669, Name Heike Brandl, ich habe noch keine neue Gesundheitskarte bekommen.",
        [("medical_record", "U612003669"), ("person_name", "Heike Brandl")],
        lang="de",
    ),
    Row(
        "KVNR B641657622 — what's the structure of this number? I'm writing a validator for our practice software and this is my own insurance number.",
        [("medical_record", "B641657622")],
    ),
    Row(
        "Patient MRN: 00482917, admitted 03/14 — draft a discharge summary template with placeholders, keeping the MRN at the top. Patient name Dorothy Kane.",
        [("medical_record", "00482917"), ("person_name", "Dorothy Kane")],
    ),
    Row(
        "my son's MRN at Children's is 7730192, the billing office keeps mixing him up with another kid. Write a complaint letter, his name is Mason Reilly.",
        [("medical_record", "7730192"), ("person_name", "Mason Reilly")],
    ),
    Row(
        """SELECT * FROM encounters WHERE mrn = 'E1048297';
-- this is my own chart, I'm a nurse and testing the read-only replica
why is it slow? there's an index on mrn""",
        [("medical_record", "E1048297")],
    ),
    Row(
        "Translate into Spanish for the patient's family: 'Patient ID PT-4829175 (Roberto Salas) has been moved to room 412.'",
        [("medical_record", "PT-4829175"), ("person_name", "Roberto Salas")],
    ),
    Row(
        "Mon numéro IPP à l'hôpital est 8402917731. Je voudrais demander mon dossier médical, tu peux rédiger la lettre ?",
        [("medical_record", "8402917731")],
        lang="fr",
    ),
    Row(
        "病院の患者ID 20481937 を英語の紹介状に書く必要があります。「患者番号」はどう訳せばいいですか？",
        [("medical_record", "20481937")],
        lang="ja",
    ),
    Row(
        "Summarize this lab letter: 'Re: Mrs Agnes Poole, NHS number 825 835 0137, Hospital No. RX4928173. Your recent blood tests show...'",
        [("person_name", "Agnes Poole"), ("medical_record", "825 835 0137"), ("medical_record", "RX4928173")],
    ),
    Row(
        "The pharmacy asks for my medical record number when I call. It's MRN 9301-4472. Is it safe to say it over the phone?",
        [("medical_record", "9301-4472")],
    ),
    Row(
        "Versichertennummer: Z315121761 (meine Tochter Emma, familienversichert). Muss ich die beim Kinderarzt angeben?",
        [("medical_record", "Z315121761"), ("person_name", "Emma")],
        lang="de",
    ),
    Row(
        "NHS no. 799 565 1600 — that's my dad's, Frank Doherty. He's been discharged, how do we get the discharge letter sent to his GP?",
        [("medical_record", "799 565 1600"), ("person_name", "Frank Doherty")],
    ),
    Row(
        "Epic chart MRN 31048827 for patient Alicia Moreno — write the after-visit summary in plain language, keep the MRN on the header only.",
        [("medical_record", "31048827"), ("person_name", "Alicia Moreno")],
    ),
]

# --- pin -------------------------------------------------------------------------------------
ROWS += [
    Row(
        "Can you write a note for the dog sitter? Key is in the lockbox by the door, code 4821. Alarm code is 7394, press OFF then the code.",
        [("pin", "4821"), ("pin", "7394")],
    ),
    Row(
        "mein PIN ist 5026 und die Bank-App sagt trotzdem 'falsche PIN'. Kann es sein, dass die Karte gesperrt ist?",
        [("pin", "5026")],
        lang="de",
    ),
    Row(
        "Le code de la porte est 7391 et l'interphone est au nom de Dubois. Tu peux traduire ça en anglais pour mes invités Airbnb ?",
        [("pin", "7391"), ("person_name", "Dubois")],
        lang="fr",
    ),
    Row(
        "My phone unlock code is 190284 — if something happens to me, my sister Leah needs to get in. How do I write that into a letter of wishes?",
        [("pin", "190284"), ("person_name", "Leah")],
    ),
    Row(
        "Welcome message for guests:\nWi-Fi: see the router\nGate code: 2580#\nKey safe: 6613\nCheckout 11am\nMake it friendlier please.",
        [("pin", "2580"), ("pin", "6613")],
    ),
    Row(
        "my SIM is locked, PUK 48201937, the carrier sent it by SMS. where do I type it on an iPhone?",
        [("pin", "48201937")],
    ),
    Row(
        "voicemail PIN is 3318, how do I change it on a Verizon phone? I think my ex knows it",
        [("pin", "3318")],
    ),
    Row(
        "Bike lock combo is 0472, put it in the shared note for my roommate Josh please, along with 'lock it to the rack not the tree'.",
        [("pin", "0472"), ("person_name", "Josh")],
    ),
    Row(
        "Office safe combination: 24-61-38 (only I know it). Can you write instructions for my assistant Hailey to open it while I'm away?",
        [("pin", "24-61-38"), ("person_name", "Hailey")],
    ),
    Row(
        "El PIN de mi tarjeta es 8305, ¿es seguro tenerlo apuntado en las notas del móvil?",
        [("pin", "8305")],
        lang="es",
    ),
    Row(
        "Il codice del cancello è 1957, quello dell'allarme 40226. Scrivimi un messaggio per la donna delle pulizie, si chiama Rosaria.",
        [("pin", "1957"), ("pin", "40226"), ("person_name", "Rosaria")],
        lang="it",
    ),
    Row(
        "ATM swallowed my card after I typed my pin 6248 three times, but I'm sure it's right. What do I do now?",
        [("pin", "6248")],
    ),
    Row(
        "Locker 118 at the gym, code 9034. Remind me in a nice way in tomorrow's to-do list.",
        [("pin", "9034")],
    ),
    Row(
        '```yaml\ndoor_controller:\n  site: home\n  master_pin: "552019"  # my actual front door\n```\nhow do I move master_pin into home assistant secrets.yaml?',
        [("pin", "552019")],
    ),
    Row(
        "De code van de sleutelkluis is 3047. Kun je een kort berichtje maken voor de schoonmaker?",
        [("pin", "3047")],
        lang="nl",
    ),
    Row(
        "Min pinkode er 7720, og jeg har glemt om det er til Dankortet eller Visa. Hvordan nulstiller jeg den?",
        [("pin", "7720")],
        lang="da",
    ),
    Row(
        "暗証番号は2946です。銀行のATMで使えなくなりました。英語でサポートに説明する文を書いてください。",
        [("pin", "2946")],
        lang="ja",
    ),
    Row(
        "garage keypad: 8 1 7 4 then enter. my neighbor needs it to water the plants, write a short whatsapp msg",
        [("pin", "8 1 7 4")],
        variant="spaced",
    ),
    Row(
        "Translate for my mother-in-law: 'The alarm passcode is 50931, if it beeps just type it and press disarm.'",
        [("pin", "50931")],
    ),
    Row(
        "I set my kid's iPad Screen Time passcode to 2207 and now I forgot if it was 2207 or something else. How do I reset it without erasing?",
        [("pin", "2207")],
    ),
    Row(
        "Hotel room safe: I set the code to 640192 and now it says ERROR. Write a message to reception.",
        [("pin", "640192")],
    ),
    Row(
        "support chat log:\nme: my app PIN is 3961 and it doesn't work\nagent: never share your PIN with anyone!\nme: oops\nsummarize this conversation lol",
        [("pin", "3961")],
    ),
    Row(
        "Seu código de acesso ao prédio é 4410#. Escreve uma mensagem de boas-vindas para o novo inquilino, Rafael.",
        [("pin", "4410"), ("person_name", "Rafael")],
        lang="pt",
    ),
    Row(
        "My mom's debit card PIN: 7063. She asked me to write it somewhere safe for her — should I use a password manager? which one is easiest for a 75 year old?",
        [("pin", "7063")],
    ),
    Row(
        "Parcel locker pickup: locker 27, PIN 815904, valid until Friday. Turn this into a reminder for my husband Dave.",
        [("pin", "815904"), ("person_name", "Dave")],
    ),
    Row(
        "Die Alarmanlage hat den Code 2581, die Garage 7036. Schreib das bitte in die Übergabenotiz für meinen Nachbarn Herrn Krause.",
        [("pin", "2581"), ("pin", "7036"), ("person_name", "Krause")],
        lang="de",
    ),
    Row(
        "PIN: ４７３９ — the bank app says 'invalid characters' when I paste it. Why?",
        [("pin", "４７３９")],
        variant="fullwidth",
    ),
]

# --- salary ----------------------------------------------------------------------------------
ROWS += [
    Row(
        "Write an offer letter for Anna Kowalczyk, Senior Data Analyst, starting 1 May, base salary $84,500 a year plus a 10% target bonus.",
        [("person_name", "Anna Kowalczyk"), ("salary", "$84,500")],
    ),
    Row(
        "my salary is £42k and my manager just offered 3%. Help me write a counter-offer email asking for £46,000, I'm Sam Whitmore btw",
        [("salary", "£42k"), ("salary", "£46,000"), ("person_name", "Sam Whitmore")],
    ),
    Row(
        "Kannst du mir helfen, eine Gehaltsverhandlung vorzubereiten? Aktuelles Gehalt: 65.000 € brutto im Jahr, ich will auf 72.000 €.",
        [("salary", "65.000 €"), ("salary", "72.000 €")],
        lang="de",
    ),
    Row(
        "Mon salaire est de 3 200 € net par mois, mon propriétaire demande 3 fois le loyer en revenus. Le loyer est à 1 150 €, c'est bon ?",
        [("salary", "3 200 €")],
        lang="fr",
    ),
    Row(
        "Contractor agreement: hourly rate $38.50 for Tom Nguyen, max 30 hours/week. Can you tighten the payment clause?",
        [("salary", "$38.50"), ("person_name", "Tom Nguyen")],
    ),
    Row(
        """fix this payroll CSV, the amounts have mixed separators:
name,dept,annual_salary
Gemma Lockhart,Finance,"58,200"
Rahul Desai,Engineering,91500.00
Isla Fenwick,Support,"41.300"
""",
        [
            ("person_name", "Gemma Lockhart"),
            ("salary", "58,200"),
            ("person_name", "Rahul Desai"),
            ("salary", "91500.00"),
            ("person_name", "Isla Fenwick"),
            ("salary", "41.300"),
        ],
    ),
    Row(
        """Hi Daniel,

Following your review, I'm pleased to confirm your salary will increase from £51,000 to £55,500 effective 1 April, and you'll receive a one-off bonus of £2,500.

Best,
Carolyn""",
        [
            ("person_name", "Daniel"),
            ("salary", "£51,000"),
            ("salary", "£55,500"),
            ("salary", "£2,500"),
            ("person_name", "Carolyn"),
        ],
    ),
    Row(
        "my wife makes 112k and I make 68k, we're in California. what's our marginal tax bracket filing jointly?",
        [("salary", "112k"), ("salary", "68k")],
    ),
    Row(
        "Mi sueldo es de 1.850 euros netos al mes y me han ofrecido otro trabajo por 2.300. ¿Cómo se lo planteo a mi jefe? Me llamo Lucía Gómez.",
        [("salary", "1.850 euros"), ("salary", "2.300"), ("person_name", "Lucía Gómez")],
        lang="es",
    ),
    Row(
        "Confidential: Promotion memo for Marcus Hale — new title Engineering Manager, compensation $162,000 base, equity 4,000 RSUs. Make it sound less robotic.",
        [("person_name", "Marcus Hale"), ("salary", "$162,000")],
    ),
    Row(
        "Il mio stipendio è di 1.600 € al mese, il datore di lavoro mi ha detto che il mio collega Stefano ne prende 2.100 €. È legale pagarci diversamente per lo stesso ruolo?",
        [("salary", "1.600 €"), ("person_name", "Stefano"), ("salary", "2.100 €")],
        lang="it",
    ),
    Row(
        "Reference letter for my nanny Rosie: she worked for us 3 years at $22/hour. Please write a warm letter, don't mention the pay.",
        [("person_name", "Rosie"), ("salary", "$22")],
    ),
    Row(
        """```sql
INSERT INTO employees (name, salary) VALUES ('Kwame Mensah', 73400);
INSERT INTO employees (name, salary) VALUES ('Ingrid Solberg', 88150);
```
why does the second insert fail with 'duplicate key'?""",
        [
            ("person_name", "Kwame Mensah"),
            ("salary", "73400"),
            ("person_name", "Ingrid Solberg"),
            ("salary", "88150"),
        ],
    ),
    Row(
        "Jeg tjener 42.000 kr. om måneden før skat. Kan du hjælpe mig med at skrive til min chef om lønforhandling? Mvh. Rasmus",
        [("salary", "42.000 kr."), ("person_name", "Rasmus")],
        lang="da",
    ),
    Row(
        "月給は32万円です。転職先のオファーは年収520万円でした。上司への退職メールを書いてください。",
        [("salary", "32万円"), ("salary", "520万円")],
        lang="ja",
    ),
    Row(
        "Employee: Brenda Kimani | Role: Nurse | Annual pay: KES 1,440,000 | Housing allowance: KES 120,000. Turn this into a payslip summary.",
        [("person_name", "Brenda Kimani"), ("salary", "KES 1,440,000"), ("salary", "KES 120,000")],
    ),
    Row(
        "summarize: 'Dear Mr. Alan Prescott, we are pleased to offer you the position of Store Manager at an annual salary of AUD 78,000, paid fortnightly...'",
        [("person_name", "Alan Prescott"), ("salary", "AUD 78,000")],
    ),
    Row(
        "Ik verdien €3.450 bruto per maand. Mijn collega Joris zegt dat hij €4.100 krijgt. Schrijf een mail aan HR over salarisgelijkheid.",
        [("salary", "€3.450"), ("person_name", "Joris"), ("salary", "€4.100")],
        lang="nl",
    ),
    Row(
        "bonus letter: 'Priyanka Rao will receive a performance bonus of ₹2,50,000 for FY24.' translate into Hindi pls",
        [("person_name", "Priyanka Rao"), ("salary", "₹2,50,000")],
    ),
    Row(
        "Salário: R$ 6.800,00 — é o que ganho como analista. Meu chefe, Carlos, quer me pagar como PJ. Vale a pena?",
        [("salary", "R$ 6.800,00"), ("person_name", "Carlos")],
        lang="pt",
    ),
    Row(
        "HR email draft, please proofread: 'Hi Megan, as discussed, your day rate as a consultant will be £550 from next month.'",
        [("person_name", "Megan"), ("salary", "£550")],
    ),
    Row(
        'jsonl for the fine-tune: {"employee": "Viktor Hansen", "gross_monthly": 5125.40, "currency": "EUR"} — is this format fine for the payroll model?',
        [("person_name", "Viktor Hansen"), ("salary", "5125.40")],
    ),
    Row(
        "I found out my coworker Brianna makes ninety-two thousand dollars and I make 81,000. Same title. How do I bring it up with my manager without getting her in trouble?",
        [("person_name", "Brianna"), ("salary", "ninety-two thousand dollars"), ("salary", "81,000")],
    ),
    Row(
        "Gehaltsabrechnung März für Frau Petra Lange: Bruttolohn 4.215,00 EUR, Netto 2.748,33 EUR. Ist die Lohnsteuer für Klasse 3 plausibel?",
        [("person_name", "Petra Lange"), ("salary", "4.215,00 EUR"), ("salary", "2.748,33 EUR")],
        lang="de",
    ),
    Row(
        "Le salaire annuel de Karim Benali passe à 48 000 € bruts à partir de janvier. Rédige le courrier d'avenant au contrat.",
        [("person_name", "Karim Benali"), ("salary", "48 000 €")],
        lang="fr",
    ),
    Row(
        "waiter pay check: Jordan worked 32 hrs at $15.75/hr this week. how much before tax?",
        [("person_name", "Jordan"), ("salary", "$15.75")],
    ),
]

# --- negatives -------------------------------------------------------------------------------
NEGATIVES += [
    Negative(
        "Where is my package? Order #112-4829173-5520194 was supposed to arrive Tuesday. Write a short complaint to the seller.",
        "order_id",
    ),
    Negative(
        "Invoice INV-2024-004817 is overdue by 30 days. Draft a polite reminder to the client, amount $3,240.",
        "invoice_number",
    ),
    Negative(
        "UPS tracking 1Z999AA10123456784 says 'label created' for 5 days. Is that normal?", "tracking_number"
    ),
    Negative(
        "The tracking number 9400 1118 9922 3847 5510 62 hasn't updated since Memphis. What does 'in transit, arriving late' mean?",
        "tracking_number",
    ),
    Negative(
        "Can you give me a summary of the book with ISBN 978-0-13-468599-1? I think it's about clean architecture.",
        "isbn",
    ),
    Negative("ISBN 9780262033848 — is this the third edition of CLRS or the fourth?", "isbn"),
    Negative(
        "The serial number on the back of my router is 4945807302157368, where do I register it for the warranty?",
        "invalid_card",
    ),
    Negative(
        "Batch ref 4193 0364 2621 2997 appears on every line of the supplier's CSV. What's a good column name for it?",
        "invalid_card",
    ),
    Negative(
        "Our loyalty program member numbers look like 5515-0615-9982-5966. How should I validate them, they have no check digit?",
        "invalid_card",
    ),
    Negative("The coupon code on the receipt reads 5437476629944746, does it expire?", "invalid_card"),
    Negative(
        "Stripe's test card 4242 4242 4242 4242 works in test mode but my integration test still fails with 'card_declined'. Any ideas?",
        "test_card",
    ),
    Negative(
        "In the Adyen docs, 4111 1111 1111 1111 is listed as a Visa test number. Which CVC should I use with it in the sandbox?",
        "test_card",
    ),
    Negative(
        "Braintree sandbox: what's the test Mastercard number that triggers a 'processor declined' — is it 5105 1051 0510 5100?",
        "test_card",
    ),
    Negative(
        "Our supplier's payment reference is GB82WEST12345698765433, which our bank flags as an invalid IBAN. Is the check digit wrong?",
        "invalid_iban",
    ),
    Negative(
        "Reference string NL91ABNA0417164301 from the old ERP export — write a regex that matches this format (2 letters, 2 digits, 4 letters, 10 digits).",
        "invalid_iban",
    ),
    Negative(
        "The SEPA test file uses FR7630006000011234567890188 as a dummy creditor; the validator says the key is wrong. Why would a test fixture be invalid?",
        "invalid_iban",
    ),
    Negative(
        "Explain how IBAN check digits work, using DE00 1234 5678 9012 3456 78 as the shape (with 00 as placeholder).",
        "iban_docs",
    ),
    Negative(
        "The routing field in our form accepts 021000022 but that shouldn't pass the ABA checksum, right? Show me the 3-7-1 algorithm.",
        "invalid_aba",
    ),
    Negative(
        "Our internal cost centre code is 111000026, and people keep mistaking it for a bank routing number.",
        "invalid_aba",
    ),
    Negative(
        "What's the median salary in Germany? I read it's about €45,000 gross a year.", "generic_salary"
    ),
    Negative(
        "Software engineers in London earn between £55,000 and £95,000 on average according to the 2024 survey. Is that accurate?",
        "generic_salary",
    ),
    Negative(
        "The federal minimum wage is $7.25 an hour. Which states have the highest minimum wage?",
        "generic_salary",
    ),
    Negative(
        "In France, le SMIC est d'environ 1 400 € net par mois. Comment est-il calculé ?", "generic_salary"
    ),
    Negative(
        "Job ad: 'Salary range $120,000–$150,000 depending on experience.' Is it legal in Colorado to post a range this wide?",
        "generic_salary",
    ),
    Negative(
        "How many combinations does a 4-digit PIN have? I think it's 10,000, and 1234 is the most common one.",
        "pin_advice",
    ),
    Negative(
        "Why do banks say never to use 0000 or 1111 as a PIN? Are 6-digit PINs much safer?", "pin_advice"
    ),
    Negative(
        "The default PIN on most new SIM cards is 0000 or 1234 — how do I change it on Android?",
        "pin_hardware",
    ),
    Negative(
        "The Bluetooth speaker asks for a pairing code; the manual says the default is 0000.", "pin_hardware"
    ),
    Negative(
        "My Postgres container listens on 5432 and Redis on 6379, but port 8080 is already in use. How do I remap it in docker-compose?",
        "port_config",
    ),
    Negative(
        "Nginx returns 502 when the upstream on 127.0.0.1:3000 is down. What's a good health check config?",
        "port_config",
    ),
    Negative(
        "Upgrading from 4.2.1 to 5.0.0-rc.3 broke our build. What changed in the 5.x changelog?",
        "version_number",
    ),
    Negative(
        "pip says 'requires numpy>=1.26.4,<2.0'. I have 2.1.3 installed. How do I pin it?", "version_number"
    ),
    Negative(
        "The log line is '2024-03-14 09:41:27.553 INFO started in 1847 ms' — how do I parse the timestamp in Python?",
        "timestamp",
    ),
    Negative("Convert the Unix timestamp 1718204400 to a date in UTC please.", "timestamp"),
    Negative("What is 482917 × 305 and then divided by 17? Show the steps.", "math"),
    Negative("Is 2147483647 prime? I know it's the max int32.", "math"),
    Negative("Sum of the series 1+2+...+10000 — is it 50005000?", "math"),
    Negative(
        "Schedule a meeting for 14.03.2025 at 10:30 and another on 21/03/2025. Which one is a Friday?",
        "plain_date",
    ),
    Negative(
        "Flight LH 2471 from Munich departs at 07:55, gate G26. Is 40 minutes enough for a connection to BA 947?",
        "flight_number",
    ),
    Negative(
        "Room 1408 in the conference hotel is the breakout room; can you make a sign for the door?",
        "room_number",
    ),
    Negative(
        "Product code SKU-88412-BLK-XL is out of stock; suggest an email to customers on the waitlist.",
        "product_code",
    ),
    Negative("Part number 0986AF0134 for a Bosch oil filter — does it fit a 2015 Golf TDI?", "part_number"),
    Negative(
        "The TV's model number is QE55Q80BATXXU and serial 0B8K3CNT400172H. Where can I find the firmware?",
        "serial_number",
    ),
    Negative(
        "Laptop serial number C02XK4ZJJGH7 — how do I check the warranty status on Apple's website?",
        "serial_number",
    ),
    Negative(
        "Ticket JIRA-48291 says the checkout page crashes on Safari. Write a reproduction checklist.",
        "ticket_id",
    ),
    Negative("Case number 2024-CV-018372 in county court: what does 'CV' stand for?", "case_number"),
    Negative(
        "Explain the format of a US Social Security number: three digits, two digits, four digits, like AAA-GG-SSSS.",
        "ssn_docs",
    ),
    Negative(
        "Why was 078-05-1120 printed on wallet inserts in 1938? I read it became the most misused SSN ever.",
        "specimen_ssn",
    ),
    Negative(
        "Is 987-65-4321 a valid SSN? Our form validator lets it through but I think 9xx areas are never issued.",
        "invalid_ssn",
    ),
    Negative(
        "Explain what a UK National Insurance number looks like — is the format two letters, six digits and a letter like QQ 12 34 56 C?",
        "id_docs",
    ),
    Negative(
        "Steuer-ID Prüfziffer: warum ist 86095742718 ungültig? Ich habe sie mir nur ausgedacht, um den Algorithmus zu testen.",
        "invalid_id",
    ),
    Negative(
        "Our test suite uses 12345678901 as a CPF and the validator rejects it. Which check digit rule fails?",
        "invalid_id",
    ),
    Negative(
        "Random 12-digit number 234123412347 from my test generator — does it pass Verhoeff? I don't think so.",
        "invalid_id",
    ),
    Negative(
        "Is 123 456 789 a valid Canadian SIN format? Asking for a form validation unit test.", "invalid_id"
    ),
    Negative(
        "The NHS number check: why does 401 023 2138 fail the modulus 11 test? I made it up to test my function.",
        "invalid_id",
    ),
    Negative(
        "What format do US passport numbers have? Nine digits, or a letter followed by eight digits?",
        "passport_generic",
    ),
    Negative(
        "How long does it take to renew a German Reisepass? The Bürgeramt says 4–6 weeks.", "passport_generic"
    ),
    Negative(
        "California driver's licenses are one letter followed by seven digits. Write a regex for that format.",
        "license_generic",
    ),
    Negative(
        "The Stripe dashboard shows payout po_1OaB4829173 failed. What does 'account_closed' mean?",
        "payout_id",
    ),
    Negative(
        "Prices: the monitor costs €349.99, the stand €89 and shipping €12.50. What's the total with 19% VAT?",
        "price",
    ),
    Negative(
        "A flat in Copenhagen costs about 12.000 kr. a month in rent. Is that typical for 60 m²?", "price"
    ),
    Negative(
        "The average nurse salary in the UK is around £35,000, and the NHS band 5 starts at £29,970. Is that right for 2024?",
        "generic_salary",
    ),
    Negative(
        "Call the restaurant at opening time, the reservation code is RES-4821-XY for a table of 6 on Saturday.",
        "booking_ref",
    ),
    Negative("Booking reference QX7K2P for the ferry — can I change the date online?", "booking_ref"),
    Negative(
        "In the MRZ example from ICAO Doc 9303, the document number is L898902C3. Explain how the check digit after it is computed.",
        "specimen_passport",
    ),
    Negative("Please convert 0x7FFF4A2C to decimal.", "code_numbers"),
    Negative(
        "for i in range(1000, 9999): print(i) — how long would this take to brute force a 4-digit lock in theory?",
        "pin_advice",
    ),
    Negative(
        "Our hospital has 412 beds and 1,893 staff. Write an intro paragraph for the annual report.",
        "medical_generic",
    ),
    Negative(
        "What does MRN stand for in a hospital, and how many digits does it usually have?", "medical_generic"
    ),
    Negative(
        "The DHL waybill number 1234567890 is the example in their documentation; what does a real one look like?",
        "tracking_number",
    ),
    Negative(
        "Area code 212 and zip 10001 are both Manhattan; what's the zip for Brooklyn Heights?", "code_numbers"
    ),
    Negative("IKEA article number 204.193.28 — is the KALLAX 4x4 shelf still sold in white?", "product_code"),
    Negative("GTIN 4006381333931 on the pen box: how do I look up the manufacturer?", "product_code"),
    Negative(
        "Die durchschnittlichen Bruttogehälter liegen in Bayern bei etwa 4.200 € im Monat. Wo finde ich die Statistik?",
        "generic_salary",
    ),
]
