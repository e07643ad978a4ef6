"""The ``jingwen`` command (also ``python -m cleaner``). See DESIGN.md §3 for the contract.

    jingwen clean   PATH... [-o OUTDIR | --in-place] [--check] [--diff] [--report FILE.json]
    jingwen convert PATH... --config CONFIG [-o OUTDIR | --in-place]
    jingwen export  PATH... --to docx,pdf,html,epub [-o OUTDIR]
    jingwen detect  PATH...
    jingwen rules
    jingwen serve   [--port N] [--open] [--host H]

Exit status: 0 all went well; 1 with --check when some file would change; 2 when some input
could not be processed (the others still were).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import JingwenError

EXIT_OK, EXIT_WOULD_CHANGE, EXIT_ERROR = 0, 1, 2


def _version() -> str:
    try:
        from .convert import backend_name
    except ImportError:
        return f"jingwen {__version__}"
    return f"jingwen {__version__} (conversion backend: {backend_name()})"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and conversion backend")

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


def _common(p: argparse.ArgumentParser, outputs: bool = True) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or folders (searched for .txt .md .html .htm .docx); - for standard input")
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
    p.add_argument("--force", action="store_true", help="convert even when the text already looks converted")
    p.add_argument("--quotes", choices=["corner", "curly"],
                   help="quotation marks to 「」『』 (corner) or “”‘’ (curly), nested by depth; "
                        "without it the text's own marks are kept")
    p.add_argument("--dict", dest="user_dict", metavar="FILE",
                   help="your phrase dictionary (source<TAB>target per line), wins over OpenCC")


def _corpus(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("corpus files (.jsonl, .jsonl.gz, .jsonl.zst, .parquet: one record per line or row)")
    g.add_argument("--field", default="text", metavar="NAME", help="the field holding the text (default: text)")
    g.add_argument("--dask", metavar="SPEC",
                   help="run corpus shards on Dask: local:N starts N worker processes, tcp://HOST:8786 uses "
                        "an existing scheduler (pip install 'jingwen[dask]')")
    g.add_argument("--shard-size", default="32M", metavar="SIZE",
                   help="cut corpus files into shards of about SIZE of input (default 32M); an interrupted "
                        "run resumes shard by shard")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jingwen",
        description="净文 jingwen: clean documents scraped from Chinese document-sharing platforms "
                    "(book118, 人人文库, 道客巴巴, 豆丁, 百度文库, …), convert Simplified/Traditional, "
                    "export DOCX, PDF, HTML and EPUB.",
        epilog="Run 'jingwen COMMAND --help' for the options of a command.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("clean", help="remove platform notices and preview residue, normalize typography",
                       description="Remove platform notices, preview residue, page tags, repeated titles "
                                   "and the truncated tail; normalize typography. With one file and no -o "
                                   "the result goes to standard output.")
    _common(p)
    p.add_argument("--in-place", action="store_true", help="rewrite the input files (keeps permissions)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if some file would change")
    p.add_argument("--diff", action="store_true", help="print a unified diff per file; write nothing")
    _conversion(p, "--convert")
    _corpus(p)
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("convert", help="convert Simplified/Traditional Chinese (OpenCC configurations)",
                       description="Clean and convert between Simplified and Traditional Chinese.")
    _common(p)
    p.add_argument("--in-place", action="store_true", help="rewrite the input files (keeps permissions)")
    _conversion(p, "--config", required=False)
    p.add_argument("--no-clean", action="store_true",
                   help="convert only: no cleaning, normalization or structure (as the opencc command does)")
    p.add_argument("--to", dest="to_alias", choices=["traditional", "simplified", "taiwan", "hongkong"],
                   help="plain-name alias for --config")
    _corpus(p)
    p.set_defaults(func=cmd_convert, check=False, diff=False)

    p = sub.add_parser("export", help="write DOCX, PDF, HTML, EPUB, TXT or Markdown",
                       description="Clean and export documents to print-ready PDF, DOCX, HTML and EPUB. "
                                   "With -o OUTDIR each input becomes OUTDIR/<stem>.<fmt> (folders mirrored); "
                                   "without -o the outputs go next to each input file (a folder argument "
                                   "needs -o); standard input goes to standard output (one format).")
    _common(p)
    p.add_argument("--to", dest="formats", default=None, metavar="FMT[,FMT...]",
                   help="docx, pdf, html, epub, txt, md (comma-separated)")
    _conversion(p, "--convert")
    p.add_argument("--style", default=None, metavar="NAME", help="style preset: default, gb9704, compact")
    p.add_argument("--paper", default=None, choices=["A4", "A5", "B5", "letter"], help="paper size")
    p.add_argument("--font", default=None, metavar="FILE", help="TrueType CJK font file to embed")
    p.add_argument("--toc", action="store_true", default=None, help="add a table of contents (PDF)")
    p.add_argument("--vertical", action="store_true", help="vertical writing in HTML/EPUB (Traditional)")
    p.add_argument("--crop-marks", action="store_true", help="print crop marks (PDF)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("config", help="print the effective configuration and where each value comes from",
                       description="Show the settings jingwen would use here: from the command line, from "
                                   "[tool.jingwen] in the nearest pyproject.toml or jingwen.toml (searched from "
                                   "the working directory upward), or the defaults.")
    _options(p)
    p.add_argument("--json", action="store_true", help="as one JSON object")
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("detect", help="print platform, script and confidence of each file as JSON lines")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--rules", action="append", default=None, metavar="FILE", help="extra rule file")
    p.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_detect)

    p = sub.add_parser("rules", help="list every rule id with its description")
    p.add_argument("--rules", action="append", default=None, metavar="FILE", help="extra rule file")
    p.add_argument("--json", action="store_true", help="as JSON lines")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("serve", help="a local web page: paste or drop files, see what is removed, download",
                       description="Start the web page on this machine (http://127.0.0.1:8765/ by default): paste "
                                   "text or drop files, see every removed line, convert Simplified/Traditional "
                                   "and download TXT, DOCX, PDF or EPUB. Needs pip install 'jingwen[web]'.")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to "
                        "your network)")
    p.add_argument("--port", type=int, default=8765, metavar="N", help="port (default 8765; 0: any free port)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    _options(p)
    p.set_defaults(func=cmd_serve)
    return parser


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


DEFAULTS = {"select": [], "ignore": [], "rules": [], "keep_tail": False, "normalize": True, "space": False,
            "convert": None, "quotes": None, "user_dict": None, "jobs": None, "formats": None, "style": None,
            "paper": None, "font": None, "toc": False}


def effective(args: argparse.Namespace) -> dict[str, tuple[object, str]]:
    """Each setting with where it came from: the command line, the configuration file, or the
    default. Command-line values win; rule files are added to the configuration's."""
    from .config import load_config

    config = load_config()
    cli = {name: getattr(args, name, None) for name in DEFAULTS}
    if getattr(args, "to_alias", None) and not cli["convert"]:
        cli["convert"] = args.to_alias
    for name in ("select", "ignore"):
        if cli[name] is not None:
            cli[name] = list(_split(cli[name]))
    out: dict[str, tuple[object, str]] = {}
    for name, default in DEFAULTS.items():
        if name == "rules":
            from_config = list(config.values.get("rules", []))
            given = cli["rules"] or []
            value = from_config + [str(Path(r).resolve()) for r in given]
            source = " + ".join(s for s, v in (("configuration", from_config), ("command line", given)) if v)
            out[name] = (value, source or "default")
        elif cli[name] is not None:
            out[name] = (cli[name], "command line")
        elif name in config.values:
            out[name] = (config.values[name], str(config.path))
        else:
            out[name] = (default, "default")
    out["_config_file"] = (str(config.path) if config.path else None, "")
    return out


