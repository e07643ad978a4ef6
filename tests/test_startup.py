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
