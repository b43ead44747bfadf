"""Misspelt words read as the classifier's own words: "how prevelant is trafficking"
as "how prevalent is trafficking", "who are the vicitms" as "who are the victims".

People type on phones, in a hurry and frightened. A word the classifier never saw
gives it no word feature, and its character n-grams only half make up for it: "how
prevelant is trafficking" got two topics to choose from, "who are the vicitms" "my
sources don't cover that", "what is the palermo protocal" the same (session 51).

`Speller.correct` gives, for a word that is neither one of the classifier's words nor a
common English word, the classifier's word it is one slip away from (two for a long
word): a letter left out, added, changed, or two letters swapped. The common English
words are those of spaCy's `en_lexeme_prob` table (spacy-lookups-data, installed and
pinned with spaCy) at least as frequent as `KNOWN_LOG_PROB`, as written or in lower
case: "ohio", "visa", "soccer", "Kate" are never "corrected"; "prevelant", "comon" or
"vicitms" are, though the table holds them too, much rarer. Of several words as close,
one that starts with the letter typed stands (people seldom slip on the first letter:
"scard" is "scared", not "card"; "ilegal" "illegal", not "legal"), then the commonest,
two letters swapped counting a little less than other slips ("cuases" is "causes",
not "cases"). Short words are left alone: too many others are
a slip away.

Words as texted ("u", "r", "ppl", "some1") are read as the words meant, whatever their
length, when the classifier does not know them: the urgent lexicon's spelling rewrites
(knowledge/urgent.yml, `spelling`), those of one word to words (session 52: "ppl r
forced 2 work?" and "how do u kno if some1 is trafficked" got two topics to choose
from, spelt out their answers).

The classifier's words, their frequencies, the common words and the rewrites are found
when it is trained (`Speller.from_vocabulary`) and saved with it (`to_dict`,
`from_dict`): nothing is read from spacy-lookups-data or knowledge/ when the assistant
starts.

Nothing here knows Rasa: assistant/nlu/readings.py builds the corrected reading, which
the classifier reads in place of the message as typed (its
`also_with_spelling_corrected`).
"""
import gzip
import json
import re
from itertools import combinations
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Tuple

# A word is corrected only if it has at least this many letters: a short word is a
# slip away from too many others ("kate" from "late", "hte" from anything).
MIN_LENGTH = 5
# Nor if it has more than this many: no word of ours is that long, and a long string's
# deletions are many ("aaaa..." took 6 ms).
MAX_LENGTH = 20
# From this many letters on, a word may be two slips away from the word meant
# ("prevelant"); shorter ones are too close to other words ("braiding", "training").
TWO_SLIPS_FROM = 9
# Words at least this frequent (natural log of their probability in en_lexeme_prob) are
# English words people write, and never corrected: "ohio" is -14.2, "visa" -12.0;
# "prevelant" is -16.0, "comon" -15.8, "vicitms" -18.9.
KNOWN_LOG_PROB = -15.0
# The log probability of a word the table lacks.
UNSEEN_LOG_PROB = -25.0


