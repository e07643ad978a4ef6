"""The ``jingwen`` command (also ``python -m jingwen``): the parser, and errors as one line.
See DESIGN.md §3 for the contract.

    jingwen clean   PATH... [-o OUTDIR | --in-place] [--check] [--diff] [--report FILE.json]
    jingwen convert PATH... --config CONFIG [-o OUTDIR | --in-place] [--clean]
    jingwen export  PATH... --to docx,pdf,html,epub [-o OUTDIR]
    jingwen detect  PATH...
    jingwen rules
    jingwen serve   [--port N] [--open] [--host H]

Exit status: 0 all went well; 1 with --check when some file would change; 2 when some input
could not be processed (the others still were).
"""
from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from jingwen.batch.messages import printable
from jingwen.cleaner.model.errors import JingwenError
from jingwen.commands.status import EXIT_ERROR, EXIT_OK
from jingwen.version import VERSION


def _version() -> str:
    try:
        from jingwen.cleaner.convert import backend_name
    except ImportError:
        return f"jingwen {VERSION}"
    return f"jingwen {VERSION} (conversion backend: {backend_name()})"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and conversion backend")

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


# what `jingwen --help` and `jingwen COMMAND --help` say of each command: (summary, description)
COMMANDS = {
    "clean": ("remove platform notices and preview residue, normalize typography",
        "Remove platform notices, preview residue, page tags, repeated titles and the truncated tail; "
        "normalize typography. With one file and no -o the result goes to standard output."),
    "convert": ("convert Simplified/Traditional Chinese exactly as OpenCC does",
        "Convert between Simplified and Traditional Chinese: by default exactly as OpenCC does (the "
        "same bytes as the opencc command; text files are streamed, nothing but the conversion "
        "touches them), with --dict and --quotes on top. --clean also cleans and normalizes first "
        "(the same as jingwen clean --convert CONFIG)."),
    "export": ("write DOCX, PDF, HTML, EPUB, TXT or Markdown",
        "Clean and export documents to print-ready PDF, DOCX, HTML and EPUB. With -o OUTDIR each "
        "input becomes OUTDIR/<stem>.<fmt> (folders mirrored); without -o the outputs go next to each "
        "input file (a folder argument needs -o); standard input goes to standard output (one "
        "format)."),
    "config": ("print the effective configuration and where each value comes from",
        "Show the settings jingwen would use here: from the command line, from [tool.jingwen] in the "
        "nearest pyproject.toml or jingwen.toml (searched from the working directory upward), or the "
        "defaults."),
    "learn": ("draft a rule file for a new site from a few of its pages",
        "Read several pages of one site (files or folders) and write a rule file with the lines its "
        "template repeats on 3 or more pages (numbers and the page's title generalised), its "
        "signatures and domains. Review the file, then pass it to clean with --rules FILE."),
    "serve": ("a local web page: paste or drop files, see what is removed, download",
        "Start the web page on this machine (http://127.0.0.1:8765/ by default): paste text or drop "
        "files, see every removed line, convert Simplified/Traditional and download TXT, DOCX, PDF or "
        "EPUB. Needs pip install 'jingwen[web]'."),
}


def _command(sub, name: str) -> argparse.ArgumentParser:
    summary, description = COMMANDS[name]
    return sub.add_parser(name, help=summary, description=description)


def _common(p: argparse.ArgumentParser, outputs: bool = True) -> None:
    from jingwen.cleaner.readers import SUFFIXES

    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=f"files or folders (searched for {' '.join(SUFFIXES)}); - for standard input")
    if outputs:
        p.add_argument("-o", "--output-dir", type=Path, metavar="OUTDIR",
                       help="write results under OUTDIR, mirroring the input folders")
        p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help="worker processes (default: number of cores)")
        p.add_argument("--report", type=Path, metavar="FILE.json", help="write a JSON report of every file")
    _options(p)


