"""Round 4 of the hand-written prompts: an independent evaluation set written without reading the
scanner, its tests or the other groups' rows. Spread over all kinds, with many languages and
scripts (names in their own scripts: kanji, hanzi, hangul, Devanagari, Arabic, Cyrillic), pasted
CSV/JSON/YAML/log/shell material, chat transcripts, texting style and look-alike negatives.

Every checksummed value was made to pass tests/privacy/corpus/checksums.py (cards, IBANs, SSNs,
NINOs, Steuer-IDs, NIRs, CPRs, Aadhaar, CPFs, DNI/NIE, codici fiscali, SINs, ABA routing numbers,
NHS numbers, KVNRs, BSNs, PESELs, personnummer, T.C. Kimlik numbers); other ids with public check
rules (Chinese resident ids, Japanese My Number, SNILS, South African ids, Emirates ids, Korean RRNs,
Australian TFNs) were computed to those rules. All values are synthetic; names are invented.
"""

from build import Negative, Row

ROWS: list[Row] = []
NEGATIVES: list[Negative] = []

# --- contact details: names, e-mail, phones, addresses -----------------------------------------
ROWS += [
    Row(
        "can u make this sound more professional pls: hey its Priya from the leasing office, ur lease renewal is ready, call me on 0412 883 907 or email priya.raghunathan@outlook.com.au before friday",
        [("person_name", "Priya"), ("phone", "0412 883 907"), ("email", "priya.raghunathan@outlook.com.au")],
    ),
    Row(
        "Translate to Japanese for my host family: \"Hi, I'm Callum Fraser. I land at Narita on the 14th. My UK mobile is +44 7700 918342 but I'll buy a local SIM.\"",
        [("person_name", "Callum Fraser"), ("phone", "+44 7700 918342")],
    ),
    Row(
        "山田太郎さんへのお礼メールを書いてください。住所は〒150-0042 東京都渋谷区宇田川町21-6 サンハイツ302号、電話は090-4417-2863です。",
        [
            ("person_name", "山田太郎"),
            ("postal_address", "〒150-0042 東京都渋谷区宇田川町21-6 サンハイツ302号"),
            ("phone", "090-4417-2863"),
        ],
        lang="ja",
    ),
    Row(
        "帮我把这段话改得正式一点：王小明，手机 138 1762 4409，邮箱 wangxm1987@163.com，地址：上海市徐汇区漕溪北路88号5栋1203室。",
        [
            ("person_name", "王小明"),
            ("phone", "138 1762 4409"),
            ("email", "wangxm1987@163.com"),
            ("postal_address", "上海市徐汇区漕溪北路88号5栋1203室"),
        ],
        lang="zh",
    ),
    Row(
        "이 문자를 영어로 번역해 줘: 안녕하세요, 김민준입니다. 택배는 서울특별시 마포구 월드컵북로 396, 104동 1502호로 보내 주세요. 연락처 010-8824-3391",
        [
            ("person_name", "김민준"),
            ("postal_address", "서울특별시 마포구 월드컵북로 396, 104동 1502호"),
            ("phone", "010-8824-3391"),
        ],
        lang="ko",
    ),
    Row(
        "कृपया इसे अंग्रेज़ी में लिख दो: मेरा नाम राहुल शर्मा है, मेरा मोबाइल नंबर +91 98201 47735 है और मैं फ्लैट 7B, साईं कृपा सोसाइटी, सेक्टर 17, वाशी, नवी मुंबई 400703 में रहता हूँ।",
        [
            ("person_name", "राहुल शर्मा"),
            ("phone", "+91 98201 47735"),
            ("postal_address", "फ्लैट 7B, साईं कृपा सोसाइटी, सेक्टर 17, वाशी, नवी मुंबई 400703"),
        ],
        lang="hi",
    ),
    Row(
        "ترجم هذه الرسالة إلى الإنجليزية: مرحباً، أنا محمد العلي، رقم جوالي ‎+966 55 218 4470‎ وبريدي الإلكتروني m.alali88@gmail.com، أرجو التواصل معي بخصوص الشقة.",
        [("person_name", "محمد العلي"), ("phone", "+966 55 218 4470"), ("email", "m.alali88@gmail.com")],
        lang="ar",
    ),
    Row(
        "Помоги составить заявление управляющей компании. Я, Иван Петров, проживаю по адресу: г. Казань, ул. Чистопольская, д. 19А, кв. 84. Телефон для связи: 8 (917) 263-48-02.",
        [
            ("person_name", "Иван Петров"),
            ("postal_address", "г. Казань, ул. Чистопольская, д. 19А, кв. 84"),
            ("phone", "8 (917) 263-48-02"),
        ],
        lang="ru",
    ),
    Row(
        "Viết lại tin nhắn này cho lịch sự hơn: anh Nguyễn Văn Hùng ơi, em gửi hàng về 45 Ngõ 12 Phố Trần Duy Hưng, Trung Hòa, Cầu Giấy, Hà Nội nhé, sđt em 0912 447 806",
        [
            ("person_name", "Nguyễn Văn Hùng"),
            ("postal_address", "45 Ngõ 12 Phố Trần Duy Hưng, Trung Hòa, Cầu Giấy, Hà Nội"),
            ("phone", "0912 447 806"),
        ],
        lang="vi",
    ),
    Row(
        "Kannst du mir helfen, eine Kündigung für mein Fitnessstudio zu schreiben? Absender: Jörg Brämswig, Lindenallee 14b, 50968 Köln, Mitgliedsnummer steht auf der Karte. Tel. 0221 / 38 47 192",
        [
            ("person_name", "Jörg Brämswig"),
            ("postal_address", "Lindenallee 14b, 50968 Köln"),
            ("phone", "0221 / 38 47 192"),
        ],
        lang="de",
    ),
    Row(
        "Peux-tu corriger les fautes ? « Bonjour, je m'apelle Maëlle Kerbrat, j'habite 7 bis rue des Capucins, 29200 Brest et vous pouvez me joindre au 06.71.28.94.03 »",
        [
            ("person_name", "Maëlle Kerbrat"),
            ("postal_address", "7 bis rue des Capucins, 29200 Brest"),
            ("phone", "06.71.28.94.03"),
        ],
        lang="fr",
    ),
    Row(
        "Hazme un correo para el casero: soy Lucía Ferrández Ortuño, inquilina del piso en C/ de Sant Vicent Màrtir 82, 3º-5ª, 46007 València, y la caldera lleva una semana rota. Mi móvil: 654 21 83 90.",
        [
            ("person_name", "Lucía Ferrández Ortuño"),
            ("postal_address", "C/ de Sant Vicent Màrtir 82, 3º-5ª, 46007 València"),
            ("phone", "654 21 83 90"),
        ],
        lang="es",
    ),
    Row(
        "Mi scrivi una mail formale al condominio? Sono Giulio Pellegrinetti, abito in Via dei Mille 23, int. 9, 40121 Bologna (BO), cell. 347 552 1809, e-mail giulio.pellegrinetti@libero.it",
        [
            ("person_name", "Giulio Pellegrinetti"),
            ("postal_address", "Via dei Mille 23, int. 9, 40121 Bologna (BO)"),
            ("phone", "347 552 1809"),
            ("email", "giulio.pellegrinetti@libero.it"),
        ],
        lang="it",
    ),
    Row(
        'Pode revisar essa mensagem pro grupo do condomínio? "Oi gente, aqui é a Thaís Albuquerque do 304, quem achou um gato cinza me chama no zap (21) 98874-1523"',
        [("person_name", "Thaís Albuquerque"), ("phone", "(21) 98874-1523")],
        lang="pt",
    ),
    Row(
        "Kun je dit in het Engels zetten? 'Beste meneer, mijn naam is Sander Wijnhoven, ik woon op de Oudegracht 211-bis, 3511 NK Utrecht en ik ben bereikbaar op 06-41 93 27 58.'",
        [
            ("person_name", "Sander Wijnhoven"),
            ("postal_address", "Oudegracht 211-bis, 3511 NK Utrecht"),
            ("phone", "06-41 93 27 58"),
        ],
        lang="nl",
    ),
    Row(
        "Popraw proszę ten mail: Dzień dobry, nazywam się Agnieszka Wróblewska, mieszkam przy ul. Piotrkowskiej 148/12, 90-063 Łódź. Proszę o kontakt pod numerem +48 601 294 738.",
        [
            ("person_name", "Agnieszka Wróblewska"),
            ("postal_address", "ul. Piotrkowskiej 148/12, 90-063 Łódź"),
            ("phone", "+48 601 294 738"),
        ],
        lang="pl",
    ),
    Row(
        "Kan du översätta till engelska? Hej! Jag heter Elin Sjöberg och bor på Götgatan 48 lgh 1102, 118 26 Stockholm. Ring mig gärna på 070-318 44 92.",
        [
            ("person_name", "Elin Sjöberg"),
            ("postal_address", "Götgatan 48 lgh 1102, 118 26 Stockholm"),
            ("phone", "070-318 44 92"),
        ],
        lang="sv",
    ),
    Row(
        "Kan du skrive en kort besked til min nabo? Jeg hedder Mads Kjærgaard, bor på Nørrebrogade 62, 3. tv, 2200 København N, og mit nummer er 28 46 19 73.",
        [
            ("person_name", "Mads Kjærgaard"),
            ("postal_address", "Nørrebrogade 62, 3. tv, 2200 København N"),
            ("phone", "28 46 19 73"),
        ],
        lang="da",
    ),
    Row(
        "Bunu İngilizceye çevirir misin: Merhaba, ben Elif Yıldırım. Kargomu Bağdat Cad. No:214 D:7, Caddebostan, 34728 Kadıköy/İstanbul adresine gönderebilir misiniz? Tel: 0532 418 77 26",
        [
            ("person_name", "Elif Yıldırım"),
            ("postal_address", "Bağdat Cad. No:214 D:7, Caddebostan, 34728 Kadıköy/İstanbul"),
            ("phone", "0532 418 77 26"),
        ],
        lang="tr",
    ),
    Row(
        "draft a reply to the school: my son is Oluwaseun Adebayo-Cole in Year 4, I'm his mum Folake. best number is 0803 512 7749, we live at 12 Admiralty Way, Lekki Phase 1, Lagos",
        [
            ("person_name", "Oluwaseun Adebayo-Cole"),
            ("person_name", "Folake"),
            ("phone", "0803 512 7749"),
            ("postal_address", "12 Admiralty Way, Lekki Phase 1, Lagos"),
        ],
    ),
    Row(
        "Please tidy up my signature block:\n\nThandiwe Nkosi | Senior Buyer\nCell: 082 904 3317\n14 Jan Smuts Avenue, Parktown, Johannesburg, 2193\nthandi.nkosi@mweb.co.za",
        [
            ("person_name", "Thandiwe Nkosi"),
            ("phone", "082 904 3317"),
            ("postal_address", "14 Jan Smuts Avenue, Parktown, Johannesburg, 2193"),
            ("email", "thandi.nkosi@mweb.co.za"),
        ],
    ),
    Row(
        "i need a cover letter header, US format. Marisol Vega-Trujillo, 2218 W Cermak Rd Apt 3F, Chicago, IL 60608, cell 773.829.4416, marisol.vt@icloud.com",
        [
            ("person_name", "Marisol Vega-Trujillo"),
            ("postal_address", "2218 W Cermak Rd Apt 3F, Chicago, IL 60608"),
            ("phone", "773.829.4416"),
            ("email", "marisol.vt@icloud.com"),
        ],
    ),
    Row(
        "From: Ruairí Ó Dónaill <ruairi.odonaill@eircom.net>\nTo: accounts@\nSubject: refund\n\nsummarise this thread and tell me what he actually wants",
        [("person_name", "Ruairí Ó Dónaill"), ("email", "ruairi.odonaill@eircom.net")],
    ),
    Row(
        "Can you turn these into a vCard?\nname - Dr. Harpreet Kaur Sandhu\nwork - +1 (604) 718-2290 ext 14\nhome - 604 291 0077\naddr - 4471 Fraser St, Vancouver BC V5V 4G7",
        [
            ("person_name", "Harpreet Kaur Sandhu"),
            ("phone", "+1 (604) 718-2290"),
            ("phone", "604 291 0077"),
            ("postal_address", "4471 Fraser St, Vancouver BC V5V 4G7"),
        ],
    ),
    Row(
        "clean this csv up and dedupe it\n\nfirst,last,email,mobile\nDeclan,Moriarty,dec.moriarty@gmail.com,07831 226 904\nSiobhan,Kearney,skearney@hotmail.co.uk,07700 562 118\nDeclan,Moriarty,dec.moriarty@gmail.com,07831 226 904",
        [
            ("person_name", "Declan"),
            ("person_name", "Moriarty"),
            ("email", "dec.moriarty@gmail.com"),
            ("phone", "07831 226 904"),
            ("person_name", "Siobhan"),
            ("person_name", "Kearney"),
            ("email", "skearney@hotmail.co.uk"),
            ("phone", "07700 562 118"),
        ],
    ),
    Row(
        "wedding thank-you card for my aunt and uncle, they're Beatrix & Leopold Vandermeulen at 38 Keizerstraat, 2000 Antwerpen. keep it short and warm",
        [
            ("person_name", "Beatrix & Leopold Vandermeulen"),
            ("postal_address", "38 Keizerstraat, 2000 Antwerpen"),
        ],
    ),
    Row(
        "Write an out-of-office that says urgent stuff goes to my colleague Anjali Venkataraman (anjali.v@northwind-logistics.in, +91-80-4127-9935) until 2 June",
        [
            ("person_name", "Anjali Venkataraman"),
            ("email", "anjali.v@northwind-logistics.in"),
            ("phone", "+91-80-4127-9935"),
        ],
    ),
    Row(
        "my neighbour keeps parking across my drive. draft a polite note. I'm at 9 Wattle Grove, Brunswick East VIC 3057, he's at number 11, his name is Craig I think",
        [("postal_address", "9 Wattle Grove, Brunswick East VIC 3057"), ("person_name", "Craig")],
    ),
    Row(
        "Summarise this WhatsApp export:\n[09/03, 21:14] Sabine Koller: wer holt Lio morgen ab?\n[09/03, 21:15] Tobias Koller: ich, aber erst 16:30\n[09/03, 21:15] Sabine Koller: ok dann ruf Oma an 0176 29384471",
        [
            ("person_name", "Sabine Koller"),
            ("person_name", "Tobias Koller"),
            ("person_name", "Lio"),
            ("phone", "0176 29384471"),
        ],
        lang="de",
    ),
    Row(
        "Rédige une lettre de résiliation de bail. Locataire : Yannick N'Diaye, 3 allée des Tilleuls, Bât. C, 69100 Villeurbanne. Bailleur : SCI Les Platanes. Mon mail yannick.ndiaye@orange.fr",
        [
            ("person_name", "Yannick N'Diaye"),
            ("postal_address", "3 allée des Tilleuls, Bât. C, 69100 Villeurbanne"),
            ("email", "yannick.ndiaye@orange.fr"),
        ],
        lang="fr",
    ),
    Row(
        "j'ai besoin d'un mot pour la maîtresse, ma fille Inès ne viendra pas jeudi. signé: Karima Benali 07 58 33 12 90",
        [("person_name", "Inès"), ("person_name", "Karima Benali"), ("phone", "07 58 33 12 90")],
        lang="fr",
    ),
    Row(
        "Check my regex against these examples, it should match all the emails:\n- o.haugland@proton.me\n- jp_dlamini+shop@yahoo.com\n- fernanda.q.reis@uol.com.br\nthey're my customers so don't print them back",
        [
            ("email", "o.haugland@proton.me"),
            ("email", "jp_dlamini+shop@yahoo.com"),
            ("email", "fernanda.q.reis@uol.com.br"),
        ],
    ),
    Row(
        "pls write a birthday msg for my nani, Kamla Devi Agarwal, shes turning 80 on the 3rd. we're sending it to C-42 Greater Kailash Part 2, New Delhi 110048",
        [
            ("person_name", "Kamla Devi Agarwal"),
            ("postal_address", "C-42 Greater Kailash Part 2, New Delhi 110048"),
        ],
    ),
    Row(
        "Call notes, make them into an email:\ncaller Mr. Obinna Eze, ph. +234 (0) 809 332 6611, complaining about the water bill at Plot 17, Ademola Adetokunbo Crescent, Wuse 2, Abuja",
        [
            ("person_name", "Obinna Eze"),
            ("phone", "+234 (0) 809 332 6611"),
            ("postal_address", "Plot 17, Ademola Adetokunbo Crescent, Wuse 2, Abuja"),
        ],
    ),
    Row(
        "鈴木花子様宛の請求書メールの文面を作って。メールアドレスはhanako.suzuki@docomo.ne.jp、宛先住所は大阪府大阪市北区梅田3丁目4-12 梅田レジデンス804です。",
        [
            ("person_name", "鈴木花子"),
            ("email", "hanako.suzuki@docomo.ne.jp"),
            ("postal_address", "大阪府大阪市北区梅田3丁目4-12 梅田レジデンス804"),
        ],
        lang="ja",
    ),
    Row(
        "朋友让我帮忙填快递单，收件人：陈静怡，电话：+86 186-2039-5517，地址：广东省深圳市南山区科技南十二路2号金蝶软件园B栋",
        [
            ("person_name", "陈静怡"),
            ("phone", "+86 186-2039-5517"),
            ("postal_address", "广东省深圳市南山区科技南十二路2号金蝶软件园B栋"),
        ],
        lang="zh",
    ),
    Row(
        "Напиши вежливый ответ коллеге: «Ольга Сергеевна Кузнецова просила переслать отчёт на o.kuznetsova@yandex.ru до пятницы»",
        [("person_name", "Ольга Сергеевна Кузнецова"), ("email", "o.kuznetsova@yandex.ru")],
        lang="ru",
    ),
    Row(
        "git log is showing my personal email on a public repo, how do I rewrite history? the commits say Author: Kwabena Asante-Mensah <kwabena.am.dev@gmail.com>",
        [("person_name", "Kwabena Asante-Mensah"), ("email", "kwabena.am.dev@gmail.com")],
    ),
]

