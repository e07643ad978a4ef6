"""The report entry of a corpus file (DESIGN.md §4, with record counts)."""
from __future__ import annotations

from collections import Counter

from jingwen.corpus.plan import CorpusFile, file_tally
from jingwen.corpus.shards import CorpusJob
from jingwen.corpus.tally import Tally


def corpus_entry(display: str, output: str | None, fmt: str, name: str, tally: Tally | None,
                 error: str | None = None, shards: dict | None = None) -> dict:
    """The report entry (DESIGN.md §4) of a corpus file: the contract's keys, with counts for
    what a text file lists line by line, and a ``corpus`` object with the record counts.

    >>> tally = Tally(records=3, changed=1, removed=Counter({"x.y": 2}))
    >>> e = corpus_entry("a.jsonl", "out/a.jsonl", "jsonl", "text", tally)
    >>> e["status"], e["corpus"]["records"], e["removed_by_rule"], e["lines_removed"]
    ('changed', {'in': 3, 'out': 3, 'changed': 1, 'errors': 0}, {'x.y': 2}, 2)
    """
    from jingwen.batch.report import file_entry

    status = "error" if error else "changed" if tally and tally.changed else "unchanged"
    entry = file_entry(display, output if not error else None, status, error=error)
    tally = tally or Tally()
    entry.update(
        platform=_top(tally.platforms), script=_top(tally.scripts), chars_in=tally.chars_in,
        chars_out=tally.chars_out, removed_by_rule=dict(tally.removed.most_common()),
        lines_removed=sum(tally.removed.values()),
        corpus={"format": fmt, "field": name,
                "records": {"in": tally.records, "out": tally.records, "changed": tally.changed,
                            "errors": tally.errors},
                "bad_records": tally.bad, "truncated": tally.truncated, "bytes_in": tally.bytes_in,
                "platforms": dict(tally.platforms.most_common()), "scripts": dict(tally.scripts.most_common()),
                "shards": shards})
    return entry


def _top(counter: Counter) -> str | None:
    return counter.most_common(1)[0][0] if counter else None


def file_entry_of(cf: CorpusFile, job: CorpusJob) -> dict:
    shards = {"total": cf.count, "resumed": cf.resumed, "run": cf.ran}
    if cf.error:
        tally = file_tally(cf) if cf.markers else None
        return corpus_entry(cf.item.display, None, cf.fmt, job.field, tally, cf.error, shards)
    return corpus_entry(cf.item.display, str(cf.output), cf.fmt, job.field, file_tally(cf), None, shards)
