"""assistant/nlu/sentence_encoder.py: the pinned weights, BERT's tokenizer, and
embeddings that behave like all-MiniLM-L6-v2's (no trained assistant needed)."""
import numpy as np
import pytest
from scipy.special import erf

from assistant.nlu import sentence_encoder
from assistant.nlu.sentence_encoder import basic_tokens, model_dir, read_safetensors, sha256_of


@pytest.fixture(scope="module")
def encoder():
    return sentence_encoder.shared_encoder()


def test_the_installed_weights_are_the_pinned_file():
    assert sha256_of(model_dir() / "model.safetensors") == sentence_encoder.WEIGHTS_SHA256
    assert sentence_encoder.main(["--verify"]) == 0


def test_other_weights_are_refused(tmp_path):
    for name in ("vocab.txt", "model.safetensors"):
        source = model_dir() / name
        (tmp_path / name).write_bytes(source.read_bytes() if name == "vocab.txt" else b"x" * 64)
    with pytest.raises(RuntimeError, match="not the pinned"):
        sentence_encoder.SentenceEncoder(tmp_path)


@pytest.mark.parametrize("text, tokens", [
    ("Hello, WORLD!", ["hello", ",", "world", "!"]),
    ("naïve café", ["naive", "cafe"]),
    ("it's 1-888-373-7888", ["it", "'", "s", "1", "-", "888", "-", "373", "-", "7888"]),
    ("tabs\tand\nnew lines\x00", ["tabs", "and", "new", "lines"]),
    ("人口", ["人", "口"]),
])
def test_basic_tokens_split_like_bert(text, tokens):
    assert basic_tokens(text) == tokens


def test_word_pieces_use_the_vocabulary(encoder):
    vocab = encoder.tokenizer.vocab
    ids = encoder.tokenizer.ids("Trafficking")
    assert ids[0] == vocab["[CLS]"] and ids[-1] == vocab["[SEP]"]
    pieces = [p for p, i in sorted(vocab.items(), key=lambda kv: kv[1]) if i in ids[1:-1]]
    assert "".join(p.replace("##", "") for p in pieces) == "trafficking"
    assert encoder.tokenizer.ids("qqqqqqqqqq" * 11) == [vocab["[CLS]"], vocab["[UNK]"], vocab["[SEP]"]]


def test_long_text_is_cut_at_128_tokens(encoder):
    assert len(encoder.tokenizer.ids("word " * 1000)) == 128
    # A megabyte costs what its start costs: only its first characters are read.
    huge = "trafficking " * 100_000
    assert encoder.tokenizer.ids(huge) == encoder.tokenizer.ids(huge[:5000])


def test_embeddings_are_unit_vectors_and_repeat(encoder):
    a = encoder.encode("How do I report trafficking?")
    assert a.shape == (384,) and a.dtype == np.float32
    assert np.linalg.norm(a) == pytest.approx(1.0, abs=1e-5)
    assert np.array_equal(a, encoder.encode("How do I report trafficking?"))


def reference_embedding(t, ids):
    """BERT's forward pass and mean pooling written plainly in numpy, step by step as
    in the transformers library: a check on the ONNX graph the encoder runs."""
    def norm(x, prefix):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * t[prefix + "weight"] + t[prefix + "bias"]

    def linear(x, prefix):
        return x @ t[prefix + "weight"].T + t[prefix + "bias"]

    n = len(ids)
    x = (t["embeddings.word_embeddings.weight"][ids] + t["embeddings.position_embeddings.weight"][:n]
         + t["embeddings.token_type_embeddings.weight"][0])
    x = norm(x, "embeddings.LayerNorm.")
    for i in range(6):
        p = f"encoder.layer.{i}."
        q, k, v = (linear(x, p + f"attention.self.{m}.").reshape(n, 12, 32).transpose(1, 0, 2)
                   for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(32)
        weights = np.exp(scores - scores.max(-1, keepdims=True))
        weights /= weights.sum(-1, keepdims=True)
        context = (weights @ v).transpose(1, 0, 2).reshape(n, 384)
        x = norm(x + linear(context, p + "attention.output.dense."), p + "attention.output.LayerNorm.")
        hidden = linear(x, p + "intermediate.dense.")
        hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))
        x = norm(x + linear(hidden, p + "output.dense."), p + "output.LayerNorm.")
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


TEXTS = ["How do I report trafficking?", "hi", "thanks a lot",
         "why don't victims leave when the trafficker threatens them " * 5]


@pytest.fixture(scope="module")
def reference():
    tensors = read_safetensors(model_dir() / "model.safetensors")
    return lambda ids: reference_embedding(tensors, ids)


@pytest.mark.parametrize("text", TEXTS)
def test_the_onnx_graph_computes_what_bert_computes(encoder, reference, text):
    expected = reference(encoder.tokenizer.ids(text))
    assert np.allclose(encoder.encode(text), expected, atol=1e-5)


def test_paraphrases_are_closer_than_other_topics(encoder):
    report = encoder.encode("How do I report human trafficking?")
    same = encoder.encode("who can i tell if i suspect someone is being trafficked")
    other = encoder.encode("what is the weather like tomorrow")
    assert report @ same > 0.5 > report @ other + 0.3


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "🙂" * 50, "<b>x</b>" * 500])
def test_any_text_gets_an_embedding(encoder, text):
    assert np.isfinite(encoder.encode(text)).all()


def test_texts_encoded_together_get_the_vectors_they_get_alone(encoder):
    """Padding the shorter texts of a batch changes none of their vectors."""
    texts = ["Is it illegal?", "Is it illegal",
             "How do traffickers keep people from leaving the place where they work?", "hi"]
    together = encoder.encode_all(texts)
    assert together.shape == (4, 384)
    for text, vector in zip(texts, together):
        assert np.allclose(vector, encoder.encode(text), atol=1e-6)
    assert encoder.encode_all([]).shape == (0, 384)