# --- identity documents: national ids, passports, driving licences, plates, dates of birth ------
ROWS += [
    Row(
        "I'm filling in the I-9 for a new hire, can you check I've got the fields right? Employee: Darnell Whitfield, DOB 04/17/1991, SSN 531-74-2968, address 806 Magnolia Ave, Macon, GA 31201",
        [
            ("person_name", "Darnell Whitfield"),
            ("date_of_birth", "04/17/1991"),
            ("ssn", "531-74-2968"),
            ("postal_address", "806 Magnolia Ave, Macon, GA 31201"),
        ],
    ),
    Row(
        "whats wrong with my tax form, it keeps rejecting. ssn 214386607 (no dashes) name jolene marsh dob 11-2-1979",
        [("ssn", "214386607"), ("person_name", "jolene marsh"), ("date_of_birth", "11-2-1979")],
    ),
    Row(
        "My accountant needs my wife's ITIN for the joint return, it's 912-78-3340 and mine (SSN) is 602 19 4835. Write the email to him, his name is Mr. Feldstein.",
        [("national_id", "912-78-3340"), ("ssn", "602 19 4835"), ("person_name", "Feldstein")],
    ),
    Row(
        "Write a cover note to HMRC about my missing tax code. Name: Imogen Talbot-Hughes, NI number EL 68 71 48 D, born 22 September 1994.",
        [
            ("person_name", "Imogen Talbot-Hughes"),
            ("national_id", "EL 68 71 48 D"),
            ("date_of_birth", "22 September 1994"),
        ],
    ),
    Row(
        "payroll says my NINO is wrong on the P60, they have WT223306B but it should be WT223306C. how do i word the complaint",
        [("national_id", "WT223306B"), ("national_id", "WT223306C")],
    ),
    Row(
        "Ich muss meinem neuen Arbeitgeber meine Steuer-ID schicken, kannst du die Mail formulieren? Steuerliche IdNr.: 50 432 168 717, geb. am 03.08.1986 in Erfurt, Name: Katrin Oelschlägel",
        [
            ("national_id", "50 432 168 717"),
            ("date_of_birth", "03.08.1986"),
            ("person_name", "Katrin Oelschlägel"),
        ],
        lang="de",
    ),
    Row(
        "Formulaire CPAM à compléter, aide-moi à rédiger la partie 'motif' : assuré Thibault Garnier, n° de sécurité sociale 1 84 07 75 193 007 55, né le 12/07/1984.",
        [
            ("person_name", "Thibault Garnier"),
            ("national_id", "1 84 07 75 193 007 55"),
            ("date_of_birth", "12/07/1984"),
        ],
        lang="fr",
    ),
    Row(
        "mon NIR c'est 291116928014154, est-ce que je dois le donner à mon nouveau proprio ou c'est abusif ?",
        [("national_id", "291116928014154")],
        lang="fr",
    ),
    Row(
        "Hjælp mig med at skrive til kommunen. Mit CPR-nr. er 140388-5343 og min mands er 270695-3011. Jeg hedder Camilla Østergaard.",
        [
            ("national_id", "140388-5343"),
            ("national_id", "270695-3011"),
            ("person_name", "Camilla Østergaard"),
        ],
        lang="da",
    ),
    Row(
        "KYC form is failing for my dad, what format does it want? Aadhaar: 9226 3146 9263, PAN: AKRPS4417L, name Suresh Chandra Iyer, DOB 05-01-1958",
        [
            ("national_id", "9226 3146 9263"),
            ("national_id", "AKRPS4417L"),
            ("person_name", "Suresh Chandra Iyer"),
            ("date_of_birth", "05-01-1958"),
        ],
    ),
    Row(
        "मेरे आधार नंबर 7768 5181 3973 पर पता बदलना है, ऑनलाइन फॉर्म के लिए स्टेप बता दो। नाम: सुनीता यादव",
        [("national_id", "7768 5181 3973"), ("person_name", "सुनीता यादव")],
        lang="hi",
    ),
    Row(
        "Me ajuda a preencher o cadastro da farmácia? Nome: Rodrigo Nascimento Pereira, CPF 341.986.404-32, nascimento 19/10/1990, celular (11) 97431-8820",
        [
            ("person_name", "Rodrigo Nascimento Pereira"),
            ("national_id", "341.986.404-32"),
            ("date_of_birth", "19/10/1990"),
            ("phone", "(11) 97431-8820"),
        ],
        lang="pt",
    ),
    Row(
        "Redacta una reclamación a la compañía eléctrica. Titular: Javier Montesinos Ruiz, DNI 13431357-R, Avda. de la Constitución 41, 1ºB, 41001 Sevilla.",
        [
            ("person_name", "Javier Montesinos Ruiz"),
            ("national_id", "13431357-R"),
            ("postal_address", "Avda. de la Constitución 41, 1ºB, 41001 Sevilla"),
        ],
        lang="es",
    ),
    Row(
        "mi compañero de piso es extranjero, su NIE es Y4034527L, se llama Andrei Popescu. ¿cómo lo pongo en el contrato de alquiler?",
        [("national_id", "Y4034527L"), ("person_name", "Andrei Popescu")],
        lang="es",
    ),
    Row(
        "Scrivimi la delega per ritirare il pacco: io sono Giulia Rossi, C.F. RSSGLI85M41H501S, delego mio marito Marco Bianchi, C.F. BNCMRC79A12F205S.",
        [
            ("person_name", "Giulia Rossi"),
            ("national_id", "RSSGLI85M41H501S"),
            ("person_name", "Marco Bianchi"),
            ("national_id", "BNCMRC79A12F205S"),
        ],
        lang="it",
    ),
    Row(
        "Hi, filling out a rental application in Toronto. They want SIN 440 389 971, is that even legal for them to ask? Applicant is me, Geneviève Tremblay-Ouellet.",
        [("national_id", "440 389 971"), ("person_name", "Geneviève Tremblay-Ouellet")],
    ),
    Row(
        "Kun je deze brief aan de Belastingdienst nakijken? BSN: 5301.34.718, naam: Femke de Groot-Visser, geboortedatum 14-02-1988.",
        [
            ("national_id", "5301.34.718"),
            ("person_name", "Femke de Groot-Visser"),
            ("date_of_birth", "14-02-1988"),
        ],
        lang="nl",
    ),
    Row(
        "Przetłumacz na angielski: Wnioskodawca: Bartosz Zieliński, PESEL 85072311281, zam. os. Tysiąclecia 27/44, 40-871 Katowice.",
        [
            ("person_name", "Bartosz Zieliński"),
            ("national_id", "85072311281"),
            ("postal_address", "os. Tysiąclecia 27/44, 40-871 Katowice"),
        ],
        lang="pl",
    ),
    Row(
        "Skriv ett mejl till Försäkringskassan åt mig: jag heter Johan Lindqvist, personnummer 19870412-2079, och jag har inte fått min föräldrapenning för mars.",
        [("person_name", "Johan Lindqvist"), ("national_id", "19870412-2079")],
        lang="sv",
    ),
    Row(
        "E-Devlet'e giriş yapamıyorum, şifre sıfırlama için ne yazmalıyım? T.C. Kimlik No: 14798752362, Ad Soyad: Mehmet Can Öztürk",
        [("national_id", "14798752362"), ("person_name", "Mehmet Can Öztürk")],
        lang="tr",
    ),
    Row(
        "入社手続きのメールを英訳してください。「氏名：佐藤健一、生年月日：1990年6月18日、マイナンバー：4827 3105 9661」",
        [("person_name", "佐藤健一"), ("date_of_birth", "1990年6月18日"), ("national_id", "4827 3105 9661")],
        lang="ja",
    ),
    Row(
        "帮我检查一下这张入职表有没有漏填：姓名 李建国，身份证号 110105198806173525，出生日期 1988年6月17日，户籍 北京市朝阳区。",
        [
            ("person_name", "李建国"),
            ("national_id", "110105198806173525"),
            ("date_of_birth", "1988年6月17日"),
        ],
        lang="zh",
    ),
    Row(
        "은행 서류 영어로 번역 부탁해. 성명: 박서연 / 주민등록번호: 920315-1482739 / 주소: 부산광역시 해운대구 센텀중앙로 97, 2203호",
        [
            ("person_name", "박서연"),
            ("national_id", "920315-1482739"),
            ("postal_address", "부산광역시 해운대구 센텀중앙로 97, 2203호"),
        ],
        lang="ko",
    ),
    Row(
        "Составь заявление в бухгалтерию на налоговый вычет. Сотрудник: Дмитрий Алексеевич Смирнов, СНИЛС 128-473-915 85, дата рождения 02.04.1983.",
        [
            ("person_name", "Дмитрий Алексеевич Смирнов"),
            ("national_id", "128-473-915 85"),
            ("date_of_birth", "02.04.1983"),
        ],
        lang="ru",
    ),
    Row(
        "Bank wants certified copies, help me word the request to the commissioner of oaths. ID number 8804125109089, full names Sipho Bongani Mthembu.",
        [("national_id", "8804125109089"), ("person_name", "Sipho Bongani Mthembu")],
    ),
    Row(
        "Visa renewal letter for my employer in Dubai: employee Fatima Zahra Haddad, Emirates ID 784-1987-4719302-1, passport no. TN4471982 (Tunisia).",
        [
            ("person_name", "Fatima Zahra Haddad"),
            ("national_id", "784-1987-4719302-1"),
            ("passport", "TN4471982"),
        ],
    ),
    Row(
        "Giúp tôi viết đơn xin cấp lại thẻ: Họ tên: Trần Thị Mai Anh, số CCCD 001187024563, ngày sinh 27/11/1987, thường trú 18 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội.",
        [
            ("person_name", "Trần Thị Mai Anh"),
            ("national_id", "001187024563"),
            ("date_of_birth", "27/11/1987"),
            ("postal_address", "18 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội"),
        ],
        lang="vi",
    ),
    Row(
        "My TFN is 273 464 686, do I give it to the new employer before or after I sign? (Australian casual job, I'm Brodie Kowalczyk)",
        [("national_id", "273 464 686"), ("person_name", "Brodie Kowalczyk")],
    ),
    Row(
        "هل يمكنك ترجمة هذا النموذج؟ الاسم: عبدالله ناصر القحطاني — رقم الهوية الوطنية: 1087421960 — تاريخ الميلاد: 1992/03/14",
        [
            ("person_name", "عبدالله ناصر القحطاني"),
            ("national_id", "1087421960"),
            ("date_of_birth", "1992/03/14"),
        ],
        lang="ar",
    ),
    Row(
        "NIN enrolment slip for my brother Chukwuemeka Obi shows 48210937756, can you write a letter asking NIMC to correct his surname spelling",
        [("person_name", "Chukwuemeka Obi"), ("national_id", "48210937756")],
    ),
    # passports
    Row(
        "Fill out this visa form text for me:\nSurname: OKAFOR\nGiven names: CHIDINMA GRACE\nPassport No: A09834621\nDate of birth: 08 MAR 1993\nNationality: Nigerian",
        [
            ("person_name", "OKAFOR"),
            ("person_name", "CHIDINMA GRACE"),
            ("passport", "A09834621"),
            ("date_of_birth", "08 MAR 1993"),
        ],
    ),
    Row(
        "booking flights for me + my husband, the airline wants APIS info. me: Hannah Lee, US passport 583920174, dob 1988-09-30. him: Daniel Cho, passport 640218835, dob 1986-01-12",
        [
            ("person_name", "Hannah Lee"),
            ("passport", "583920174"),
            ("date_of_birth", "1988-09-30"),
            ("person_name", "Daniel Cho"),
            ("passport", "640218835"),
            ("date_of_birth", "1986-01-12"),
        ],
    ),
    Row(
        "Reisepass meiner Tochter läuft ab, Nr. C4FX9R27K, ausgestellt in Bremen. Kannst du mir eine Checkliste für den Termin machen? Sie heißt Lotta Hinrichs, geboren 11.05.2014.",
        [
            ("passport", "C4FX9R27K"),
            ("person_name", "Lotta Hinrichs"),
            ("date_of_birth", "11.05.2014"),
        ],
        lang="de",
    ),
    Row(
        "Pour le dossier de visa, mon passeport porte le numéro 19CK48271 et expire en 2029. Peux-tu rédiger la lettre d'invitation pour ma sœur Aïcha Traoré ?",
        [("passport", "19CK48271"), ("person_name", "Aïcha Traoré")],
        lang="fr",
    ),
    Row(
        "パスポート番号 TZ8830164 の更新手続きについて、大使館に出すメールを英語で書いてください。名前は中村由美です。",
        [("passport", "TZ8830164"), ("person_name", "中村由美")],
        lang="ja",
    ),
    Row(
        "护照号码E73915028，姓名张伟，帮我写一封英文邮件给酒店确认入住信息。",
        [("passport", "E73915028"), ("person_name", "张伟")],
        lang="zh",
    ),
    Row(
        "여권번호 M47291836, 이름 이지은 — 항공사에 이름 철자 정정 요청하는 영문 메일 써줘",
        [("passport", "M47291836"), ("person_name", "이지은")],
        lang="ko",
    ),
    Row(
        "my passport got stolen in barcelona, need a police report statement in spanish. indian passport no. K4829173, name Vikram Malhotra, hotel Carrer de Mallorca 214",
        [("passport", "K4829173"), ("person_name", "Vikram Malhotra")],
    ),
    Row(
        "parse this MRZ and tell me if the check digits are right:\nP<GBRWHITAKER<<EMMA<LOUISE<<<<<<<<<<<<<<<<<<<\n5338201475GBR9007149F3102282<<<<<<<<<<<<<<06",
        [("person_name", "WHITAKER<<EMMA<LOUISE"), ("passport", "533820147")],
    ),
    Row(
        "Pasaporte nº PAD612448 a nombre de Carmen Villalobos Rey — necesito una carta al consulado pidiendo cita urgente, viajo el 3 de julio",
        [("passport", "PAD612448"), ("person_name", "Carmen Villalobos Rey")],
        lang="es",
    ),
    Row(
        "Passaporto YB3928174 di mio figlio Tommaso, scade tra due mesi. Scrivi un messaggio alla questura per chiedere se serve la presenza di entrambi i genitori.",
        [("passport", "YB3928174"), ("person_name", "Tommaso")],
        lang="it",
    ),
    Row(
        "Passaporte brasileiro FT820466, titular Larissa Campos Moreira — preciso de uma declaração em inglês pra imigração do Canadá.",
        [("passport", "FT820466"), ("person_name", "Larissa Campos Moreira")],
        lang="pt",
    ),
    Row(
        "Загранпаспорт 75 4418203 на имя Анна Волкова, помоги написать письмо в консульство Италии на английском.",
        [("passport", "75 4418203"), ("person_name", "Анна Волкова")],
        lang="ru",
    ),
    Row(
        "guest list for the conference hotel, format as a table:\nName | Passport | Country\nKemal Aydın | U28471953 | TR\nSaoirse Byrne | PX7716204 | IE\nLars Eriksen | 34918827 | SE",
        [
            ("person_name", "Kemal Aydın"),
            ("passport", "U28471953"),
            ("person_name", "Saoirse Byrne"),
            ("passport", "PX7716204"),
            ("person_name", "Lars Eriksen"),
            ("passport", "34918827"),
        ],
    ),
    # driving licences
    Row(
        "DMV appointment confirmation, summarize it: Customer VALENZUELA, ROSA M — CA DL# Y4817263 — renewal, vision test required",
        [("person_name", "VALENZUELA, ROSA M"), ("drivers_license", "Y4817263")],
    ),
    Row(
        "Car hire form: driver Gareth Pritchard, licence number PRITC807154GP9AB, expiry 2031. Write a message to the rental company adding my partner as second driver.",
        [("person_name", "Gareth Pritchard"), ("drivers_license", "PRITC807154GP9AB")],
    ),
    Row(
        "NY license 472 918 305, got a ticket in NJ, does it transfer points? I'm Shauna Delgado",
        [("drivers_license", "472 918 305"), ("person_name", "Shauna Delgado")],
    ),
    Row(
        "Führerscheinnummer B072RRE2I55 – ich brauche für die Mietwagenfirma in Portugal eine englische Bestätigung. Fahrer: Niklas Brandtner.",
        [("drivers_license", "B072RRE2I55"), ("person_name", "Niklas Brandtner")],
        lang="de",
    ),
    Row(
        "my DL number is MH12 20140038271, the RTO says there's a mismatch with my name Aditya Kulkarni, how to write application for correction",
        [("drivers_license", "MH12 20140038271"), ("person_name", "Aditya Kulkarni")],
    ),
    Row(
        "Licence no. 15839274 (NSW), lost my wallet, help me write the stat dec. Full name Jacinta O'Loughlin, of 3/71 Bondi Rd, Bondi NSW 2026",
        [
            ("drivers_license", "15839274"),
            ("person_name", "Jacinta O'Loughlin"),
            ("postal_address", "3/71 Bondi Rd, Bondi NSW 2026"),
        ],
    ),
    Row(
        "Permis de conduire n° 130775200418, catégorie B, au nom de Rémi Fournier. Rédige un courrier à l'ANTS pour un changement d'adresse.",
        [("drivers_license", "130775200418"), ("person_name", "Rémi Fournier")],
        lang="fr",
    ),
    Row(
        "FL driver license W426-718-93-210-0, need to update my address after moving to 1520 Brickell Bay Dr Unit 1807, Miami, FL 33131. what do i bring",
        [
            ("drivers_license", "W426-718-93-210-0"),
            ("postal_address", "1520 Brickell Bay Dr Unit 1807, Miami, FL 33131"),
        ],
    ),
    Row(
        "運転免許証番号 第301804279130号 の住所変更について、警察署に持っていくものを教えて",
        [("drivers_license", "301804279130")],
        lang="ja",
    ),
    # license plates
    Row(
        "someone dinged my car in the Tesco car park and drove off, I got their plate: LV19 XKP, silver Corsa. write the report for my insurer, my car is KN68 FWD",
        [("license_plate", "LV19 XKP"), ("license_plate", "KN68 FWD")],
    ),
    Row(
        "Widerspruch gegen Bußgeldbescheid schreiben: Kennzeichen M-RK 4471, Halterin Sabrina Reitmeier, angeblich 23 km/h zu schnell auf der B13.",
        [("license_plate", "M-RK 4471"), ("person_name", "Sabrina Reitmeier")],
        lang="de",
    ),
    Row(
        "J'ai reçu un avis de contravention pour le véhicule GH-417-TZ alors que ma voiture était au garage. Aide-moi à contester, je m'appelle Océane Morel.",
        [("license_plate", "GH-417-TZ"), ("person_name", "Océane Morel")],
        lang="fr",
    ),
    Row(
        "Multa de aparcamiento para la matrícula 4821 KLM, ¿cómo redacto el recurso? El coche es de mi padre, Ramón Iglesias.",
        [("license_plate", "4821 KLM"), ("person_name", "Ramón Iglesias")],
        lang="es",
    ),
    Row(
        "HOA parking log, turn it into a warning letter for unit 4B: white Tacoma CA plate 8KJW214 in guest spot 6 nights in a row",
        [("license_plate", "8KJW214")],
    ),
    Row(
        "Mi hanno fatto una multa con l'autovelox, targa FZ 218 KD, ma alla guida c'era mia moglie Serena. Come compilo la comunicazione dati del conducente?",
        [("license_plate", "FZ 218 KD"), ("person_name", "Serena")],
        lang="it",
    ),
    Row(
        "车牌号 粤B·7K29Q 的违章记录怎么查？车主是我爸陈国强，想写个申诉。",
        [("license_plate", "粤B·7K29Q"), ("person_name", "陈国强")],
        lang="zh",
    ),
    Row(
        "Araç plakası 34 FVK 782, sahibi Burak Aksoy. Otoparktan çıkarken kapıya çarptı, tutanak metni hazırlar mısın?",
        [("license_plate", "34 FVK 782"), ("person_name", "Burak Aksoy")],
        lang="tr",
    ),
    Row(
        "my car's reg is MH 12 KT 4093, the toll app double-charged me. write a complaint to NHAI",
        [("license_plate", "MH 12 KT 4093")],
    ),
    Row(
        "Помоги обжаловать штраф: автомобиль Е417КМ 116, владелец — Руслан Галиев.",
        [("license_plate", "Е417КМ 116"), ("person_name", "Руслан Галиев")],
        lang="ru",
    ),
    Row(
        "Bilen med regnummer KLT 48F stod på min plats igen. Skriv en lapp till grannen Per Holmgren.",
        [("license_plate", "KLT 48F"), ("person_name", "Per Holmgren")],
        lang="sv",
    ),
]

