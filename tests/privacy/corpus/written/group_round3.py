"""Round 3 of the hand-written prompts: weighted to health, passports, medical record numbers,
salary and names, with the other kinds spread around and look-alike negatives.

Every checksummed value was made to pass tests/privacy/corpus/checksums.py (MRZ check digits
computed with the ICAO 9303 7-3-1 weights). All values are synthetic; names are invented.
"""

from build import Negative, Row

ROWS: list[Row] = []
NEGATIVES: list[Negative] = []

# --- health ----------------------------------------------------------------------------------
ROWS += [
    Row(
        "rewrite this so it sounds less dramatic, it's for my team lead: 'hey, so Tomasz here, I got diagnosed with type 1 diabetes last week and I'll be late on Mondays for the endo appointments'",
        [("person_name", "Tomasz"), ("health", "type 1 diabetes")],
    ),
    Row(
        "My daughter Ilse (7) has a severe peanut allergy and carries an EpiPen Jr 0.15 mg. Write a short note for her new teacher explaining what to do if she reacts.",
        [("person_name", "Ilse"), ("health", "severe peanut allergy"), ("health", "EpiPen Jr 0.15 mg")],
    ),
    Row(
        "Kannst du das ins Englische übersetzen? 'Bei Frau Renate Pfisterer wurde eine mittelgradige depressive Episode (F32.1) festgestellt; sie erhält Sertralin 50 mg täglich.'",
        [
            ("person_name", "Renate Pfisterer"),
            ("health", "mittelgradige depressive Episode (F32.1)"),
            ("health", "Sertralin 50 mg täglich"),
        ],
        lang="de",
    ),
    Row(
        "quick q - my husband's HbA1c came back 8.4% and his doctor wants to add metformin 500mg twice a day. what questions should we ask at the next visit? he's Gerald btw, 61",
        [
            ("health", "HbA1c came back 8.4%"),
            ("health", "metformin 500mg twice a day"),
            ("person_name", "Gerald"),
        ],
    ),
    Row(
        """Subject: Leave request – Okonkwo, Adaeze

Dear HR,

I am writing to request medical leave from 3 to 28 March. I am 31 weeks pregnant and my obstetrician has diagnosed gestational hypertension, so she has advised bed rest. The certificate is attached.

Kind regards,
Adaeze Okonkwo
Accounts Payable""",
        [
            ("person_name", "Okonkwo, Adaeze"),
            ("health", "31 weeks pregnant"),
            ("health", "gestational hypertension"),
            ("person_name", "Adaeze Okonkwo"),
        ],
    ),
    Row(
        "Résume ce compte rendu en trois lignes : « M. Lucien Barthélemy, 58 ans, présente une fibrillation auriculaire paroxystique. Traitement : apixaban 5 mg deux fois par jour. Échographie : FEVG 45 %. »",
        [
            ("person_name", "Lucien Barthélemy"),
            ("health", "fibrillation auriculaire paroxystique"),
            ("health", "apixaban 5 mg deux fois par jour"),
            ("health", "FEVG 45 %"),
        ],
        lang="fr",
    ),
    Row(
        "help me word a text to my boss. I can't come in, my panic attacks are back and my therapist upped my propranolol to 40mg. don't want to say too much though",
        [("health", "panic attacks"), ("health", "propranolol to 40mg")],
    ),
    Row(
        "Claim form, section 4 (nature of illness): Insured: Haruto Ishikawa. Diagnosis: herniated disc L4-L5 with sciatica, MRI 12/01. Treatment: physiotherapy x12, pregabalin 75 mg. Please check my English.",
        [
            ("person_name", "Haruto Ishikawa"),
            ("health", "herniated disc L4-L5 with sciatica"),
            ("health", "pregabalin 75 mg"),
        ],
    ),
    Row(
        "Traduce al inglés para el seguro: 'Mi hijo Mateo Quiroga tiene TDAH diagnosticado desde 2021 y toma metilfenidato 18 mg por la mañana.'",
        [("person_name", "Mateo Quiroga"), ("health", "TDAH"), ("health", "metilfenidato 18 mg")],
        lang="es",
    ),
    Row(
        "my mum (Pauline) just got told her bloods show eGFR 38, stage 3b CKD. explain what that means in normal words, she's scared",
        [("person_name", "Pauline"), ("health", "eGFR 38"), ("health", "stage 3b CKD")],
    ),
    Row(
        "Puoi rendere più formale questa email? 'Ciao Giada, ti scrivo per dirti che dopo la biopsia mi hanno trovato un linfoma di Hodgkin, inizio la chemio ABVD lunedì. Baci, Orsola'",
        [
            ("person_name", "Giada"),
            ("health", "linfoma di Hodgkin"),
            ("health", "chemio ABVD"),
            ("person_name", "Orsola"),
        ],
        lang="it",
    ),
    Row(
        """患者メモを英語に要約してください。
氏名：松岡 咲良（まつおか さくら）
診断：双極性障害II型
処方：ラモトリギン 100mg 1日1回
備考：次回受診 2週間後""",
        [
            ("person_name", "松岡 咲良"),
            ("person_name", "まつおか さくら"),
            ("health", "双極性障害II型"),
            ("health", "ラモトリギン 100mg 1日1回"),
        ],
        lang="ja",
    ),
    Row(
        "I'm writing a reasonable-adjustments request for work. I'm autistic and have ADHD, and noise makes meetings really hard. Can you make it sound professional? Signed, Rowan Achterberg",
        [("health", "I'm autistic"), ("health", "ADHD"), ("person_name", "Rowan Achterberg")],
    ),
    Row(
        "Vertaal naar het Engels: 'Mijn vader, Henk Bosschaert, heeft de ziekte van Parkinson en slikt levodopa/carbidopa 100/25 drie keer per dag.'",
        [
            ("person_name", "Henk Bosschaert"),
            ("health", "de ziekte van Parkinson"),
            ("health", "levodopa/carbidopa 100/25 drie keer per dag"),
        ],
        lang="nl",
    ),
    Row(
        "Przetłumacz na angielski: 'Pani Bożena Wróblewska jest po udarze niedokrwiennym, ma niedowład prawostronny i porusza się na wózku.'",
        [
            ("person_name", "Bożena Wróblewska"),
            ("health", "po udarze niedokrwiennym"),
            ("health", "niedowład prawostronny"),
            ("health", "porusza się na wózku"),
        ],
        lang="pl",
    ),
    Row(
        "lol so the clinic called, my test came back positive for chlamydia. how do i tell my ex (Jonah) without it being a whole thing",
        [("health", "positive for chlamydia"), ("person_name", "Jonah")],
    ),
    Row(
        """{"employee": "Siddharth Rao", "leave_type": "medical", "reason": "post-op recovery after ACL reconstruction (right knee)", "fit_note": true, "days": 21}
Turn this JSON into a polite e-mail to the line manager.""",
        [
            ("person_name", "Siddharth Rao"),
            ("health", "post-op recovery after ACL reconstruction (right knee)"),
        ],
    ),
    Row(
        "Kan du skriva om det här till ett sms till min chef? 'Hej Malin, jag har fått diagnosen utmattningssyndrom och är sjukskriven på heltid i fyra veckor. /Oskar'",
        [("person_name", "Malin"), ("health", "utmattningssyndrom"), ("person_name", "Oskar")],
        lang="sv",
    ),
    Row(
        "Write a gentle reply to my sister Dolores. She told me yesterday she's been struggling with bulimia since college and started seeing a therapist.",
        [("person_name", "Dolores"), ("health", "struggling with bulimia")],
    ),
    Row(
        "कृपया इसे अंग्रेज़ी में अनुवाद करें: 'मेरे पिताजी रमेश चौहान को उच्च रक्तचाप है और वे एम्लोडिपिन 5 mg रोज़ लेते हैं।'",
        [("person_name", "रमेश चौहान"), ("health", "उच्च रक्तचाप"), ("health", "एम्लोडिपिन 5 mg रोज़")],
        lang="hi",
    ),
    Row(
        "请帮我把这段话改得更通顺：我同事王晓燕上个月查出乳腺癌二期，现在在做化疗，所以她的工作暂时由我接手。",
        [("person_name", "王晓燕"), ("health", "乳腺癌二期"), ("health", "在做化疗")],
        lang="zh",
    ),
    Row(
        "Şunu İngilizceye çevirir misin: 'Oğlum Emre Yıldırım astım hastası, günde iki kez Ventolin kullanıyor, beden eğitimi dersinden muaf tutulmasını rica ederim.'",
        [("person_name", "Emre Yıldırım"), ("health", "astım hastası"), ("health", "günde iki kez Ventolin")],
        lang="tr",
    ),
    Row(
        "Lab results for Fenella Drury, DOB 09/04/1979: TSH 11.2 mIU/L (high), free T4 0.6 ng/dL (low). Doctor says hypothyroidism and starting levothyroxine 50 mcg. Can you draft questions for the follow-up?",
        [
            ("person_name", "Fenella Drury"),
            ("date_of_birth", "09/04/1979"),
            ("health", "TSH 11.2 mIU/L (high)"),
            ("health", "free T4 0.6 ng/dL (low)"),
            ("health", "hypothyroidism"),
            ("health", "levothyroxine 50 mcg"),
        ],
    ),
    Row(
        "Meeting notes 14 Nov (do not circulate): – Kwame back from sick leave, phased return, still on sertraline, OH recommends no late shifts. – Budget review moved.",
        [("person_name", "Kwame"), ("health", "still on sertraline")],
    ),
    Row(
        "Meu irmão Caio Albuquerque tem epilepsia e toma ácido valproico 500 mg; escreva uma mensagem curta para o treinador de futebol dele explicando o que fazer numa crise.",
        [("person_name", "Caio Albuquerque"), ("health", "epilepsia"), ("health", "ácido valproico 500 mg")],
        lang="pt",
    ),
    Row(
        "pls fix grammar: me and Dariusz both been off work, he have long covid still and i had my gallbladder removed on the 2nd",
        [("person_name", "Dariusz"), ("health", "long covid"), ("health", "gallbladder removed")],
    ),
    Row(
        "Draft a note for the school nurse: my son Aurelio is hard of hearing (moderate bilateral hearing loss) and wears hearing aids; please seat him at the front.",
        [
            ("person_name", "Aurelio"),
            ("health", "moderate bilateral hearing loss"),
            ("health", "wears hearing aids"),
        ],
    ),
    Row(
        "Könntest du meiner Krankenkasse einen Widerspruch schreiben? Bei mir (Jonas Feldkamp) wurde eine Zöliakie bestätigt (Transglutaminase-AK 128 U/ml) und die Ernährungsberatung wurde abgelehnt.",
        [
            ("person_name", "Jonas Feldkamp"),
            ("health", "Zöliakie"),
            ("health", "Transglutaminase-AK 128 U/ml"),
        ],
        lang="de",
    ),
    Row(
        "Context for the rota: Beatrix is 12 weeks pregnant (not public yet!) and has bad hyperemesis, so keep her off the early shift. Rewrite this for the shift planners without the details.",
        [("person_name", "Beatrix"), ("health", "12 weeks pregnant"), ("health", "hyperemesis")],
    ),
    Row(
        """Please tidy this discharge summary into bullet points:

Pt: Cormac Ní Fhaoláin. Admitted 02/10 with community-acquired pneumonia, right lower lobe. CRP 212 on admission. Treated with IV co-amoxiclav then oral doxycycline 100 mg. Known COPD, ex-smoker 30 pack-years. Discharged day 6, sats 94% on room air.""",
        [
            ("person_name", "Cormac Ní Fhaoláin"),
            ("health", "community-acquired pneumonia, right lower lobe"),
            ("health", "CRP 212"),
            ("health", "oral doxycycline 100 mg"),
            ("health", "COPD"),
            ("health", "sats 94% on room air"),
        ],
    ),
    Row(
        "Aide-moi à écrire à la MDPH. Mon fils Noé Castagnède est atteint de dyspraxie et d'un trouble du spectre de l'autisme, nous demandons une AESH.",
        [
            ("person_name", "Noé Castagnède"),
            ("health", "dyspraxie"),
            ("health", "trouble du spectre de l'autisme"),
        ],
        lang="fr",
    ),
    Row(
        "i think i need to tell my gf im on PrEP and that my last HIV test was negative but i dont know how to bring it up. her name is Saoirse. help?",
        [("health", "on PrEP"), ("health", "HIV test was negative"), ("person_name", "Saoirse")],
    ),
    Row(
        "For the insurance appeal: Member Yevgenia Sokolova was prescribed Ozempic 1 mg weekly for type 2 diabetes with BMI 36; the claim was denied as 'cosmetic'. Make the argument stronger.",
        [
            ("person_name", "Yevgenia Sokolova"),
            ("health", "Ozempic 1 mg weekly"),
            ("health", "type 2 diabetes"),
            ("health", "BMI 36"),
        ],
    ),
    Row(
        "Riassumi per il medico di base: 'Paziente Ettore Lanzillotta, colonscopia del 5/6: due polipi adenomatosi asportati, displasia di basso grado.'",
        [
            ("person_name", "Ettore Lanzillotta"),
            ("health", "due polipi adenomatosi asportati, displasia di basso grado"),
        ],
        lang="it",
    ),
    Row(
        "Slack from Marisol: 'can't make standup, migraine with aura again, took my sumatriptan, back after lunch'. How do I reply kindly?",
        [("person_name", "Marisol"), ("health", "migraine with aura"), ("health", "sumatriptan")],
    ),
    Row(
        "Write a short bio for the charity page: Theo Marchetti-Lowe, 34, lost his left leg below the knee in 2019 and now runs marathons on a blade prosthesis.",
        [
            ("person_name", "Theo Marchetti-Lowe"),
            ("health", "lost his left leg below the knee"),
            ("health", "blade prosthesis"),
        ],
    ),
    Row(
        "Reescribe de forma empática: 'Lucía, sé que tu prueba de embarazo salió positiva y que estás pensando en interrumpirlo. Estoy aquí para lo que necesites.'",
        [("person_name", "Lucía"), ("health", "prueba de embarazo salió positiva")],
        lang="es",
    ),
    Row(
        "Summarise my dad's cardiology letter for the family WhatsApp: Mr Desmond Achebe-Rourke, NSTEMI on 11 Aug, two drug-eluting stents to the LAD, now on ticagrelor 90 mg bd and atorvastatin 80 mg.",
        [
            ("person_name", "Desmond Achebe-Rourke"),
            ("health", "NSTEMI"),
            ("health", "two drug-eluting stents to the LAD"),
            ("health", "ticagrelor 90 mg bd"),
            ("health", "atorvastatin 80 mg"),
        ],
    ),
    Row(
        "I'm Ngozi and I've been in recovery from alcohol dependence for 18 months. Help me write my story for the AA newsletter, first person, 150 words.",
        [("person_name", "Ngozi"), ("health", "recovery from alcohol dependence")],
    ),
    Row(
        "社内向けに丁寧な文面にしてください：「経理の藤原です。適応障害と診断され、来月末まで休職します。」",
        [("person_name", "藤原"), ("health", "適応障害")],
        lang="ja",
    ),
    Row(
        "Check this sick note wording (UK fit note): 'Mrs Imelda Hargreaves is not fit for work because of low back pain with right-sided radiculopathy for 4 weeks.'",
        [("person_name", "Imelda Hargreaves"), ("health", "low back pain with right-sided radiculopathy")],
    ),
]

