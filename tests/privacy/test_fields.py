"""Labelled fields and named relations in the scripts the other detectors do not read."""

from __future__ import annotations

import pytest

from edged.privacy import scan


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "请帮我核对：姓名：赵立新，电话 139 2041 7781",
            [("person_name", "赵立新"), ("phone", "139 2041 7781")],
        ),
        ("お名前：佐々木 恵、生年月日 1979年4月2日", [("date_of_birth", "1979年4月2日")]),
        ("이름 박서연, 연락처 010-4471-2290", [("person_name", "박서연"), ("phone", "010-4471-2290")]),
        ("Телефон для связи: +7 912 440-18-27", [("phone", "+7 912 440-18-27")]),
        ("Заявление. Я, Олег Смирнов, прошу…", [("person_name", "Олег Смирнов")]),
        (
            "проживаю по адресу: г. Пермь, ул. Ленина, д. 7, кв. 12. Спасибо",
            [("postal_address", "г. Пермь, ул. Ленина, д. 7, кв. 12")],
        ),
        ("Şifrem Mavi.Deniz77 ama giriş olmuyor", [("password", "Mavi.Deniz77")]),
        ("wifi 密码是 qz7741@home，怎么改", [("password", "qz7741@home")]),
        ("मेरी बेटी अनन्या को बुखार है", [("person_name", "अनन्या")]),
        ("مرحبا، أنا سارة الحربي، أحتاج مساعدة", [("person_name", "سارة الحربي")]),
        ("Merhaba, ben Deniz Kaya. Siparişim gelmedi", [("person_name", "Deniz Kaya")]),
        ("私の年収540万円で住宅ローンはいくら借りられる？", [("salary", "年収540万円")]),
        ("Oferta pracy: wynagrodzenie 9 000 - 12 000 zł brutto", []),
        ("身份证号 110101199003074514，帮我填表", [("national_id", "110101199003074514")]),
        (
            "Дата рождения: 03.11.1984, паспорт 45 0912 771",
            [("date_of_birth", "03.11.1984"), ("passport", "45 0912 771")],
        ),
        ("车主是我爸陈建华，想写个申诉", [("person_name", "我爸陈建华")]),
    ],
)
def test_labelled_values_and_named_relations(text: str, expected: list[tuple[str, str]]) -> None:
    got = found(text)
    for finding in expected:
        assert finding in got, (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "車の名前はプリウスです。燃費はどう？",  # a car's name
        "파일 이름 바꾸는 법 알려줘",  # how to rename a file
        "姓名不能为空，这个表单校验怎么写？",  # a form rule
        "Как сменить пароль в Windows?",  # how to change a password
        "Ben Stiller filmleri hangileri?",  # a public figure
        "パスワードを忘れました。再設定の方法は？",  # no password in it
        "Какой адрес у Эрмитажа?",  # a museum's address, asked about
        "手机号码格式验证的正则怎么写",  # a regex question
        "电话号码：请填写您的手机号",  # a form's prompt, no number
    ],
)
def test_labels_without_a_personal_value_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_english_prompts_never_reach_the_field_labels() -> None:
    # The detector is skipped for ASCII text without one of its few ASCII labels.
    from edged.privacy._common import words_of
    from edged.privacy._fields import scan_fields

    text = "Please name the file report.txt and call the function with tel as an argument."
    out: list[object] = []
    scan_fields(text, text.lower(), words_of(text.lower()), out)  # type: ignore[arg-type]
    assert out == []
