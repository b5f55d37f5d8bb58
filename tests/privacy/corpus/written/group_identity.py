"""Identity group, written by hand: names, postal addresses, phones, e-mail addresses, birth dates,
coordinates tied to a person, and vehicle plates. Every value here is invented."""

from build import Negative, Row

ROWS = [
    Row(
        'Can you make this sound more professional? "hey mr okafor its chinedu, new number is '
        '+234 803 418 2267 and my email is now c.eze88@yahoo.co.uk, pls update ur records thx"',
        [
            ("person_name", "okafor"),
            ("person_name", "chinedu"),
            ("phone", "+234 803 418 2267"),
            ("email", "c.eze88@yahoo.co.uk"),
        ],
    ),
    Row(
        "Please shorten this email but keep my signature exactly as is:\n\n"
        "Hi team,\n\n"
        "Following up on the Q3 vendor review — I've attached the revised scoring sheet and flagged the "
        "two suppliers that missed the SLA twice in a row. Both have asked for an extension, which I "
        "don't think we should give without a written remediation plan. Let me know if Thursday works "
        "for a quick call, otherwise I'll send the summary to finance on Friday.\n\n"
        "Best,\n"
        "Tomasz Wójcik\n"
        "Procurement Lead\n"
        "ul. Marszałkowska 84/12\n"
        "00-517 Warszawa, Poland\n"
        "+48 512 384 927\n"
        "t.wojcik@nordlogistyka.pl",
        [
            ("person_name", "Tomasz Wójcik"),
            ("postal_address", "ul. Marszałkowska 84/12\n00-517 Warszawa, Poland"),
            ("phone", "+48 512 384 927"),
            ("email", "t.wojcik@nordlogistyka.pl"),
        ],
    ),
    Row(
        "My daughter Priya needs a permission slip for the school trip on Friday. Can you write a short "
        "note from me (her mum, Anjali Raman) saying she can go and that I can be reached on "
        "+91 98452 17384 during the day?",
        [("person_name", "Priya"), ("person_name", "Anjali Raman"), ("phone", "+91 98452 17384")],
    ),
    Row(
        "Fill this form for me pls and give it back as JSON: Full name: Nguyễn Thị Thu Hà, "
        "DOB: 03/14/1988, place of birth: Hải Phòng, nationality: Vietnamese",
        [("person_name", "Nguyễn Thị Thu Hà"), ("date_of_birth", "03/14/1988")],
    ),
    Row(
        "Kannst du diesen Text verbessern? „Sehr geehrte Frau Lindqvist, hiermit kündige ich meinen "
        "Mietvertrag für die Wohnung in der Bergmannstraße 27, 3. OG links, 10961 Berlin fristgerecht "
        "zum 31.03. Die Schlüssel gebe ich gern persönlich ab. Mit freundlichen Grüßen, Jonas Albrecht“",
        [
            ("person_name", "Lindqvist"),
            ("postal_address", "Bergmannstraße 27, 3. OG links, 10961 Berlin"),
            ("person_name", "Jonas Albrecht"),
        ],
        lang="de",
    ),
    Row(
        "Peux-tu traduire en anglais ? « Je m'appelle Camille Fournier, née le 3 mars 1988 à Lyon. "
        "J'habite au 14 rue des Tanneurs, 69002 Lyon. Mon portable : 06 12 48 73 95. »",
        [
            ("person_name", "Camille Fournier"),
            ("date_of_birth", "3 mars 1988"),
            ("postal_address", "14 rue des Tanneurs, 69002 Lyon"),
            ("phone", "06 12 48 73 95"),
        ],
        lang="fr",
    ),
    Row(
        "car broke down on the A470, phone at 9%. my location is 51.4816, -3.1791 — write a short text "
        "to my brother Rhys telling him where to come get me",
        [("location", "51.4816, -3.1791"), ("person_name", "Rhys")],
    ),
    Row(
        "Someone keyed my car in the Tesco car park yesterday. Help me write the claim description for "
        "the insurer. Car: grey Ford Focus, reg LK19 XPW. Policy holder: Daniel Ashworth. It was parked "
        "from about 10 to 11:30.",
        [("license_plate", "LK19 XPW"), ("person_name", "Daniel Ashworth")],
    ),
    Row(
        "Why does this raise JSONDecodeError?\n\n```python\nimport json\nraw = '''{\n"
        '  "name": "María José García López",\n'
        '  "email": "mjgarcia.lopez@gmail.com",\n'
        '  "phone": "+34 612 48 73 90",\n'
        '  "dob": "1991-07-22",\n'
        "}'''\ncustomer = json.loads(raw)\n```",
        [
            ("person_name", "María José García López"),
            ("email", "mjgarcia.lopez@gmail.com"),
            ("phone", "+34 612 48 73 90"),
            ("date_of_birth", "1991-07-22"),
        ],
    ),
    Row(
        "この住所を英語表記にしてください：〒150-0042 東京都渋谷区宇田川町12-7 ハイツ宇田川302号室 山本 彩花 様",
        [
            ("postal_address", "〒150-0042 東京都渋谷区宇田川町12-7 ハイツ宇田川302号室"),
            ("person_name", "山本 彩花"),
        ],
        lang="ja",
    ),
    Row(
        "fix the date column in this csv so it's ISO 8601, keep everything else:\n"
        "name,email,dob,city\n"
        "Siobhán O'Connell,siobhan.oc@eircom.net,17/02/1979,Cork\n"
        "Kwame Mensah,kmensah@outlook.com,5/11/1985,Leeds\n"
        "Liu Yang,liuyang.bj@163.com,30/08/1992,Manchester",
        [
            ("person_name", "Siobhán O'Connell"),
            ("email", "siobhan.oc@eircom.net"),
            ("date_of_birth", "17/02/1979"),
            ("person_name", "Kwame Mensah"),
            ("email", "kmensah@outlook.com"),
            ("date_of_birth", "5/11/1985"),
            ("person_name", "Liu Yang"),
            ("email", "liuyang.bj@163.com"),
            ("date_of_birth", "30/08/1992"),
        ],
    ),
    Row(
        "Can you tell from this link roughly which neighbourhood my friend Aisha is staying in? She sent "
        "me https://www.google.com/maps/@41.3874,2.1686,17z when I asked where she was.",
        [("person_name", "Aisha"), ("location", "41.3874,2.1686")],
    ),
    Row(
        "Mein Auto wurde abgeschleppt, Kennzeichen B-KR 4471. Schreib mir bitte eine kurze Mail an das "
        "Ordnungsamt, dass ich den Wagen abholen möchte. Halterin: Katrin Vogelsang, Sonnenallee 118, "
        "12045 Berlin",
        [
            ("license_plate", "B-KR 4471"),
            ("person_name", "Katrin Vogelsang"),
            ("postal_address", "Sonnenallee 118, 12045 Berlin"),
        ],
        lang="de",
    ),
    Row(
        "Ship to:\nMarcus T. Hollis\n2217 Alder Creek Dr, Apt 4B\nRaleigh, NC 27606\nUSA\n"
        "Phone: (919) 847-3320\n\nwhy does the carrier API keep rejecting this with 'address line 2 invalid'?",
        [
            ("person_name", "Marcus T. Hollis"),
            ("postal_address", "2217 Alder Creek Dr, Apt 4B\nRaleigh, NC 27606\nUSA"),
            ("phone", "(919) 847-3320"),
        ],
    ),
    Row(
        "reply to my landlord saying he can reach me at jane dot whitford at gmail dot com from now on, "
        "the old hotmail one is dead. sign it Jane Whitford, flat 3",
        [("email", "jane dot whitford at gmail dot com"), ("person_name", "Jane Whitford")],
        variant="obf",
    ),
    Row(
        "my birthday is 14 March 1990 and my partner Oluwaseun's is 2 October 1988, what's the age gap "
        "in days? show the working",
        [
            ("date_of_birth", "14 March 1990"),
            ("person_name", "Oluwaseun"),
            ("date_of_birth", "2 October 1988"),
        ],
    ),
    Row(
        "My dad wrote the position of his hunting cabin as 44°58'12\"N 93°15'47\"W in his notebook. "
        "Convert it to decimal so I can put it in my Garmin before I drive up to see him.",
        [("location", "44°58'12\"N 93°15'47\"W")],
    ),
    Row(
        "¿Me ayudas a rellenar esto para la aseguradora? Nombre: Alejandro Ruiz Castaño. Fecha de "
        "nacimiento: 22/09/1984. Domicilio: Calle de Toledo 63, 3º B, 28005 Madrid. Teléfono: 634 218 775. "
        "Matrícula del coche: 4821 KLN.",
        [
            ("person_name", "Alejandro Ruiz Castaño"),
            ("date_of_birth", "22/09/1984"),
            ("postal_address", "Calle de Toledo 63, 3º B, 28005 Madrid"),
            ("phone", "634 218 775"),
            ("license_plate", "4821 KLN"),
        ],
        lang="es",
    ),
    Row(
        "Scrivi una mail all'amministratore del condominio: sono Giulia Bernardi, interno 7, e la mia auto "
        "targa FT 482 KM è rimasta bloccata nel cortile di Via Nizza 41, 10125 Torino perché qualcuno ha "
        "chiuso il cancello. Il mio numero è 347 218 4469.",
        [
            ("person_name", "Giulia Bernardi"),
            ("license_plate", "FT 482 KM"),
            ("postal_address", "Via Nizza 41, 10125 Torino"),
            ("phone", "347 218 4469"),
        ],
        lang="it",
    ),
    Row(
        "Kun je dit bericht vertalen naar het Engels? 'Hoi, ik ben Sanne van der Berg, ik woon op de "
        "Prinsengracht 512-III, 1017 KH Amsterdam. Mijn kenteken is GZ-374-K en je kunt me bellen op "
        "+31 6 41827356.'",
        [
            ("person_name", "Sanne van der Berg"),
            ("postal_address", "Prinsengracht 512-III, 1017 KH Amsterdam"),
            ("license_plate", "GZ-374-K"),
            ("phone", "+31 6 41827356"),
        ],
        lang="nl",
    ),
    Row(
        "Przetłumacz na angielski: Nazywam się Agnieszka Kowalczyk, urodziłam się 12.05.1993 w Krakowie. "
        "Mój adres e-mail to a.kowalczyk93@wp.pl.",
        [
            ("person_name", "Agnieszka Kowalczyk"),
            ("date_of_birth", "12.05.1993"),
            ("email", "a.kowalczyk93@wp.pl"),
        ],
        lang="pl",
    ),
    Row(
        "Pode corrigir este texto? 'Olá, meu nome é Rafael Monteiro, moro na Rua Augusta 1520, apto 84, "
        "Consolação, São Paulo - SP, 01304-001. Meu WhatsApp é +55 11 98472-3361, pode chamar a qualquer hora.'",
        [
            ("person_name", "Rafael Monteiro"),
            ("postal_address", "Rua Augusta 1520, apto 84, Consolação, São Paulo - SP, 01304-001"),
            ("phone", "+55 11 98472-3361"),
        ],
        lang="pt",
    ),
    Row(
        "my test fails with `TypeError: Object of type date is not JSON serializable` — how do I fix it "
        "without changing the fixture?\n\n```python\nTEST_USER = {\n"
        '    "first_name": "Dmitri",\n'
        '    "last_name": "Volkov",\n'
        '    "email": "dvolkov+staging@protonmail.com",\n'
        '    "birthdate": "1986-04-09",\n'
        '    "home": {"lat": 59.9386, "lng": 30.3141},\n'
        '    "created": date.today(),\n'
        "}\n```",
        [
            ("person_name", "Dmitri"),
            ("person_name", "Volkov"),
            ("email", "dvolkov+staging@protonmail.com"),
            ("date_of_birth", "1986-04-09"),
            ("location", "59.9386"),
            ("location", "30.3141"),
        ],
    ),
    Row(
        "Support: Can I get the full name on the account?\nMe: Fatima Al-Zahrani\n"
        "Support: And the email you registered with?\nMe: fatima.alzahrani@hotmail.com\n"
        "Support: Thanks. And a phone number we can call back on?\nMe: +971 50 418 7263\n"
        "Support: Perfect, the refund will be processed in 5-7 working days.\n\n"
        "summarize this chat in two lines for my records",
        [
            ("person_name", "Fatima Al-Zahrani"),
            ("email", "fatima.alzahrani@hotmail.com"),
            ("phone", "+971 50 418 7263"),
        ],
    ),
    Row(
        "J'ai reçu un avis de contravention pour le véhicule immatriculé FG-482-KT alors que je n'étais "
        "pas à Paris ce jour-là. Rédige une contestation courte. Je suis M. Julien Marchetti, "
        "8 avenue Jean Jaurès, 33000 Bordeaux.",
        [
            ("license_plate", "FG-482-KT"),
            ("person_name", "Julien Marchetti"),
            ("postal_address", "8 avenue Jean Jaurès, 33000 Bordeaux"),
        ],
        lang="fr",
    ),
    Row(
        "My neighbor keeps parking his white Tacoma (CA plate 8MXR417) across my driveway at 1482 "
        "Hollister Ave, San Jose, CA 95126. Draft a polite but firm note I can leave on his windshield.",
        [("license_plate", "8MXR417"), ("postal_address", "1482 Hollister Ave, San Jose, CA 95126")],
    ),
    Row(
        "Please write a leave application for 3 days (family wedding). I'm Rohan Deshpande, team "
        "Payments QA. Address during leave: Flat 302, Sai Krupa Apartments, Baner Road, Pune 411045. "
        "Mobile +91 98220 41736, personal email rohan.deshpande91@gmail.com",
        [
            ("person_name", "Rohan Deshpande"),
            ("postal_address", "Flat 302, Sai Krupa Apartments, Baner Road, Pune 411045"),
            ("phone", "+91 98220 41736"),
            ("email", "rohan.deshpande91@gmail.com"),
        ],
    ),
    Row(
        "my bike MH 12 KL 4821 got an e-challan for signal jumping at 2am but i was at home sleeping. "
        "how do i dispute it on the parivahan site?",
        [("license_plate", "MH 12 KL 4821")],
    ),
    Row(
        "The phone link in my HTML signature doesn't dial on iPhone, what's wrong?\n\n"
        "```html\n<p>Kind regards,<br>\nEleanor Fitzgerald-Hayes<br>\nSenior Associate<br>\n"
        '<a href="tel:+441132684417">0113 268 4417</a><br>\n'
        '<a href="mailto:eleanor.fh@brightwaterlegal.co.uk">eleanor.fh@brightwaterlegal.co.uk</a></p>\n```',
        [
            ("person_name", "Eleanor Fitzgerald-Hayes"),
            ("phone", "+441132684417"),
            ("phone", "0113 268 4417"),
            ("email", "eleanor.fh@brightwaterlegal.co.uk"),
        ],
    ),
    Row(
        "Here's the payload from my son's GPS watch. The app shows him in the wrong city, is it the "
        'field order?\n{"device":"KW-22","child":"Mateo","lat": 40.4168, "lng": -3.7038, '
        '"battery": 61, "ts": 1733130000}',
        [("person_name", "Mateo"), ("location", "40.4168"), ("location", "-3.7038")],
    ),
    Row(
        "Send this to my wife Leila so she can find me, make it short: geo:35.6997,51.3380 — I'm by the "
        "bus stop outside the pharmacy, blue jacket",
        [("person_name", "Leila"), ("location", "35.6997,51.3380")],
    ),
    Row(
        "My Strava keeps showing my runs starting at lat 35.6614 lon 139.7041 which is literally my "
        "apartment building. How do I set up a privacy zone so that doesn't show?",
        [("location", "35.6614"), ("location", "139.7041")],
    ),
    Row(
        "Please format this as a proper shipping label: Adaeze Nwosu, 14B Admiralty Way, Lekki Phase 1, "
        "Lagos 106104, Nigeria, 0803 552 7189",
        [
            ("person_name", "Adaeze Nwosu"),
            ("postal_address", "14B Admiralty Way, Lekki Phase 1, Lagos 106104, Nigeria"),
            ("phone", "0803 552 7189"),
        ],
    ),
    Row(
        "My grandfather Trần Văn Bảo was born on 1942-06-18. His passport renewal form asks for the date "
        "as DD/MM/YYYY — what do I write?",
        [("person_name", "Trần Văn Bảo"), ("date_of_birth", "1942-06-18")],
    ),
    Row(
        "Write a cover letter for a junior data analyst role at a housing charity. Header info:\n"
        "Hannah Kowalski-Brandt | 47 Clarendon Road, Leeds LS2 9PJ | 07911 482630 | hannah.kb@gmail.com\n"
        "I have a maths degree, one year of Excel/SQL at a call centre, and I volunteer at a food bank.",
        [
            ("person_name", "Hannah Kowalski-Brandt"),
            ("postal_address", "47 Clarendon Road, Leeds LS2 9PJ"),
            ("phone", "07911 482630"),
            ("email", "hannah.kb@gmail.com"),
        ],
    ),
    Row(
        "Our club newsletter footer says 'contact: k.schneider [at] posteo [dot] de' — is that enough to "
        "stop scrapers? It's my private address (Katharina Schneider, treasurer).",
        [("email", "k.schneider [at] posteo [dot] de"), ("person_name", "Katharina Schneider")],
        variant="obf",
    ),
    Row(
        "Bitte antworte dem Kunden freundlich, dass die Lieferung sich verzögert. Ich bin unter "
        "m.hoffmann(at)web.de erreichbar, mobil 0176 48213957. Gruß, Markus Hoffmann",
        [("email", "m.hoffmann(at)web.de"), ("phone", "0176 48213957"), ("person_name", "Markus Hoffmann")],
        lang="de",
        variant="obf",
    ),
    Row(
        "my buddy said to send the invoice to ravi.k AT outlook DOT com — can you write a short email to "
        "Ravi Kulkarni with the invoice attached, due in 14 days",
        [("email", "ravi.k AT outlook DOT com"), ("person_name", "Ravi Kulkarni")],
        variant="obf",
    ),
    Row(
        "just draft a msg to Bea, her email is beatrice.moreau at gmail — ask if she can host book club "
        "on the 12th since my place is being painted",
        [("person_name", "Bea"), ("email", "beatrice.moreau at gmail")],
        variant="obf",
    ),
    Row(
        "私のメールアドレスは tanaka.hiroshi＠docomo.ne.jp です。フォームでエラーになるので正しい形式に直してください。田中 宏",
        [("email", "tanaka.hiroshi＠docomo.ne.jp"), ("person_name", "田中 宏")],
        lang="ja",
        variant="fullwidth",
    ),
    Row(
        "履歴書の生年月日欄はこれで合っていますか？「1988年3月14日生（満37歳）」 氏名：佐藤 健一",
        [("date_of_birth", "1988年3月14日"), ("person_name", "佐藤 健一")],
        lang="ja",
    ),
    Row(
        "取引先に送るメールの署名を作ってください。株式会社ミナト商事 営業部 小林 大輔、携帯 +81 90-4827-3316、"
        "メール d.kobayashi@minato-shoji.co.jp",
        [
            ("person_name", "小林 大輔"),
            ("phone", "+81 90-4827-3316"),
            ("email", "d.kobayashi@minato-shoji.co.jp"),
        ],
        lang="ja",
    ),
    Row(
        "Update the mailing address on this CRA form for me. Name: Priyanka Sandhu. New address: "
        "Unit 1203, 88 Harbour St, Toronto, ON M5J 0C3. Cell: (416) 729-8841. What box does it go in?",
        [
            ("person_name", "Priyanka Sandhu"),
            ("postal_address", "Unit 1203, 88 Harbour St, Toronto, ON M5J 0C3"),
            ("phone", "(416) 729-8841"),
        ],
    ),
    Row(
        "can u turn this into a nice christmas card envelope label: the Papadopoulos family, "
        "23 Wattle Grove, Hawthorn East VIC 3123",
        [("person_name", "Papadopoulos"), ("postal_address", "23 Wattle Grove, Hawthorn East VIC 3123")],
    ),
    Row(
        "My mum Helen's mobile is 0412 738 294 but she never picks up calls, only reads texts. Write a "
        "text reminding her about Sunday lunch at ours, 1pm, and that Tom is bringing dessert.",
        [("person_name", "Helen"), ("phone", "0412 738 294"), ("person_name", "Tom")],
    ),
    Row(
        "I sold my car (reg YD68 KJU) to a guy called Callum Reid on 12 January, how do I tell the DVLA? "
        "His address is 9 Thistle Lane, Dundee DD1 4HN.",
        [
            ("license_plate", "YD68 KJU"),
            ("person_name", "Callum Reid"),
            ("postal_address", "9 Thistle Lane, Dundee DD1 4HN"),
        ],
    ),
    Row(
        "Wat moet ik hiermee? Ik kreeg een boete voor kenteken 84-KNT-9 op de A12, maar mijn auto stond "
        "die dag gewoon in de garage in Utrecht.",
        [("license_plate", "84-KNT-9")],
        lang="nl",
    ),
    Row(
        "Help me write a police report: hit and run, the other car was a red Civic, Texas plate RKT-4829. "
        "I'm Lucía Fernández Ortega and my car was parked outside 3307 Guadalupe St, Austin, TX 78705 "
        "around 7pm.",
        [
            ("license_plate", "RKT-4829"),
            ("person_name", "Lucía Fernández Ortega"),
            ("postal_address", "3307 Guadalupe St, Austin, TX 78705"),
        ],
    ),
    Row(
        "got a parking ticket for plate KHW-7215 in queens but i sold that car in march. what documents "
        "do i need to contest it",
        [("license_plate", "KHW-7215")],
    ),
    Row(
        "¿Cómo pago la zona azul con la app si la matrícula de mi coche es 7390 DRT y es de renting?",
        [("license_plate", "7390 DRT")],
        lang="es",
    ),
    Row(
        "Mi è arrivata una multa per la targa GK 719 ZB a Milano, ma quel giorno l'auto era dal meccanico. "
        "Come faccio ricorso al Giudice di Pace?",
        [("license_plate", "GK 719 ZB")],
        lang="it",
    ),
    Row(
        "Napisz krótkie pismo do straży miejskiej: mój samochód o numerze rejestracyjnym KR 7T812 został "
        "odholowany z ulicy, na której parkowanie było dozwolone.",
        [("license_plate", "KR 7T812")],
        lang="pl",
    ),
    Row(
        "Summarize these 1:1 notes into action items:\n"
        "- Wen Jing (new hire) starts Monday, desk next to Arjun\n"
        "- Arjun to send her the onboarding checklist + laptop request\n"
        "- Wen Jing's personal email for the offer letter: wenjing.zhou@qq.com\n"
        "- emergency contact: her husband Li Wei, +86 138 1042 7765\n"
        "- parking permit pending, car reg SN71 WZG",
        [
            ("person_name", "Wen Jing"),
            ("person_name", "Arjun"),
            ("email", "wenjing.zhou@qq.com"),
            ("person_name", "Li Wei"),
            ("phone", "+86 138 1042 7765"),
            ("license_plate", "SN71 WZG"),
        ],
    ),
    Row(
        "Rewrite as a formal letter to the council: Mrs. Gwendolyn Price, DOB 02/11/1947, lives alone at "
        "16 Orchard Close, Taunton TA1 2RF and would like a home visit to discuss a stair lift. Her "
        "daughter Fiona (07823 415690) is the contact.",
        [
            ("person_name", "Gwendolyn Price"),
            ("date_of_birth", "02/11/1947"),
            ("postal_address", "16 Orchard Close, Taunton TA1 2RF"),
            ("person_name", "Fiona"),
            ("phone", "07823 415690"),
        ],
    ),
    Row(
        "Landlord spreadsheet — why does my VLOOKUP return #N/A for everyone?\n\n"
        "| Tenant | Unit | Phone |\n|---|---|---|\n"
        "| Bogdan Ionescu | 2A | 07459 318204 |\n"
        "| Mairéad O'Sullivan | 2B | 07534 771092 |\n"
        "| Kenji Watanabe | 3A | 07982 130557 |\n\n"
        'formula: =VLOOKUP("2B",A2:C4,3,FALSE)',
        [
            ("person_name", "Bogdan Ionescu"),
            ("phone", "07459 318204"),
            ("person_name", "Mairéad O'Sullivan"),
            ("phone", "07534 771092"),
            ("person_name", "Kenji Watanabe"),
            ("phone", "07982 130557"),
        ],
    ),
    Row(
        "Please translate into polite Japanese: 'Dear Nakamura-san, thank you so much for hosting us in "
        "Kyoto last week. Please let me know when you come to Berlin — you can stay with us.'",
        [("person_name", "Nakamura")],
    ),
    Row(
        "Redacta un recordatorio amable para la Sra. Beatriz Olmedo Vidal: su cita en la notaría es el "
        "jueves a las 10:30 y tiene que traer el DNI original.",
        [("person_name", "Beatriz Olmedo Vidal")],
        lang="es",
    ),
    Row(
        "El Sr. Ignacio Pereyra Quiroga me pidió el borrador del contrato. ¿Me escribes un correo breve "
        "para enviárselo? Su correo es ipereyra@estudiopq.com.ar",
        [("person_name", "Ignacio Pereyra Quiroga"), ("email", "ipereyra@estudiopq.com.ar")],
        lang="es",
    ),
    Row(
        "Peux-tu écrire un petit mot de remerciement à Mme Nathalie Girardot, ma voisine du dessous, qui "
        "a gardé mon chat pendant deux semaines ?",
        [("person_name", "Nathalie Girardot")],
        lang="fr",
    ),
    Row(
        "Draft an email to Prof. Adebayo Ogunleye asking if I can join his lab as a PhD student next "
        "session. I'm Temitope Adeyemi, final-year BSc, my email is temi.adeyemi@student.unilag.edu.ng",
        [
            ("person_name", "Adebayo Ogunleye"),
            ("person_name", "Temitope Adeyemi"),
            ("email", "temi.adeyemi@student.unilag.edu.ng"),
        ],
    ),
    Row(
        "Bitte formuliere das höflicher: 'Herr Brandstätter, Sie haben meine Rechnung vom Oktober immer "
        "noch nicht bezahlt, das ist jetzt die dritte Mahnung.'",
        [("person_name", "Brandstätter")],
        lang="de",
    ),
    Row(
        "hey its marco rinaldi again lol. can u turn this into a proper whatsapp status: 'new number, "
        "save it: +39 333 701 5528'",
        [("person_name", "marco rinaldi"), ("phone", "+39 333 701 5528")],
    ),
    Row(
        "Write a warm reference letter for my former employee Ciarán Ó Briain. He worked as a barista "
        "for two years, was always on time, and trained new staff. Mention he's applying for a "
        "supervisor role.",
        [("person_name", "Ciarán Ó Briain")],
    ),
    Row(
        "My colleague Youssef El-Amrani is relocating to our Dubai office next month. Draft a short "
        "farewell message from the whole team, light and funny, mention his love of terrible puns.",
        [("person_name", "Youssef El-Amrani")],
    ),
    Row(
        "Can you forward-proof this? I want invoices to go to owen.pritchard@eu.harrowfield-joinery.co.uk "
        "instead of my old address. Write the email to our supplier, signed Owen Pritchard.",
        [("email", "owen.pritchard@eu.harrowfield-joinery.co.uk"), ("person_name", "Owen Pritchard")],
    ),
    Row(
        "Is it safe to sign up to shops with lena.brauer+shops@gmail.com so I can filter the spam later? "
        "Or do sites strip the plus part?",
        [("email", "lena.brauer+shops@gmail.com")],
    ),
    Row(
        "Kannst du mir ein kurzes Anschreiben für eine Bewerbung als Pflegehelfer schreiben? Meine "
        "Daten: Emre Yıldız, geboren am 7. Juli 1996 in Duisburg, Hochfelder Str. 23, 47053 Duisburg, "
        "Tel. 0203 48817290",
        [
            ("person_name", "Emre Yıldız"),
            ("date_of_birth", "7. Juli 1996"),
            ("postal_address", "Hochfelder Str. 23, 47053 Duisburg"),
            ("phone", "0203 48817290"),
        ],
        lang="de",
    ),
    Row(
        "how many days old am I? born 14.03.1988",
        [("date_of_birth", "14.03.1988")],
    ),
    Row(
        "I need a toast for my sister's 30th. Her name is Rosalind, she was born March 14th, 1995, loves "
        "rock climbing and once got lost in IKEA for three hours.",
        [("person_name", "Rosalind"), ("date_of_birth", "March 14th, 1995")],
    ),
    Row(
        "The bank's online form keeps saying my date of birth is invalid. I'm typing 1979-12-01 but it "
        "shows DD/MM/YYYY as the hint. Which should it be?",
        [("date_of_birth", "1979-12-01")],
    ),
    Row(
        "Write me a short bio for the conference site: Dr. Ngozi Abubakar, born 11 Nov 1981 in Kano, "
        "epidemiologist, previously at the Nigeria CDC, now leads a data team in Geneva.",
        [("person_name", "Ngozi Abubakar"), ("date_of_birth", "11 Nov 1981")],
    ),
    Row(
        "Convert this record to YAML:\n"
        "Employee: Hendrik de Vries | d.o.b. 6/30/72 | Hire date 2015-04-01 | Ext. 4417 | "
        "Mobile +31 6 28471936",
        [("person_name", "Hendrik de Vries"), ("date_of_birth", "6/30/72"), ("phone", "+31 6 28471936")],
    ),
    Row(
        "Correggi gli errori: 'Io sottoscritta Chiara Lombardo, nata il 15/04/1990 a Bari e residente in "
        "Corso Vittorio Emanuele II 118, 70122 Bari, dichiaro...'",
        [
            ("person_name", "Chiara Lombardo"),
            ("date_of_birth", "15/04/1990"),
            ("postal_address", "Corso Vittorio Emanuele II 118, 70122 Bari"),
        ],
        lang="it",
    ),
    Row(
        "Traduce al inglés para el consulado: 'Nombre completo: Diego Armando Salcedo Ibáñez, fecha de "
        "nacimiento 02-08-1987, lugar de nacimiento Guadalajara, Jalisco.'",
        [("person_name", "Diego Armando Salcedo Ibáñez"), ("date_of_birth", "02-08-1987")],
        lang="es",
    ),
    Row(
        "Vul dit formulier in het Engels in: naam Femke Jansen, geboortedatum 19-06-1994, adres "
        "Oudegracht 211 bis, 3511 NH Utrecht.",
        [
            ("person_name", "Femke Jansen"),
            ("date_of_birth", "19-06-1994"),
            ("postal_address", "Oudegracht 211 bis, 3511 NH Utrecht"),
        ],
        lang="nl",
    ),
    Row(
        "Date of Birth: 22 Jan 2003\nName: Aarav Malhotra\nCourse: BSc Computer Science\n\n"
        "Is this enough for the student discount form or do I need my address too?",
        [("date_of_birth", "22 Jan 2003"), ("person_name", "Aarav Malhotra")],
    ),
    Row(
        "the pharmacy app wants my DOB as MMDDYYYY with no slashes. mine is Sept 5 1969. what do i type",
        [("date_of_birth", "Sept 5 1969")],
    ),
    Row(
        "Write an Instagram caption for my twins' birthday! Zara and Kofi, born 2019-10-27, turning six "
        "today, dinosaur party, chaos everywhere.",
        [("person_name", "Zara"), ("person_name", "Kofi"), ("date_of_birth", "2019-10-27")],
    ),
    Row(
        "SQL question: this insert fails with 'date/time field value out of range', why?\n\n"
        "```sql\nINSERT INTO patients (full_name, dob, phone)\n"
        "VALUES ('Rahul Venkataraman', '31/07/1958', '+91 94433 25810');\n```",
        [
            ("person_name", "Rahul Venkataraman"),
            ("date_of_birth", "31/07/1958"),
            ("phone", "+91 94433 25810"),
        ],
    ),
    Row(
        "Wpisz mi to do CV po angielsku: Imię i nazwisko: Krzysztof Zieliński, data urodzenia: "
        "3 października 1990, tel. +48 601 274 385, e-mail: kzielinski@o2.pl",
        [
            ("person_name", "Krzysztof Zieliński"),
            ("date_of_birth", "3 października 1990"),
            ("phone", "+48 601 274 385"),
            ("email", "kzielinski@o2.pl"),
        ],
        lang="pl",
    ),
    Row(
        "My mum was born on the 9th of February 1961 and she keeps forgetting how old she is when "
        "filling in forms. Make me a tiny cheat-sheet card for her wallet.",
        [("date_of_birth", "9th of February 1961")],
    ),
    Row(
        "Form field DOB (mm/dd/yyyy): 10/04/2001 — the validator rejects it because my regex is "
        "^\\d{2}-\\d{2}-\\d{4}$, how do I accept slashes?",
        [("date_of_birth", "10/04/2001")],
    ),
    Row(
        "Ecris un message pour le groupe WhatsApp de la famille : c'est l'anniversaire de mamie Odette, "
        "née le 28 décembre 1939, on fait la fête chez moi samedi.",
        [("person_name", "Odette"), ("date_of_birth", "28 décembre 1939")],
        lang="fr",
    ),
    Row(
        "Photo EXIF dump from the picture I posted of my garden:\nGPSLatitude: 53.4794\nGPSLongitude: "
        "-2.2453\nMake: Apple\nModel: iPhone 13\n\nDoes this reveal where I live? How do I strip it?",
        [("location", "53.4794"), ("location", "-2.2453")],
    ),
    Row(
        "My elderly father wandered off again. The tracker says N 52.3702 E 4.8952, can you tell me "
        "which street that is near? His name is Pieter if I need to ask around.",
        [("location", "N 52.3702 E 4.8952"), ("person_name", "Pieter")],
    ),
    Row(
        "Dropping a pin for the party at my place tomorrow: https://maps.google.com/?q=-33.8915,151.2767 "
        "— gate code is on the group chat. Rewrite this invite so it sounds less boring.",
        [("location", "-33.8915,151.2767")],
    ),
    Row(
        "our family cabin: 61.1150° N, 10.4662° E. write directions for my cousins driving from Oslo, "
        "they've never been",
        [("location", "61.1150° N, 10.4662° E")],
    ),
    Row(
        "Ich habe diese Position von meiner Tochter Lena bekommen: 48.1372, 11.5756. Ist das noch in "
        "der Nähe vom Marienplatz? Sie geht nicht ans Handy.",
        [("person_name", "Lena"), ("location", "48.1372, 11.5756")],
        lang="de",
    ),
    Row(
        "Peux-tu m'aider ? Ma mère habite à 45.7640, 4.8357 et je veux savoir quelle pharmacie de garde "
        "est la plus proche de chez elle ce dimanche.",
        [("location", "45.7640, 4.8357")],
        lang="fr",
    ),
    Row(
        "Debug this please, the map marker for the user's home never shows up:\n\n"
        "```js\nconst home = { owner: 'Samira Haddad', lat: '33.8938', lng: '35.5018' };\n"
        "new google.maps.Marker({ position: home, map });\n```",
        [("person_name", "Samira Haddad"), ("location", "33.8938"), ("location", "35.5018")],
    ),
    Row(
        "I found my ex's location in an old Find My export: 37.7793,-122.4193. Is it creepy to send "
        "her a letter there? Honestly asking.",
        [("location", "37.7793,-122.4193")],
    ),
    Row(
        "The KML my running watch exported only has one placemark and it's my front door: "
        "<coordinates>-73.9851,40.7589,0</coordinates>. How do I delete that point before sharing?",
        [("location", "-73.9851,40.7589")],
    ),
    Row(
        "Where I'm staying this week: 13°44'47.6\"N 100°30'58.3\"E. Write a message to my landlady "
        "Khun Suda saying I'll be 2 hours late with the key.",
        [("location", "13°44'47.6\"N 100°30'58.3\"E"), ("person_name", "Suda")],
    ),
    Row(
        "whatsapp live location from my daughter says 19.0760, 72.8777 but she told me she was at "
        "college in Pune?? help me write a calm message asking her, her name is Ishita",
        [("location", "19.0760, 72.8777"), ("person_name", "Ishita")],
    ),
    Row(
        "Convert these two points to a distance in km — one is my house (-37.8136, 144.9631) and the "
        "other is my office (-37.8183, 144.9671). Walking or tram?",
        [("location", "-37.8136, 144.9631"), ("location", "-37.8183, 144.9671")],
    ),
    Row(
        "Writing a missing-pet poster. Last seen near our house, GPS 43.6532 N, 79.3832 W. Cat's name "
        "is Biscuit, call Joanne on (647) 382-1190.",
        [("location", "43.6532 N, 79.3832 W"), ("person_name", "Joanne"), ("phone", "(647) 382-1190")],
    ),
    Row(
        "私の自宅の位置情報（35.0116, 135.7681）がアプリで公開されているようです。非公開にする方法を教えてください。",
        [("location", "35.0116, 135.7681")],
        lang="ja",
    ),
    Row(
        "Review this dataclass instance from our delivery app tests, it has a real-looking customer in it:\n"
        "Customer(name='Owusu Boateng', phone='+233 24 418 7753', drop_lat=5.6037, drop_lng=-0.1870, "
        "address='House 12, Osu Badu Street, Dzorwulu, Accra')",
        [
            ("person_name", "Owusu Boateng"),
            ("phone", "+233 24 418 7753"),
            ("location", "5.6037"),
            ("location", "-0.1870"),
            ("postal_address", "House 12, Osu Badu Street, Dzorwulu, Accra"),
        ],
    ),
    Row(
        "Mi hermano Tomás me mandó su ubicación: 19.4326, -99.1332. ¿Está cerca del metro Zócalo? "
        "Voy a recogerlo.",
        [("person_name", "Tomás"), ("location", "19.4326, -99.1332")],
        lang="es",
    ),
    Row(
        "Can you turn this into a nice wedding invitation? Ceremony at our home, 1147 Birchwood Lane, "
        "Boulder, CO 80304 (if your GPS gets confused use 40.0274, -105.2519). RSVP to Hailey on "
        "(720) 384-2297 or hailey.and.sam@icloud.com.",
        [
            ("postal_address", "1147 Birchwood Lane, Boulder, CO 80304"),
            ("location", "40.0274, -105.2519"),
            ("person_name", "Hailey"),
            ("phone", "(720) 384-2297"),
            ("email", "hailey.and.sam@icloud.com"),
        ],
    ),
    Row(
        "Meine Oma ist ins Heim umgezogen. Neue Adresse:\nGerda Thalmann\nc/o Seniorenresidenz Lindenhof\n"
        "Am Mühlbach 4, Zimmer 112\n79098 Freiburg im Breisgau\n\nSchreib bitte eine Karte für sie.",
        [
            ("person_name", "Gerda Thalmann"),
            (
                "postal_address",
                "c/o Seniorenresidenz Lindenhof\nAm Mühlbach 4, Zimmer 112\n79098 Freiburg im Breisgau",
            ),
        ],
        lang="de",
    ),
    Row(
        "Format for the customs declaration: sender is Ashok Pillai, PO Box 4417, Kochi 682011, Kerala, "
        "India, phone +91 484 238 5514.",
        [
            ("person_name", "Ashok Pillai"),
            ("postal_address", "PO Box 4417, Kochi 682011, Kerala, India"),
            ("phone", "+91 484 238 5514"),
        ],
    ),
    Row(
        "Please put this into a proper UK address format, the courier website keeps failing:\n"
        "flat 2 19 st michaels rd bristol bs2 8dy",
        [("postal_address", "flat 2 19 st michaels rd bristol bs2 8dy")],
    ),
    Row(
        'Why is this JSON invalid?\n{\n  "recipient": "Zoë Hargreaves",\n'
        '  "address": "Apartment 6, 41 Marine Parade, Brighton BN2 1TL, United Kingdom"\n'
        '  "phone": "+44 7384 219 556"\n}',
        [
            ("person_name", "Zoë Hargreaves"),
            ("postal_address", "Apartment 6, 41 Marine Parade, Brighton BN2 1TL, United Kingdom"),
            ("phone", "+44 7384 219 556"),
        ],
    ),
    Row(
        "Écris une lettre de résiliation de mon abonnement internet. Mes coordonnées :\n"
        "Mme Élodie Marchand-Rousseau\nRésidence Les Tilleuls, Bât. C, Appt 24\n17 boulevard Gambetta\n"
        "38000 Grenoble\nTél. : 04 76 82 19 45",
        [
            ("person_name", "Élodie Marchand-Rousseau"),
            (
                "postal_address",
                "Résidence Les Tilleuls, Bât. C, Appt 24\n17 boulevard Gambetta\n38000 Grenoble",
            ),
            ("phone", "04 76 82 19 45"),
        ],
        lang="fr",
    ),
    Row(
        "Split this address column into street, city, state, zip in pandas:\n\n"
        "```\nid,customer,address\n"
        '1041,Tyrone Gaines,"8812 W Fairmount Ave, Milwaukee, WI 53222"\n'
        '1042,Ana Lúcia Prado,"455 NE 27th St Unit 9, Miami, FL 33137"\n'
        '1043,Wojciech Nowak,"PO Box 2231, Rapid City, SD 57709"\n```',
        [
            ("person_name", "Tyrone Gaines"),
            ("postal_address", "8812 W Fairmount Ave, Milwaukee, WI 53222"),
            ("person_name", "Ana Lúcia Prado"),
            ("postal_address", "455 NE 27th St Unit 9, Miami, FL 33137"),
            ("person_name", "Wojciech Nowak"),
            ("postal_address", "PO Box 2231, Rapid City, SD 57709"),
        ],
    ),
    Row(
        "Ayúdame a escribir a la comunidad de vecinos: soy Montserrat Puig i Ferrer, vivo en "
        "Carrer de Provença 287, 4t 2a, 08037 Barcelona, y hay una gotera en el rellano desde hace un mes.",
        [
            ("person_name", "Montserrat Puig i Ferrer"),
            ("postal_address", "Carrer de Provença 287, 4t 2a, 08037 Barcelona"),
        ],
        lang="es",
    ),
    Row(
        "My Amazon orders keep going to the wrong unit. Current saved address is 2/45 Bondi Road, "
        "Bondi NSW 2026 and it should be 12/45. Can you write the message to support? I'm Brodie "
        "McAllister, mobile 0438 617 205.",
        [
            ("postal_address", "2/45 Bondi Road, Bondi NSW 2026"),
            ("person_name", "Brodie McAllister"),
            ("phone", "0438 617 205"),
        ],
    ),
    Row(
        "Translate this address into Japanese order for my friend's wedding gift:\n"
        "Ms Haruka Ito, 2-14-3 Kichijoji Honcho, Apt 501, Musashino-shi, Tokyo 180-0004",
        [
            ("person_name", "Haruka Ito"),
            ("postal_address", "2-14-3 Kichijoji Honcho, Apt 501, Musashino-shi, Tokyo 180-0004"),
        ],
    ),
    Row(
        "Our Django fixture has this and the test for address normalisation fails. Expected output "
        "should uppercase the postcode.\n\n"
        '```python\nMember.objects.create(\n    name="Gareth Pryce-Jones",\n'
        '    address_line1="Ty Newydd, 3 Heol y Bont",\n    address_line2="Llandeilo SA19 6BH",\n'
        '    email="gpryce.jones@btinternet.com",\n)\n```',
        [
            ("person_name", "Gareth Pryce-Jones"),
            ("postal_address", "Ty Newydd, 3 Heol y Bont"),
            ("postal_address", "Llandeilo SA19 6BH"),
            ("email", "gpryce.jones@btinternet.com"),
        ],
    ),
    Row(
        "Scrivimi un'etichetta per la spedizione:\nDestinatario: Sig. Lorenzo Gatti\n"
        "Via dei Mille 22, scala B, int. 9\n80121 Napoli (NA)\nTel. +39 081 764 2281",
        [
            ("person_name", "Lorenzo Gatti"),
            ("postal_address", "Via dei Mille 22, scala B, int. 9\n80121 Napoli (NA)"),
            ("phone", "+39 081 764 2281"),
        ],
        lang="it",
    ),
    Row(
        "My aunt's address for the Diwali parcel is: C-204, Green Meadows Society, Sector 47, Gurugram, "
        "Haryana 122018. Her name is Sunita Bhatia. What's the cheapest courier from Bangalore?",
        [
            ("postal_address", "C-204, Green Meadows Society, Sector 47, Gurugram, Haryana 122018"),
            ("person_name", "Sunita Bhatia"),
        ],
    ),
    Row(
        "Please proofread my return address for the visa application:\n"
        "Mohammed Al-Sayed\n4610 Rue Saint-Denis, app. 3\nMontréal (Québec) H2J 2L3\nCanada",
        [
            ("person_name", "Mohammed Al-Sayed"),
            ("postal_address", "4610 Rue Saint-Denis, app. 3\nMontréal (Québec) H2J 2L3\nCanada"),
        ],
    ),
    Row(
        "Wie schreibe ich die Adresse richtig auf den Umschlag? Empfänger ist mein Steuerberater: "
        "Herr Dr. Wolfgang Ebner, Maximilianstraße 12, 5. Stock, 80539 München",
        [
            ("person_name", "Wolfgang Ebner"),
            ("postal_address", "Maximilianstraße 12, 5. Stock, 80539 München"),
        ],
        lang="de",
    ),
    Row(
        "hi i moved!! new address is 38 Kingsley Avenue, Apt 2R, Bronx NY 10463. can you make a cute "
        "text to send to all my friends w the new address, i'm kayla btw",
        [("postal_address", "38 Kingsley Avenue, Apt 2R, Bronx NY 10463"), ("person_name", "kayla")],
    ),
    Row(
        "Shipping form (please fix capitalization):\nName: lin meihua\nAddress: 88 jiefang road, "
        "building 3 unit 1202, hangzhou, zhejiang 310009, china\nTel: +86 139 5718 2046",
        [
            ("person_name", "lin meihua"),
            ("postal_address", "88 jiefang road, building 3 unit 1202, hangzhou, zhejiang 310009, china"),
            ("phone", "+86 139 5718 2046"),
        ],
    ),
    Row(
        "Schrijf een korte klacht aan PostNL: mijn pakket is afgeleverd op Van der Helststraat 44-2, "
        "1072 NX Amsterdam, maar ik woon op nummer 44-3. Ik ben Thijs Bakker, 06 29384715.",
        [
            ("postal_address", "Van der Helststraat 44-2, 1072 NX Amsterdam"),
            ("person_name", "Thijs Bakker"),
            ("phone", "06 29384715"),
        ],
        lang="nl",
    ),
    Row(
        "Draft an eviction-notice response letter. Tenant: Shanice Wallace, 702 Crescent Street, Unit "
        "11, Baltimore, MD 21217. She has paid every month and has receipts.",
        [
            ("person_name", "Shanice Wallace"),
            ("postal_address", "702 Crescent Street, Unit 11, Baltimore, MD 21217"),
        ],
    ),
    Row(
        "Need a formal complaint to the estate agent. Property: Flat 14, Windsor Court, 221 Lordship "
        "Lane, London SE22 8HA. The boiler's been broken since 3 November. From: Amara Osei-Bonsu, "
        "amara.osei.bonsu@gmail.com, 07700 318462",
        [
            ("postal_address", "Flat 14, Windsor Court, 221 Lordship Lane, London SE22 8HA"),
            ("person_name", "Amara Osei-Bonsu"),
            ("email", "amara.osei.bonsu@gmail.com"),
            ("phone", "07700 318462"),
        ],
    ),
    Row(
        "配送先を英語で書き直して：〒530-0012 大阪府大阪市北区芝田2丁目8-11 梅田レジデンス1405 鈴木 理沙 様 "
        "電話 06-6372-4418",
        [
            ("postal_address", "〒530-0012 大阪府大阪市北区芝田2丁目8-11 梅田レジデンス1405"),
            ("person_name", "鈴木 理沙"),
            ("phone", "06-6372-4418"),
        ],
        lang="ja",
    ),
    Row(
        "Write the 'about me' section for my Airbnb host profile. I'm Ines Duarte Sequeira, I host "
        "from my flat at Rua dos Fanqueiros 128, 3º Esq., 1100-232 Lisboa, Portugal, and I love "
        "recommending tascas.",
        [
            ("person_name", "Ines Duarte Sequeira"),
            ("postal_address", "Rua dos Fanqueiros 128, 3º Esq., 1100-232 Lisboa, Portugal"),
        ],
    ),
    Row(
        "Stuur een WhatsApp naar mijn collega Joost: 'Ik sta op de parkeerplaats, grijze Golf met "
        "kenteken S-482-RT, bel me op 06 51738204 als je eruit bent.'",
        [("person_name", "Joost"), ("license_plate", "S-482-RT"), ("phone", "06 51738204")],
        lang="nl",
    ),
    Row(
        "Für die Anmeldung beim Parkhaus brauche ich ein Formular-Text: Name Florian Reichenbach, "
        "Kennzeichen HH-JT 208, E-Mail florian.reichenbach@gmx.de",
        [
            ("person_name", "Florian Reichenbach"),
            ("license_plate", "HH-JT 208"),
            ("email", "florian.reichenbach@gmx.de"),
        ],
        lang="de",
    ),
    Row(
        "Our office parking sheet is a mess, please turn it into a clean table:\n"
        "priya s - KA 05 MN 7731 - ext 2231\n"
        "dev raghunathan - KA 03 HB 1092 - ext 2240\n"
        "Carlos Méndez — KA 51 Z 4468 — ext 2207",
        [
            ("person_name", "priya s"),
            ("license_plate", "KA 05 MN 7731"),
            ("person_name", "dev raghunathan"),
            ("license_plate", "KA 03 HB 1092"),
            ("person_name", "Carlos Méndez"),
            ("license_plate", "KA 51 Z 4468"),
        ],
    ),
    Row(
        "Someone clipped my wing mirror and drove off. I got the plate from the dashcam: WP21 HKL. "
        "What do I put in the police online form? My name's Gemma Thornbury.",
        [("license_plate", "WP21 HKL"), ("person_name", "Gemma Thornbury")],
    ),
    Row(
        "Write a listing for selling my car: 2017 Skoda Octavia estate, 92k miles, full service history, "
        "reg BF17 MRO, £6,800 ono. Call Nadia on 07865 204913.",
        [("license_plate", "BF17 MRO"), ("person_name", "Nadia"), ("phone", "07865 204913")],
    ),
    Row(
        "Rédige un message à mon assurance : mon véhicule immatriculé GH 318 LP a été vandalisé cette "
        "nuit devant chez moi, 22 rue Paul Bert, 35000 Rennes. Numéro de contrat en pièce jointe.",
        [("license_plate", "GH 318 LP"), ("postal_address", "22 rue Paul Bert, 35000 Rennes")],
        lang="fr",
    ),
    Row(
        "The toll company says my plate 6HBK203 (California) crossed twice in one minute — they billed me twice "
        "for the Golden Gate. Draft a dispute email from Erin Caldwell, erin.caldwell@sbcglobal.net.",
        [
            ("license_plate", "6HBK203"),
            ("person_name", "Erin Caldwell"),
            ("email", "erin.caldwell@sbcglobal.net"),
        ],
    ),
    Row(
        "Una vecina me bloquea la salida del garaje todos los días con su Seat Ibiza, matrícula 2958 JFX. "
        "Redacta una nota educada para dejarle en el parabrisas.",
        [("license_plate", "2958 JFX")],
        lang="es",
    ),
    Row(
        "Florida DMV renewal: my plate is QRP K47 and my name is Dwayne Ellison-Whitaker. Which form do "
        "I fill if I moved counties?",
        [("license_plate", "QRP K47"), ("person_name", "Dwayne Ellison-Whitaker")],
    ),
    Row(
        "Ho trovato un graffio sulla mia Panda (targa EX 204 TR) nel parcheggio dell'ufficio. Scrivi una "
        "mail al facility manager, firmata Alessandra Conti, alessandra.conti@libero.it",
        [
            ("license_plate", "EX 204 TR"),
            ("person_name", "Alessandra Conti"),
            ("email", "alessandra.conti@libero.it"),
        ],
        lang="it",
    ),
    Row(
        "My brother-in-law Tunde lent me his car for the week (Lagos plate KJA 482 GH). If I get stopped, "
        "what documents should I have? He said to call him on 0809 441 3260 if anything happens.",
        [("person_name", "Tunde"), ("license_plate", "KJA 482 GH"), ("phone", "0809 441 3260")],
    ),
    Row(
        "Here's the WhatsApp my landlord sent me, help me reply firmly:\n\n"
        "[14:02] Mr Haddington: the gas man comes tues, be in\n"
        "[14:03] Mr Haddington: or leave keys with Mrs Kaur at no. 12\n\n"
        "I work Tuesdays. Sign it Chloe.",
        [("person_name", "Haddington"), ("person_name", "Kaur"), ("person_name", "Chloe")],
    ),
    Row(
        "Please tidy up this email signature, it's too long:\n\n--\nNguyen Minh Khoa | Backend Engineer\n"
        "Tầng 7, 45 Nguyễn Thị Minh Khai, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh\n"
        "M: +84 912 384 725 | khoa.nguyen@saigontech.vn | Skype: khoa.nm",
        [
            ("person_name", "Nguyen Minh Khoa"),
            ("postal_address", "Tầng 7, 45 Nguyễn Thị Minh Khai, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"),
            ("phone", "+84 912 384 725"),
            ("email", "khoa.nguyen@saigontech.vn"),
        ],
    ),
    Row(
        "Can you write a friendly reminder to the parents in my daughter's class? It's from me, Rebecca, "
        "the class rep. Replies to rebecca.lindgren@me.com or text 0733-482 915 (Swedish number, I'm "
        "away till the 20th).",
        [("person_name", "Rebecca"), ("email", "rebecca.lindgren@me.com"), ("phone", "0733-482 915")],
    ),
    Row(
        "call transcript to summarise:\nAgent: thanks for calling, who am I speaking with?\n"
        "Caller: it's Bartholomew Nkemelu\nAgent: and best number?\nCaller: 214 873 0562, that's a cell\n"
        "Agent: address on file?\nCaller: 5901 Ross Avenue #1408, Dallas TX 75206",
        [
            ("person_name", "Bartholomew Nkemelu"),
            ("phone", "214 873 0562"),
            ("postal_address", "5901 Ross Avenue #1408, Dallas TX 75206"),
        ],
    ),
    Row(
        'Our intake bot logs this, is it GDPR-ok to keep? "user said: my name is Ha-eun Park and you '
        'can call me on 010-4827-3391"',
        [("person_name", "Ha-eun Park"), ("phone", "010-4827-3391")],
    ),
    Row(
        "Make this voicemail greeting sound friendlier: 'You've reached Dr. Imogen Blackwood. Leave a "
        "message or call my office on +1 (617) 942-3018 ext. 214.'",
        [("person_name", "Imogen Blackwood"), ("phone", "+1 (617) 942-3018 ext. 214")],
    ),
    Row(
        "Reply to this recruiter for me, say I'm interested but only remote. My details: Sebastián "
        "Herrera Múnera, sebastian.herrera.m@outlook.es, WhatsApp +57 310 482 7716.",
        [
            ("person_name", "Sebastián Herrera Múnera"),
            ("email", "sebastian.herrera.m@outlook.es"),
            ("phone", "+57 310 482 7716"),
        ],
    ),
    Row(
        "Ich schreibe meinem Vermieter, dass die Heizung kaputt ist. Füg bitte am Ende ein: "
        "Erreichbar unter +49 30 27584613 oder lisa.kaufmann@t-online.de. Danke, Lisa Kaufmann",
        [
            ("phone", "+49 30 27584613"),
            ("email", "lisa.kaufmann@t-online.de"),
            ("person_name", "Lisa Kaufmann"),
        ],
        lang="de",
    ),
    Row(
        "Est-ce que tu peux mettre ce numéro au format international pour mon profil ? 07 83 41 29 60. "
        "C'est mon portable perso.",
        [("phone", "07 83 41 29 60")],
        lang="fr",
    ),
    Row(
        "Write the contact section of my freelance site. Name: Oskar Lindqvist-Haug. Email: "
        "hello@oskarlh.no. Phone: +47 924 18 376. Based in Bergen.",
        [("person_name", "Oskar Lindqvist-Haug"), ("email", "hello@oskarlh.no"), ("phone", "+47 924 18 376")],
    ),
    Row(
        "Help me answer this tenant screening form honestly. Previous landlord: Mr. Desmond Achterberg, "
        "(503) 286-4471. Current employer: Pinecrest Dental, front desk manager role since 2021.",
        [("person_name", "Desmond Achterberg"), ("phone", "(503) 286-4471")],
    ),
    Row(
        "The phone regex in our signup form rejects my number '+353 87 219 4483'. Here it is: "
        "`^\\+?\\d{10,12}$`. How do I allow spaces?",
        [("phone", "+353 87 219 4483")],
    ),
    Row(
        "Write a WhatsApp to the school group: 'Hi all, Ayesha here (Zain's mum). For the bake sale "
        "drop-off text me on 0321 4782915 or wa.me/923214782915.'",
        [
            ("person_name", "Ayesha"),
            ("person_name", "Zain"),
            ("phone", "0321 4782915"),
            ("phone", "923214782915"),
        ],
    ),
    Row(
        "Tradução para inglês por favor: 'Pode entregar na portaria, meu nome é Beatriz Cunha e meu "
        "telefone é (21) 99731-4408.'",
        [("person_name", "Beatriz Cunha"), ("phone", "(21) 99731-4408")],
        lang="pt",
    ),
    Row(
        "The onboarding script crashes when I add myself as a user:\n\n"
        '```bash\n./add_user.sh --name "Kaveh Rostami" --email kaveh_rostami@fastmail.fm '
        "--phone +1-646-718-3329\n```\n\n"
        "error: unexpected argument '+1-646-718-3329'",
        [
            ("person_name", "Kaveh Rostami"),
            ("email", "kaveh_rostami@fastmail.fm"),
            ("phone", "+1-646-718-3329"),
        ],
    ),
    Row(
        "Write me a thank-you note to my neighbour Mrs Abernethy for watering my plants. Also my "
        "daughter Eloise drew her a picture, mention that.",
        [("person_name", "Abernethy"), ("person_name", "Eloise")],
    ),
    Row(
        "Clean this up into a proper CV header:\n\nMUHAMMAD ZUBAIR QURESHI\nHouse 17, Street 9, F-7/2, "
        "Islamabad 44000\nzubair.qureshi(at)gmail.com // +92 300 518 2274",
        [
            ("person_name", "MUHAMMAD ZUBAIR QURESHI"),
            ("postal_address", "House 17, Street 9, F-7/2, Islamabad 44000"),
            ("email", "zubair.qureshi(at)gmail.com"),
            ("phone", "+92 300 518 2274"),
        ],
        variant="obf",
    ),
    Row(
        "i'm sofia and my email is sofi.ricci AT hotmail DOT it, can u write my out of office reply? back "
        "on the 6th",
        [("person_name", "sofia"), ("email", "sofi.ricci AT hotmail DOT it")],
        variant="obf",
    ),
    Row(
        "Put this in my contact card format (vCard 3.0):\nDr. Anneke Verhoeven\nanneke.verhoeven@umcutrecht.nl\n"
        "+31 30 250 7814\nHeidelberglaan 8, 3584 CS Utrecht",
        [
            ("person_name", "Anneke Verhoeven"),
            ("email", "anneke.verhoeven@umcutrecht.nl"),
            ("phone", "+31 30 250 7814"),
            ("postal_address", "Heidelberglaan 8, 3584 CS Utrecht"),
        ],
    ),
    Row(
        "When I paste my email into this form it says invalid: ｍｉｋａ．ｓａｔｏ＠ｇｍａｉｌ．ｃｏｍ — "
        "I think my keyboard was in full-width mode? Please convert it. (Mika Sato)",
        [("email", "ｍｉｋａ．ｓａｔｏ＠ｇｍａｉｌ．ｃｏｍ"), ("person_name", "Mika Sato")],
        variant="fullwidth",
    ),
    Row(
        "Forward this to IT: 'Hi, I'm locked out. Name: Giorgos Antoniadis, staff email "
        "g.antoniadis@mail.auth.gr, desk phone 2310 998 417. Thanks!'",
        [
            ("person_name", "Giorgos Antoniadis"),
            ("email", "g.antoniadis@mail.auth.gr"),
            ("phone", "2310 998 417"),
        ],
    ),
    Row(
        "Ajuda-me a escrever um email ao senhorio. Sou o Duarte Pinheiro, o meu email é "
        "duarte.pinheiro@sapo.pt e o contacto é 912 447 308.",
        [("person_name", "Duarte Pinheiro"), ("email", "duarte.pinheiro@sapo.pt"), ("phone", "912 447 308")],
        lang="pt",
    ),
    Row(
        "Need a reply to this Slack message from my manager Bronwyn: 'can you send your updated details "
        "for payroll?'. My details: Tobias Achebe-Lindgren, toby.achebe@pm.me, 0451 902 336, 17 Ferry "
        "Road, West End QLD 4101.",
        [
            ("person_name", "Bronwyn"),
            ("person_name", "Tobias Achebe-Lindgren"),
            ("email", "toby.achebe@pm.me"),
            ("phone", "0451 902 336"),
            ("postal_address", "17 Ferry Road, West End QLD 4101"),
        ],
    ),
    Row(
        "Reescribe este mensaje para que suene más profesional: 'ola soy valentina quispe mamani, mi "
        "correo es valeqm[at]gmail[dot]com y mi cel 987 614 253, nací el 4 de mayo de 1998'",
        [
            ("person_name", "valentina quispe mamani"),
            ("email", "valeqm[at]gmail[dot]com"),
            ("phone", "987 614 253"),
            ("date_of_birth", "4 de mayo de 1998"),
        ],
        lang="es",
        variant="obf",
    ),
    Row(
        "My son Olamide is applying to uni and the UCAS form wants his date of birth in "
        "DD/MM/YYYY — he was born 2007-01-23. Also what goes in 'fee code'?",
        [("person_name", "Olamide"), ("date_of_birth", "2007-01-23")],
    ),
    Row(
        "Translate this note for the babysitter into Spanish: 'Kids: Maya (6) and Felix (3). If anything "
        "happens call me, Jessica, on 07412 903318. We're at the restaurant until 10.'",
        [
            ("person_name", "Maya"),
            ("person_name", "Felix"),
            ("person_name", "Jessica"),
            ("phone", "07412 903318"),
        ],
    ),
    Row(
        "Help me complete the gym membership JSON for the API:\n"
        '{"member": {"first": "Thandiwe", "last": "Mokoena", "dob": "1993-08-30", '
        '"email": "thandi.mokoena@webmail.co.za", "mobile": "+27 82 417 6639"}}\n'
        "it says missing field 'plan'",
        [
            ("person_name", "Thandiwe"),
            ("person_name", "Mokoena"),
            ("date_of_birth", "1993-08-30"),
            ("email", "thandi.mokoena@webmail.co.za"),
            ("phone", "+27 82 417 6639"),
        ],
    ),
    Row(
        "It's my partner Jakub's birthday on 21/06 — he was born 21/06/1989 so he's turning what? And "
        "suggest a gift under €50.",
        [("person_name", "Jakub"), ("date_of_birth", "21/06/1989")],
    ),
    Row(
        "Passport renewal form, section 2: Surname HOLLOWAY, Given names PENELOPE JANE, Date of birth "
        "04 APR 1976, Place of birth NORWICH. Is 'PENELOPE JANE' right for given names if I use Penny?",
        [
            ("person_name", "HOLLOWAY"),
            ("person_name", "PENELOPE JANE"),
            ("date_of_birth", "04 APR 1976"),
            ("person_name", "Penny"),
        ],
    ),
    Row(
        "My teenage son shared his location with me through Apple Maps: "
        "https://maps.apple.com/?ll=34.0522,-118.2437&q=Dropped%20Pin — he says he's at Marcus's house "
        "studying. Write a casual text checking in without sounding like I'm spying.",
        [("location", "34.0522,-118.2437"), ("person_name", "Marcus")],
    ),
    Row(
        "Home Assistant config — is my zone right? I only want the automation when I'm actually home.\n\n"
        "```yaml\nhomeassistant:\n  name: Home\n  latitude: 47.6205\n  longitude: -122.3493\n"
        "  radius: 50\n```",
        [("location", "47.6205"), ("location", "-122.3493")],
    ),
    Row(
        "i'm camping this weekend with my girlfriend Noor, leaving our spot here in case: "
        "46°51'08\"N 121°45'37\"W. write a short 'if we're not back by sunday 6pm call the ranger' note "
        "for my roommate",
        [("person_name", "Noor"), ("location", "46°51'08\"N 121°45'37\"W")],
    ),
]