# --- passport --------------------------------------------------------------------------------
ROWS += [
    Row(
        "Fill the Schengen visa form for me, section 13: travel document number C4RT7YK29 (German passport), issued 19.09.2021, valid until 18.09.2031, holder Annika Wendeborn.",
        [("passport", "C4RT7YK29"), ("person_name", "Annika Wendeborn")],
    ),
    Row(
        """The OCR on the scanner mangled the bottom of my passport page, can you fix the fillers?
P<GBRTHWAITE<<OLIVER<JAMES<<<<<<<<<<<<<<<<<<
5481029373GBR7906031M2904113<<<<<<<<<<<<<<08""",
        [
            ("person_name", "THWAITE<<OLIVER<JAMES"),
            ("passport", "5481029373GBR7906031M2904113<<<<<<<<<<<<<<08"),
        ],
    ),
    Row(
        "booking ref LQ7TZ4 — the airline wants APIS data: surname DE VRIES-MOL, given names Femke, nationality NLD, passport XN6630418, expiry 15-01-2032. did I type it in the right order?",
        [("person_name", "DE VRIES-MOL"), ("person_name", "Femke"), ("passport", "XN6630418")],
    ),
    Row(
        "Pasaporte n.º PAK418273 a nombre de Rocío Escudero Llanos — ¿me redactas una carta a la embajada diciendo que lo perdí en Lima?",
        [("passport", "PAK418273"), ("person_name", "Rocío Escudero Llanos")],
        lang="es",
    ),
    Row(
        "Mon passeport 19FD73254 expire en mars, je dois voyager au Canada en avril. Est-ce que l'AVE reste valable ? (je m'appelle Corentin Abgrall)",
        [("passport", "19FD73254"), ("person_name", "Corentin Abgrall")],
        lang="fr",
    ),
    Row(
        "US passport book number 566120394, passport card C03184726 — which one do I put on the DS-82 renewal and which goes in the 'other document' box?",
        [("passport", "566120394"), ("passport", "C03184726")],
    ),
    Row(
        "Indian passport no. Z6193047 (Harpreet Kaur Sandhu) — please write the cover letter for the UK Standard Visitor visa, she is visiting her daughter.",
        [("passport", "Z6193047"), ("person_name", "Harpreet Kaur Sandhu")],
    ),
    Row(
        "旅券番号 TK8246015 の有効期限が切れそうです。更新の申請書の書き方を教えてください。名前は 岡本 大翔 です。",
        [("passport", "TK8246015"), ("person_name", "岡本 大翔")],
        lang="ja",
    ),
    Row(
        "Numer paszportu: EK4471903, Kamil Zawadzki — przetłumacz zaświadczenie o zatrudnieniu na angielski do wniosku wizowego.",
        [("passport", "EK4471903"), ("person_name", "Kamil Zawadzki")],
        lang="pl",
    ),
    Row(
        """guests.csv is failing import, row 3 has a weird char:
name,nationality,passport_no,checkin
"Lindgren, Tove",SWE,94617253,2026-12-19
"Brennan, Ciarán",IRL,PD6028417,2026-12-19
"Oduya, Wanjiru",KEN,AK0371952,2026-12-20
what's wrong?""",
        [
            ("person_name", "Lindgren, Tove"),
            ("passport", "94617253"),
            ("person_name", "Brennan, Ciarán"),
            ("passport", "PD6028417"),
            ("person_name", "Oduya, Wanjiru"),
            ("passport", "AK0371952"),
        ],
    ),
    Row(
        "Passaporto italiano YB5830127 intestato a Filippo Gualtieri: scrivimi una mail all'hotel per dare i dati del documento per il check-in online.",
        [("passport", "YB5830127"), ("person_name", "Filippo Gualtieri")],
        lang="it",
    ),
    Row(
        "Passport: 0427719386 — no wait that's my old one, new is A08165342. Can you update the travel profile text below for Mr. Bao Nguyen-Tran?",
        [("passport", "0427719386"), ("passport", "A08165342"), ("person_name", "Bao Nguyen-Tran")],
    ),
    Row(
        "Reisepassnummer von meinem Sohn Lenny: CFJ2R80L7. Bitte formuliere die Einverständniserklärung für die Klassenfahrt nach London.",
        [("passport", "CFJ2R80L7"), ("person_name", "Lenny")],
        lang="de",
    ),
    Row(
        "Traduz para inglês: 'Declaro que o passaporte brasileiro FT904211 pertence a mim, Jéssica Moraes Pimentel, e foi furtado em Lisboa.'",
        [("passport", "FT904211"), ("person_name", "Jéssica Moraes Pimentel")],
        lang="pt",
    ),
    Row(
        "Invitation letter draft: 'I, Ayşe Karaca, invite my brother Murat Karaca (Turkish passport U17620483) to stay with me in Rotterdam from 4 to 25 May.' Make it sound official.",
        [("person_name", "Ayşe Karaca"), ("person_name", "Murat Karaca"), ("passport", "U17620483")],
    ),
    Row(
        "护照号码 E73915264，姓名 陈思远。请帮我用英文写一封邮件给酒店，确认预订并提供证件信息。",
        [("passport", "E73915264"), ("person_name", "陈思远")],
        lang="zh",
    ),
    Row(
        """Log line from the kiosk, why does the parser choke?
2026-11-30T06:12:44Z INFO doc_scan ok type=P issuer=CAN number=HK902364 surname=LAFLAMME given=ELODIE
""",
        [("passport", "HK902364"), ("person_name", "LAFLAMME"), ("person_name", "ELODIE")],
    ),
    Row(
        "my passport number is 8 digits then a letter? it's 20418836K (Singapore)... the form only accepts 9 chars, is that right?",
        [("passport", "20418836K")],
    ),
    Row(
        "Visa letter: 'Ms Priyanka Raghunathan, passport number R4402871, will attend the ICML workshop in Vienna as our speaker.' Translate into German.",
        [("person_name", "Priyanka Raghunathan"), ("passport", "R4402871")],
    ),
    Row(
        "Paspoortnummer NXR71L9D3 van Sanne Huijbregts — kun je de e-mail aan de verhuurder iets formeler maken?",
        [("passport", "NXR71L9D3"), ("person_name", "Sanne Huijbregts")],
        lang="nl",
    ),
]