def lexeme_probabilities() -> Dict[str, float]:
    """spacy-lookups-data's English word frequencies (natural log probabilities)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def known_words(probabilities: Dict[str, float]) -> FrozenSet[str]:
    """The English words frequent enough never to be corrected, as the table writes
    them ("Kate", "ohio")."""
    return frozenset(word for word, log_prob in probabilities.items()
                     if log_prob >= KNOWN_LOG_PROB and word.isalpha())


# Two neighbours swapped, the commonest slip on a phone, counts a little less than a
# letter left out, added or changed: "cuases" is "causes", not "cases".
SWAP = 0.9


def slips(a: str, b: str) -> float:
    """The optimal-string-alignment distance between `a` and `b`: letters left out,
    added or changed, each one slip, and two neighbours swapped (`SWAP`)."""
    previous2: List[float] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current: List[float] = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]):
                current[j] = min(current[j], previous2[j - 2] + SWAP)
        previous2, previous = previous, current
    return previous[len(b)]


def allowed_slips(word: str) -> int:
    return 2 if len(word) >= TWO_SLIPS_FROM else 1


def deletions(word: str, most: int) -> Iterator[str]:
    """`word` with up to `most` letters left out, itself included."""
    yield word
    for n in range(1, most + 1):
        if len(word) - n < MIN_LENGTH - 1:
            break
        for kept in combinations(range(len(word)), len(word) - n):
            yield "".join(word[i] for i in kept)


# A rewrite the speller takes: one word, of letters, digits or both ("u", "some1"), to
# words ("you", "someone"). Not "can't" (two tokens), "#" or "the us".
REWRITTEN_WORD = re.compile(r"[a-z0-9]+")


def word_rewrites(spelling: Dict[str, str], lemmas_of: Callable[[str], str]
                  ) -> Dict[str, Tuple[str, str]]:
    """The rewrites of one word in `spelling` ("u" -> "you"), each as (the words, their
    lemmas by `lemmas_of`)."""
    return {str(k).lower(): (str(v), lemmas_of(str(v))) for k, v in spelling.items()
            if REWRITTEN_WORD.fullmatch(str(k).lower())}


class Speller:
    """Corrects a word to the nearest of the classifier's words (see the module)."""

    def __init__(self, words: Dict[str, Tuple[str, float]], known: FrozenSet[str],
                 rewrites: Optional[Dict[str, Tuple[str, str]]] = None) -> None:
        # Each word the classifier knows, as written: (its lemma, its log probability).
        self._words = words
        # Common English words (`known_words`), never corrected.
        self._known = known
        # Words as texted, read as the words meant: (those words, their lemmas).
        self._rewrites = rewrites or {}
        self._lemmas = frozenset(lemma for lemma, _ in words.values())
        # Symmetric deletion: a word and a misspelling of it share a deletion.
        self._by_deletion: Dict[str, List[str]] = {}
        for word in words:
            for deleted in set(deletions(word, 2)):
                self._by_deletion.setdefault(deleted, []).append(word)

    @classmethod
    def from_vocabulary(cls, lemmas: Iterable[str], surfaces: Iterable[str],
                        lemma_of: Callable[[str], str],
                        rewrites: Optional[Dict[str, Tuple[str, str]]] = None) -> "Speller":
        """A speller for a classifier that knows `lemmas`: each of `surfaces` (words as
        written, in the training examples or inflections of them) whose lemma
        (`lemma_of`) it knows, and the `rewrites` of words as texted (`word_rewrites`)."""
        lemmas = set(lemmas)
        probabilities = lexeme_probabilities()
        words: Dict[str, Tuple[str, float]] = {}
        for surface in set(surfaces) | lemmas:
            if not surface.isalpha() or len(surface) < MIN_LENGTH - 1:
                continue
            lemma = lemma_of(surface)
            if lemma in lemmas:
                words[surface] = (lemma, probabilities.get(surface, UNSEEN_LOG_PROB))
        return cls(words, known_words(probabilities), rewrites)

    def to_dict(self) -> dict:
        return {"words": {w: list(v) for w, v in sorted(self._words.items())},
                "known": sorted(self._known),
                "rewrites": {w: list(v) for w, v in sorted(self._rewrites.items())}}

    @classmethod
    def from_dict(cls, data: dict) -> "Speller":
        return cls({w: (str(v[0]), float(v[1])) for w, v in (data.get("words") or {}).items()},
                   frozenset(data.get("known") or ()),
                   {w: (str(v[0]), str(v[1])) for w, v in (data.get("rewrites") or {}).items()})

    def knows_lemma(self, lemma: str) -> bool:
        """Whether `lemma` is one of the classifier's words."""
        return lemma in self._lemmas

    def needs_correcting(self, written: str) -> bool:
        """Whether `written` is neither the classifier's word nor common English, as
        written or in lower case ("Kate" is a common name, "kate" no common word)."""
        word = written.lower()
        return (MIN_LENGTH <= len(word) <= MAX_LENGTH and word.isalpha()
                and word not in self._words
                and word not in self._known and written not in self._known)

    def correct(self, written: str) -> Optional[Tuple[str, str]]:
        """The classifier's word that `written` is a slip or two away from, as written
        (lower-case) and as its lemma, or the words a word as texted stands for ("u":
        "you"); or None if it needs no correcting or has none. (Call it only for a word
        the classifier does not know.)"""
        if written.lower() in self._rewrites:
            return self._rewrites[written.lower()]
        if not self.needs_correcting(written):
            return None
        word = written.lower()
        most = allowed_slips(word)
        candidates = {candidate for deleted in set(deletions(word, most))
                      for candidate in self._by_deletion.get(deleted, ())}
        # Fewest slips first; then a word that starts as typed, since people seldom
        # slip on the first letter ("scard" is "scared", not "card"); then the commonest.
        scored = [(slips(word, c), c[0] != word[0], -self._words[c][1], c)
                  for c in candidates if abs(len(c) - len(word)) <= most]
        scored = [s for s in scored if s[0] <= min(most, allowed_slips(s[-1]))]
        if not scored:
            return None
        best = min(scored)[-1]
        return best, self._words[best][0]
