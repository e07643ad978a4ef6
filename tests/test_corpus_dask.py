"""Corpus mode on Dask: a LocalCluster of 2 worker processes on loopback, started by the CLI
(``--dask local:2``) or by the test (``--dask tcp://127.0.0.1:PORT``), gives the single-process
output record for record. dask[distributed] is in the test extra: these tests never skip."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import run_jingwen
from corpus_samples import make_records, read_bytes, read_records, reference, write_corpus

from jingwen.corpus.shards import WORK_DIR

SHARD = "12K"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, list[dict]]]:
    """A folder of several files, each several shards: plain, gzip (streamed), Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("dask") / "corpus"
    files = {"web/a.jsonl": make_records(150, seed=21), "web/b.jsonl.gz": make_records(60, seed=22),
             "c.parquet": make_records(60, seed=23)}
    for name, records in files.items():
        if name.endswith(".parquet"):
            table = pa.Table.from_pylist(records)
            pq.write_table(table, root / name, row_group_size=8)
        else:
            write_corpus(root / name, records)
    return root, files


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory) -> Path:
    """The single-process run (-j 1) the cluster runs are compared with."""
    root, _ = corpus
    out = tmp_path_factory.mktemp("single")
    result = run_jingwen("clean", root, "-o", out, "-j", "1", "--shard-size", SHARD)
    assert result.returncode == 0, result.stderr
    return out


def assert_same_output(out: Path, single: Path, files: dict[str, list[dict]]) -> None:
    for name, records in files.items():
        got = read_records(out / name)
        assert got == read_records(single / name), name  # record for record
        assert got == reference(records), name
        if not name.endswith(".parquet"):
            assert read_bytes(out / name) == read_bytes(single / name), name  # and byte for byte


def marker_pids(out: Path) -> set[tuple[str, int]]:
    markers = (out / WORK_DIR).rglob("part-*.done")
    return {(m["host"], m["pid"]) for m in (json.loads(p.read_text(encoding="utf-8")) for p in markers)}


def test_local_cluster_of_two_workers_matches_single_process(corpus, single, tmp_path):
    root, files = corpus
    report = tmp_path / "r.json"
    result = run_jingwen("clean", root, "-o", tmp_path / "out", "--dask", "local:2", "--shard-size", SHARD,
                         "--report", report)
    assert result.returncode == 0, result.stderr
    assert_same_output(tmp_path / "out", single, files)
    assert len(marker_pids(tmp_path / "out")) == 2  # the shards ran in the two worker processes
    entries = {Path(e["path"]).name: e for e in json.loads(report.read_text(encoding="utf-8"))["files"]}
    for name, records in files.items():
        corpus = entries[Path(name).name]["corpus"]
        assert corpus["records"]["in"] == len(records) and corpus["shards"]["total"] >= 3, name


def test_existing_scheduler_over_tcp(corpus, single, tmp_path):
    import os

    from distributed import Client, LocalCluster

    root, files = corpus
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        result = run_jingwen("clean", root, "-o", tmp_path / "out", "--dask", address, "--shard-size", SHARD)
        assert result.returncode == 0, result.stderr
        worker_pids = set(client.run(os.getpid).values())
    assert_same_output(tmp_path / "out", single, files)
    assert {pid for _, pid in marker_pids(tmp_path / "out")} == worker_pids  # the test's cluster did the work


def test_unreachable_scheduler_is_one_error(corpus, tmp_path):
    root, _ = corpus
    result = run_jingwen("clean", root / "web" / "a.jsonl", "-o", tmp_path / "out", "--dask", "tcp://127.0.0.1:9",
                         env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})  # Dask's own setting is honoured
    assert result.returncode == 2
    assert result.stderr.decode().startswith("jingwen: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_local_pool_of_two_processes_matches_single_process(corpus, single, tmp_path):
    root, files = corpus
    result = run_jingwen("clean", root, "-o", tmp_path / "out", "-j", "2", "--shard-size", SHARD)
    assert result.returncode == 0, result.stderr
    assert_same_output(tmp_path / "out", single, files)
    assert len(marker_pids(tmp_path / "out")) == 2


def test_documents_run_on_the_cluster_as_they_run_here(tmp_path):
    """A folder of documents beside a corpus file: with ``--dask tcp://…`` the PDFs (one of them
    a scan read by OCR), the image and the text file are read and cleaned by the cluster's
    workers, one Dask task each, and come out byte for byte as with ``-j 1``, with the same
    report."""
    from distributed import Client, LocalCluster, get_task_stream
    from pdf_samples import make_image_pdf, make_pdf, make_source, render_pages

    root = tmp_path / "in"
    (root / "scans").mkdir(parents=True)
    make_pdf(root / "a.pdf", make_source(3, seed=31))
    documents = ["a.pdf", "t.txt"]
    (root / "t.txt").write_text("查看更多\n定于周五召开全体会议。\n", encoding="utf-8")
    write_corpus(root / "c.jsonl", make_records(40, seed=5))
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        pass  # the OCR extra is not in the test extra: the text PDF alone then
    else:
        make_pdf(tmp_path / "short.pdf", make_source(1, seed=32, latin=0)[:4])  # a few lines: OCR is slow
        make_image_pdf(root / "scans" / "s.pdf", tmp_path / "short.pdf", dpi=150, pages=1)
        render_pages(tmp_path / "short.pdf", 100)[0].save(root / "scans" / "p.png", dpi=(100, 100))
        documents += ["scans/s.pdf", "scans/p.png"]
    here = run_jingwen("clean", root, "-o", tmp_path / "here", "-j", "1", "--report", tmp_path / "here.json",
                       timeout=900)
    assert here.returncode == 0, here.stderr.decode()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        workers = set(client.scheduler_info()["workers"])
        with get_task_stream(client) as stream:
            there = run_jingwen("clean", root, "-o", tmp_path / "there", "--dask", cluster.scheduler_address,
                                "--report", tmp_path / "there.json", timeout=900)
        assert there.returncode == 0, there.stderr.decode()
        tasks = [t for t in stream.data if t["key"].startswith("jingwen-doc-")]
    assert len(tasks) == len(documents) and {t["worker"] for t in tasks} <= workers
    for name in [*documents, "c.jsonl"]:
        out = name if name.endswith((".txt", ".jsonl")) else Path(name).with_suffix(".txt").as_posix()
        assert (tmp_path / "there" / out).read_bytes() == (tmp_path / "here" / out).read_bytes(), name
    reports = [json.loads((tmp_path / f"{run}.json").read_text(encoding="utf-8"))["files"] for run in ("here", "there")]
    for entry in reports[1]:
        entry["output"] = entry["output"].replace(str(tmp_path / "there"), str(tmp_path / "here"))
    assert reports[1] == reports[0]
    removed = {r["rule"] for e in reports[0] if e["path"].endswith(".pdf") for r in e["removed"]}
    assert {"pdf.watermark", "pdf.running-header", "pdf.page-number"} <= removed  # the PDFs were read as PDFs
