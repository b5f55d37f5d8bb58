"""Privacy: edged's scanner against Presidio's pattern recognizers, on a labelled corpus.

The corpus is tests/privacy/corpus (see its README): `pii.jsonl`, rows with labelled spans
of personal or secret data, split by template family into `dev` and `heldout`; and
`negatives.jsonl`, look-alikes that are not personal data. The prompts of the public routing
set not marked `pii: true` are a second set of clean text.

* Recall, per kind: a span counts as found when the findings (of any kind) together cover all
  of it; "overlapped" when some finding touches it; "right kind" when findings of the span's
  own kind cover it.
* False positives: the share of clean rows with at least one finding.
* Latency: one scan of texts of about 500 to 4,000 characters, built from routing prompts with
  and without a corpus row inside, after a warm-up, several passes; each text's time is the
  median of its passes, and p50/p99/max are taken over the texts (the raw p99 over every scan
  is reported too).

edged's scanner runs in this process. Presidio runs in the benchmark environment (worker job
`presidio`): its predefined pattern recognizers, built one by one and called directly with no
NLP engine (no spaCy model is available offline, and the NER recognizers need one), so
PERSON, LOCATION and NRP are never reported and no context words raise a score. Every result
counts, as with AnalyzerEngine's default threshold of 0; results scoring at least 0.5 are
scored as well. Entity types map to edged's kinds in `PRESIDIO_KINDS`; only recognizers of
mapped types run, and a kind no recognizer maps to is reported as "no recognizer".
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edged.bench.common import REPO, bench_python, context, median, peer_missing, percentile, run_worker

__all__ = [
    "CORPUS_KINDS",
    "LATENCY_SIZES",
    "PRESIDIO_KINDS",
    "PRESIDIO_RECOGNIZERS",
    "Hit",
    "corpus_dir",
    "flagged_share",
    "latency_texts",
    "load_corpus",
    "recall",
    "run_privacy",
    "span_found",
]

# The kinds the corpus labels: the interface between the corpus and any scanner.
CORPUS_KINDS = (
    "email", "phone", "ssn", "payment_card", "iban", "passport", "api_key", "access_token",
    "private_key", "password", "date_of_birth", "medical_record", "postal_address", "person_name",
    "national_id", "drivers_license", "license_plate", "bank_account", "pin", "location", "salary",
    "health",
)  # fmt: skip

# Presidio entity type -> edged kind. DATE_TIME is Presidio's only date detector, so it stands
# for date_of_birth; postcodes are the nearest it has to a postal address.
PRESIDIO_KINDS = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "US_SSN": "ssn",
    "CREDIT_CARD": "payment_card",
    "IBAN_CODE": "iban",
    "US_PASSPORT": "passport",
    "UK_PASSPORT": "passport",
    "DE_PASSPORT": "passport",
    "ES_PASSPORT": "passport",
    "IT_PASSPORT": "passport",
    "IN_PASSPORT": "passport",
    "UK_NINO": "national_id",
    "DE_TAX_ID": "national_id",
    "ES_NIF": "national_id",
    "ES_NIE": "national_id",
    "IT_FISCAL_CODE": "national_id",
    "IN_AADHAAR": "national_id",
    "US_ITIN": "national_id",
    "CA_SIN": "national_id",
    "US_BANK_NUMBER": "bank_account",
    "ABA_ROUTING_NUMBER": "bank_account",
    "US_DRIVER_LICENSE": "drivers_license",
    "UK_DRIVING_LICENCE": "drivers_license",
    "DE_FUEHRERSCHEIN": "drivers_license",
    "IT_DRIVER_LICENSE": "drivers_license",
    "UK_VEHICLE_REGISTRATION": "license_plate",
    "DE_KFZ": "license_plate",
    "UK_NHS": "medical_record",
    "US_MBI": "medical_record",
    "DE_HEALTH_INSURANCE": "medical_record",
    "US_HEALTH_INSURANCE_MEMBER_ID": "medical_record",
    "DATE_TIME": "date_of_birth",
    "UK_POSTCODE": "postal_address",
    "CA_POSTAL_CODE": "postal_address",
    "DE_PLZ": "postal_address",
}

# The predefined pattern recognizers (presidio_analyzer.predefined_recognizers) whose entity
# types are mapped above; each is built with its defaults.
PRESIDIO_RECOGNIZERS = (
    "EmailRecognizer", "PhoneRecognizer", "UsSsnRecognizer", "CreditCardRecognizer", "IbanRecognizer",
    "UsPassportRecognizer", "UkPassportRecognizer", "DePassportRecognizer", "EsPassportRecognizer",
    "ItPassportRecognizer", "InPassportRecognizer", "UkNinoRecognizer", "DeTaxIdRecognizer", "EsNifRecognizer",
    "EsNieRecognizer", "ItFiscalCodeRecognizer", "InAadhaarRecognizer", "UsItinRecognizer", "CaSinRecognizer",
    "UsBankRecognizer", "AbaRoutingRecognizer", "UsLicenseRecognizer", "UkDrivingLicenceRecognizer",
    "DeFuehrerscheinRecognizer", "ItDriverLicenseRecognizer", "UkVehicleRegistrationRecognizer",
    "DeKfzRecognizer", "NhsRecognizer", "UsMbiRecognizer", "DeHealthInsuranceRecognizer",
    "UsHealthInsuranceMemberIdRecognizer", "DateRecognizer", "UkPostcodeRecognizer", "CaPostalCodeRecognizer",
    "DePlzRecognizer",
)  # fmt: skip

PRESIDIO_MIN_SCORE = 0.5
LATENCY_SIZES = (500, 1000, 2000, 4000)
TARGET_RECALL = 0.98
TARGET_FP = 0.02
TARGET_P99_MS = 1.0


@dataclass(frozen=True)
class Hit:
    """One finding of any scanner: a kind and where it sits."""

    kind: str
    start: int
    end: int


def corpus_dir() -> Path:
    """$EDGED_BENCH_PRIVACY_CORPUS, else tests/privacy/corpus of this checkout."""
    env = os.environ.get("EDGED_BENCH_PRIVACY_CORPUS")
    return Path(env) if env else REPO / "tests" / "privacy" / "corpus"


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_corpus(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The labelled rows and the look-alikes: the generated files, then the hand-written ones.

    `written.jsonl` and `written_negatives.jsonl` (tests/privacy/corpus/written) are prompts written
    one by one, without the generator's templates; their rows carry their own source, so
    `recall_by_source` scores them apart.
    """
    pii = _read_jsonl(folder / "pii.jsonl")
    negatives = _read_jsonl(folder / "negatives.jsonl")
    if (folder / "written.jsonl").exists():
        pii += _read_jsonl(folder / "written.jsonl")
    if (folder / "written_negatives.jsonl").exists():
        negatives += _read_jsonl(folder / "written_negatives.jsonl")
    return pii, negatives


