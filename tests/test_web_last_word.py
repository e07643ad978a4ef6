"""The server side of "the user has the last word", through the test client: adjustments per
document, empty results, a result that is gone, the user's rule file; Chinese names everywhere."""
from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient
from test_web_app import BASE, export

from jingwen.web.app import create_app
from jingwen.web.store import Workspace
from jingwen.web.user_rules import UserRules

TEXT = "下载本文档\n关于开展春季植树活动的通知\n各部门：定于三月十二日组织植树活动。\n请按时参加。\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def client(folder: Path):
    ws = Workspace.create(str(folder))
    with TestClient(create_app(ws, user_rules=UserRules.locate(folder)), base_url=BASE) as c:
        yield c
    ws.close()


def clean(client, text=TEXT, **adjust) -> dict:
    response = client.post("/api/clean", json={"text": text, "uploads": [], "options": {},
                                               "adjust": {"text": adjust} if adjust else {}})
    assert response.status_code == 200, response.text
    return response.json()


def lines(file: dict) -> dict[int, str | None]:
    return {line["n"]: line["removed"] for row in file["view"]["rows"] for line in row["lines"]}


def test_keep_and_drop_reach_the_export(client):
    answer = clean(client, keep=[1], drop=[4])
    (file,) = answer["files"]
    assert lines(file) == {1: None, 2: None, 3: None, 4: "user.remove"}
    assert file["rules"]["user.remove"]["name"] == "你删除的"
    assert file["rules"]["user.keep"]["name"] == "你保留的"
    kept = [line["kept"] for row in file["view"]["rows"] for line in row["lines"]]
    assert kept == [True, False, False, False]
    status = export(client, answer["result"], "txt")
    assert client.get(status["download"]["url"]).text == "".join(TEXT.splitlines(keepends=True)[:3])


def test_rules_off_for_one_document_and_an_edit(client):
    (file,) = clean(client, off=["generic.download-button"])["files"]
    assert lines(file)[1] is None and file["off"] == ["generic.download-button"]
    assert file["rules"]["generic.download-button"]["name"] == "下载按钮"
    assert clean(client, text="正文一。\n正文二。\n")["files"][0]["text"] == "正文一。\n正文二。\n"
    result = client.post("/api/clean", json={"text": "正文一。\n正文二。\n",
                                             "adjust": {"text": {"text": "只留这一句。\n"}}}).json()
    assert result["files"][0]["edited_text"] is True
    status = export(client, result["result"], "txt")
    assert client.get(status["download"]["url"]).text == "只留这一句。\n"


@pytest.mark.parametrize("adjust", [{"text": {"keep": "1"}}, {"text": {"drop": [True]}}, {"text": {"off": [3]}},
                                    {"text": {"text": 5}}, {"text": []}, []])
def test_bad_adjustments_are_refused(client, adjust):
    response = client.post("/api/clean", json={"text": TEXT, "adjust": adjust})
    assert response.status_code == 400
    assert response.json()["error"]["zh"].startswith("请求无效")


def test_empty_result_is_a_warning_and_not_exported(client):
    answer = clean(client, text="下载本文档\n")
    (file,) = answer["files"]
    assert file["ok"] and file["empty"]
    assert [w["code"] for w in file["warnings"]] == ["empty"]
    status = export(client, answer["result"], "pdf")
    assert status["state"] == "error" and status["error"]["code"] == "nothing"


def test_a_result_that_is_gone_says_so(client):
    response = client.post("/api/exports", json={"result": "A" * 22, "format": "pdf"})
    assert response.status_code == 410
    error = response.json()["error"]
    assert error["code"] == "result-gone" and "服务已重新启动" in error["zh"] and "超过保存期限" not in error["zh"]


def test_options_are_chinese_where_they_show(client):
    options = client.get("/api/options").json()
    jp2t = next(c for c in options["conversions"] if c["id"] == "jp2t")
    assert jp2t["zh"] == "日文新字体→繁体（旧字体）" and jp2t["description"]["zh"].startswith("把日文里的新字体")
    assert {p["id"]: p["zh"] for p in options["papers"]}["letter"] == "美式信纸（Letter）"
    assert options["user_rules"] is True and options["instance"]


def test_jp2t_refusal_names_japanese_not_simplified(client):
    (file,) = client.post("/api/clean", json={"text": "舊體の假名。\n", "options": {"convert": "jp2t"}}).json()["files"]
    (warning,) = file["warnings"]
    assert "日文新字体" in warning["zh"] and "简体" not in warning["zh"]


