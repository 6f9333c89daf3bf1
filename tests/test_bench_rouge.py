"""ROUGE-LSum (bench/rouge.py) against hand-computed cases and a plain LCS table."""

from __future__ import annotations

import random

import pytest

from bench.rouge import lcs_positions, reference_bodies, rouge_lsum, score_page, sentences, tokens


def _table_positions(ref: list[str], can: list[str]) -> list[int]:
    """The LCS positions by the textbook table and rouge-score's backtrack order."""
    t = [[0] * (len(can) + 1) for _ in range(len(ref) + 1)]
    for i in range(1, len(ref) + 1):
        for j in range(1, len(can) + 1):
            if ref[i - 1] == can[j - 1]:
                t[i][j] = t[i - 1][j - 1] + 1
            else:
                t[i][j] = max(t[i - 1][j], t[i][j - 1])
    out: list[int] = []
    i, j = len(ref), len(can)
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.insert(0, i - 1)
            i, j = i - 1, j - 1
        elif t[i][j - 1] > t[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return out


def test_tokens_are_lowercase_ascii_alphanumeric_runs() -> None:
    assert tokens("Don't stop—Café 3.5% OK") == ["don", "t", "stop", "caf", "3", "5", "ok"]


def test_sentences_split_like_punkt_in_the_common_case() -> None:
    text = (
        'Mr. Smith went to Washington, D.C. on Monday. He said: "Hi!" Then he left... '
        "J. Doe stayed.\nThe U.S. economy grew 3.5% a year\nWhat? Yes."
    )
    assert sentences(text) == [
        "Mr. Smith went to Washington, D.C. on Monday.",
        'He said: "Hi!"',
        "Then he left...",
        "J. Doe stayed.",
        "The U.S. economy grew 3.5% a year\nWhat?",
        "Yes.",
    ]


def test_lcs_positions_match_the_table_backtrack() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        ref = [rng.choice("abcd") for _ in range(rng.randint(0, 12))]
        can = [rng.choice("abcd") for _ in range(rng.randint(0, 12))]
        assert lcs_positions(ref, can) == _table_positions(ref, can), (ref, can)


def test_identical_and_empty() -> None:
    assert rouge_lsum("One two. Three four.", "one two. three four.").f1 == 1.0
    assert rouge_lsum("One two.", "").f1 == 0.0
    assert rouge_lsum("One two.", "!!! ...").f1 == 0.0


def test_single_sentence_is_plain_lcs() -> None:
    # LCS "the cat on the mat": 5 of 6 gold tokens, 5 of 5 extracted.
    result = rouge_lsum("The cat sat on the mat.", "The cat on the mat.")
    assert result.precision == 1.0
    assert result.recall == pytest.approx(5 / 6)
    assert result.f1 == pytest.approx(10 / 11)


def test_union_over_sentences_forgives_reordering() -> None:
    # Plain ROUGE-L would find 2 of 4; the summary-level union finds all 4.
    result = rouge_lsum("one two three four.", "three four. one two.")
    assert (result.precision, result.recall) == (1.0, 1.0)


def test_hits_are_clipped_by_token_counts_on_both_sides() -> None:
    repeated = rouge_lsum("one two.", "one two. one two.")  # 2 hits of 4 extracted tokens
    assert (repeated.precision, repeated.recall) == (0.5, 1.0)
    # The second gold sentence finds no extracted token left.
    missing = rouge_lsum("one two. one two.", "one two.")
    assert (missing.precision, missing.recall) == (1.0, 0.5)
    assert missing.f1 == pytest.approx(2 / 3)


def test_optional_paragraphs_every_combination_up_to_four() -> None:
    gold = ["aa bb cc dd.", "ee.", "ff.", "gg.", "hh."]
    # Four optional: leaving ff, gg and hh out matches exactly.
    assert score_page(gold, [1, 2, 3, 4], "aa bb cc dd.\nee.").f1 == 1.0
    bodies = list(reference_bodies(gold, [1, 2]))
    assert bodies[0] == gold and bodies[-1] == ["aa bb cc dd.", "gg.", "hh."] and len(bodies) == 4


def test_more_than_four_optional_paragraphs_are_all_or_none() -> None:
    gold = ["aa bb cc dd.", "ee.", "ff.", "gg.", "hh.", "ii."]
    result = score_page(gold, [1, 2, 3, 4, 5], "aa bb cc dd.\n\nee.")
    # All kept: P 1, R 5/9 (F1 0.714); none kept: P 4/5, R 1 (F1 8/9) wins.
    assert (result.precision, result.recall) == (0.8, 1.0)
    assert result.f1 == pytest.approx(8 / 9)