# --- money: cards, IBANs, bank accounts, salaries, PINs ----------------------------------------
ROWS += [
    Row(
        "the checkout keeps saying card declined, am I typing it wrong? 4760 4274 8758 8417 exp 09/28 cvv 331",
        [("payment_card", "4760 4274 8758 8417")],
    ),
    Row(
        "Write a dispute letter to my bank about a double charge on my Mastercard ending 0280 — full number is 5327-9701-1577-0280 — cardholder Ngozi Eze-Williams.",
        [("payment_card", "5327-9701-1577-0280"), ("person_name", "Ngozi Eze-Williams")],
    ),
    Row(
        "debug this, the Luhn check returns false for a card I know is valid:\n\n```python\nprint(luhn('378851826967135'))  # my amex\n```",
        [("payment_card", "378851826967135")],
    ),
    Row(
        "Kannst du die Buchungsbestätigung übersetzen? Bezahlt mit Kreditkarte 4114 7282 0531 3407, Karteninhaber Florian Weißhaupt, Betrag 1.240,00 €",
        [("payment_card", "4114 7282 0531 3407"), ("person_name", "Florian Weißhaupt")],
        lang="de",
    ),
    Row(
        "hotel wants me to email my card for the deposit, is that safe?? anyway here's what I was going to send: 5167658124830418 exp 11/27, name on card Tamsin Rowe",
        [("payment_card", "5167658124830418"), ("person_name", "Tamsin Rowe")],
    ),
    Row(
        "Ma carte bleue 4597 0249 0380 5233 a été débitée deux fois par Ryanair, écris la réclamation en anglais stp",
        [("payment_card", "4597 0249 0380 5233")],
        lang="fr",
    ),
    Row(
        "信用卡号 6011 4286 6519 8575 被盗刷了，帮我写一封给银行的投诉邮件，持卡人：刘洋",
        [("payment_card", "6011 4286 6519 8575"), ("person_name", "刘洋")],
        lang="zh",
    ),
    Row(
        "クレジットカード番号 2231-3133-7698-0649 の利用明細に覚えのない請求があります。カード会社への問い合わせ文を作ってください。名義：タナカ アキラ",
        [("payment_card", "2231-3133-7698-0649"), ("person_name", "タナカ アキラ")],
        lang="ja",
    ),
    Row(
        'JSON from our test env leaked a real card, how do I scrub it from the logs?\n{"order": 88172, "pan": "4287521748999472", "holder": "Beatriz Salgado", "exp": "04/29"}',
        [("payment_card", "4287521748999472"), ("person_name", "Beatriz Salgado")],
    ),
    Row(
        "amex 3415 994354 26555 keeps failing on the airline site, they say 'invalid number'. is the grouping the problem?",
        [("payment_card", "3415 994354 26555")],
    ),
    Row(
        "Puoi scrivere una mail all'assistenza? Ho pagato con la carta 5597 1434 8057 4397 ma l'ordine risulta annullato. Mi chiamo Davide Ferraro.",
        [("payment_card", "5597 1434 8057 4397"), ("person_name", "Davide Ferraro")],
        lang="it",
    ),
    # IBAN
    Row(
        "Bitte formuliere eine Mail an die Hausverwaltung: Die Kaution soll auf mein Konto DE35 1097 0908 0854 9364 77 zurücküberwiesen werden. Kontoinhaber: Malte Behrendsen.",
        [("iban", "DE35 1097 0908 0854 9364 77"), ("person_name", "Malte Behrendsen")],
        lang="de",
    ),
    Row(
        "invoice template pls, payment details at the bottom: IBAN GB73NWBK11707467744154, account name Orla Fitzgerald Design Ltd, ref INV-0042",
        [("iban", "GB73NWBK11707467744154")],
    ),
    Row(
        "Rédige un mail à mon employeur pour changer mon RIB : nouvel IBAN FR42 0149 1513 7001 9322 7328 891, titulaire Sandrine Lefebvre.",
        [("iban", "FR42 0149 1513 7001 9322 7328 891"), ("person_name", "Sandrine Lefebvre")],
        lang="fr",
    ),
    Row(
        "¿Me ayudas con el correo a la gestoría? La domiciliación va a mi cuenta ES76 2507 4164 8294 9947 3344 a nombre de Pilar Castaño.",
        [("iban", "ES76 2507 4164 8294 9947 3344"), ("person_name", "Pilar Castaño")],
        lang="es",
    ),
    Row(
        "Bonifico per l'affitto: IBAN IT25 X892 4088 3157 8047 7815 912, beneficiario Alessandro Conti. Scrivi il messaggio al padrone di casa che il pagamento arriva lunedì.",
        [("iban", "IT25 X892 4088 3157 8047 7815 912"), ("person_name", "Alessandro Conti")],
        lang="it",
    ),
    Row(
        "tikkie verzoek tekst: 'Hoi allemaal, de huur van het huisje was €840, wil je je deel overmaken naar NL72 INGB 7920 3357 47? Groetjes, Noor'",
        [("iban", "NL72 INGB 7920 3357 47"), ("person_name", "Noor")],
        lang="nl",
    ),
    Row(
        "Przelew za mieszkanie, napisz przypomnienie dla współlokatora: numer konta PL10 2719 2113 6720 9371 6074 9147, odbiorca Kacper Dudek.",
        [("iban", "PL10 2719 2113 6720 9371 6074 9147"), ("person_name", "Kacper Dudek")],
        lang="pl",
    ),
    Row(
        "Skriv en påminnelse om betalning till hyresgästen: IBAN SE30 8963 3487 0408 6351 3079, mottagare Karin Nordström.",
        [("iban", "SE30 8963 3487 0408 6351 3079"), ("person_name", "Karin Nordström")],
        lang="sv",
    ),
    Row(
        "sepa xml fails validation, here's the creditor part:\n<Cdtr><Nm>Jens Thorsager</Nm></Cdtr>\n<CdtrAcct><Id><IBAN>DK2061617793547583</IBAN></Id></CdtrAcct>",
        [("person_name", "Jens Thorsager"), ("iban", "DK2061617793547583")],
    ),
    Row(
        "Preciso de um e-mail para o senhorio em Lisboa com o meu IBAN PT92 0945 6700 7561 4854 0475 0 para a devolução da caução. Assinado: Inês Carvalho Lopes",
        [("iban", "PT92 0945 6700 7561 4854 0475 0"), ("person_name", "Inês Carvalho Lopes")],
        lang="pt",
    ),
    Row(
        "spreadsheet formula to check these ibans pls\nBE46788833344972\nCH4080947939952754939\nAT984399467680810305\n(they're our suppliers' accounts)",
        [("iban", "BE46788833344972"), ("iban", "CH4080947939952754939"), ("iban", "AT984399467680810305")],
    ),
    # bank accounts
    Row(
        "Write a letter to my bank closing my account. Sort code 20-45-77, account number 41839026. Name Priyanka Mistry.",
        [("bank_account", "20-45-77"), ("bank_account", "41839026"), ("person_name", "Priyanka Mistry")],
    ),
    Row(
        "direct deposit form for my new job, can u check it: routing 313006225 acct 004718829341 checking, employee Tyrell Jameson",
        [("bank_account", "313006225"), ("bank_account", "004718829341"), ("person_name", "Tyrell Jameson")],
    ),
    Row(
        "gran wants to send me money for uni, what do i tell her? my details: sort 30 96 41 / acc 27718450 — Lloyds",
        [("bank_account", "30 96 41"), ("bank_account", "27718450")],
    ),
    Row(
        "ACH file is rejecting one line, can you see why?\n6220687448748330119275       0000125000EMP-1184       Marcus Oyelaran         0031100200000117",
        [("bank_account", "068744874"), ("bank_account", "8330119275"), ("person_name", "Marcus Oyelaran")],
    ),
    Row(
        "Wire instructions for the closing, make them into a clean email to the buyer: Bank: First Citizens, ABA 216022254, Account 7730021846, Beneficiary: Leland & Corinne Ashby",
        [
            ("bank_account", "216022254"),
            ("bank_account", "7730021846"),
            ("person_name", "Leland & Corinne Ashby"),
        ],
    ),
    Row(
        "मेरे बैंक खाते संख्या 50100417723985 और IFSC HDFC0001427 में सैलरी नहीं आई, HR को अंग्रेज़ी में ईमेल लिख दो। नाम: अमित वर्मा",
        [("bank_account", "50100417723985"), ("person_name", "अमित वर्मा")],
        lang="hi",
    ),
    Row(
        "BSB 062-914, account 1048 3372 — my flatmate Jasper's details for the bond refund. write a text to the real estate agent",
        [("bank_account", "062-914"), ("bank_account", "1048 3372"), ("person_name", "Jasper")],
    ),
    Row(
        "家賃の振込先を大家さんに伝えるメールを書いて。三菱UFJ銀行 渋谷支店 普通 口座番号 4827163 名義 カトウ ユウキ",
        [("bank_account", "4827163"), ("person_name", "カトウ ユウキ")],
        lang="ja",
    ),
    # salary
    Row(
        "i'm negotiating my offer, currently on £48,500 and they offered £52k. help me write a counter asking for 58",
        [("salary", "£48,500"), ("salary", "£52k")],
    ),
    Row(
        "Rewrite this for the board pack, remove anything too personal: 'Head of Ops Renée Lachance's base is increasing from $164,000 to $182,500 effective April.'",
        [("person_name", "Renée Lachance"), ("salary", "$164,000"), ("salary", "$182,500")],
    ),
    Row(
        "Mein Bruttogehalt liegt bei 4.850 € im Monat, meine Frau Jana verdient 3.200 € brutto. Welche Steuerklassenkombination ist besser?",
        [("salary", "4.850 €"), ("person_name", "Jana"), ("salary", "3.200 €")],
        lang="de",
    ),
    Row(
        "Peux-tu reformuler ma demande d'augmentation ? Je suis à 38 000 € brut annuel depuis trois ans, signé Clément Aubry.",
        [("salary", "38 000 € brut annuel"), ("person_name", "Clément Aubry")],
        lang="fr",
    ),
    Row(
        "payroll csv, find who's below minimum wage:\nemp_id,name,hourly\n1042,Kayleigh Burns,10.15\n1043,Emeka Nwosu,12.40\n1044,Rosa Lindgren,9.80",
        [
            ("person_name", "Kayleigh Burns"),
            ("salary", "10.15"),
            ("person_name", "Emeka Nwosu"),
            ("salary", "12.40"),
            ("person_name", "Rosa Lindgren"),
            ("salary", "9.80"),
        ],
    ),
    Row(
        "我月薪税前18500元，老婆月薪12000元，帮我们算一下今年个税大概多少",
        [("salary", "18500元"), ("salary", "12000元")],
        lang="zh",
    ),
    Row(
        "mera CTC 14.5 LPA hai aur in-hand around 92,000 per month aata hai, new offer 19 LPA ka hai. kya switch karna chahiye? write a pros cons list",
        [("salary", "14.5 LPA"), ("salary", "92,000 per month"), ("salary", "19 LPA")],
    ),
    Row(
        "年収620万円の夫と、パートで月9万円の私。扶養を外れたほうがいいか整理して。",
        [("salary", "年収620万円"), ("salary", "月9万円")],
        lang="ja",
    ),
    Row(
        "Reference letter for my nanny Graciela, she was paid R9 800 a month and worked for us from 2019 to 2024. Make it glowing.",
        [("person_name", "Graciela"), ("salary", "R9 800 a month")],
    ),
    Row(
        "Zrób tabelkę z wynagrodzeniami zespołu do prezentacji: Paweł Lis — 14 200 zł brutto, Natalia Górska — 11 750 zł brutto.",
        [
            ("person_name", "Paweł Lis"),
            ("salary", "14 200 zł brutto"),
            ("person_name", "Natalia Górska"),
            ("salary", "11 750 zł brutto"),
        ],
        lang="pl",
    ),
    Row(
        "Mi sueldo es de 1.780 euros netos al mes y me han ofrecido 2.150 en otra empresa. ¿Cómo se lo digo a mi jefa, Marta?",
        [("salary", "1.780 euros netos al mes"), ("salary", "2.150"), ("person_name", "Marta")],
        lang="es",
    ),
    Row(
        "HR asked me to summarise this: 'Following review, Ayodele Banjo's annual compensation will be ₦14,400,000 plus a 10% performance bonus.'",
        [("person_name", "Ayodele Banjo"), ("salary", "₦14,400,000")],
    ),
    Row(
        "Tôi lương 25 triệu một tháng, vợ tôi lương 18 triệu, giúp tôi lập kế hoạch chi tiêu gia đình.",
        [("salary", "25 triệu một tháng"), ("salary", "18 triệu")],
        lang="vi",
    ),
    # PINs and door codes
    Row(
        "note for the dog sitter, make it friendly: key safe by the back door, code 4718. alarm panel in the hall, disarm with 2093 then press OFF. Biscuit gets fed at 6.",
        [("pin", "4718"), ("pin", "2093")],
    ),
    Row(
        "forgot which one is my card pin and which is the phone... bank card 8264, sim pin 0451, puk 73829104. can you make me a mnemonic",
        [("pin", "8264"), ("pin", "0451"), ("pin", "73829104")],
    ),
    Row(
        "Airbnb check-in message, translate to German: 'The building door code is 37B61, the lockbox code is 9054, flat on the 3rd floor.'",
        [("pin", "37B61"), ("pin", "9054")],
    ),
    Row(
        "Kannst du der Putzfrau schreiben, dass sich der Code an der Haustür geändert hat? Neuer Türcode: 615093. Alarmanlage weiterhin 7724.",
        [("pin", "615093"), ("pin", "7724")],
        lang="de",
    ),
    Row(
        "Digicode de l'immeuble 4A218, puis interphone « Lemaire ». Tu peux mettre ça dans un message d'accueil pour les invités du mariage ?",
        [("pin", "4A218"), ("person_name", "Lemaire")],
        lang="fr",
    ),
    Row(
        "the hotel safe is stuck, I set the code to 580417 yesterday and now it says ERROR. how do I word a request to the front desk without sounding dumb",
        [("pin", "580417")],
    ),
    Row(
        "暗証番号は3907です、と母に伝えるLINEの文章をやさしく書いて。キャッシュカードは引き出しの中。",
        [("pin", "3907")],
        lang="ja",
    ),
    Row(
        "my 8yo keeps guessing my ipad passcode (it's 190522, his birthday lol). how do i set up screen time so he can't",
        [("pin", "190522")],
    ),
    Row(
        "Oi, escreve uma mensagem pro meu irmão: a senha do portão é 2846# e a do cadeado da bicicleta é 119.",
        [("pin", "2846"), ("pin", "119")],
        lang="pt",
    ),
]

