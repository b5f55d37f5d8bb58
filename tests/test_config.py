"""`edged config show` and `config example` write TOML that parses and loads back unchanged.

The schema is walked, not listed: a key added to edged/config.py is covered here without
touching this file. Each key gets an awkward value the loader accepts (control characters,
quotes, backslashes, non-BMP text; numbers at their bounds or infinite; lists), goes out through
`Config.to_toml()` (what `config show` prints) and comes back through `Config.load()`.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edged import cli
from edged.config import SECTIONS, Config, Range, render_toml
from edged.exceptions import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,no-redef]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Every character TOML treats specially, in a basic string or around one.
AWKWARD = (
    "q\"uote' back\\slash \\n \\u0041 \"\"\" ''' # = [t] {i} ${HOME} "
    "\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x80\x9f\u00a0 é ☃ \u2028\ufeff 😀\U0010fffd"
)
# to_dict() shows what an empty value resolves to on this machine, so these three are set for
# every case: left empty they would come back as the resolved path, not as "".
DERIVED = (("server", "endpoint"), ("model", "path"), ("state", "dir"))

Overrides = dict[str, dict[str, Any]]


def _keys() -> Iterator[tuple[str, dataclasses.Field[Any], Any]]:
    for section, cls in SECTIONS.items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            yield section, f, hints[f.name]


def _table_item(hint: Any) -> Any:
    args = typing.get_args(hint)
    return args[0] if typing.get_origin(hint) is list and dataclasses.is_dataclass(args[0]) else None


def _candidates(f: dataclasses.Field[Any], hint: Any) -> list[Any]:
    """Awkward values first, plainer ones after, for a key whose checks refuse the awkward ones."""
    default = f.default if f.default_factory is dataclasses.MISSING else f.default_factory()
    bounds = f.metadata.get("check")
    lo, hi = (bounds.lo, bounds.hi) if isinstance(bounds, Range) else (None, None)
    choices = f.metadata.get("choices") or ()
    if choices:
        return [c for c in choices if c != default] + [default]
    if hint is bool:
        return [not default]
    if hint is int:
        top = INT64_MAX if hi is None else int(hi)
        bottom = INT64_MIN if lo is None else int(lo)
        return [top, bottom, top - 1, bottom + 1]
    if hint is float:
        ceiling = math.inf if hi is None else float(hi)
        floor = -math.inf if lo is None else float(lo)
        inside = [math.nextafter(floor, math.inf), math.nextafter(ceiling, -math.inf)]
        return [ceiling, floor, *inside, 1e16, 5e-324, 0.1 + 0.2, -0.0]
    if hint is str:
        # Endpoints and URLs must start right; an octal mode admits no awkward text at all.
        return [AWKWARD, f"ipc:///tmp/{AWKWARD}", f"https://example.com/{AWKWARD}", "0640"]
    if hint == list[str]:
        return [[AWKWARD, "", "😀"], []]
    item = _table_item(hint)
    if item is not None:
        hints = typing.get_type_hints(item)
        entry = {g.name: _first_valid(g, hints[g.name]) for g in dataclasses.fields(item)}
        plain = dataclasses.asdict(item(base_url="https://b.example/v1", model="m"))
        return [[entry, plain], [entry], []]
    raise AssertionError(f"no awkward values for a {hint!r} key: teach _candidates this type")


def _first_valid(f: dataclasses.Field[Any], hint: Any) -> Any:
    check = f.metadata.get("check")
    return next(c for c in _candidates(f, hint) if check is None or check(c) is None)


def _load(file: Path, overrides: Overrides) -> Config:
    return Config.load(file, env={}, overrides=overrides)


def _pick(file: Path, base: Overrides, section: str, f: dataclasses.Field[Any], hint: Any) -> Any:
    """The first candidate the real loader accepts for this key on top of `base`; else _REFUSED."""
    for value in _candidates(f, hint):
        try:
            _load(file, _merge(base, {section: {f.name: value}}))
        except ConfigError:
            continue
        return value
    return _REFUSED


_REFUSED = object()


def _merge(a: Overrides, b: Overrides) -> Overrides:
    out = {k: dict(v) for k, v in a.items()}
    for section, values in b.items():
        out.setdefault(section, {}).update(values)
    return out


def _awkward_file(folder: Path) -> Path:
    # The file the configuration comes from has an awkward name too: `config show` names it.
    file = folder / ("edged " + AWKWARD.replace("\x00", "").replace("/", "") + ".toml")
    file.write_text("", encoding="utf-8")
    return file


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return _awkward_file(tmp_path)


def _base(file: Path) -> Overrides:
    base: Overrides = {}
    fields = {(s, f.name): (f, h) for s, f, h in _keys()}
    for section, key in DERIVED:
        value = _pick(file, base, section, *fields[section, key])
        assert value is not _REFUSED, f"[{section}] {key}: no candidate loads"
        base = _merge(base, {section: {key: value}})
    return base


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> Overrides:
    """Every key awkward at once. Passes repeat until each key has a value: a key that needs
    another one set first (cloud.base_url needs cloud.model) gets it on a later pass."""
    file = _awkward_file(tmp_path_factory.mktemp("everything"))
    overrides = _base(file)
    pending = [(s, f, h) for s, f, h in _keys() if (s, f.name) not in DERIVED]
    while pending:
        left = []
        for section, f, hint in pending:
            value = _pick(file, overrides, section, f, hint)
            if value is _REFUSED:
                left.append((section, f, hint))
            else:
                overrides = _merge(overrides, {section: {f.name: value}})
        assert len(left) < len(pending), f"no candidate loads for {[f'{s}.{f.name}' for s, f, _ in left]}"
        pending = left
    return overrides


def _shown_and_loaded_back(config: Config, tmp_path: Path) -> tuple[dict[str, Any], Config]:
    text = config.to_toml()  # exactly what `edged config show` prints
    parsed = tomllib.loads(text)
    shown = tmp_path / "shown.toml"
    shown.write_text(text, encoding="utf-8")
    return parsed, Config.load(shown, env={})


def _same(a: Config, b: Config) -> bool:
    return dataclasses.replace(a, source=None) == dataclasses.replace(b, source=None)


@pytest.mark.parametrize(
    ("section", "field", "hint"), list(_keys()), ids=[f"{s}.{f.name}" for s, f, _ in _keys()]
)
def test_every_key_round_trips_through_config_show(
    tmp_path: Path,
    source: Path,
    everything: Overrides,
    section: str,
    field: dataclasses.Field[Any],
    hint: Any,
) -> None:
    # The key alone on the defaults; a key that needs others set too, on top of everything.
    base = _base(source)
    value = _pick(source, base, section, field, hint)
    if value is _REFUSED:
        base = everything
        value = _pick(source, base, section, field, hint)
    config = _load(source, _merge(base, {section: {field.name: value}}))
    assert config.source == str(source)
    parsed, again = _shown_and_loaded_back(config, tmp_path)
    assert parsed[section][field.name] == value
    assert type(parsed[section][field.name]) is type(value) or hint is float
    assert _same(again, config)


def test_every_key_awkward_at_once(tmp_path: Path, source: Path, everything: Overrides) -> None:
    config = _load(source, everything)
    parsed, again = _shown_and_loaded_back(config, tmp_path)
    assert _same(again, config)
    for section, values in everything.items():
        assert parsed[section] == {**parsed[section], **values}


def test_config_show_on_the_command_line(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _load(source, _merge(_base(source), {"router": {"threshold": 0.25}}))
    file = tmp_path / f"{source.stem}\n2.toml"
    file.write_text(config.to_toml(), encoding="utf-8")
    assert cli.main(["config", "show", "--config", str(file)]) == 0
    shown = capsys.readouterr().out
    header = shown.splitlines()[0]
    assert header.startswith("# effective configuration (from ") and "\\n2.toml" in header
    again = tmp_path / "again.toml"
    again.write_text(shown, encoding="utf-8")
    assert tomllib.loads(shown)["router"]["threshold"] == 0.25
    assert _same(Config.load(again, env={}), config)


def test_config_example_parses_to_the_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["config", "example"]) == 0
    example = capsys.readouterr().out
    assert tomllib.loads(example) == {name: {} for name in SECTIONS}  # every key commented out
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line and "    # " not in line else line
        for line in example.splitlines()
    )
    defaults = tmp_path / "defaults.toml"
    defaults.write_text(uncommented, encoding="utf-8")
    assert _same(Config.load(defaults, env={}), Config())


def test_the_writer_escapes_what_toml_requires() -> None:
    text = render_toml({"model": {"path": '\x00\b\t\n\f\r"\\\x1f\x7f😀'}}, comments=False)
    line = next(line for line in text.splitlines() if line.startswith("path = "))
    assert line == 'path = "\\u0000\\b\\t\\n\\f\\r\\"\\\\\\u001F\\u007F😀"'


@pytest.mark.parametrize(
    ("var", "raw", "problem"),
    [
        ("EDGED_ROUTER_THRESHOLD", "nan", "expected a number"),
        ("EDGED_SERVER_QUEUE_SIZE", "5", None),
        ("EDGED_SERVER_MAX_IN_FLIGHT", str(2**63), "out of range"),
        ("EDGED_MODEL_PATH", "/tmp/\udcff", "not valid Unicode"),
    ],
)
def test_values_no_toml_file_could_hold_are_refused(var: str, raw: str, problem: str | None) -> None:
    # `config show` must be able to write whatever the loader accepted: NaN (which passes every
    # range check), integers past 64 bits and undecodable bytes from the environment are refused.
    if problem is None:
        Config.load(None, env={var: raw})
        return
    with pytest.raises(ConfigError) as caught:
        Config.load(None, env={var: raw})
    assert problem in caught.value.problems[0] and var in caught.value.problems[0]


@pytest.mark.parametrize(
    ("value", "accepted"), [(0, True), (16, True), (8192, True), (15, False), (-1, False)]
)
def test_the_context_window_is_automatic_or_at_least_16_tokens(value: int, accepted: bool) -> None:
    assert Config().model.context_length == 0  # from the device's memory
    if accepted:
        assert Config.load(None, env={"EDGED_MODEL_CONTEXT_LENGTH": str(value)}).model.context_length == value
        return
    with pytest.raises(ConfigError):
        Config.load(None, env={"EDGED_MODEL_CONTEXT_LENGTH": str(value)})