# --- medical_record --------------------------------------------------------------------------
ROWS += [
    Row(
        "Referral letter check: 'Re: Wilhelmina Okeke, NHS no. 093 377 7078, hospital no. RVJ-4471920 — persistent iron deficiency anaemia, Hb 86 g/L.' Is the tone OK for a consultant?",
        [
            ("person_name", "Wilhelmina Okeke"),
            ("medical_record", "093 377 7078"),
            ("medical_record", "RVJ-4471920"),
            ("health", "persistent iron deficiency anaemia"),
            ("health", "Hb 86 g/L"),
        ],
    ),
    Row(
        "Insurance card says Member ID: XGW884163027, Group 0092714, subscriber Dennis Albrecht. Which number goes in 'policy number' on the dentist's form?",
        [("medical_record", "XGW884163027"), ("person_name", "Dennis Albrecht")],
    ),
    Row(
        "Versichertennummer B684397494 (Techniker), Versicherte: Clara Vollmer. Schreib bitte eine kurze Mail an die Kasse, dass die neue eGK noch nicht angekommen ist.",
        [("medical_record", "B684397494"), ("person_name", "Clara Vollmer")],
        lang="de",
    ),
    Row(
        """HL7 snippet that fails validation:
PID|1||MRN00731846^^^STMARY^MR||Castellano^Ines^M||19840522|F|||14 Alder Row^^Wexford^^Y35 K2P4^IRL
Which field is malformed?""",
        [
            ("medical_record", "MRN00731846"),
            ("person_name", "Castellano^Ines^M"),
            ("date_of_birth", "19840522"),
            ("postal_address", "14 Alder Row^^Wexford^^Y35 K2P4^IRL"),
        ],
    ),
    Row(
        "Numéro de dossier patient 2026-CHU-0418833 pour Mme Gisèle Pradier : reformule la demande de copie du dossier médical.",
        [("medical_record", "2026-CHU-0418833"), ("person_name", "Gisèle Pradier")],
        lang="fr",
    ),
    Row(
        "My Medicare number is 7QW2-HT5-KM81 and the pharmacy says it's not active. Write a script for what to say when I call 1-800-MEDICARE.",
        [("medical_record", "7QW2-HT5-KM81")],
    ),
    Row(
        "Historia clínica n.º 00583129, paciente Aitana Berrocal Sáez. Necesito una solicitud formal al hospital para obtener el informe de alta.",
        [("medical_record", "00583129"), ("person_name", "Aitana Berrocal Sáez")],
        lang="es",
    ),
    Row(
        "sql keeps returning 0 rows: SELECT * FROM encounters WHERE patient_id = 'P-00981274' AND dx_code = 'E11.9'; -- this is Mrs Fairweather, she definitely had a visit",
        [("medical_record", "P-00981274"), ("person_name", "Fairweather")],
    ),
    Row(
        "Claim ref CLM-5571029, member no. 884 201 739 55 (BUPA), patient Marguerite Delacroix-Hume: physio sessions rejected. Draft a complaint.",
        [("medical_record", "884 201 739 55"), ("person_name", "Marguerite Delacroix-Hume")],
    ),
    Row(
        "Tessera sanitaria / numero assistito 3180046721, paziente Raffaele Cossu: scrivi una richiesta al CUP per spostare la visita cardiologica.",
        [("medical_record", "3180046721"), ("person_name", "Raffaele Cossu")],
        lang="it",
    ),
    Row(
        "Patient label: DOE? no – URQUHART, Fiona | MRN 4471-0932-88 | DOB 03/11/1962 | Ward 7B. Please write the handover note for night shift: she's on a heparin infusion, APTT ratio 2.4.",
        [
            ("person_name", "URQUHART, Fiona"),
            ("medical_record", "4471-0932-88"),
            ("date_of_birth", "03/11/1962"),
            ("health", "heparin infusion"),
            ("health", "APTT ratio 2.4"),
        ],
    ),
    Row(
        "診察券番号 0028-51937 の 佐々木 陽菜 です。予約変更のメールを病院に送りたいので文面を作ってください。",
        [("medical_record", "0028-51937"), ("person_name", "佐々木 陽菜")],
        lang="ja",
    ),
    Row(
        "Anthem ID: YRK924817336 for my wife Tamsin, and the prior auth number is PA-2026-88130. Help me write the appeal for her MRI.",
        [("medical_record", "YRK924817336"), ("person_name", "Tamsin")],
    ),
    Row(
        "Patiëntnummer 7710-2284 (Erasmus MC), mijn moeder Gerda Timmermans. Wil je een brief opstellen om haar dossier naar de nieuwe huisarts over te laten zetten?",
        [("medical_record", "7710-2284"), ("person_name", "Gerda Timmermans")],
        lang="nl",
    ),
    Row(
        "Numer karty pacjenta: KP/2026/004918, pacjent Zbigniew Mazur — napisz prośbę o wydanie kopii dokumentacji.",
        [("medical_record", "KP/2026/004918"), ("person_name", "Zbigniew Mazur")],
        lang="pl",
    ),
    Row(
        """Can you make this audit log readable?
[ehr] 09:41 user=nurse.hollis viewed chart MRN=A00217459 (Bertrand, Solenne)
[ehr] 09:43 user=nurse.hollis printed med list MRN=A00217459
[ehr] 09:50 user=dr.amadi signed note MRN=A00388120 (Petrov, Ilya)""",
        [
            ("medical_record", "A00217459"),
            ("person_name", "Bertrand, Solenne"),
            ("medical_record", "A00388120"),
            ("person_name", "Petrov, Ilya"),
        ],
    ),
    Row(
        "Krankenversichertennummer M000831884 – ist das Format richtig? Meine Mutter (Hannelore Brinkmann) hat sie mir am Telefon diktiert.",
        [("medical_record", "M000831884"), ("person_name", "Hannelore Brinkmann")],
        lang="de",
    ),
    Row(
        "CHI number 1203874405 for my gran, Morag Sutherland — the GP surgery wants it in the email subject. Write the email asking for a home visit.",
        [("medical_record", "1203874405"), ("person_name", "Morag Sutherland")],
    ),
]

# --- salary ----------------------------------------------------------------------------------
ROWS += [
    Row(
        "Make this offer e-mail warmer: 'Dear Ingrid Solheim, we are pleased to offer you the role of Data Engineer at a base salary of €74,500 per year plus a 10% bonus.'",
        [("person_name", "Ingrid Solheim"), ("salary", "€74,500 per year")],
    ),
    Row(
        "my boss Fergus makes like 140k and i make 62k doing the same job. help me write a message to HR asking for a pay review without sounding bitter",
        [("person_name", "Fergus"), ("salary", "140k"), ("salary", "62k")],
    ),
    Row(
        "Lohnabrechnung November – Mitarbeiterin: Svenja Kötter, Bruttolohn 4.280,00 EUR, Nettoauszahlung 2.731,46 EUR. Warum ist das Netto niedriger als im Oktober?",
        [("person_name", "Svenja Kötter"), ("salary", "4.280,00 EUR"), ("salary", "2.731,46 EUR")],
        lang="de",
    ),
    Row(
        "Relis ce passage de la requête en divorce : « M. Arnaud Vasseur perçoit un salaire net mensuel de 3 950 € ; son épouse ne perçoit aucun revenu. »",
        [("person_name", "Arnaud Vasseur"), ("salary", "3 950 €")],
        lang="fr",
    ),
    Row(
        "Performance review summary for Lakshmi Venkataraman: exceeds expectations; raise from $118,000 to $129,800 effective Jan 1. Turn into a letter to her.",
        [("person_name", "Lakshmi Venkataraman"), ("salary", "$118,000"), ("salary", "$129,800")],
    ),
    Row(
        "i get paid 17.25 an hour at the warehouse and my manager Deshawn says overtime is only after 44 hrs. is that legal in ontario?",
        [("salary", "17.25 an hour"), ("person_name", "Deshawn")],
    ),
    Row(
        "Redacta la carta: 'Por la presente se certifica que Don Ignacio Pelayo Ruiz presta servicios en esta empresa con un salario bruto anual de 38.600 euros.'",
        [("person_name", "Ignacio Pelayo Ruiz"), ("salary", "38.600 euros")],
        lang="es",
    ),
    Row(
        """Fix the formula in this sheet, column D should be annual:
name,monthly,annual
Okafor Chidi,5200,=B2*12
Szabó Réka,4875,=B2*12
Lemaire Bastien,6100,=B3*12""",
        [
            ("person_name", "Okafor Chidi"),
            ("salary", "5200"),
            ("person_name", "Szabó Réka"),
            ("salary", "4875"),
            ("person_name", "Lemaire Bastien"),
            ("salary", "6100"),
        ],
    ),
    Row(
        "Traduci in inglese: 'Gentile Dott.ssa Ludovica Ferrante, la sua retribuzione lorda annua sarà di 52.000 euro, suddivisa in 14 mensilità.'",
        [("person_name", "Ludovica Ferrante"), ("salary", "52.000 euro")],
        lang="it",
    ),
    Row(
        "Write a congrats text to my brother Ravi, he just got promoted and his salary is going to be ninety-five thousand dollars a year!! first in our family",
        [("person_name", "Ravi"), ("salary", "ninety-five thousand dollars a year")],
    ),
    Row(
        "給与明細の内容を英語で説明してください。氏名：高橋 健一、基本給 320,000円、残業手当 41,250円、差引支給額 287,604円。",
        [
            ("person_name", "高橋 健一"),
            ("salary", "320,000円"),
            ("salary", "41,250円"),
            ("salary", "287,604円"),
        ],
        lang="ja",
    ),
    Row(
        "Hoi, kun je dit korter maken? 'Beste Joost, vanaf 1 februari gaat je brutosalaris omhoog naar € 4.150 per maand, inclusief de nieuwe functieschaal.' Groet, Marieke",
        [("person_name", "Joost"), ("salary", "€ 4.150 per maand"), ("person_name", "Marieke")],
        lang="nl",
    ),
    Row(
        "Maintenance calc for the court form: ex-husband (Callum Reddy) earns £3,412 a month after tax, I earn £1,980. What does CMS usually say?",
        [("person_name", "Callum Reddy"), ("salary", "£3,412 a month"), ("salary", "£1,980")],
    ),
    Row(
        "Wynagrodzenie Agnieszki Pawlak: 9 800 zł brutto miesięcznie, umowa o pracę. Napisz aneks do umowy z podwyżką do 10 900 zł.",
        [
            ("person_name", "Agnieszki Pawlak"),
            ("salary", "9 800 zł brutto miesięcznie"),
            ("salary", "10 900 zł"),
        ],
        lang="pl",
    ),
    Row(
        "Slack DM: 'hey, off the record, Priscilla in legal is on 210 base + 40 bonus, so ask for at least 190 when you negotiate'. Rewrite as advice without naming her.",
        [("person_name", "Priscilla"), ("salary", "210 base + 40 bonus")],
    ),
    Row(
        "Lönespecifikation: Elin Byström, månadslön 41 300 kr, semesterersättning 2 478 kr. Förklara skillnaden på engelska.",
        [("person_name", "Elin Byström"), ("salary", "41 300 kr"), ("salary", "2 478 kr")],
        lang="sv",
    ),
    Row(
        """Subject: RE: RE: counter-offer
From: Hollis Marangoni <hollis.marangoni@fastmail.com>

Thanks Rebecca. To be transparent, my current package is USD 156,000 base and 0.08% equity. I'd accept 172k if remote stays.
Could you help me make this sound firmer?""",
        [
            ("person_name", "Hollis Marangoni"),
            ("email", "hollis.marangoni@fastmail.com"),
            ("person_name", "Rebecca"),
            ("salary", "USD 156,000 base"),
            ("salary", "172k"),
        ],
    ),
    Row(
        "Contracheque da Luana Teixeira: salário base R$ 6.840,00, INSS descontado R$ 680,47. Me explica como calcular o 13º dela.",
        [("person_name", "Luana Teixeira"), ("salary", "R$ 6.840,00")],
        lang="pt",
    ),
    Row(
        "Nanny pays Magdalena 22 dollars/hr, 35 hrs a week, cash. Do we have to file a Schedule H? Write the answer simply.",
        [("person_name", "Magdalena"), ("salary", "22 dollars/hr")],
    ),
    Row(
        "我的工资是税前每月18500元，老板刘建国说年终奖要看业绩。帮我写一封邮件问清楚年终奖的计算方式。",
        [("salary", "税前每月18500元"), ("person_name", "刘建国")],
        lang="zh",
    ),
    Row(
        "Maaş bordrosu: Selin Aktaş, net maaş 48.750 TL. Bunu İngilizce bir gelir belgesi olarak yazar mısın?",
        [("person_name", "Selin Aktaş"), ("salary", "48.750 TL")],
        lang="tr",
    ),
    Row(
        "Reference letter: 'Dominik Brunner worked for us from 2019 to 2025 as a site foreman; his final gross monthly pay was CHF 7'850.' Polish this in English.",
        [("person_name", "Dominik Brunner"), ("salary", "CHF 7'850")],
    ),
]

