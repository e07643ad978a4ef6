"""`jingwen clean --check` on a small file stays light: no reportlab, python-docx or OpenCC."""
from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("reportlab", "docx", "opencc", "bs4", "lxml", "charset_normalizer", "multiprocessing")
# what a one-file clean of plain text does not need: the dataclass machinery (and inspect, which
# it imports), typing, the TOML and JSON parsers (rule files and the line score's weights come from
# the pattern cache), template learning
# (one page has no template), the HTML reader, and the GBK/Big5 codecs (the mojibake step's
# quick test comes from the pattern cache)
NOT_FOR_ONE_TEXT_FILE = ("dataclasses", "inspect", "typing", "tomllib", "json", "jingwen.cleaner.learn",
                         "jingwen.cleaner.readers.html", "encodings.gbk", "encodings.big5")


def _modules_after(argv: list[str], env: dict | None = None) -> set[str]:
    """The modules loaded by ``jingwen ARGV`` run in a fresh interpreter (exit 0 asserted)."""
    code = ("import sys\nfrom jingwen.cli import main\n"
            f"rc = main({argv!r})\n"
            "print(' '.join(sorted(sys.modules)))\nsys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_clean_check_imports_nothing_heavy(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
    modules = _modules_after(["clean", "--check", str(small)])
    assert "jingwen.cleaner.clean.stage" in modules  # the run really cleaned
    assert not {m for m in modules if m.startswith(("jingwen.exporters", "jingwen.web", "jingwen.corpus"))}
    loaded = {m.split(".")[0] for m in modules}
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_a_small_text_file_loads_only_what_it_needs(tmp_path):
    """The second run (pattern cache filled by the first) of ``clean --check small.txt`` loads
    none of ``NOT_FOR_ONE_TEXT_FILE``; a page with mojibake and an HTML page do load what they
    need, and are cleaned as before."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("JINGWEN_NO_CACHE", None)
    small = tmp_path / "small.txt"
    small.write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
    _modules_after(["clean", "--check", str(small)], env)
    modules = _modules_after(["clean", "--check", str(small)], env)
    assert "jingwen.cleaner.normalize.runner" in modules and "jingwen.cleaner.headings" in modules
    assert not modules & set(NOT_FOR_ONE_TEXT_FILE), modules & set(NOT_FOR_ONE_TEXT_FILE)

    page = tmp_path / "page.html"
    page.write_text("<html><body><p>会议通知</p><p>定于周五召开全体会议。</p></body></html>", encoding="utf-8")
    assert "jingwen.cleaner.readers.html" in _modules_after(["clean", str(page)], env)
    garbled = tmp_path / "garbled.txt"  # UTF-8 read as GBK: the mojibake step repairs it
    line = "版权说明由作者本文档上传"
    garbled.write_text(line.encode().decode("gb18030") + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "jingwen", "clean", str(garbled)], capture_output=True,
                            text=True, env=env)
    assert result.stdout == line + "\n", result.stdout


def test_a_short_document_leaves_the_rules_literal_texts_unworked(tmp_path):
    """The rules' literal texts (``LineMatcher``'s prefilter, ~900 patterns looked at) are worked
    out only for a document long enough to use the prefilter, not on every start."""
    small, long = tmp_path / "small.txt", tmp_path / "long.txt"
    small.write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
    long.write_text("".join(f"第{n}条　会议定于周五召开。\n" for n in range(300)), encoding="utf-8")
    code = ("from jingwen.cleaner import ruleset\nfrom jingwen.cli import main\n"
            "worked = lambda: sorted({'_texts' in vars(m) for m in ruleset._MATCHERS.values()})\n"
            f"main(['clean', '--check', {str(small)!r}])\nprint(worked())\n"
            f"main(['clean', '--check', {str(long)!r}])\nprint(worked())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split("\n")[:2] == ["[False]", "[False, True]"], (result.stdout, result.stderr)


def _subcommand(parser, name: str):
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name]


def _commands(parser) -> list[str]:
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def test_a_command_built_alone_has_every_option_and_help_of_the_full_parser(monkeypatch):
    """`jingwen CMD ...` builds only CMD's parser: what it accepts and prints must be what the
    parser with every command built accepts and prints; arguments that can print the top help
    (``--help`` first, no command) still build every command."""
    from jingwen.cli import OPTIONS, build_parser

    monkeypatch.setenv("COLUMNS", "100")
    full = build_parser([])
    assert _commands(full) == list(OPTIONS)
    assert full.format_help() == build_parser(["--help", "clean"]).format_help()
    assert "  clean  " in full.format_help() and "  serve  " in full.format_help()
    for name in OPTIONS:
        alone = build_parser([name, "x"])
        assert _commands(alone) == [name]  # the other seven are not built
        assert _subcommand(alone, name).format_help() == _subcommand(full, name).format_help(), name
        assert _subcommand(alone, name).format_usage() == _subcommand(full, name).format_usage(), name
    args = build_parser(["clean"]).parse_args(["clean", "--check", "-j", "2", "a.txt"])
    assert (args.func, args.check, args.jobs, args.paths) == ("cmd_clean", True, 2, ["a.txt"])


def test_help_and_errors_of_a_command_alone_are_those_of_the_full_parser(monkeypatch):
    """What users see, from the command as a subprocess: a command's help and its usage errors
    (built alone) against the same text from the full parser, rendered in this process."""
    import contextlib
    import io

    from jingwen.cli import build_parser

    monkeypatch.setenv("COLUMNS", "100")
    for argv in (["clean", "--help"], ["export", "--help"], ["clean"], ["clean", "--bogus", "a.txt"],
                 ["convert", "--config", "s2t", "--quotes", "round", "a.txt"], ["detect"]):
        result = subprocess.run([sys.executable, "-m", "jingwen", *argv], capture_output=True, text=True)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
            build_parser([]).parse_args(argv)
        assert (result.stdout, result.stderr) == (out.getvalue(), err.getvalue()), argv
        assert result.returncode == (0 if "--help" in argv else 2)


def test_builtin_rule_files_in_the_order_glob_gives():
    """``builtin_rule_files`` lists the folder with ``os.listdir`` (``Path.glob`` compiles a
    regular expression on every start): the same files, platforms by name, generic last."""
    from jingwen.cleaner.ruleset import RULES_DIR, builtin_rule_files

    files = builtin_rule_files()
    assert files == sorted(RULES_DIR.glob("*.toml"), key=lambda p: (p.stem == "generic", p.stem))
    assert len(files) > 20 and files[-1].stem == "generic"
