"""ROUGE-LSum as the fundus-evaluation benchmark scores bodies, without its packages.

fundus-evaluation calls ``rouge_score.RougeScorer(["rougeLsum"], use_stemmer=False,
split_summaries=True)`` on the gold and extracted paragraphs, each joined by a
blank line, and keeps the best F1 over the gold bodies allowed by optional
paragraphs. This module does the same computation in pure Python:

- tokens: the text lower-cased, every run of ``[a-z0-9]`` (everything else,
  accented letters included, separates tokens);
- sentences: ``split_summaries`` uses nltk's Punkt; nltk and its model are not
  installed here, so :func:`sentences` splits the way Punkt's English model does
  in the common case (after ``.``, ``!`` or ``?`` and any closing quotes or
  brackets, before whitespace; not after a known abbreviation or an initial;
  a line break alone is no boundary). Where the two split differently only the
  LCS units change, a second-order effect on the score;
- summary-level LCS: for each gold sentence the union of its LCS positions with
  every extracted sentence, hits clipped by both sides' token counts (ROUGE
  1.5.5's rule, as ``rouge_score._summary_level_lcs``), P = hits / extracted
  tokens, R = hits / gold tokens. The LCS table rows are bit vectors
  (Allison-Dix), and the backtrack takes the same path as ``rouge_score``'s
  (diagonal on a match, else left when the left cell is strictly greater, else
  up), so the chosen positions, and the score, are the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

_TOKEN = re.compile(r"[a-z0-9]+")
# A sentence end: . ! or ? (runs of them too), closing quotes or brackets, then whitespace.
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")
# Abbreviations Punkt's English model does not end a sentence after (lower-case, no dot).
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sr jr st mt ft gen gov sen rep rev lt col capt sgt cmdr adm "
    "pres supt det insp messrs mme mlle no nos vol vols fig figs pp ed eds est approx "
    "dept univ assn bros co corp inc ltd llc plc jan feb mar apr jun jul aug sep sept "
    "oct nov dec mon tue tues wed thu thur thurs fri sat sun vs etc al cf ie eg "
    "u.s u.k u.n e.u d.c n.y l.a a.m p.m u.s.a i.e e.g"
)
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# fundus-evaluation scores every optional-paragraph combination up to this many
# optional paragraphs, and all-or-none beyond it.
MAX_OPTIONAL = 4


@dataclass(frozen=True)
class Rouge:
    """One page's ROUGE-LSum figures."""

    precision: float
    recall: float
    f1: float


ZERO = Rouge(0.0, 0.0, 0.0)


def tokens(text: str) -> list[str]:
    """rouge-score's tokens: lower-cased ASCII letter and digit runs."""
    return _TOKEN.findall(text.lower())


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences the way Punkt usually does (see the module docstring)."""
    out: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and not match.group().startswith(".."):
            word = _WORD_BEFORE.search(text, start, match.start())
            if word and _no_break_after(word.group(1)):
                continue
        out.append(text[start : match.end()])
        start = match.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _no_break_after(word: str) -> bool:
    """Whether a word followed by a period is an abbreviation or an initial."""
    bare = word.lstrip("\"'(\u201c\u2018[").lower()
    return bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())


def lcs_positions(ref: Sequence[str], can: Sequence[str]) -> list[int]:
    """Positions in ``ref`` of the LCS with ``can`` that ``rouge_score.lcs_ind`` picks."""
    if not ref or not can:
        return []
    n = len(can)
    full = (1 << n) - 1
    masks: dict[str, int] = {}
    for j, tok in enumerate(can):
        masks[tok] = masks.get(tok, 0) | (1 << j)
    # rows[i]: bit j is 0 where table[i][j + 1] = table[i][j] + 1, so
    # table[i][j] = j - popcount(rows[i] & low j bits).
    rows = [full]
    v = full
    for tok in ref:
        u = v & masks.get(tok, 0)
        v = ((v + u) | (v - u)) & full
        rows.append(v)
    if v == full:
        return []
    out: list[int] = []
    i, j = len(ref), n
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.append(i - 1)
            i -= 1
            j -= 1
            continue
        left = (j - 1) - (rows[i] & ((1 << (j - 1)) - 1)).bit_count()
        up = j - (rows[i - 1] & ((1 << j) - 1)).bit_count()
        if left > up:
            j -= 1
        else:
            i -= 1
    out.reverse()
    return out


def rouge_lsum(
    reference: str, candidate: str, unions: dict[tuple[str, ...], list[int]] | None = None
) -> Rouge:
    """ROUGE-LSum of ``candidate`` against ``reference`` (both plain text).

    ``unions`` caches each gold sentence's union of LCS positions; pass the same
    dict only for calls with the same ``candidate``.
    """
    if unions is None:
        unions = {}
    ref = [tokens(s) for s in sentences(reference)]
    can = [tokens(s) for s in sentences(candidate)]
    m = sum(map(len, ref))
    n = sum(map(len, can))
    if not ref or not can or not m or not n:
        return ZERO
    left_r: Counter[str] = Counter()
    left_c: Counter[str] = Counter()
    for sent in ref:
        left_r.update(sent)
    for sent in can:
        left_c.update(sent)
    can_sets = [set(s) for s in can]
    hits = 0
    for sent in ref:
        key = tuple(sent)
        if key not in unions:
            words = set(sent)
            union: set[int] = set()
            for other, other_set in zip(can, can_sets, strict=True):
                if not words.isdisjoint(other_set):
                    union.update(lcs_positions(sent, other))
            unions[key] = sorted(union)
        for pos in unions[key]:
            tok = sent[pos]
            if left_c[tok] > 0 and left_r[tok] > 0:
                hits += 1
                left_c[tok] -= 1
                left_r[tok] -= 1
    precision, recall = hits / n, hits / m
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Rouge(precision, recall, f1)


def reference_bodies(
    paragraphs: Sequence[str], optional: Sequence[int], max_optional: int = MAX_OPTIONAL
) -> Iterator[list[str]]:
    """Gold bodies allowed by the optional paragraphs, in fundus-evaluation's order.

    Every subset of the optional paragraphs is left out in turn (none first),
    or, beyond ``max_optional`` of them, none and then all.
    """
    opt = sorted(set(optional))
    if len(opt) > max_optional:
        drops: list[tuple[int, ...]] = [(), tuple(opt)]
    else:
        drops = [c for size in range(len(opt) + 1) for c in combinations(opt, size)]
    for drop in drops:
        yield [p for i, p in enumerate(paragraphs) if i not in drop]


def score_page(paragraphs: Sequence[str], optional: Sequence[int], extracted: str) -> Rouge:
    """The benchmark's page score: the best F1 over the allowed gold bodies."""
    candidate = "\n\n".join(" ".join(p.split()) for p in extracted.split("\n") if p.strip())
    best: Rouge | None = None
    unions: dict[tuple[str, ...], list[int]] = {}
    for body in reference_bodies(paragraphs, optional):
        result = rouge_lsum("\n\n".join(body), candidate, unions)
        if best is None or result.f1 > best.f1:
            best = result
    return best or ZERO