# --- person_name -----------------------------------------------------------------------------
ROWS += [
    Row(
        "can u make this funnier for the group chat: 'happy bday to the legend that is big Mo (Mohammed Al-Farsi), 30 and still can't parallel park'",
        [("person_name", "big Mo"), ("person_name", "Mohammed Al-Farsi")],
    ),
]
ROWS += [
    Row(
        "ok so basically jess and her bf tariq are coming saturday and mum wants me to ask if they eat pork. write that text but less awkward",
        [("person_name", "jess"), ("person_name", "tariq")],
    ),
    Row(
        """From: Wojciech Nowicki <w.nowicki@onet.pl>
To: Ottilie Haverkamp <ottilie.h@posteo.de>
Subject: Wohnungsübergabe

Summarise this thread in two lines.""",
        [
            ("person_name", "Wojciech Nowicki"),
            ("email", "w.nowicki@onet.pl"),
            ("person_name", "Ottilie Haverkamp"),
            ("email", "ottilie.h@posteo.de"),
        ],
    ),
    Row(
        "Meeting notes 3/12 – attendees: Ama Boateng, Lorcan Whelan, Yui Takeda (remote). She is to follow up with the landlord about the leak at her flat. Turn into a bulleted summary.",
        [("person_name", "Ama Boateng"), ("person_name", "Lorcan Whelan"), ("person_name", "Yui Takeda")],
    ),
    Row(
        "Пожалуйста, переведи на английский: «Моя бабушка Галина Степановна Кузнецова живёт одна, и я беспокоюсь о ней».",
        [("person_name", "Галина Степановна Кузнецова")],
        lang="ru",
    ),
    Row(
        "write a wedding toast for my best friend Dmitri and his wife Esperanza, mention how they met at the climbing gym and that Dmitri cried at the proposal",
        [("person_name", "Dmitri"), ("person_name", "Esperanza")],
    ),
    Row(
        "Schreib eine Beileidskarte an Familie Niederhauser. Opa Klaus ist letzte Woche gestorben, seine Enkelin Mira war meine Schulfreundin.",
        [("person_name", "Niederhauser"), ("person_name", "Klaus"), ("person_name", "Mira")],
        lang="de",
    ),
    Row(
        "برجاء ترجمة هذه الرسالة إلى الإنجليزية: «عزيزتي ليلى حداد، شكراً لاستضافتنا في منزلك الأسبوع الماضي»",
        [("person_name", "ليلى حداد")],
        lang="ar",
    ),
    Row(
        "student list for the parents evening, make it a table: Aarav Menon – 4B – mum Kavitha; Zofia Lis – 4B – dad Paweł; Keanu Makoa – 4C – grandma Leilani",
        [
            ("person_name", "Aarav Menon"),
            ("person_name", "Kavitha"),
            ("person_name", "Zofia Lis"),
            ("person_name", "Paweł"),
            ("person_name", "Keanu Makoa"),
            ("person_name", "Leilani"),
        ],
    ),
    Row(
        "Écris un petit mot pour la fête des mères de la part de Capucine et Gaspard à leur maman, Hélène Rousselot.",
        [("person_name", "Capucine"), ("person_name", "Gaspard"), ("person_name", "Hélène Rousselot")],
        lang="fr",
    ),
    Row(
        "who should I cc? the thread has @kbrightwater (Kiera Brightwater, my skip-level) and @odunsi (Femi Odunsi, payroll). I want to complain about my manager Thaddeus.",
        [("person_name", "Kiera Brightwater"), ("person_name", "Femi Odunsi"), ("person_name", "Thaddeus")],
    ),
    Row(
        "김민준 씨에게 보낼 감사 이메일을 영어로 써 주세요. 지난주 이사할 때 도와줬어요.",
        [("person_name", "김민준")],
        lang="ko",
    ),
    Row(
        "Mi suegra, doña Remedios Villalba, se viene a vivir con nosotros. Ayúdame a escribirle un mensaje a mi marido Fermín para organizar los turnos.",
        [("person_name", "Remedios Villalba"), ("person_name", "Fermín")],
        lang="es",
    ),
    Row(
        "tldr this for me: 'Per our call, Ingeborg (my ex) will have the kids, Linnea and Vidar, every other weekend, and I'll cover the school run on Wednesdays.'",
        [("person_name", "Ingeborg"), ("person_name", "Linnea"), ("person_name", "Vidar")],
    ),
    Row(
        "Scrivi un messaggio di auguri per il battesimo di Tommaso, figlio di Chiara e Davide Benedetti.",
        [("person_name", "Tommaso"), ("person_name", "Chiara"), ("person_name", "Davide Benedetti")],
        lang="it",
    ),
    Row(
        "Rewrite in plain English: 'The undersigned, Cornelius Abernathy-Price, hereby appoints his nephew, Rupert Abernathy, as attorney-in-fact.'",
        [("person_name", "Cornelius Abernathy-Price"), ("person_name", "Rupert Abernathy")],
    ),
    Row(
        "Maak een korte speech voor het afscheid van collega Wilma de Groot-Veenstra, 38 jaar bij de gemeente, en noem haar man Kees.",
        [("person_name", "Wilma de Groot-Veenstra"), ("person_name", "Kees")],
        lang="nl",
    ),
    Row(
        "pls summarise: anyway i told nadia that ruairi was the one who broke the printer and now she's not talking to me lol",
        [("person_name", "nadia"), ("person_name", "ruairi")],
    ),
    Row(
        "Napisz życzenia urodzinowe dla mojej siostry Weroniki od nas: Kuba, Ola i mały Staś.",
        [
            ("person_name", "Weroniki"),
            ("person_name", "Kuba"),
            ("person_name", "Ola"),
            ("person_name", "Staś"),
        ],
        lang="pl",
    ),
    Row(
        "Ticket #48213 – reporter: Gwendolyn Iwu, assignee: Mats Haugland. The customer says her order arrived damaged. Draft the reply.",
        [("person_name", "Gwendolyn Iwu"), ("person_name", "Mats Haugland")],
    ),
    Row(
        "Escreve um convite para o chá de bebê da Thaís e do Rodrigo Vasconcelos, dia 14 às 16h.",
        [("person_name", "Thaís"), ("person_name", "Rodrigo Vasconcelos")],
        lang="pt",
    ),
    Row(
        "帮我给房东周国平先生写一封邮件，说明我的室友李婷下个月搬走。",
        [("person_name", "周国平"), ("person_name", "李婷")],
        lang="zh",
    ),
    Row(
        "Bitte höflicher: 'Hallo Herr Dzemaili, ihr Sohn Arbnor hat heute zum dritten Mal die Hausaufgaben vergessen.'",
        [("person_name", "Dzemaili"), ("person_name", "Arbnor")],
        lang="de",
    ),
    Row(
        "Meine Nachbarin, die alte Frau Szczepańska aus dem 2. Stock, braucht Hilfe beim Einkaufen. Schreib einen Aushang für das Treppenhaus.",
        [("person_name", "Szczepańska")],
        lang="de",
    ),
    Row(
        "Can you make an org chart from this? CEO Amara Nwosu; CTO Benedikt Rauch reports to the CEO; Eng managers Sunniva Dahl and Ichiro Mori report to the CTO.",
        [
            ("person_name", "Amara Nwosu"),
            ("person_name", "Benedikt Rauch"),
            ("person_name", "Sunniva Dahl"),
            ("person_name", "Ichiro Mori"),
        ],
    ),
    Row(
        "दीदी प्रिया शर्मा की शादी के लिए एक छोटा सा भाषण लिखो, जीजाजी का नाम अंकित वर्मा है।",
        [("person_name", "प्रिया शर्मा"), ("person_name", "अंकित वर्मा")],
        lang="hi",
    ),
    Row(
        "Sevgili Zeynep Arslan hanıma teşekkür mektubu yaz; kızım Defne'ye bir yıl boyunca piyano dersi verdi.",
        [("person_name", "Zeynep Arslan"), ("person_name", "Defne")],
        lang="tr",
    ),
    Row(
        "reply to this for me, be nice: 'hey its Bex from the dog park (Rebecca Olowe), your number was on the lost-dog poster, i think i found Biscuit!'",
        [("person_name", "Bex"), ("person_name", "Rebecca Olowe")],
    ),
]

