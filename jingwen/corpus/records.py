"""One record: its text field cleaned as ``jingwen clean`` cleans a .txt file, and a ``jingwen``
object added; the lines of JSON Lines and the batches of Parquet, record by record.

>>> out = clean_record({"id": 7, "text": "下载本文档\\n第一章　总则\\n本办法自发布之日起施行。"})
>>> print(out["text"])
第一章　总则
本办法自发布之日起施行。
>>> out["id"], out["jingwen"]["removed"], out["jingwen"]["rules"]
(7, 1, ['generic.download-button'])
"""
from __future__ import annotations

import json
from typing import Any

from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers.text import text_document
from jingwen.cleaner.settings import Settings
from jingwen.corpus.formats import jingwen_type
from jingwen.corpus.tally import Tally

DEFAULT_FIELD = "text"
_MISSING = object()



def clean_field(text: str, settings: Settings) -> tuple[str, dict, list[str]]:
    """Clean one text as ``jingwen clean`` cleans a .txt file: the cleaned text, its ``jingwen``
    object, and the rule of every removed line.

    >>> text, meta, removed = clean_field("查看更多\\n定于周五召开全体会议。\\n", Settings())
    >>> text, meta["changed"], removed
    ('定于周五召开全体会议。\\n', True, ['generic.read-more'])
    """
    if not settings.clean:  # jingwen convert: exactly OpenCC, record by record (no document built)
        return _convert_field(text, settings)
    doc = run_stages(text_document(text), settings)
    out = doc.to_text()
    removed = [c.rule for c in doc.log if c.action == "remove"]
    tail = doc.truncated_tail
    meta = {"platform": doc.meta.platform, "script": doc.meta.script, "title": doc.meta.title,
            "changed": out != text, "removed": len(removed),
            "rules": list(dict.fromkeys(c.rule for c in doc.log if c.action in ("remove", "edit"))),
            "truncated_tail": tail, "tail_kept": bool(tail and doc.tail_kept), "error": None}
    return out, meta, removed


def _convert_field(text: str, settings: Settings) -> tuple[str, dict, list[str]]:
    """One text converted as ``jingwen convert`` converts a .txt file: OpenCC's result, with
    ``--dict`` and ``--quotes`` on top.

    >>> text, meta, _ = _convert_field("汉字 ；  空格\\r\\n", Settings(convert="s2t", clean=False))
    >>> text, meta["rules"]
    ('漢字 ；  空格\\r\\n', ['convert.s2t'])
    """
    from jingwen.cleaner.convert import plan_for

    plan = plan_for(settings)
    out = plan.convert(text)
    meta = {"platform": None, "script": None, "title": None, "changed": out != text, "removed": 0,
            "rules": [plan.rule] if out != text else [], "truncated_tail": None, "tail_kept": False, "error": None}
    return out, meta, []


def error_meta(error: str) -> dict:
    """The ``jingwen`` object of a record that could not be cleaned."""
    return {"platform": None, "script": None, "title": None, "changed": False, "removed": 0, "rules": [],
            "truncated_tail": None, "tail_kept": False, "error": error}


def clean_record(record: dict, *, field: str = DEFAULT_FIELD, **settings: Any) -> dict:
    """A new record with ``record[field]`` cleaned, other fields unchanged, and a ``jingwen``
    object (keyword arguments: ``Settings`` fields such as ``keep_tail=True``, ``convert="s2t"``).

    >>> clean_record({"url": "https://example.cn/1", "body": "查看更多\\n正文。"}, field="body")["body"]
    '正文。'
    >>> clean_record({"id": 1})["jingwen"]["error"]
    "no field 'text'"
    """
    if not isinstance(record, dict):
        raise TypeError(f"clean_record expects a dict, not {type(record).__name__}")
    return _clean_mapping(record, field, Settings.of(**settings))[0]


