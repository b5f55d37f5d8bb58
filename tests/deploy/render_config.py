"""Render deploy/edged.toml, the example configuration installed as /etc/edged/edged.toml.

Every key of edged/config.py appears with its documentation and default, commented out, so
the installed file loads to exactly the defaults. After a change to the schema:

    .venv/bin/python -m tests.deploy.render_config          # rewrite deploy/edged.toml
    .venv/bin/python -m tests.deploy.render_config --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from edged.config import render_toml

__all__ = ["EXAMPLE_CONFIG", "REGENERATE", "render_example"]

EXAMPLE_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "edged.toml"
REGENERATE = ".venv/bin/python -m tests.deploy.render_config"

_HEADER = f"""\
# /etc/edged/edged.toml: edged's configuration.
#
# Every key is listed with its default, commented out: uncomment a line to change it. Keys can
# also be set as EDGED_<SECTION>_<KEY> environment variables (e.g. in a systemd drop-in), which
# win over this file. `edged config check` lists every problem in the file.
#
# The cloud API key is never a value here: put it in /etc/edged/cloud-api-key (mode 0600), which
# edged.service passes to the daemon as a credential, or point [cloud] api_key_file at a file.
#
# Generated from edged/config.py by `{REGENERATE}`.

"""


def render_example() -> str:
    """The example file: the header, then every section and key with its documented default."""
    # An empty mapping renders the schema's own defaults, not values derived from this machine.
    return _HEADER + render_toml({}, comments=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is current")
    args = parser.parse_args(argv)
    text = render_example()
    current = EXAMPLE_CONFIG.read_text(encoding="utf-8") if EXAMPLE_CONFIG.is_file() else None
    if args.check:
        if current != text:
            print(f"{EXAMPLE_CONFIG} is out of date; run: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        EXAMPLE_CONFIG.write_text(text, encoding="utf-8")
        print(f"wrote {EXAMPLE_CONFIG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
