#!/usr/bin/env python3
"""Rebuild corpus.jsonl.gz (training corpus for the learned local-vs-cloud difficulty scorer) from raw/.

Usage (defaults assume the raw/ folder next to this script):
  python3 build.py [--raw DIR] [--out corpus.jsonl.gz] [--public PATH] [--exclude alpaca,dolly,...]
                   [--dolly-local-cap 3000] [--no-verify]

Only the standard library is used. The output is byte-identical for the same inputs and options: no
randomness (selections use a SHA-256 of the row id), sorted iteration, gzip with mtime=0.
Before building, every file in raw/ is checked against raw/SHA256SUMS.
Labelling rules are documented in README.md and named in the `why` field of every row.

The rules of the seven sources shared with the public routing set (mt_bench, vicuna80, gsm8k, humaneval, mbpp,
dolly, alpaca) are copied from /work/shared/eval/build.py unchanged (same regexes, same per-question table);
they are applied to every row of the raw files, and every row whose prompt is in routing_public.jsonl is dropped.
"""

import argparse
import collections
import csv
import glob
import gzip
import hashlib
import io
import json
import lzma
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_CHARS = 16000

LICENSES = {
    "mt_bench": "Apache-2.0 (lm-sys/FastChat repository license)",
    "vicuna80": "Apache-2.0 (lm-sys/FastChat repository license)",
    "gsm8k": "MIT (openai/grade-school-math)",
    "humaneval": "MIT (openai/human-eval)",
    "mbpp": "CC-BY-4.0 (google-research MBPP)",
    "dolly": "CC-BY-SA-3.0 (databricks-dolly-15k; contexts from Wikipedia)",
    "alpaca": "CC-BY-NC-4.0 (Stanford Alpaca data; non-commercial)",
    "arena_hard": "Apache-2.0 (lmarena/arena-hard-auto repository license; prompts from Chatbot Arena users)",
    "self_instruct": "Apache-2.0 (yizhongw/self-instruct repository license)",
    "truthfulqa": "Apache-2.0 (TruthfulQA; copy in benedictflorance/truthfulqa_experiments, which states none)",
    "ifeval": "Apache-2.0 (google-research IFEval; copy in shisa-ai/M-IFEval, Apache-2.0)",
    "m_ifeval": "Apache-2.0 (shisa-ai/M-IFEval)",
    "math500": "MIT (MATH-500 subset of openai/prm800k; copy in MobileLLM/BudgetThinker)",
    "oasst": "Apache-2.0 (Open-Assistant/oasst-model-eval repository license; OASST prompts)",
    "qmsum": "MIT (Yale-LILY/QMSum; transcripts from AMI, ICSI and Welsh/Canadian parliament committees)",
    "alpaca_zh": "CC-BY-NC-4.0 (probably Alpaca-GPT4 zh; non-commercial; LLaMA-Factory repository is Apache-2.0)",
}

# ================================================================ rules copied verbatim from shared/eval/build.py
CODEGEN = re.compile(
    r"\b(write|create|implement|develop|construct|generate|build|code)\b[^.?!\n]{0,60}?"
    r"\b(function|program|code|algorithm|class|method|sql query|query in sql|regex|regular expression|"
    r"web ?page|html page|for loop|while loop|loop|api endpoint|unit tests?|bash command|"
    r"(?:python|shell|bash|javascript|js) script)\b"
    r"|\b(debug|fix the bug|find the bug|identify any bug)\b"
    r"|\b(in|using|with)\s+(python|java|javascript|c\+\+|c#|sql|html|css|ruby|golang|rust|bash|matlab)\b"
    r"|\b(build|train|develop|create)\b[^.?!\n]{0,40}?\b(model|classifier|neural network)\b"  # ML modelling
    r"|\b(write|create|generate|give me)\b[^.?!\n]{0,20}?\b(css|html|sql|javascript|python|java|c\+\+)\b"
    r"|```|\bcode:\s|\bfunction\s+\w+\s*\(|\bdef\s+\w+\s*\(",
    re.I,
)  # code pasted in the prompt
MATHY = re.compile(
    r"\d\s*[-+*/^x×÷]\s*\d|\b(calculate|compute|solve|equation|derivative|integral|probability|"
    r"how many|how much|percentage|average of|sum of|convert \d|square root|factorial|prime|"
    r"next number|sequence of numbers|series|volume of|area of|perimeter|angles?|degrees?)\b",
    re.I,
)
DEEP = re.compile(r"\b(analy[sz]e|analysis|critique|evaluate|compare and contrast)\b", re.I)
CODE_TOPIC = re.compile(
    r"\b(data structure|list of dictionaries|linked[- ]list|pseudo-?code|database|api|"
    r"compiler|recursion|big-o|time complexity)\b"
    r"|\bdesign\b[^.?!\n]{0,30}\b(system|architecture|website|user interface|app|platform)\b",
    re.I,
)
LONG_NOUN = (
    r"essays?|articles?|blog posts?|blogs?|stor(?:y|ies)|scripts?|screenplays?|"
    r"speech(?:es)?|reviews?|lesson plans?|proposals?|chapters?|novels?"
)
LONGFORM = re.compile(
    r"\b(write|compose|draft|create|generate|produce|craft|output|tell|narrate|invent)\s+(?:me\s+|us\s+)?((?:[\w'’-]+\s+){0,4}?)("
    + LONG_NOUN
    + r")\b",
    re.I,
)
NOT_BETWEEN = {
    "for",
    "about",
    "of",
    "on",
    "to",
    "from",
    "in",
    "with",
    "sentence",
    "title",
    "titles",
    "headline",
    "outline",
    "summary",
    "paragraph",
    "intro",
    "introduction",
    "conclusion",
    "opening",
    "closing",
    "tagline",
    "caption",
    "topic",
    "first",
    "last",
    "name",
    "short",
    "brief",
    "quick",
    "mini",
    "one-paragraph",
    "two-paragraph",
    "100-word",
    "50-word",
}
WORD_LIMIT = re.compile(
    r"\b(?:under|less than|fewer than|no more than|at most|maximum of|max)\s+(\d+)\s+words\b", re.I
)
WORD_COUNT = re.compile(r"\b(\d{3,5})[- ]words?\b", re.I)