# --- secrets: API keys, tokens, private keys, passwords -----------------------------------------
ROWS += [
    Row(
        "why does stripe return 401 here?\n\n```js\nconst stripe = require('stripe')('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');\nawait stripe.refunds.create({ charge: chargeId });\n```",
        [
            (
                "api_key",
                "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",
            )
        ],
    ),
    Row(
        "restricted key for the reporting job: rk_live_NG38v0O8Y7tK9KLx3NO3DQC3APLvVABXA5 — does it need read access on balance_transactions? write the permissions list",
        [("api_key", "rk_live_NG38v0O8Y7tK9KLx3NO3DQC3APLvVABXA5")],
    ),
    Row(
        "git push keeps asking for a password, I pasted my token ghp_LAA2YqhkeCYVHqg4Eq4Gk19J7IfNR7WQUoOD and it still fails with 403. what scopes do I need?",
        [("access_token", "ghp_LAA2YqhkeCYVHqg4Eq4Gk19J7IfNR7WQUoOD")],
    ),
    Row(
        "Explain this GitHub Actions error:\n\n  env:\n    GH_TOKEN: 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\n  Error: Resource not accessible by personal access token",
        [
            (
                "access_token",
                "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",
            )
        ],
    ),
    Row(
        "GitLab CI can't clone the submodule.\n$ git clone https://oauth2:glpat-SaiY0kvLT5Lq7Pf36Ty6@gitlab.example-corp.net/infra/charts.git\nfatal: Authentication failed",
        [("access_token", "glpat-SaiY0kvLT5Lq7Pf36Ty6")],
    ),
    Row(
        "Mein Slack-Bot postet nichts mehr. Token ist xoxb-120158164293-6976420924403-tnNVUHYIAywjT5Q7GTi5pNEy, Scope chat:write ist gesetzt. Woran liegt's?",
        [("access_token", "xoxb-120158164293-6976420924403-tnNVUHYIAywjT5Q7GTi5pNEy")],
        lang="de",
    ),
    Row(
        "convert this curl to python requests:\ncurl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy done\"}' https://hooks.slack.com/services/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",
        [("access_token", "https://hooks.slack.com/services/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")],
    ),
    Row(
        "boto3 says InvalidClientTokenId, config below, what's wrong?\n\n[default]\naws_access_key_id = AKIAFXOOIJKISJG6PSPT\naws_secret_access_key = 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\nregion = eu-west-2",
        [("api_key", "AKIAFXOOIJKISJG6PSPT"), ("api_key", "RIp1mWdSkH+h8qE+Bzdz+fIs5JXYXmvHr98VdOsF")],
    ),
    Row(
        'terraform plan output has this in the diff, should I be worried?\n  ~ access_key = "AKIA3OGXUP4XK2F2JN36"\n  ~ secret_key = "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"',
        [("api_key", "AKIA3OGXUP4XK2F2JN36"), ("api_key", "v5/zrHV1eBtRIKJboR49X6xQ07I3Bf1TZCNq+F5f")],
    ),
    Row(
        "AWS_ACCESS_KEY_ID=AKIAGCRRTI526URQVWNR AWS_SECRET_ACCESS_KEY=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 aws s3 sync ./dist s3://static-site-prod  <- this is in my bash history, how do I wipe it",
        [("api_key", "AKIAGCRRTI526URQVWNR"), ("api_key", "BbuC/wWkIUlRJi9NIyROUfje43WbySq33kyhM6cM")],
    ),
    Row(
        "my openai client throws 'Incorrect API key provided' even though I copied it right:\nclient = OpenAI(api_key=\"sk-proj-60QyHV7IhdBOCK4VN7vH1PnoiMy3x8my6l7GMwvY_KK9N3Vikf759VZ0JHFV4hAojwkTT3BlbkFJdu-l0QPSR9WKy23QiAPZ3yS-lu5YLrITk3xpWoQS\")",
        [
            (
                "api_key",
                "sk-proj-60QyHV7IhdBOCK4VN7vH1PnoiMy3x8my6l7GMwvY_KK9N3Vikf759VZ0JHFV4hAojwkTT3BlbkFJdu-l0QPSR9WKy23QiAPZ3yS-lu5YLrITk3xpWoQS",
            )
        ],
    ),
    Row(
        ".env に入れたのに読み込まれません。\nOPENAI_API_KEY=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\ndotenv は入れてあります。",
        [
            (
                "api_key",
                "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",
            )
        ],
        lang="ja",
    ),
    Row(
        "anthropic SDK rate limits me at 5 rpm, is my key on the wrong tier? ANTHROPIC_API_KEY='sk-ant-api03-cYt3O9G3oS2idtwLDQA2tZf0KzFwnkdlWfxq0F3cqxoGL6PJARhKspn2ueY0grw1lAG2Z96v7eOksvcIv0nM648wfCteQAA'",
        [
            (
                "api_key",
                "sk-ant-api03-cYt3O9G3oS2idtwLDQA2tZf0KzFwnkdlWfxq0F3cqxoGL6PJARhKspn2ueY0grw1lAG2Z96v7eOksvcIv0nM648wfCteQAA",
            )
        ],
    ),
    Row(
        "huggingface-cli login --token hf_gNFFpS8FXjoZq6xFZmFNsVgPcB5QWG5NU8 gives 'Invalid user token', am I using the right kind of token (read vs write)?",
        [("api_key", "hf_gNFFpS8FXjoZq6xFZmFNsVgPcB5QWG5NU8")],
    ),
    Row(
        "Dockerfile review pls\n\nFROM python:3.12-slim\nENV HF_TOKEN=hf_OjGAzdX1LRMHJdScrm5cC7fZhiblPUa8m6\nRUN pip install transformers accelerate\nCOPY . /app",
        [("api_key", "hf_OjGAzdX1LRMHJdScrm5cC7fZhiblPUa8m6")],
    ),
    Row(
        'Google Maps stopped loading on our site, console says RefererNotAllowedMapError.\n<script src="https://maps.googleapis.com/maps/api/js?key=AIzaPz3ApcpebM_lg8g4H-uLibCzqzKE7im3D2M&callback=initMap"></script>',
        [("api_key", "AIzaPz3ApcpebM_lg8g4H-uLibCzqzKE7im3D2M")],
    ),
    Row(
        'firebase config from our android app, is it OK that it\'s in the repo?\n{\n  "apiKey": "AIzatk30ZLWlOacLTh7WFeTHqCN5Y1183j0EwJZ",\n  "projectId": "kiosk-orders-7f3a"\n}',
        [("api_key", "AIzatk30ZLWlOacLTh7WFeTHqCN5Y1183j0EwJZ")],
    ),
    Row(
        "sendgrid returns 403 Forbidden with this, help:\nsg = SendGridAPIClient('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')",
        [("api_key", "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")],
    ),
    Row(
        ".npmrc in our monorepo:\n//registry.npmjs.org/:_authToken=npm_nFmRGQqsP66psIaKElGR7dEXh4LAesjPbpNh\nwhy does npm publish say E404?",
        [("api_key", "npm_nFmRGQqsP66psIaKElGR7dEXh4LAesjPbpNh")],
    ),
    Row(
        "Twilio SMS not sending. account sid AC in env, api key SKc409b64a6b67fa57aa9b0b9718977cac, api secret cf2950027497be0bdeb842e3326a04c9. traceback says 20003",
        [("api_key", "SKc409b64a6b67fa57aa9b0b9718977cac"), ("api_key", "cf2950027497be0bdeb842e3326a04c9")],
    ),
    Row(
        "databricks-cli configure keeps failing:\nhost = https://adb-4418820193.7.azuredatabricks.net\ntoken = dapic6e76ea2a2dfa5b30e6f46a8333fecc6",
        [("api_key", "dapic6e76ea2a2dfa5b30e6f46a8333fecc6")],
    ),
    Row(
        "mailgun.js example won't send. key: 'key-24fe090497e2138f242085b5db925ca6', domain 'mg.bakery-lotte.de'. Was mache ich falsch?",
        [("api_key", "key-24fe090497e2138f242085b5db925ca6")],
    ),
    Row(
        'NIM endpoint returns 401:\ncurl https://integrate.api.nvidia.com/v1/chat/completions -H "Authorization: Bearer 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"',
        [("api_key", "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")],
    ),
    Row(
        "Our webhook verification fails. settings.py has\nWEBHOOK_SIGNING_SECRET = 'c3fec60487cf4ce060eba25f198ea98070416124430f1dc96e24872e196263bb'\nand we compute hmac sha256 over the raw body. what's wrong?",
        [("api_key", "c3fec60487cf4ce060eba25f198ea98070416124430f1dc96e24872e196263bb")],
    ),
    Row(
        "client_id: 8f1c2e44-payments-portal\nclient_secret: zgc5lwUz5arSl756+wVw5y6IgXkEC8Li8JEe1CdEP14=\ngrant_type: client_credentials\n^ keycloak says unauthorized_client, why",
        [("api_key", "zgc5lwUz5arSl756+wVw5y6IgXkEC8Li8JEe1CdEP14=")],
    ),
    Row(
        "Azure storage connection string from appsettings.json, the blob upload 403s:\nDefaultEndpointsProtocol=https;AccountName=rechnungsarchiv;AccountKey=P/h51Pf0EvEx8vfXpqGKC043tdlC/N80UE8RKZeNyKeO4z9ckq2mhAtmkUhvpTh3tE9LCTM9O8WPiU2ygqxv1Q==;EndpointSuffix=core.windows.net",
        [
            (
                "api_key",
                "P/h51Pf0EvEx8vfXpqGKC043tdlC/N80UE8RKZeNyKeO4z9ckq2mhAtmkUhvpTh3tE9LCTM9O8WPiU2ygqxv1Q==",
            )
        ],
    ),
    Row(
        "el cliente me mandó esta clave secreta para la API de pagos, ¿la pongo en el .env o en Vault? secret=65ba5943bef7ade5dd4cc6490c037eec4becc058db55ee26d386ac62245456c5",
        [("api_key", "65ba5943bef7ade5dd4cc6490c037eec4becc058db55ee26d386ac62245456c5")],
        lang="es",
    ),
    Row(
        "帮我看看这个配置为什么鉴权失败：\nweather:\n  endpoint: https://api.qweather-mirror.cn/v7\n  api_key: b7240cfefa26a240968abff6bda07c8c",
        [("api_key", "b7240cfefa26a240968abff6bda07c8c")],
        lang="zh",
    ),
    # access tokens
    Row(
        "decode this JWT and tell me when it expires:\neyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEzIiwibmFtZSI6IkxlbmEgSG9mbWFubiIsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjoxNzY3MzEyMDAwfQ.k6WIMW6e__LNZkzriMOzuQuCucSy44gNgZougBuuT7j",
        [
            (
                "access_token",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEzIiwibmFtZSI6IkxlbmEgSG9mbWFubiIsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjoxNzY3MzEyMDAwfQ.k6WIMW6e__LNZkzriMOzuQuCucSy44gNgZougBuuT7j",
            )
        ],
    ),
    Row(
        'nginx access log line, why is the admin route returning 200 for this user?\n10.4.7.22 - - [03/Feb/2026:10:12:44 +0000] "GET /admin/users HTTP/1.1" 200 "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5ZjNjMWUiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3NzAwMDAwMDB9.u93kiCRxaV5yJcpiuiCNeUw-Y1heqN8zHwaWjfrCI2F"',
        [
            (
                "access_token",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5ZjNjMWUiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3NzAwMDAwMDB9.u93kiCRxaV5yJcpiuiCNeUw-Y1heqN8zHwaWjfrCI2F",
            )
        ],
    ),
    Row(
        'Postman collection, the refresh step isn\'t working:\n"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOjc3MTIwLCJlbWFpbCI6ImQubXdhbmdpQGZhc3RtYWlsLmNvbSIsImV4cCI6MTc3MjQwOTYwMH0.6An5sB14_kRkJflo7IYM1oJD2rbnGzk7GieSVfbnbLm"}]}',
        [
            (
                "access_token",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOjc3MTIwLCJlbWFpbCI6ImQubXdhbmdpQGZhc3RtYWlsLmNvbSIsImV4cCI6MTc3MjQwOTYwMH0.6An5sB14_kRkJflo7IYM1oJD2rbnGzk7GieSVfbnbLm",
            )
        ],
    ),
    Row(
        "Gmail API call fails with insufficient scopes. access_token=ya29.a0AeRulHW54mxSp1qtExhe_uCfcJPzYrwsejCDN9iK5zvnvg1sX2dXUoe8NCnHun785gIhiUNsYTzihiEVvkDt8AlNR_2rngf2TFs9iFUNzgnRKUtEMS86zI_h39iyacuG1Et3W0oVQxp46HVN3Jssvmn",
        [
            (
                "access_token",
                "ya29.a0AeRulHW54mxSp1qtExhe_uCfcJPzYrwsejCDN9iK5zvnvg1sX2dXUoe8NCnHun785gIhiUNsYTzihiEVvkDt8AlNR_2rngf2TFs9iFUNzgnRKUtEMS86zI_h39iyacuG1Et3W0oVQxp46HVN3Jssvmn",
            )
        ],
    ),
    Row(
        "Slack user token for the export script, does it need admin? xoxp-87544641300-906181113228-8098780118894-df908fb7c47ea2079358ffe86175b7d3",
        [("access_token", "xoxp-87544641300-906181113228-8098780118894-df908fb7c47ea2079358ffe86175b7d3")],
    ),
    Row(
        "Cookie header from my browser, why does the site log me out after refresh?\nCookie: theme=dark; sessionid=2cb289d3751cf1d575c2a1e8587cdf36; csrftoken=18a3d35477188b02346d1e4584ccd8bf",
        [
            ("access_token", "2cb289d3751cf1d575c2a1e8587cdf36"),
            ("access_token", "18a3d35477188b02346d1e4584ccd8bf"),
        ],
    ),
    Row(
        "SAS URL expired? https://mediastore01.blob.core.windows.net/uploads/scan.pdf?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-03-01T00:00:00Z&sig=ZfXoR2sUK53Fv%g4U%haW0P9%DmeGb9VUKYzipej4iY%3D",
        [("access_token", "ZfXoR2sUK53Fv%g4U%haW0P9%DmeGb9VUKYzipej4iY%3D")],
    ),
    Row(
        "Renovate bot config for gitlab, token goes where?\nmodule.exports = { platform: 'gitlab', token: 'glpat-T9ftsKv-bQeV0KcTJs6k', endpoint: 'https://git.stadtwerke-intern.de/api/v4/' };",
        [("access_token", "glpat-T9ftsKv-bQeV0KcTJs6k")],
    ),
    Row(
        "Summarize this support chat for the ticket:\nAgent: Can you share the error?\nKofi: it says 'token expired' but I just made it, ghp_f0eIcpbunWBpiPUG1eeLFZLSLz2ex7SOkCAi\nAgent: please revoke that token immediately",
        [("person_name", "Kofi"), ("access_token", "ghp_f0eIcpbunWBpiPUG1eeLFZLSLz2ex7SOkCAi")],
    ),
    Row(
        "refresh_token: cb8151eeecb5c241c8da36722cd40c04e0efa6b3060c5968\nwhy does the oauth server reply invalid_grant when I reuse it?",
        [("access_token", "cb8151eeecb5c241c8da36722cd40c04e0efa6b3060c5968")],
    ),
    # private keys
    Row(
        "ssh keeps saying 'invalid format' for this key, what's wrong with it?\n\n-----BEGIN OPENSSH PRIVATE KEY-----\nyXAEC58Hv79FSCqXa5cH0BjRWUR0J783UAmyVCjcXgWxoYpoi4G18Ow/qv5GMNlv\nFiHp84Tjmf38ZIfRqBFzDUT7Qjp+ZgzptUiCh7uGIMmgAkH57zH/IC4zfqjjLpLL\nqLBSzEorbDsC83bdKpEdgCPpvZYOg/HiRdAhnPlfP9XUkr6ZQ5GMH1aENA9BNju5\nzZurleNTIcnAg7DTf0+PuaJDASmqZHjqn0F6UCWVrdd1btqGqjoMjbX15RZP9usZ\ndYXNmt80+sZlfISBLdbQX3z9j0y3A+jRlxL308Fed6LO0t/LAblX1U4Fjax3iTg5\nTH3J2dZIbj+xflnyMgdJGh1mnFk=\n-----END OPENSSH PRIVATE KEY-----",
        [
            (
                "private_key",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nyXAEC58Hv79FSCqXa5cH0BjRWUR0J783UAmyVCjcXgWxoYpoi4G18Ow/qv5GMNlv\nFiHp84Tjmf38ZIfRqBFzDUT7Qjp+ZgzptUiCh7uGIMmgAkH57zH/IC4zfqjjLpLL\nqLBSzEorbDsC83bdKpEdgCPpvZYOg/HiRdAhnPlfP9XUkr6ZQ5GMH1aENA9BNju5\nzZurleNTIcnAg7DTf0+PuaJDASmqZHjqn0F6UCWVrdd1btqGqjoMjbX15RZP9usZ\ndYXNmt80+sZlfISBLdbQX3z9j0y3A+jRlxL308Fed6LO0t/LAblX1U4Fjax3iTg5\nTH3J2dZIbj+xflnyMgdJGh1mnFk=\n-----END OPENSSH PRIVATE KEY-----",
            )
        ],
    ),
    Row(
        "nginx: [emerg] PEM_read_bio_PrivateKey() failed. here's the key file, is the header wrong?\n-----BEGIN RSA PRIVATE KEY-----\n1xN7fqdB+ot6en3YWHWVp8iHZ3stcBvSBeYKCdWjC/i+GE6FPXY2veueyTtdTKAM\n2odSzIkQYJg1RnTwIDdRKwCfmr7dHSl7G4NM3fb8IXWHrXxW8207R7/XZ+IlJg5o\nOWnbbcjWNETwDF63rMKwt06q5zS5DflJsPU4Q7cMIz1fj7+IbNPYNjOTGgEOzPiw\n9gT2BYf2lW8uexVOL7XrPRDYOHX/asPxYaWXj4pvOZS11D9fHsL4ZRgQQM5SgRGS\nC0T9sA/wRzVCWHFtFFsbcH0zAz1iWSa3LYTklFI3d2YbatFUbv2jHNbQnKQLMrW8\nAKTP50hs7afqJOwHygTZh3JS3U79nR6Q08sVBciqDC/876NIFluWWp7xAO/H3mh+\nj6JAq1EjoAKM3WPf\n-----END RSA PRIVATE KEY-----",
        [
            (
                "private_key",
                "-----BEGIN RSA PRIVATE KEY-----\n1xN7fqdB+ot6en3YWHWVp8iHZ3stcBvSBeYKCdWjC/i+GE6FPXY2veueyTtdTKAM\n2odSzIkQYJg1RnTwIDdRKwCfmr7dHSl7G4NM3fb8IXWHrXxW8207R7/XZ+IlJg5o\nOWnbbcjWNETwDF63rMKwt06q5zS5DflJsPU4Q7cMIz1fj7+IbNPYNjOTGgEOzPiw\n9gT2BYf2lW8uexVOL7XrPRDYOHX/asPxYaWXj4pvOZS11D9fHsL4ZRgQQM5SgRGS\nC0T9sA/wRzVCWHFtFFsbcH0zAz1iWSa3LYTklFI3d2YbatFUbv2jHNbQnKQLMrW8\nAKTP50hs7afqJOwHygTZh3JS3U79nR6Q08sVBciqDC/876NIFluWWp7xAO/H3mh+\nj6JAq1EjoAKM3WPf\n-----END RSA PRIVATE KEY-----",
            )
        ],
    ),
    Row(
        "k8s secret yaml won't apply, indentation?\napiVersion: v1\nkind: Secret\nstringData:\n  tls.key: |\n    -----BEGIN EC PRIVATE KEY-----\n    NMa1JkYgsjEl2AWDmO5ICRD9wTvkVx5dzNeV4hmlEZYrkBV8Px7V4uSbQl5GobRH\n    lnnKwdRhfcJ0R/SZenAS+7AhnJML6283QnSur0dfsoUUaYgm6p5VPnyTeysKqHZo\n    rJZUupIRH/V2sNao0d9j2CTEztTeo54q\n    -----END EC PRIVATE KEY-----",
        [
            (
                "private_key",
                "-----BEGIN EC PRIVATE KEY-----\n    NMa1JkYgsjEl2AWDmO5ICRD9wTvkVx5dzNeV4hmlEZYrkBV8Px7V4uSbQl5GobRH\n    lnnKwdRhfcJ0R/SZenAS+7AhnJML6283QnSur0dfsoUUaYgm6p5VPnyTeysKqHZo\n    rJZUupIRH/V2sNao0d9j2CTEztTeo54q\n    -----END EC PRIVATE KEY-----",
            )
        ],
    ),
    Row(
        'service account json, google auth says \'invalid_grant: Invalid JWT Signature\':\n{"type": "service_account", "client_email": "etl-runner@analytics-prod-4471.iam.gserviceaccount.com", "private_key": "-----BEGIN PRIVATE KEY-----\\nPY6CEsyG99U/r5XiEPrZzpF9EICBTJdIYKNmZffKjljb+JXlU9UHPAkZxUV0++ef\\nYYoAaJV390CtgzBcFYiyRCLkHm9r7zGv+cM4huZS5C5qKZGo4nlWI9uf/prAlEbM\\n46JOay4tYCIszqRwuxFr7XfoPwIwqqkr26mPsEFxVm2R/h5vJyAgU+aRTfmG4slS\\n-----END PRIVATE KEY-----\\n"}',
        [
            (
                "private_key",
                "-----BEGIN PRIVATE KEY-----\\nPY6CEsyG99U/r5XiEPrZzpF9EICBTJdIYKNmZffKjljb+JXlU9UHPAkZxUV0++ef\\nYYoAaJV390CtgzBcFYiyRCLkHm9r7zGv+cM4huZS5C5qKZGo4nlWI9uf/prAlEbM\\n46JOay4tYCIszqRwuxFr7XfoPwIwqqkr26mPsEFxVm2R/h5vJyAgU+aRTfmG4slS\\n-----END PRIVATE KEY-----",
            )
        ],
    ),
    Row(
        "WireGuard-Client verbindet nicht, hier meine wg0.conf:\n[Interface]\nPrivateKey = B46H083IztTWxxxd9ggAdDJ/1FnO0IDs2a9Ubi6naoI=\nAddress = 10.8.0.3/24\n[Peer]\nPublicKey = HAIzmKvjfyMtNsEgL/xd7O+1RUp8gFNEri+LWdLI5/I=\nEndpoint = vpn.praxis-dr-hahn.de:51820",
        [("private_key", "B46H083IztTWxxxd9ggAdDJ/1FnO0IDs2a9Ubi6naoI=")],
        lang="de",
    ),
    Row(
        "sops can't decrypt, is this key file formatted right?\n# created: 2025-11-02T09:14:55Z\n# public key: age1skpa0r28h70cx0qd63tc2yguggqqdd22j5vdtvcnph62fsy4nq4ynkn75t\nAGE-SECRET-KEY-1AJ7WLE2QSA57S6EL2FNZGE00LCMMALKC70RHFDXTPDF00EHESCTDEDH8FM",
        [("private_key", "AGE-SECRET-KEY-1AJ7WLE2QSA57S6EL2FNZGE00LCMMALKC70RHFDXTPDF00EHESCTDEDH8FM")],
    ),
    Row(
        'deploy key for the CI runner, I pasted it into the variable but the job still can\'t clone:\nSSH_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n3oOvymdZOlgCOYAwrm+DNCT6vT1VjvndNuhqiN3DzQLZcU2SkT5cSEOm2atZJZaM\neqNOQN/I0lbU7KRKi3ddn3lyW0vKcuDweBQxq6nnhsSYn/vJ82MHSaJrA3Nqvt21\nrT+pvR2LA3ovevtrUrF9UR7rpJYP9EhvGKgkRjGQVs2/5CASdqaXVEeujlrqsU4t\nBEO+lOh6PLuOVqF3VvHOJxqjxyH/SJxgQaRrwCI1slvbKjF09ib+caxIfxzrFf6A\nVJE6NFKQW3/RiMANrVWXJrnVYA/SKZMipCyK5Q==\n-----END RSA PRIVATE KEY-----"',
        [
            (
                "private_key",
                "-----BEGIN RSA PRIVATE KEY-----\n3oOvymdZOlgCOYAwrm+DNCT6vT1VjvndNuhqiN3DzQLZcU2SkT5cSEOm2atZJZaM\neqNOQN/I0lbU7KRKi3ddn3lyW0vKcuDweBQxq6nnhsSYn/vJ82MHSaJrA3Nqvt21\nrT+pvR2LA3ovevtrUrF9UR7rpJYP9EhvGKgkRjGQVs2/5CASdqaXVEeujlrqsU4t\nBEO+lOh6PLuOVqF3VvHOJxqjxyH/SJxgQaRrwCI1slvbKjF09ib+caxIfxzrFf6A\nVJE6NFKQW3/RiMANrVWXJrnVYA/SKZMipCyK5Q==\n-----END RSA PRIVATE KEY-----",
            )
        ],
    ),
    Row(
        "このSSH鍵をサーバーに登録したいのですが、どちらが公開鍵ですか？\n-----BEGIN OPENSSH PRIVATE KEY-----\nc4cid779S5bPkdNr3O53BO92s0sSHuLlFuuvjwMjSII5KUPxaf6SDw0nfKTy7o01\nGXkw9lpaHUxIH7Oyb/5kewYuwAxnrtVKMgEd+619gw/j/SQJ7R6pa/sznRbBmuk4\nuuIOBn+yiuZecpTHAR2ZBqDEqZMUn+3WM2FWXCvaRJwWFnqscY8nNqVrHa5JI2P8\nAaTjWmOiC5p5Gx4tue1Fk5GwoOe0C+iK3Rf5ML3ym7nv7qfcRvVkvl2Rd14YuUDH\nvtsOWsr8QU4=\n-----END OPENSSH PRIVATE KEY-----",
        [
            (
                "private_key",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nc4cid779S5bPkdNr3O53BO92s0sSHuLlFuuvjwMjSII5KUPxaf6SDw0nfKTy7o01\nGXkw9lpaHUxIH7Oyb/5kewYuwAxnrtVKMgEd+619gw/j/SQJ7R6pa/sznRbBmuk4\nuuIOBn+yiuZecpTHAR2ZBqDEqZMUn+3WM2FWXCvaRJwWFnqscY8nNqVrHa5JI2P8\nAaTjWmOiC5p5Gx4tue1Fk5GwoOe0C+iK3Rf5ML3ym7nv7qfcRvVkvl2Rd14YuUDH\nvtsOWsr8QU4=\n-----END OPENSSH PRIVATE KEY-----",
            )
        ],
        lang="ja",
    ),
    # passwords
    Row(
        "my django app can't connect to postgres:\nDATABASES = {'default': dj_database_url.parse('postgres://app_rw:Tr0mb0ne!Velvet@db-prod-2.internal:5432/shop')}\nerror: password authentication failed",
        [("password", "Tr0mb0ne!Velvet")],
    ),
    Row(
        'Traceback (most recent call last):\n  File "etl.py", line 41, in <module>\n    engine = create_engine("mysql+pymysql://reporting:q7#Lm2v!Rz@10.20.3.14/warehouse")\nsqlalchemy.exc.OperationalError: (1045, "Access denied for user \'reporting\'")\nhelp',
        [("password", "q7#Lm2v!Rz")],
    ),
    Row(
        "wifi at the cabin for the guest info sheet: network 'Fjellhytta_5G', password norway-moose-1987!! — make it look nice with a QR code placeholder",
        [("password", "norway-moose-1987!!")],
    ),
    Row(
        "Schreib meiner Mutter eine einfache Anleitung für ihr neues Tablet. Ihr Google-Konto ist renate.lorenz52@gmail.com, Passwort: Sonnenblume#2024 (bitte nicht ändern, sie vergisst es sonst)",
        [("email", "renate.lorenz52@gmail.com"), ("password", "Sonnenblume#2024")],
        lang="de",
    ),
    Row(
        "Explique à mon père comment se connecter à Ameli. Identifiant : son numéro de sécu, mot de passe : Papy-Lyon-69. Fais simple.",
        [("password", "Papy-Lyon-69")],
        lang="fr",
    ),
    Row(
        "mi contraseña del banco es Gatito_Naranja88 y no me deja entrar, dice bloqueada. ¿cómo escribo al soporte sin dar la contraseña?",
        [("password", "Gatito_Naranja88")],
        lang="es",
    ),
    Row(
        "社内VPNにつながりません。ユーザー名 k.watanabe、パスワード Sakura!2025spring で合ってるはずです。設定手順を確認してください。",
        [("password", "Sakura!2025spring")],
        lang="ja",
    ),
    Row(
        "路由器管理后台登录不上，用户名admin，密码 Lz8823@home，怎么恢复？",
        [("password", "Lz8823@home")],
        lang="zh",
    ),
    Row(
        "application.yml, spring boot won't start:\nspring:\n  datasource:\n    url: jdbc:postgresql://pg.intra:5432/billing\n    username: billing_svc\n    password: Hx9!pLq2#wE4tZ\n  jpa:\n    hibernate.ddl-auto: validate",
        [("password", "Hx9!pLq2#wE4tZ")],
    ),
    Row(
        "curl -u deploy:Mango\\$Cart77 https://nexus.buildfarm.local/repository/releases/ gives 401, do I need to escape something else?",
        [("password", "Mango\\$Cart77")],
    ),
    Row(
        "what does this header decode to? Authorization: Basic bWFyaWEuY29zdGE6VmVyYW8yMDI0IQ==",
        [("password", "bWFyaWEuY29zdGE6VmVyYW8yMDI0IQ==")],
    ),
    Row(
        "shared the netflix login with my sister, write a text telling her: email is the family one, pw is BlueHeron_4412, don't change the profile pics lol",
        [("password", "BlueHeron_4412")],
    ),
    Row(
        'docker-compose.yml\nservices:\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_ROOT_PASSWORD: "w4LrUs-Tuesday-91"\n      MARIADB_PASSWORD: "kiwi.Orbit.553"\nwhy does the healthcheck fail',
        [("password", "w4LrUs-Tuesday-91"), ("password", "kiwi.Orbit.553")],
    ),
    Row(
        "Я забыла, какой пароль ставила на рабочий ноутбук — кажется, Ромашка_1990 или Ромашка1990. Помоги написать письмо в IT-поддержку.",
        [("password", "Ромашка_1990"), ("password", "Ромашка1990")],
        lang="ru",
    ),
    Row(
        "Şifrem Galata.Kulesi34 ama e-posta uygulaması kabul etmiyor, IMAP ayarlarını kontrol eder misin?",
        [("password", "Galata.Kulesi34")],
        lang="tr",
    ),
    Row(
        'wpa_supplicant.conf pls check:\nnetwork={\n    ssid="Casa_Moretti"\n    psk="limoncello-sul-balcone"\n}',
        [("password", "limoncello-sul-balcone")],
    ),
    Row(
        "Kijk even mee naar mijn .env:\nDB_HOST=localhost\nDB_USER=webshop\nDB_PASS=Stroopwafel!2023\nMAIL_PASSWORD=fietsbel88",
        [("password", "Stroopwafel!2023"), ("password", "fietsbel88")],
        lang="nl",
    ),
    Row(
        "redis-cli -h cache.prod.local -a 'Rq7vX2nLp9sW' ping returns NOAUTH, what gives",
        [("password", "Rq7vX2nLp9sW")],
    ),
]