def settings_from(args: argparse.Namespace):
    from .pipeline import Settings

    values = {name: value for name, (value, _) in effective(args).items()}
    args._effective = values
    return Settings(
        select=tuple(values["select"]), ignore=tuple(values["ignore"]), rule_files=tuple(values["rules"]),
        keep_tail=bool(values["keep_tail"]), normalize=bool(values["normalize"]), space=bool(values["space"]),
        convert=values["convert"], force=getattr(args, "force", False), quotes=values["quotes"],
        user_dict=values["user_dict"], clean=not getattr(args, "no_clean", False),
    )


def _print_results(results, args, verb: str) -> tuple[list[dict], bool]:
    from .batch import Progress

    entries, changed = [], False
    total = len(results) if isinstance(results, list) else 0
    progress = Progress(total, enabled=not args.quiet)
    for result in results:
        progress.advance()
        entries.append(result.entry)
        if result.stdout:
            sys.stdout.write(result.stdout)
            sys.stdout.flush()
        for message in result.messages:
            if result.entry["status"] == "error" or not args.quiet:
                print(message, file=sys.stderr)
        if result.entry["status"] == "changed":
            changed = True
        if args.verbose and result.entry["status"] != "error":
            print(f"{result.entry['path']}: {result.entry['status']}, platform {result.entry['platform']}, "
                  f"{len(result.entry['removed'])} lines removed", file=sys.stderr)
            for r in result.entry["removed"]:
                print(f"  line {r['line']}: {r['rule']}: {r['text'][:60]}", file=sys.stderr)
    progress.close()
    return entries, changed


def _validate_outputs(args) -> None:
    if getattr(args, "in_place", False) and args.output_dir:
        raise JingwenError("use either -o/--output-dir or --in-place, not both")
    if args.output_dir and args.output_dir.exists() and not args.output_dir.is_dir():
        raise JingwenError(f"{args.output_dir}: output path exists and is not a folder")


