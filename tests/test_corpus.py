"""Corpus mode (cleaner/corpus.py): the record API, JSON Lines / gzip / zstd / Parquet round
trips, bad records, shards and resume, and the CLI as users run it."""
from __future__ import annotations

import fcntl
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_jingwen
from corpus_samples import dump, make_records, read_bytes, read_records, reference, sample_texts, write_corpus
from jingwen.cleaner.settings import Settings

import jingwen
from jingwen import clean_record
from jingwen.batch.files import InputFile
from jingwen.corpus.formats import line_spans, shard_ends
from jingwen.corpus.plan import plan_file, settings_fingerprint
from jingwen.corpus.run import run_corpus
from jingwen.corpus.shards import WORK_DIR, CorpusJob, run_task


def clean_text(text: str, **settings) -> str:
    return jingwen.clean(text, **settings).text

TAIL = "全市绿道分为滨江、环湖、郊野三类。其中滨江段全长约十二公里,沿线设置了"


def works(out: Path, name: str) -> Path:
    return out / WORK_DIR / name


# The record API -------------------------------------------------------------------------------

def test_clean_record_keeps_fields_in_order_and_adds_metadata():
    record = {"id": 7, "url": "https://max.book118.com/html/1.shtm",
              "text": "查看更多\n会议通知\n定于周五召开全体会议。\n", "meta": {"tags": ["政务"]}}
    before = json.dumps(record, ensure_ascii=False)
    out = clean_record(record)
    assert json.dumps(record, ensure_ascii=False) == before  # the input is not modified
    assert list(out) == ["id", "url", "text", "meta", "jingwen"]
    assert out["text"] == "会议通知\n定于周五召开全体会议。\n"
    assert (out["id"], out["url"], out["meta"]) == (7, record["url"], {"tags": ["政务"]})
    meta = out["jingwen"]
    assert meta["changed"] is True and meta["removed"] == 1 and meta["rules"] == ["generic.read-more"]
    assert meta["script"] == "hans" and meta["error"] is None
    assert set(meta) == {"platform", "script", "title", "changed", "removed", "rules", "truncated_tail",
                         "tail_kept", "error"}


def test_clean_record_cleans_as_clean_text_does():
    for text in sample_texts():
        assert clean_record({"text": text})["text"] == clean_text(text)


def test_clean_record_negative_cases_untouched():
    from conftest import load_cases

    for case in load_cases("negative.toml"):
        if case.get("expect", "pass") == "fail":  # known failures are tracked in test_cleaning_cases
            continue
        out = clean_record({"text": case["input"]}, normalize=False)
        assert out["jingwen"]["removed"] == 0, case["label"]


def test_clean_record_settings_and_field():
    case = next(c for c in sample_texts() if TAIL in c)
    cut = clean_record({"body": case}, field="body")
    assert cut["jingwen"]["truncated_tail"] and not cut["jingwen"]["tail_kept"]
    assert "沿线设置了" not in cut["body"]
    kept = clean_record({"body": case}, field="body", keep_tail=True)
    assert kept["jingwen"]["tail_kept"] and "沿线设置了" in kept["body"]
    ignored = clean_record({"text": "查看更多\n正文。\n"}, ignore=["generic.read-more"])  # a list is accepted
    assert ignored["text"] == "查看更多\n正文。\n" and ignored["jingwen"]["changed"] is False
    converted = clean_record({"text": "查看更多\n这是简体中文的正文。\n"}, convert="s2t")
    assert converted["text"] == "這是簡體中文的正文。\n"


def test_clean_record_bad_records_are_flagged_not_raised():
    assert clean_record({"id": 1})["jingwen"]["error"] == "no field 'text'"
    assert clean_record({"text": None})["jingwen"]["error"] == "field 'text' is null"
    assert clean_record({"text": 3})["jingwen"]["error"] == "field 'text' is a number, not a string"
    out = clean_record({"text": ["a"], "id": 2})
    assert out["text"] == ["a"] and out["id"] == 2  # passed through as it was
    with pytest.raises(TypeError):
        clean_record("not a dict")


# Files through the CLI ------------------------------------------------------------------------

