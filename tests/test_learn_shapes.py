"""``jingwen learn`` on real-shaped pages (tests/cases/learn_real_shapes.toml): a byline some
pages print without one of its parts, a line between the title and the text (合集下载), an intro
with the title inside it, a notice only two pages print above the site's lines, and headings
every document has (背景技术:, 摘要) that are theirs.
The learnt file alone (``--select SITE,norm``) must clean five further pages; the batch must
take a byline whose numbers change from page to page."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import tomllib
from conftest import run_jingwen

CASES = tomllib.loads((Path(__file__).parent / "cases" / "learn_real_shapes.toml").read_text(encoding="utf-8"))
SEEN, UNSEEN = range(5), range(5, 8)


def page(site: str, n: int) -> tuple[list[str], list[str], list[str]]:
    """(lines of page ``n`` of ``site``, its template lines, its body lines)."""
    spec, doc = CASES["site"][site], CASES["document"][n]
    values = {"title": doc["title"], "id": 30000000 + 7919 * n, "views": 37 * n + 12,
              "date": f"20{18 + n % 5}-{n % 12 + 1:02d}-{n * 3 % 28 + 1:02d}", "time": f"{n * 5 % 24:02d}:{n * 7 % 60:02d}"}
    top = spec["tops"][n % 3] if "tops" in spec else spec.get("top_short", spec["top"]) if n % 3 == 0 else spec["top"]
    top = [line.format(**values) for line in top]
    body = spec.get("before_body", []) + doc["body"]
    template = [line for line in top if any(line.startswith(t) for t in spec["template"])]
    return top + body, template, body


def write(folder: Path, site: str, numbers) -> None:
    folder.mkdir(parents=True)
    for n in numbers:
        (folder / f"p{n}.txt").write_text("\n".join(page(site, n)[0]) + "\n", encoding="utf-8")


def _key(line: str) -> str:
    return unicodedata.normalize("NFKC", line)  # typography makes a scraped , a ，: same line


@pytest.fixture(scope="module")
def learnt(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("shapes")
    out = {}
    for site in CASES["site"]:
        write(root / site / "seen", site, SEEN)
        write(root / site / "unseen", site, UNSEEN)
        rules = root / f"{site}.toml"
        result = run_jingwen("learn", root / site / "seen", "-o", rules, "--id", site)
        assert result.returncode == 0, result.stderr.decode()
        out[site] = (root / site, rules)
    return out


def _patterns(rules: Path) -> list[re.Pattern]:
    data = tomllib.loads(rules.read_text(encoding="utf-8"))
    return [re.compile(p, re.IGNORECASE) for rule in data.get("rules", []) for p in rule["lines"]]


@pytest.mark.parametrize("site", ["patent", "collection", "intro", "preview"])
def test_learnt_file_alone_cleans_further_pages(learnt, site):
    folder, rules = learnt[site]
    out = folder / "out"
    result = run_jingwen("clean", folder / "unseen", "-o", out, "--select", f"{site},norm", "--rules", rules)
    assert result.returncode == 0, result.stderr.decode()
    for n in UNSEEN:
        _, template, body = page(site, n)
        cleaned = {_key(line) for line in (out / f"p{n}.txt").read_text(encoding="utf-8").splitlines()}
        assert template and not any(_key(line) in cleaned for line in template), (n, template)
        assert all(_key(line) in cleaned for line in body), (n, body)


def test_a_byline_with_a_part_some_pages_lack_is_one_pattern(learnt):
    _, rules = learnt["patent"]
    text = rules.read_text(encoding="utf-8")
    bylines = [line for n in UNSEEN for line in page("patent", n)[1]]
    assert any("发布日期" in b for b in bylines) and any("发布日期" not in b for b in bylines)
    matching = [p for p in _patterns(rules) if all(p.fullmatch(b) for b in bylines)]
    assert len(matching) == 1, text
    # the file says what each pattern saw: on how many pages, where, and one line it matched
    lines = text.splitlines()
    comment = lines[lines.index(f"  '{matching[0].pattern}',") - 1]
    assert comment.startswith("  # on 5 of 5 pages, between the title and the text: 文档序号:"), comment
    signatures = [re.compile(s) for s in tomllib.loads(text)["platform"]["signatures"]]
    seen = [(learnt["patent"][0] / "seen" / f"p{n}.txt").read_text(encoding="utf-8") for n in SEEN]
    assert signatures and all(s.search(p) for s in signatures for p in seen)


@pytest.mark.parametrize("site, heading", [("patent", "背景技术:"), ("paper", "摘要")])
def test_headings_every_document_has_are_not_learnt(learnt, site, heading):
    folder, rules = learnt[site]
    assert not any(p.fullmatch(heading) for p in _patterns(rules)), rules.read_text(encoding="utf-8")
    out = folder / "out-all"
    result = run_jingwen("clean", folder / "unseen", "-o", out, "--rules", rules, "--no-normalize")
    assert result.returncode == 0, result.stderr.decode()
    for n in UNSEEN:
        assert heading in (out / f"p{n}.txt").read_text(encoding="utf-8").splitlines()


def test_batch_takes_a_byline_whose_numbers_change(tmp_path):
    """Four pages of one folder, only batch learning on: the byline goes as template.repeated
    although no two pages print it alike; the titles and the text stay."""
    write(tmp_path / "pages", "news", range(4))
    report, out = tmp_path / "report.json", tmp_path / "out"
    result = run_jingwen("clean", tmp_path / "pages", "-o", out, "--select", "template,norm", "--no-normalize",
                         "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    for n in range(4):
        lines, template, body = page("news", n)
        cleaned = (out / f"p{n}.txt").read_text(encoding="utf-8").splitlines()
        assert cleaned == [lines[1], *body], cleaned
    removed = [r for f in json.loads(report.read_text(encoding="utf-8"))["files"] for r in f["removed"]]
    assert len(removed) == 4 and all(r["rule"] == "template.repeated" and r["why"] == "on 4 pages of this batch"
                                     for r in removed), removed
