"""Labelled fields in the languages the other detectors do not read: a form, a record or a message
that says "姓名：李建国", "Телефон: +7 …", "Şifrem Galata.Kulesi34", "주소 서울특별시 …".

The other detectors know their labels in English and the big Western European languages. People
paste forms and write messages in every script; a label is a closed vocabulary, so a lexicon of the
field labels in Chinese, Japanese, Korean, Russian, Turkish, Arabic, Hindi, Vietnamese, Polish and
the Nordic languages catches the value that follows it whatever the value looks like. Each kind
then takes the value in its own shape (a name up to the next separator, digits for a phone, a date
for a birth date, one token for a password).

Runs only on text with a character outside ASCII or one of the few ASCII labels (`_ASCII_LABELS`):
English prompts never pay for it.
"""

from __future__ import annotations

import re

from edged.privacy._common import Finding, matches_at, non_ascii, wordset

__all__ = ["scan_fields"]

# Label words by kind, lower case. A label must be followed by a separator or the value itself.
_LABELS: dict[str, tuple[str, ...]] = {
    "person_name": (
        "姓名",
        "名字",
        "氏名",
        "お名前",
        "名前",
        "이름",
        "성명",
        "фио",
        "ф.и.о.",
        "имя и фамилия",
        "имя",
        "фамилия",
        "на имя",
        "владелец",
        "ad soyad",
        "adı soyadı",
        "adı",
        "isim",
        "الاسم",
        "اسم",
        "नाम",
        "họ và tên",
        "họ tên",
        "imię i nazwisko",
        "车主",
        "持卡人",
        "收件人",
        "联系人",
        "患者名",
        "患者",
        "名義",
        "契約者",
        "被保険者",
        "受取人",
        "수령인",
        "환자",
        "예금주",
        "пациент",
        "получатель",
        "sahibi",
        "alıcı",
        "titular",
        "titulaire",
        "mottagare",
        "beneficiary",
        "fahrer",
        "kontoinhaber",
        "empfänger",
        "destinataire",
        "destinatario",
        "beneficiário",
        "beneficiario",
    ),
    "phone": (
        "联系电话",
        "手机号码",
        "手机号",
        "手机",
        "电话号码",
        "电话",
        "電話番号",
        "電話",
        "携帯",
        "연락처",
        "전화번호",
        "휴대폰",
        "핸드폰",
        "전화",
        "телефон",
        "тел.",
        "тел",
        "моб.",
        "telefon",
        "tel.",
        "cep",
        "gsm",
        "رقم الهاتف",
        "الهاتف",
        "هاتف",
        "جوال",
        "फ़ोन",
        "फोन",
        "मोबाइल",
        "số điện thoại",
        "điện thoại",
        "sđt",
        "sdt",
        "telefonnummer",
        "puhelin",
        "numer telefonu",
    ),
    "postal_address": (
        "收货地址",
        "地址",
        "住址",
        "户籍",
        "住所",
        "주소",
        "адрес",
        "адресу",
        "по адресу",
        "adres",
        "adresi",
        "العنوان",
        "عنوان",
        "पता",
        "địa chỉ",
        "thường trú",
        "adresse",
        "osoite",
    ),
    "national_id": (
        "身份证号码",
        "身份证号",
        "身份证",
        "マイナンバー",
        "個人番号",
        "주민등록번호",
        "주민번호",
        "инн",
        "снилс",
        "t.c. kimlik no",
        "tc kimlik no",
        "kimlik no",
        "kimlik numarası",
        "رقم الهوية",
        "الهوية الوطنية",
        "رقم الإقامة",
        "आधार नंबर",
        "आधार",
        "số cccd",
        "cccd",
        "cmnd",
        "pesel",
        "personnummer",
        "henkilötunnus",
        "fødselsnummer",
    ),
    "passport": (
        "护照号码",
        "护照号",
        "护照",
        "パスポート番号",
        "旅券番号",
        "여권번호",
        "여권",
        "загранпаспорт",
        "паспорт",
        "pasaport",
        "pasaport no",
        "جواز السفر",
        "رقم الجواز",
        "पासपोर्ट",
        "hộ chiếu",
        "paszport",
    ),
    "date_of_birth": (
        "出生日期",
        "出生年月日",
        "生日",
        "生年月日",
        "생년월일",
        "дата рождения",
        "doğum tarihi",
        "تاريخ الميلاد",
        "जन्म तिथि",
        "जन्मतिथि",
        "ngày sinh",
        "data urodzenia",
        "födelsedatum",
        "syntymäaika",
    ),
    "password": (
        "密码",
        "密碼",
        "パスワード",
        "비밀번호",
        "암호",
        "пароль",
        "şifre",
        "şifrem",
        "şifresi",
        "كلمة المرور",
        "كلمة السر",
        "पासवर्ड",
        "mật khẩu",
        "hasło",
        "lösenord",
        "salasana",
    ),
    "salary": (
        "月薪",
        "年薪",
        "工资",
        "薪水",
        "税前",
        "年収",
        "月給",
        "給料",
        "연봉",
        "월급",
        "зарплата",
        "зарплату",
        "оклад",
        "maaş",
        "maaşım",
        "راتب",
        "الراتب",
        "راتبي",
        "वेतन",
        "सैलरी",
        "lương",
        "pensja",
        "wynagrodzenie",
    ),
    "license_plate": (
        "车牌号",
        "车牌",
        "번호판",
        "госномер",
        "автомобиль",
        "araç plakası",
        "plaka",
        "plakası",
        "لوحة",
        "नंबर प्लेट",
        "biển số",
        "numer rejestracyjny",
    ),
}
# Labels written in ASCII (most are transliterations): the trigger for an ASCII text.
_ASCII_LABELS = wordset(
    "cep gsm sdt cccd cmnd pesel personnummer pasaport plaka plakasi adres adresi kimlik titular titulaire "
    "mottagare beneficiary fahrer kontoinhaber destinataire destinatario beneficiario"
)