BAD_LINES = ['{"id": "bad-json", "text": "正文', '["a", "list"]', '{"id": "no-text"}', '{"id": "number", "text": 5}',
             '', '   ']


def test_jsonl_output_equals_clean_record_and_reports_bad_records(tmp_path):
    records = make_records(60)
    src = write_corpus(tmp_path / "raw" / "web.jsonl", records, BAD_LINES)
    report = tmp_path / "report.json"
    result = run_jingwen("clean", tmp_path / "raw", "-o", tmp_path / "out", "--report", report, "-j", "1",
                         "--shard-size", "8K")
    assert result.returncode == 0, result.stderr
    stderr = result.stderr.decode()
    assert "4 bad records passed through with jingwen.error (line 61: invalid JSON" in stderr
    out = read_records(tmp_path / "out" / "web.jsonl")
    assert len(out) == 64  # one record per non-blank input line
    assert out[:60] == reference(records)
    assert out[60]["jingwen"]["error"].startswith("invalid JSON") and out[60]["jingwen"]["raw"] == BAD_LINES[0]
    assert out[61]["jingwen"]["error"] == "not a JSON object"
    assert out[62] == {"id": "no-text", "jingwen": {**out[62]["jingwen"], "error": "no field 'text'"}}
    assert out[63]["text"] == 5 and out[63]["jingwen"]["error"] == "field 'text' is a number, not a string"

    data = json.loads(report.read_text(encoding="utf-8"))
    entry = data["files"][0]
    assert entry["path"] == str(src) and entry["output"] == str(tmp_path / "out" / "web.jsonl")
    assert entry["status"] == "changed" and entry["error"] is None
    corpus = entry["corpus"]
    changed = sum(r["jingwen"]["changed"] for r in out)
    assert corpus["records"] == {"in": 64, "out": 64, "changed": changed, "errors": 4}
    assert [b["line"] for b in corpus["bad_records"]] == [61, 62, 63, 64]
    assert corpus["shards"]["total"] > 3 and corpus["shards"]["run"] == corpus["shards"]["total"]
    removed = sum(r["jingwen"]["removed"] for r in out)
    assert entry["lines_removed"] == removed == sum(entry["removed_by_rule"].values())
    assert data["summary"]["lines_removed"] == removed  # the summary counts corpus removals too
    assert not list((tmp_path / "out").rglob("*.jingwen-tmp"))
    assert not list(works(tmp_path / "out", "web.jsonl").glob("part-*.jsonl"))  # parts removed once assembled


def test_gzip_round_trip_matches_plain_and_is_valid_gzip(tmp_path):
    records = make_records(80, seed=3)
    write_corpus(tmp_path / "raw" / "a.jsonl", records)
    write_corpus(tmp_path / "raw" / "b.jsonl.gz", records)
    result = run_jingwen("clean", tmp_path / "raw", "-o", tmp_path / "out", "-j", "2", "--shard-size", "8K")
    assert result.returncode == 0, result.stderr
    plain, packed = tmp_path / "out" / "a.jsonl", tmp_path / "out" / "b.jsonl.gz"
    assert read_bytes(packed) == plain.read_bytes()  # same bytes once decompressed
    assert read_records(plain) == reference(records)
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    if shutil.which("gzip"):  # the gzip command reads the concatenated members too
        assert subprocess.run(["gzip", "-t", str(packed)]).returncode == 0
        assert subprocess.run(["gzip", "-dc", str(packed)], capture_output=True).stdout == plain.read_bytes()
    # the same cut into shards, whether the file is seekable or streamed
    marker_count = len(list(works(tmp_path / "out", "a.jsonl").glob("part-*.done")))
    assert marker_count == len(list(works(tmp_path / "out", "b.jsonl.gz").glob("part-*.done"))) > 3


def test_zstandard_round_trip(tmp_path):
    records = make_records(40, seed=4)
    write_corpus(tmp_path / "c.jsonl.zst", records)
    result = run_jingwen("clean", tmp_path / "c.jsonl.zst", "-o", tmp_path / "out", "--shard-size", "4K")
    assert result.returncode == 0, result.stderr
    assert read_records(tmp_path / "out" / "c.jsonl.zst") == reference(records)


