"""The user's own rule file, written from the page: "always remove this line" and "never remove
this line", shown and deletable there, read by the command line through the configuration.

Where it lives: ``jingwen serve --rules-file PATH``; without it ``jingwen-rules.toml`` next to
the configuration file found from the working directory (``jingwen.toml`` or ``pyproject.toml``
with ``[tool.jingwen]``), or in the working directory when there is none. So that ``jingwen
clean`` in that folder applies the same rules, the file is listed in the configuration's
``rules``: a missing ``jingwen.toml`` is created with ``rules = ["jingwen-rules.toml"]``, and a
``jingwen.toml`` without a ``rules`` key gets that line at its top; any other configuration is
left alone and the page says what to add.

The file is an ordinary rule file (see ``cleaner/ruleset.py``) of the platform ``user``, which
never names the source of a document (``detect = false``). "Always remove" adds a rule whose one
``lines`` pattern is the line as rules see it (folded, escaped); "never remove" adds an
``[[exceptions]]`` entry of the same form: a line it matches is never removed by any rule.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> rules = UserRules.locate(folder)
>>> rules.path.name, rules.config.name
('jingwen-rules.toml', 'jingwen.toml')
>>> entry = rules.add("remove", "  点击下载完整版 >>")
>>> entry["id"], entry["kind"], entry["text"]
('user.remove-1', 'remove', '点击下载完整版 >>')
>>> rules.add("keep", "查看更多")["id"]
'user.keep-1'
>>> [e["id"] for e in rules.entries()]
['user.remove-1', 'user.keep-1']
>>> (folder / "jingwen.toml").read_text(encoding="utf-8").splitlines()[0]
'rules = ["jingwen-rules.toml"]'
>>> rules.change("user.keep-1", "查看更多内容")["lines"]
['查看更多内容']
>>> rules.delete("user.remove-1"), [e["id"] for e in rules.entries()]
(True, ['user.keep-1'])
"""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from jingwen.batch.files import atomic_write
from jingwen.cleaner.textfold import fold_text
from jingwen.config import find_config

FILE_NAME = "jingwen-rules.toml"
PLATFORM = "user"
KINDS = ("remove", "keep")
HEADER = """\
# 净文：我的规则 (jingwen: my rules), written by the web page (jingwen serve) and read by
# `jingwen clean` through the configuration's `rules`. Edit it by hand if you like: it is an
# ordinary rule file (see `jingwen rules`); [[exceptions]] are lines no rule may remove.
"""


