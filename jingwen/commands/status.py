"""What every batch command checks before any work, and the exit statuses it ends with."""
from __future__ import annotations

import argparse

from jingwen.cleaner.model.errors import JingwenError

EXIT_OK, EXIT_WOULD_CHANGE, EXIT_ERROR = 0, 1, 2


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse output options that contradict each other."""
    if getattr(args, "in_place", False) and args.output_dir:
        raise JingwenError("use either -o/--output-dir or --in-place, not both")
    if args.output_dir and args.output_dir.exists() and not args.output_dir.is_dir():
        raise JingwenError(f"{args.output_dir}: output path exists and is not a folder")