# --- the other kinds -------------------------------------------------------------------------
ROWS += [
    Row(
        "Translate to English for the landlord: 'Ich wohne seit 2019 in der Gneisenaustraße 41, Hinterhaus 3. OG, 10961 Berlin, und die Heizung ist seit Oktober kaputt.'",
        [("postal_address", "Gneisenaustraße 41, Hinterhaus 3. OG, 10961 Berlin")],
        lang="de",
    ),
    Row(
        "Ship it to my sister instead: Tanvi Kulkarni, Flat 12B, Sai Krupa Apartments, 5th Cross, Malleshwaram, Bengaluru 560003. Can you rewrite my message to the seller?",
        [
            ("person_name", "Tanvi Kulkarni"),
            ("postal_address", "Flat 12B, Sai Krupa Apartments, 5th Cross, Malleshwaram, Bengaluru 560003"),
        ],
    ),
    Row(
        "Adresse de livraison : 7 bis rue des Tanneurs, Appt 14, 67000 Strasbourg — corrige le format pour l'étiquette Colissimo.",
        [("postal_address", "7 bis rue des Tanneurs, Appt 14, 67000 Strasbourg")],
        lang="fr",
    ),
    Row(
        "〒150-0043 東京都渋谷区道玄坂2丁目18-7 グランハイツ305 に住んでいる 中村 玲奈 です。住所変更届の書き方を教えてください。",
        [
            ("postal_address", "〒150-0043 東京都渋谷区道玄坂2丁目18-7 グランハイツ305"),
            ("person_name", "中村 玲奈"),
        ],
        lang="ja",
    ),
    Row(
        "my new address is 2207 Wrenfield Ct, Apt 4, Bloomington IN 47401 — update this change-of-address letter to my bank",
        [("postal_address", "2207 Wrenfield Ct, Apt 4, Bloomington IN 47401")],
    ),
    Row(
        "Calle del Almendro 19, 3.º izquierda, 28005 Madrid es mi nueva dirección; escribe el correo a la compañía eléctrica para el cambio de titular.",
        [("postal_address", "Calle del Almendro 19, 3.º izquierda, 28005 Madrid")],
        lang="es",
    ),
    Row(
        "call me on +44 7700 182 459 or my partner Idris on 07911 603 248 if the courier can't find the house — write that as a delivery note",
        [("phone", "+44 7700 182 459"), ("person_name", "Idris"), ("phone", "07911 603 248")],
    ),
    Row(
        "Mi numero è 347 812 9064, quello di mia madre (Annunziata) è 0823 451 776. Scrivi un messaggio per la scuola con i contatti di emergenza.",
        [("phone", "347 812 9064"), ("person_name", "Annunziata"), ("phone", "0823 451 776")],
        lang="it",
    ),
    Row(
        "reach me at quinn dot okafor at protonmail dot com, not my work address. rewrite this so the recruiter gets it",
        [("email", "quinn dot okafor at protonmail dot com")],
        variant="obf",
    ),
    Row(
        "Bitte schreib die Signatur neu: Dr. Helga Ostermann-Vogt | Tel. +49 (0)351 4402 917 | helga.ostermann-vogt[at]gmx[dot]de",
        [
            ("person_name", "Helga Ostermann-Vogt"),
            ("phone", "+49 (0)351 4402 917"),
            ("email", "helga.ostermann-vogt[at]gmx[dot]de"),
        ],
        lang="de",
        variant="obf",
    ),
    Row(
        "Date of birth 1991-07-23, place of birth Gdynia — is that enough for the apostille request for Julia Krawczyk, or do they need the parents' names?",
        [("date_of_birth", "1991-07-23"), ("person_name", "Julia Krawczyk")],
    ),
    Row(
        "Né le 14 février 1983 à Rennes, M. Yann Le Goff demande le renouvellement de sa carte d'identité. Rédige la lettre.",
        [("date_of_birth", "14 février 1983"), ("person_name", "Yann Le Goff")],
        lang="fr",
    ),
    Row(
        "my kid's birthday is 02/29/2016 and the school portal won't accept it lol. write an email to the district IT: child is Marcus Oyelaran, grade 4",
        [("date_of_birth", "02/29/2016"), ("person_name", "Marcus Oyelaran")],
    ),
    Row(
        "Steuer-ID 59163827709 (Nils Brandhorst) — das Finanzamt schreibt, sie sei ungültig. Formuliere eine Antwort.",
        [("national_id", "59163827709"), ("person_name", "Nils Brandhorst")],
        lang="de",
    ),
    Row(
        "CPF 627.395.865-31, nome: Beatriz Furtado. Preencha os campos do formulário de abertura de conta abaixo e me diga o que falta.",
        [("national_id", "627.395.865-31"), ("person_name", "Beatriz Furtado")],
        lang="pt",
    ),
    Row(
        "DNI 58851015H, titular Marcos Ibarra Quintana. Redacta la autorización para que su hermana recoja el paquete en Correos.",
        [("national_id", "58851015H"), ("person_name", "Marcos Ibarra Quintana")],
        lang="es",
    ),
    Row(
        "Aadhaar 7918 8581 5123 is linked to my old phone. Write the request to UIDAI to update the mobile number, name: Devika Pillai.",
        [("national_id", "7918 8581 5123"), ("person_name", "Devika Pillai")],
    ),
    Row(
        "BSN: 455968998 — mijn werkgever vraagt het voor de loonadministratie, moet ik dat per mail sturen? Schrijf een veilig alternatief, ik ben Ruben Kuipers.",
        [("national_id", "455968998"), ("person_name", "Ruben Kuipers")],
        lang="nl",
    ),
    Row(
        "PESEL 87041990622, Katarzyna Dudek — uzupełnij wniosek o kartę EKUZ i sprawdź, czy data urodzenia zgadza się z numerem.",
        [("national_id", "87041990622"), ("person_name", "Katarzyna Dudek")],
        lang="pl",
    ),
    Row(
        "Personnummer 890612-1028 tillhör min fru Karin Holmqvist; skriv ett intyg om att hon får hämta ut mina recept.",
        [("national_id", "890612-1028"), ("person_name", "Karin Holmqvist")],
        lang="sv",
    ),
    Row(
        "T.C. kimlik no 38705946866, ad soyad Burak Demirtaş. Bu bilgileri kira sözleşmesine uygun yerlere yerleştir.",
        [("national_id", "38705946866"), ("person_name", "Burak Demirtaş")],
        lang="tr",
    ),
    Row(
        "NI number ZT 49 01 09 B — HMRC says it doesn't match my name (Shireen Aziz). Write a letter asking them to check.",
        [("national_id", "ZT 49 01 09 B"), ("person_name", "Shireen Aziz")],
    ),
    Row(
        "Codice fiscale BRNGLI85M52F205A, Giulia Bruno, nata a Milano il 12/08/1985: controlla se il codice è coerente con i dati.",
        [
            ("national_id", "BRNGLI85M52F205A"),
            ("person_name", "Giulia Bruno"),
            ("date_of_birth", "12/08/1985"),
        ],
        lang="it",
    ),
    Row(
        "Numéro de sécu 1 73 03 60 810 834 28, assuré : Thierry Marchal. Aide-moi à remplir la feuille de soins.",
        [("national_id", "1 73 03 60 810 834 28"), ("person_name", "Thierry Marchal")],
        lang="fr",
    ),
    Row(
        "SIN 583 524 764 — my employer typed it wrong on my T4. Draft the email to payroll, I'm Gabrielle Tremblay-Roy.",
        [("national_id", "583 524 764"), ("person_name", "Gabrielle Tremblay-Roy")],
    ),
    Row(
        "SSN 320-47-5482 on the W-9 for the contractor Lonnie Basquez — does the name have to match the LLC?",
        [("ssn", "320-47-5482"), ("person_name", "Lonnie Basquez")],
    ),
    Row(
        "Führerschein-Nr. B072RRE2I55 von Moritz Engelhardt — fülle das Mietwagenformular aus.",
        [("drivers_license", "B072RRE2I55"), ("person_name", "Moritz Engelhardt")],
        lang="de",
    ),
    Row(
        "My California DL is F8204417 and it expires on my birthday, 11/06. Write a reminder text to myself... actually no, write a DMV appointment email.",
        [("drivers_license", "F8204417")],
    ),
    Row(
        "UK driving licence number HARGR756118EL9XY (Ellen Hargreaves). Which box on the hire-car form is it?",
        [("drivers_license", "HARGR756118EL9XY"), ("person_name", "Ellen Hargreaves")],
    ),
    Row(
        "Kenteken van mijn buurman: 73-KZN-4, hij parkeert steeds voor mijn oprit. Schrijf een vriendelijk briefje voor Erik.",
        [("license_plate", "73-KZN-4"), ("person_name", "Erik")],
        lang="nl",
    ),
    Row(
        "Le véhicule immatriculé FK-392-PD appartenant à Mme Solène Garnier a été endommagé sur le parking. Rédige la déclaration d'assurance.",
        [("license_plate", "FK-392-PD"), ("person_name", "Solène Garnier")],
        lang="fr",
    ),
    Row(
        "someone with plate 8KTW417 (white Prius) hit my car at Trader Joe's and drove off. help me write the police report statement",
        [("license_plate", "8KTW417")],
    ),
    Row(
        "Kennzeichen M-LK 4728, Halterin Brigitte Aumann: schreib den Einspruch gegen den Bußgeldbescheid.",
        [("license_plate", "M-LK 4728"), ("person_name", "Brigitte Aumann")],
        lang="de",
    ),
    Row(
        "Please pay the deposit to Ottoline Fairbanks, sort code 40-12-76, account 31926804. Write the reminder to the tenant.",
        [("person_name", "Ottoline Fairbanks"), ("bank_account", "40-12-76"), ("bank_account", "31926804")],
    ),
    Row(
        "direct deposit form: routing 041140563, checking acct 8820374615, name Harlan Petty. is the routing number in the right box?",
        [("bank_account", "041140563"), ("bank_account", "8820374615"), ("person_name", "Harlan Petty")],
    ),
    Row(
        "Bitte überweise die Miete auf DE37 1455 1057 2250 4406 30 (Kontoinhaberin Franziska Lühr). Übersetz das ins Englische für den neuen Mitbewohner.",
        [("iban", "DE37 1455 1057 2250 4406 30"), ("person_name", "Franziska Lühr")],
        lang="de",
    ),
    Row(
        "IBAN NL48 RABO 8777 9217 50 t.n.v. P. Verhoeven — klopt deze betaalopdracht? Maak er een nette mail van.",
        [("iban", "NL48 RABO 8777 9217 50"), ("person_name", "P. Verhoeven")],
        lang="nl",
    ),
    Row(
        "Proszę o zwrot kaucji na konto PL38 7175 5987 4589 8552 4599 2102, Marta Sikora. Popraw styl tego maila.",
        [("iban", "PL38 7175 5987 4589 8552 4599 2102"), ("person_name", "Marta Sikora")],
        lang="pl",
    ),
    Row(
        "<Cdtr><Nm>Vittoria Sala</Nm></Cdtr><CdtrAcct><Id><IBAN>IT77X2515018553386729415644</IBAN></Id></CdtrAcct> — the bank rejects this pain.001, is the IBAN field wrong?",
        [("person_name", "Vittoria Sala"), ("iban", "IT77X2515018553386729415644")],
    ),
    Row(
        "card 4683 6175 7360 8269 exp 08/28 cvv 431 got charged twice by the gym. write the dispute letter, cardholder Nathaniel Osei",
        [("payment_card", "4683 6175 7360 8269"), ("person_name", "Nathaniel Osei")],
    ),
    Row(
        "Amex 3709 325277 24245 — the hotel says the card was declined but my statement shows a hold. Draft a polite email.",
        [("payment_card", "3709 325277 24245")],
    ),
    Row(
        "Meine Mastercard 5447-1671-5857-2716 wurde im Urlaub gesperrt. Schreib eine Nachricht an die Bank.",
        [("payment_card", "5447-1671-5857-2716")],
        lang="de",
    ),
    Row(
        "our wifi is 'Casa_Ferreira_5G' and the password is limao-azul-1987!, write a cute sign for the guest room",
        [("password", "limao-azul-1987!")],
    ),
    Row(
        "Le code de la porte d'entrée est 4B719 et celui de l'alarme 2806, écris un message pour la baby-sitter Maëlle.",
        [("pin", "4B719"), ("pin", "2806"), ("person_name", "Maëlle")],
        lang="fr",
    ),
    Row(
        "my bank pin is 7391 and i think the ATM skimmed it. what should i say when i call the bank?",
        [("pin", "7391")],
    ),
    Row(
        "Why does psql fail? DATABASE_URL=postgresql://billing_svc:Qv8!rT2mzW4p@db-prod-3.internal:5432/billing",
        [("password", "Qv8!rT2mzW4p")],
    ),
    Row(
        """docker compose won't start, here's my .env:
POSTGRES_USER=app
POSTGRES_PASSWORD=fJ7#kd92LmQz
REDIS_URL=redis://:r3d1s-Sup3rS3cret@cache:6379/0
HF_TOKEN=hf_Zqumpm08hsE8JNpjJOQGa2rb19FlY0mG1y
ANTHROPIC_API_KEY=sk-ant-api03-xQPplH8ACyjkz4jmBQlm7knI4pShZFC8ZrXbeg_fT3pG-h8msMlc-T1ah9sdbEl7oX8nrEHAluvtdgDW1-In81LJK6yc-AA""",
        [
            ("password", "fJ7#kd92LmQz"),
            ("password", "r3d1s-Sup3rS3cret"),
            ("api_key", "hf_Zqumpm08hsE8JNpjJOQGa2rb19FlY0mG1y"),
            (
                "api_key",
                "sk-ant-api03-xQPplH8ACyjkz4jmBQlm7knI4pShZFC8ZrXbeg_fT3pG-h8msMlc-T1ah9sdbEl7oX8nrEHAluvtdgDW1-In81LJK6yc-AA",
            ),
        ],
    ),
    Row(
        "git push fails with 403: remote is https://oauth2:glpat-GKlPOyJV9YZGWNkJnsrU@gitlab.example-corp.io/infra/ansible.git — what scope does the token need?",
        [("access_token", "glpat-GKlPOyJV9YZGWNkJnsrU")],
    ),
    Row(
        """aws s3 ls gives SignatureDoesNotMatch:
[default]
aws_access_key_id = AKIADNDBHIRKVDYFTFX5
aws_secret_access_key = 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
region = eu-north-1""",
        [("api_key", "AKIADNDBHIRKVDYFTFX5"), ("api_key", "ag5t+Zj3aoeWqeHGwlifXjw9APP8Dy/3XzZmBNQR")],
    ),
    Row(
        "Este script de Stripe da error 401: stripe.api_key = 'sk_live_9PBmGGwYPnqwYo8kwQj1qH9C'. ¿Qué hago mal?",
        [("api_key", "sk_live_9PBmGGwYPnqwYo8kwQj1qH9C")],
        lang="es",
    ),
    Row(
        "slack bot posts nothing. SLACK_BOT_TOKEN=xoxb-447317914420-4966889661785-EF6y5kyy3JBNWqb9Mt8sCG3C and it's in the channel. ideas?",
        [("access_token", "xoxb-447317914420-4966889661785-EF6y5kyy3JBNWqb9Mt8sCG3C")],
    ),
    Row(
        'Maps embed broken: <script src="https://maps.googleapis.com/maps/api/js?key=AIzacjXQVIoSTsp5svg_LRTlGrwQ2d8m3Dze9n2&callback=initMap"></script>',
        [("api_key", "AIzacjXQVIoSTsp5svg_LRTlGrwQ2d8m3Dze9n2")],
    ),
    Row(
        'OpenAI クライアントで 429 が出ます。client = OpenAI(api_key="sk-proj-cldhT-7JZjyUDevwBJSMglyU59Fo95X07mVvp_DKOHQ9UODdT3BlbkFJfdFd2lA2D-FNQEoQ-_xZ90txdegvcU-G7lJ2m7erV7xnuILo") 何が原因でしょう？',
        [
            (
                "api_key",
                "sk-proj-cldhT-7JZjyUDevwBJSMglyU59Fo95X07mVvp_DKOHQ9UODdT3BlbkFJfdFd2lA2D-FNQEoQ-_xZ90txdegvcU-G7lJ2m7erV7xnuILo",
            )
        ],
        lang="ja",
    ),
    Row(
        "curl -H 'Authorization: token ghp_ecbVjafQ4gGnRfXBkg8QysD4FIS0Xzm41PB2' https://api.github.com/user/repos returns 401 since yesterday, expired?",
        [("access_token", "ghp_ecbVjafQ4gGnRfXBkg8QysD4FIS0Xzm41PB2")],
    ),
    Row(
        "sendgrid: SENDGRID_API_KEY='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' mails go to spam, is it DKIM?",
        [("api_key", "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")],
    ),
    Row(
        "databricks-cli: host = https://adb-5518.azuredatabricks.net, token = dapi459e42220d8c947e0dedc8b137913993 — 'Invalid access token'. Warum?",
        [("api_key", "dapi459e42220d8c947e0dedc8b137913993")],
        lang="de",
    ),
    Row(
        """//registry.npmjs.org/:_authToken=npm_CWBn1Bue6bsBu4RstbtSPrwfm74O5bFGEhS2
this .npmrc works locally but not in CI, why?""",
        [("api_key", "npm_CWBn1Bue6bsBu4RstbtSPrwfm74O5bFGEhS2")],
    ),
    Row(
        """Mongo connection keeps timing out:
spring.data.mongodb.uri=mongodb+srv://reporting:Tq9vXe4LmR2s@cluster0.k7zqa.mongodb.net/analytics?retryWrites=true""",
        [("password", "Tq9vXe4LmR2s")],
    ),
    Row(
        """WireGuard won't handshake, config:
[Interface]
PrivateKey = +L9mwtfAhJYFa+uvr96TbG8wApnf1w3xGxfGeUszVlc=
Address = 10.8.0.2/32
[Peer]
Endpoint = 198.51.100.7:51820""",
        [("private_key", "+L9mwtfAhJYFa+uvr96TbG8wApnf1w3xGxfGeUszVlc=")],
    ),
    Row(
        """ssh says 'invalid format' for this key, what's wrong with the header?
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
RTh3jMktVfghxo1eWpvl5g8oayJsYc9nLwrKlY0Z1MPO7ICXuGwiycGzNpeP2ioh
V91i78fqqg/jvpHC02DVTzyrpN2OtCmUOANk4PJ8CG72qfPwZ1+fwk0VCv8FiLvf
-----END OPENSSH PRIVATE KEY-----""",
        [
            (
                "private_key",
                """-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
RTh3jMktVfghxo1eWpvl5g8oayJsYc9nLwrKlY0Z1MPO7ICXuGwiycGzNpeP2ioh
V91i78fqqg/jvpHC02DVTzyrpN2OtCmUOANk4PJ8CG72qfPwZ1+fwk0VCv8FiLvf
-----END OPENSSH PRIVATE KEY-----""",
            )
        ],
    ),
    Row(
        "Meet me here tomorrow, it's my aunt Graciela's house: 40.41677, -3.70379. Write the WhatsApp message to Andrés.",
        [("person_name", "Graciela"), ("location", "40.41677, -3.70379"), ("person_name", "Andrés")],
    ),
    Row(
        "mój login do banku to k.wojcik84, hasło Jesien!Gdansk22 — nie mogę się zalogować, napisz zgłoszenie do banku (bez hasła oczywiście)",
        [("password", "Jesien!Gdansk22")],
        lang="pl",
    ),
]