def _clean_mapping(record: dict, name: str, settings: Settings) -> tuple[dict, dict, list[str], int, int]:
    text = record.get(name, _MISSING)
    if isinstance(text, str):
        out, meta, removed = clean_field(text, settings)
        return {**record, name: out, "jingwen": meta}, meta, removed, len(text), len(out)
    meta = error_meta(field_error(name, text))
    return {**record, "jingwen": meta}, meta, [], 0, 0


def field_error(name: str, value: Any) -> str:
    """Why a record's text field cannot be cleaned: ``no field 'text'``, ``field 'text' is null``."""
    if value is _MISSING:
        return f"no field {name!r}"
    return f"field {name!r} is null" if value is None else f"field {name!r} is {_json_kind(value)}, not a string"


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"





def clean_line(raw: bytes, line: int, name: str, settings: Settings, tally: Tally) -> bytes | None:
    """One JSON Lines line in, one out (``None`` for a blank line, which is dropped).

    >>> tally = Tally()
    >>> line = json.dumps({"id": 1, "text": "查看更多\\n正文。"}, ensure_ascii=False).encode()
    >>> clean_line(line, 1, "text", Settings(), tally).decode()[:42]
    '{"id":1,"text":"正文。","jingwen":{"platform"'
    >>> json.loads(clean_line(b'{"id": 2, oops}', 2, "text", Settings(), tally))["jingwen"]["error"]
    'invalid JSON: Expecting property name enclosed in double quotes (column 11)'
    >>> tally.records, tally.changed, tally.errors, tally.bad[0]["line"]
    (2, 1, 1, 2)
    """
    tally.lines += 1
    tally.bytes_in += len(raw)
    data = raw.strip()
    if not data:
        return None
    if line == 1 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    record: Any = None
    try:
        record = json.loads(data.decode("utf-8"))
        error = None if isinstance(record, dict) else "not a JSON object"
    except UnicodeDecodeError as e:
        error = f"not UTF-8 (byte {data[e.start]:#04x} at column {e.start + 1})"
    except json.JSONDecodeError as e:
        error = f"invalid JSON: {e.msg} (column {e.colno})"
    except RecursionError:
        error = "invalid JSON: nested too deeply"
    if error is None:
        out, meta, removed, chars_in, chars_out = _clean_mapping(record, name, settings)
    else:
        meta = error_meta(error)
        meta["raw"] = raw.decode("utf-8", "replace").rstrip("\r\n")
        out, removed, chars_in, chars_out = {"jingwen": meta}, [], 0, 0
    tally.count(meta, removed, chars_in, chars_out, line)
    result = dump_line(out)
    tally.bytes_out += len(result)
    return result


def dump_line(record: dict) -> bytes:
    """A record as one line of UTF-8 JSON (lone surrogates, which UTF-8 cannot hold, escaped)."""
    try:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record, separators=(",", ":")).encode("ascii") + b"\n"


def clean_batch(batch, name: str, settings: Settings, schema, tally: Tally):
    """One Parquet record batch in, one out: the text column cleaned, a ``jingwen`` column added,
    every other column passed through as Arrow data (types untouched)."""
    import pyarrow as pa

    column = batch.column(batch.schema.get_field_index(name))
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    texts, metas = [], []
    tally.bytes_in += batch.nbytes
    for text in column.to_pylist():
        tally.lines += 1
        if text is None:
            meta = error_meta(field_error(name, None))
            tally.count(meta, [], 0, 0, tally.lines)
        else:
            out, meta, removed = clean_field(text, settings)
            tally.count(meta, removed, len(text), len(out), tally.lines)
            text = out
        texts.append(text)
        metas.append(meta)
    arrays = [pa.array(texts, type=f.type) if f.name == name else batch.column(batch.schema.get_field_index(f.name))
              for f in schema if f.name != "jingwen"]
    arrays.append(pa.array(metas, type=jingwen_type()))
    out = pa.RecordBatch.from_arrays(arrays, schema=schema)
    tally.bytes_out += out.nbytes
    return out
