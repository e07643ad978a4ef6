"""The web application through its test client: limits, Host checks, downloads by id, exports."""
from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from conftest import SEED
from starlette.testclient import TestClient

from jingwen.web.app import STATIC, Limits, create_app
from jingwen.web.store import Workspace

BASE = "http://127.0.0.1:8765"
SEED_BYTES = SEED.read_bytes()
TRADITIONAL_TITLE = "溫州發展產業叢集化對策措施"  # s2twp: 集群 → 叢集 is a Taiwan phrase, not a character


@pytest.fixture
def workspace(tmp_path: Path):
    ws = Workspace.create(str(tmp_path))
    yield ws
    ws.close()


def make_client(workspace: Workspace | None = None, **limits) -> TestClient:
    return TestClient(create_app(workspace, limits=Limits(**limits)), base_url=BASE)


@pytest.fixture
def client(workspace):
    with make_client(workspace) as c:
        yield c


def upload(client: TestClient, name: str, data: bytes) -> dict:
    response = client.post("/api/uploads", params={"name": name}, content=data)
    assert response.status_code == 201, response.text
    return response.json()


def clean(client: TestClient, uploads=(), text: str = "", **options) -> dict:
    response = client.post("/api/clean", json={"text": text, "uploads": list(uploads), "options": options})
    assert response.status_code == 200, response.text
    return response.json()


def export(client: TestClient, result: str, fmt: str, **extra) -> dict:
    response = client.post("/api/exports", json={"result": result, "format": fmt, **extra})
    assert response.status_code == 202, response.text
    job = response.json()["job"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(f"/api/jobs/{job}").json()
        if status["state"] in ("done", "error"):
            return status
        time.sleep(0.05)
    raise AssertionError("export did not finish in 60 s")


def cleaned_text(file: dict) -> str:
    return "\n".join(b["text"] for row in file["view"]["rows"] for b in row["blocks"])


# --- the page ----------------------------------------------------------------------------------------

def test_page_and_api_carry_security_headers(client):
    for path in ("/", "/static/app.js", "/api/options"):
        response = client.get(path)
        assert response.status_code == 200
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/api/options").headers["cache-control"] == "no-store"


def test_page_loads_nothing_from_the_network():
    """No CDN, web font or analytics: every URL in the page's files is relative to this server."""
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I) or path.suffix == ".svg", path
        assert "@import" not in text and "url(http" not in text
    svg = (STATIC / "favicon.svg").read_text()
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]  # a namespace, never fetched


def test_options_offer_the_sixteen_conversions_with_chinese_names(client):
    options = client.get("/api/options").json()
    names = {c["id"]: c["zh"] for c in options["conversions"]}
    assert len(names) == 16
    assert names["s2twp"] == "简体→繁体（台湾，含词汇）"
    assert all(c["available"] for c in options["conversions"])
    assert [s["id"] for s in options["styles"]][0] == "default"
    assert {s["id"] for s in options["styles"]} >= {"default", "gb9704", "compact"}
    assert options["formats"] == ["txt", "docx", "pdf", "epub"]


# --- nothing leaves the machine ------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil",
                                  "192.168.1.10:8765", "[::2]:8765"])
def test_foreign_host_header_refused(client, host):
    response = client.get("/", headers={"host": host})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad-host"
    assert response.headers["x-frame-options"] == "DENY"
    assert client.post("/api/clean", json={"text": "正文。"}, headers={"host": host}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "LOCALHOST", "[::1]:8765", "localhost."])