# --- long prompts, the personal data buried in the middle ------------------------------------
ROWS += [
    Row(
        """I need to summarise this e-mail thread for my manager in five bullet points. Keep the tone neutral, no blame.

-------- Forwarded message --------
From: Facilities Desk <facilities@northgate-logistics.co.uk>
Date: Mon, 23 Nov 2026 08:02
Subject: Q4 office moves – floor 3

Hi all, as discussed in the ops meeting, the finance team moves from floor 3 east to floor 2 west on 7 December. Crates will be delivered on the 4th. Please label your crates with your desk number and empty your pedestals. IT will disconnect the docks on Friday afternoon, so please take laptops home.

-------- Reply --------
From: Prudence Adebayo-Clarke
Date: Mon, 23 Nov 2026 09:17

Thanks. One thing for the move planners, and please keep it between us: I'm currently having IVF treatment and I'm on progesterone injections twice a day, so I can't lift the crates and I'd rather not be near the printers (fumes make the nausea worse). My GP letter is with HR (case owner: Declan Moriarty). Could my desk be near the quiet room?

-------- Reply --------
From: Facilities Desk
Date: Mon, 23 Nov 2026 10:40

Noted, we'll sort it. Everyone else: the kitchen on floor 2 will be closed for refit until 15 January, please use the floor 1 kitchen. Car park level -1 is closed for line marking on the 5th. Parking permits for the new year will be emailed in the week of 14 December; if you change your car, update your registration in the portal before then.

-------- Reply --------
From: Reuben Mastrangelo
Date: Mon, 23 Nov 2026 11:02

Will the lockers move too? Also, is the standing desk budget still available this year?""",
        [
            ("person_name", "Prudence Adebayo-Clarke"),
            ("health", "having IVF treatment"),
            ("health", "progesterone injections twice a day"),
            ("health", "the nausea"),
            ("person_name", "Declan Moriarty"),
            ("person_name", "Reuben Mastrangelo"),
        ],
    ),
    Row(
        """Can you turn these raw notes into a clean incident report? Template: summary, timeline, root cause, action items.

09:58 alerting fired, p95 latency on checkout-api above 2s
10:01 on-call (me) paged, acknowledged
10:04 dashboards show connection pool exhausted on orders-db replica 2
10:06 restarted replica 2, no change
10:11 found a long-running analytics query holding locks, killed it
10:12 latency back to normal
10:20 checked why analytics had write access: someone pasted the primary's URL into the BI tool. the config had
      ORDERS_DB_URL=mysql://bi_reader:Wn4$hL9pZq2Xv@orders-primary.db.internal:3306/orders
      instead of the replica URL. rotated the password at 10:35.
10:40 confirmed no data modified (binlog checked)
10:55 all clear posted in #incidents
follow-ups: restrict the BI user to SELECT, move BI to the replica, add pool saturation alert at 80%, add a statement timeout of 30s for the BI user, write a runbook entry about killing long queries""",
        [("password", "Wn4$hL9pZq2Xv")],
    ),
    Row(
        """Bitte fasse dieses Protokoll der Elternbeiratssitzung kurz zusammen (max. 8 Sätze) für den Elternbrief. Persönliches bitte weglassen!

TOP 1: Begrüßung durch die Vorsitzende, Frau Dorothea Kampmann. Anwesend: 11 Elternvertreter, Schulleitung Herr Reinecke.
TOP 2: Schulhofgestaltung. Der Förderverein hat 4.200 € gesammelt, die Klettergerüste werden im Frühjahr aufgebaut. Angebote von drei Firmen liegen vor.
TOP 3: Mensa. Beschwerden über zu kleine Portionen; ab Januar gibt es einen Nachschlag. Das vegetarische Angebot wird erweitert.
TOP 4: Einzelfall (nicht für das Protokoll an alle Eltern): Die Mutter von Leon Haberkorn (3b) berichtet, dass Leon an Diabetes Typ 1 erkrankt ist und eine Insulinpumpe trägt. Die Lehrkräfte sollen geschult werden; der Notfallplan liegt im Sekretariat. Außerdem hat Leons Schwester Pia eine Nussallergie, die Klassenlehrerin ist informiert.
TOP 5: Termine. Weihnachtsbasar am 11.12., Elternsprechtag am 22.01., Skifreizeit der 7. Klassen vom 02. bis 07.02.
TOP 6: Verschiedenes. Der Elternbeirat sucht noch Helfer für die Bücherei.""",
        [
            ("person_name", "Dorothea Kampmann"),
            ("person_name", "Reinecke"),
            ("person_name", "Leon Haberkorn"),
            ("health", "an Diabetes Typ 1 erkrankt"),
            ("health", "eine Insulinpumpe"),
            ("person_name", "Pia"),
            ("health", "Nussallergie"),
        ],
        lang="de",
    ),
    Row(
        """Please proofread the attached cover letter and CV section, US English, keep it under one page.

Dear Hiring Committee,

I am applying for the Senior Analyst position advertised on your careers page. Over the past six years at a regional credit union I have built the forecasting models that the board uses for its quarterly capital planning, migrated our reporting from spreadsheets to a governed warehouse, and trained a team of four junior analysts.

I am especially drawn to your work on small-business lending. In my current role I designed an early-warning score for commercial loans that cut 90-day delinquencies by 18% within a year.

My current compensation is $97,400 base with a 6% bonus target, and I am looking for a total package in the range of 115 to 125 thousand.

References available on request.

Sincerely,
Leopoldine Achterkamp
4410 Harrowgate Lane, Unit 7, Madison, WI 53711
Cell: 608-219-4736
leopoldine.achterkamp@outlook.com""",
        [
            ("salary", "$97,400 base"),
            ("person_name", "Leopoldine Achterkamp"),
            ("postal_address", "4410 Harrowgate Lane, Unit 7, Madison, WI 53711"),
            ("phone", "608-219-4736"),
            ("email", "leopoldine.achterkamp@outlook.com"),
        ],
    ),
    Row(
        """Voici le compte rendu de la réunion d'équipe, peux-tu en faire une version courte à envoyer à toute l'équipe ? Retire tout ce qui est confidentiel.

1. Planning T1 : la migration du CRM est repoussée à fin février, faute de disponibilité du prestataire.
2. Recrutements : deux postes ouverts (développeur back-end, chargé de support). Fourchette affichée 42–48 k€.
3. Points RH confidentiels : Bérénice Lacombe reprend à mi-temps thérapeutique après son burn-out ; son médecin a demandé un aménagement du poste jusqu'en avril. Augmentation de Grégoire Fontanel validée : il passe à 51 500 € brut annuels au 1er janvier.
4. Séminaire : Annecy, 12–13 mars. Budget 9 000 €.
5. Divers : nouveau badge d'accès au parking à récupérer à l'accueil.""",
        [
            ("person_name", "Bérénice Lacombe"),
            ("health", "mi-temps thérapeutique après son burn-out"),
            ("person_name", "Grégoire Fontanel"),
            ("salary", "51 500 € brut annuels"),
        ],
        lang="fr",
    ),
    Row(
        """Summarise the chat below for my sister who missed it; keep the decisions, drop the jokes.

[19:02] Fionnuala: ok so for dad's 70th, venue is the Lantern Room, the 14th, 7pm
[19:03] Cathal: 🎉
[19:04] Fionnuala: budget is 1,800 split 3 ways
[19:05] Siobhán: fine by me. also heads up dad's cardiologist put him on warfarin after the AF diagnosis so no grapefruit in the cocktails lol
[19:06] Cathal: noted, I'll tell the bar
[19:08] Fionnuala: cake from the bakery on Main St, I'll order
[19:10] Siobhán: I can do the slideshow, send me photos by the 10th
[19:12] Cathal: my bank details for the deposit: sort code 20-45-17, acct 63018492, Cathal Ó Briain
[19:13] Fionnuala: sent!""",
        [
            ("person_name", "Fionnuala"),
            ("person_name", "Cathal"),
            ("person_name", "Siobhán"),
            ("health", "on warfarin"),
            ("health", "AF diagnosis"),
            ("bank_account", "20-45-17"),
            ("bank_account", "63018492"),
            ("person_name", "Ó Briain"),
        ],
    ),
]