def is_longform(text):
    t = text[:600]
    m_lim = WORD_LIMIT.search(t)
    if m_lim and int(m_lim.group(1)) < 300:
        return False
    m_cnt = WORD_COUNT.search(t)
    if m_cnt and int(m_cnt.group(1)) >= 500:
        return True
    for m in LONGFORM.finditer(t):
        between = [w.lower().strip("'’") for w in m.group(2).split()]
        if not any(w in NOT_BETWEEN for w in between):
            return True
    return False


def is_codegen(text):
    return bool(CODEGEN.search(text[:1500]))


MTB = {
    81: ("cloud", "long-form composition (travel blog post)"),
    82: ("local", "short email, explicitly 'short and to the point'"),
    83: ("local", "short outline, <200 words"),
    84: ("local", "short persuasive email, 'be concise'"),
    85: ("local", "short descriptive writing, <2 paragraphs"),
    86: ("local", "single descriptive paragraph"),
    87: ("local", "short creative writing ('short story' = explicit brevity, same rule as Alpaca/Dolly)"),
    88: ("local", "single opening paragraph"),
    89: ("local", "4 short headline options"),
    90: ("local", "grammar correction / rewriting of a short paragraph"),
    91: ("local", "persona chit-chat"),
    92: ("local", "persona chit-chat"),
    93: ("cloud", "expert medical reasoning (multi-factor remedy design)"),
    94: ("local", "conversational advice (relationship coach persona)"),
    95: ("local", "short translation / rewriting"),
    96: ("local", "short plain-language explanation"),
    97: ("local", "short plain-language explanation"),
    98: ("local", "persona chit-chat"),
    99: ("cloud", "mathematical proof (irrationality of sqrt 2)"),
    100: ("local", "persona chit-chat"),
    141: ("local", "conceptual explanation of a known topic"),
    142: ("cloud", "multi-step physics reasoning with justification"),
    143: ("local", "short factual recall"),
    144: ("local", "short factual recall"),
    145: ("local", "short factual chemistry (balanced equation, reaction type)"),
    146: ("local", "short factual explanation with example"),
    147: ("cloud", "expert engineering analysis (bridge in seismic zone)"),
    148: ("cloud", "expert system design (solar water heating workflow)"),
    149: ("local", "short factual explanation with examples"),
    150: ("local", "short factual list (3 impacts)"),
    151: ("cloud", "deep analysis (macroeconomic indicators and policy)"),
    152: ("cloud", "open-ended philosophical analysis"),
    153: ("cloud", "deep comparative analysis with case studies (US vs China antitrust)"),
    154: ("cloud", "long-form expert writing (3-day lesson plan)"),
    155: ("local", "short brainstorming list (5 artworks + ideas)"),
    156: ("local", "short explanation + list of examples"),
    157: ("local", "short list of principles"),
    158: ("local", "short factual answer"),
    159: ("local", "short factual list"),
    160: ("local", "short factual list (5 documentaries)"),
}
DOLLY_OVERRIDES = {
    "Give me a proof that the square root of 2 is irrational": (
        "cloud",
        "mathematical proof (manual override)",
    ),
    "I have 13 identical balls that weigh the same": ("cloud", "multi-step logic puzzle (manual override)"),
    "Who does Machiavelli believe exemplifies": (
        "cloud",
        "deep literary analysis, essay-length answer (manual override)",
    ),
}
LOCAL_WHY = {
    "closed_qa": "QA over a short reference text (<2,000 chars)",
    "information_extraction": "small extraction from a short text (<2,000 chars)",
    "summarization": "summarization of a short text (<2,000 chars)",
    "classification": "simple classification",
    "open_qa": "short factual answer",
    "general_qa": "short factual / advice answer",
    "brainstorming": "short list / brainstorming",
    "creative_writing": "short creative writing (no long-form request)",
}
# ================================================================ end of the copied rules


def alpaca_rule(text, instr=None):
    """The shared Alpaca rule, reused for every mixed English instruction source.
    Returns (route, why, sub-category) or (None, reason, None) when the row is excluded."""
    instr = text if instr is None else instr
    if is_codegen(text):
        return "cloud", "programming / code generation (keyword rule)", "programming"
    if MATHY.search(text):
        return None, "arithmetic/math of unclear depth", None
    if DEEP.search(text):
        return None, "analysis request of unclear depth", None
    if CODE_TOPIC.search(text):
        return None, "programming/system-design topic, not plain code generation", None
    if is_longform(instr):
        return "cloud", "long-form composition requested (keyword rule)", "long_form_writing"
    if len(text) < 2000:
        return (
            "local",
            "short single-turn instruction: rewrite/format/classify/short answer (default rule)",
            "general_instruction",
        )
    return None, "long input", None