def _options(p: argparse.ArgumentParser) -> None:
    """Options that configuration files can also set (None here = not given)."""
    p.add_argument("--rules", action="append", default=None, metavar="FILE",
                   help="extra rule file (TOML, same format as cleaner/rules/*.toml); repeatable, "
                        "added to the configuration's")
    p.add_argument("--select", action="append", default=None, metavar="RULES",
                   help="only these rule ids or prefixes (comma-separated, repeatable)")
    p.add_argument("--ignore", action="append", default=None, metavar="RULES",
                   help="skip these rule ids or prefixes, e.g. generic.page-tag,norm.quotes")
    p.add_argument("--keep-tail", action="store_true", default=None,
                   help="keep the dangling fragment of a truncated preview (reported all the same)")
    p.add_argument("--no-normalize", dest="normalize", action="store_false", default=None,
                   help="clean only; no typography normalization")
    p.add_argument("--space", action="store_true", default=None,
                   help="add a space between Chinese and Latin letters/digits")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="print every file and what was removed")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")


def _conversion(p: argparse.ArgumentParser, flag: str, required: bool = False) -> None:
    p.add_argument(flag, dest="convert", metavar="CONFIG", required=required,
                   help="OpenCC configuration: s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s s2hkp hk2sp "
                        "t2tw tw2t t2hk hk2t t2jp jp2t (.json optional), or traditional, simplified, "
                        "taiwan, hongkong")
    p.add_argument("--force", action="store_true",
                   help="convert even when the text already looks converted (checked when cleaning too; "
                        "jingwen convert alone converts whatever it is given, as OpenCC does)")
    p.add_argument("--quotes", choices=["corner", "curly"],
                   help="quotation marks to 「」『』 (corner) or “”‘’ (curly), nested by depth; "
                        "without it the text's own marks are kept")
    p.add_argument("--dict", dest="user_dict", metavar="FILE",
                   help="your phrase dictionary (source<TAB>target per line), wins over OpenCC")


def _corpus(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("corpus files (.jsonl, .jsonl.gz, .jsonl.zst, .parquet: one record per line or row)")
    g.add_argument("--field", default="text", metavar="NAME", help="the field holding the text (default: text)")
    g.add_argument("--dask", metavar="SPEC",
                   help="run documents and corpus shards on Dask: local:N starts N worker processes, "
                        "tcp://HOST:8786 uses an existing scheduler (pip install 'jingwen[dask]')")
    g.add_argument("--shard-size", default=None, metavar="SIZE",
                   help="cut corpus files into shards of about SIZE of input (default: a file's size / 16, "
                        "from 1M to 32M, so -j workers share one file); an interrupted run resumes shard by shard")


def _clean_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--in-place", action="store_true", help="rewrite the input files (keeps permissions)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if some file would change")
    p.add_argument("--diff", action="store_true", help="print a unified diff per file; write nothing")
    _conversion(p, "--convert")
    _corpus(p)
    p.set_defaults(func="cmd_clean")


def _convert_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--in-place", action="store_true", help="rewrite the input files (keeps permissions)")
    _conversion(p, "--config", required=False)
    p.add_argument("--clean", action="store_true", default=False,
                   help="clean, normalize and find structure before converting (as jingwen clean --convert)")
    p.add_argument("--no-clean", action="store_true",
                   help="accepted for compatibility: converting alone is the default now")
    p.add_argument("--to", dest="to_alias", choices=["traditional", "simplified", "taiwan", "hongkong"],
                   help="plain-name alias for --config")
    _corpus(p)
    p.set_defaults(func="cmd_convert", check=False, diff=False)


def _export_options(p: argparse.ArgumentParser) -> None:
    _common(p)
    p.add_argument("--to", dest="formats", default=None, metavar="FMT[,FMT...]",
                   help="docx, pdf, html, epub, txt, md (comma-separated)")
    _conversion(p, "--convert")
    p.add_argument("--style", default=None, metavar="NAME", help="style preset: default, gb9704, compact")
    p.add_argument("--paper", default=None, choices=["A4", "A5", "B5", "letter"], help="paper size")
    p.add_argument("--font", default=None, metavar="FILE", help="CJK font file to embed (TrueType or OpenType/CFF)")
    p.add_argument("--toc", action="store_true", default=None, help="add a table of contents (PDF)")
    p.add_argument("--vertical", action="store_true", help="vertical writing in HTML/EPUB (Traditional)")
    p.add_argument("--crop-marks", action="store_true", help="print crop marks (PDF)")
    p.set_defaults(func="run_export")


def _config_options(p: argparse.ArgumentParser) -> None:
    _options(p)
    p.add_argument("--json", action="store_true", help="as one JSON object")
    p.set_defaults(func="cmd_config")


def _detect_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--rules", action="append", default=None, metavar="FILE", help="extra rule file")
    p.set_defaults(func="cmd_detect")


def _rules_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="as JSON lines")
    p.add_argument("--rules", action="append", default=None, metavar="FILE", help="extra rule file")
    p.set_defaults(func="cmd_rules")