def test_parquet_round_trip_keeps_column_types(tmp_path):
    import pyarrow as pa  # pyarrow and zstandard are in the test extra: these tests never skip
    import pyarrow.parquet as pq

    records = make_records(90, seed=5)
    table = pa.table({
        "id": pa.array([r["id"] for r in records]),
        "n": pa.array(range(90), type=pa.int16()),
        "when": pa.array([1_700_000_000_000 + i for i in range(90)], type=pa.timestamp("ms")),
        "text": pa.array([None if i == 17 else r["text"] for i, r in enumerate(records)], type=pa.large_string()),
    })
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=10)
    report = tmp_path / "r.json"
    result = run_jingwen("clean", tmp_path / "t.parquet", "-o", tmp_path / "out", "--shard-size", "4K",
                         "--report", report)
    assert result.returncode == 0, result.stderr
    assert "row 18: field 'text' is null" in result.stderr.decode()
    out = pq.read_table(tmp_path / "out" / "t.parquet")
    assert out.schema.field("n").type == pa.int16() and out.schema.field("when").type == pa.timestamp("ms")
    assert out.schema.field("text").type == pa.large_string() and out.schema.names[-1] == "jingwen"
    assert out.to_pylist() == reference(table.to_pylist())
    entry = json.loads(report.read_text(encoding="utf-8"))["files"][0]
    assert entry["corpus"]["records"]["errors"] == 1 and entry["corpus"]["shards"]["total"] > 1
    wrong = run_jingwen("clean", tmp_path / "t.parquet", "-o", tmp_path / "out2", "--field", "body")
    assert wrong.returncode == 2 and b"no column 'body'" in wrong.stderr


def test_stdout_check_and_refusals(tmp_path):
    records = make_records(20, seed=6)
    src = write_corpus(tmp_path / "c.jsonl.gz", records)
    result = run_jingwen("clean", src)  # one file, no -o: plain JSON Lines on standard output
    assert result.returncode == 0, result.stderr
    assert [json.loads(x) for x in result.stdout.decode().splitlines()] == reference(records)
    check = run_jingwen("clean", src, "--check")
    assert check.returncode == 1 and b"would clean" in check.stderr
    assert list(tmp_path.iterdir()) == [src]  # --check writes nothing
    clean_input = write_corpus(tmp_path / "clean" / "d.jsonl", [{"text": "正文。\n"}])
    assert run_jingwen("clean", clean_input, "--check").returncode == 0
    for flag in ("--diff", "--in-place"):
        refused = run_jingwen("clean", src, flag)
        assert refused.returncode == 2 and b"does not apply to corpus files" in refused.stderr