# ---------------------------------------------------------------- helpers
def opener(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def jsonl(path):
    with opener(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def norm(text):
    """Normalised text for duplicate and leak checks: NFKC, case-folded, letters and digits only."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in t if ch.isalnum())


_STOP = {
    "es": {"el", "la", "los", "las", "de", "que", "y", "en", "un", "una", "por", "para", "cómo", "qué", "es"},
    "fr": {
        "le",
        "la",
        "les",
        "des",
        "de",
        "et",
        "en",
        "un",
        "une",
        "pour",
        "est",
        "que",
        "qui",
        "vous",
        "dans",
    },
    "de": {
        "der",
        "die",
        "das",
        "und",
        "ist",
        "ich",
        "nicht",
        "ein",
        "eine",
        "wie",
        "mit",
        "zu",
        "sie",
        "auf",
    },
    "it": {"il", "lo", "gli", "della", "che", "e", "di", "un", "una", "per", "come", "sono", "non", "è"},
    "pt": {"o", "os", "as", "do", "da", "que", "e", "em", "um", "uma", "para", "não", "você", "como"},
    "en": {"the", "and", "is", "of", "to", "a", "in", "you", "what", "how", "i", "for", "that", "it", "with"},
}


def detect_lang(text):
    """Rough script/stop-word detector; sources with a known language pass it explicitly instead."""
    t = text[:2000]
    kana = sum(1 for c in t if "\u3040" <= c <= "\u30ff")
    han = sum(1 for c in t if "\u4e00" <= c <= "\u9fff")
    hangul = sum(1 for c in t if "\uac00" <= c <= "\ud7af")
    cyr = sum(1 for c in t if "\u0400" <= c <= "\u04ff")
    letters = sum(1 for c in t if c.isalpha()) or 1
    if kana > 0.05 * letters:
        return "ja"
    if hangul > 0.2 * letters:
        return "ko"
    if han > 0.2 * letters:
        return "zh"
    if cyr > 0.3 * letters:
        return "uk" if re.search(r"[їєі]", t) else "ru"
    if sum(1 for c in t if "\u0e00" <= c <= "\u0e7f") > 0.3 * letters:
        return "th"
    if sum(1 for c in t if "\u0370" <= c <= "\u03ff") > 0.3 * letters:
        return "el"
    if sum(1 for c in t if "\u0600" <= c <= "\u06ff") > 0.3 * letters:
        return "ar"
    words = re.findall(r"[^\W\d_]+", t.lower())
    if not words:
        return "en"
    score = {lang: sum(w in s for w in words) for lang, s in _STOP.items()}
    best = max(sorted(score), key=lambda lang: score[lang])
    return best if score[best] > score["en"] and score[best] >= 2 else "en"


def split_of(rid):
    h = int(hashlib.sha256(rid.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if h < 80 else ("dev" if h < 90 else "test")


def keep_frac(rid, salt):
    """Deterministic pseudo-random number in [0, 1) for capping a pool (no RNG state)."""
    return int(hashlib.sha256(f"{salt}:{rid}".encode()).hexdigest()[:12], 16) / 16**12


def row(source, n, category, messages, route, why, lang=None):
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    last = messages[-1]["content"]
    return {
        "id": f"{source}-{n}",
        "source": source,
        "license": LICENSES[source],
        "category": category,
        "messages": messages,
        "expected_route": route,
        "why": why,
        "split": None,
        "lang": lang or detect_lang(last),
    }


class Skips(collections.Counter):
    pass


SKIPS = Skips()


def skip(source, reason):
    SKIPS[(source, reason)] += 1


# ---------------------------------------------------------------- shared sources
def build_mt_bench(path):
    out = []
    for q in jsonl(path):
        qid, cat, t1 = q["question_id"], q["category"], q["turns"][0]
        if cat in ("coding", "math", "reasoning"):
            route, why = (
                "cloud",
                {
                    "coding": "code generation/debugging",
                    "math": "multi-step math",
                    "reasoning": "multi-step logical reasoning",
                }[cat]
                + " (MT-Bench category rule)",
            )
        elif cat == "extraction":
            route, why = (
                ("local", "small extraction/classification/formatting over short text (<2,000 chars)")
                if len(t1) < 2000
                else ("cloud", "extraction over long text")
            )
        else:
            route, why = MTB[qid]
        out.append(row("mt_bench", qid, cat, t1, route, why, "en"))
        # second turn: history = first turn + the reference answer when MT-Bench has one, else a placeholder
        if len(q["turns"]) > 1:
            ref = (q.get("reference") or [None])[0]
            hist = [
                {"role": "user", "content": t1},
                {"role": "assistant", "content": ref if ref else "[previous answer omitted]"},
                {"role": "user", "content": q["turns"][1]},
            ]
            if cat in ("coding", "math", "reasoning"):
                out.append(
                    row(
                        "mt_bench",
                        f"{qid}-t2",
                        cat,
                        hist,
                        "cloud",
                        f"second turn: follow-up on a {cat} task (MT-Bench category rule)",
                        "en",
                    )
                )
            elif cat == "extraction":
                out.append(
                    row(
                        "mt_bench",
                        f"{qid}-t2",
                        cat,
                        hist,
                        "local",
                        "second turn: follow-up extraction/reformatting over short text (category rule)",
                        "en",
                    )
                )
            else:
                skip("mt_bench", "second turn of writing/roleplay/stem/humanities (no per-question decision)")
    return out


def build_vicuna(path):
    out = []
    for q in jsonl(path):
        qid, cat, text = q["question_id"], q["category"], q["text"]
        if cat in ("generic", "roleplay", "common-sense"):
            route, why = "local", f"{cat}: chit-chat / short advice or opinion (category rule)"
        elif cat == "fermi":
            route, why = "cloud", "Fermi estimate: multi-step quantitative reasoning (category rule)"
        elif cat == "coding":
            route, why = "cloud", "code generation (category rule)"
        elif cat == "math":
            route, why = "cloud", "math (category rule)"
        elif cat == "writing":
            if re.search(r"\b(email|letter)\b", text, re.I):
                route, why = "local", "short business writing (email/letter)"
            else:
                route, why = "cloud", "long-form composition (script/blog post/review)"
        else:
            skip("vicuna80", f"{cat}: open-ended essay of unclear depth")
            continue
        out.append(row("vicuna80", qid, cat, text, route, why, "en"))
    return out


def build_gsm8k(path):
    return [
        row(
            "gsm8k",
            i,
            "grade_school_math",
            r["question"],
            "cloud",
            "multi-step math word problem (all GSM8K -> cloud)",
            "en",
        )
        for i, r in enumerate(jsonl(path))
    ]


def build_humaneval(path):
    out = []
    for r in jsonl(path):
        n = int(r["task_id"].split("/")[1])
        text = "Complete the following Python function:\n\n```python\n" + r["prompt"] + "```"
        out.append(
            row(
                "humaneval",
                n,
                "code_generation",
                text,
                "cloud",
                "code generation from signature+docstring (all HumanEval -> cloud)",
                "en",
            )
        )
    return out


def build_mbpp(path):
    out = []
    for r in jsonl(path):
        text = r["text"].strip() + " Your code should pass these tests:\n\n" + "\n".join(r["test_list"])
        out.append(
            row(
                "mbpp",
                r["task_id"],
                "code_generation",
                text,
                "cloud",
                "code generation with unit tests (all MBPP -> cloud)",
                "en",
            )
        )
    return out


def load_dolly(csv_paths, cat_path):
    """As in shared/eval/build.py: prompt text from the CSV copy, categories from the hand-copied TSV."""
    csv.field_size_limit(10**9)
    rows = {}
    for p in csv_paths:
        with opener(p) as f:
            for r in csv.DictReader(f):
                rows[int(r["index"])] = r

    def nrm(s):
        return re.sub(r"\s+", " ", s).strip()

    ninstr = {i: nrm(r["instruction"]) for i, r in rows.items()}
    chunks = collections.defaultdict(list)
    with opener(cat_path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            off, prefix, cat = line.rstrip("\n").split("\t")
            p = nrm(prefix)
            chunks[int(off)].append((p, cat, [i for i, s in ninstr.items() if s.startswith(p)]))
    found = {}
    for _off, recs in sorted(chunks.items()):
        uniq = sorted(c[0] for _, _, c in recs if len(c) == 1)
        if not uniq:
            continue
        med = uniq[len(uniq) // 2]
        for _p, cat, cands in recs:
            if not cands:
                continue
            i = min(cands, key=lambda x: abs(x - med))
            if abs(i - med) > 60:
                continue
            found[i] = cat
    return rows, found


def build_dolly(csv_paths, cat_path):
    rows, found = load_dolly(csv_paths, cat_path)
    out = []
    for i in sorted(rows):
        r = rows[i]
        cat = found.get(i, "uncategorised")
        instr, ctx = r["instruction"].strip(), r["context"].strip()
        if ctx.lower() in ("n/a", "na", "none"):
            ctx = ""
        text = instr + ("\n\n" + ctx if ctx else "")
        ov = next((v for k, v in DOLLY_OVERRIDES.items() if instr.startswith(k)), None)
        if ov:
            route, why = ov
        elif len(ctx) >= 4000:
            route, why = (
                "cloud",
                ("task" if cat == "uncategorised" else cat)
                + " over a long document (context >= 4,000 chars)",
            )
        elif len(ctx) >= 2000:
            skip("dolly", "context 2,000-3,999 chars (ambiguous band)")
            continue
        elif is_codegen(instr):
            route, why = "cloud", "programming / code generation (keyword rule)"
        elif cat == "creative_writing" and is_longform(instr):
            route, why = "cloud", "long-form composition requested (keyword rule)"
        elif cat == "uncategorised" and not ctx and is_longform(instr):
            route, why = (
                "cloud",
                "long-form composition requested (keyword rule; category unknown, no context)",
            )
        elif cat == "uncategorised":
            route, why = (
                "local",
                (
                    "instruction over a short reference text (<2,000 chars; category unknown)"
                    if ctx
                    else "short instruction with no context (category unknown; default rule)"
                ),
            )
        else:
            route, why = "local", LOCAL_WHY[cat] + " (category rule)"
        if len(text) > MAX_CHARS:
            skip("dolly", "over 16,000 chars")
            continue
        if cat == "uncategorised":
            cat = "uncategorised_with_context" if ctx else "uncategorised_no_context"
        out.append(row("dolly", i, cat, text, route, why, "en"))
    return out


def build_alpaca(path):
    with opener(path) as f:
        data = json.load(f)
    out = []
    for i, x in enumerate(data):
        instr, inp = x["instruction"].strip(), x.get("input", "").strip()
        if inp in ("<noinput>", "`<noinput>`", "Noinput", "No input"):
            inp = ""
        text = instr + ("\n\n" + inp if inp else "")
        route, why, cat = alpaca_rule(text, instr)
        if route is None:
            skip("alpaca", why)
            continue
        out.append(row("alpaca", i, cat, text, route, why, "en"))
    return out


# ---------------------------------------------------------------- new sources
def build_arena_hard(path_v01, path_v20):
    out = []
    for q in jsonl(path_v01):
        out.append(
            row(
                "arena_hard",
                f"v0.1-{q['uid']}",
                q["cluster"],
                q["prompt"],
                "cloud",
                "hard real user prompt selected by Arena-Hard (all -> cloud)",
            )
        )
    for q in jsonl(path_v20):
        sub = q.get("subcategory") or q["category"]
        why = {
            "coding": "hard real user coding prompt (Arena-Hard v2.0 -> cloud)",
            "math": "hard real user math prompt (Arena-Hard v2.0 -> cloud)",
            "creative_writing": "hard real user creative-writing prompt (Arena-Hard v2.0 -> cloud)",
        }[sub]
        out.append(row("arena_hard", f"v2.0-{q['uid']}", f"v2.0/{sub}", q["prompt"], "cloud", why))
    return out


def build_self_instruct(path):
    out = []
    for q in jsonl(path):
        n = int(q["id"].rsplit("_", 1)[1])
        instr = q["instruction"].strip()
        inp = (q["instances"][0].get("input") or "").strip() if q["instances"] else ""
        text = instr + ("\n\n" + inp if inp else "")
        route, why, _cat = alpaca_rule(text, instr)
        if route is None:
            skip("self_instruct", why)
            continue
        out.append(row("self_instruct", n, q["motivation_app"], text, route, why, "en"))
    return out


def build_truthfulqa(path):
    out = []
    with opener(path) as f:
        for i, r in enumerate(csv.DictReader(f)):
            out.append(
                row(
                    "truthfulqa",
                    i,
                    r["Category"],
                    r["Question"].strip(),
                    "local",
                    "short factual question (all TruthfulQA -> local)",
                    "en",
                )
            )
    return out


IF_SHORT = re.compile(
    r"\b(rewrite|rephrase|paraphrase|poem|haiku|limerick|riddle|joke|slogan|tweet|email|"
    r"letter|title|headline|tagline|summar(?:y|ize|ise)|list|short|brief|one sentence|"
    r"single sentence|translate|elaborate on the following|answer)\b",
    re.I,
)
M_LONG = {
    "es": r"ensayo|artículo|historia|cuento|relato|blog|discurso|informe|reseña|guion",
    "fr": r"essai|article|histoire|récit|conte|blog|discours|rapport|dissertation|critique|scénario",
    "ja": r"エッセイ|記事|物語|小説|ブログ|スピーチ|レポート|論文|脚本|作文",
}
M_SHORT = {
    "es": r"poema|correo|carta|tuit|resumen|resume|lista|breve|corto|corta|título|eslogan|chiste|adivinanza|reescrib",
    "fr": r"poème|courriel|e-mail|lettre|tweet|résumé|résume|liste|bref|brève|court|courte|titre|slogan|blague|devinette|réécri",
    "ja": r"メール|手紙|詩|俳句|短歌|要約|あらすじ|短い|短く|箇条書き|ツイート|タイトル|キャッチコピー|なぞなぞ|書き直",
}


def ifeval_length(q):
    """(route, why) from IFEval's own length constraints, or None when it has none that decide."""
    for iid, kw in zip(q["instruction_id_list"], q["kwargs"], strict=True):
        kw = kw or {}
        if iid.endswith("length_constraints:number_words") and kw.get("num_words"):
            n, rel = kw["num_words"], kw.get("relation", "")
            if rel == "at least" and n >= 300:
                return (
                    "cloud",
                    "long-form writing: constraint 'at least N words' with N >= 300 (IFEval kwargs)",
                )
            if rel == "less than" and n <= 300:
                return "local", "short writing: constraint 'less than N words' with N <= 300 (IFEval kwargs)"
        if iid.endswith("length_constraints:number_paragraphs") and kw.get("num_paragraphs", 0) >= 5:
            return "cloud", "long-form writing: 5 or more paragraphs required (IFEval kwargs)"
        if iid.endswith("length_constraints:number_sentences") and kw.get("num_sentences"):
            n, rel = kw["num_sentences"], kw.get("relation", "")
            if rel == "at least" and n >= 15:
                return (
                    "cloud",
                    "long-form writing: constraint 'at least N sentences' with N >= 15 (IFEval kwargs)",
                )
            if rel == "less than" and n <= 6:
                return (
                    "local",
                    "short writing: constraint 'less than N sentences' with N <= 6 (IFEval kwargs)",
                )
        if re.search(r"(number_letters|number_characters)$", iid) and kw.get("relation"):
            n = kw.get("N") or kw.get("num_letters") or kw.get("num_characters") or 0
            if kw["relation"] == "at least" and n >= 800:
                return "cloud", "long-form writing: at least 800 characters required (IFEval kwargs)"
            if kw["relation"] == "less than" and 0 < n <= 400:
                return "local", "short writing: fewer than 400 characters required (IFEval kwargs)"
    return None


def build_ifeval(path, source, lang):
    out = []
    for q in jsonl(path):
        text = q["prompt"].strip()
        lr = ifeval_length(q)
        if lr:
            route, why = lr
        elif lang == "en" and is_codegen(text):
            route, why = "cloud", "programming / code generation (keyword rule)"
        elif lang == "en" and is_longform(text):
            route, why = "cloud", "long-form composition requested (keyword rule)"
        elif lang == "en" and IF_SHORT.search(text[:400]):
            route, why = "local", "short bounded writing or rewrite (short-form keyword rule)"
        elif (
            lang != "en"
            and re.search(M_LONG[lang], text[:400], re.I)
            and not re.search(M_SHORT[lang], text[:400], re.I)
        ):
            route, why = "cloud", "long-form composition requested (translated keyword rule)"
        elif lang != "en" and re.search(M_SHORT[lang], text[:400], re.I):
            route, why = "local", "short bounded writing or rewrite (translated short-form keyword rule)"
        else:
            skip(source, "no length constraint or keyword decides")
            continue
        cat = "/".join(
            sorted(
                {i.split(":")[-2] if i.count(":") >= 2 else i.split(":")[0] for i in q["instruction_id_list"]}
            )
        )
        out.append(
            row(
                source,
                f"{lang}-{q['key']}" if source == "m_ifeval" else q["key"],
                cat,
                text,
                route,
                why,
                lang,
            )
        )
    return out


def build_math500(path):
    out = []
    for i, q in enumerate(jsonl(path)):
        uid = q.get("unique_id", "").replace("/", "_").replace(".json", "") or str(i)
        out.append(
            row(
                "math500",
                uid,
                f"{q['subject']}/level{q['level']}",
                q["problem"],
                "cloud",
                "competition math problem (all MATH-500 -> cloud)",
                "en",
            )
        )
    return out


MULTI60_LANGS = ["en", "es", "ru", "de", "fr", "uk", "it", "vi", "zh", "ko", "ja", "th"]


def build_oasst(d):
    out = []
    for name, tag in (
        ("oasst_prompt_lottery_en_250_text.jsonl.gz", "lottery"),
        ("oasst_en_100_text.jsonl.gz", "en100"),
    ):
        for i, text in enumerate(jsonl(os.path.join(d, name))):
            text = text.strip()
            route, why, cat = alpaca_rule(text)
            if route is None:
                skip("oasst", why)
                continue
            out.append(row("oasst", f"{tag}-{i}", cat, text, route, why))
    for i, text in enumerate(jsonl(os.path.join(d, "oasst_multilingual-60.jsonl.gz"))):
        out.append(
            row(
                "oasst",
                f"multi60-{i}",
                "multilingual_chitchat",
                text.strip(),
                "local",
                "short chit-chat, greeting, persona or refusal (all multilingual-60 -> local)",
                MULTI60_LANGS[i // 5],
            )
        )
    # multi-turn: follow the best-ranked assistant reply at each level of each human-written tree
    for t, tree in enumerate(jsonl(os.path.join(d, "oasst_en_100_message.jsonl.gz"))):
        if tree.get("synthetic"):
            skip("oasst", "synthetic conversation tree")
            continue
        first_route, first_why, _ = alpaca_rule(tree["text"].strip())
        hist, node, turn = [], tree, 0
        while node is not None:
            role = "user" if node["role"] == "prompter" else "assistant"
            hist = [*hist, {"role": role, "content": node["text"].strip()}]
            if role == "user":
                turn += 1
                if turn >= 2:
                    r2, w2, _ = alpaca_rule(node["text"].strip())
                    if r2 is None or first_route is None:
                        skip("oasst", "multi-turn: first or last user turn excluded by the Alpaca rule")
                    else:
                        route = "cloud" if "cloud" in (r2, first_route) else "local"
                        why = (
                            "multi-turn follow-up: "
                            + (
                                w2
                                if r2 == "cloud"
                                else "continues a conversation whose opening request is cloud ("
                                + first_why
                                + ")"
                            )
                            if route == "cloud"
                            else "multi-turn follow-up: opening request and follow-up both local by the Alpaca rule"
                        )
                        out.append(row("oasst", f"tree{t}-turn{turn}", "multi_turn", list(hist), route, why))
            reps = [r for r in node.get("replies", []) if not r.get("deleted") and not r.get("synthetic")]
            reps.sort(key=lambda r: (r.get("rank") if r.get("rank") is not None else 99, r["message_id"]))
            node = reps[0] if reps else None
    return out


ZH_CODE = re.compile(
    r"(编写|写|创建|实现|生成|开发|构建)[^。？！\n]{0,15}(代码|函数|(?<!应用)程序|算法|SQL|查询语句|正则表达式)"
    r"|```|\bdef\s+\w+\(|\bfunction\s+\w+\(|调试[^。？！\n]{0,10}(代码|程序|函数)"
    r"|(修复|找出)[^。？！\n]{0,8}(错误|bug)[^。？！\n]{0,8}(代码|程序)?"
    r"|(用|使用|以)\s*(python|java|javascript|c\+\+|sql|html|css)",
    re.I,
)
ZH_MATH = re.compile(
    r"\d\s*[-+*/^x×÷]\s*\d|计算|求解|方程|概率|多少|数学|面积|体积|周长|百分比|平均|总和|质数|素数|数列"
)
ZH_DEEP = re.compile(r"分析|评估|评价|比较|对比|论证|探讨")
ZH_LONG = re.compile(
    r"(写|撰写|创作|编写|起草)[^。？！\n]{0,12}(文章|论文|故事|小说|报告|演讲稿?|剧本|博客|提案|计划书|散文|评论)"
)
ZH_SHORT = re.compile(r"短|简短|简要|一句|一段|句话|几句|\d{1,3}字|推文|摘要|标题")


def build_alpaca_zh(path):
    with opener(path) as f:
        data = json.load(f)
    out = []
    for i, x in enumerate(data):
        instr, inp = x["instruction"].strip(), (x.get("input") or "").strip()
        text = instr + ("\n\n" + inp if inp else "")
        if ZH_CODE.search(text[:1500]):
            route, why, cat = "cloud", "programming / code generation (Chinese keyword rule)", "programming"
        elif ZH_MATH.search(text):
            skip("alpaca_zh", "arithmetic/math of unclear depth")
            continue
        elif ZH_DEEP.search(text):
            skip("alpaca_zh", "analysis request of unclear depth")
            continue
        elif ZH_LONG.search(instr) and not ZH_SHORT.search(instr):
            route, why, cat = (
                "cloud",
                "long-form composition requested (Chinese keyword rule)",
                "long_form_writing",
            )
        elif len(text) < 1000:
            route, why, cat = (
                "local",
                "short single-turn instruction (Chinese default rule, < 1,000 chars)",
                "general_instruction",
            )
        else:
            skip("alpaca_zh", "long input")
            continue
        out.append(row("alpaca_zh", i, cat, text, route, why, "zh"))
    return out


def build_qmsum(paths):
    """Query-based meeting summarisation: the query + the transcript turns of its relevant spans."""
    out = []
    for split, path in paths:
        for m, meeting in enumerate(jsonl(path)):
            turns = meeting["meeting_transcripts"]
            for k, q in enumerate(meeting["specific_query_list"]):
                idx = sorted(
                    {
                        i
                        for a, b in q["relevant_text_span"]
                        for i in range(int(a), int(b) + 1)
                        if i < len(turns)
                    }
                )
                ctx = "\n".join(f"{turns[i]['speaker']}: {turns[i]['content'].strip()}" for i in idx)
                text = q["query"].strip() + "\n\nMeeting transcript excerpt:\n" + ctx
                if len(ctx) >= 4000:
                    route, why = (
                        "cloud",
                        "query-focused summary/QA over a long transcript (context >= 4,000 chars)",
                    )
                elif len(ctx) >= 2000:
                    skip("qmsum", "context 2,000-3,999 chars (ambiguous band)")
                    continue
                else:
                    route, why = (
                        "local",
                        "query-focused summary/QA over a short transcript excerpt (< 2,000 chars)",
                    )
                out.append(row("qmsum", f"{split}-{m}-{k}", "specific_query", text, route, why, "en"))
    return out


# ---------------------------------------------------------------- main
def verify(raw):
    bad = []
    with open(os.path.join(raw, "SHA256SUMS"), encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            digest, name = line.split(None, 1)
            name = name.strip().lstrip("*")
            with open(os.path.join(raw, name), "rb") as g:
                if hashlib.sha256(g.read()).hexdigest() != digest:
                    bad.append(name)
    if bad:
        sys.exit("raw/SHA256SUMS mismatch: " + ", ".join(bad))


def build(a):
    def R(n):
        return os.path.join(a.raw, n)

    per_source = [
        build_mt_bench(R("mt_bench_question.jsonl")),
        build_vicuna(R("vicuna80_question.jsonl")),
        build_gsm8k(R("gsm8k_test.jsonl.gz")),
        build_humaneval(R("HumanEval.jsonl.gz")),
        build_mbpp(R("mbpp.jsonl.gz")),
        build_dolly(sorted(glob.glob(R("dolly_csv/*.csv.xz"))), R("dolly_categories_readfile.tsv")),
        build_alpaca(R("alpaca_en_demo.json.gz")),
        build_arena_hard(R("arena_hard_v0.1_question.jsonl.gz"), R("arena_hard_v2.0_question.jsonl.xz")),
        build_self_instruct(R("self_instruct_user_oriented_instructions.jsonl.gz")),
        build_truthfulqa(R("TruthfulQA.csv.gz")),
        build_ifeval(R("m_ifeval_en_input_data.jsonl.gz"), "ifeval", "en"),
        build_ifeval(R("m_ifeval_es_input_data.jsonl.gz"), "m_ifeval", "es")
        + build_ifeval(R("m_ifeval_fr_input_data.jsonl.gz"), "m_ifeval", "fr")
        + build_ifeval(R("m_ifeval_ja_input_data.jsonl.gz"), "m_ifeval", "ja"),
        build_math500(R("math500_test.jsonl.gz")),
        build_oasst(a.raw),
        build_alpaca_zh(R("alpaca_zh_demo.json.gz")),
        build_qmsum([("test", R("qmsum_test.jsonl.xz")), ("val", R("qmsum_val.jsonl.xz"))]),
    ]
    public = set()
    if a.public:  # recompute from routing_public.jsonl itself
        for q in jsonl(a.public):
            public.add(hashlib.sha256(norm(q["messages"][-1]["content"]).encode("utf-8")).hexdigest())
    else:  # the committed list of hashes, so that the build does not depend on a file outside the repo
        with open(R("routing_public_heldout.sha256"), encoding="utf-8") as f:
            public = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    rows, seen = [], set()
    for src_rows in per_source:  # source order above decides which copy of a duplicate is kept
        for r in src_rows:
            last = r["messages"][-1]["content"]
            if len(last) > MAX_CHARS or sum(len(m["content"]) for m in r["messages"]) > 2 * MAX_CHARS:
                skip(r["source"], "over 16,000 chars")
                continue
            k = norm(last)
            if hashlib.sha256(k.encode("utf-8")).hexdigest() in public:
                skip(r["source"], "prompt is in routing_public.jsonl (held out)")
                continue
            if len(r["messages"]) == 1:
                if k in seen:
                    skip(r["source"], "duplicate prompt (normalised text)")
                    continue
                seen.add(k)
            else:  # multi-turn rows: duplicate only if the whole conversation repeats
                kk = "\x00".join(norm(m["content"]) for m in r["messages"])
                if kk in seen:
                    skip(r["source"], "duplicate conversation")
                    continue
                seen.add(kk)
            rows.append(r)
    # Dolly local rows would swamp the local side (about 12k); keep a fixed-size hash-selected subset.
    dl = [r for r in rows if r["source"] == "dolly" and r["expected_route"] == "local"]
    if a.dolly_local_cap >= 0 and len(dl) > a.dolly_local_cap:
        keep = {
            r["id"] for r in sorted(dl, key=lambda r: keep_frac(r["id"], "dolly-local"))[: a.dolly_local_cap]
        }
        for r in dl:
            if r["id"] not in keep:
                skip("dolly", "local row over --dolly-local-cap (hash-selected)")
        rows = [
            r
            for r in rows
            if not (r["source"] == "dolly" and r["expected_route"] == "local") or r["id"] in keep
        ]
    drop = {x.strip() for x in a.exclude.split(",") if x.strip()}
    rows = [r for r in rows if r["source"] not in drop]
    for r in rows:
        r["split"] = split_of(r["id"])
    rows.sort(key=lambda r: (r["source"], r["id"]))
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return rows


def write(rows, out):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as g:
        for r in rows:
            g.write((json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8"))
    with open(out, "wb") as f:
        f.write(buf.getvalue())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", default=os.path.join(HERE, "raw"))
    ap.add_argument("--out", default=os.path.join(HERE, "corpus.jsonl.gz"))
    ap.add_argument(
        "--public",
        default=None,
        help="routing_public.jsonl to hold out (default: the hashes in raw/routing_public_heldout.sha256)",
    )
    ap.add_argument(
        "--write-heldout", metavar="PATH", help="write the held-out hash list from --public and exit"
    )
    ap.add_argument(
        "--exclude",
        default="",
        help="comma-separated sources to drop, e.g. alpaca (CC-BY-NC) or alpaca,dolly (NC / ShareAlike)",
    )
    ap.add_argument("--dolly-local-cap", type=int, default=3000, help="-1 keeps every Dolly local row")
    ap.add_argument("--no-verify", action="store_true", help="skip the raw/SHA256SUMS check")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.write_heldout:
        hs = sorted(
            {
                hashlib.sha256(norm(q["messages"][-1]["content"]).encode("utf-8")).hexdigest()
                for q in jsonl(a.public)
            }
        )
        with open(a.write_heldout, "w", encoding="utf-8") as f:
            f.write(
                "# sha256 of norm(last user turn) of every prompt in shared/eval/routing_public.jsonl "
                "(see build.py: norm)\n" + "".join(h + "\n" for h in hs)
            )
        return None
    if not a.no_verify:
        verify(a.raw)
    SKIPS.clear()
    rows = build(a)
    write(rows, a.out)
    if a.quiet:
        return rows
    c = collections.Counter((r["source"], r["expected_route"]) for r in rows)
    print(f"wrote {len(rows)} rows to {a.out}")
    for s in sorted({k[0] for k in c}):
        print(f"  {s:14s} local={c[(s, 'local')]:5d} cloud={c[(s, 'cloud')]:5d}")
    tot = collections.Counter(r["expected_route"] for r in rows)
    print(f"  {'TOTAL':14s} local={tot['local']:5d} cloud={tot['cloud']:5d}")
    print("  splits:", dict(sorted(collections.Counter(r["split"] for r in rows).items())))
    for (s, why), n in sorted(SKIPS.items()):
        print(f"  skipped {s}: {why}: {n}")
    return rows


if __name__ == "__main__":
    main()
