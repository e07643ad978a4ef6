"""A large text file's segments spread over worker processes: the output, the removals and
edits and the file's facts are those of cleaning the segments one after another."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import SEEDS
from jingwen.cleaner import stream
from jingwen.cleaner.settings import Settings


def _book(tmp_path: Path) -> Path:
    """A page start, then many seed pages' bodies (platform notices inside), then a cut-off end."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    body = "\n\n".join(pages * 12)
    path = tmp_path / "book.txt"
    path.write_text(pages[-1] + "\n\n" + body + "\n\n第十章 结语\n综上所述,本方案的实施还需要", encoding="utf-8")
    return path


def _run(path: Path, settings: Settings, jobs: int):
    sink = io.BytesIO()
    result = stream.clean_large_file(path, settings, sink, jobs=jobs)
    facts = (result.platform, result.platform_confidence, result.title, result.script, result.truncated_tail,
             result.tail_kept, result.chars_in, result.chars_out, result.changed)
    logs = result.changes.fields()
    return sink.getvalue(), facts, logs


@pytest.mark.parametrize("settings", [Settings(), Settings(convert="s2t")], ids=["clean", "convert"])
def test_segments_in_workers_give_what_one_process_gives(tmp_path, monkeypatch, settings):
    monkeypatch.setattr(stream, "SEGMENT_CHARS", 3000)
    monkeypatch.setattr(stream, "HARD_LIMIT_CHARS", 12000)
    path = _book(tmp_path)
    segments = list(stream.read_segments(path, "utf-8"))
    assert len(segments) > 8  # enough segments for several to be in flight in each worker
    one = _run(path, settings, jobs=1)
    two = _run(path, settings, jobs=2)
    assert two == one
    _text, facts, logs = one
    assert logs["removed"] and facts[-1]  # the book has notices to remove: the comparison is not vacuous