def test_mixed_text_with_phrase_conversion_is_warned(client):
    (file,) = client.post("/api/clean", json={"text": "這個程序员寫的軟體很好。\n",
                                              "options": {"convert": "tw2sp", "force": True}}).json()["files"]
    assert [w["code"] for w in file["warnings"]] == ["mixed-phrases"]


def test_user_rules_are_written_listed_applied_and_deleted(client, folder):
    added = client.post("/api/rules", json={"kind": "remove", "text": "请按时参加。"})
    assert added.status_code == 200, added.text
    body = added.json()
    assert body["added"]["id"] == "user.remove-1" and body["configured"] is True
    assert body["message"]["code"] == "rule-added"
    (file,) = clean(client)["files"]
    assert lines(file)[4] == "user.remove-1"
    assert file["rules"]["user.remove-1"]["name"] == "我的规则：总是删除"
    assert file["platform"] is None or file["platform"]["id"] != "user"

    kept = client.post("/api/rules", json={"kind": "keep", "text": "下载本文档"}).json()
    assert [e["id"] for e in kept["entries"]] == ["user.remove-1", "user.keep-1"]
    (file,) = clean(client)["files"]
    assert lines(file)[1] is None  # the exception: never removed

    changed = client.put("/api/rules/user.keep-1", json={"text": "请按时参加。"})  # edited on the page
    assert changed.status_code == 200 and changed.json()["entries"][1]["text"] == "请按时参加。"
    (file,) = clean(client)["files"]
    assert lines(file)[1] == "generic.download-button" and lines(file)[4] is None  # the exception wins
    assert client.put("/api/rules/user.keep-9", json={"text": "甲"}).status_code == 404
    assert client.put("/api/rules/user.keep-1", json={"text": " "}).status_code == 400

    assert client.delete("/api/rules/user.remove-1").status_code == 200
    assert client.delete("/api/rules/user.remove-1").status_code == 404
    assert client.delete("/api/rules/user.keep-1").status_code == 200
    (file,) = clean(client)["files"]
    assert lines(file)[4] is None and lines(file)[1] == "generic.download-button"
    assert (folder / "jingwen-rules.toml").is_file() and (folder / "jingwen.toml").is_file()


@pytest.mark.parametrize("body", [{"kind": "never", "text": "甲"}, {"kind": "remove", "text": "  "},
                                  {"kind": "remove", "text": "甲\n乙"}])
def test_bad_rules_are_refused(client, body):
    assert client.post("/api/rules", json=body).status_code == 400


def test_without_a_rule_file_the_page_offers_none(tmp_path):
    ws = Workspace.create(str(tmp_path))
    with TestClient(create_app(ws), base_url=BASE) as c:
        assert c.get("/api/options").json()["user_rules"] is False
        assert c.get("/api/rules").status_code == 404
    ws.close()


def test_a_hand_written_jingwen_toml_keeps_its_own_rules_list(tmp_path):
    (tmp_path / "jingwen.toml").write_text('rules = ["mine.toml"]\n', encoding="utf-8")
    rules = UserRules.locate(tmp_path)
    rules.add("remove", "甲乙丙")
    assert (tmp_path / "jingwen.toml").read_text(encoding="utf-8") == 'rules = ["mine.toml"]\n'
    assert rules.configured() is False  # the page then says what to add


def test_preview_thumbnails_follow_the_paper(client):
    from base64 import b64decode
    from io import BytesIO

    from PIL import Image

    answer = clean(client, text="关于开展春季植树活动的通知\n" + "各部门按时参加植树活动，注意安全。\n" * 300)
    sizes = {}
    for paper in ("A4", "letter"):
        response = client.post("/api/previews", json={"result": answer["result"], "file": 0, "style": "default",
                                                       "paper": paper})
        assert response.status_code == 200, response.text
        pages = response.json()["pages"]
        assert len(pages) == 3
        image = Image.open(BytesIO(b64decode(pages[0].split(",", 1)[1])))
        sizes[paper] = image.size
        assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # something is printed on it
    ratio = {paper: h / w for paper, (w, h) in sizes.items()}
    assert abs(ratio["A4"] - 297 / 210) < 0.02 and abs(ratio["letter"] - 11 / 8.5) < 0.02
    gone = client.post("/api/previews", json={"result": "B" * 22, "file": 0})
    assert gone.status_code == 410


def test_a_result_pushed_out_by_cleans_elsewhere_says_so(client):
    first = clean(client)["result"]
    for _ in range(8):  # another tab cleans eight times: the server keeps eight results
        clean(client, text="正文。\n")
    response = client.post("/api/exports", json={"result": first, "format": "txt"})
    assert response.status_code == 410 and response.json()["error"]["code"] == "result-gone"
    assert "在其他页面清理了太多文档" in response.json()["error"]["zh"]