def _learn_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PAGE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.toml", help="the rule file to write")
    p.add_argument("--id", help="the site's id, prefix of its rule ids (default: from the file name)")
    p.add_argument("--name", help="the site's name (default: its id)")
    p.add_argument("--rules", action="append", default=None, metavar="FILE", help="extra rule file")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func="cmd_learn")


def _serve_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to "
                        "your network)")
    p.add_argument("--port", type=int, default=8765, metavar="N", help="port (default 8765; 0: any free port)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.add_argument("--rules-file", metavar="FILE",
                   help="where \"always remove / never remove this\" on the page writes (default: "
                        "jingwen-rules.toml next to the configuration file, listed in its rules)")
    _options(p)
    p.set_defaults(func="serve")


# each command's options, in the order of `jingwen --help`
OPTIONS = {"clean": _clean_options, "convert": _convert_options, "export": _export_options,
           "config": _config_options, "detect": _detect_options, "rules": _rules_options,
           "learn": _learn_options, "serve": _serve_options}
# commands without a description of their own: their summary only
SUMMARIES = {"detect": "print platform, script and confidence of each file as JSON lines",
             "rules": "list every rule id with its description"}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; when the arguments start with a command, only that command's parser is
    built (the other seven cannot be reached: `jingwen CMD ...` never prints the top help nor
    another command's), since building all eight cost more than the rest of
    `jingwen clean --check` on a small file. Otherwise (no arguments, ``--help`` or an unknown
    command first) every command is built.

    >>> build_parser(["clean", "x.txt"]).parse_args(["clean", "--check", "x.txt"]).check
    True
    """
    parser = argparse.ArgumentParser(
        prog="jingwen",
        description="净文 jingwen: clean documents scraped from Chinese document-sharing platforms "
                    "(book118, 人人文库, 道客巴巴, 豆丁, 百度文库, …), convert Simplified/Traditional, "
                    "export DOCX, PDF, HTML and EPUB.",
        epilog="Run 'jingwen COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = _command_in(argv)
    for name, options in OPTIONS.items():
        if named in (None, name):
            options(sub.add_parser(name, help=SUMMARIES[name]) if name in SUMMARIES else _command(sub, name))
    return parser


def _command_in(argv: list[str] | None) -> str | None:
    """The command ``argv`` starts with, or None (none, an option first, or unknown).

    >>> _command_in(["clean", "-o", "out", "a.txt"]), _command_in(["--help", "clean"]), _command_in([])
    ('clean', None, None)
    """
    args = sys.argv[1:] if argv is None else argv
    return args[0] if args and args[0] in OPTIONS else None


def run_command(args: argparse.Namespace) -> int:
    """Run ``args.func`` of the command's module, imported only now, so that ``jingwen clean``
    loads neither the export command nor the web framework."""
    if args.command in ("clean", "convert"):
        from jingwen.commands import clean as module
    elif args.command == "export":
        from jingwen.commands import export as module
    elif args.command == "serve":
        from jingwen.web import server as module
    elif args.command == "learn":
        from jingwen.commands import learn as module
    else:
        from jingwen.commands import info as module
    return getattr(module, args.func)(args)


def main(argv: list[str] | None = None) -> int:
    """The command; without ``argv`` it is the whole life of this process (the ``jingwen``
    script, ``python -m jingwen``), and the garbage collector is set for that: start-up makes
    tens of thousands of objects that live as long as the process (modules, classes, rules),
    which at the default threshold of 700 cost ~20 collections, and the collection at exit
    would walk them all once more (together 15-20 % of `jingwen clean --check` on a small file).
    """
    if argv is None:
        gc.set_threshold(20_000, *gc.get_threshold()[1:])
    try:
        return _main(argv)
    finally:
        if argv is None:
            gc.freeze()


def _main(argv: list[str] | None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return run_command(args)
    except JingwenError as e:
        print(printable(f"jingwen: {e}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("jingwen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug: one line for users, the traceback with --debug
        if getattr(args, "debug", False):
            raise
        print(printable(f"jingwen: internal error ({type(e).__name__}: {e}); rerun with --debug"), file=sys.stderr)
        return EXIT_ERROR
