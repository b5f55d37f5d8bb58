"""What a request asks for, read from its text: task type, signals, and a difficulty score.

`extract(messages)` returns `Features`; its `score` in [0, 1] says how hard the request is for a
135M–3B on-device model, on a scale where the default router threshold 0.5 separates basic work
(short summaries, rewrites, formatting, classification, short answers, small extractions, chit-chat,
short emails and poems) from heavy work (code generation and debugging, multi-step math and
logic, deep analysis, long documents, long-form writing).

The score is a logistic of weighted evidence, in logit units (the W_* constants below). A request
with no evidence scores about 0.12; one strong signal (a request for code, a word problem, a
proof, an essay) lifts it to 0.7–0.9; a request for brevity or a light task (summarize, rewrite,
classify, extract, format, translate) pulls it down. Each signal is a general marker of the kind
of work asked for, not of any prompt collection:

- code: a request to write, fix, design or translate code; code pasted in the prompt (fences,
  code lines, inline SQL or signatures); algorithm-problem wording ("given an array of",
  "efficient solution", complexity); software vocabulary together with a problem or a build verb
  ("my React component re-renders endlessly").
- math: equations and expressions, math vocabulary, and word problems (several quantities and a
  quantitative question). Numbers inside a pasted reference passage do not count.
- reasoning: proofs, puzzles, "explain your reasoning", step-by-step reasoning, estimates,
  conditional questions.
- analysis: analysis and evaluation verbs, "compare and contrast", trade-offs, design of systems,
  several factors to weigh.
- writing: a long piece as the object of a writing verb (essay, article, story, script, review,
  proposal, lesson plan…), "write a detailed …", multi-day or multi-week plans, a word count of
  500 or more; explicit brevity ("short", "in 3 sentences", "under 100 words") works the other way.
- context: a long pasted document or a long conversation (ramping from 500 to 1,000 tokens), and
  a little for length itself.

Earlier turns of a conversation add their code, math and reasoning evidence at a lower weight,
unless the latest turn is only an acknowledgement ("thanks!").

Speed: every pattern is compiled at import; the text is lowercased and split into words once,
and most patterns only run when one of their trigger words is present. Intent is read from the
start and the end of an instruction; very long texts are read as their first 2,000 and last 1,000
characters, and their length is measured in full.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["TASKS", "Features", "estimate_tokens", "extract"]

TASKS = (
    "summarize",
    "format",
    "classify",
    "rewrite",
    "extract",
    "qa",
    "chat",
    "translate",
    "code",
    "math",
    "reasoning",
    "analysis",
    "long_form_writing",
    "long_document_extraction",
)

# Evidence weights, in logit units: score = 1 / (1 + exp(-(BIAS + Σ evidence))).
BIAS = -2.0
W_CODE_REQUEST = 4.0
W_CODE_PROBLEM = 3.0
W_CODE_PRESENT = 2.5
W_CODE_HINT = 1.0
W_CODE_TESTS = 2.0
W_MATH_EXPR = 3.0
W_MATH_WORD = 1.6
W_WORD_PROBLEM = 3.5
W_ARITHMETIC = 1.2
W_REASONING = 3.0
W_REASONING_HINT = 2.0
W_ANALYSIS = 1.05
W_ANALYSIS_MAX = 3.0
W_LONG_FORM = 3.5
W_LONG_OUTPUT = 1.5
W_BREVITY = 2.0
W_BOUNDED_LIST = 1.0
W_LIGHT_TASK = 1.0
W_LONG_CONTEXT = 4.5
W_HISTORY = 0.6  # share of an earlier turn's code/math/reasoning evidence
W_LENGTH = 0.3  # per tenfold of prompt tokens over LENGTH_PIVOT, within [LENGTH_FLOOR, LENGTH_CAP]
LENGTH_PIVOT = 30
LENGTH_FLOOR = -0.15
LENGTH_CAP = 0.3
LONG_CONTEXT_FROM = 500  # tokens: below this a pasted text adds nothing
LONG_CONTEXT_FULL = 1000  # tokens (~4,000 characters): full long-document weight
# Estimated token counts in this band are recounted with the model's tokenizer (the estimate is
# off by up to ~45 % on code and non-English text; the band covers that around the ramp).
EXACT_COUNT_FROM = LONG_CONTEXT_FROM // 2
EXACT_COUNT_TO = LONG_CONTEXT_FULL * 3 // 2
HEAD_CHARS = 2000  # a very long text is read as its head and tail
TAIL_CHARS = 1000
INTENT_HEAD = 600  # where an instruction says what it wants
INTENT_TAIL = 300


@dataclass(frozen=True)
class Features:
    """Signals read from one request; `score` is its difficulty for an on-device model."""

    task: str
    score: float
    tokens: int  # the whole conversation
    chars: int
    turns: int
    code: bool
    math: bool
    reasoning: bool
    multi_step: bool
    analysis: bool
    long_form: bool
    output_length: str  # "short", "long" or "unspecified"
    requested_words: int | None
    long_context: bool
    signals: tuple[str, ...] = ()  # the evidence that fired, strongest first
    tokens_exact: bool = False  # counted by the model's tokenizer rather than estimated
    # Set when a learned scorer gave `score`: the rules' own score, which the capability profile
    # was calibrated on, and which scorer decided.
    rule_score: float | None = None
    scorer: str = "rules"

    def to_dict(self) -> dict[str, Any]:
        """The small form a Decision carries."""
        return {
            "task": self.task,
            "score": round(self.score, 4),
            "scorer": self.scorer,
            "rule_score": None if self.rule_score is None else round(self.rule_score, 4),
            "tokens": self.tokens,
            "tokens_exact": self.tokens_exact,
            "turns": self.turns,
            "code": self.code,
            "math": self.math,
            "reasoning": self.reasoning,
            "multi_step": self.multi_step,
            "analysis": self.analysis,
            "long_form": self.long_form,
            "output": self.output_length,
            "long_context": self.long_context,
            "signals": list(self.signals),
        }


# -- patterns --------------------------------------------------------------------------------------
# All run on lowercased text unless named *_RAW.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[+#]{1,2}")

_CODE_VERBS = _words(
    "write writing create implement develop construct generate build code program complete fix debug "
    "refactor optimize optimise port design modify extend make give translate convert rewrite"
)
_CODE_NOUNS = _words(
    "function functions program programs code script scripts algorithm algorithms class method "
    "sql query regex regexp regular expression web webpage html css loop api endpoint unit test "
    "tests snippet module library command compiler parser stack queue linked tree hashmap recursion "
    "recursive lambda decorator iterator generator array arrays schema database"
)
_CODE_REQUEST = re.compile(
    r"(?:write|writing|create|implement|develop|construct|generate|build|code|program|complete|fix"
    r"|debug|refactor|optimi[sz]e|port|modify|extend|make|give me|design|translate|convert|rewrite)\b"
    r"[^.?!\n]{0,60}?"
    r"\b(?:functions?|programs?|code|scripts?|algorithms?|class(?= (?:with|that|for|to|called|named|which"
    r"|in|representing))|(?:sql|database|db) quer(?:y|ies)|quer(?:y|ies) in sql|regex|regexp"
    r"|regular expressions?|web ?page|html|css|(?:for|while) loop|loop|api(?: endpoint)?|sql"
    r"|(?:database|db) schema|schema for"
    r"|endpoint|unit tests?|snippet|module|library|(?:bash|shell|terminal) command|command[- ]line tool"
    r"|compiler|parser|data structure|linked[- ]list|binary (?:search )?tree|hash ?map|stack|queue"
    r"|recursion|recursive|lambda|decorator|iterator|generator function)\b"
)
_LANGS = (
    r"python|java|javascript|typescript|c\+\+|c#|golang|rust|ruby|php|swift|kotlin|scala|haskell"
    r"|perl|matlab|bash|powershell|sql|html|css|react|node\.?js|numpy|pandas|c(?= (?:program|code|function))"
)
_LANG_WORDS = _words(
    "python java javascript typescript golang rust ruby php swift kotlin scala haskell perl matlab bash "
    "powershell sql html css react node nodejs js numpy pandas ++ #"
)
_CODE_LANG = re.compile(
    rf"\b(?:in|using|with|into|to) (?:{_LANGS})\b(?! (?:language|programming language)s?\b)"
    rf"|\b(?:{_LANGS}) (?:function|program|script|code|class|snippet|implementation|one-liner|method)s?\b"
)
# Debugging requests, each form run only when its substring is in the text.
_CODE_DEBUG: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("debug", re.compile(r"\bdebug\b")),
    (
        "bug",
        re.compile(
            r"\b(?:find|identify|fix) (?:the|any|this|a|my) bugs?|\bbugs? in (?:this|the|my|following)"
        ),
    ),
    ("fix", re.compile(r"\bfix (?:the|this|a|my) (?:bug|code|error|function|program|script|test)s?\b")),
    ("trace", re.compile(r"stack ?trace|traceback")),
    ("seg", re.compile(r"segfault|segmentation fault")),
    (
        "compil",
        re.compile(r"compil(?:e|er|ation) error|(?:does ?n[o']t|won't) compile|make sure it compiles?"),
    ),
    ("exception", re.compile(r"uncaught exception|throws? (?:an? )?exception|exception (?:is )?thrown")),
    ("null", re.compile(r"null ?pointer")),
)
_ERROR_NAMES = (
    "syntax ", "runtime ", "runtime", "type", "value", "key", "index", "attribute", "name", "import",
    "module",
    "assertion", "zerodivision", "zero division", "overflow", "reference", "connection", "timeout",
    "recursion", "os", "io",
)  # fmt: skip
_CODE_TESTS_WORDS = _words("code pass complete leetcode complexity o tests efficient optimal given")
_CODE_TESTS = re.compile(
    r"code should pass|pass (?:these|the following|all) (?:unit )?tests|complete the (?:following )?"
    r"(?:python |java |javascript |c\+\+ )?(?:function|code|method|class)|leetcode"
    r"|\bcomplexity\b|(?:efficient|optimal) (?:solution|algorithm|approach|implementation)"
    r"|\bo\((?:1|n|log n|n log n|n\^2|n2|m \+ n|n \+ m)\)"
    r"|given an? (?:sorted |unsorted |non-empty )?(?:array|binary tree|graph|linked list|matrix) of\b"
    r"|given (?:a|an) (?:list|array) of (?:intervals|integers)\b"
)
# A programming-puzzle statement: "Given a binary tree, return its maximum depth."
_ALGORITHM_PROBLEM = re.compile(
    r"\bgiven (?:an?|two|the|n|k) (?:(?:sorted|unsorted|non-empty|positive|non-negative|binary|directed"
    r"|undirected|weighted|singly|doubly|integer|2d) )*(?:arrays?|lists? of (?:integers|numbers|strings|intervals)"
    r"|strings? [a-z]\b|strings? of|tree|graph|linked lists?|matrix|grid|integers?(?: [a-z]\b)?|intervals)"
    r"[^.?!\n]{0,80}?\b(?:return|returns|find|determine|compute|count|output|check)\b"
)
_ML_WORDS = _words("train fine-tune finetune fine tune model models classifier network neural")
_CODE_ML = re.compile(
    r"\b(?:train|fine-?tune)\b[^.?!\n]{0,40}?\b(?:model|classifier|network)\b"
    r"|\b(?:build|develop|create|design)\b[^.?!\n]{0,40}?\b(?:machine learning|ml|regression|classification"
    r"|deep learning|neural|random forest|predictive) (?:model|classifier|network)\b"
)
# Software vocabulary: two or more of these with a problem or a build verb is programming work.
_TECH_TERMS = _words(
    "api apis endpoint endpoints sql query queries schema database databases db regex function "
    "functions variable variables recursion recursive compile compiler compiling runtime "
    "exception exceptions stack heap thread threads threading async await promise promises callback "
    "callbacks component components props render renders rendering rerender rerenders re-render re-renders "
    "useeffect usestate hook hooks dom css html javascript typescript python java rust golang kotlin swift "
    "react vue angular node nodejs django flask fastapi spring docker kubernetes k8s container containers "
    "git commit repository repo deploy deployment server servers backend frontend microservice "
    "microservices latency cache caching memory leak pointer pointers segfault bug bugs debug debugging "
    "stacktrace traceback null undefined npm pip dependency dependencies library libraries framework sdk "
    "cli bash shell linux kernel socket sockets http https tcp udp dns ssl tls oauth webhook orm "
    "migration migrations sharding replication index indexes indices mutex deadlock concurrency algorithm "
    "algorithms complexity compiler bytecode jvm gpu cuda tensor tensors pandas numpy dataframe "
    "pipeline pipelines script scripts config configuration"
)
_TECH_PROBLEM = _words(
    "error errors fails fail failing failed crash crashes crashing hangs hang freezes endless endlessly "
    "infinite slow slower leak leaks leaking broken wrong unexpected timeout timeouts restructure optimize "
    "optimise refactor design implement architect migrate debug fix improve speed rewrite port "
    "configure deploy build write develop"
)
# Code in the prompt (raw text: case and symbols matter).
_CODE_LINE_RAW = re.compile(
    r"^[ \t]*(?:def |class \w+[(:]|function\b|fn |func |public |private |static |#include|import \w"
    r"|from \w+ import|package \w|using \w|const |let |var |return\b|if \(|for \(|while \(|print\(|console\."
    r"|System\.|SELECT |assert |@\w+|\}|\w+ ?= ?[\[{(]|\w+\(.*\) ?\{|\w+\.\w+\(.*\);?$)",
    re.MULTILINE,
)
# Code written inline, each form run only when its marker is in the raw text.
_CODE_INLINE_RAW: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("SELECT", re.compile(r"\bSELECT\s+(?:\*|DISTINCT\b|\w+)[^;]{0,200}?\bFROM\s+\w+")),
    ("def ", re.compile(r"\bdef \w+\([^)]*\)\s*:")),
    ("function", re.compile(r"\bfunction\s*\w*\s*\([^)]*\)\s*\{")),
    ("const ", re.compile(r"\bconst\s+\w+\s*=")),
    ("let ", re.compile(r"\blet\s+\w+\s*=\s*[\w\[{(\"'`]")),
    ("var ", re.compile(r"\bvar\s+\w+\s*=")),
    ("#include", re.compile(r"#include\s*<")),
    ("public ", re.compile(r"\bpublic\s+(?:static\s+)?(?:void|int|class)\b")),
    ("console.log(", re.compile(r"console\.log\(")),
    ("System.out.", re.compile(r"System\.out\.")),
    ("import ", re.compile(r"\bimport\s+[\w.]+;")),
)
_CODE_SYNTAX_RAW = re.compile(r"\bdef \w+\(|\bfunction \w*\(|\]\s*=[^=]")
_CODE_SYMBOLS = ("=>", ");", "!=", "==", "&&", "||", "++", "::", "->")

# Arithmetic on numbers: every branch starts at a digit or "(", so the scan skips to digits.
_MATH_NUMERIC = re.compile(
    r"\d(?:\s*[+*×÷^]\s*\(?\d|\s+[/−-]\s+\d|\s*=\s*\d|\s*%\s*(?:of|\+|-)|[a-z]\b\s*[-+=*/^)<>])"
    r"|\(-?\d+,\s*-?\d+\)"
)
# Algebra with variables and functions, each form run only when its operator is in the text.
_MATH_SYMBOLIC: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("^", re.compile(r"\b\d*[a-z]\s*\^\s*\d")),
    ("=", re.compile(r"\b[a-z]\s*[-+*/]\s*\d*[a-z]?\s*=|\b[fgh]\([a-z0-9]+\)\s*=")),
    ("|", re.compile(r"\|[^|\n]{1,20}\|\s*[<>≤≥]")),
    ("(", re.compile(r"\b(?:sin|cos|tan|log|ln|sqrt)\s*\(")),
)
_MATH_WORDS = _words(
    "calculate compute solve equation equations inequality inequalities derivative derivatives integral "
    "integrals integrate differentiate probability probabilities remainder divisible factorial "
    "hypotenuse polynomial quadratic matrix matrices permutations combinations variance eigenvalue "
    "eigenvalues logarithm exponent theorem lemma arithmetic geometric algebra algebraic modulo "
    "perimeter circumference diameter radius triangle vertices simplify angles"
)
_MATH_PHRASE_WORDS = _words(
    "square cube area volume integers express expected standard mean median sum greatest least prime percent "
    "solve value find"
)
_MATH_PHRASE = re.compile(
    r"square root|cube root|area of|volume of|how many integers|express [a-z] in|expected value"
    r"|standard deviation|mean of|median of|sum of (?:all|the first|\d)|greatest common|least common"
    r"|prime (?:number|factor)s?|what is \d[\d,.]* ?(?:percent|%)|solve for|value of [a-z]\b|find [a-z]\b"
)
_NUMBER_RAW = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
_YEAR_WORDS = _words("in of since from by until year to before after during around circa between and the")
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "hundred thousand million half twice double triple thrice quarter third dozen"
)
_QUANTITY_CUES = _words(
    "each per every total altogether twice half times more less fewer left remaining remain remains "
    "cost costs price prices spend spends spent earn earns earned paid pay pays buy buys bought sell "
    "sells sold save saves saved miles mile hours hour minutes minute days weeks months years dollars "
    "dollar cents percent profit discount rate speed average ratio share shares split makes needs "
    "pounds kilograms liters gallons meters feet inches km kg"
)
_QUANT_QUESTION_WORDS = _words("how what what's find calculate compute determine work")
_QUANT_QUESTION = re.compile(
    r"how (?:many|much|long|far|old|fast|often|tall|heavy|big|large)\b"
    r"|(?:what(?:'s| is| was| were| are| will be| would be)|find|calculate|compute|determine|work out)"
    r"\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+|my\s+"
    r"|our\s+|your\s+)?(?:[\w'’-]+\s+){0,3}?(?:total|sum|difference|average|mean|number|cost|price|area"
    r"|value|probability|remainder|percentage|ratio|speed|distance|profit|amount|age|measure|length|width"
    r"|height|weights?|volume|perimeter|rate|time|score|balance|fraction|percent|result|share|temperature"
    r"|combined|change|income|salary|revenue|savings|loss|capacity|depth|totals?)\b"
    r"|what percent(?:age)?|what fraction|what number of|\b(?:calculate|compute|work out)\b"
)
_REASONING_WORDS = _words(
    "justify justifies justifying justification prove proves proving proof proofs derive derivation deduce "
    "riddle riddles puzzle puzzles brainteaser"
)
_REASONING_STEP = re.compile(
    r"(?:reason|reasoning|think|solve|solution|work|derive|prove|calculat\w*)\b[^.?!\n]{0,40}"
    r"step[- ]by[- ]step"
    r"|step[- ]by[- ]step[^.?!\n]{0,30}(?:reasoning|solution|derivation|proof|calculation)"
)
_REASONING_PHRASE_TRIGGERS = _words(
    "explain reasoning show logic logical brain false belong odd reasons explanation think principles "
    "weigh weighing estimate reason through"
)
_REASONING_PHRASE = re.compile(
    r"explain (?:your|the|their|my) (?:reasoning|logic|answer)|reasoning steps?|show (?:your|the|all)"
    r" (?:work|steps)|logic(?:al)? (?:puzzle|problem|question|reasoning)|brain ?teaser"
    r"|true,? false,? or uncertain|does ?n[o']t belong|odd one out|what could be the reasons?"
    r"|with (?:an|a detailed|a clear) explanation|think (?:carefully|critically|it through)"
    r"|principles of (?:physics|logic)|weigh(?:ing)? (?:scale|balance)|estimate (?:how|the number|the total)"
    r"|(?:reason|think|work) (?:it )?through"
)
_RELATION_TRIGGERS = _words(
    "father mother brother sister son daughter parent child grandfather grandmother uncle aunt cousin taller "
    "shorter older younger faster slower heavier lighter relationship"
)
_RELATION = re.compile(
    r"\b[a-z] is (?:the )?(?:father|mother|brother|sister|son|daughter|parent|child|grandfather"
    r"|grandmother|uncle|aunt|cousin|taller|shorter|older|younger|faster|slower|heavier|lighter)"
    r" (?:of|than) [a-z]\b|relationship between [a-z] and [a-z]\b"
)
_CONDITIONAL_Q = re.compile(
    r"\bif\b(?! you (?:were|are) )[^.?!\n]{3,100},\s*(?:what|where|who|how|which|when)\b[^.?!\n]*\?"
)
_FERMI = re.compile(
    r"how many [^.?!\n]{2,60}\b(?:in (?:a|an|the|one|your) (?:lifetime|day|minute|hour|year|world|history"
    r"|universe|galaxy)|globally|worldwide|on earth|in the world|throughout history|ever (?:been )?"
    r"(?:written|made|recorded|built|sold|born))"
)
_ANALYSIS_WORDS = _words(
    "analyze analyse analysis analyses analyzing analysing critique critically evaluate assess assessment "
    "implications tradeoffs trade-offs nuanced insights correlation discuss elaborate philosophical "
    "ethical ethics geopolitical macroeconomic socioeconomic methodology framework strategies "
    "comprehensive thorough in-depth consequences strategy sustainability scalability scalable feasibility "
    "competitor competitive compare comparing"
)
_ANALYSIS_VERBS = _words("analyze analyse critique evaluate assess examine investigate critically")
_ANALYSIS_IMPERATIVE = re.compile(
    r"(?:^|[.!?:]\s+|\n\s*|\band\s+|please\s+)(?:critically\s+)?(?:analy[sz]e|critique|evaluate|assess|examine"
    r"|investigate)\b(?! (?:the following|these|this|the given|the text|the passage|the data))"
)
_ANALYSIS_PHRASE_TRIGGERS = _words(
    "compare pros case depth in-depth impact design designing root long consider considering taking take "
    "weigh weighing account accounting addressing covering strengths advantages costs risks balance balancing"
)
_ANALYSIS_PHRASE = re.compile(
    r"compare and contrast|pros and cons|strengths and weaknesses|advantages and disadvantages"
    r"|(?:costs|risks) and benefits|case stud(?:y|ies)|in[- ]depth|impact (?:of|on)\b"
    r"|design(?:ing)? (?:a|an|the)\b[^.?!\n]{0,40}\b(?:system|architecture|workflow|process|plan|experiment"
    r"|study|curriculum|network|pipeline|strategy)|root causes?|long[- ]term (?:effects|consequences)"
    r"|(?:consider(?:ing)?|taking into account|take into account|weigh(?:ing)?|account(?:ing)? for|addressing"
    r"|balanc(?:e|ing)"
    r"|covering)\b[^.?!\n]{0,60}?,[^.?!\n]{0,60}?\band\b"
)
_LONG_NOUNS = (
    r"essays?|articles?|blog ?posts?|blogs?|stor(?:y|ies)|scripts?|screenplays?|speech(?:es)?|reviews?"
    r"|lesson plans?|proposals?|chapters?|novels?|novellas?|white ?papers?|business plans?|guides?"
    r"|tutorials?|curricul(?:um|a)|research papers?|thes[ie]s|dissertations?|press releases?|memoirs?"
    r"|biograph(?:y|ies)|fan ?fiction|fairy ?tales?|fables?|eulog(?:y|ies)|op-eds?|case stud(?:y|ies)"
)
_LONG_FORM = re.compile(
    r"\b(?:write|compose|draft|create|generate|produce|craft|output|tell|narrate|invent|prepare|develop"
    r"|structure|author|pen)\s+(?:me\s+|us\s+)?((?:[\w'’-]+\s+){0,4}?)"
    rf"({_LONG_NOUNS})\b"
)
_LONG_NOUN_WORDS = _words(
    "essay essays article articles blog blogs post posts blogpost story stories script scripts screenplay "
    "screenplays speech speeches review reviews lesson plan plans proposal proposals chapter chapters novel "
    "novels novella novellas whitepaper whitepapers paper papers guide guides tutorial tutorials curriculum "
    "curricula thesis theses dissertation dissertations release releases memoir memoirs biography "
    "biographies fanfiction fiction tale tales fairytale fairytales fable fables eulogy eulogies op ed eds "
    "study studies"
)
_DETAILED_PIECE = re.compile(
    r"\b(?:write|compose|draft|create|produce|prepare|develop|generate)\s+(?:me\s+)?(?:a|an)\s+"
    r"(?:\w+\s+)?(?:detailed|comprehensive|in-depth|thorough|extensive|full|complete|long)\s+"
    r"(?!(?:list|summary|answer|table|outline|overview|explanation|description|breakdown|sentence|title)s?\b)"
)
_MULTI_PERIOD_PLAN = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|ten|twelve)[- ](?:day|week|month)\b[^.?!\n]{0,40}"
    r"\b(?:plan|itinerary|schedule|program(?:me)?|curriculum|course|syllabus|routine|strategy|roadmap)\b"
    r"|\bitinerary\b|\bsyllabus\b|\b(?:day|week|month)-by-(?:day|week|month)\b"
)
_PLAN_WORDS = _words(
    "plan itinerary schedule program programme curriculum course syllabus routine strategy roadmap day-by-day"
)
_HOW_TO = re.compile(r"(?:how (?:to|do i|do you|can i|should i|would you)|tips (?:for|on)|ways to) $")
_NOT_OBJECT = _words(
    "for about of on to from in with sentence title titles headline headlines outline summary paragraph "
    "intro introduction conclusion opening closing tagline caption topic first last name names short "
    "brief quick mini one-paragraph two-paragraph one-sentence 100-word 50-word tiny little idea ideas "
    "plot premise list outline synopsis abstract"
)
_LENGTH_UNITS = _words(
    "word words sentence sentences line lines paragraph paragraphs character characters bullet bullets point "
    "points page pages"
)
_WORD_LIMIT = re.compile(
    r"\b(?:under|below|less than|fewer than|no more than|not more than|at most|maximum of|max(?:imum)?"
    r"|up to|within|limit(?:ed)? to|keep it (?:under|to))\s+(\d{1,5}|one|two|three|four|five|ten)\s+"
    r"(words?|sentences?|lines?|paragraphs?|characters?|bullet points?|bullets?|pages?)"
)
_LENGTH_ASKED = re.compile(
    r"\b(\d{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of)[- ]"
    r"(words?|sentences?|lines?|paragraphs?|pages?|bullet points?)\b"
)
_SMALL_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SMALL_COUNTS.update({"eight": 8, "nine": 9, "ten": 10, "a few": 3, "a couple of": 2})
_BREVITY_WORDS = _words(
    "brief briefly concise concisely succinct succinctly tl;dr tldr one-liner haiku "
    "tweet slogan tagline headline headlines caption limerick"
)
_BREVITY_PHRASES: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = (
    (
        _words("short brief"),
        re.compile(
            r"short (?:answer|response|reply|story|stories|poem|paragraph|summary|description|email|note"
            r"|message|text|list|version|explanation|essay|article|piece|bio|intro|introduction|statement"
            r"|sentence|letter|post|caption|speech|overview|definition)"
            r"|(?:keep (?:it|the \w+|your \w+)|be|very|in) (?:short|brief)"
            r"|short and (?:sweet|to the point|simple)"
        ),
    ),
    (_words("point nutshell"), re.compile(r"to the point|in a nutshell")),
    (_words("line"), re.compile(r"\b(?:one|single) line")),
    (_words("word words"), re.compile(r"a few words|in (?:one|a) word|\bone word")),
    (_words("sentence"), re.compile(r"single sentence|\ba sentence")),
    (_words("paragraph"), re.compile(r"\b(?:one|a|single|two|three)[- ]paragraph")),
)
_LONG_OUTPUT_WORDS = _words(
    "detailed comprehensive in-depth thorough exhaustive extensive lengthy long-form full-length"
)
_SMALL_COUNT_TOKENS = _words("two three four five six seven eight nine ten 2 3 4 5 6 7 8 9 10 11 12 13 14 15")
_BOUNDED_LIST = re.compile(
    r"\b(?:list|name|give|suggest|provide|share|describe|explain|outline|identify|recommend|mention"
    r"|propose|offer|what are|top)\b[^.?!\n]{0,30}?\b(?:two|three|four|five|six|seven|eight|nine|ten"
    r"|[2-9]|10|1[0-5])\b"
)
Gated = tuple[tuple[frozenset[str], re.Pattern[str]], ...]

# Light tasks: (name, words that name the task outright, phrases gated by their trigger words).
_LIGHT: tuple[tuple[str, frozenset[str], Gated], ...] = (
    (
        "translate",
        _words("translate translation translating translated"),
        (
            (
                _words("into"),
                re.compile(
                    r"into (?:english|french|spanish|german|italian|portuguese|chinese|japanese|korean"
                    r"|russian"
                    r"|arabic|hindi|dutch)\b"
                ),
            ),
        ),
    ),
    (
        "summarize",
        _words("summarize summarise summary summaries summarizing summarising summarized tldr gist"),
        (
            (_words("sum"), re.compile(r"\bsum up\b")),
            (_words("tl"), re.compile(r"\btl;?dr\b")),
            (_words("key main"), re.compile(r"\b(?:key|main) (?:points|takeaways|ideas)\b")),
        ),
    ),
    (
        "rewrite",
        _words(
            "rewrite rephrase paraphrase reword proofread edit polish shorten simplify synonym synonyms "
            "antonym "
            "antonyms"
        ),
        (
            (_words("re"), re.compile(r"\bre-write")),
            (_words("correct"), re.compile(r"\bcorrect (?:the|any|this|all|grammar|spelling)")),
            (_words("fix"), re.compile(r"\bfix (?:the )?(?:grammar|spelling|typos)")),
            (_words("active passive"), re.compile(r"\b(?:active|passive) voice")),
            (_words("past present"), re.compile(r"\b(?:past|present) tense")),
            (_words("opposite"), re.compile(r"\bopposite of")),
            (_words("more"), re.compile(r"\bmore (?:formal|concise|polite)")),
        ),
    ),
    (
        "format",
        _words("format reformat alphabetize alphabetise capitalize capitalise"),
        (
            (_words("convert"), re.compile(r"\bconvert (?:this|the|these|it|into|to|from)")),
            (_words("turn"), re.compile(r"\bturn (?:this|these|it|the following) into")),
            (
                _words("table json csv yaml xml markdown bullet bulleted"),
                re.compile(
                    r"\b(?:into|as) (?:a )?(?:table|json|csv|yaml|xml|markdown|bullet(?:ed)? (?:list|points))"
                    r"|\bin (?:json|csv|yaml|markdown|table) format"
                ),
            ),
            (_words("comma"), re.compile(r"\bcomma[- ]separated")),
            (_words("sort"), re.compile(r"\bsort (?:these|the following|them|alphabetically)")),
        ),
    ),
    (
        "extract",
        _words("extract extracting extraction extracted"),
        (
            (_words("pull"), re.compile(r"\bpull out\b")),
            (_words("entities"), re.compile(r"\bnamed entities\b")),
            (
                _words("passage text paragraph article reference"),
                re.compile(
                    r"\b(?:from|based on|given|according to|using) (?:the|this|a) (?:reference )?"
                    r"(?:passage|text|paragraph|article|reference)"
                ),
            ),
            (_words("per"), re.compile(r"\bper this\b")),
        ),
    ),
    (
        "classify",
        _words(
            "classify classifying classification categorize categorise categorized category categories "
            "sentiment"
        ),
        (
            (_words("label"), re.compile(r"\blabel (?:each|the|these)")),
            (_words("identify"), re.compile(r"\bidentify which\b")),
            (
                _words("which"),
                re.compile(r"\bwhich (?:of (?:these|the following)|one) (?:is|are)|\bwhich is an?\b"),
            ),
            (_words("tell"), re.compile(r"\btell me (?:if|whether|which)\b")),
            (_words("negative"), re.compile(r"\bpositive,? (?:or )?negative")),
            (_words("fact opinion"), re.compile(r"\bfact or opinion|\bopinion or fact")),
            (_words("false"), re.compile(r"\btrue or false\b")),
            (_words("determine"), re.compile(r"\bdetermine (?:if|whether)")),
            (_words("scale"), re.compile(r"\bon a scale of\b")),
            (_words("either"), re.compile(r"\beither\b[^.?!\n]{1,40}\bor\b")),
        ),
    ),
)
# Each light task with the union of all its words, to skip a task in one set operation.
_LIGHT_GATED = tuple(
    (name, named_by, phrases, named_by.union(*(triggers for triggers, _ in phrases)))
    for name, named_by, phrases in _LIGHT
)
_QUESTION_START = re.compile(
    r"^\s*(?:q:\s*)?(?:what|who|whom|whose|when|where|which|why|how|is|are|was|were|do|does|did|can|could"
    r"|should|would|will|name|define|list|give me)\b"
)
_GREETING = re.compile(r"\s*(?:hi|hello|hey|thanks|thank you|good (?:morning|evening|night)|how are you)\b")
_CHAT_WORDS = _words("pretend imagine roleplay role opinion favorite favourite tips advice")
_MULTI_STEP: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = (
    (
        _words("step steps"),
        re.compile(
            r"step[- ]by[- ]step|\bstep (?:1|one)\b|(?:multi|multiple)[- ]step|in (?:several|multiple) steps"
        ),
    ),
    (_words("multi-step"), re.compile(r"multi-step")),
    (_words("first"), re.compile(r"\bfirst\b[^.?!\n]{0,200}\b(?:then|next|after that|finally)\b")),
)
_ACKNOWLEDGEMENT = re.compile(
    r"\s*(?:thanks|thank you|thx|ok(?:ay)?|great|cool|got it|perfect|nice|awesome|sounds good|that'?s"
    r" (?:great|helpful|perfect|it)|hi|hello|bye|good ?bye)\b[^?]{0,40}$",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


# -- extraction ------------------------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """A fast token estimate: ~4 characters per token, non-ASCII text counted denser."""
    if not text:
        return 0
    extra = len(text.encode("utf-8", "surrogatepass")) - len(text)
    return int(len(text) / 4 + extra / 3) + 1


def extract(
    messages: Iterable[Mapping[str, str]],
    *,
    count_tokens: Callable[[str], int] | None = None,
    max_tokens: int | None = None,
) -> Features:
    """Read the signals of a conversation. The latest user turn decides the task.

    `count_tokens` is the model's tokenizer (a callable returning a token count); without one
    the estimate above is used. `max_tokens` is the completion budget the caller asked for: a
    large one is a weak hint that a long answer is expected.
    """
    msgs = [m for m in messages if isinstance(m.get("content"), str)]
    latest_index = next(
        (i for i in range(len(msgs) - 1, -1, -1) if msgs[i].get("role", "user") == "user"), -1
    )
    if latest_index < 0 and msgs:
        latest_index = len(msgs) - 1
    latest = msgs[latest_index]["content"] if latest_index >= 0 else ""
    total_chars = sum(len(m["content"]) for m in msgs)
    joined = "\n".join(m["content"] for m in msgs)
    # The model's token count is exact but, even through edged.engine.tokens.TokenCounter, costs
    # a regex pass over the text.
    # It is used where the count decides something: around the long-context ramp, where a 20 %
    # estimate error would move the score. Far below or above it the estimate gives the same
    # decision (the length term is logarithmic and weighs little).
    tokens = estimate_tokens(joined)
    exact = count_tokens is not None and EXACT_COUNT_FROM <= tokens <= EXACT_COUNT_TO
    if exact:
        assert count_tokens is not None
        tokens = count_tokens(joined)

    ev = _evidence(latest)
    history = [m["content"] for i, m in enumerate(msgs) if i < latest_index and m.get("role") != "system"]
    history_boost = 0.0
    if history and not _ACKNOWLEDGEMENT.match(latest):
        # A follow-up ("now make it work for k lists") carries on the work of the conversation.
        past = _evidence("\n".join(history[-4:]))
        history_boost = W_HISTORY * max(0.0, past.heavy)
        if history_boost:
            ev.signals.append(("history", history_boost))

    # The length of everything the model must read: pasted documents, long conversations.
    ramp = (tokens - LONG_CONTEXT_FROM) / (LONG_CONTEXT_FULL - LONG_CONTEXT_FROM)
    context = W_LONG_CONTEXT * min(1.0, max(0.0, ramp))
    if context:
        ev.signals.append(("long_context", context))
    long_output = 0.0
    if max_tokens is not None and max_tokens >= 2048 and ev.open_part >= 0:
        long_output = 0.5  # asked for room for a long answer
        ev.signals.append(("max_tokens", long_output))

    # A little weight for length itself: it orders requests that show the same signals.
    length = max(LENGTH_FLOOR, min(LENGTH_CAP, W_LENGTH * math.log10(max(tokens, 1) / LENGTH_PIVOT)))
    z = BIAS + ev.heavy + ev.open_part + ev.light + context + history_boost + long_output + length
    score = 1.0 / (1.0 + math.exp(-z))
    long_context = ramp >= 0.5
    task = _task(ev, long_context)
    ev.signals.sort(key=lambda s: -abs(s[1]))
    return Features(
        task=task,
        score=score,
        tokens=tokens,
        tokens_exact=exact,
        chars=total_chars,
        turns=sum(1 for m in msgs if m.get("role", "user") == "user"),
        code=ev.code > 0,
        math=ev.math > 0,
        reasoning=ev.reasoning > 0,
        multi_step=ev.multi_step,
        analysis=ev.analysis > 0,
        long_form=ev.long_form,
        output_length=ev.output_length,
        requested_words=ev.requested_words,
        long_context=long_context,
        signals=tuple(f"{name}{value:+.1f}" for name, value in ev.signals),
    )


class _Evidence:
    """Evidence read from one text, in logit units, plus what the task label needs."""

    __slots__ = (
        "analysis",
        "code",
        "light",
        "light_task",
        "long_form",
        "math",
        "multi_step",
        "open_part",
        "output_length",
        "question",
        "reasoning",
        "requested_words",
        "signals",
    )

    def __init__(self) -> None:
        self.code = self.math = self.reasoning = self.analysis = 0.0
        self.open_part = self.light = 0.0
        self.long_form = self.multi_step = self.question = False
        self.light_task: str | None = None
        self.output_length = "unspecified"
        self.requested_words: int | None = None
        self.signals: list[tuple[str, float]] = []

    @property
    def heavy(self) -> float:
        return self.code + self.math + self.reasoning

    def add(self, name: str, value: float) -> float:
        if value:
            self.signals.append((name, value))
        return value


def _evidence(text: str) -> _Evidence:
    ev = _Evidence()
    if len(text) > HEAD_CHARS + TAIL_CHARS:
        text = text[:HEAD_CHARS] + "\n" + text[-TAIL_CHARS:]
    lower = text.lower()
    instruction, passage = _split_passage(text)
    instr_lower = instruction.lower() if passage else lower
    tokens = _WORD.findall(instr_lower)
    words = set(tokens)
    # What is asked is said at the start or the end of an instruction; data sits in between.
    if len(instr_lower) > INTENT_HEAD + INTENT_TAIL:
        intent = instr_lower[:INTENT_HEAD] + "\n" + instr_lower[-INTENT_TAIL:]
    else:
        intent = instr_lower

    _code(text, lower, words, ev)
    _math(instruction, instr_lower, tokens, words, bool(passage), ev)
    _reasoning(intent, words, ev)
    _open_ended(intent, words, ev)
    _light(intent, words, ev)
    ev.multi_step = _gated(intent, words, _MULTI_STEP)
    ev.question = intent.rstrip().endswith("?") or _QUESTION_START.match(intent) is not None
    return ev


def _gated(lower: str, words: set[str], table: tuple[tuple[frozenset[str], re.Pattern[str]], ...]) -> bool:
    """Any pattern of `table` found, trying only those whose trigger words are present."""
    return any(not words.isdisjoint(triggers) and pattern.search(lower) for triggers, pattern in table)


def _names_an_error(lower: str) -> bool:
    """A named exception or error class ("TypeError", "syntax error") is mentioned."""
    i = lower.find("error")
    while i >= 0:
        if lower[max(0, i - 13) : i].endswith(_ERROR_NAMES):
            return True
        i = lower.find("error", i + 5)
    return False


def _split_passage(text: str) -> tuple[str, str]:
    """An instruction followed by a reference passage ("Question?\\n\\n<long text>") splits in two."""
    m = _PARAGRAPH_BREAK.search(text)
    if m is None or m.start() > 600:
        return text, ""
    head, rest = text[: m.start()], text[m.end() :]
    if len(rest) < 200 or len(rest) < 1.5 * len(head):
        return text, ""
    return head, rest


def _asks_for_code(lower: str, words: set[str]) -> bool:
    """Write, fix, debug or build code; code in a named language; a programming puzzle."""
    return bool(
        (words & _CODE_VERBS and words & _CODE_NOUNS and _CODE_REQUEST.search(lower))
        or (not words.isdisjoint(_LANG_WORDS) and _CODE_LANG.search(lower))
        or any(hint in lower and pattern.search(lower) for hint, pattern in _CODE_DEBUG)
        or ("error" in lower and _names_an_error(lower))
        or (not words.isdisjoint(_ML_WORDS) and _CODE_ML.search(lower))
        or ("given" in words and _ALGORITHM_PROBLEM.search(lower))
    )


def _code(text: str, lower: str, words: set[str], ev: _Evidence) -> None:
    request = 0.0
    if _asks_for_code(lower, words):
        request = W_CODE_REQUEST
    elif len(words & _TECH_TERMS) >= 2 and not words.isdisjoint(_TECH_PROBLEM):
        request = W_CODE_PROBLEM  # "my React component re-renders endlessly, how do I restructure it?"
    ev.code += ev.add("code_request", request)
    if not words.isdisjoint(_CODE_TESTS_WORDS) and _CODE_TESTS.search(lower):
        ev.code += ev.add("code_tests", W_CODE_TESTS)
    present = 0.0
    if "```" in text:
        present = W_CODE_PRESENT
    else:
        lines = len(_CODE_LINE_RAW.findall(text))
        syntax = (
            len(_CODE_SYNTAX_RAW.findall(text)) + sum(text.count(s) for s in _CODE_SYMBOLS) if lines else 0
        )
        inline = any(marker in text and pattern.search(text) for marker, pattern in _CODE_INLINE_RAW)
        if lines >= 3 or (lines >= 1 and syntax >= 2) or inline:
            present = W_CODE_PRESENT
        elif lines or syntax:
            present = W_CODE_HINT
    if present and not request and ev.code == 0 and "json" in words:
        present = min(present, W_CODE_HINT)  # JSON data to reformat is not a program
    ev.code += ev.add("code_present", present)


def _math(
    text: str, lower: str, tokens: list[str], words: set[str], has_passage: bool, ev: _Evidence
) -> None:
    expr = (
        _MATH_NUMERIC.search(lower) is not None
        or any(op in lower and pattern.search(lower) is not None for op, pattern in _MATH_SYMBOLIC)
        or any(c in lower for c in "√∫∑≤≥")
    )
    if expr:
        ev.math += ev.add("math_expression", W_MATH_EXPR)
    hits = len(words & _MATH_WORDS)
    if not words.isdisjoint(_MATH_PHRASE_WORDS) and _MATH_PHRASE.search(lower):
        hits += 1
    if hits:
        ev.math += ev.add("math_words", W_MATH_WORD * min(hits, 2))
    numbers = _numbers(text)
    quantities = len(numbers) + (sum(1 for t in tokens if t in _NUMBER_WORDS) if words & _NUMBER_WORDS else 0)
    if quantities >= 2 and not has_passage:
        if (not words.isdisjoint(_QUANT_QUESTION_WORDS) and _QUANT_QUESTION.search(lower) is not None) or (
            # A story with several quantities that ends in a question.
            len(numbers) >= 2 and lower.rstrip().endswith("?") and not words.isdisjoint(_QUANTITY_CUES)
        ):
            ev.math += ev.add("word_problem", W_WORD_PROBLEM)
        elif not expr and len(numbers) >= 2 and len(words & _QUANTITY_CUES) >= 2:
            ev.math += ev.add("quantities", W_ARITHMETIC)


def _numbers(text: str) -> list[str]:
    """Quantities standing on their own: not the digits of a word ("mp3"), not a year ("in 1806")."""
    out = []
    for m in _NUMBER_RAW.finditer(text):
        start = m.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before == "_" or (before == "." and start > 1 and text[start - 2].isdigit()):
            continue
        number = m.group()
        after = text[m.end() : m.end() + 2]
        if after[:1] == ")" or (after[:1] == "." and after[1:] in ("", " ") and _at_line_start(text, start)):
            continue  # a list marker: "1. …", "2) …"
        if len(number) == 4 and number.isdigit() and 1000 <= int(number) <= 2100:
            preceding = text[max(0, start - 8) : start].lower().split()
            if preceding and preceding[-1] in _YEAR_WORDS:
                continue
        out.append(number)
        if len(out) >= 8:
            break  # enough to call it a problem with quantities
    return out


def _at_line_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _reasoning(lower: str, words: set[str], ev: _Evidence) -> None:
    if (
        words & _REASONING_WORDS
        or ("step" in words and _REASONING_STEP.search(lower))
        or (words & _REASONING_PHRASE_TRIGGERS and _REASONING_PHRASE.search(lower))
        or (words & _RELATION_TRIGGERS and _RELATION.search(lower))
    ):
        ev.reasoning += ev.add("reasoning", W_REASONING)
    elif "how many" in lower and _FERMI.search(lower):
        ev.reasoning += ev.add("estimate", W_REASONING)
    elif "if" in words and _CONDITIONAL_Q.search(lower):
        ev.reasoning += ev.add("conditional", W_REASONING_HINT)


def _open_ended(lower: str, words: set[str], ev: _Evidence) -> None:
    hits = len(words & _ANALYSIS_WORDS)
    if not words.isdisjoint(_ANALYSIS_VERBS) and _ANALYSIS_IMPERATIVE.search(lower):
        hits += 1  # "Analyze the themes of …": analysis is the task itself, not a word in passing
    if words & _ANALYSIS_PHRASE_TRIGGERS:
        hits += len(_ANALYSIS_PHRASE.findall(lower))
    analysis = W_ANALYSIS * hits
    analysis = min(analysis, W_ANALYSIS_MAX)
    ev.analysis = ev.add("analysis", analysis)

    long_form = 0.0
    for m in _LONG_FORM.finditer(lower) if not words.isdisjoint(_LONG_NOUN_WORDS) else ():
        between = {w.strip("'’") for w in m.group(1).split()}
        if _HOW_TO.search(lower, max(0, m.start() - 24), m.start()):
            continue  # "how to write an essay?": advice about writing, not the piece itself
        if not between & _NOT_OBJECT:
            long_form = W_LONG_FORM
            ev.long_form = True
            break
    if not long_form and (
        (not words.isdisjoint(_LONG_OUTPUT_WORDS) and _DETAILED_PIECE.search(lower))
        or (not words.isdisjoint(_PLAN_WORDS) and _MULTI_PERIOD_PLAN.search(lower))
    ):
        long_form = W_LONG_FORM  # "write a detailed report", "a 12-week training plan"
        ev.long_form = True
    ev.add("long_form", long_form)

    short = False
    long_asked = 0.0
    sized = not words.isdisjoint(_LENGTH_UNITS)
    limit = _WORD_LIMIT.search(lower) if sized else None
    if limit:
        short = True
        n = _count(limit.group(1))
        unit = limit.group(2)
        ev.requested_words = n if unit.startswith("word") else None
        if unit.startswith("word") and n >= 500:
            short = False
    for m in _LENGTH_ASKED.finditer(lower) if sized else ():
        if lower[max(0, m.start() - 10) : m.start()].endswith(("following ", "these ", "those ", "the ")):
            continue  # "uses the following four words": content, not length
        n, unit = _count(m.group(1)), m.group(2)
        if unit.startswith("word"):
            ev.requested_words = ev.requested_words or n
            if n >= 500:
                long_asked = W_LONG_OUTPUT
            elif n < 300:
                short = True
        elif (unit.startswith("page") and n >= 2) or (unit.startswith("paragraph") and n >= 5):
            long_asked = W_LONG_OUTPUT
        elif (unit.startswith(("sentence", "line", "bullet")) and n <= 10) or unit.startswith("paragraph"):
            short = True
    if words & _BREVITY_WORDS or _gated(lower, words, _BREVITY_PHRASES):
        short = True
    if not long_asked and words & _LONG_OUTPUT_WORDS:
        long_asked = W_LONG_OUTPUT
    if short and long_asked and ev.requested_words is not None and ev.requested_words >= 500:
        short = False
    ev.output_length = "short" if short else "long" if (long_asked or long_form) else "unspecified"

    open_part = analysis + long_form + ev.add("long_output", long_asked)
    if short:
        # A short answer asked for: light work, whatever the topic.
        open_part += ev.add("brevity", -W_BREVITY if open_part > 0 else -W_BREVITY / 2)
    elif not words.isdisjoint(_SMALL_COUNT_TOKENS) and _BOUNDED_LIST.search(lower):
        open_part += ev.add("bounded_list", -W_BOUNDED_LIST)
    ev.open_part = open_part


def _count(token: str) -> int:
    return int(token) if token.isdigit() else _SMALL_COUNTS.get(token, 1)


def _light(lower: str, words: set[str], ev: _Evidence) -> None:
    """The light task named earliest in the instruction, if any."""
    first: tuple[int, str] | None = None
    for name, named_by, phrases, any_word in _LIGHT_GATED:
        if words.isdisjoint(any_word):
            continue  # neither a naming word nor any phrase's trigger: the usual case
        positions = [lower.find(w) for w in words & named_by]
        for triggers, pattern in phrases:
            if not words.isdisjoint(triggers):
                m = pattern.search(lower)
                if m:
                    positions.append(m.start())
        positions = [p for p in positions if p >= 0]
        if positions and (first is None or min(positions) < first[0]):
            first = (min(positions), name)
    if first is not None:
        ev.light_task = first[1]
        ev.light = ev.add(first[1], -W_LIGHT_TASK)
    elif _GREETING.match(lower) or words & _CHAT_WORDS or "act as" in lower or "what do you think" in lower:
        ev.light_task = "chat"


def _task(ev: _Evidence, long_context: bool) -> str:
    strongest = max(
        (ev.code, "code"),
        (ev.math, "math"),
        (ev.reasoning, "reasoning"),
    )
    if strongest[0] >= 2.5:
        return strongest[1]
    if long_context:
        return "long_document_extraction"
    if ev.long_form and ev.output_length != "short":
        return "long_form_writing"
    if ev.analysis >= 2 * W_ANALYSIS and ev.output_length != "short":
        return "analysis"
    if strongest[0] > 0:
        return strongest[1]
    if ev.light_task is not None:
        return ev.light_task
    if ev.question:
        return "qa"
    return "chat"