# --- health, medical record numbers, dates of birth ---------------------------------------------
ROWS += [
    Row(
        "can you help me explain to my boss why i need fridays off for the next 3 months, i started dialysis for stage 4 kidney disease and the only slot is friday morning",
        [("health", "dialysis"), ("health", "stage 4 kidney disease")],
    ),
    Row(
        "mum's oncologist said her CA-125 went up to 310 and they want to restart carboplatin. what should I ask at the appointment? she's 67",
        [("health", "CA-125 went up to 310"), ("health", "carboplatin")],
    ),
    Row(
        "Patient summary for the referral, tidy it up:\nName: Harold Pemberton\nDOB: 02/11/1949\nNHS No: 167 605 9334\nPMH: COPD, AF on warfarin, previous TIA 2021",
        [
            ("person_name", "Harold Pemberton"),
            ("date_of_birth", "02/11/1949"),
            ("medical_record", "167 605 9334"),
            ("health", "COPD"),
            ("health", "AF on warfarin"),
            ("health", "previous TIA 2021"),
        ],
    ),
    Row(
        "Bitte übersetze den Arztbrief für meinen Vater ins Englische: Patient Werner Kaltenbach, Versichertennr. W254033814, Diagnose: Morbus Parkinson, Therapie mit Levodopa/Carbidopa 100/25 mg 3x täglich.",
        [
            ("person_name", "Werner Kaltenbach"),
            ("medical_record", "W254033814"),
            ("health", "Morbus Parkinson"),
            ("health", "Levodopa/Carbidopa 100/25 mg 3x täglich"),
        ],
        lang="de",
    ),
    Row(
        "Écris un mot à l'école : mon fils Nathan est asthmatique et doit pouvoir prendre sa Ventoline pendant le sport. Merci, Mme Delphine Roussel",
        [
            ("person_name", "Nathan"),
            ("health", "asthmatique"),
            ("health", "Ventoline"),
            ("person_name", "Delphine Roussel"),
        ],
        lang="fr",
    ),
    Row(
        "Mi hermano Sergio tiene esquizofrenia paranoide y ha dejado la risperidona. ¿Cómo le explico a su jefe que necesita una baja sin contar demasiado?",
        [("person_name", "Sergio"), ("health", "esquizofrenia paranoide"), ("health", "risperidona")],
        lang="es",
    ),
    Row(
        "Scrivi un messaggio alla palestra per sospendere l'abbonamento: ho una ernia del disco L4-L5 e il fisiatra mi ha vietato i pesi per tre mesi. Firmato Luca Marchetti",
        [("health", "ernia del disco L4-L5"), ("person_name", "Luca Marchetti")],
        lang="it",
    ),
    Row(
        "Minha avó Dona Cida foi diagnosticada com Alzheimer em estágio moderado e toma donepezila 10 mg. Me ajuda a montar uma rotina de cuidados pros netos?",
        [
            ("person_name", "Cida"),
            ("health", "Alzheimer em estágio moderado"),
            ("health", "donepezila 10 mg"),
        ],
        lang="pt",
    ),
    Row(
        "我爸爸王建华上周查出来是肺腺癌IIIA期，医生建议先做化疗再手术。帮我整理一下要问医生的问题。",
        [("person_name", "王建华"), ("health", "肺腺癌IIIA期"), ("health", "化疗")],
        lang="zh",
    ),
    Row(
        "夫の健康診断の結果を要約してください。「氏名：高橋誠、LDLコレステロール 182 mg/dL、γ-GTP 134、脂肪肝の疑い」",
        [
            ("person_name", "高橋誠"),
            ("health", "LDLコレステロール 182 mg/dL"),
            ("health", "γ-GTP 134"),
            ("health", "脂肪肝の疑い"),
        ],
        lang="ja",
    ),
    Row(
        "우리 엄마 최영희 씨가 갑상선암 수술 후에 신지로이드 100mcg 드시는데, 해외여행 갈 때 약 반입 서류 영어로 써줘",
        [("person_name", "최영희"), ("health", "갑상선암 수술"), ("health", "신지로이드 100mcg")],
        lang="ko",
    ),
    Row(
        "मेरी पत्नी सीमा को गर्भावधि मधुमेह (gestational diabetes) है, उसके लिए एक हफ्ते का डाइट चार्ट बना दो।",
        [("person_name", "सीमा"), ("health", "गर्भावधि मधुमेह (gestational diabetes)")],
        lang="hi",
    ),
    Row(
        "أخي خالد مصاب بالصرع ويتناول ليفيتيراسيتام ٥٠٠ ملغ مرتين يومياً. اكتب لي رسالة إلى مدرسته تشرح ما يجب فعله أثناء النوبة.",
        [("person_name", "خالد"), ("health", "مصاب بالصرع"), ("health", "ليفيتيراسيتام ٥٠٠ ملغ مرتين يومياً")],
        lang="ar",
    ),
    Row(
        "Составь письмо в школу: у моей дочери Маши сахарный диабет 1 типа, у неё инсулиновая помпа, ей нужно разрешение есть на уроке.",
        [("person_name", "Маши"), ("health", "сахарный диабет 1 типа"), ("health", "инсулиновая помпа")],
        lang="ru",
    ),
    Row(
        "Bố tôi bị tai biến mạch máu não tháng trước, giờ liệt nửa người bên trái. Giúp tôi viết thư xin nghỉ phép chăm bố.",
        [("health", "tai biến mạch máu não"), ("health", "liệt nửa người bên trái")],
        lang="vi",
    ),
    Row(
        "rewrite nicer for the group chat: 'hey guys, Marcus won't make the stag, he's in rehab for alcohol dependence till march, keep it quiet'",
        [("person_name", "Marcus"), ("health", "in rehab for alcohol dependence")],
    ),
    Row(
        "my gf just told me she's HIV positive and on Biktarvy, undetectable. how do I support her, and what do I need to know for myself",
        [("health", "HIV positive"), ("health", "Biktarvy"), ("health", "undetectable")],
    ),
    Row(
        "Insurance claim form, help me fill 'description of condition': my son Arjun Menon (DOB 17 Aug 2016) fractured his left radius falling off a trampoline on 2 May, cast for 6 weeks.",
        [
            ("person_name", "Arjun Menon"),
            ("date_of_birth", "17 Aug 2016"),
            ("health", "fractured his left radius"),
        ],
    ),
    Row(
        "Lab results came through on the app, can you explain them in plain english? Patient: MOKOENA, LERATO. TSH 8.9 mIU/L (high), free T4 9 pmol/L (low). Hospital no. RX4471203",
        [
            ("person_name", "MOKOENA, LERATO"),
            ("health", "TSH 8.9 mIU/L (high)"),
            ("health", "free T4 9 pmol/L (low)"),
            ("medical_record", "RX4471203"),
        ],
    ),
    Row(
        "Discharge note to summarise:\nMRN: 00482913\nPt: Esperanza Quiñones, 71F\nDx: NSTEMI, s/p PCI to LAD\nDischarge meds: aspirin 81mg, ticagrelor 90mg BID, atorvastatin 80mg",
        [
            ("medical_record", "00482913"),
            ("person_name", "Esperanza Quiñones"),
            ("health", "NSTEMI, s/p PCI to LAD"),
            ("health", "aspirin 81mg"),
            ("health", "ticagrelor 90mg BID"),
            ("health", "atorvastatin 80mg"),
        ],
    ),
    Row(
        "HL7 message won't parse, can you spot the issue?\nPID|1||MRN7734201^^^STMARY^MR||Adeyemi^Tolulope^A||19850622|F|||44 Carlton Rd^^Leeds^^LS6 2NB^GB",
        [
            ("medical_record", "MRN7734201"),
            ("person_name", "Adeyemi^Tolulope^A"),
            ("date_of_birth", "19850622"),
            ("postal_address", "44 Carlton Rd^^Leeds^^LS6 2NB^GB"),
        ],
    ),
    Row(
        "Krankenhaus-Patientennummer 2024-118734 für meine Oma Hildegard Wenz — bitte hilf mir, eine Anfrage auf Akteneinsicht zu formulieren.",
        [("medical_record", "2024-118734"), ("person_name", "Hildegard Wenz")],
        lang="de",
    ),
    Row(
        "Dossier patient n° IPP 40017382 — Mme Josiane Perrin, née le 30/04/1952 — peux-tu résumer le compte rendu d'hospitalisation joint pour sa fille ?",
        [("medical_record", "40017382"), ("person_name", "Josiane Perrin"), ("date_of_birth", "30/04/1952")],
        lang="fr",
    ),
    Row(
        "Número de historia clínica 2871043, paciente Rosa María Etxeberria. Necesito pedir una copia de las pruebas de imagen, redáctame la solicitud.",
        [("medical_record", "2871043"), ("person_name", "Rosa María Etxeberria")],
        lang="es",
    ),
    Row(
        "診察券番号 0048-2271 の予約を変更したいので、病院に送るメールを書いてください。患者名：伊藤さくら（5歳）、喘息の定期受診です。",
        [("medical_record", "0048-2271"), ("person_name", "伊藤さくら"), ("health", "喘息")],
        lang="ja",
    ),
    Row(
        "病历号 ZY20240817033，患者 赵丽华，诊断 2型糖尿病伴周围神经病变。帮我翻译成英文给国外的医生看。",
        [
            ("medical_record", "ZY20240817033"),
            ("person_name", "赵丽华"),
            ("health", "2型糖尿病伴周围神经病变"),
        ],
        lang="zh",
    ),
    Row(
        "Chart note clean-up pls: 'Pt Brandon Kowalski, MRN 3318-0042-77, presents w/ worsening depression, PHQ-9 = 19, started on escitalopram 10 mg, denies SI.'",
        [
            ("person_name", "Brandon Kowalski"),
            ("medical_record", "3318-0042-77"),
            ("health", "worsening depression"),
            ("health", "PHQ-9 = 19"),
            ("health", "escitalopram 10 mg"),
        ],
    ),
    Row(
        "can you write an email to the GP surgery asking for my repeat prescription? NHS number 978 556 2360, name Zainab Hussain, meds: sertraline 100mg and propranolol 10mg",
        [
            ("medical_record", "978 556 2360"),
            ("person_name", "Zainab Hussain"),
            ("health", "sertraline 100mg"),
            ("health", "propranolol 10mg"),
        ],
    ),
    Row(
        "Versichertennummer M645010211 – die Krankenkasse will die Physiotherapie nach meinem Kreuzbandriss nicht zahlen. Widerspruch bitte!",
        [("medical_record", "M645010211"), ("health", "Kreuzbandriss")],
        lang="de",
    ),
    Row(
        "vet records for the pet insurance form, and also my own medicare number got mixed in there, 2953 41877 1, remove it before you summarise",
        [("medical_record", "2953 41877 1")],
    ),
    Row(
        "Numer karty pacjenta 58/2023/KAR, pacjent Stanisław Kowalczyk, rozpoznanie: niewydolność serca NYHA III. Napisz wniosek o skierowanie do sanatorium.",
        [
            ("medical_record", "58/2023/KAR"),
            ("person_name", "Stanisław Kowalczyk"),
            ("health", "niewydolność serca NYHA III"),
        ],
        lang="pl",
    ),
    Row(
        "therapy notes for my own records, make them bullet points: session 12, still having panic attacks on the tube, dr okafor upped my sertraline to 150mg, flashbacks less frequent",
        [
            ("health", "panic attacks"),
            ("health", "sertraline to 150mg"),
            ("health", "flashbacks"),
            ("person_name", "okafor"),
        ],
    ),
    Row(
        "Grandad's carer left this note, what does it mean? 'BM 14.2 before lunch, gave 6u Novorapid, sacral sore grade 2 re-dressed'",
        [("health", "BM 14.2 before lunch"), ("health", "6u Novorapid"), ("health", "sacral sore grade 2")],
    ),
    Row(
        "Ik moet mijn werkgever laten weten dat ik een burn-out heb en dat de bedrijfsarts me 50% arbeidsongeschikt heeft verklaard. Hoe verwoord ik dat? — Lieke Bosman",
        [("health", "burn-out"), ("health", "50% arbeidsongeschikt"), ("person_name", "Lieke Bosman")],
        lang="nl",
    ),
    Row(
        "Min sambo Oskar har fått diagnosen ADHD och ska börja med Elvanse 30 mg. Kan du skriva ett mejl till hans chef om anpassningar?",
        [("person_name", "Oskar"), ("health", "ADHD"), ("health", "Elvanse 30 mg")],
        lang="sv",
    ),
    Row(
        "Annem Ayşe Demir'in MR sonucunda multipl skleroz çıktı. İşverenine yazılacak izin dilekçesini hazırlar mısın?",
        [("person_name", "Ayşe Demir"), ("health", "multipl skleroz")],
        lang="tr",
    ),
    # dates of birth
    Row(
        "passport renewal form asks for DOB in DD/MM/YYYY, mine's March 3rd 1996 and my daughter's is 2019-10-27, convert both pls",
        [("date_of_birth", "March 3rd 1996"), ("date_of_birth", "2019-10-27")],
    ),
    Row(
        "Geburtsdatum: 29.02.1984 — das Formular akzeptiert es nicht, weil es 'ungültig' sei. Stimmt das? (Antragsteller: Henrik Solberg)",
        [("date_of_birth", "29.02.1984"), ("person_name", "Henrik Solberg")],
        lang="de",
    ),
    Row(
        "signup form validation bug: users born before 1970 fail. example user Dorothy Wainwright, born 7 Jan 1948, gets 'invalid date'",
        [("person_name", "Dorothy Wainwright"), ("date_of_birth", "7 Jan 1948")],
    ),
    Row(
        "Tôi sinh ngày 12 tháng 8 năm 1995, tên Lê Hoàng Phúc. Điền giúp tôi mẫu đơn xin visa Nhật bằng tiếng Anh.",
        [("date_of_birth", "12 tháng 8 năm 1995"), ("person_name", "Lê Hoàng Phúc")],
        lang="vi",
    ),
    Row(
        "Data de nascimento do meu filho Davi é 05/06/2020, a escola pediu numa ficha. Escreve um bilhete pra professora dizendo que ele tem alergia a lactose.",
        [("date_of_birth", "05/06/2020"), ("person_name", "Davi"), ("health", "alergia a lactose")],
        lang="pt",
    ),
    Row(
        "Дата рождения 14 июля 1978 г., ФИО Белова Татьяна Николаевна — проверь, правильно ли заполнена анкета на визу.",
        [("date_of_birth", "14 июля 1978 г."), ("person_name", "Белова Татьяна Николаевна")],
        lang="ru",
    ),
]