def toml_value(value: object) -> str:
    """A TOML value for the simple data of a rule file (strings, numbers, booleans, lists, tables).

    >>> toml_value(["a\\\\b", 'say "hi"', 3, True, {"start": "x"}])
    '["a\\\\\\\\b", "say \\\\"hi\\\\"", 3, true, { start = "x" }]'
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to a rule file")


def line_pattern(text: str) -> str:
    """The pattern that matches this line, as rules see it (folded: width, script and spacing
    do not matter), and nothing else.

    >>> line_pattern("點擊下載完整版 >>")
    '点击下载完整版\\\\ >>'
    """
    return re.escape(fold_text(text.strip()))


class UserRules:
    """The user's rule file and the configuration that lists it."""

    def __init__(self, path: Path, config: Path | None) -> None:
        self.path, self.config = path, config
        self._lock = threading.Lock()

    @classmethod
    def locate(cls, start: Path | None = None, path: str | Path | None = None) -> UserRules:
        """The rule file of ``--rules-file`` or the default one; see the module's description."""
        found = find_config(start)
        if path is not None:
            return cls(Path(path).resolve(), found)
        folder = found.parent if found is not None else (start or Path.cwd()).resolve()
        return cls(folder / FILE_NAME, found or folder / "jingwen.toml")

    # --- reading ---------------------------------------------------------------------------------

    def _data(self) -> dict:
        import tomllib

        if not self.path.is_file():
            return {"platform": {"id": PLATFORM, "name": "我的规则", "detect": False}, "rules": [], "exceptions": []}
        return tomllib.loads(self.path.read_text(encoding="utf-8"))

    def entries(self) -> list[dict]:
        """Every rule and exception of the file: id, kind (remove or keep), the line it was made
        from, its patterns."""
        data = self._data()
        out = []
        for kind, table in (("remove", "rules"), ("keep", "exceptions")):
            for entry in data.get(table, []):
                out.append({"id": entry.get("id", ""), "kind": kind, "text": entry.get("example", ""),
                            "lines": list(entry.get("lines", []))})
        return out

    def configured(self) -> bool:
        """Whether the configuration lists this file (the command line then applies it)."""
        if self.config is None or not self.config.is_file():
            return False
        from jingwen.config import load_config

        listed = load_config(self.config.parent).values.get("rules", [])
        return any(Path(p).resolve() == self.path for p in listed)

    # --- writing ---------------------------------------------------------------------------------

    def add(self, kind: str, text: str) -> dict:
        """A rule ("remove": always remove this line) or an exception ("keep": never remove it)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        text = text.strip()
        if not text or "\n" in text:
            raise ValueError("give one non-empty line")
        with self._lock:
            data = self._data()
            table = "rules" if kind == "remove" else "exceptions"
            taken = {e.get("id") for t in ("rules", "exceptions") for e in data.get(t, [])}
            n = 1
            while f"{PLATFORM}.{kind}-{n}" in taken:
                n += 1
            entry = {"id": f"{PLATFORM}.{kind}-{n}", **self._describe(kind, text)}
            data.setdefault(table, []).append(entry)
            self._write(data)
            self._configure()
        return {"id": entry["id"], "kind": kind, "text": text, "lines": entry["lines"]}

    def change(self, rule_id: str, text: str) -> dict | None:
        """The rule or exception ``rule_id`` made again from an edited line (None: no such one)."""
        text = text.strip()
        if not text or "\n" in text:
            raise ValueError("give one non-empty line")
        with self._lock:
            data = self._data()
            for kind, table in (("remove", "rules"), ("keep", "exceptions")):
                for entry in data.get(table, []):
                    if entry.get("id") == rule_id:
                        entry.update(self._describe(kind, text))
                        self._write(data)
                        return {"id": rule_id, "kind": kind, "text": text, "lines": entry["lines"]}
        return None

    @staticmethod
    def _describe(kind: str, text: str) -> dict:
        shown = text if len(text) <= 40 else text[:40] + "…"
        return {
            "description": f"added on the web page: {'always' if kind == 'remove' else 'never'} remove this line",
            "name_zh": f"我的规则：{'总是删除' if kind == 'remove' else '总是保留'}",
            "description_zh": f"你在网页上选定{'总是删除' if kind == 'remove' else '永不删除'}的行：“{shown}”。",
            "example": text,
            "lines": [line_pattern(text)],
        }

    def delete(self, rule_id: str) -> bool:
        with self._lock:
            data = self._data()
            found = False
            for table in ("rules", "exceptions"):
                kept = [e for e in data.get(table, []) if e.get("id") != rule_id]
                found = found or len(kept) != len(data.get(table, []))
                data[table] = kept
            if found:
                self._write(data)
        return found

    def _write(self, data: dict) -> None:
        parts = [HEADER, "[platform]"]
        parts += [f"{k} = {toml_value(v)}" for k, v in data.get("platform", {}).items()]
        for table in ("rules", "exceptions"):
            for entry in data.get(table, []):
                parts += ["", f"[[{table}]]"] + [f"{k} = {toml_value(v)}" for k, v in entry.items()]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, ("\n".join(parts) + "\n").encode("utf-8"))

    def _configure(self) -> None:
        """List the file in the configuration when that is safe (see the module's description)."""
        config = self.config
        if config is None or self.configured():
            return
        try:
            relative = self.path.relative_to(config.parent).as_posix()
        except ValueError:
            relative = str(self.path)
        line = f"rules = {toml_value([relative])}\n"
        if not config.exists():
            atomic_write(config, (line + "# made by jingwen serve: the rule file of the web page\n").encode("utf-8"))
            return
        if config.name != "jingwen.toml":
            return
        import tomllib

        text = config.read_text(encoding="utf-8")
        if "rules" in tomllib.loads(text):
            return  # the user's own list: not rewritten; the page says what to add
        atomic_write(config, (line + text).encode("utf-8"), like=config)
