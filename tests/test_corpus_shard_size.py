"""Without ``--shard-size`` a corpus file is cut by its own size (about 16 shards, 1M to 32M
each), so ``-j`` workers share even a single file; the output is the same as with one worker."""
from __future__ import annotations

import json

from conftest import run_jingwen
from corpus_samples import dump, make_records, read_records, reference, write_corpus


def test_one_file_is_cut_for_the_workers_and_gives_the_same_output(tmp_path):
    records = make_records(60)
    copies = -(-3 * 2**20 // len(dump(records)))  # about 3 MB whatever the sample texts: three 1M shards
    src = write_corpus(tmp_path / "raw" / "web.jsonl", records * copies)
    assert src.stat().st_size > 2 * 2**20
    outputs, shards = [], []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        report = tmp_path / f"report{jobs}.json"
        result = run_jingwen("clean", src, "-o", out, "-j", jobs, "--report", report)
        assert result.returncode == 0, result.stderr
        outputs.append((out / "web.jsonl").read_bytes())
        shards.append(json.loads(report.read_text(encoding="utf-8"))["files"][0]["corpus"]["shards"])
    assert outputs[0] == outputs[1]
    assert read_records(tmp_path / "out1" / "web.jsonl") == reference(records) * copies
    assert shards[0]["total"] == shards[1]["total"] == -(-src.stat().st_size // 2**20)