# Between the label and the value: a colon (any width), a dash, "是"/"は", or up to two words
# ("Телефон для связи: …").
_SEP = r"(?:\s+[^\W\d_]{1,12}){0,2}?[\s:：=\-—–]*(?:是|为|は|が)?[\s:：]*"
_STOP = r"，,、;；|/\n\r\t（(\[【「『<>\"“”"
# A letter of a name: \w without digits, plus the combining marks of Indic and Arabic scripts
# ("सुनीता" holds vowel signs that are not letters to `re`).
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0900-\u0dff\u0e00-\u0e7f])"
_VALUES = {
    "person_name": rf"({_LETTER}+(?:[ '’\-.]{{1,2}}{_LETTER}+){{0,3}})",
    "phone": r"(\+?\d[\d\s().\-]{5,18}\d)",
    "postal_address": r"([^\n\r。!?！？]{6,140})",
    "national_id": r"([A-Za-z0-9](?:[A-Za-z0-9 \-]{4,22})[A-Za-z0-9])",
    "passport": r"([A-Za-z0-9](?:[A-Za-z0-9 \-]{4,14})[A-Za-z0-9])",
    "date_of_birth": (
        r"(\d{4}\s?[年./\-]\s?\d{1,2}\s?[月./\-]\s?\d{1,2}\s?日?|\d{1,2}\s?[./\-]\s?\d{1,2}\s?[./\-]\s?\d{2,4}"
        r"|\d{1,2}\s+[^\W\d_]{3,12}\.?\s+\d{4}(?:\s?г\.?)?)"
    ),
    "password": r"([^\s，,。、;；\"“”'「」\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{4,64})",
    "salary": (
        r"((?:[$€£¥₹₺₽]\s?)?\d[\d,.]*(?:\s?(?:k|тыс\.?|万|千|元|円|원|руб\.?|₽|€|\$|£|tl|₺|₹|zł|đ|triệu)){0,2})"
    ),
    "license_plate": r"([0-9A-ZА-Я\u4e00-\u9fff][0-9A-ZА-Я\u4e00-\u9fff·\-\s]{3,10}[0-9A-ZА-Я])",
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_KANA = re.compile(r"[\u30a0-\u30ff]")  # katakana: a foreign or read-out name, "タナカ アキラ"


def _compile(kind: str) -> re.Pattern[str]:
    labels = sorted(_LABELS[kind], key=len, reverse=True)
    ideographic = "|".join(re.escape(label) for label in labels if _CJK.match(label))
    alphabetic = "|".join(re.escape(label) for label in labels if not _CJK.match(label))
    # An alphabetic label must start a word ("имя" in "имя:", not in "именно"); Chinese, Japanese
    # and Korean write no spaces, so theirs may follow anything ("我的密码是…").
    label = rf"(?:(?<!{_LETTER}){alphabetic}" + (f"|{ideographic})" if ideographic else ")")
    return re.compile(label + f"(?P<sep>{_SEP})" + _VALUES[kind], re.IGNORECASE)


_PATTERNS = {kind: _compile(kind) for kind in _LABELS}


def _key(label: str) -> str:
    """What must be in the text for `label` to be: a character outside ASCII, else its first word."""
    return next((c for c in label if not c.isascii()), label.split()[0].rstrip("."))


# label -> (key, kinds that use it). Most keys are one character: a set lookup per label decides
# whether the text can hold it, before any substring search.
_LABEL_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {}
for _kind, _labels in _LABELS.items():
    for _label in _labels:
        _kinds = _LABEL_KEYS.get(_label, ("", ()))[1]
        _LABEL_KEYS[_label] = (_key(_label), (*_kinds, _kind))
# Pay is personal data when it is someone's: the writer's, a relative's, a colleague's.
_PAY_OWNER = re.compile(
    r"我|私|僕|夫|妻|老婆|老公|妈|爸|父|母|儿子|女儿|息子|娘|저|제|나의|내\s|남편|아내|엄마|아빠|"
    r"(?<!\w)(?:мне|моя|мой|мою|моей|я|мужа?|жены?|ben|benim|eşim|annem|babam|tôi|mój|moja|moje|mam|"
    r"mitt|min|mein|meine)(?!\w)|maaşım|راتبي|زوج|मेरी|मेरा|मैं",
    re.IGNORECASE,
)
_AVERAGE = re.compile("平均|中位|中央値|средн|ortalama|متوسط|औसत|trung bình|średni|gennemsnit|genomsnitt")
# "…, кв. 12. Спасибо": a full stop after the flat or house number ends the address.
_ADDRESS_END = re.compile(r"(?<=\d)\.\s+(?=[^\W\d_])")
_NOT_PASSWORDS = wordset("is was the and to for of reset change forgot incorrect wrong")
_NOT_NAME_WORDS = frozenset(("не", "нет", "yok", "없음", "无", "なし", "none"))
_DIGIT = re.compile(r"\d")


def _label_positions(lower: str, words: frozenset[str]) -> dict[str, list[int]]:
    """Where each kind's labels start in `lower`."""
    chars = set(non_ascii(lower))
    out: dict[str, list[int]] = {}
    for label, (key, kinds) in _LABEL_KEYS.items():
        if key not in chars and key not in words:
            continue
        at = lower.find(label)
        while at >= 0:
            for kind in kinds:
                out.setdefault(kind, []).append(at)
            at = lower.find(label, at + 1)
    return out


def scan_fields(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    """Add a finding for each value after a field label of `_LABELS`."""
    if text.isascii() and not (words & _ASCII_LABELS):
        return
    positions = _label_positions(lower, words)
    every = sorted({at for kind_positions in positions.values() for at in kind_positions})
    for kind, starts in positions.items():
        for m in matches_at(_PATTERNS[kind], text, set(starts)):
            start, end = m.span(2)  # group 1 is the separator
            if kind == "postal_address":
                # An address runs to the end of its sentence or line, or to the next field's label.
                end = min([end, *(at for at in every if start < at < end)])
                stop = _ADDRESS_END.search(text, start, end)
                end = stop.start() if stop else end
            value = text[start:end].strip().rstrip(".。,，")
            if not value or not _plausible(kind, value):
                continue
            if _CJK.match(value) and not m.group("sep"):
                continue  # "姓名不能为空": words run on from a label with nothing between them
            if kind == "salary" and not _personal_pay(lower, m.start(0), end):
                continue  # "日本の平均年収は…", a job offer's range: nobody's pay
            if kind == "person_name" and _CJK.match(m.group(0)) and not _starts_field(lower, m.start(0)):
                continue  # "車の名前は…", "파일 이름": the name of a thing, not a person's field
            start = text.index(value, start)
            end = start + len(value)
            if kind == "salary" and start - m.start(0) <= 3:
                start = m.start(0)  # "年収620万円": the amount is written onto its label
            found.append(Finding(kind, start, end, f"field_{kind}"))
    if not text.isascii():
        _relations(text, lower, words, found)


# Before a label in a script without spaces: where a field starts, or whose name it is.
_FIELD_START = re.compile(r"(?:^|[\s\n:：;；,，、。.!?！？「『(（\[【]|私の|僕の|我的|本人|제|저의|내)$")


def _personal_pay(lower: str, start: int, end: int) -> bool:
    before = lower[max(0, start - 24) : start]
    if _AVERAGE.search(before[-8:]):
        return False
    return _PAY_OWNER.search(before + lower[start : end + 24]) is not None


def _starts_field(lower: str, at: int) -> bool:
    return _FIELD_START.search(lower[max(0, at - 3) : at]) is not None


def _plausible(kind: str, value: str) -> bool:
    digits = len(_DIGIT.findall(value))
    if kind == "person_name":
        if _CJK.match(value):
            # A run of ideographs longer than a name is a sentence; Korean writes a name as one word.
            tokens = value.split()
            return 2 <= len(value) <= 8 and (
                len(tokens) == 1 or (len(tokens) == 2 and _KANA.match(value) is not None)
            )
        return value.lower() not in _NOT_NAME_WORDS and not value[0].islower()
    if kind == "phone":
        return 7 <= digits <= 15
    if kind in ("national_id", "passport"):
        return digits >= 5
    if kind == "license_plate":
        return digits >= 2
    if kind == "password":
        value = value.rstrip("?!.,:;")
        return value.lower() not in _NOT_PASSWORDS and (digits > 0 or not value.isalpha())
    if kind == "postal_address":
        return digits >= 1 and len(value) >= 8
    return digits >= 1


# -- names after a relation or an introduction, in the languages `_names` does not read ----------

_INTRODUCTIONS = (
    "меня зовут",
    "я,",
    "я —",
    "benim adım",
    "adım",
    "ben",
    "اسمي",
    "أنا",
    "मेरा नाम",
    "tên tôi là",
    "tôi là",
    "jag heter",
    "jeg hedder",
    "jeg heter",
    "nazywam się",
    "mam na imię",
    "我叫",
    "我是",
    "私は",
    "제 이름은",
    "저는",
)
_RELATIONS = (
    "моей дочери",
    "моя дочь",
    "мой сын",
    "моего сына",
    "мой муж",
    "моя жена",
    "моя мама",
    "моей мамы",
    "моей маме",
    "мой папа",
    "мой брат",
    "моя сестра",
    "моя бабушка",
    "мой дедушка",
    "коллега",
    "우리 엄마",
    "우리 아빠",
    "제 남편",
    "제 아내",
    "우리 딸",
    "우리 아들",
    "어머니",
    "아버지",
    "할머니",
    "할아버지",
    "मेरी पत्नी",
    "मेरे पति",
    "मेरी माँ",
    "मेरी मां",
    "मेरे पिता",
    "मेरा बेटा",
    "मेरी बेटी",
    "मेरे भाई",
    "मेरी बहन",
    "मेरी दादी",
    "मेरी नानी",
    "annem",
    "babam",
    "eşim",
    "kızım",
    "oğlum",
    "kardeşim",
    "ablam",
    "abim",
    "teyzem",
    "dayım",
    "amcam",
    "halam",
    "ninem",
    "dedem",
    "min sambo",
    "min fru",
    "min man",
    "min son",
    "min dotter",
    "min mamma",
    "min pappa",
    "min mor",
    "min far",
    "min kone",
    "min mand",
    "min datter",
    "min søn",
    "min kæreste",
    "min bror",
    "min syster",
    "min søster",
    "我爸爸",
    "我妈妈",
    "我爸",
    "我妈",
    "我老婆",
    "我老公",
    "我儿子",
    "我女儿",
    "我丈夫",
    "我妻子",
    "أمي",
    "أبي",
    "زوجتي",
    "زوجي",
    "ابني",
    "ابنتي",
    "أخي",
    "أختي",
    "moja żona",
    "mój mąż",
    "moja córka",
    "mój syn",
    "moja mama",
    "mój tata",
    "mẹ tôi",
    "bố tôi",
    "vợ tôi",
    "chồng tôi",
)
_PERSON_KEYS = {
    phrase: _key(phrase) for phrase in sorted(set(_INTRODUCTIONS + _RELATIONS), key=len, reverse=True)
}
_CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁŞİĞÜÖÇ]"
_FOLLOWER = re.compile(
    rf"[\s,，、:：—\-]*(?:"
    rf"(?P<latin>{_CAPITAL}[^\W\d_]+(?:[\s\-]{_CAPITAL}[^\W\d_]+){{0,2}})"  # Ayşe Demir, Иван Петров
    r"|(?P<hangul>[\uac00-\ud7af]{2,3})(?=\s*(?:씨|님|입니다|이에요|예요|이|가|은|는|의|,|\s|$))"
    r"|(?P<han>[\u4e00-\u9fff]{2,3})(?=[，,。\s的是在说和]|$)"
    r"|(?P<deva>[\u0900-\u097f]{2,})"
    r"|(?P<arabic>[\u0621-\u065f\u0671-\u06d3]+(?:\s[\u0621-\u065f\u0671-\u06d3]+){0,2})(?=\s*[،,.]|$)"
    r")"
)
_NOT_AFTER = frozenset(("को", "का", "की", "के", "ने", "से", "में", "पर", "है", "हूं", "हूँ", "Я", "Мне"))


def _relations(text: str, lower: str, words: frozenset[str], found: list[Finding]) -> None:
    chars = set(non_ascii(lower))
    ends: set[int] = set()
    for phrase, key in _PERSON_KEYS.items():
        if key not in chars and key not in words:
            continue
        at = lower.find(phrase)
        while at >= 0:
            end = at + len(phrase)
            # A phrase must be whole words ("ben" not in "bende"), except in scripts without spaces.
            whole = (at == 0 or not lower[at - 1].isalpha()) and (
                end == len(lower) or not lower[end].isalpha()
            )
            # Turkish "ben" (I) only after a greeting's comma: "Ben Stiller" is a name, not "I, Stiller".
            if phrase == "ben" and not lower[:at].rstrip().endswith(","):
                whole = False
            if _CJK.match(phrase) or whole:
                ends.add(end)
            at = lower.find(phrase, at + 1)
    for phrase_end in sorted(ends):
        after = _FOLLOWER.match(text, phrase_end)
        if after is None:
            continue
        group = after.lastgroup or ""
        start, end = after.span(group)
        value = text[start:end]
        if value in _NOT_AFTER or value.lower() in _NOT_NAME_WORDS:
            continue
        found.append(Finding("person_name", start, end, f"field_person_{group}"))
