"""The ``--report FILE.json`` contract (DESIGN.md §4) and the end-of-run summary."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from jingwen.batch.files import atomic_write
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.tally import ChangeTally
from jingwen.version import VERSION


def file_entry(path: str, output: str | None, status: str, doc: Document | None = None,
               error: str | None = None) -> dict:
    """One element of ``files``: what happened to one input."""
    entry = {"path": path, "output": output, "status": status, "error": error,
             "platform": None, "platform_confidence": 0.0, "script": None, "language": None, "title": None,
             "removed": [], "edits": [], "truncated_tail": None, "tail_kept": None, "chars_in": 0, "chars_out": 0}
    if doc is not None:
        entry.update(
            platform=doc.meta.platform,
            platform_confidence=doc.meta.platform_confidence,
            script=doc.meta.script,
            language=doc.meta.language,
            title=doc.meta.title,
            truncated_tail=doc.truncated_tail,
            tail_kept=doc.tail_kept if doc.truncated_tail else None,
            chars_in=doc.chars_in,
            chars_out=doc.chars_out(),
        )
        entry.update(ChangeTally().add_all(doc.log, doc.page_of).fields())
    return entry


def _where(removed: dict) -> str:
    """``line 3``, or ``page 2, line 40`` for a paged input."""
    return (f"page {removed['page']}, " if "page" in removed else "") + f"line {removed['line']}"


def summarize(entries: list[dict]) -> dict:
    statuses = Counter(e["status"] for e in entries)
    by_rule = Counter()
    for e in entries:  # counts by rule where the entry has them (corpus files, long lists cut short)
        counts = e.get("removed_by_rule")
        by_rule.update(counts if counts is not None else Counter(r["rule"] for r in e.get("removed", [])))
    return {"files": len(entries), "changed": statuses["changed"], "unchanged": statuses["unchanged"],
            "errors": statuses["error"], "lines_removed": sum(by_rule.values()),
            "removed_by_rule": dict(by_rule.most_common())}


def write_report(path: Path, entries: list[dict]) -> None:
    report = {"tool": "jingwen", "version": VERSION, "files": entries, "summary": summarize(entries)}
    # a file name that is not UTF-8 holds lone surrogates (surrogateescape): written as JSON
    # escapes (\udcff), which read back to the same name through os.fsencode
    import json  # only with --report: a check of a few files never loads it

    text = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    atomic_write(path, text.encode("utf-8", "backslashreplace"))


def summary_line(summary: dict, verb: str = "cleaned") -> str:
    parts = [f"{summary['files']} file{'s' if summary['files'] != 1 else ''}",
             f"{summary['changed']} {verb}", f"{summary['unchanged']} unchanged"]
    if summary["errors"]:
        parts.append(f"{summary['errors']} failed")
    line = "jingwen: " + ", ".join(parts)
    if summary["lines_removed"]:
        top = ", ".join(f"{rule} {n}" for rule, n in list(summary["removed_by_rule"].items())[:6])
        line += f"; {summary['lines_removed']} lines removed ({top})"
    return line


def describe(entry: dict) -> list[str]:
    """What ``--verbose`` prints about one input that was processed."""
    if entry.get("outputs") is not None:
        return [f"{entry['path']}: {', '.join(entry['outputs'])}"]
    if entry.get("corpus") is not None:
        unit = "row" if entry["corpus"]["format"] == "parquet" else "line"
        return ([f"  {rule}: {count} lines removed" for rule, count in entry["removed_by_rule"].items()]
                + [f"  {unit} {bad['line']}: {bad['error']}" for bad in entry["corpus"]["bad_records"]])
    lines = [f"{entry['path']}: {entry['status']}, platform {entry['platform']}, "
             f"{len(entry['removed'])} lines removed"]
    lines += [f"  {_where(r)}: {r['rule']}: {r['text'][:60]}" + (f"  [{r['why']}]" if r.get("why") else "")
              for r in entry["removed"]]
    return lines
