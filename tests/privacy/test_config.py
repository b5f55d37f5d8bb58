"""[privacy]: the operator's own terms and patterns are checked like every other key."""

from __future__ import annotations

from pathlib import Path

import pytest

from edged.config import Config
from edged.exceptions import ConfigError


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "edged.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_terms_and_patterns_load(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[privacy]\naction = "redact"\nterms = ["acme-prod-db"]\npatterns = ["PRJ-[0-9]{4}"]\n'
    )
    config = Config.load(path, env={})
    assert config.privacy.action == "redact"
    assert config.privacy.terms == ["acme-prod-db"] and config.privacy.patterns == ["PRJ-[0-9]{4}"]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('patterns = ["ok-[0-9]+", "(unclosed"]', "entry 1 ('(unclosed') is not a regular expression"),
        ('patterns = ["a*"]', "matches the empty string"),
        ('terms = [" "]', "too short"),
        ('action = "ignore"', "must be one of 'pin', 'redact'"),
    ],
)
def test_a_bad_entry_is_a_config_error_with_file_and_line(tmp_path: Path, line: str, fragment: str) -> None:
    path = write(tmp_path, f"[server]\nqueue_size = 8\n\n[privacy]\n{line}\n")
    with pytest.raises(ConfigError) as info:
        Config.load(path, env={})
    assert any(p.startswith(f"{path}:5: [privacy]") and fragment in p for p in info.value.problems), (
        info.value.problems
    )
