"""Every kind: what it finds (several phrasings, the exact span) and the look-alikes it leaves alone."""

from __future__ import annotations

import pytest

from edged.privacy import KINDS, scan


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


# (text, kind, the value the finding must cover exactly)
FOUND = [
    # email, plain and spelled out
    ("write to priya.natarajan@outlook.com before friday", "email", "priya.natarajan@outlook.com"),
    ("my email is jane dot doe at gmail dot com, thanks", "email", "jane dot doe at gmail dot com"),
    ("contact: jane[at]example[dot]org", "email", "jane[at]example[dot]org"),
    ("reach me at jane (at) corp (dot) io if the form breaks", "email", "jane (at) corp (dot) io"),
    ("send it to m.okafor at protonmail.com please", "email", "m.okafor at protonmail.com"),
    ("JANE {AT} STARTUP {DOT} AI", "email", "JANE {AT} STARTUP {DOT} AI"),
    # phone
    ("Text me on +49 151 2345 6789 when you land", "phone", "+49 151 2345 6789"),
    ("home phone: 0161 496 0731", "phone", "0161 496 0731"),
    # ssn
    ("my social is 524-81-3390", "ssn", "524-81-3390"),
    ("SSN 524 81 3390 on the W-2", "ssn", "524 81 3390"),
    # payment card
    ("Visa 4539 1488 0343 6467, expires 09/28", "payment_card", "4539 1488 0343 6467"),
    ("card: 5425-2334-3010-9903\nCVV: 731", "payment_card", "5425-2334-3010-9903"),
    ("the CVV on the back is 731", "payment_card", "731"),
    # iban
    ("wire it to NL91 ABNA 0417 1643 00", "iban", "NL91 ABNA 0417 1643 00"),
    # passport
    ("Passport No: 533380006 issued 2019", "passport", "533380006"),
    # national ids, valid check digits
    ("NI number JG103759A", "national_id", "JG103759A"),
    ("my NINO is JG 10 37 59 A", "national_id", "JG 10 37 59 A"),
    ("Steuer-ID: 49301827541", "national_id", "49301827541"),
    ("Steueridentifikationsnummer 27 519 384 020", "national_id", "27 519 384 020"),
    ("numéro de sécurité sociale 1 84 12 76 451 089 46", "national_id", "1 84 12 76 451 089 46"),
    ("NIR 175052A00412361 (né en Corse)", "national_id", "175052A00412361"),
    ("CPR-nr. 150385-1234", "national_id", "150385-1234"),
    ("mit CPR 1503851234", "national_id", "1503851234"),
    ("Aadhaar: 4938 1726 5030", "national_id", "4938 1726 5030"),
    ("aadhaar number 739201846526", "national_id", "739201846526"),
    ("CPF 384.720.195-60", "national_id", "384.720.195-60"),
    ("meu cpf é 90214536734", "national_id", "90214536734"),
    ("DNI 48293017D", "national_id", "48293017D"),
    ("NIE Y-4829301-M", "national_id", "Y-4829301-M"),
    ("codice fiscale: BNCLRA80A41F205G", "national_id", "BNCLRA80A41F205G"),
    ("SIN 130 692 544", "national_id", "130 692 544"),
    ("my social insurance number is 527193841", "national_id", "527193841"),
    ("ITIN 912-78-4321", "national_id", "912-78-4321"),
    # drivers licence
    ("driver's license number D4827193", "drivers_license", "D4827193"),
    ("Driving licence: MORGA753116SM9IJ", "drivers_license", "MORGA753116SM9IJ"),
    ("DL# 123 456 789 (NY)", "drivers_license", "123 456 789"),
    # licence plate
    ("licence plate AB12 CDE, silver Golf", "license_plate", "AB12 CDE"),
    ("plate number: 7XYZ391", "license_plate", "7XYZ391"),
    ("my car reg is LV19 KTP", "license_plate", "LV19 KTP"),
    # bank account
    ("sort code 20-00-00, account 55779911", "bank_account", "20-00-00"),
    ("sort code 20-00-00, account 55779911", "bank_account", "55779911"),
    ("routing number 322270482 and account no. 004417730519", "bank_account", "322270482"),
    ("routing number 322270482 and account no. 004417730519", "bank_account", "004417730519"),
    ("Acct #: 8812-0043-77", "bank_account", "8812-0043-77"),
    # pin
    ("my PIN is 4921", "pin", "4921"),
    ("the door code is 7391# if I'm not home", "pin", "7391#"),
    ("passcode: 281945", "pin", "281945"),
    ("iPhone unlock code 060312", "pin", "060312"),
    ("the garage code is 5580", "pin", "5580"),
    # api keys
    (
        "HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
        "api_key",
        "hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    ),
    (
        "NVIDIA_API_KEY=nvapi-3kX9vQ2mL8pR4tY7wZ1bN6cH5jF0gD2sA9eU3iO7yT1rE4qW8",
        "api_key",
        "nvapi-3kX9vQ2mL8pR4tY7wZ1bN6cH5jF0gD2sA9eU3iO7yT1rE4qW8",
    ),
    (
        "maps key AIzaSyB3x9Qk2LmP7vR4tW8yZ1aC6dE0fG5hJ3k",
        "api_key",
        "AIzaSyB3x9Qk2LmP7vR4tW8yZ1aC6dE0fG5hJ3k",
    ),
    ("stripe.api_key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'", "api_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
    ("rk_live_51H8x2KZvQ9mN3pL7rT4wY6", "api_key", "rk_live_51H8x2KZvQ9mN3pL7rT4wY6"),
    ("gitlab token glpat-x7Kq2mN9pR4tW8vZ1bC3", "api_key", "glpat-x7Kq2mN9pR4tW8vZ1bC3"),
    (
        "//registry.npmjs.org/:_authToken=npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
        "api_key",
        "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    ),
    ("twilio SK4f8a2c9e1b7d3f6a0c5e8b2d9f1a7c3e", "api_key", "SK4f8a2c9e1b7d3f6a0c5e8b2d9f1a7c3e"),
    (
        "Twilio account SID AC7f3a9c2e8b1d4f6a0c5e9b2d8f1a3c7e",
        "api_key",
        "AC7f3a9c2e8b1d4f6a0c5e9b2d8f1a3c7e",
    ),
    (
        "SENDGRID=SG.k2Lm9PqR4sT7vW1xY3zA5b.C8dE0fG2hJ4kL6mN8pQ0rS2tU4vW6xY8zA0bC2dE4f",
        "api_key",
        "SG.k2Lm9PqR4sT7vW1xY3zA5b.C8dE0fG2hJ4kL6mN8pQ0rS2tU4vW6xY8zA0bC2dE4f",
    ),
    (  # a webhook URL is a bearer credential: whoever holds it can post
        "post to https://hooks.slack.com/services/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",
        "access_token",
        "https://hooks.slack.com/services/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",
    ),
    ("here's my key: 8f7a2c91e4b03d5f6a7c8e9d0b1f2a3c", "api_key", "8f7a2c91e4b03d5f6a7c8e9d0b1f2a3c"),
    ("the secret they gave me is Zq4mK9pL2xR7vT1wN8bC3dF6", "api_key", "Zq4mK9pL2xR7vT1wN8bC3dF6"),
    # access tokens
    (
        "here's my token: 8f7a2c91e4b03d5f6a7c8e9d0b1f2a3c55d0",
        "access_token",
        "8f7a2c91e4b03d5f6a7c8e9d0b1f2a3c55d0",
    ),
    ('curl -H "Authorization: Token 9c8b7a6d5e4f3a2b1c0d9e8f"', "access_token", "9c8b7a6d5e4f3a2b1c0d9e8f"),
    (
        "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2025-01-01T00%3A00Z&sr=b&sp=r&sig=Xk9vQ2mL8pR4tY7wZ1bN6cH5jF0gD%3D",
        "access_token",
        "Xk9vQ2mL8pR4tY7wZ1bN6cH5jF0gD%3D",
    ),
    # passwords
    ("the WiFi password is sunflower88", "password", "sunflower88"),
    ("our wifi password is bluebird, write it on the card", "password", "bluebird"),
    ("WPA key: Tr0ub4dor&3", "password", "Tr0ub4dor&3"),
    ("network key is 7HxK29pQ", "password", "7HxK29pQ"),
    ("my password is correct-horse-battery-staple", "password", "correct-horse-battery-staple"),
    ("I use Summer2024! for everything, is that bad?", "password", "Summer2024!"),
    ("my password for gmail is Kangaroo#77", "password", "Kangaroo#77"),
    ("DATABASE_URL=postgres://app:Xk92!mPq@db.internal:5432/prod", "password", "Xk92!mPq"),
    ("mysql://root:s3cr3tpw@localhost/shop", "password", "s3cr3tpw"),
    ("mongodb+srv://svc:N0tS0Secret@cluster0.ab1cd.mongodb.net/test", "password", "N0tS0Secret"),
    ("redis://default:rEd1sPw@cache:6379/0", "password", "rEd1sPw"),
    ("amqp://guest:gu3stPass@rabbit:5672/", "password", "gu3stPass"),
    ("git clone https://bob:ghpass99@git.corp.lan/x.git", "password", "ghpass99"),
    ("ftp://anon:ftpPw2024@files.lan/pub", "password", "ftpPw2024"),
    ("curl -u admin:Adm1nPw! https://api.internal/v1", "password", "Adm1nPw!"),
    ("curl --user deploy:d3pl0y https://ci.lan", "password", "d3pl0y"),
    ('curl -H "Authorization: Basic YWxpY2U6czNjcjN0"', "password", "YWxpY2U6czNjcjN0"),
    ("DB_PASSWORD=s3cr3tValue\nDB_USER=app", "password", "s3cr3tValue"),
    ("database:\n  user: app\n  password: hunter2hunter", "password", "hunter2hunter"),
    ('{"user": "ana", "secret": "p4ss w0rd!"}', "password", "p4ss w0rd!"),
    ('[db]\npassword = "Winter#2023"', "password", "Winter#2023"),
    ("PGPASSWORD=pgpw1234 psql -h db", "password", "pgpw1234"),
    ("spring.datasource.password=Spr1ngPw", "password", "Spr1ngPw"),
    ("<password>xmlPw123</password>", "password", "xmlPw123"),
    ("mysql -u root -pR00tPw! shop", "password", "R00tPw!"),
    # private key
    (
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBk\n-----END EC PRIVATE KEY-----",
        "private_key",
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBk\n-----END EC PRIVATE KEY-----",
    ),
    # date of birth, medical record
    ("DOB 14/07/1990", "date_of_birth", "14/07/1990"),
    ("MRN: 00482913", "medical_record", "00482913"),
    # postal addresses
    (
        "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
        "postal_address",
        "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
    ),
    ("I live at 221B Baker Street, so come by", "postal_address", "221B Baker Street"),
    ("deliver to 48 Maple Ave Apt 3C please", "postal_address", "48 Maple Ave Apt 3C"),
    (
        "Flat 2, 17 Kingsley Road, Bristol BS6 5AB",
        "postal_address",
        "Flat 2, 17 Kingsley Road, Bristol BS6 5AB",
    ),
    (
        "Buckingham Palace? no, 10 Station Road, London SW1A 1AA",
        "postal_address",
        "10 Station Road, London SW1A 1AA",
    ),
    ("return address: 3 Ely Place, EC1A 1BB", "postal_address", "3 Ely Place, EC1A 1BB"),
    ("Hauptstraße 12, 10115 Berlin", "postal_address", "Hauptstraße 12, 10115 Berlin"),
    ("Wir wohnen: Lindenallee 4a, 50968 Köln", "postal_address", "Lindenallee 4a, 50968 Köln"),
    ("12 rue de la Paix, 75002 Paris", "postal_address", "12 rue de la Paix, 75002 Paris"),
    ("〒100-0001 東京都千代田区千代田1-1", "postal_address", "〒100-0001 東京都千代田区千代田1-1"),
    ("東京都千代田区千代田1-1 に住んでいます", "postal_address", "東京都千代田区千代田1-1"),
    ("1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001", "postal_address", "1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001"),
    ("my address is 5 Rosewood Close, Leeds", "postal_address", "5 Rosewood Close, Leeds"),
    ("ship to: 77 Harbour View Drive, Cork", "postal_address", "77 Harbour View Drive, Cork"),
    ("my postcode is SW1A 1AA", "postal_address", "SW1A 1AA"),
    # person names
    ("I have an appointment with Dr. Anjali Mehta on Tuesday", "person_name", "Anjali Mehta"),
    ("My name is Tomasz Wójcik and I need help", "person_name", "Tomasz Wójcik"),
    ("Hi, I'm Priya and I run a bakery", "person_name", "Priya"),
    ("this is Daniel Okafor from the billing team", "person_name", "Daniel Okafor"),
    ("Best regards,\nJane Doe", "person_name", "Jane Doe"),
    ("Can you fix this?\nThanks, Priya", "person_name", "Priya"),
    ("Dear Marcus,\nthe keys are under the mat.", "person_name", "Marcus"),
    ("John Smith, SSN 524-81-3390", "person_name", "John Smith"),
    ("Maria Garcia's card 4539 1488 0343 6467 was declined", "person_name", "Maria Garcia"),
    ("patient Ahmed Khan, HIV positive, follow-up in May", "person_name", "Ahmed Khan"),
    ("employee Lisa Wong earns $142,000", "person_name", "Lisa Wong"),
    ("my colleague Tom Baker keeps taking my lunch", "person_name", "Tom Baker"),
    ("Full name: Olusegun Adeyemi", "person_name", "Olusegun Adeyemi"),
    # location
    ("my home is at 51.5074, -0.1278", "location", "51.5074, -0.1278"),
    ("she lives at 40.7128° N, 74.0060° W", "location", "40.7128° N, 74.0060° W"),
    ("what are the coordinates of his house? 48.85837, 2.29448", "location", "48.85837, 2.29448"),
    ("I'm parked at 34°03'08\"N 118°14'37\"W", "location", "34°03'08\"N 118°14'37\"W"),
    # salary
    ("Lisa Wong's salary is $142,000", "salary", "$142,000"),
    ("I earn £45k a year before tax", "salary", "£45k a year"),  # the period belongs to the amount
    ("employee #4411 makes 95,000 EUR", "salary", "95,000 EUR"),
    ("my base salary is 85000 and the bonus is 10%", "salary", "85000"),
    ("my wife makes about $61,500", "salary", "$61,500"),
    # health
    ("my mother was diagnosed with type 2 diabetes last year", "health", "type 2 diabetes"),
    ("patient John Doe, HIV positive", "health", "HIV positive"),
    ("I'm on 20mg fluoxetine for depression", "health", "20mg fluoxetine for depression"),
    ("her chemo starts Monday", "health", "chemo"),
    ("I have bipolar disorder and my job is stressful", "health", "bipolar disorder"),
    ("I'm pregnant and haven't told my boss", "health", "pregnant"),
    ("my dad has early-stage Parkinson's", "health", "early-stage Parkinson's"),
    ("my blood test results came back high", "health", "blood test results"),
]


@pytest.mark.parametrize(("text", "kind", "value"), FOUND)
def test_finds_each_kind_and_covers_the_value(text: str, kind: str, value: str) -> None:
    assert kind in KINDS
    assert (kind, value) in spans(text), spans(text)


@pytest.mark.parametrize(
    "text",
    [
        # look-alike numbers
        "Upgrade to 1.2.3.4 and then 10.4.22.1; keep 2.0.0.0 as fallback.",
        "ISBN 978-0-306-40615-7 and 0-306-40615-2",
        "Order #4417-2291-0083 shipped; tracking 1Z999AA10123456784",
        "Request id 3fa85f64-5717-4562-b3fc-2c963f66afa6 failed",
        "fixed in commit 3f2a9c1e8b7d6f5a4c3b2a19e8d7c6b5a4f3e2d1",
        "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "The key fix landed in commit 3f2a9c1e8b7d6f5a4c3b2a19e8d7c6b5a4f3e2d1",  # a SHA shown as such
        "token refresh broke in 9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d, see the diff",
        "Block 192.0.2.44, 198.51.100.7 and 203.0.113.250 at the firewall",
        "ping 2001:db8::1",
        # invalid check digits
        "NI number QQ123456C",  # QQ: never allocated
        "Steuer-ID: 49301827542",
        "Steuer-ID: 49301827568",  # check digit right, but no digit repeats
        "Steuer-ID: 49301118275",  # check digit right, but one digit three times in a row
        "NIR 1 84 12 76 451 089 47",
        "CPR 320185-1234",  # 32 January
        "Aadhaar 4938 1726 5031",
        "CPF 384.720.195-61",
        "DNI 48293017Z",
        "NIE Y4829301A",
        "codice fiscale BNCLRA80A41F205H",
        "SIN 130 692 545",
        "ITIN 912-93-4321",  # group 93 is not issued
        "routing number 322270483",
        "card 4539 1488 0343 6468",
        # placeholders and fake addresses
        "Use a fake one like 123 Fake Street, Springfield, IL 62704 in the demo.",
        "Format it like 123 Main St, Anytown, CA 90210.",
        "e.g. 1 Example Road, London SW1A 1AA",
        "postgres://user:password@localhost/db",
        "postgres://user:<password>@localhost/db",
        "mysql://root:${MYSQL_PASSWORD}@db/app",
        "redis://:****@cache:6379",
        "ssh://deploy@build.example.com/srv/repo",
        "curl -u $USER:$TOKEN https://api.example.com",
        'password = os.environ["DB_PASSWORD"]',
        "password: <your password here>",
        "Authorization: Basic <base64 credentials>",
        "Authorization: Bearer $TOKEN",
        "AKIAXXXXXXXXXXXXXXXX",
        "api_key = 'sk-xxxxxxxxxxxxxxxxxxxxxxxx'",
        # bare cities, landmarks, geography
        "What's the weather like in Berlin and Paris this week?",
        "Who lives at 10 Downing Street?",
        "What happened at 1600 Pennsylvania Avenue NW, Washington, DC 20500 on January 6?",
        "what's at 0,0 on a map?",
        "Compute the distance between 51.5074, -0.1278 and 48.8566, 2.3522.",
        # public figures, products, sentence starts
        "Who was Abraham Lincoln?",
        "Summarise Marie Curie's work on radioactivity.",
        "Tell me about Dr. Martin Luther King Jr. and the march on Washington.",
        "Write a story about Mr. Fox and the farmers.",
        "Hello World! This is Python from the command line.",
        "Dear Sir or Madam,\nI am writing to complain.",
        "Best regards,\n[Your Name]",
        "Microsoft Word and Google Docs both export PDF.",
        # generic salary and health questions
        "What is the average salary of a nurse in Ohio? Around $75,000?",
        "How much do software engineers make in Berlin, 70k EUR?",
        "Lloyd earns $10 an hour tutoring. How much does he earn in 5 hours?",
        "What are the symptoms of diabetes?",
        "How does chemotherapy work against cancer?",
        "Can people with asthma run marathons?",
        "Write an essay on depression in teenagers.",
        # pins, plates, licences in other senses
        "Connect the LED to pin 13 and GND.",
        "HTTP status code 4040 is not a thing; 404 is.",
        "Read the license at LICENSE-2.0 before you ship.",
        "tectonic plates move 2-5 cm per year",
        "registration opens 2024-03-01",
        "my account has 3 projects",
        "I use Python for everything.",
        "I use 1Password for all my passwords",
        # email look-alikes
        "I work at google.com and live in Zurich",
        "look at this dot com bubble chart",
        "git@github.com:org/repo.git",
    ],
)
def test_leaves_look_alikes_alone(text: str) -> None:
    assert spans(text) == []


def test_all_kinds_have_a_positive_example() -> None:
    covered = {kind for _, kind, _ in FOUND}
    assert covered >= set(KINDS) - {"custom"}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("redis://:redisPw99@cache:6379", "password", "redisPw99"),
        ("api key: 550e8400-e29b-41d4-a716-446655440000", "api_key", "550e8400-e29b-41d4-a716-446655440000"),
        ("I use Password123 for all my logins", "password", "Password123"),
        ("My teacher Mrs. Brown assigned chapter 4 to my son", "person_name", "Brown"),
    ],
)
def test_edge_cases_that_count(text: str, kind: str, value: str) -> None:
    assert (kind, value) in spans(text), spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "password = getpass.getpass()",
        'token = request.headers.get("Authorization")',
        'SECRET_KEY = os.environ.get("SECRET_KEY")',
        'headers = {"Authorization": f"Bearer {token}"}',
        "SELECT * FROM users WHERE password = ? AND username = ?",
        "if (user.password !== confirmPassword) return false;",
        "Generate a random token of length 32 using secrets.token_hex(16).",
        "A 4-digit PIN has 10000 combinations; what is the chance of guessing it?",
        "I'm John's friend and I need advice.",
        "Hi all,\nThanks, everyone!",
        "I make $5 a week in allowance.",
        "Send it to 10 people before Friday.",
        "I live 5 minutes from the station.",
        "2023-03-14 12:30:45 INFO started pid=48213",
        "Is 20mg of fluoxetine a normal starting dose?",
        "Write a poem about a woman who has depression.",
        "Patient zero was never identified.",
        "Your password must be at least 8 characters.",
        "Registration opens in May for the 2024 season.",
        "Account 1 of 3 has been locked.",
        "I use Windows10 for everything.",
        "primary key (id), foreign key (user_id) references users(id)",
        '"etag": "33a64df551425fcc55e4d42a148795d9f25f89d4"',
        "The White House is at 1600 Pennsylvania Avenue NW, Washington, DC 20500.",
        "Sherlock Holmes lives at 221B Baker Street.",
        "Summarise Dr. Jekyll and Mr. Hyde.",
        "Best,\nThe Marketing Team",
        "SIN 046 454 286",  # the documentation sample: 0 is never issued
        "Tracking number 9400 1000 0000 0000 0000 00",
    ],
)
def test_code_and_prose_that_only_look_personal(text: str) -> None:
    assert spans(text) == []
