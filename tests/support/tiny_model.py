"""A tiny random model of the default model's architecture, built in seconds.

Same code path as the real model: a Hugging Face folder (Llama architecture, ChatML template,
byte-level BPE tokenizer) goes through `edged.model.build.build_model`, so tests exercise the
builder, the manifest and the engine exactly as `make model` does — only smaller.
"""

from __future__ import annotations

import json
from pathlib import Path

CHATML = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

CORPUS = [
    "The capital of France is Paris. The capital of Italy is Rome.",
    "Summarize the following text in one sentence.",
    "Hello world! How are you today? I am fine, thank you.",
    "def add(a, b):\n    return a + b\n",
    "Emoji: 🙂 👋🏽 🚀 — CJK: 世界 你好 日本語 — accents: café naïve Ünïcödé",
    "one two three four five six seven eight nine ten eleven twelve",
    "Numbers 0 1 2 3 4 5 6 7 8 9 10 100 1000 and punctuation , . ; : ! ? ( ) [ ] { }",
]
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def write_tiny_hf(
    folder: Path, *, layers: int = 2, hidden: int = 64, seed: int = 0, head_apart: bool = False
) -> Path:
    """`head_apart`: a tied model whose LM head is saved as its own copy of the embedding, with
    tie_word_embeddings false: what transformers makes of a GGUF file that stores `output.weight`."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=512,
        special_tokens=SPECIAL,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(CORPUS * 4, trainer)
    tokenizer.save(str(folder / "tokenizer.json"))
    vocab = tokenizer.get_vocab_size()
    # Round the vocabulary up so the embedding quantizes in whole blocks.
    vocab_padded = (vocab + 31) // 32 * 32

    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=vocab_padded,
        hidden_size=hidden,
        intermediate_size=hidden * 2,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=hidden // 4,
        max_position_embeddings=512,
        rms_norm_eps=1e-5,
        tie_word_embeddings=not head_apart,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=0,
    )
    model = LlamaForCausalLM(config)
    if head_apart:
        with torch.no_grad():
            model.lm_head.weight.copy_(model.model.embed_tokens.weight)
    model.save_pretrained(str(folder))
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": "<|im_start|>",
                "eos_token": "<|im_end|>",
                "pad_token": "<|endoftext|>",
                "chat_template": CHATML,
                "model_max_length": 512,
            }
        )
    )
    (folder / "generation_config.json").write_text(json.dumps({"eos_token_id": 2, "bos_token_id": 1}))
    return folder


def build_tiny_model(root: Path, precision: str = "int4") -> Path:
    from edged.model.build import build_model

    hf = write_tiny_hf(root / "tiny-hf")
    result = build_model(root / f"tiny-{precision}", source=hf, precision=precision, quiet=True)
    return result.path
