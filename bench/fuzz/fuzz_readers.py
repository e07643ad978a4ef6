#!/usr/bin/env python3
"""Fuzz target: readers and the cleaning pipeline on arbitrary bytes (atheris, libFuzzer).

    .venv/bin/python bench/fuzz/fuzz_readers.py -atheris_runs=20000      # bounded, as CI runs it
    .venv/bin/python bench/fuzz/fuzz_readers.py corpus_dir/               # open-ended, with a corpus

Every input is read as each format (txt, md, html, docx) and, when it reads, cleaned with the
default settings. The only acceptable failure is the project's own InputError; any other
exception, or cleaning that is not idempotent, is a bug that atheris reports with its input.
"""
import sys

import atheris

with atheris.instrument_imports():
    from jingwen.cleaner.model.errors import InputError
    from jingwen.cleaner.pipeline import run_stages
    from jingwen.cleaner.readers import read_bytes
    from jingwen.cleaner.settings import Settings

SETTINGS = Settings()
FORMATS = ("txt", "md", "html", "docx")


def test_one_input(data: bytes) -> None:
    fmt = FORMATS[data[0] % len(FORMATS)] if data else "txt"
    try:
        doc = read_bytes(data[1:], "fuzz", fmt)
    except InputError:
        return
    text = run_stages(doc, SETTINGS).to_text()
    again = run_stages(read_bytes(text.encode("utf-8"), "fuzz", "md" if fmt == "md" else "txt"), SETTINGS).to_text()
    if again != text:
        raise AssertionError(f"not idempotent: {text!r} -> {again!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