ROWS += [
    Row(
        "insurance claim help: policy holder Aurelia Mbatha, member ID TVH-330-918-274, surgery date 18 Sep, procedure: laparoscopic cholecystectomy for gallstones. They want an itemised letter.",
        [
            ("person_name", "Aurelia Mbatha"),
            ("medical_record", "TVH-330-918-274"),
            ("health", "laparoscopic cholecystectomy for gallstones"),
        ],
    ),
    Row(
        "Hey assistant, I'm Akosua, I'm 16 weeks along and my midwife says my iron is low (ferritin 9). What foods help? Also write a message to my partner Yaw about it.",
        [
            ("person_name", "Akosua"),
            ("health", "16 weeks along"),
            ("health", "ferritin 9"),
            ("person_name", "Yaw"),
        ],
    ),
    Row(
        "Formulário de licença: funcionária Renata Lobo, CID F41.1 (transtorno de ansiedade generalizada), afastamento de 15 dias. Reescreva de forma mais formal.",
        [("person_name", "Renata Lobo"), ("health", "CID F41.1 (transtorno de ansiedade generalizada)")],
        lang="pt",
    ),
    Row(
        "Notes from my psychiatrist appointment for my diary, make them readable: dx PTSD + MDD, started venlafaxine XR 75, EMDR weekly w/ Dr Kowalczyk-Reyes",
        [
            ("health", "PTSD + MDD"),
            ("health", "venlafaxine XR 75"),
            ("health", "EMDR weekly"),
            ("person_name", "Kowalczyk-Reyes"),
        ],
    ),
    Row(
        "Mijn collega Femke Zwart is blind en gebruikt een schermlezer; schrijf een mail aan IT dat haar nieuwe laptop JAWS nodig heeft.",
        [("person_name", "Femke Zwart"), ("health", "is blind"), ("health", "gebruikt een schermlezer")],
        lang="nl",
    ),
    Row(
        "Emergency card for my wallet please: Name: Teodor Lundqvist-Ahmadi. Allergies: penicillin (anaphylaxis), latex. Conditions: Addison's disease, takes hydrocortisone 20mg/day. ICE: Nasrin 0734-118 207",
        [
            ("person_name", "Teodor Lundqvist-Ahmadi"),
            ("health", "penicillin (anaphylaxis)"),
            ("health", "latex"),
            ("health", "Addison's disease"),
            ("health", "hydrocortisone 20mg/day"),
            ("person_name", "Nasrin"),
            ("phone", "0734-118 207"),
        ],
    ),
    Row(
        "Offer letter fix: 'Hourly rate: $34.50 for Jun-seo Park, part-time, 25 hrs/wk.' Change it to a salaried equivalent sentence.",
        [("salary", "$34.50"), ("person_name", "Jun-seo Park")],
    ),
    Row(
        "Dividir bens: meu ex, Vinícius Rocha, declarou renda de R$ 12 mil por mês mas eu sei que ganha mais. Como escrevo isso na petição?",
        [("person_name", "Vinícius Rocha"), ("salary", "R$ 12 mil por mês")],
        lang="pt",
    ),
    Row(
        "Reiseunterlagen prüfen: Passinhaber Yusuf Çelik, Reisepass-Nr. C01X00T47, Flug LH 1302 am 19.12. Stimmt die Reihenfolge der Vornamen?",
        [("person_name", "Yusuf Çelik"), ("passport", "C01X00T47")],
        lang="de",
    ),
    Row(
        "Australian passport PA0917346, holder Matilda Cheng — the ETA app says 'document not found'. Write the support ticket.",
        [("passport", "PA0917346"), ("person_name", "Matilda Cheng")],
    ),
    Row(
        "Please translate into Spanish: 'Patient ID 55-20913-7 (Hollings, Verity) missed her chemotherapy cycle 3 and needs rebooking.'",
        [
            ("medical_record", "55-20913-7"),
            ("person_name", "Hollings, Verity"),
            ("health", "chemotherapy cycle 3"),
        ],
    ),
    Row(
        "ok whos this: 'hi it's auntie bola, new number 0803 412 7719, delete the old one' — write a reply asking her something only she would know",
        [("person_name", "bola"), ("phone", "0803 412 7719")],
    ),
    Row(
        "Paycheck question: Quentin Abara's stub shows gross 3,850.00 biweekly and net 2,712.19. Why is the 401k line zero?",
        [("person_name", "Quentin Abara"), ("salary", "3,850.00 biweekly"), ("salary", "2,712.19")],
    ),
    Row(
        "Write the form letter for a parking permit: Resident: Oisín Garvey, 18 Coolbawn Terrace, Ranelagh, Dublin 6, D06 XK41. Vehicle reg 231-D-48175.",
        [
            ("person_name", "Oisín Garvey"),
            ("postal_address", "18 Coolbawn Terrace, Ranelagh, Dublin 6, D06 XK41"),
            ("license_plate", "231-D-48175"),
        ],
    ),
    Row(
        "my pass for the family netflix is Biscotti&Tea42 — actually can u just tell me how to share it safely with my dad Bernard",
        [("password", "Biscotti&Tea42"), ("person_name", "Bernard")],
    ),
    Row(
        "Born 30.06.1958, Mr Ahmet Güler needs a translation of his residence permit application: 'Geburtsdatum: 30.06.1958, Wohnort: Duisburg-Marxloh'.",
        [("date_of_birth", "30.06.1958"), ("person_name", "Ahmet Güler")],
    ),
    Row(
        "生年月日 1995年3月8日、氏名 石田 蓮。このプロフィールを英語の履歴書用に直してください。",
        [("date_of_birth", "1995年3月8日"), ("person_name", "石田 蓮")],
        lang="ja",
    ),
    Row(
        "Mi tarjeta Visa 4083 4224 9242 5184 aparece dos veces en el recibo del hotel. Escribe una reclamación, titular Esteban Cárdenas.",
        [("payment_card", "4083 4224 9242 5184"), ("person_name", "Esteban Cárdenas")],
        lang="es",
    ),
    Row(
        "Ekonomiavdelningen behöver kontot: SE89 4356 8478 5972 1307 3256, kontohavare Albin Sjöberg. Skriv ett kort mejl.",
        [("iban", "SE89 4356 8478 5972 1307 3256"), ("person_name", "Albin Sjöberg")],
        lang="sv",
    ),
]