ROWS += [
    Row(
        "pandas question: df has a column like '388-51-7720' for ssn and I want to mask all but the last 4. here's a row: Tamika Reyes, 388-51-7720, 1994-05-08",
        [("person_name", "Tamika Reyes"), ("ssn", "388-51-7720"), ("date_of_birth", "1994-05-08")],
    ),
    Row(
        "Mi tío Ernesto perdió su tarjeta del Seguro Social en Texas, número 457 82 1306. ¿Cómo pide un reemplazo? Escríbeme los pasos en español sencillo.",
        [("person_name", "Ernesto"), ("ssn", "457 82 1306")],
        lang="es",
    ),
]

# --- locations and mixed pastes ------------------------------------------------------------------
ROWS += [
    Row(
        "my dad wandered off again, his tracker last pinged at 53.48071, -2.23744 about 20 min ago. write a message for the local facebook group, he's Bernard, 82, blue coat",
        [("location", "53.48071, -2.23744"), ("person_name", "Bernard")],
    ),
    Row(
        "delivery driver can't find our house, it's not on google properly. send him these coords in a nice msg: -33.91842, 18.42217 (gate is the green one)",
        [("location", "-33.91842, 18.42217")],
    ),
    Row(
        'Fix this JSON, the app says invalid:\n{"user": "kasia_m", "home": {"lat": 52.229675, "lng": 21.012230,}, "radius_m": 150}',
        [("location", "52.229675"), ("location", "21.012230")],
    ),
    Row(
        "Mein Sohn Jonas teilt seinen Standort mit mir, gerade 48°08'22.6\"N 11°34'31.9\"E. Ist das noch auf dem Schulgelände? Formuliere eine Nachricht an ihn.",
        [("person_name", "Jonas"), ("location", "48°08'22.6\"N 11°34'31.9\"E")],
        lang="de",
    ),
    Row(
        "Pour l'assurance, la voiture a été volée devant chez moi, position GPS 45.76412, 4.83566. Rédige la déclaration de sinistre, je suis Baptiste Lemoine.",
        [("location", "45.76412, 4.83566"), ("person_name", "Baptiste Lemoine")],
        lang="fr",
    ),
    Row(
        'strava export, can you strip the start point before I post it? my house is the first trkpt:\n<trkpt lat="-37.80214" lon="144.97839"><ele>41.2</ele></trkpt>',
        [("location", "-37.80214"), ("location", "144.97839")],
    ),
    Row(
        "我家的坐标是 31.19873, 121.43662，帮我写一条发给外卖小哥的说明，小区门口不好找。",
        [("location", "31.19873, 121.43662")],
        lang="zh",
    ),
    Row(
        "自宅の位置情報 35.65812, 139.70164 をタクシー会社に伝えるメールを書いてください。名前は小林です。",
        [("location", "35.65812, 139.70164"), ("person_name", "小林")],
        lang="ja",
    ),
    Row(
        "Localização da minha mãe agora, ela está perdida no centro: -23.55178, -46.63329. Escreve uma mensagem pra polícia com essas informações. Nome dela: Maria do Carmo Silva.",
        [("location", "-23.55178, -46.63329"), ("person_name", "Maria do Carmo Silva")],
        lang="pt",
    ),
    Row(
        "SQL to find users within 1 km of this user's saved home? row: (user_id=4471, name='Oyinkansola Bello', home_lat=6.43912, home_lon=3.42157)",
        [("person_name", "Oyinkansola Bello"), ("location", "6.43912"), ("location", "3.42157")],
    ),
    Row(
        "Zaginął mój pies, ostatni sygnał z obroży GPS: 50.06143 N, 19.93658 E, przy moim domu. Napisz ogłoszenie na grupę osiedlową.",
        [("location", "50.06143 N, 19.93658 E")],
        lang="pl",
    ),
    Row(
        "Meeting notes — please turn into action items:\n- Priyanka to send the revised contract to Oluwadamilare (dami.ola@brightpath.ng)\n- Hiroshi's paternity leave starts 1 Oct, cover by Ines\n- Budget: Ines' raise to €71,000 approved",
        [
            ("person_name", "Priyanka"),
            ("person_name", "Oluwadamilare"),
            ("email", "dami.ola@brightpath.ng"),
            ("person_name", "Hiroshi"),
            ("person_name", "Ines"),
            ("salary", "€71,000"),
        ],
    ),
    Row(
        "support chat, write the summary for the CRM:\nCustomer: hi my name is Rajesh Pillai, order didn't arrive\nAgent: sorry! can you confirm the address?\nCustomer: 23/B Anand Nagar, Kothrud, Pune 411038\nAgent: and a phone?\nCustomer: 98230 51746",
        [
            ("person_name", "Rajesh Pillai"),
            ("postal_address", "23/B Anand Nagar, Kothrud, Pune 411038"),
            ("phone", "98230 51746"),
        ],
    ),
    Row(
        "commit message review: 'fix: remove hardcoded creds (was DB_PASSWORD=Parakeet#Sunday9 and STRIPE_KEY=sk_live_5oaZNV8ehjLPVyhUML4eiq6f)' — is it ok to say this in the message?",
        [("password", "Parakeet#Sunday9"), ("api_key", "sk_live_5oaZNV8ehjLPVyhUML4eiq6f")],
    ),
    Row(
        "shell history from the jump box, which of these leaked secrets?\n  211  export GITHUB_TOKEN=ghp_8mQzR2vT4kLp9XwN3bYc7dHs1FjE6aUo0GiK\n  212  mysql -u root -pHarbourLights77 billing\n  213  ls -la",
        [("access_token", "ghp_8mQzR2vT4kLp9XwN3bYc7dHs1FjE6aUo0GiK"), ("password", "HarbourLights77")],
    ),
    Row(
        "Kannst du diese Bewerbung Korrektur lesen?\n\nLebenslauf – Sophie Marlene Adler\ngeb. 21.06.1997 in Dresden\nAnschrift: Kamenzer Str. 33, 01099 Dresden\nsophie.adler97@web.de · +49 151 2370 4418",
        [
            ("person_name", "Sophie Marlene Adler"),
            ("date_of_birth", "21.06.1997"),
            ("postal_address", "Kamenzer Str. 33, 01099 Dresden"),
            ("email", "sophie.adler97@web.de"),
            ("phone", "+49 151 2370 4418"),
        ],
        lang="de",
    ),
]

