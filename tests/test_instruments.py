"""Questionnaire scoring against known answer sets and every band edge."""

import pytest

from api.services.instruments import answer_errors, score, signals_risk


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total, band):
    answers = [3] * (total // 3) + [total % 3] + [0] * 9
    assert score("phq9", answers[:9]) == {"total": total, "band": band}


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands(total, band):
    answers = ([3] * (total // 3) + [total % 3] + [0] * 7)[:7]
    assert score("gad7", answers) == {"total": total, "band": band}


@pytest.mark.parametrize(
    "raw, index, band",
    [
        (0, 0, "likely_depression"),
        (7, 28, "likely_depression"),
        (8, 32, "poor_wellbeing"),
        (12, 48, "poor_wellbeing"),
        (13, 52, "good_wellbeing"),
        (25, 100, "good_wellbeing"),
    ],
)
def test_who5_index_and_bands(raw, index, band):
    answers = ([5] * (raw // 5) + [raw % 5] + [0] * 5)[:5]
    assert score("who5", answers) == {"total": index, "raw": raw, "band": band}


@pytest.mark.parametrize(
    "total, band",
    [
        (10, "building"),
        (46, "building"),
        (47, "sustained_remission_range"),
        (60, "sustained_remission_range"),
    ],
)
def test_barc10_bands(total, band):
    answers = [1] * 10
    extra = total - 10
    for index in range(10):
        step = min(5, extra)
        answers[index] += step
        extra -= step
    assert score("barc10", answers) == {"total": total, "band": band}


def test_known_phq9_answer_set():
    assert score("phq9", [1, 2, 1, 0, 3, 1, 2, 0, 0]) == {"total": 10, "band": "moderate"}


@pytest.mark.parametrize(
    "key, answers, item",
    [
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 4], "item9"),
        ("gad7", [0, -1, 0, 0, 0, 0, 0], "item2"),
        ("who5", [0, 0, 6, 0, 0], "item3"),
        ("barc10", [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], "item1"),
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, "1"], "item9"),
        ("phq9", [0, 0, 0, 0, 0, 0, 0, 0, True], "item9"),
    ],
)
def test_out_of_range_answers_name_the_item(key, answers, item):
    assert f"instruments.{key}.{item}" in answer_errors(key, answers)


def test_wrong_number_of_answers_is_refused():
    assert answer_errors("gad7", [0] * 6) == {"instruments.gad7": ["GAD-7 has 7 answers, one per item."]}


@pytest.mark.parametrize(
    "answers, feels_safe, risk",
    [
        ({"phq9": [0] * 8 + [1]}, None, True),
        ({"phq9": [3] * 8 + [0]}, None, False),
        ({}, False, True),
        ({}, True, False),
        ({"gad7": [3] * 7}, None, False),
    ],
)
def test_risk_signals(answers, feels_safe, risk):
    assert signals_risk(answers, feels_safe) is risk