NEGATIVES = [
    Negative("When was Marie Curie born, and where did she grow up?", "public_figure"),
    Negative("How old was Abraham Lincoln when he was elected president?", "public_figure"),
    Negative(
        "Write a short summary of Chinua Achebe's novel Things Fall Apart for a 10th grade class.",
        "public_figure",
    ),
    Negative(
        "Who coached the Dutch national football team at the 1974 World Cup, Rinus Michels?", "public_figure"
    ),
    Negative(
        "Was Frida Kahlo born on 6 July 1907 or is that a myth she told? I read she claimed 1910.",
        "public_figure",
    ),
    Negative(
        "Compare the economic policies of Angela Merkel and Gerhard Schröder in three bullet points.",
        "public_figure",
    ),
    Negative("Explain why Srinivasa Ramanujan's taxicab number 1729 is interesting.", "public_figure"),
    Negative("Quel âge avait Victor Hugo quand il a publié Les Misérables ?", "public_figure"),
    Negative(
        "In Pride and Prejudice, why does Elizabeth Bennet turn down Mr. Darcy the first time?",
        "fictional_character",
    ),
    Negative(
        "Write fan fiction where Sherlock Holmes visits 221B Baker Street after it became a museum.",
        "fictional_character",
    ),
    Negative(
        "Give me a villain name for my D&D campaign, something like Lord Varek Ashborne.",
        "fictional_character",
    ),
    Negative(
        "In the novel, Captain Nemo's Nautilus sinks at what latitude? Just curious about the book.",
        "fictional_character",
    ),
    Negative(
        "What are the GPS coordinates of the Eiffel Tower? I need them for a geography quiz.",
        "landmark_coordinates",
    ),
    Negative(
        "Is Mount Everest's summit at 27.9881° N, 86.9250° E? My textbook says so.", "landmark_coordinates"
    ),
    Negative(
        "Explain the difference between WGS84 and a local datum using Greenwich (51.4779, -0.0015) as "
        "the example.",
        "landmark_coordinates",
    ),
    Negative(
        "Write a unit test that checks haversine(0.0, 0.0, 0.0, 1.0) is about 111.19 km.", "code_numbers"
    ),
    Negative(
        "In Leaflet, setView([51.505, -0.09], 13) is the default demo — what does the 13 mean?",
        "geo_docs_example",
    ),
    Negative(
        "Explain what the 17z part of a Google Maps URL means, like in @lat,lng,17z.", "location_generic"
    ),
    Negative("What's the address of the Louvre museum, and is it open on Tuesdays?", "landmark_address"),
    Negative(
        "Where is Apple's headquarters? I think it's One Apple Park Way in Cupertino.", "company_address"
    ),
    Negative(
        "The White House is at 1600 Pennsylvania Avenue NW — why was that site chosen in the 1790s?",
        "landmark_address",
    ),
    Negative(
        "For the demo, use the placeholder address 123 Fake Street, Springfield, USA — it's not real.",
        "placeholder_address",
    ),
    Negative(
        "Our form's sample text says 'e.g. 1 Example Road, Townsville, AB1 2CD' — can you suggest a "
        "better placeholder?",
        "placeholder_address",
    ),
    Negative(
        "Replace the real emails in this fixture with user1@example.com, user2@example.com, etc.",
        "placeholder_email",
    ),
    Negative(
        "The input field shows the hint name@example.org in grey. How do I change the hint colour in CSS?",
        "placeholder_email",
    ),
    Negative(
        "What does the `@` in `git clone git@github.com:org/repo.git` mean? Is it an email?", "code_numbers"
    ),
    Negative(
        "Email addresses like noreply@ and postmaster@ are role accounts — should we block them at signup?",
        "email_generic",
    ),
    Negative("How do I configure Postfix so mail to root is forwarded to the admin alias?", "email_generic"),
    Negative("Version 3.12.4 broke our build, while 3.12.3 was fine. What changed?", "version_number"),
    Negative("Upgrade from node 18.19.1 to 20.11.0 — any breaking changes in fs?", "version_number"),
    Negative("Kubernetes 1.29.2 vs 1.30.0: which deprecations should I watch for?", "version_number"),
    Negative("The iPhone 15 Pro Max and the Galaxy S24 Ultra — which has the better zoom?", "product_name"),
    Negative("Is the Honda Civic Type R worth it over the Golf GTI for a daily driver?", "product_name"),
    Negative("Should I buy the Dell XPS 13 or the Lenovo ThinkPad X1 Carbon for uni?", "product_name"),
    Negative("Our sprint deadline is 14.03.2025 — can you make a countdown banner?", "plain_date"),
    Negative(
        "The contract starts on 1 April 2026 and ends 31 March 2027. How many working days is that?",
        "plain_date",
    ),
    Negative("Python 3.8 reached end of life on 2024-10-07. Should I still support it?", "plain_date"),
    Negative("Remind me: the invoice dated 03/14/2024 is due in 30 days, what's the due date?", "plain_date"),
    Negative("What day of the week was 9 November 1989, when the Berlin Wall fell?", "historical_date"),
    Negative(
        "The Treaty of Versailles was signed on 28 June 1919 — summarize its main terms.", "historical_date"
    ),
    Negative("Mozart was born in 1756 in Salzburg. How many symphonies did he write?", "public_figure"),
    Negative(
        "My order number is 402-8817345-2290114 and it still hasn't shipped. Draft a polite chaser.",
        "order_id",
    ),
    Negative("Track parcel 1Z 999 AA1 01 2345 6784 — why is it stuck at the hub?", "tracking_number"),
    Negative("ISBN 978-0-306-40615-7 — is that a valid check digit?", "isbn"),
    Negative(
        "Our support ticket INC0042918 was closed without a reply. Reopen request wording?", "ticket_id"
    ),
    Negative("The SKU 4006381333931 keeps failing in the barcode scanner, is it EAN-13?", "product_code"),
    Negative("Call the conference line and enter meeting ID 845 2917 3306 followed by #.", "meeting_id"),
    Negative("Why does 0.1 + 0.2 equal 0.30000000000000004 in JavaScript?", "math"),
    Negative("Solve for x: 51.5x - 0.1276 = 12.7", "math"),
    Negative("Multiply 415 by 555 and then subtract 198.", "math"),
    Negative(
        "The meeting is at 14:30 CET, which is 08:30 in New York. Is that right with daylight saving?", "time"
    ),
    Negative("for i in range(1988, 2024, 4): print(i)  # why does this skip 2024?", "code_numbers"),
    Negative("What does `chmod 0755` do compared to `chmod 0644`?", "code_numbers"),
    Negative("My server listens on 0.0.0.0:8080 and nginx proxies 443 to it. Why a 502?", "port_config"),
    Negative(
        "UK number plates have two letters for the region, two numbers for the age identifier, then "
        "three random letters. How does the age identifier work?",
        "license_plate_generic",
    ),
    Negative(
        "What do the letters on German Kennzeichen mean, like M for München and B for Berlin?",
        "license_plate_generic",
    ),
    Negative(
        "Why do French plates since 2009 follow the AA-123-AA format instead of the department number?",
        "license_plate_generic",
    ),
    Negative("What font is used on Dutch license plates and why yellow?", "license_plate_generic"),
    Negative(
        "Spain's emergency number is 112 and the police is 091 — which should tourists call?",
        "emergency_number",
    ),
    Negative(
        "In the US, numbers from 555-0100 to 555-0199 are reserved for fiction. Why only those?",
        "phone_generic",
    ),
    Negative(
        "What's the format of Indian mobile numbers — do they always start with 6, 7, 8 or 9?",
        "phone_generic",
    ),
    Negative("Write a regex that matches E.164 phone numbers like +CCNNNNNNNN.", "phone_generic"),
    Negative("The Amazon customer service number for the UK — is it free to call?", "company_phone"),
    Negative(
        "Our company's main switchboard is on the website, but what's a good IVR menu structure?",
        "company_phone",
    ),
    Negative(
        "Latitude 0 is the equator and longitude 0 is Greenwich; explain why longitude lines converge.",
        "location_generic",
    ),
    Negative("How accurate is a coordinate with 4 decimal places, like 12.3456?", "location_generic"),
    Negative("The Golden Gate Bridge spans 2.7 km. How long did it take to build?", "landmark"),
    Negative("Plan a 3-day trip to Kyoto: Fushimi Inari, Kinkaku-ji, Arashiyama.", "place_names"),
    Negative("Is 10 Downing Street open to the public for tours?", "landmark_address"),
    Negative("What's the population of Hamburg compared to Munich?", "place_names"),
    Negative("Bitte erkläre den Unterschied zwischen Straße und Gasse in Straßennamen.", "address_generic"),
    Negative(
        "Comment écrire correctement une adresse postale française : numéro, voie, code postal, ville ?",
        "address_generic",
    ),
    Negative(
        "Victoria Street, Jackson Road, Washington Avenue — why are so many streets named after people?",
        "address_generic",
    ),
    Negative(
        "Translate 'date of birth' and 'place of birth' into German, French and Italian.", "dob_generic"
    ),
    Negative("Why do US forms use MM/DD/YYYY while Europe uses DD/MM/YYYY?", "dob_generic"),
    Negative("How many people share a birthday in a room of 23? Explain the birthday paradox.", "math"),
    Negative(
        "Rename variable `jordan` to `player_name` in this snippet: jordan = get_player(23)", "code_numbers"
    ),
    Negative("The Jordan River flows into the Dead Sea. How salty is it?", "place_names"),
    Negative("Grace Hopper popularised the term 'bug' — is that story true?", "public_figure"),
    Negative(
        "Summarize the plot of Harry Potter and the Goblet of Fire in 5 sentences.", "fictional_character"
    ),
    Negative("A hex color like #1A2B3C — how do I convert it to RGB?", "hex_color"),
    Negative(
        "Serial number SN-48213-9977-K on my router — where do I find the firmware version?", "serial_number"
    ),
    Negative(
        "Our API returns coordinates as [lng, lat] in GeoJSON, but Google uses (lat, lng). Which order "
        "is correct for a Point?",
        "location_generic",
    ),
    Negative(
        "Give me 10 fake names for a test dataset, clearly fictional, like 'Test User One'.",
        "placeholder_name",
    ),
    Negative("What's a good name for a golden retriever puppy? Something like Maple or Biscuit.", "pet_name"),
]
