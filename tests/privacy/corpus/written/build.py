"""Build written.jsonl and written_negatives.jsonl from the hand-written prompt modules here.

Each module `group_*.py` beside this file holds two lists, written by hand, one prompt each (no
templates, no generator):

    ROWS = [Row("text ...", [("email", "jane.doe@gmail.com"), ...], lang="en"), ...]
    NEGATIVES = [Negative("text ...", "version_number"), ...]

A row's values are labelled at every place they occur in its text. The split is fixed by the text
alone (sha256, 4 in 10 `heldout`), so it cannot drift while a scanner is tuned:

    python tests/privacy/corpus/written/build.py          # rewrite the two files
    python tests/privacy/corpus/written/build.py --check  # exit 1 if they differ
    python tests/privacy/corpus/written/build.py --validate NAME  # check group_NAME.py alone
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
SOURCE = "written by hand for this corpus (tests/privacy/corpus/written)"


@dataclass(frozen=True)
class Row:
    text: str
    values: list[tuple[str, str]]
    lang: str = "en"
    variant: str = "plain"


@dataclass(frozen=True)
class Negative:
    text: str
    kind_of_lookalike: str
    note: str = field(default="")


def split_of(text: str) -> str:
    return "heldout" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 10 < 4 else "dev"


def _spans(row: Row, where: str) -> list[dict[str, object]]:
    spans: list[dict[str, object]] = []
    for kind, value in row.values:
        if not value:
            raise ValueError(f"{where}: empty value for {kind}")
        start = row.text.find(value)
        if start < 0:
            raise ValueError(f"{where}: {value!r} ({kind}) is not in the text")
        while start >= 0:
            spans.append({"kind": kind, "start": start, "end": start + len(value)})
            start = row.text.find(value, start + len(value))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for a, b in itertools.pairwise(spans):
        if int(str(b["start"])) < int(str(a["end"])):
            raise ValueError(f"{where}: overlapping spans {a} {b}")
    return spans


def _load(path: Path) -> tuple[list[Row], list[Negative]]:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return list(getattr(module, "ROWS", [])), list(getattr(module, "NEGATIVES", []))


def build(only: str | None = None) -> tuple[str, str]:
    sys.modules.setdefault("build", sys.modules[__name__])
    pii: list[str] = []
    negatives: list[str] = []
    seen: set[str] = set()
    for path in sorted(HERE.glob(f"group_{only or '*'}.py")):
        group = path.stem.removeprefix("group_")
        rows, negs = _load(path)
        for i, row in enumerate(rows, 1):
            where = f"{path.name} row {i}"
            if row.text in seen:
                raise ValueError(f"{where}: duplicate text")
            seen.add(row.text)
            spans = _spans(row, where)
            kinds = sorted({str(s["kind"]) for s in spans})
            record = {
                "id": f"written.{group}.{i}",
                "text": row.text,
                "spans": spans,
                "source": SOURCE,
                "split": split_of(row.text),
                "lang": row.lang,
                "template": f"written.{group}.{i}",
                "variant": row.variant,
                "kinds": kinds,
            }
            pii.append(json.dumps(record, ensure_ascii=False))
        for i, neg in enumerate(negs, 1):
            if neg.text in seen:
                raise ValueError(f"{path.name} negative {i}: duplicate text")
            seen.add(neg.text)
            record = {
                "id": f"written-neg.{group}.{i}",
                "text": neg.text,
                "kind_of_lookalike": neg.kind_of_lookalike,
                "source": SOURCE,
            }
            negatives.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in pii), "".join(line + "\n" for line in negatives)


def main(argv: list[str]) -> int:
    if "--validate" in argv:  # one group alone, nothing written: for whoever is writing it
        group = argv[argv.index("--validate") + 1]
        pii, negatives = build(group)
        rows = [json.loads(line) for line in pii.splitlines()]
        kinds: dict[str, int] = {}
        for row in rows:
            for span in row["spans"]:
                kinds[span["kind"]] = kinds.get(span["kind"], 0) + 1
        print(f"{len(rows)} rows, {negatives.count(chr(10))} negatives; spans by kind: {kinds}")
        return 0
    pii, negatives = build()
    targets = {CORPUS / "written.jsonl": pii, CORPUS / "written_negatives.jsonl": negatives}
    if "--check" in argv:
        stale = [p.name for p, text in targets.items() if not p.exists() or p.read_text("utf-8") != text]
        if stale:
            print("stale: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    print(f"{pii.count(chr(10))} rows, {negatives.count(chr(10))} negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
