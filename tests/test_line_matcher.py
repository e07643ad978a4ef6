"""The rule engine's shortcut (``LineMatcher``: a literal prefilter, then few rules) answers
exactly what asking every rule in order answers, on the test cases, the seeds and generated
lines made of the rules' own texts."""
from __future__ import annotations

from conftest import SEEDS, load_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jingwen.cleaner.patterns import required_literals
from jingwen.cleaner.ruleset import FLAGS, LineMatcher, load_rules
from jingwen.cleaner.textfold import fold_text

RULES = load_rules()
LINE_RULES = tuple(r for r in RULES.rules if r.lines and not r.builtin)
ZONES = {zone: tuple(r for r in LINE_RULES if r.zone == zone) for zone in ("any", "header")}
MATCHERS = {zone: LineMatcher(rules) for zone, rules in ZONES.items()}


def first_rule_in_order(rules, folded: str) -> str | None:
    return next((r.id for r in rules if r.match_line(folded)), None)


def answers(folded: str) -> list[tuple[str | None, str | None]]:
    out = []
    for zone, rules in ZONES.items():
        slow = first_rule_in_order(rules, folded)
        for prefilter in (True, False):
            found = MATCHERS[zone].match(folded, prefilter)
            out.append((found.id if found else None, slow))
    return out


def known_lines() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for name in ("cleaning.toml", "negative.toml"):
        texts += [case["input"] for case in load_cases(name)]
    return [fold_text(line) for text in texts for line in text.splitlines() if line.strip()]


def test_most_rules_are_prefiltered_by_their_texts():
    """A guard that the shortcut is in use at all: most rules name selective texts."""
    matcher = MATCHERS["any"]
    assert len(matcher.always.rules) < len(ZONES["any"]) / 3
    assert matcher.automaton and len(matcher.automaton) > 100


def test_same_answer_as_every_rule_in_order_on_cases_and_seeds():
    lines = known_lines()
    assert len(lines) > 300
    matched = 0
    for folded in lines:
        for fast, slow in answers(folded):
            assert fast == slow, folded
            matched += fast is not None
    assert matched > 50  # the lines include many notices: the comparison is not all None


PIECES = sorted({t for r in LINE_RULES for p in r.lines for t in (required_literals(p, FLAGS) or ())}) + [
    "正文", "第一章", "会议", ",", ".", ":", " ", "|", ">", "-", "/", "《", "》", "(", ")", "0", "12", "2024",
    "vip", "VIP", "qq", "İ", "ſ", "K", "copyright", "www.example.com", "页", "共", "第", "次", "下载",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_same_answer_on_lines_made_of_the_rules_texts(pieces):
    folded = fold_text("".join(pieces))
    for fast, slow in answers(folded):
        assert fast == slow
