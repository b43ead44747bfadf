"""assistant/nlu/sentence_encoder.py: the pinned weights, BERT's tokenizer, and
embeddings that behave like all-MiniLM-L6-v2's (no trained assistant needed)."""
import numpy as np
import pytest

from assistant.nlu import sentence_encoder
from assistant.nlu.sentence_encoder import basic_tokens, model_dir, sha256_of


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


def test_embeddings_are_unit_vectors_and_repeat(encoder):
    a = encoder.encode("How do I report trafficking?")
    assert a.shape == (384,) and a.dtype == np.float32
    assert np.linalg.norm(a) == pytest.approx(1.0, abs=1e-5)
    assert np.array_equal(a, encoder.encode("How do I report trafficking?"))


def test_paraphrases_are_closer_than_other_topics(encoder):
    report = encoder.encode("How do I report human trafficking?")
    same = encoder.encode("who can i tell if i suspect someone is being trafficked")
    other = encoder.encode("what is the weather like tomorrow")
    assert report @ same > 0.5 > report @ other + 0.3


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "🙂" * 50, "<b>x</b>" * 500])
def test_any_text_gets_an_embedding(encoder, text):
    assert np.isfinite(encoder.encode(text)).all()
