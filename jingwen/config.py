"""Configuration: ``[tool.jingwen]`` in the nearest ``pyproject.toml``, or ``jingwen.toml``,
found from the working directory upward (as black does). Command-line options win.

    [tool.jingwen]            # in jingwen.toml the same keys sit at the top level
    ignore = ["generic.page-tag", "norm.space-cjk"]
    rules = ["rules/our-sites.toml"]       # relative to the configuration file
    keep-tail = false
    convert = "s2twp"
    [tool.jingwen.export]
    to = ["docx", "pdf"]
    style = "gb9704"
    paper = "A4"

>>> parse_config({"ignore": "generic.page-tag", "keep-tail": True}, Path("/p/pyproject.toml"))["keep_tail"]
True
"""
from __future__ import annotations

import os
from argparse import Namespace
from pathlib import Path

from jingwen.cleaner.model.errors import JingwenError
from jingwen.cleaner.settings import Settings

# key in the file (``export.`` for the [tool.jingwen.export] table) -> (field name, type, description)
KEYS: dict[str, tuple[str, type, str]] = {
    "select": ("select", list, "only these rule/step ids or prefixes"),
    "ignore": ("ignore", list, "skip these rule/step ids or prefixes"),
    "rules": ("rules", list, "extra rule files (paths relative to the configuration file)"),
    "keep-tail": ("keep_tail", bool, "keep the fragment of a truncated preview"),
    "normalize": ("normalize", bool, "typography normalization after cleaning"),
    "space": ("space", bool, "a space between Chinese and Latin letters/digits"),
    "convert": ("convert", str, "OpenCC configuration applied by clean and export"),
    "quotes": ("quotes", str, "quotation marks on conversion: corner or curly"),
    "dict": ("user_dict", str, "user phrase dictionary for conversion (relative path allowed)"),
    "jobs": ("jobs", int, "worker processes"),
    "export.to": ("formats", list, "export formats"),
    "export.style": ("style", str, "style preset"),
    "export.paper": ("paper", str, "paper size"),
    "export.font": ("font", str, "CJK font file, TrueType or OpenType/CFF (relative path allowed)"),
    "export.toc": ("toc", bool, "table of contents in PDF"),
}
PATH_KEYS = {"rules", "dict", "font"}


class Config:
    """A configuration file's ``path`` and its ``values`` (field name -> value); a plain class,
    cheaper to define than a dataclass."""

    def __init__(self, path: Path | None = None, values: dict[str, object] | None = None):
        self.path = path
        self.values = {} if values is None else values


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``jingwen.toml`` or ``pyproject.toml`` with ``[tool.jingwen]``."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "jingwen.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_tool_section(candidate):
            return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.jingwen" in text


def _check_type(key: str, value: object, wanted: type, path: Path) -> object:
    if wanted is list and isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if wanted is int and isinstance(value, bool) or not isinstance(value, wanted):
        raise JingwenError(f"{path}: '{key}' must be {wanted.__name__}, not {type(value).__name__}")
    return value


def parse_config(table: dict, path: Path) -> dict[str, object]:
    """Check and translate one configuration table into field names."""
    values: dict[str, object] = {}
    export = table.get("export", {})
    if not isinstance(export, dict):
        raise JingwenError(f"{path}: 'export' must be a table")
    for prefix, entries in (("", {k: v for k, v in table.items() if k != "export"}), ("export.", export)):
        for key, value in entries.items():
            normal = key.replace("_", "-")
            if prefix + normal not in KEYS:
                known = [k.removeprefix(prefix) for k in KEYS if k.startswith("export.") == bool(prefix)]
                known += [] if prefix else ["export"]
                raise JingwenError(f"{path}: unknown key '{prefix}{key}' (known: {', '.join(known)})")
            name, wanted, _ = KEYS[prefix + normal]
            values[name] = _resolve(normal, _check_type(key, value, wanted, path), path)
    return values


