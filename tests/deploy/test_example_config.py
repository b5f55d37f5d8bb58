"""deploy/edged.toml, installed as /etc/edged/edged.toml: current, complete, and all defaults."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from edged.config import SECTIONS, Config
from tests.deploy.render_config import EXAMPLE_CONFIG, REGENERATE, render_example


def test_example_config_is_current() -> None:
    assert EXAMPLE_CONFIG.read_text(encoding="utf-8") == render_example(), (
        f"{EXAMPLE_CONFIG} is out of date with edged/config.py; run: {REGENERATE}"
    )


def test_example_config_loads_to_the_defaults() -> None:
    loaded = Config.load(EXAMPLE_CONFIG, env={})
    assert dataclasses.replace(loaded, source=None) == Config()


def _keys_by_section(text: str) -> dict[str, list[tuple[str, str]]]:
    """{section: [(key, value)]} for the commented-out `# key = value` lines of each table,
    stopping at a commented-out `# [[...]]` array-of-tables example."""
    found: dict[str, list[tuple[str, str]]] = {}
    section = None
    for line in text.splitlines():
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = header.group(1)
            found[section] = []
        elif line.startswith("# [["):
            section = None
        elif section is not None:
            m = re.fullmatch(r"# (\w+) = (.*)", line)
            if m:
                found[section].append((m.group(1), m.group(2)))
    return found


def test_every_key_is_present_and_commented_out() -> None:
    found = _keys_by_section(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    assert list(found) == list(SECTIONS)
    for name, cls in SECTIONS.items():
        hints = typing.get_type_hints(cls)
        # Arrays of tables ([[cloud.endpoints]]) are shown as a commented-out example instead.
        tables = {
            k
            for k, h in hints.items()
            if typing.get_args(h) and dataclasses.is_dataclass(typing.get_args(h)[0])
        }
        keys = [key for key, _ in found[name]]
        assert keys == [f.name for f in dataclasses.fields(cls) if f.name not in tables], name
    # No key is active: the installed file changes nothing until someone edits it.
    active = [line for line in EXAMPLE_CONFIG.read_text().splitlines() if re.match(r"\w+\s*=", line)]
    assert active == []


def test_uncommenting_every_key_still_gives_the_defaults(tmp_path: Path) -> None:
    # The commented values are real TOML and really the defaults, so uncommenting a line and
    # editing its value is all a user has to do.
    found = _keys_by_section(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    lines = []
    for section, pairs in found.items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in pairs)
    uncommented = tmp_path / "edged.toml"
    uncommented.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = Config.load(uncommented, env={})
    assert dataclasses.replace(loaded, source=None) == Config()
