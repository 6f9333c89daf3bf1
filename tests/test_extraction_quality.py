"""CI gate on body-extraction quality, plus the benchmark metrics' own rules.

The gate scores the generic path (parse, profile-less ``extract_article``,
``clean_paragraphs``) on both dev sets, each with its benchmark's metric: the
AEB dev pages in ``../shared/aeb-dev`` (or ``$AEB_DATA``) and the fundus-dev
pages in ``../shared/fundus-dev`` (or ``$FUNDUS_DATA``, ROUGE-LSum). It fails
when F1 or precision drop below the floors pinned in
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
    FundusPage,
    fundus_page,
    load_fundus,
    load_pages,
    main,
    mean_aggregate,
    page_counts,
    paired_bootstrap,
    project_pipeline,
    readability_lxml,
    run,
    score,
    shingles,
)

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("AEB_DATA") or REPO.parent / "shared" / "aeb-dev")
FUNDUS = Path(os.environ.get("FUNDUS_DATA") or REPO.parent / "shared" / "fundus-dev")
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


def test_generic_extraction_stays_above_the_fundus_floor() -> None:
    try:
        pages = load_fundus(FUNDUS)
    except DataMissingError as exc:
        pytest.fail(f"extraction quality gate cannot run: {exc}")
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["fundus-dev"]
    predictions, _ = run(project_pipeline, pages)
    scores = mean_aggregate([fundus_page(page, predictions[page.id]) for page in pages])
    summary = f"F1 {scores.f1:.4f} P {scores.precision:.4f} R {scores.recall:.4f}"
    assert scores.pages == floor["pages"], f"expected {floor['pages']} pages in {FUNDUS}"
    assert scores.f1 >= floor["f1"], f"fundus-dev F1 fell below the floor {floor['f1']}: {summary}"
    assert scores.precision >= floor["precision"], (
        f"fundus-dev precision fell below the floor {floor['precision']}: {summary}"
    )


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataMissingError, match="AEB data not found"):
        load_pages(tmp_path)
    with pytest.raises(DataMissingError, match="fundus-dev data not found"):
        load_fundus(tmp_path)


def test_fundus_page_keeps_the_best_optional_combination() -> None:
    page = FundusPage(
        "Pub_0",
        "https://example.com/a",
        "",
        ("Related: read this too.", "The mayor opened the bridge on Monday.", "It cost $4m."),
        (0,),
    )
    body = "The mayor opened the bridge on Monday.\n\nIt cost $4m."
    assert fundus_page(page, body).f1 == 1.0  # the optional teaser left out
    assert fundus_page(page, "Related: read this too.\n\n" + body).f1 == 1.0
    assert fundus_page(page, "").f1 == 0.0
    assert fundus_page(page, None).f1 == 0.0


def test_paired_bootstrap_interval_brackets_the_difference() -> None:
    better = [fundus_page(_one_line_page(i), f"word{i} alpha beta") for i in range(20)]
    worse = [fundus_page(_one_line_page(i), f"word{i} alpha" if i % 2 else "") for i in range(20)]
    result = paired_bootstrap(better, worse, mean_aggregate, draws=500, seed=1)
    means = mean_aggregate(better).f1 - mean_aggregate(worse).f1
    assert result["diff"] == pytest.approx(means)
    assert 0 < result["low"] <= result["diff"] <= result["high"]
    assert result["share_not_above_zero"] == 0.0
    same = paired_bootstrap(better, better, mean_aggregate, draws=200, seed=1)
    assert (same["low"], same["diff"], same["high"]) == (0.0, 0.0, 0.0)


def _one_line_page(i: int) -> FundusPage:
    return FundusPage(f"Pub_{i}", "", "", (f"word{i} alpha beta.",), ())


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


def test_bench_reports_missing_data_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(tmp_path), "--sets", "aeb"]) == 2
    assert main(["--fundus", str(tmp_path), "--sets", "fundus"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("error: ") for line in err)


def test_readability_text_keeps_paragraphs_apart() -> None:
    prose = "The council voted on Tuesday to rebuild the harbour wall before winter. " * 4
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article>"
        f"<p>{prose}First.</p><p>Second{prose}</p></article></body></html>"
    )
    text = readability_lxml(html, "")
    assert "First.\n\nSecond" in text
    assert "Home" not in text
