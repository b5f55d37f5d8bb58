"""The names detector's searches that run in regions of the text find what a search of the whole
text finds."""

from __future__ import annotations

import random

from edged.privacy import _names

_PIECES = [
    "my twins! Zara and Kofi, born 2019-10-27",
    "Léa et Hugo, nés le 3 mai 2015",
    "Ana y Luis, nacidos en 2001",
    "Tom & Ida Berg geboren 12",
    " born 1990",
    "Mia and Jo born. 1990",
    "Mia and Jo\nborn 1990",
    "\n",
    ". ",
    "Born ",
    "NÉE 4",
    "x",
    "Carl Olsen",
    " and ",
    ", ",
    "  ",
    "1",
]


def test_born_after_matches_a_whole_text_search() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))
        whole = (
            [m.span() for m in _names._BORN_AFTER.finditer(text)] if _names._BORN_TAIL.search(text) else []
        )
        assert [m.span() for m in _names._born_after(text)] == whole, text


def _people_list_by_line(text: str) -> list[_names.Finding]:
    """The list search as it was first written: the item pattern tried at every line start."""
    import re

    names: list[_names.Finding] = []
    starts = [0] + [m.end() for m in re.finditer(r"[\n;]|:[ \t]", text)]
    run: list[re.Match[str]] = []
    for begin in [*starts, -1]:
        m = _names._ITEM.match(text, begin) if begin >= 0 else None
        if m is not None and ":" not in text[m.end("name") : m.end("name") + 1] and len(text) - begin > 8:
            head = text[begin : m.start("name")]
            if not head.strip() or head.strip()[-1:] in "-*•.)":
                run.append(m)
                continue
        if len(run) >= 2 and any(r.group("name")[:1].isupper() for r in run):
            for r in run:
                value = r.group("name")
                if value[:1].isupper():
                    _names._add(text, r, "name", names, "list", single=False)
                elif not any(t in _names._NOT_LOWER for t in value.split()):
                    names.append(_names.Finding("person_name", r.start("name"), r.end("name"), "list"))
        run = []
    return names


_ITEMS = [
    "Kofi Asante — asthma",
    "Ruth Pemberton – insulin",
    "priya s - KA 05",
    "- Carlos Méndez | ext 22",
    "1. Ana Ruiz — x",
    "notes",
    "Name: Tom Roe — y",
    "a: ",
    "the plan is fine",
    "",
    "* Jo Lee —",
]


def test_people_list_matches_a_search_at_every_line_start() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        seps = [rng.choice(["\n", ";", ": ", ":\t", "\n\n", " "]) for _ in range(8)]
        text = "".join(rng.choice(_ITEMS) + sep for sep in seps[: rng.randint(1, 8)])
        found: list[_names.Finding] = []
        _names._people_list(text, found)
        assert found == _people_list_by_line(text), text


_CHAT = [
    "[10:42] Marek Novak: hi",
    "12/03/2024, 10:42 - Priya Shah: ok",
    "10:42 PM — Ana Ruiz: yes",
    "Agent: hello",
    "at 9:30 ",
    "Tom Roe: ",
    "\n",
    "  ",
    "] - ",
    "x",
]


def test_chat_lines_match_a_whole_text_search() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        text = "".join(rng.choice(_CHAT) for _ in range(rng.randint(1, 10)))
        whole = [m.span() for m in _names._CHAT_LINE.finditer(text)]
        assert [m.span() for m in _names._in_lines(_names._CHAT_LINE, text, _names._CLOCK)] == whole, text
