"""Accessibility, checked by axe-core (the npm package, injected into Debian's Chromium): no
serious or critical WCAG 2.1 A/AA violation on the empty page, a result page, a line's open
panel, and the phone layout. ``scripts/setup.sh --test`` installs axe-core into .venv/npm."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import expect
from test_web_browser import SEED_TEXT, browser, open_page  # noqa: F401  (browser is a fixture)
from test_web_serve import Server

AXE = Path(os.environ.get("JINGWEN_AXE", ROOT / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("axe"))
    yield running
    assert running.stop() == 0


def violations(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: npm install --prefix .venv/npm axe-core (scripts/setup.sh --test does)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                          ".then(r => r.violations)", TAGS)
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in found if v["impact"] in ("serious", "critical")]


def check(page) -> None:
    found = violations(page)
    assert found == [], json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("layout", ["desktop", "phone"])
def test_no_serious_violations(browser, server, layout):  # noqa: F811
    context = PHONE if layout == "phone" else {"viewport": {"width": 1366, "height": 768}}
    page = open_page(browser, server, bypass_csp=True, **context)  # axe is injected as a script
    try:
        check(page)  # the empty page
        page.fill("#paste", SEED_TEXT)
        expect(page.locator(".ol.removed")).to_have_count(10)
        check(page)  # a result
        page.locator(".ol.removed").first.click()
        expect(page.locator(".line-panel")).to_be_visible()
        check(page)  # a line's panel open
        page.click("#viewmode button[data-mode='edit']")
        check(page)  # the editor
    finally:
        page.context.close()


def test_the_view_is_one_tab_stop_and_works_by_keyboard(browser, server):  # noqa: F811
    page = open_page(browser, server, viewport={"width": 1366, "height": 768})
    try:
        page.fill("#paste", SEED_TEXT)
        expect(page.locator(".ol.removed")).to_have_count(10)
        assert page.locator("#view [tabindex='0']").count() == 1  # not one stop per chip or line
        assert page.locator("#view .chip[tabindex], #view button").count() == 0
        page.focus("#view [tabindex='0']")
        page.keyboard.press("ArrowDown")
        expect(page.locator(".ol[data-line='2']")).to_be_focused()
        page.keyboard.press("Enter")  # a struck line opens by keyboard: full text and its panel
        expect(page.locator(".ol[data-line='2']")).to_have_attribute("aria-expanded", "true")
        expect(page.locator(".line-panel")).to_contain_text("删除原因：原创力文档须知")
        expect(page.locator("#announce")).to_contain_text("删除原因：原创力文档须知")
        page.keyboard.press("Tab")
        expect(page.locator(".line-panel button").first).to_be_focused()
        page.keyboard.press("Enter")  # 保留这一行
        expect(page.locator(".ol[data-line='2']")).not_to_have_class("ol removed")
        expect(page.locator(".ol[data-line='2'] .chip")).to_have_text("你保留的")
        assert page.errors == []
    finally:
        page.context.close()


def test_axe_finds_what_it_should(browser, server):  # noqa: F811
    """The check above can fail: grey text on white is caught."""
    page = open_page(browser, server, bypass_csp=True, viewport={"width": 1366, "height": 768})
    try:
        page.evaluate("""() => { const p = document.createElement('p'); p.textContent = '看不清的说明文字';
            p.style.color = '#bbbbbb'; document.querySelector('main').append(p); }""")
        assert "color-contrast" in [v["id"] for v in violations(page)]
    finally:
        page.context.close()
