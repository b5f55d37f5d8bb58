"""docs/protocol.md states defaults; they must be the code's."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from edged.config import Config
from edged.protocol import GenerateParams, SamplingParams, parse_generate
from edged.router.inputs import sampling_defaults
from tests.support.daemon import REPO

DOC = REPO / "docs" / "protocol.md"
USER = [{"role": "user", "content": "hi"}]


def _generate_defaults() -> dict[str, str]:
    """{field: default cell} of the `generate` body table."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("### `generate`", 1)[1].split("Unknown fields", 1)[0]
    out = {}
    for line in table.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        m = re.fullmatch(r"`(\w+)`", cells[0]) if cells else None
        if m and m.group(1) != "messages":
            out[m.group(1)] = cells[2]
    return out


def _field(params: GenerateParams, name: str) -> Any:
    return getattr(params.sampling if name in SamplingParams.__dataclass_fields__ else params, name)


def test_the_generate_table_lists_every_field() -> None:
    fields = set(GenerateParams.__dataclass_fields__) | set(SamplingParams.__dataclass_fields__)
    assert set(_generate_defaults()) == fields - {"messages", "extra", "sampling"}


@pytest.mark.parametrize("name", sorted(_generate_defaults()))
def test_a_generate_default_is_what_the_daemon_uses(name: str) -> None:
    cell = _generate_defaults()[name]
    defaults = sampling_defaults(Config())
    omitted = parse_generate({"messages": USER}, "r", max_tokens_limit=4096, defaults=defaults)
    setting = re.fullmatch(r"`(\w+)\.(\w+)` \(([\d.]+)\)", cell)
    if setting:
        # The daemon fills it in from its configuration: a sampling field as the body is
        # parsed, the time limit where the request runs.
        section, key, value = setting.groups()
        assert getattr(getattr(Config(), section), key) == float(value)
        filled = name in SamplingParams.__dataclass_fields__
        assert _field(omitted, name) == (float(value) if filled else None)
        return
    documented: Any = None if cell == "none" else json.loads(cell.strip("`"))
    explicit = parse_generate(
        {"messages": USER, name: documented}, "r", max_tokens_limit=4096, defaults=defaults
    )
    assert explicit == omitted, f"sending {name}={documented!r} is not the same as leaving it out"


def test_every_config_value_the_doc_quotes_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    quoted = re.findall(r"`(\w+)\.(\w+)`,? \((?:default )?([\d.]+)( MiB)?\)", text)
    assert quoted
    for section, key, value, mib in quoted:
        expected = float(value) * (2**20 if mib else 1)
        assert getattr(getattr(Config(), section), key) == expected, f"{section}.{key}"
