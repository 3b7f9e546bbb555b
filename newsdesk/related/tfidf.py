"""TF-IDF vectors and their cosine similarity, in plain Python, for a few thousand texts.

The weights are those of scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``, which this
module replaced (for this one use it cost about 270 MB installed and 85 MB in the worker):
a term counted ``tf`` times in a text weighs ``(1 + ln tf) * idf``, where
``idf = ln((1 + n) / (1 + df)) + 1`` over the ``n`` texts fitted, ``df`` of which contain
it; each vector is then scaled to length 1, so that a dot product is the cosine. A term
that none of the fitted texts has counts for nothing.

A vector is a dict of the terms a text has, each by its number. The fitted texts are kept
as postings (term -> which texts, what weight), so that comparing one text with all of
them only visits the texts that share a term with it.
"""

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain, count, filterfalse
from operator import mul

from newsdesk.languages import HAN, KANA, writes_without_spaces
from newsdesk.related.stopwords import ENGLISH_STOP_WORDS

# A word: two or more letters or digits (scikit-learn's default token pattern).
WORD = re.compile(r"\b\w\w+\b")
# In Chinese and Japanese: each overlapping pair of their characters, as the search index cuts a run
# (search.text), found here by one regex rather than run by run: a third of the time;
# and the words of other scripts in it.
CHINESE_PAIR = re.compile(f"(?=([{HAN}{KANA}]{{2}}))")
OTHER_WORD = re.compile(rf"[^\W{HAN}{KANA}]{{2,}}")

# A vector: term number -> weight.
Vector = dict[int, float]


def terms(language: str, text: str) -> Counter:
    """The terms of ``text`` and how often each occurs: lowercased words, less English stop
    words in English, in order of first occurrence.

    Chinese and Japanese, written without spaces, are cut into overlapping pairs of
    characters the way the search index cuts them (港口重新开放: 港口 口重 重新 新开 开放).
    """
    text = text.lower()
    if writes_without_spaces(language):
        return Counter(CHINESE_PAIR.findall(text) + OTHER_WORD.findall(text))
    words = WORD.findall(text)
    if language == "en":
        return Counter(filterfalse(ENGLISH_STOP_WORDS.__contains__, words))
    return Counter(words)


class TfIdf:
    """The document frequencies of a list of texts (given as their ``terms``), and their vectors.

    Terms are numbered, and the texts kept only as postings: for each term, the indexes of
    the texts that have it and its weight in each, in arrays (8 bytes a pair, float32 as
    scikit-learn had them): 2,000 Chinese texts of 700 characters take about 15 MB.
    """

    def __init__(self, texts: Iterable[Counter]):
        vocabulary = defaultdict(count().__next__)  # a new term gets the next number
        counted = []  # per text: (term numbers, counts); its strings are dropped at once
        for counts in texts:
            numbers = array("i", map(vocabulary.__getitem__, counts))
            counted.append((numbers, array("i", counts.values())))
        self.numbers = dict(vocabulary)
        self.size = size = len(counted)
        frequency = Counter(chain.from_iterable(numbers for numbers, _ in counted))
        self.idf = [0.0] * len(self.numbers)
        for number, df in frequency.items():
            self.idf[number] = math.log((1 + size) / (1 + df)) + 1
        self.postings = [(array("i"), array("f")) for _ in self.numbers]
        # The texts' weights, mostly computed by map() in C: this loop is most of the work.
        most = max((max(counts, default=0) for _, counts in counted), default=0)
        tf = [0.0] + [1 + math.log(n) for n in range(1, most + 1)]
        idf = self.idf
        for index, (numbers, counts) in enumerate(counted):
            weights = list(map(mul, map(tf.__getitem__, counts), map(idf.__getitem__, numbers)))
            length = math.hypot(*weights)
            for number, weight in zip(numbers, weights, strict=True):
                indexes, unit_weights = self.postings[number]
                indexes.append(index)
                unit_weights.append(weight / length)

    def vector(self, counts: Counter) -> Vector:
        """The unit vector of a text's ``terms`` (empty when it shares none with the texts)."""
        numbers = self.numbers
        return self._weights((numbers[t], n) for t, n in counts.items() if t in numbers)

    def similarities(self, vector: Vector) -> list[float]:
        """The cosine similarity of a unit ``vector`` to each fitted text, in their order."""
        scores = [0.0] * self.size
        for number, weight in vector.items():
            indexes, weights = self.postings[number]
            for index, other in zip(indexes, weights, strict=True):
                scores[index] += weight * other
        return scores

    def _weights(self, counts: Iterable[tuple[int, int]]) -> Vector:
        idf = self.idf
        weights = {number: (1 + math.log(times)) * idf[number] for number, times in counts}
        length = math.sqrt(sum(weight * weight for weight in weights.values()))
        return {number: weight / length for number, weight in weights.items()} if length else {}


def cosine(one: Vector, other: Vector) -> float:
    """The cosine similarity of two unit vectors."""
    if len(one) > len(other):
        one, other = other, one
    return sum(weight * other.get(term, 0.0) for term, weight in one.items())
