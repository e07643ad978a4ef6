"""Faults injected into each normalization step must be caught by the tests: a step that
raises fails the file (never a silent note), and a step that silently does nothing makes at
least one case of ``tests/cases/normalize.toml`` fail (so every step is really tested)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from conftest import load_cases
from jingwen.cleaner.normalize.steps import STEPS
from test_normalize import run_case

CASES = [c for c in load_cases("normalize.toml") if c.get("expect", "pass") == "pass"]


class InjectedFault(RuntimeError):
    pass


def _raise(*args, **kwargs):
    raise InjectedFault("injected")


@contextmanager
def _swapped(index: int, step):
    """``STEPS[index]`` replaced by ``step`` for the duration (the runner reads the list)."""
    original = STEPS[index]
    STEPS[index] = step
    try:
        yield
    finally:
        STEPS[index] = original


def _cases_for(step_id: str) -> list[dict]:
    """Cases that exercise ``step_id``: those naming it, else default runs whose output it shapes."""
    named = [c for c in CASES if c.get("step") == step_id]
    return named or [c for c in CASES if "step" not in c]


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[s.id for s in STEPS])
def test_a_step_that_raises_fails_loudly(index):
    step = STEPS[index]
    broken = step._replace(fix=_raise, markdown_fix=_raise if step.markdown_fix else None,
                           document=_raise if step.document else None)
    changed = [c for c in _cases_for(step.id) if c.get("expected", c["input"]) != c["input"]]
    assert changed, f"no case shows {step.id} changing anything"
    with _swapped(index, broken), pytest.raises(InjectedFault):
        for case in changed:
            run_case(case)


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[s.id for s in STEPS])
def test_a_step_that_does_nothing_fails_a_case(index):
    step = STEPS[index]
    idle = step._replace(fix=lambda text: text,
                         markdown_fix=(lambda text: text) if step.markdown_fix else None,
                         document=(lambda doc, s: set()) if step.document else None)
    with _swapped(index, idle):
        failing = [c["label"] for c in _cases_for(step.id) if run_case(c) != c.get("expected", c["input"])]
    assert failing, f"no case fails when {step.id} does nothing: the step is untested"
