"""Standard questionnaires, scored on the server with their published bands.

PHQ-9 (Kroenke, Spitzer & Williams 2001): 9 items 0-3, total 0-27; bands at 5/10/15/20; any answer
above 0 on item 9 (thoughts of self-harm) is a risk signal.
GAD-7 (Spitzer et al. 2006): 7 items 0-3, total 0-21; bands at 5/10/15.
WHO-5 Well-Being Index (WHO 1998): 5 items 0-5, raw 0-25 times 4 = 0-100; a score of 28 or less
suggests likely depression, a raw score below 13 poor wellbeing.
BARC-10 Brief Assessment of Recovery Capital (Vilsaint et al. 2017): 10 items 1-6, total 10-60;
47 or more is associated with sustained remission.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    items: int
    low: int
    high: int
    column: str


INSTRUMENTS = {
    "phq9": Instrument("phq9", "PHQ-9", 9, 0, 3, "phq9_total"),
    "gad7": Instrument("gad7", "GAD-7", 7, 0, 3, "gad7_total"),
    "who5": Instrument("who5", "WHO-5", 5, 0, 5, "who5_score"),
    "barc10": Instrument("barc10", "BARC-10", 10, 1, 6, "barc10_total"),
}


def answer_errors(key: str, answers) -> dict[str, list[str]]:
    """Per-item messages for answers that do not fit the instrument; empty when they do."""
    instrument = INSTRUMENTS[key]
    if not isinstance(answers, list) or len(answers) != instrument.items:
        return {f"instruments.{key}": [f"{instrument.name} has {instrument.items} answers, one per item."]}
    errors = {}
    for number, answer in enumerate(answers, start=1):
        if (
            isinstance(answer, bool)
            or not isinstance(answer, int)
            or not instrument.low <= answer <= instrument.high
        ):
            allowed = f"{instrument.low} to {instrument.high}"
            errors[f"instruments.{key}.item{number}"] = [
                f"{instrument.name} item {number}: answer {allowed}."
            ]
    return errors


def score(key: str, answers: list[int]) -> dict:
    """Total (or index) and band for valid answers."""
    raw = sum(answers)
    if key == "phq9":
        return {
            "total": raw,
            "band": _band(
                raw,
                [(20, "severe"), (15, "moderately_severe"), (10, "moderate"), (5, "mild"), (0, "minimal")],
            ),
        }
    if key == "gad7":
        return {
            "total": raw,
            "band": _band(raw, [(15, "severe"), (10, "moderate"), (5, "mild"), (0, "minimal")]),
        }
    if key == "who5":
        index = raw * 4
        band = "likely_depression" if index <= 28 else "poor_wellbeing" if raw < 13 else "good_wellbeing"
        return {"total": index, "raw": raw, "band": band}
    return {"total": raw, "band": "sustained_remission_range" if raw >= 47 else "building"}


def _band(total: int, thresholds: list[tuple[int, str]]) -> str:
    return next(name for floor, name in thresholds if total >= floor)


def signals_risk(answers: dict[str, list[int]], feels_safe: bool | None) -> bool:
    """PHQ-9 item 9 above 0, or the member saying they are not safe."""
    phq9 = answers.get("phq9")
    return feels_safe is False or bool(phq9 and phq9[8] > 0)
