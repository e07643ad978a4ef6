"""Punctuation compression and Han–Latin spacing (exporters/compose.py) on a real face's glyphs,
cases as data in tests/cases/composition.toml."""
from __future__ import annotations

import pytest
from conftest import case_params, load_cases
from jingwen.exporters.compose import blank_sides, shifts
from jingwen.exporters.fonts import find_face, ink_extents

CASES = "composition.toml"


def _span(text: str, mode: str, line_start: bool) -> float:
    face = find_face(["AR PL UMing CN"])
    assert face is not None, "scripts/setup.sh installs fonts-arphic-uming"
    extents = ink_extents(face, "".join(sorted(set(text))))
    sh = shifts(text, lambda ch: blank_sides(*extents[ch]), mode, line_start=line_start)
    # the boundaries inside the text, and the start only when it starts a line (before a
    # character the shift belongs to the pair that character makes with the one before)
    return sum(extents[ch][0] for ch in text) + sum(sh[1:-1]) + (sh[0] if line_start else 0.0)


@pytest.mark.parametrize("case", case_params(CASES))
def test_composition_case(case: dict) -> None:
    assert _span(case["text"], case["mode"], case.get("line_start", False)) == pytest.approx(case["span"], abs=0.01)


def test_no_two_adjacent_marks_take_more_than_one_and_a_half_em_unless_centred() -> None:
    marks = "，；：）》”“（《"  # in UMing CN these keep their ink in one half; 、 and 。 sit in the middle
    # every pair that occurs in text; an opening mark followed by a closing or pause mark (“，) does
    # not, and has no blank between the two inks to take away
    pairs = [a + b for a in marks for b in marks if a not in "“（《" or b in "“（《"]
    assert len(pairs) > 60
    for pair in pairs:
        assert _span(pair, "kaiming", False) <= 1.5 + 1e-9, pair
    for a in "、。":  # a centred mark gives up a quarter em on each side, no more
        for b in marks:
            assert _span(a + b, "kaiming", False) <= 1.75 + 1e-9, a + b


def test_case_file_covers_every_mode() -> None:
    assert {case["mode"] for case in load_cases(CASES)} == {"kaiming", "quanjiao", "none"}
