"""The commands that only tell: ``jingwen detect``, ``jingwen rules``, ``jingwen config``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jingwen.commands.status import EXIT_ERROR, EXIT_OK


def cmd_detect(args: argparse.Namespace) -> int:
    """One JSON object per input: path, platform, script, confidence."""
    from jingwen.batch.files import TEXT_SUFFIXES, iter_inputs
    from jingwen.cleaner.clean.stage import clean
    from jingwen.cleaner.pipeline import ruleset_for
    from jingwen.cleaner.script import detect_script
    from jingwen.cleaner.settings import Settings
    from jingwen.commands.output import printable, reason
    from jingwen.commands.tasks import read_document

    settings = Settings(rule_files=tuple(args.rules or ()))
    ruleset = ruleset_for(settings)
    status = EXIT_OK
    for item in iter_inputs(args.paths, suffixes=TEXT_SUFFIXES):
        try:
            doc, _ = read_document(item, settings)
        except Exception as e:
            print(printable(f"jingwen: {item.display}: {reason(e, args.debug)}"), file=sys.stderr)
            status = EXIT_ERROR
            continue
        script = detect_script("\n".join(b.text for b in doc.blocks))
        cleaned = clean(doc, ruleset)
        print(json.dumps({"path": item.display, "platform": cleaned.meta.platform,
                          "script": script, "confidence": cleaned.meta.platform_confidence},
                         ensure_ascii=False))
    return status


def cmd_rules(args: argparse.Namespace) -> int:
    """Every rule and step id with its description."""
    from jingwen.cleaner.registry import all_ids

    for entry in all_ids(args.rules or ()):
        if args.json:
            print(json.dumps({"id": entry.id, "description": entry.description, "platform": entry.group},
                             ensure_ascii=False))
        else:
            print(f"{entry.id:32} {entry.description}")
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    """Every setting with where it comes from."""
    from jingwen.config import DEFAULTS, effective

    values = effective({name: getattr(args, name, None) for name in DEFAULTS})
    config_file = values.pop("_config_file")[0]
    if args.json:
        print(json.dumps({"config_file": config_file,
                          "settings": {k: {"value": v, "source": s} for k, (v, s) in values.items()}},
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"configuration file: {config_file or '(none found from ' + str(Path.cwd()) + ' upward)'}")
    for name, (value, source) in values.items():
        shown = json.dumps(value, ensure_ascii=False)
        print(f"{name:10} = {shown:40} # {source}")
    return EXIT_OK