def test_folder_mixes_text_files_and_corpora(tmp_path):
    write_corpus(tmp_path / "raw" / "sub" / "c.jsonl", make_records(5))
    (tmp_path / "raw" / "a.txt").write_text("查看更多\n正文。\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = run_jingwen("clean", tmp_path / "raw", "-o", tmp_path / "out", "--report", report)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "正文。\n"
    assert read_records(tmp_path / "out" / "sub" / "c.jsonl") == reference(make_records(5))
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert sorted(Path(f["path"]).name for f in files) == ["a.txt", "c.jsonl"]


def test_convert_command_and_custom_field(tmp_path):
    src = write_corpus(tmp_path / "c.jsonl", [{"id": 1, "body": "查看更多\n这是简体中文的正文。\n"}])
    result = run_jingwen("convert", src, "--config", "s2t", "--field", "body", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert read_records(tmp_path / "out" / "c.jsonl")[0]["body"] == "查看更多\n這是簡體中文的正文。\n"  # converts only
    trad = write_corpus(tmp_path / "t.jsonl", [{"body": "臺灣的軟體 ；  空格\r\n"}])
    result = run_jingwen("convert", trad, "--config", "t2s", "--field", "body", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert read_records(tmp_path / "out" / "t.jsonl")[0]["body"] == "台湾的软体 ；  空格\r\n"  # as OpenCC does
    result = run_jingwen("convert", src, "--config", "s2t", "--field", "body", "--clean", "-o", tmp_path / "cleaned")
    assert result.returncode == 0, result.stderr
    assert read_records(tmp_path / "cleaned" / "c.jsonl")[0]["body"] == "這是簡體中文的正文。\n"


def test_corrupt_file_is_one_error_and_others_go_on(tmp_path):
    write_corpus(tmp_path / "raw" / "good.jsonl", make_records(5))
    data = gzip.compress(dump(make_records(50)))
    (tmp_path / "raw" / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])  # truncated download
    (tmp_path / "raw" / "fake.parquet").write_bytes(b"not parquet at all")
    result = run_jingwen("clean", tmp_path / "raw", "-o", tmp_path / "out")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "cut.jsonl.gz: cannot read this jsonl.gz file" in stderr
    assert "fake.parquet: cannot read this parquet file" in stderr
    assert "internal error" not in stderr
    assert read_records(tmp_path / "out" / "good.jsonl") == reference(make_records(5))
    assert not (tmp_path / "out" / "cut.jsonl.gz").exists()


def test_two_inputs_for_one_output_is_an_error(tmp_path):
    a = write_corpus(tmp_path / "a" / "x.jsonl", make_records(3))
    b = write_corpus(tmp_path / "b" / "x.jsonl", make_records(4))
    result = run_jingwen("clean", a, b, "-o", tmp_path / "out")
    assert result.returncode == 2 and f"{b}: same output as {a}".encode() in result.stderr
    assert read_records(tmp_path / "out" / "x.jsonl") == reference(make_records(3))


def test_empty_file_gives_empty_output(tmp_path):
    (tmp_path / "e.jsonl").write_bytes(b"")
    (tmp_path / "e2.jsonl.gz").write_bytes(gzip.compress(b""))
    result = run_jingwen("clean", tmp_path / "e.jsonl", tmp_path / "e2.jsonl.gz", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "e.jsonl").read_bytes() == b""
    assert gzip.decompress((tmp_path / "out" / "e2.jsonl.gz").read_bytes()) == b""


def test_lone_surrogates_stay_valid_json(tmp_path):
    src = tmp_path / "s.jsonl"
    # the surrogate on a body line (a lone surrogate before 查看更多 no longer saves that button
    # from the line score)
    src.write_bytes(b'{"id": 1, "text": "\\u67e5\\u770b\\u66f4\\u591a\\n\\ud800\\u6b63\\u6587\\u3002"}\n')
    result = run_jingwen("clean", src)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["text"] == "\ud800正文。"


def test_dask_without_distributed_is_one_clear_line(tmp_path):
    shadow = tmp_path / "shadow" / "distributed"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('hidden for this test')\n")
    src = write_corpus(tmp_path / "c.jsonl", make_records(3))
    result = run_jingwen("clean", src, "-o", tmp_path / "out", "--dask", "local:2",
                         env={"PYTHONPATH": str(tmp_path / "shadow")})
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "jingwen: --dask needs dask.distributed: pip install 'jingwen[dask]'"
    bad = run_jingwen("clean", src, "-o", tmp_path / "out", "--dask", "nowhere")
    assert bad.returncode == 2 and b"local:N" in bad.stderr


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    src = write_corpus(tmp_path / "c.jsonl", make_records(3))
    lock = tmp_path / "out" / WORK_DIR / "lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "a+") as f:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_jingwen("clean", src, "-o", tmp_path / "out")
    assert result.returncode == 2 and b"another jingwen run is writing to" in result.stderr


# Shards and resume (in this process) ----------------------------------------------------------

def test_seeked_spans_cut_where_the_stream_cuts(tmp_path):
    data = dump(make_records(120, seed=8))
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    for size in (1, 700, 5000, 2**20):
        spans = line_spans(path, size)
        lines = data.splitlines(keepends=True)
        ends = shard_ends(lines, size)
        assert [data[a:b].count(b"\n") for a, b in spans] == [e - s for s, e in zip([0, *ends], ends, strict=False)]
        assert spans[0][0] == 0 and spans[-1][1] == len(data)
        assert all(data[a - 1:a] == b"\n" for a, _ in spans[1:])  # every shard starts a line


def _partial_run(tmp_path: Path, name: str, finished: list[int], job: CorpusJob):
    """Plan a file and run only some of its shard tasks, as a killed run leaves it."""
    item = InputFile(tmp_path / name, Path(name))
    cf = plan_file(item, job, tmp_path / "out", settings_fingerprint(job), "first-run")
    for task in cf.tasks:
        if task.index in finished:
            assert run_task(task).error is None
    return cf


def test_resume_redoes_only_unfinished_shards(tmp_path):
    records = make_records(100, seed=9)
    write_corpus(tmp_path / "c.jsonl", records)
    job = CorpusJob(Settings(), shard_size=6000)
    cf = _partial_run(tmp_path, "c.jsonl", [0, 2, 3], job)
    work = cf.work
    assert cf.count > 5
    def marker(k: int) -> tuple[str, int]:  # (run id, time written); markers outlive the assembled parts
        path = work / f"part-{k:05d}.done"
        return json.loads(path.read_text(encoding="utf-8"))["run"], path.stat().st_mtime_ns

    before = {k: marker(k) for k in (0, 2, 3)}
    # a part whose marker exists but whose bytes do not match (disk trouble) is redone
    (work / "part-00003.jsonl").write_bytes(b"garbage")
    [(entry, state)] = run_corpus([InputFile(tmp_path / "c.jsonl", Path("c.jsonl"))], job, tmp_path / "out")
    assert entry["status"] == "changed", entry["error"]
    assert entry["corpus"]["shards"] == {"total": cf.count, "resumed": 2, "run": cf.count - 2}
    for k in (0, 2):  # untouched: same run id, same file
        assert marker(k) == before[k]
    assert marker(3)[0] != "first-run" and marker(1)[0] == marker(3)[0]
    assert read_records(tmp_path / "out" / "c.jsonl") == reference(records)


def test_stream_resume_skips_marked_shards(tmp_path):
    records = make_records(100, seed=10)
    write_corpus(tmp_path / "c.jsonl.gz", records)
    job = CorpusJob(Settings(), shard_size=6000)
    item = InputFile(tmp_path / "c.jsonl.gz", Path("c.jsonl.gz"))
    first = plan_file(item, job, tmp_path / "out", settings_fingerprint(job), "first-run")
    assert first.count is None and len(first.tasks) == 1  # one streaming task
    run_task(first.tasks[0])
    count = json.loads((first.work / "stream.done").read_text())["shards"]
    for k in range(1, count, 2):  # as if the odd shards had not finished
        (first.work / f"part-{k:05d}.done").unlink()
    (first.work / "stream.done").unlink()
    [(entry, _)] = run_corpus([item], job, tmp_path / "out")
    assert entry["corpus"]["shards"] == {"total": count, "resumed": (count + 1) // 2, "run": count // 2}
    assert read_records(tmp_path / "out" / "c.jsonl.gz") == reference(records)


def test_rerun_after_completion_does_nothing_and_changes_redo(tmp_path):
    records = make_records(30, seed=11)
    src = write_corpus(tmp_path / "c.jsonl", records)
    args = ("clean", src, "-o", tmp_path / "out", "--shard-size", "8K", "--report", tmp_path / "r.json")

    def shards() -> dict:
        return json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["corpus"]["shards"]

    assert run_jingwen(*args).returncode == 0
    total = shards()["total"]
    assert run_jingwen(*args).returncode == 0
    assert shards() == {"total": total, "resumed": total, "run": 0}
    assert run_jingwen(*args, "--keep-tail").returncode == 0  # other settings: the file is redone
    assert shards() == {"total": total, "resumed": 0, "run": total}
    (tmp_path / "out" / "c.jsonl").unlink()  # output gone: redone
    assert run_jingwen(*args, "--keep-tail").returncode == 0
    assert shards()["run"] == total and read_records(tmp_path / "out" / "c.jsonl") == reference(records, keep_tail=True)
    write_corpus(src, records[:10])  # input changed: redone
    assert run_jingwen(*args, "--keep-tail").returncode == 0
    assert read_records(tmp_path / "out" / "c.jsonl") == reference(records[:10], keep_tail=True)
