"""CI gate on body-extraction quality, plus the benchmark metric's own rules.

The gate scores the generic path (parse, profile-less ``extract_article``,
``clean_paragraphs``) on the AEB dev pages in ``../shared/aeb-dev`` (or
``$AEB_DATA``) and fails when F1 or precision drop below the floor pinned in
``bench/extraction_floor.json``.  It says nothing about speed: that is
``python -m bench.extraction``'s job.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.extraction import (
    DataMissingError,
    load_pages,
    page_counts,
    project_pipeline,
    run,
    score,
    shingles,
)

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("AEB_DATA") or REPO.parent / "shared" / "aeb-dev")
FLOOR = REPO / "bench" / "extraction_floor.json"


def test_generic_extraction_stays_above_the_floor() -> None:
    try:
        pages = load_pages(DATA)
    except DataMissingError as exc:
        pytest.fail(f"extraction quality gate cannot run: {exc}")
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    predictions, _ = run(project_pipeline, pages)
    scores = score((page.truth, predictions[page.id]) for page in pages)
    summary = f"F1 {scores.f1:.4f} P {scores.precision:.4f} R {scores.recall:.4f}"
    assert scores.pages == floor["pages"], f"expected {floor['pages']} pages in {DATA}"
    assert scores.f1 >= floor["f1"], f"F1 fell below the floor {floor['f1']}: {summary}"
    assert scores.precision >= floor["precision"], (
        f"precision fell below the floor {floor['precision']}: {summary}"
    )


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="AEB data not found"):
        load_pages(tmp_path)


def test_shingles_follow_aeb() -> None:
    assert shingles([]) == {}
    assert shingles(["Read", "more"]) == {("Read", "more"): 1}
    assert sum(shingles(["a", "b", "c", "d", "e"]).values()) == 2
    assert shingles(["x", "y", "z", "w", "x", "y", "z", "w"])[("x", "y", "z", "w")] == 2


def test_score_follows_aeb() -> None:
    assert page_counts("one two three four five", "one two three four") == (1, 0, 1)
    perfect = score([("Same words, here.", "same words here")])
    assert perfect.accuracy == 0.0  # case-sensitive
    exact = score([("Same words, here.", "Same\nwords here")])
    assert (exact.f1, exact.accuracy) == (1.0, 1.0)
    # An empty prediction lowers recall and accuracy but is left out of precision.
    mixed = score([("a b c d e", "a b c d e"), ("f g h i j", None)])
    assert (mixed.precision, mixed.recall, mixed.accuracy) == (1.0, 0.5, 0.5)
