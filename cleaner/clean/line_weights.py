"""The line score's weights, kept as data (``cleaner/data/line_score.json``, fitted by
``scripts/fit_line_score.py``), and the logistic model that weighs a line's cues with them: read by
the line score (``scoring.py``) and by the title search, which passes over a line scored as a widget.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from jingwen.cleaner.clean.cues import CUES, line_cues
from jingwen.cleaner.patterns import cached

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "line_score.json"


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_FILE) -> tuple[dict[str, float], float, float]:
    """``(weights by cue, bias, threshold)`` from the fitted data file (its parsed form cached
    like the rule files', so a warm start does not load the JSON parser)."""
    stat = path.stat()
    data = cached("json", f"{path}:{stat.st_size}:{stat.st_mtime_ns}", lambda: _parse_json(path))
    weights = {cue: float(data["weights"].get(cue, 0.0)) for cue in CUES}
    return weights, float(data["bias"]), float(data["threshold"])


def _parse_json(path: Path) -> dict:
    import json  # only on a cache miss

    return json.loads(path.read_text(encoding="utf-8"))


def probability(cues: dict[str, float], weights: dict[str, float], bias: float) -> float:
    """The logistic model: how likely the line is boilerplate.

    >>> probability({"vocab": 2.0}, {"vocab": 1.0}, -2.0)
    0.5
    """
    z = bias + sum(weights[c] * v for c, v in cues.items() if v)
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def line_odds(folded: str, header: bool = False, footer: bool = False) -> float:
    """How likely one line alone, placed in the header or footer, is boilerplate (for the title
    search and ``jingwen learn``, which weigh a line without its page).

    >>> line_odds("继续做好各项工作。", footer=True) < 0.5
    True
    """
    weights, bias, _ = load_weights()
    return probability(line_cues(folded, header=header, footer=footer), weights, bias)
