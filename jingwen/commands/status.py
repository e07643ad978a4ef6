"""What every batch command checks before any work, and the exit statuses it ends with."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from jingwen.cleaner.model.errors import JingwenError

EXIT_OK, EXIT_WOULD_CHANGE, EXIT_ERROR = 0, 1, 2


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse output options that contradict each other, and an output folder that is an input
    folder or holds one (its outputs would land on the inputs or on files that are not inputs)."""
    if getattr(args, "in_place", False) and args.output_dir:
        raise JingwenError("use either -o/--output-dir or --in-place, not both")
    if not args.output_dir:
        return
    if args.output_dir.exists() and not args.output_dir.is_dir():
        raise JingwenError(f"{args.output_dir}: output path exists and is not a folder")
    out = Path(os.path.realpath(args.output_dir))
    for arg in args.paths:
        if arg == "-" or not Path(arg).is_dir():
            continue
        folder = Path(os.path.realpath(arg))
        if folder == out:
            raise JingwenError(f"-o {args.output_dir} is the input folder {arg}: outputs would replace the inputs "
                               "(give another folder, or --in-place to rewrite the inputs)")
        if out in folder.parents:
            raise JingwenError(f"-o {args.output_dir} holds the input folder {arg}: outputs would overwrite "
                               f"files in {args.output_dir} that are not inputs (give a folder outside it)")


def check_report(args: argparse.Namespace, items, target=None) -> None:
    """``--report`` must not name an input (the report would replace it), nor, with ``target``
    (an input → its output path), the output of one."""
    report = getattr(args, "report", None)
    if report is None:
        return
    if report.is_dir():
        raise JingwenError(f"--report {report} is a folder")
    real = Path(os.path.realpath(report))
    for item in items:
        if item.path is None or item.error:
            continue
        if report.exists() and _same(report, item.path):
            raise JingwenError(f"--report {report} is the input {item.display}: the report would replace it")
        if target is not None and Path(os.path.realpath(target(item))) == real:
            raise JingwenError(f"--report {report} is the output of {item.display}: the report would replace it")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
