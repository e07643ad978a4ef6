"""``jingwen learn PAGES... -o site.toml``: draft a rule file for a site from a few of its pages.

The pages' lines are read as ``jingwen clean`` reads them, each page's title is found by the
built-in rules, and ``jingwen.cleaner.learn.draft_rule_file`` keeps the line shapes (numbers,
the title and the parts some pages lack made patterns) repeated on three or more pages that do
not read as body, each with a comment saying what it saw. The file is written atomically; a page that cannot
be read is named on one line and left out (exit 2 when the draft had to do without some).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from jingwen.cleaner.model.errors import JingwenError
from jingwen.commands.status import EXIT_ERROR, EXIT_OK


def _site_id(output: Path, given: str | None) -> str:
    if given:
        return given
    stem = re.sub(r"[^a-z0-9_-]+", "-", output.stem.lower()).strip("-_")
    return stem or "site"


def cmd_learn(args: argparse.Namespace) -> int:
    from jingwen.batch.files import atomic_write
    from jingwen.cleaner.clean.stage import clean
    from jingwen.cleaner.learn import MIN_PAGES, draft_rule_file
    from jingwen.cleaner.pipeline import ruleset_for
    from jingwen.cleaner.settings import Settings
    from jingwen.commands.tasks import read_each

    settings = Settings(rule_files=tuple(args.rules or ()))
    ruleset = ruleset_for(settings)
    pages, titles, sources, failed = [], [], [], []
    for item, doc in read_each(args.paths, settings, args.debug, failed):
        pages.append([b.text for b in doc.blocks])
        sources.append(item.display)
        titles.append(clean(doc, ruleset).meta.title)
    if len(pages) < MIN_PAGES:
        raise JingwenError(f"learn needs {MIN_PAGES} or more readable pages of one site, got {len(pages)}")
    try:
        text = draft_rule_file(pages, titles, _site_id(args.output, args.id), args.name,
                               [Path(s).name for s in sources])
    except ValueError as e:
        raise JingwenError(str(e)) from None
    atomic_write(args.output, text.encode("utf-8"))
    rules = sum(1 for line in text.splitlines() if line.startswith("  ") and "# on " in line)
    if not args.quiet:
        site_id = _site_id(args.output, args.id)
        print(f"jingwen: {args.output}: {rules} template line patterns from {len(pages)} pages; "
              f"review it, then pass it with --rules {args.output} (under --select, name {site_id} too)",
              file=sys.stderr)
    return EXIT_ERROR if failed else EXIT_OK