# --- negatives: look-alikes that are not personal data ----------------------------------------
NEGATIVES += [
    Negative(
        "Our build broke after bumping from 4.18.2 to 4.19.0-rc.3; the changelog mentions 4.18.7 as the last LTS. Which version should I pin?",
        "version_number",
    ),
    Negative(
        "pip says: ERROR: No matching distribution found for torch==2.5.1+cu124 (from versions: 2.4.0, 2.4.1, 2.5.0). Why?",
        "version_number",
    ),
    Negative(
        "Can you explain what 10.0.19045.5247 means in a Windows build string, part by part?",
        "version_number",
    ),
    Negative(
        "Order 771-3390425-1186032 shows delivered but the box was empty. Write a complaint to the marketplace.",
        "order_id",
    ),
    Negative(
        "Bestellnummer 2026-11-004719, Rechnung RE-88213: bitte eine Reklamation wegen falscher Farbe formulieren.",
        "order_id",
    ),
    Negative(
        "Commande n° FR-CMD-55183920 : le colis est bloqué à Roissy depuis 6 jours. Écris une relance au service client.",
        "order_id",
    ),
    Negative("Cite this book in APA: ISBN 978-0-262-04630-4, MIT Press, 2023.", "isbn"),
    Negative("Is ISBN 978-3-16-148410-0 the one that is always used as a sample in documentation?", "isbn"),
    Negative(
        "What's the difference between UUID v4 and v7? e.g. 3f2b8c1e-9d4a-4e7b-b5c2-61a0f9d3e8b7 vs 01938a6c-7e21-7c3d-9f4e-2b8a1c6d5e90",
        "uuid",
    ),
    Negative(
        "request_id=0b7e4c9a-22f1-4a88-9e3d-5c6f1b2a7d40 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 — how do I correlate these in Grafana Tempo?",
        "uuid",
    ),
    Negative(
        "git bisect points to commit 9f3c2e1a7b4d5e6f8a0b1c2d3e4f5a6b7c8d9e0f, then HEAD~3 is a4e1c07. How do I show what changed?",
        "git_sha",
    ),
    Negative(
        "Rebase conflict between d41f0b8 and 7c92e15 in src/router.rs — explain 'ours' vs 'theirs' here.",
        "git_sha",
    ),
    Negative(
        "sha256sum of the ISO: c340b67c01ffff3195f80135f3b92c07423fb388dfa93ee3419300aed2e779ed — the website lists a different one, is the download corrupt?",
        "sha256",
    ),
    Negative(
        "Use jane.doe@example.com as the placeholder in the signup form tests, it's reserved and never delivered. Write the test.",
        "placeholder_email",
    ),
    Negative(
        "The docs say to use admin@example.org and 'changeme' in the quickstart; why is that bad practice in production?",
        "placeholder_credential",
    ),
    Negative(
        "Firewall rule: allow 203.0.113.0/24 and 198.51.100.25 on port 443. Is the CIDR right? (These are documentation ranges.)",
        "doc_ip",
    ),
    Negative(
        "Write the nginx config: upstream on 192.0.2.10:8080 and 192.0.2.11:8080, both from RFC 5737 for the example.",
        "doc_ip",
    ),
    Negative(
        "Rewrite the support page: 'Call our customer service on 0800 123 4567, Monday to Friday 8am–6pm.' Make it friendlier.",
        "public_phone",
    ),
    Negative(
        "Le service client SNCF Connect répond au 3635. Rédige un paragraphe pour notre FAQ sur les retards de train.",
        "public_phone",
    ),
    Negative(
        "In Breaking Bad, Walter White is diagnosed with stage IIIA lung cancer. How realistic is his treatment timeline?",
        "fictional_character",
    ),
    Negative(
        "Why does Dr. Gregory House take Vicodin in the show? Discuss the portrayal of chronic pain.",
        "fictional_character",
    ),
    Negative(
        "In Pride and Prejudice, Mr Darcy has an income of ten thousand a year. What would that be today?",
        "fictional_character",
    ),
    Negative(
        "Sherlock Holmes lives at 221B Baker Street — write a tour-guide blurb about the museum.",
        "fictional_character",
    ),
    Negative(
        "What is the usual adult dose of ibuprofen, and is 400 mg three times a day too much for a week?",
        "generic_health",
    ),
    Negative(
        "Explique la différence entre diabète de type 1 et de type 2 pour une affiche de prévention.",
        "generic_health",
    ),
    Negative(
        "Welche Nebenwirkungen hat Metformin 1000 mg typischerweise? Für einen Aufklärungsflyer.",
        "generic_health",
    ),
    Negative(
        "Write a blog post about how common ADHD is in adults and how it is usually diagnosed.",
        "generic_health",
    ),
    Negative(
        "¿Cuáles son los síntomas del embarazo en las primeras semanas? Es para un artículo de divulgación.",
        "generic_health",
    ),
    Negative(
        "Job ad: Senior Backend Engineer, Berlin, salary range €75,000–€92,000 plus equity. Make it more inclusive.",
        "generic_salary",
    ),
    Negative(
        "Stellenanzeige: Pflegefachkraft (m/w/d), Vergütung nach TVöD P8, ca. 3.600–4.100 € brutto. Bitte kürzen.",
        "generic_salary",
    ),
    Negative(
        "The national minimum wage rose to £12.21 an hour in April. Summarise what changed for employers.",
        "generic_salary",
    ),
    Negative(
        "What is the median software engineer salary in Poland in 2026? Roughly 18 000 zł?", "generic_salary"
    ),
    Negative(
        "Test card numbers for our Stripe sandbox: which ones does Stripe document for a declined payment?",
        "token_docs",
    ),
    Negative(
        "Our invoice INV-2026-0042 totals €1,284.50 incl. 19% VAT. Write the payment reminder to the client company.",
        "price",
    ),
    Negative(
        "The product code on the box is SKU 4006381333931 / EAN, model BX-2200-EU. Where can I find the manual?",
        "product_code",
    ),
    Negative(
        "Serial number SN 5G7K-22QX-19PL on the router label — what does the 5G prefix mean?", "product_code"
    ),
    Negative(
        "Jira ticket PLAT-48213 and PLAT-48219 duplicate each other; write a comment merging them.",
        "ticket_id",
    ),
    Negative(
        "Flight LH 1302 departs 07:45 from Gate B42, seat 23C. Translate the boarding info into Polish.",
        "ticket_id",
    ),
    Negative("Format this as a table: 2019 – 12%, 2020 – 8%, 2021 – 15%, 2022 – 11%, 2023 – 9%.", "year"),
    Negative(
        "The meeting is on 14/02/2027 at 10:00 in room 3.14. Write the calendar invite text.", "plain_date"
    ),
    Negative("Solve: 4683 × 6175 − 7360 ÷ 8 = ? Show the steps.", "math"),
    Negative("Compute 123456789 mod 97 and explain how IBAN check digits use it.", "math"),
    Negative(
        "Reference number 4532 1123 4455 6678 on the parcel slip — is it a tracking number? (It fails Luhn, I checked.)",
        "invalid_card",
    ),
    Negative(
        "Batch ID DE00 1234 5678 9012 3456 78 from the warehouse system: is this format some kind of standard?",
        "invalid_iban",
    ),
    Negative(
        "Our ssh public key for the deploy user: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx7v2pQm9Lr4wT8sZ1bN6cY3fH0jE5uG2dA7kR9oP1q deploy@ci — where in GitHub do I add it?",
        "public_key",
    ),
    Negative("Export the colour palette as CSS variables: #1E3A5F, #F4A261, #2A9D8F, #E76F51.", "hex_color"),
    Negative(
        "Set the env var like API_KEY=<your-api-key> and DB_PASSWORD=${DB_PASSWORD} in the README. Is that clear enough?",
        "placeholder_credential",
    ),
    Negative(
        "Explain this YAML: password: {{ vault_db_password }} and token: !secret github_token — where do the values come from?",
        "placeholder_credential",
    ),
    Negative(
        "Ship to: 123 Example Street, Springfield, Anytown 00000 — this is the dummy address in our test fixtures. Generate 5 more like it.",
        "placeholder_address",
    ),
    Negative(
        "What's the Eiffel Tower's latitude and longitude, approximately? 48.8584, 2.2945?", "geo_coordinates"
    ),
    Negative(
        "The Brandenburger Tor is at Pariser Platz 1, 10117 Berlin — write a short historical paragraph for a city guide.",
        "public_address",
    ),
    Negative(
        "Who was Marie Curie and why did she win two Nobel Prizes? Keep it for 10-year-olds.", "public_figure"
    ),
    Negative("Summarise Angela Merkel's 2015 refugee policy in three neutral sentences.", "public_figure"),
    Negative(
        "Port 5432 is open and max_connections=200, shared_buffers=4GB. Is that reasonable for a 16 GB Postgres box?",
        "port_config",
    ),
    Negative(
        "Passport photo requirements: 35 x 45 mm, light grey background, taken in the last 6 months. Translate to Spanish.",
        "passport_generic",
    ),
    Negative(
        "How many digits does a German passport number have, and which letters are never used in it?",
        "passport_generic",
    ),
    Negative(
        "What does 'MRN' mean on a hospital bracelet and why do hospitals use it instead of names?",
        "medical_generic",
    ),
    Negative(
        "The default PIN of the SIM is printed on the card holder; how do I change it on Android?",
        "pin_hardware",
    ),
    Negative(
        "Good password policy: at least 14 characters, a passphrase like 'correct horse battery staple' is the classic example. Rewrite for staff.",
        "password_advice",
    ),
    Negative("患者の個人情報を扱うときの注意点を、病院の新人向けに5つ挙げてください。", "generic_health"),
    Negative("请解释一下护照号码和身份证号码的区别，一般各有几位？", "passport_generic"),
]

# --- a few more of the remaining kinds -------------------------------------------------------
ROWS += [
    Row(
        "Why does this request get 401? Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1Xzg4MjEzIiwiZW1haWwiOiJtLmZlcnJlaXJhQHNhcG8ucHQiLCJleHAiOjE3OTYxNDA4MDB9.GTd7FguoV8FWnFbB0JxXujr4qqaaABvvLOzAxzXMcU1",
        [
            (
                "access_token",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1Xzg4MjEzIiwiZW1haWwiOiJtLmZlcnJlaXJhQHNhcG8ucHQiLCJleHAiOjE3OTYxNDA4MDB9.GTd7FguoV8FWnFbB0JxXujr4qqaaABvvLOzAxzXMcU1",
            )
        ],
    ),
    Row(
        'My Life360 keeps showing my son Elias at {"lat": 52.37212, "lng": 4.89467} even though he\'s at school. Write a bug report.',
        [("person_name", "Elias"), ("location", "52.37212"), ("location", "4.89467")],
    ),
    Row(
        "Der Schlüsselsafe am Ferienhaus hat den Code 5-8-1-4, Gäste-WLAN 'Seeblick' Passwort: Moewe!Kiel2026. Schreib eine Willkommensnachricht für die Gäste.",
        [("pin", "5-8-1-4"), ("password", "Moewe!Kiel2026")],
        lang="de",
    ),
    Row(
        "Tax form question: my ITIN was replaced by an SSN, 356-04-0172. Do I have to tell my employer Brightline Roofing, and how? Name on file: Aurelio Zamudio.",
        [("ssn", "356-04-0172"), ("person_name", "Aurelio Zamudio")],
    ),
    Row(
        "Contact sheet for the trip, make it a table: Søren Kjeldsen +45 28 41 93 07, soren.kjeldsen@mail.dk; Anouk Peeters +32 478 21 55 90, anouk.peeters@telenet.be",
        [
            ("person_name", "Søren Kjeldsen"),
            ("phone", "+45 28 41 93 07"),
            ("email", "soren.kjeldsen@mail.dk"),
            ("person_name", "Anouk Peeters"),
            ("phone", "+32 478 21 55 90"),
            ("email", "anouk.peeters@telenet.be"),
        ],
    ),
    Row(
        "Mi PUK es 40918273 y la SIM se bloqueó. ¿Cómo lo meto en un iPhone? Es la línea de mi padre, Honorio.",
        [("pin", "40918273"), ("person_name", "Honorio")],
        lang="es",
    ),
    Row(
        """Can't load this key in paramiko, 'not a valid RSA private key file':
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAq2Xv7pLr9sZ1bN6cY3fH0jE5uG2dA7kR9oP1qKx7v2pQm9Lr
4wT8V91i78fqqg/jvpHC02DVTzyrpN2OtCmUOANk4PJ8CG72qfPwZ1+fwk0VCv8F
-----END RSA PRIVATE KEY-----""",
        [
            (
                "private_key",
                """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAq2Xv7pLr9sZ1bN6cY3fH0jE5uG2dA7kR9oP1qKx7v2pQm9Lr
4wT8V91i78fqqg/jvpHC02DVTzyrpN2OtCmUOANk4PJ8CG72qfPwZ1+fwk0VCv8F
-----END RSA PRIVATE KEY-----""",
            )
        ],
    ),
    Row(
        "Routing 124867488 / account 0051 9930 2274 for Wren Castellanos' paycheck — the ACH came back R03. What does that mean?",
        [
            ("bank_account", "124867488"),
            ("bank_account", "0051 9930 2274"),
            ("person_name", "Wren Castellanos"),
        ],
    ),
]
