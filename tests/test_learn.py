"""Learning a site from its pages: ``jingwen learn`` drafts a rule file from five pages that,
passed with ``--rules``, cleans five further pages; a batch of one site's pages loses the
template lines it repeats (``template.repeated``). Pages are built from tests/cases/learn_site.toml
(a made-up site's template around documents written for this test)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import tomllib
from conftest import run_jingwen

CASES = Path(__file__).parent / "cases"
SITE = tomllib.loads((CASES / "learn_site.toml").read_text(encoding="utf-8"))


def _values(n: int, title: str) -> dict:
    return {"title": title, "id": 20480 + 37 * n, "views": 113 * n + 9, "date": f"2023-{n % 12 + 1:02d}-{n + 3:02d}",
            "pages": n + 2, "size": 40 + 11 * n}


def build_page(n: int) -> tuple[str, list[str], list[str]]:
    """(page text, its template lines, its body lines): one copy of the title stays, as the
    title (the plain one or the file name: the shared corpus's labels keep either)."""
    page = SITE["page"][n]
    values = _values(n, page["title"])
    top = [line.format(**values) for line in SITE["template_top"]]
    bottom = [line.format(**values) for line in SITE["template_bottom"]]
    text = "\n".join(top + page["body"] + bottom) + "\n"
    template = [line for line in top + bottom if line not in (page["title"], page["title"] + ".docx")]
    return text, template, page["body"]


def write_pages(folder: Path, numbers: range) -> dict[str, tuple[list[str], list[str]]]:
    folder.mkdir(parents=True)
    out = {}
    for n in numbers:
        text, template, body = build_page(n)
        (folder / f"page{n}.txt").write_text(text, encoding="utf-8")
        out[f"page{n}.txt"] = (template, body)
    return out


def _width(text: str) -> str:
    return unicodedata.normalize("NFKC", text)  # typography makes a scraped , a ，: same line


def removed_share(outdir: Path, pages: dict) -> tuple[float, float]:
    """(share of template lines gone, share of body lines kept) over the cleaned pages."""
    gone = total = kept = body_total = 0
    for name, (template, body) in pages.items():
        lines = {_width(line) for line in (outdir / name).read_text(encoding="utf-8").splitlines()}
        gone += sum(_width(line) not in lines for line in template)
        total += len(template)
        kept += sum(_width(line) in lines for line in body)
        body_total += len(body)
    return gone / total, kept / body_total


@pytest.fixture(scope="module")
def learnt(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("learn")
    write_pages(root / "seen", range(5))
    unseen = write_pages(root / "unseen", range(5, 10))
    result = run_jingwen("learn", root / "seen", "-o", root / "xuehai.toml", "--name", "学海资料网")
    assert result.returncode == 0, result.stderr.decode()
    assert "template line patterns from 5 pages" in result.stderr.decode()
    return root, root / "xuehai.toml", unseen


def test_learnt_file_is_a_rule_file_with_the_site_template(learnt):
    _, rules, _ = learnt
    data = tomllib.loads(rules.read_text(encoding="utf-8"))
    assert data["platform"]["id"] == "xuehai" and data["platform"]["name"] == "学海资料网"
    assert data["platform"]["domains"] == ["xuehai-ziliao.cn"]
    assert data["rules"][0]["id"] == "xuehai.template"
    listed = run_jingwen("rules", "--rules", rules)
    assert listed.returncode == 0 and "xuehai.template" in listed.stdout.decode()


def test_learnt_rules_clean_further_pages_of_the_site(learnt):
    root, rules, unseen = learnt
    out = root / "out-rules"
    # template learning of the batch off: the learnt file alone does the work
    report = root / "report-rules.json"
    result = run_jingwen("clean", root / "unseen", "-o", out, "--rules", rules, "--ignore", "template",
                         "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    gone, kept = removed_share(out, unseen)
    assert gone >= 0.95 and kept == 1.0, (gone, kept)
    for name in unseen:  # the title is kept once, as the title
        title = SITE["page"][int(name[4:-4])]["title"]
        lines = (out / name).read_text(encoding="utf-8").splitlines()
        assert lines.count(title) + lines.count(title + ".docx") == 1
    entries = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert all(sum(r["rule"] == "xuehai.template" for r in e["removed"]) >= 6 for e in entries)


def test_batch_learns_the_template_on_its_own(learnt, tmp_path):
    """Five pages of one folder, site files off: the lines they share go as template.repeated."""
    root, _, unseen = learnt
    report = tmp_path / "report.json"
    out = tmp_path / "out"
    result = run_jingwen("clean", root / "unseen", "-o", out, "--select", "generic,norm,struct", "--report", report)
    assert result.returncode == 0, result.stderr.decode()
    gone, kept = removed_share(out, unseen)
    assert gone >= 0.95 and kept == 1.0, (gone, kept)
    removed = [r for f in json.loads(report.read_text(encoding="utf-8"))["files"] for r in f["removed"]]
    repeated = [r for r in removed if r["rule"] == "template.repeated"]
    assert repeated and all(r["why"] == "on 5 pages of this batch" for r in repeated)
    assert any(r["text"] == "首页 | 教案 | 课件 | 试题 | 作文 | 范文" for r in repeated)


def test_learning_needs_three_pages(tmp_path):
    write_pages(tmp_path / "two", range(2))
    result = run_jingwen("learn", tmp_path / "two", "-o", tmp_path / "x.toml")
    assert result.returncode == 2
    assert "3 or more readable pages" in result.stderr.decode()
    assert not (tmp_path / "x.toml").exists()


def test_batch_never_takes_what_documents_share_in_their_body(tmp_path):
    """Copies of one document, and documents sharing their headings, keep every line."""
    folder = tmp_path / "docs"
    folder.mkdir()
    heads = ["一、基本情况", "二、存在问题", "三、下一步打算"]
    notes = ["本月完成巡查十二次,整改隐患三处。", "本月新增志愿者八人,服务时长一百二十小时。",
             "本月组织培训两场,参训人员六十余人。", "本月受理群众来信五件,均已办结。"]
    for n, note in enumerate(notes):
        text = f"第{n + 1}号工作简报\n{heads[0]}\n{note}\n{heads[1]}\n人手仍然不足。\n{heads[2]}\n继续做好各项工作。\n"
        (folder / f"report{n}.txt").write_text(text, encoding="utf-8")
        (folder / f"copy{n}.txt").write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_jingwen("clean", folder, "-o", out, "--no-normalize")
    assert result.returncode == 0, result.stderr.decode()
    for n in range(len(notes)):
        assert (out / f"report{n}.txt").read_text(encoding="utf-8") == (folder / f"report{n}.txt").read_text(
            encoding="utf-8")
        assert (out / f"copy{n}.txt").read_text(encoding="utf-8") == "会议通知\n定于周五召开全体会议。\n"