def cmd_clean(args: argparse.Namespace) -> int:
    from .batch import default_jobs, run_tasks
    from .fileio import iter_inputs
    from .pipeline import ruleset_for
    from .report import summarize, summary_line, write_report
    from .tasks import TextJob, text_task

    _validate_outputs(args)
    settings = settings_from(args)
    ruleset_for(settings)  # a broken rule file is one error before any work starts
    if settings.convert or settings.quotes or settings.user_dict:
        from .convert import check_settings

        check_settings(settings)  # unknown configuration, bad dictionary: one error before any work
    items = list(iter_inputs(args.paths, exclude=args.output_dir))
    single_file = len(items) == 1 and (items[0].path is None or not Path(args.paths[0]).is_dir())
    to_stdout = not (args.output_dir or args.in_place or args.check or args.diff)
    if to_stdout and not single_file:
        raise JingwenError("several inputs: give -o OUTDIR, --in-place, --check or --diff")
    job = TextJob(settings, args.output_dir, args.in_place, args.check, args.diff, to_stdout, args.debug)
    jobs = args._effective.get("jobs") or default_jobs()
    if any(i.path is None for i in items):
        jobs = 1
    # corpus files (JSON Lines, Parquet) go record by record through cleaner/corpus.py
    from .fileio import is_corpus

    if getattr(args, "dask", None):
        from .corpus_engines import check_dask

        check_dask(args.dask)  # no Dask here, or a bad spec: one line before any work
    corpus_items = [i for i in items if i.path is not None and is_corpus(i.path)]
    if corpus_items:
        items = [i for i in items if i.path is None or not is_corpus(i.path)]
    if args.output_dir:
        from .fileio import output_path, refuse_shared_outputs, text_suffix

        items = refuse_shared_outputs(items, lambda i: output_path(i, args.output_dir, text_suffix(i.path)))
    results = run_tasks(text_task, [(item, job) for item in items], jobs)
    entries, changed = _print_results(_Lazy(results, len(items)), args, "cleaned")
    if corpus_items:
        from .corpus import clean_corpora

        corpus_entries, corpus_changed = clean_corpora(corpus_items, args, settings, to_stdout, jobs)
        entries, changed = entries + corpus_entries, changed or corpus_changed
    summary = summarize(entries)
    if args.report:
        write_report(args.report, entries)
    if not args.quiet and not to_stdout and len(entries) > 1 or args.verbose:
        verb = "would be cleaned" if args.check or args.diff else \
            "converted" if args.command == "convert" else "cleaned"
        print(summary_line(summary, verb), file=sys.stderr)
    if summary["errors"]:
        return EXIT_ERROR
    if args.check and changed:
        return EXIT_WOULD_CHANGE
    return EXIT_OK


class _Lazy:
    """An iterator with a known length (so progress can show a total)."""

    def __init__(self, iterator, length: int) -> None:
        self.iterator, self.length = iterator, length

    def __iter__(self):
        return iter(self.iterator)

    def __len__(self) -> int:
        return self.length


def cmd_convert(args: argparse.Namespace) -> int:
    if not (args.convert or args.to_alias):
        raise JingwenError("convert needs --config CONFIG (or --to traditional|simplified|taiwan|hongkong)")
    return cmd_clean(args)


def cmd_export(args: argparse.Namespace) -> int:
    from .export_command import run_export

    return run_export(args)


def cmd_config(args: argparse.Namespace) -> int:
    values = effective(args)
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


def cmd_detect(args: argparse.Namespace) -> int:
    from .fileio import TEXT_SUFFIXES, iter_inputs
    from .pipeline import Settings, ruleset_for
    from .script import detect_script
    from .tasks import read_document

    settings = Settings(rule_files=tuple(args.rules or ()))
    ruleset = ruleset_for(settings)
    status = EXIT_OK
    for item in iter_inputs(args.paths, suffixes=TEXT_SUFFIXES):
        try:
            doc, _ = read_document(item, settings)
        except Exception as e:
            print(f"jingwen: {item.display}: {e}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        from .clean import clean

        text = "\n".join(b.text for b in doc.blocks)
        script = detect_script(text)
        cleaned = clean(doc, ruleset)
        print(json.dumps({"path": item.display, "platform": cleaned.meta.platform,
                          "script": script, "confidence": cleaned.meta.platform_confidence},
                         ensure_ascii=False))
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    from .web.server import serve  # the web framework loads here only: jingwen clean starts fast

    return serve(args)


def cmd_rules(args: argparse.Namespace) -> int:
    from .platforms import load_rules

    ruleset = load_rules(args.rules or ())
    rows = [(r.id, r.description, r.platform) for r in ruleset.rules]
    from .normalize import STEPS as NORMALIZE_STEPS
    from .structure import STEPS as STRUCTURE_STEPS

    rows += [(s.id, s.description, "norm") for s in NORMALIZE_STEPS]
    rows += [(s.id, s.description, "struct") for s in STRUCTURE_STEPS]
    for rid, description, platform in rows:
        if args.json:
            print(json.dumps({"id": rid, "description": description, "platform": platform}, ensure_ascii=False))
        else:
            print(f"{rid:32} {description}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return args.func(args)
    except JingwenError as e:
        print(f"jingwen: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("jingwen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # a bug: one line for users, the traceback with --debug
        if getattr(args, "debug", False):
            raise
        print(f"jingwen: internal error ({type(e).__name__}: {e}); rerun with --debug", file=sys.stderr)
        return EXIT_ERROR
