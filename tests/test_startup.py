"""`jingwen clean --check` on a small file stays light: no reportlab, python-docx or OpenCC."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("reportlab", "docx", "opencc", "bs4", "lxml", "charset_normalizer", "multiprocessing")


def test_clean_check_imports_nothing_heavy(tmp_path):
    small = tmp_path / "small.txt"
    small.write_text("会议通知\n定于周五召开全体会议。\n", encoding="utf-8")
    code = ("import sys\nfrom jingwen.cli import main\n"
            f"rc = main(['clean', '--check', {str(small)!r}])\n"
            "print(' '.join(sorted(sys.modules)))\nsys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    modules = set(result.stdout.split())
    assert "jingwen.cleaner.clean.stage" in modules  # the run really cleaned
    assert not {m for m in modules if m.startswith(("jingwen.exporters", "jingwen.web", "jingwen.corpus"))}
    loaded = {m.split(".")[0] for m in modules}
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def _subcommand(parser, name: str):
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name]


def test_a_command_built_alone_has_every_option_and_help_of_the_full_parser(monkeypatch):
    """`jingwen CMD ...` builds only CMD's options: what it accepts and prints must be what the
    parser with every command built accepts and prints."""
    from jingwen.cli import OPTIONS, build_parser

    monkeypatch.setenv("COLUMNS", "100")
    full = build_parser()
    assert full.format_help() == build_parser(["clean", "x.txt"]).format_help()
    for name in OPTIONS:
        alone = build_parser([name, "x"])
        assert _subcommand(alone, name).format_help() == _subcommand(full, name).format_help(), name
        others = [n for n in OPTIONS if n != name]
        assert all(len(_subcommand(alone, n)._actions) == 1 for n in others)  # -h only: not built
    args = build_parser(["clean"]).parse_args(["clean", "--check", "-j", "2", "a.txt"])
    assert (args.func, args.check, args.jobs, args.paths) == ("cmd_clean", True, 2, ["a.txt"])