def _resolve(key: str, value: object, path: Path) -> object:
    if key not in PATH_KEYS:
        return value
    base = path.parent
    if isinstance(value, list):
        return [str((base / v).resolve()) if not os.path.isabs(v) else v for v in value]
    return str((base / value).resolve()) if not os.path.isabs(value) else value


def load_config(start: Path | None = None) -> Config:
    path = find_config(start)
    if path is None:
        return Config()
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise JingwenError(f"{path}: cannot read configuration: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise JingwenError(f"{path}: invalid TOML: {e}") from None
    table = data if path.name == "jingwen.toml" else data.get("tool", {}).get("jingwen", {})
    if not isinstance(table, dict):
        raise JingwenError(f"{path}: [tool.jingwen] must be a table")
    return Config(path, parse_config(table, path))


# every setting the command line and configuration files share, with its default
DEFAULTS = {"select": [], "ignore": [], "rules": [], "keep_tail": False, "normalize": True, "space": False,
            "convert": None, "quotes": None, "user_dict": None, "jobs": None, "formats": None, "style": None,
            "paper": None, "font": None, "toc": False}


def split_ids(values: list[str]) -> tuple[str, ...]:
    """``["a,b", "c"]`` → ``('a', 'b', 'c')``: repeatable, comma-separated options."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def effective(given: dict[str, object], start: Path | None = None) -> dict[str, tuple[object, str]]:
    """Each setting with where it came from, by precedence: the command line (``given``, None =
    not given), then the configuration file, then the default. Rule files add up.

    >>> effective({"keep_tail": True}, Path("/"))["keep_tail"]
    (True, 'command line')
    """
    config = load_config(start)
    cli = {name: given.get(name) for name in DEFAULTS}
    for name in ("select", "ignore"):
        if cli[name] is not None:
            cli[name] = list(split_ids(cli[name]))
    out: dict[str, tuple[object, str]] = {}
    for name, default in DEFAULTS.items():
        if name == "rules":
            from_config = list(config.values.get("rules", []))
            from_cli = cli["rules"] or []
            value = from_config + [str(Path(r).resolve()) for r in from_cli]
            source = " + ".join(s for s, v in (("configuration", from_config), ("command line", from_cli)) if v)
            out[name] = (value, source or "default")
        elif cli[name] is not None:
            out[name] = (cli[name], "command line")
        elif name in config.values:
            out[name] = (config.values[name], str(config.path))
        else:
            out[name] = (default, "default")
    out["_config_file"] = (str(config.path) if config.path else None, "")
    return out


def settings_of(values: dict[str, object], *, force: bool = False, clean: bool = True) -> Settings:
    """The ``Settings`` for effective ``values`` (see ``effective``)."""
    return Settings(
        select=tuple(values["select"]), ignore=tuple(values["ignore"]), rule_files=tuple(values["rules"]),
        keep_tail=bool(values["keep_tail"]), normalize=bool(values["normalize"]), space=bool(values["space"]),
        convert=values["convert"], force=force, quotes=values["quotes"], user_dict=values["user_dict"],
        clean=clean,
    )


def settings_from(args: Namespace) -> tuple[Settings, dict]:
    """The settings (command line over configuration over defaults) and the effective values,
    checked so that a broken rule file, an unknown conversion or a bad dictionary is one error
    before any work starts."""
    from jingwen.batch.workers import default_jobs

    given = {name: getattr(args, name, None) for name in DEFAULTS}
    if getattr(args, "to_alias", None) and not given["convert"]:
        given["convert"] = args.to_alias
    values = {name: value for name, (value, _) in effective(given).items()}
    values["jobs"] = values["jobs"] or default_jobs()
    settings = settings_of(values, force=getattr(args, "force", False), clean=getattr(args, "clean", True))
    if settings.clean:  # conversion alone reads no rule file (and loads no cleaning stage)
        from jingwen.cleaner.pipeline import ruleset_for

        ruleset_for(settings)
    if settings.convert or settings.quotes or settings.user_dict:
        from jingwen.cleaner.convert import check_settings

        check_settings(settings)
    return settings, values