# --- negatives: look-alikes without personal or secret data -------------------------------------
NEGATIVES += [
    Negative(
        "pip says numpy 1.26.4 conflicts with scipy 1.13.0 and torch 2.3.1+cu121, which should I downgrade?",
        "version_number",
    ),
    Negative(
        "Upgrade notes: Kubernetes 1.29.3 → 1.30.2, containerd 1.7.13, etcd 3.5.12. What breaks?",
        "version_number",
    ),
    Negative(
        "Is ISBN 978-3-16-148410-0 the same book as 3-16-148410-X? My library app shows two entries.", "isbn"
    ),
    Negative("cite this properly in APA: ISBN 978-0-262-03384-8, MIT Press, 3rd edition", "isbn"),
    Negative(
        "Where's my parcel? Tracking number 1Z 999 AA1 01 2345 6784 hasn't updated since Tuesday. Write a polite chase email.",
        "tracking_id",
    ),
    Negative(
        "Amazon order 302-4471829-6639145 arrived damaged, draft a return request (no personal info needed, they have it).",
        "order_id",
    ),
    Negative(
        "Bestellnummer 2024-DE-883172 wurde doppelt berechnet, bitte einen kurzen Text an den Händler.",
        "order_id",
    ),
    Negative(
        "why does uuid.uuid4() sometimes give me 3f2b8c1e-9d4a-4e7b-b5c2-71a0e6d9f384 style and sometimes without dashes?",
        "uuid",
    ),
    Negative(
        "git revert a1f3c9e27b84d05f6e2c1b9a7d3e8f04c6b52a19 is conflicting with the merge, how do I resolve",
        "git_sha",
    ),
    Negative("cherry-pick 7e4d2b1 and 9c0fa83 onto release/2.4, what's the command", "git_sha"),
    Negative(
        "convert #1E90FF and #FF6347 to HSL and suggest a third colour that goes with them", "hex_color"
    ),
    Negative("my CSS gradient from #0f172a to #334155 looks banded on Safari, why?", "hex_color"),
    Negative(
        "firewall rule example: allow 192.0.2.0/24 and 198.51.100.17 on port 443, deny everything else. write it for nftables",
        "doc_ip",
    ),
    Negative("IPv6 docs range 2001:db8::/32 — how do I subnet it into /48s for a lab?", "doc_ip"),
    Negative(
        "In the README, replace the example contact user@example.com with a placeholder like <support-email>",
        "placeholder_email",
    ),
    Negative(
        "My tutorial says: export OPENAI_API_KEY=<your-api-key> — do I keep the angle brackets?",
        "placeholder_credential",
    ),
    Negative(
        "the docs show `Authorization: Bearer YOUR_TOKEN_HERE` — where do I actually get a token from?",
        "placeholder_credential",
    ),
    Negative(
        "docker run -e POSTGRES_PASSWORD=example postgres:16 — is 'example' literally the password in the official image docs?",
        "placeholder_credential",
    ),
    Negative(
        "In a .env.example file, should I write API_KEY=changeme or leave it blank?", "placeholder_credential"
    ),
    Negative(
        "Who was Marie Curie's doctoral advisor and what did she win the Nobel Prize for?", "public_figure"
    ),
    Negative("Write a short bio of Nelson Mandela for a Year 6 history project.", "public_figure"),
    Negative("Welche Romane hat Thomas Mann im Exil geschrieben?", "public_figure"),
    Negative("Résume la vie de Victor Hugo en cinq phrases pour un exposé.", "public_figure"),
    Negative("夏目漱石の『こころ』のあらすじを簡単に教えて。", "public_figure"),
    Negative("鲁迅的《狂人日记》主要讲了什么？", "public_figure"),
    Negative("Lev Tolstoy — Лев Толстой — в каком году написал «Анну Каренину»?", "public_figure"),
    Negative(
        "Why did Sherlock Holmes live at 221B Baker Street, and is the museum there worth visiting?",
        "fictional_character",
    ),
    Negative(
        "Is Hermione Granger's birthday canon in the books or only on the Wizarding World site?",
        "fictional_character",
    ),
    Negative(
        "How tall is Homer Simpson supposed to be, and what's his job at the power plant?",
        "fictional_character",
    ),
    Negative(
        "Compare the Toyota Corolla and the Honda Civic for a first car, which holds value better?",
        "product_name",
    ),
    Negative(
        "What's the opening time of the Eiffel Tower, Champ de Mars, 5 Av. Anatole France, 75007 Paris?",
        "public_building_address",
    ),
    Negative(
        "Plan a walking route from the Brandenburger Tor (Pariser Platz, 10117 Berlin) to the Reichstag.",
        "public_building_address",
    ),
    Negative("What are the early symptoms of type 2 diabetes in adults?", "generic_health"),
    Negative(
        "¿Cuál es la dosis habitual de ibuprofeno para un adulto con dolor de cabeza?", "generic_health"
    ),
    Negative("Was ist der Unterschied zwischen Morbus Crohn und Colitis ulcerosa?", "generic_health"),
    Negative("高血圧の人が避けるべき食べ物は何ですか？", "generic_health"),
    Negative("Explain how mRNA vaccines work, for a high-school biology class.", "generic_health"),
    Negative(
        "What's the typical salary range for a junior data analyst in Manchester? I've seen £26k–£32k quoted.",
        "generic_salary",
    ),
    Negative("Durchschnittsgehalt einer Pflegefachkraft in Bayern 2025?", "generic_salary"),
    Negative("软件工程师在深圳的平均月薪大概是多少？", "generic_salary"),
    Negative("compute 9876543210987654 * 1234567890123456 exactly, python gives me a float", "math"),
    Negative("Is 4398046511104 a power of two? And what about 18014398509481984?", "math"),
    Negative("What's 2^64 - 1 written out? I think it's 18446744073709551615.", "math"),
    Negative("Convert the unix timestamp 1767225600 to ISO 8601 and tell me the weekday.", "timestamp"),
    Negative(
        "log line: 2026-01-14T08:22:51.337Z INFO worker-3 batch 88231 done in 4.12s — what does the Z mean?",
        "timestamp",
    ),
    Negative(
        "Need a replacement for part no. 0800-555-2231-B (pump seal) for our Grundfos unit, which supplier?",
        "part_number",
    ),
    Negative(
        "Spare part 4451 2290 1837 for the Miele dishwasher, is that the same as the 4451 2290 1838?",
        "part_number",
    ),
    Negative(
        "What are the coordinates of the centre of Rome? I read 41.9028, 12.4964 — is that the Colosseum or Piazza Venezia?",
        "geo_coordinates",
    ),
    Negative("Geography homework: which city is at roughly 35.6762° N, 139.6503° E?", "geo_coordinates"),
    Negative(
        "Our SaaS uses Stripe, Twilio and SendGrid. Which one should handle SMS-based 2FA?", "company_name"
    ),
    Negative("Write a haiku about the Deutsche Bahn being late again.", "company_name"),
    Negative(
        "In a tutorial, how do I explain that sk_live_ keys are secret but pk_live_ keys can be in the browser?",
        "token_docs",
    ),
    Negative("What does the prefix ghp_ mean on a GitHub token versus gho_ and ghs_?", "token_docs"),
    Negative(
        "Is a 4-digit PIN really weaker than a 6-digit one? Give me the math on brute-force attempts.",
        "pin_generic",
    ),
    Negative("Give me tips for a strong password policy for a 50-person company.", "password_advice"),
    Negative(
        "Ticket JIRA-40417 says 'login broken on Safari 17.4', write the bug report template", "ticket_id"
    ),
    Negative("Incident INC0087712 postmortem outline please, the outage was 42 minutes.", "ticket_id"),
    Negative(
        "sha256 of the release tarball is 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, how do I verify it on Windows?",
        "sha256",
    ),
    Negative(
        "How does the IBAN checksum work? Explain mod 97 step by step with a made-up country code XX.",
        "iban_docs",
    ),
    Negative(
        "Why do UK car number plates start with two letters then two digits, like the '24' in a 2024 registration?",
        "license_plate_generic",
    ),
    Negative(
        "Price list: Basic 19,99 €, Pro 49,99 €, Team 129,00 € pro Monat — formatiere als Tabelle.", "price"
    ),
    Negative("Convert 1,250,000 JPY to EUR at today's rate roughly, just for a budgeting example.", "price"),
    Negative("the error code 0x80070005 keeps showing in Windows Update, what is it", "code_numbers"),
    Negative("Flight LH 2471 from MUC to LHR, what terminal does it usually use?", "flight_number"),
    Negative(
        "Room 3.14 in building B is booked for the seminar, make a poster announcing it 10:00–12:00.",
        "room_number",
    ),
    Negative(
        "Add the ISO 3166 codes DE, FR, IT, ES, PL to this dropdown and sort them alphabetically.",
        "country_code",
    ),
    Negative(
        "The serial on my router is SN: 2247K0183395, does that mean it was made in 2022?", "serial_number"
    ),
    Negative("What do the numbers on a tyre like 205/55 R16 91V mean?", "product_code"),
    Negative(
        "Kafka consumer lag is 184467 messages on partition 3, offset 99128734 — how do I catch up faster?",
        "code_numbers",
    ),
    Negative(
        "Explain the format of a US Social Security number — what do the area, group and serial parts mean?",
        "ssn_docs",
    ),
]