def _covered(start: int, end: int, hits: Iterable[Hit]) -> bool:
    """Whether the union of `hits` covers [start, end)."""
    reach = start
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start > reach:
            break
        reach = max(reach, hit.end)
        if reach >= end:
            return True
    return reach >= end


def span_found(span: dict[str, Any], hits: Sequence[Hit]) -> dict[str, bool]:
    """How the hits of one row meet one labelled span: covered, overlapped, right kind."""
    start, end = int(span["start"]), int(span["end"])
    touching = [h for h in hits if h.start < end and h.end > start]
    return {
        "covered": _covered(start, end, touching),
        "overlapped": bool(touching),
        "right_kind": _covered(start, end, [h for h in touching if h.kind == span["kind"]]),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def recall(
    rows: Sequence[dict[str, Any]], hits: Sequence[Sequence[Hit]], kinds: Sequence[str] = CORPUS_KINDS
) -> dict[str, Any]:
    """Per split (dev, heldout, all) and kind: spans, and the shares covered, overlapped and of the right kind.

    `macro` is the mean of the per-kind recalls (kinds with spans), `micro` the share of all spans.
    """
    out: dict[str, Any] = {}
    for split in ("dev", "heldout", "all"):
        tally: dict[str, Counter[str]] = {kind: Counter() for kind in kinds}
        for row, row_hits in zip(rows, hits, strict=True):
            if split != "all" and row["split"] != split:
                continue
            for span in row["spans"]:
                t = tally.setdefault(span["kind"], Counter())
                t["spans"] += 1
                for key, found in span_found(span, row_hits).items():
                    t[key] += found
        per_kind = {
            kind: {
                "spans": t["spans"],
                "recall": _share(t["covered"], t["spans"]),
                "overlapped": _share(t["overlapped"], t["spans"]),
                "right_kind": _share(t["right_kind"], t["spans"]),
            }
            for kind, t in tally.items()
        }
        total = sum(tally.values(), Counter())
        rated = {kind: v["recall"] for kind, v in per_kind.items() if v["recall"] is not None}
        worst = min(rated, key=lambda kind: rated[kind]) if rated else None
        out[split] = {
            "kinds": per_kind,
            "macro": round(sum(rated.values()) / len(rated), 4) if rated else None,
            "micro": _share(total["covered"], total["spans"]),
            "micro_overlapped": _share(total["overlapped"], total["spans"]),
            "micro_right_kind": _share(total["right_kind"], total["spans"]),
            "min_kind": None if worst is None else {"kind": worst, "recall": rated[worst]},
            "spans": total["spans"],
        }
    return out


def recall_by_source(rows: Sequence[dict[str, Any]], hits: Sequence[Sequence[Hit]]) -> dict[str, Any]:
    """Leave-one-source-out: `recall` on the rows of each source alone (micro and macro per split)."""
    out: dict[str, Any] = {}
    for source in sorted({str(row.get("source", "unknown")) for row in rows}):
        picked = [
            (row, h) for row, h in zip(rows, hits, strict=True) if str(row.get("source", "unknown")) == source
        ]
        scores = recall([row for row, _ in picked], [h for _, h in picked])
        out[source] = {
            split: {
                "macro": scores[split]["macro"],
                "micro": scores[split]["micro"],
                "spans": scores[split]["spans"],
            }
            for split in ("dev", "heldout", "all")
        }
    return out


def flagged_share(ids: Sequence[str], hits: Sequence[Sequence[Hit]]) -> dict[str, Any]:
    """The share of clean rows with at least one finding, their ids, and the kinds that fired."""
    flagged = [row_id for row_id, row_hits in zip(ids, hits, strict=True) if row_hits]
    by_kind: dict[str, int] = {}
    for row_hits in hits:
        for kind in sorted({h.kind for h in row_hits}):
            by_kind[kind] = by_kind.get(kind, 0) + 1
    return {
        "rows": len(ids),
        "flagged": len(flagged),
        "rate": round(len(flagged) / len(ids), 4) if ids else None,
        "flagged_ids": flagged,
        "by_kind": dict(sorted(by_kind.items(), key=lambda kv: -kv[1])),
    }


def _false_positives(
    negative_ids: Sequence[str], routing_ids: Sequence[str], hits: Sequence[Sequence[Hit]]
) -> dict[str, Any]:
    n = len(negative_ids)
    negatives = flagged_share(negative_ids, hits[:n])
    routing = flagged_share(routing_ids, hits[n:])
    total = negatives["rows"] + routing["rows"]
    return {
        "negatives": negatives,
        "routing": routing,
        "combined": {
            "rows": total,
            "flagged": negatives["flagged"] + routing["flagged"],
            "rate": round((negatives["flagged"] + routing["flagged"]) / total, 4) if total else None,
        },
    }


def latency_texts(
    clean: Sequence[str], pii: Sequence[str], sizes: Sequence[int] = LATENCY_SIZES, per_size: int = 20
) -> list[tuple[int, bool, str]]:
    """(size, with_pii, text): routing prompts joined up to `size` characters; half of them with a
    corpus row in the middle. Deterministic for the same inputs."""
    out: list[tuple[int, bool, str]] = []
    pool = [t.strip() for t in clean if t.strip()]
    cursor = 0
    for size in sizes:
        for i in range(per_size):
            parts: list[str] = []
            length = -2  # no separator before the first part
            while length < size:
                text = pool[cursor % len(pool)]
                cursor += 1
                parts.append(text)
                length += len(text) + 2
            body = "\n\n".join(parts)[:size]
            with_pii = i % 2 == 1 and bool(pii)
            if with_pii:
                row = pii[(cursor + i) % len(pii)][: size // 2]
                middle = size // 2
                # The row goes in the middle; the end is cut so the size stays (the row stays whole).
                body = (body[:middle] + "\n" + row + "\n" + body[middle:])[: max(size, middle + len(row) + 2)]
            out.append((size, with_pii, body))
    return out


def _edged_scanner() -> tuple[Callable[[str], Sequence[Any]], str]:
    """The daemon's scanner: the default PrivacyGuard where the package has one, else scan()."""
    from edged import privacy

    # PrivacyGuard is not in every version of edged.privacy; the benchmark measures either.
    guard = getattr(privacy, "PrivacyGuard", None)
    if guard is not None:
        return guard().scan, "edged.privacy.PrivacyGuard().scan"
    return privacy.scan, "edged.privacy.scan"


def _scan_all(scan: Callable[[str], Sequence[Any]], texts: Sequence[str]) -> list[list[Hit]]:
    return [[Hit(f.kind, f.start, f.end) for f in scan(text)] for text in texts]


def _latency(timed: Sequence[tuple[int, bool, str]], times: Sequence[Sequence[float]]) -> dict[str, Any]:
    """Per size: p50, p99 and max over the texts of each text's median scan time, and the raw p99
    over every scan. The median of a text's passes drops the odd scan that the scheduler of a
    shared machine preempted (a 4 ms tick), which says nothing about the scanner."""
    by_size: dict[int, list[Sequence[float]]] = {}
    for (size, _, _), ts in zip(timed, times, strict=True):
        by_size.setdefault(size, []).append(ts)
    out: dict[str, Any] = {}
    for size, per_text in by_size.items():
        medians = [median(ts) for ts in per_text]
        every = [t for ts in per_text for t in ts]
        out[str(size)] = {
            "p50_ms": round(percentile(medians, 0.50), 4),
            "p99_ms": round(percentile(medians, 0.99), 4),
            "max_ms": round(max(medians), 4),
            "raw_p99_ms": round(percentile(every, 0.99), 4),
            "raw_max_ms": round(max(every), 4),
            "texts": len(per_text),
            "scans": len(every),
        }
    return out


def _time_scans(
    scan: Callable[[str], Sequence[Any]], timed: Sequence[tuple[int, bool, str]], repeats: int
) -> list[list[float]]:
    for _, _, text in timed:  # warm-up: compiled patterns, caches
        scan(text)
    times: list[list[float]] = [[] for _ in timed]
    for _ in range(repeats):
        for i, (_, _, text) in enumerate(timed):
            started = time.perf_counter()
            scan(text)
            times[i].append((time.perf_counter() - started) * 1000)
    return times


def _presidio(texts: Sequence[str], timed: Sequence[tuple[int, bool, str]], repeats: int) -> dict[str, Any]:
    """Presidio's findings on every text and its scan times, from the benchmark environment."""
    reason = peer_missing("presidio")
    if reason is not None:
        return {"missing": reason}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(
            {
                "texts": list(texts),
                "timed": [[size, text] for size, _, text in timed],
                "recognizers": list(PRESIDIO_RECOGNIZERS),
            },
            handle,
        )
        job_file = Path(handle.name)
    try:
        answer = run_worker(
            bench_python(), {"job": "presidio", "input": str(job_file), "repeats": repeats}, timeout=1800
        )
    finally:
        job_file.unlink(missing_ok=True)
    if "error" in answer:
        return {"missing": f"failed to run: {answer['error']}"}
    return answer


def _presidio_hits(found: Sequence[Sequence[Any]], min_score: float = 0.0) -> list[list[Hit]]:
    return [
        [
            Hit(PRESIDIO_KINDS[e], int(s), int(t))
            for e, s, t, score in row
            if e in PRESIDIO_KINDS and score >= min_score
        ]
        for row in found
    ]


def _target(name: str, value: float | None, bound: float, at_least: bool) -> dict[str, Any]:
    met = None if value is None else (value >= bound if at_least else value <= bound)
    return {"name": name, "target": f"{'>=' if at_least else '<='} {bound}", "value": value, "met": met}


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def run_privacy(config: Any, model: Path, rows_path: Path, *, quick: bool = False) -> dict[str, Any]:
    from edged.router.evaluate import load_rows

    folder = corpus_dir()
    pii, negatives = load_corpus(folder)
    routing = [row for row in load_rows(rows_path) if not row.get("pii")]
    routing_texts = ["\n".join(m["content"] for m in row["messages"]) for row in routing]
    per_size, repeats = (4, 2) if quick else (40, 10)
    timed = latency_texts(routing_texts, [row["text"] for row in pii], per_size=per_size)

    scan, scanner_name = _edged_scanner()
    pii_texts = [row["text"] for row in pii]
    clean_texts = [row["text"] for row in negatives] + routing_texts
    neg_ids = [str(row["id"]) for row in negatives]
    routing_ids = [str(row.get("id", f"routing-{i}")) for i, row in enumerate(routing)]

    edged_pii = _scan_all(scan, pii_texts)
    edged_clean = _scan_all(scan, clean_texts)
    edged_latency = _latency(timed, _time_scans(scan, timed, repeats))
    edged: dict[str, Any] = {
        "scanner": scanner_name,
        "recall": recall(pii, edged_pii),
        "recall_by_source": recall_by_source(pii, edged_pii),
        "false_positives": _false_positives(neg_ids, routing_ids, edged_clean),
        "latency": edged_latency,
    }

    answer = _presidio(pii_texts + clean_texts, timed, repeats)
    presidio: dict[str, Any]
    presidio_strict: dict[str, Any] | None = None
    if "missing" in answer:
        presidio = {"missing": answer["missing"]}
    else:
        found = answer["findings"]
        mapped = {kind for kind in PRESIDIO_KINDS.values()}
        no_recognizer = [kind for kind in CORPUS_KINDS if kind not in mapped]
        presidio = {
            "version": answer.get("version"),
            "recognizers": answer.get("recognizers"),
            "failed_recognizers": answer.get("failed", {}),
            "no_recognizer": no_recognizer,
            "min_score": 0.0,
        }
        for label, min_score in (("all", 0.0), ("strict", PRESIDIO_MIN_SCORE)):
            hits = _presidio_hits(found, min_score)
            part = {
                "recall": recall(pii, hits[: len(pii)]),
                "recall_by_source": recall_by_source(pii, hits[: len(pii)]),
                "false_positives": _false_positives(neg_ids, routing_ids, hits[len(pii) :]),
            }
            if label == "all":
                presidio.update(part)
            else:
                presidio_strict = {"min_score": min_score, **part}
        presidio["latency"] = _latency(timed, answer["latency_ms"])

    worst_p99 = max((v["p99_ms"] for v in edged_latency.values()), default=None)
    e_all = edged["recall"]["all"]
    held = edged["recall"]["heldout"]["macro"]
    fp_rate = edged["false_positives"]["combined"]["rate"]
    p_all = presidio.get("recall", {}).get("all", {})
    result: dict[str, Any] = {
        "benchmark": "privacy",
        **context(),
        "corpus": str(folder),
        "data": str(rows_path),
        "rows": {
            "pii": len(pii),
            "pii_dev": sum(row["split"] == "dev" for row in pii),
            "pii_heldout": sum(row["split"] == "heldout" for row in pii),
            "spans": e_all["spans"],
            "negatives": len(negatives),
            "routing_clean": len(routing),
        },
        "latency_texts": {"per_size": per_size, "repeats": repeats, "sizes": list(LATENCY_SIZES)},
        "scanners": {"edged": edged, "presidio": presidio},
        "ratios": {
            "recall_macro_vs_presidio": _ratio(e_all["macro"], p_all.get("macro")),
            "recall_micro_vs_presidio": _ratio(e_all["micro"], p_all.get("micro")),
            "fp_vs_presidio": _ratio(
                edged["false_positives"]["combined"]["rate"],
                presidio.get("false_positives", {}).get("combined", {}).get("rate"),
            ),
            "p99_vs_presidio": {
                str(size): _ratio(
                    edged_latency[str(size)]["p99_ms"],
                    presidio.get("latency", {}).get(str(size), {}).get("p99_ms"),
                )
                for size in LATENCY_SIZES
            },
        },
        "targets": [
            _target(
                "edged recall over the kinds (mean of per-kind recall, all rows)",
                e_all["macro"],
                TARGET_RECALL,
                True,
            ),
            _target(
                "edged recall over the kinds, heldout rows (generated and hand-written)",
                held,
                TARGET_RECALL,
                True,
            ),
            _target(
                "edged share of non-PII prompts flagged (look-alikes + routing set)",
                fp_rate,
                TARGET_FP,
                False,
            ),
            _target("edged scan p99 up to 4,000 characters (ms)", worst_p99, TARGET_P99_MS, False),
        ],
    }
    if presidio_strict is not None:
        result["scanners"]["presidio_min_score_0.5"] = presidio_strict
    return result