def test_loopback_host_headers_accepted(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


def test_bound_address_is_accepted_when_given():
    from jingwen.web.security import allowed_hosts

    with TestClient(create_app(hosts=allowed_hosts("10.1.2.3")), base_url="http://10.1.2.3:8765") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "10.1.2.4:8765"}).status_code == 400


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"}, {"origin": "null"},
                                     {"origin": "http://127.0.0.1:3000"},  # another local server's page
                                     {"origin": "http://localhost:8765"},  # another origin, same machine
                                     {"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}])
def test_cross_origin_changes_refused(client, headers):
    response = client.post("/api/clean", json={"text": "正文。"}, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bad-origin"
    assert client.post("/api/uploads", params={"name": "a.txt"}, content=b"x", headers=headers).status_code == 403


def test_same_origin_changes_accepted(client):
    headers = {"origin": BASE, "sec-fetch-site": "same-origin"}
    assert client.post("/api/clean", json={"text": "正文。"}, headers=headers).status_code == 200


def test_uploads_stay_in_the_private_folder(client, workspace, tmp_path):
    stored = upload(client, "../../../etc/报告.txt", "正文。".encode())
    assert stored["name"] == "报告.txt"
    assert oct(workspace.root.stat().st_mode & 0o777) == "0o700"
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.parent for p in files} <= {workspace.root, workspace.root / "uploads"}
    upload_file = workspace.root / "uploads" / stored["id"]
    assert upload_file.read_bytes() == "正文。".encode()
    assert oct(upload_file.stat().st_mode & 0o777) == "0o600"
    assert stored["id"] not in {"报告.txt", "etc"} and re.fullmatch(r"[A-Za-z0-9_-]{16,}", stored["id"])


def test_private_folder_removed_at_shutdown():
    app = create_app()
    root = app.state.web.workspace.root
    with TestClient(app, base_url=BASE) as c:
        upload(c, "a.txt", b"x")
        assert root.is_dir()
    assert not root.exists()


# --- limits ----------------------------------------------------------------------------------------------

def test_upload_over_the_size_limit_refused_with_a_clear_message(workspace):
    with make_client(workspace, max_file_bytes=1000) as c:
        response = c.post("/api/uploads", params={"name": "大文件.txt"}, content=b"a" * 1001)
        assert response.status_code == 413
        error = response.json()["error"]
        assert error["code"] == "too-large"
        assert error["zh"] == "「大文件.txt」有 1001 B，超过了每个文件 1000 B 的上限"
        assert error["en"] == "大文件.txt is 1001 B, over the limit of 1000 B per file"
        assert list((workspace.root / "uploads").iterdir()) == []  # the partial file is gone
        assert c.post("/api/uploads", params={"name": "ok.txt"}, content=b"a" * 1000).status_code == 201


def test_upload_without_declared_length_still_limited(workspace):
    with make_client(workspace, max_file_bytes=1000) as c:
        chunks = (b"a" * 400 for _ in range(5))  # chunked transfer: no Content-Length
        response = c.post("/api/uploads", params={"name": "stream.txt"}, content=chunks)
        assert response.status_code == 413
        assert list((workspace.root / "uploads").iterdir()) == []


def test_pasted_text_over_the_limit_refused(workspace):
    with make_client(workspace, max_file_bytes=30) as c:
        response = c.post("/api/clean", json={"text": "字" * 11, "text_name": "粘贴的文本.txt"})
        assert response.status_code == 413
        assert response.json()["error"]["zh"].startswith("「粘贴的文本.txt」有 33 B")


def test_file_count_limit(workspace):
    with make_client(workspace, max_files=2) as c:
        ids = [upload(c, f"{n}.txt", "正文。".encode())["id"] for n in range(3)]
        response = c.post("/api/clean", json={"uploads": ids})
        assert response.status_code == 413
        assert response.json()["error"]["zh"] == "一次最多处理 2 个文件（现在有 3 个）"
        response = c.post("/api/clean", json={"uploads": ids[:1], "text": "粘贴的正文。"})
        assert response.status_code == 200
        response = c.post("/api/clean", json={"uploads": ids[:2], "text": "粘贴的正文。"})
        assert response.status_code == 413


def test_bad_requests_get_messages(client):
    assert client.post("/api/clean", content=b"{not json").json()["error"]["code"] == "bad-request"
    response = client.post("/api/clean", json={"text": "正文。", "options": {"convert": "s2x"}})
    assert response.status_code == 400 and "s2x" in response.json()["error"]["en"]
    response = client.post("/api/clean", json={"text": "正文。", "options": {"quotes": "fancy"}})
    assert response.status_code == 400
    response = client.post("/api/clean", json={"uploads": ["A" * 22]})
    assert response.status_code == 410
    assert response.json()["error"]["uploads"] == ["A" * 22]


# --- cleaning ------------------------------------------------------------------------------------------------

def test_seed_shows_the_notices_as_removed_lines(client):
    stored = upload(client, "book118.txt", SEED_BYTES)
    (file,) = clean(client, [stored["id"]])["files"]
    assert file["ok"] and file["platform"]["id"] == "book118" and file["script"] == "hans"
    removed = [(line["n"], line["removed"]) for row in file["view"]["rows"] for line in row["lines"] if line["removed"]]
    assert [n for n, rule in removed if rule == "book118.notice"] == [1, 2, 3, 4, 5, 6, 7]
    assert "numbered notices" in file["rules"]["book118.notice"]["en"]
    assert file["rules"]["book118.notice"]["name"] == "原创力文档须知"
    assert file["truncated_tail"] and not file["tail_kept"]
    assert "book118" not in cleaned_text(file)


def test_conversion_switch(client):
    stored = upload(client, "seed.txt", SEED_BYTES)
    (plain,) = clean(client, [stored["id"]])["files"]
    (converted,) = clean(client, [stored["id"]], convert="s2twp")["files"]
    assert "温州发展产业集群化对策措施" in cleaned_text(plain)
    assert TRADITIONAL_TITLE in cleaned_text(converted)
    assert converted["script"] == "hant" and converted["language"] == "zh-TW"
    assert "convert.s2twp" in converted["rules"]
    (quoted,) = clean(client, [stored["id"]], convert="s2twp", quotes="corner")["files"]
    assert "「一村一品」" in cleaned_text(quoted)


def test_conversion_refused_is_a_warning_not_an_error(client):
    text = "軟體的頭髮很好。這是繁體中文的段落。\n"
    (file,) = clean(client, text=text, convert="s2twp")["files"]
    assert file["ok"] and cleaned_text(file) == text.strip()
    assert file["warnings"][0]["code"] == "not-converted"
    assert "强制转换" in file["warnings"][0]["zh"]
    (forced,) = clean(client, text=text, convert="s2twp", force=True)["files"]
    assert forced["warnings"] == []


def test_binary_file_reported_by_name_and_others_processed(client):
    binary = upload(client, "photo.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    seed = upload(client, "seed.txt", SEED_BYTES)
    bad, good = clean(client, [binary["id"], seed["id"]])["files"]
    assert not bad["ok"] and good["ok"]
    assert bad["error"]["zh"].startswith("「photo.bin」无法处理：这是二进制文件")
    assert "photo.bin" in bad["error"]["en"]
    assert "binary data" in bad["detail"]  # the reader's own reason


def test_unsupported_and_broken_formats_explained(client):
    pdf = upload(client, "论文.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4)
    docx = upload(client, "坏的.docx", b"PK\x03\x04 this is not a real archive")
    pages = upload(client, "笔记.pages", b"PK\x03\x04" + bytes(range(256)) * 4)
    first, second, third = clean(client, [pdf["id"], docx["id"], pages["id"]])["files"]
    assert "PDF 无法读取" in first["error"]["zh"] and "damaged" in first["detail"]
    assert "不是完好的 .docx" in second["error"]["zh"] and "docx" in second["detail"]
    assert "另存为 .docx" in third["error"]["zh"]


def test_pasted_text_and_files_together(client):
    stored = upload(client, "a.md", "# 标题\n\n下载本文档\n\n正文。\n".encode())
    pasted, md = clean(client, [stored["id"]], text="查看更多\n正文第一段。\n")["files"]
    assert pasted["name"] == "粘贴的文本.txt" and pasted["removed"] == 1
    assert md["name"] == "a.md" and md["format"] == "md" and md["removed"] == 1


# --- exports and downloads -------------------------------------------------------------------------------------

def test_pdf_and_docx_of_one_document(client):
    import docx
    import pypdf

    stored = upload(client, "温州.txt", SEED_BYTES)
    result = clean(client, [stored["id"]], convert="s2twp")["result"]
    status = export(client, result, "pdf", style="compact", paper="A5")
    assert status["state"] == "done" and status["done"] == status["total"] == 1
    assert status["download"]["filename"] == "温州.pdf"
    response = client.get(status["download"]["url"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''%E6%B8%A9%E5%B7%9E.pdf" in response.headers["content-disposition"]
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    assert "產業叢集" in "".join(page.extract_text() for page in pdf.pages)
    assert round(float(pdf.pages[0].mediabox.width) / 72 * 25.4) == 148  # A5

    status = export(client, result, "docx")
    document = docx.Document(io.BytesIO(client.get(status["download"]["url"]).content))
    assert any(TRADITIONAL_TITLE in p.text for p in document.paragraphs)


def test_pasted_text_exported_under_its_title(client):
    result = clean(client, text=SEED_BYTES.decode("utf-8"))["result"]
    status = export(client, result, "txt")
    assert status["download"]["filename"] == "温州发展产业集群化对策措施.txt"
    body = client.get(status["download"]["url"]).content.decode("utf-8")
    assert body.startswith("温州发展产业集群化对策措施\n") and "book118" not in body


def test_several_files_come_back_as_one_zip(client):
    ids = [upload(client, name, SEED_BYTES)["id"] for name in ("a.txt", "b.txt", "a.md")]
    ids.append(upload(client, "photo.png", bytes(range(256)) * 4)["id"])
    result = clean(client, ids)["result"]
    status = export(client, result, "epub")
    assert status["state"] == "done" and status["done"] == status["total"] == 3  # the unreadable one is left out
    assert status["download"]["filename"] == "净文-EPUB.zip"
    response = client.get(status["download"]["url"])
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["a.epub", "b.epub", "a (2).epub"]
        with zipfile.ZipFile(io.BytesIO(archive.read("a.epub"))) as epub:
            assert epub.read("mimetype") == b"application/epub+zip"

    status = export(client, result, "txt")
    with zipfile.ZipFile(io.BytesIO(client.get(status["download"]["url"]).content)) as archive:
        texts = [archive.read(n).decode("utf-8") for n in archive.namelist()]
    assert len(texts) == 3 and all("温州发展产业集群化对策措施" in t and "book118" not in t for t in texts)


def test_downloads_by_id_only(client, workspace):
    result = clean(client, text="正文第一段。\n")["result"]
    status = export(client, result, "txt")
    assert str(workspace.root) not in str(status)
    url = status["download"]["url"]
    assert re.fullmatch(r"/download/[A-Za-z0-9_-]{16,}", url)
    assert client.get(url).status_code == 200
    for path in ("/download/" + "A" * 22, "/download/..%2F..%2Fetc%2Fpasswd", "/download/%2Fetc%2Fpasswd",
                 f"/download/{url.rsplit('/', 1)[1]}%2F..", "/download/pid", "/static/../app.py",
                 "/static/%2e%2e/app.py", "/static/../../cleaner/cli.py"):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/jobs/" + "B" * 22).status_code == 404


def test_export_of_an_unknown_result_or_format(client):
    result = clean(client, text="正文。")["result"]
    assert client.post("/api/exports", json={"result": result, "format": "exe"}).status_code == 400
    bad_style = {"result": result, "format": "pdf", "style": "/etc/passwd"}
    assert client.post("/api/exports", json=bad_style).status_code == 400
    assert client.post("/api/exports", json={"result": "C" * 22, "format": "pdf"}).status_code == 410


def test_export_with_nothing_readable_fails_with_a_message(client):
    result = clean(client, [upload(client, "x.png", bytes(range(256)))["id"]])["result"]
    status = export(client, result, "pdf")
    assert status["state"] == "error" and status["error"]["code"] == "nothing"
