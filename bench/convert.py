"""Throughput of `jingwen convert` against the raw OpenCC binding and the card's library.

Every contender is a whole process converting the same generated text (8 MB by default) from
Simplified to Traditional (s2t) and writing the result to a file: the time includes starting
Python, loading dictionaries, reading and writing, as a user would see it. Each is run several
times and the best time counts (the machine is shared). First, the A/B that issue 13 asks for:
``jingwen convert FILE --config s2t`` (no other flag: OpenCC alone, streamed) and the raw binding
run alternately ``--ab`` times each, medians compared, outputs compared byte for byte. Run it by hand:

    .venv/bin/python bench/convert.py            # 8 MB, A/B 7 times, best of 3
    .venv/bin/python bench/convert.py --mb 2 --runs 1 --skip-pure --skip-card
    .venv/bin/python bench/convert.py --ab-only  # only the A/B

opencc-python-reimplemented (the design card's library) and opencc-py (OpenCC's pure-Python port)
install a module named ``opencc`` just as the official binding does, so each gets its own venv
under ``bench/data/venvs/`` (created on first use with pip).
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = Path(sys.executable)
JINGWEN = PYTHON.with_name("jingwen")
RAW = ("import sys, opencc\n"
       "text = open(sys.argv[1], encoding='utf-8').read()\n"
       "sys.stdout.write(opencc.OpenCC('s2t').convert(text))\n")
COPY = "import sys\nsys.stdout.write(open(sys.argv[1], encoding='utf-8').read())\n"
OTHER_BACKENDS = {"card": "opencc-python-reimplemented", "pure": "opencc-py"}


def corpus() -> str:
    """Body text to learn from: the project's Simplified seeds, cleaned by jingwen itself (so
    the generated text has no platform notices for the cleaning stage to remove)."""
    sys.path.insert(0, str(ROOT))
    import jingwen

    def clean_text(text):
        return jingwen.clean(text).text
    from jingwen.cleaner.script import detect_script

    texts = [clean_text(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return "\n".join(t for t in texts if detect_script(t) == "hans")


def generate(path: Path, megabytes: float, seed: int = 4) -> None:
    """A deterministic text of ``megabytes`` MB: paragraphs from an order-2 character Markov
    chain over the corpus (real character and phrase frequencies, no repeated lines)."""
    source = corpus().replace("\n", "")
    model: dict[str, list[str]] = {}
    for i in range(len(source) - 2):
        model.setdefault(source[i:i + 2], []).append(source[i + 2])
    rng, states = random.Random(seed), list(model)
    lines, size, limit = [], 0, int(megabytes * 2**20)
    while size < limit:
        state = rng.choice(states)
        chars = [state]
        for _ in range(rng.randint(40, 300)):
            nxt = rng.choice(model.get(state) or [rng.choice(source)])
            chars.append(nxt)
            state = state[1] + nxt
        line = "".join(chars).strip().rstrip("，、；：") + "。\n"
        lines.append(line)
        size += len(line.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


def backend_python(package: str, venvs: Path) -> Path:
    """The interpreter of a venv holding ``package`` (created with pip on first use)."""
    home = venvs / package
    python = home / "bin" / "python"
    if not python.exists():
        print(f"creating {home} with {package} …", file=sys.stderr)
        venv.create(home, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", package], check=True)
    return python


@dataclass
class Result:
    label: str
    seconds: float
    output: Path


def run(label: str, command: list[str], output: Path, runs: int) -> Result:
    best = float("inf")
    for _ in range(runs):
        with output.open("wb") as sink:
            start = time.perf_counter()
            done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{label} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-500:]}")
        best = min(best, elapsed)
    return Result(label, best, output)


def ab(raw: list[str], jingwen: list[str], out: Path, rounds: int) -> float:
    """Raw binding and ``jingwen convert`` run alternately (so both see the same load), medians."""
    import statistics

    times: dict[str, list[float]] = {"raw": [], "jingwen": []}
    for _ in range(rounds):
        for label, command in (("raw", raw), ("jingwen", jingwen)):
            times[label].append(run(label, command, out / f"ab-{label}.txt", 1).seconds)
    raw_s, jw_s = statistics.median(times["raw"]), statistics.median(times["jingwen"])
    same = (out / "ab-raw.txt").read_bytes() == (out / "ab-jingwen.txt").read_bytes()
    print(f"A/B, {rounds} alternating runs each, medians: raw binding {raw_s:.2f} s, "
          f"jingwen convert --config s2t {jw_s:.2f} s: {jw_s / raw_s:.2f}× the raw binding's time; "
          f"output {'byte-identical' if same else 'DIFFERS'}")
    print("  raw:     " + " ".join(f"{t:.2f}" for t in times["raw"]))
    print("  jingwen: " + " ".join(f"{t:.2f}" for t in times["jingwen"]), flush=True)
    return jw_s / raw_s


def stage(text: Path, runs: int) -> tuple[float, float]:
    """In one process: the conversion stage (``convert_document`` on the read document, with
    detection, splitting and logging) against one ``OpenCC.convert`` call on the same text."""
    from jingwen.cleaner.convert import convert_document, converter
    from jingwen.cleaner.readers import read_bytes
    from jingwen.cleaner.settings import Settings

    data = text.read_bytes()
    raw, best_stage, best_raw = converter("s2t"), float("inf"), float("inf")
    for _ in range(runs):
        doc = read_bytes(data, str(text), "txt")
        start = time.perf_counter()
        convert_document(doc, Settings(convert="s2t"))
        best_stage = min(best_stage, time.perf_counter() - start)
        plain = data.decode("utf-8")
        start = time.perf_counter()
        raw.convert(plain)
        best_raw = min(best_raw, time.perf_counter() - start)
    return best_stage, best_raw


def differing_lines(a: Path, b: Path) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    return sum(x != y for x, y in zip(left, right, strict=False)) + abs(len(left) - len(right))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=8, help="size of the generated text (default 8)")
    parser.add_argument("--ab", type=int, default=7, help="alternating runs of raw binding and jingwen convert "
                                                          "(default 7; medians)")
    parser.add_argument("--ab-only", action="store_true", help="only the A/B of raw binding and jingwen convert")
    parser.add_argument("--runs", type=int, default=3, help="runs per contender; the best counts (default 3)")
    parser.add_argument("--venvs", type=Path, default=DATA / "venvs", help="where the other backends' venvs live")
    parser.add_argument("--skip-card", action="store_true", help="skip opencc-python-reimplemented")
    parser.add_argument("--skip-pure", action="store_true", help="skip opencc-py")
    args = parser.parse_args(argv)

    text = DATA / f"convert-{args.mb:g}mb.txt"
    if not text.exists():
        generate(text, args.mb)
    size_mb = text.stat().st_size / 2**20
    out = DATA / "out"
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from jingwen.cleaner.convert import backend_name

    print(f"input: {text} ({size_mb:.2f} MiB), s2t, best of {args.runs}; backend {backend_name()}; "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    jingwen = [str(JINGWEN), "convert", str(text), "--config", "s2t"]
    raw_command = [str(PYTHON), "-c", RAW, str(text)]
    ab(raw_command, jingwen, out, args.ab)
    if args.ab_only:
        return 0
    contenders = [
        ("raw binding (python -c, official opencc)", raw_command),
        ("jingwen convert (OpenCC alone, streamed)", jingwen),
        ("jingwen convert --clean (clean+normalize+conv)", [*jingwen, "--clean"]),
        ("jingwen convert --clean --no-normalize", [*jingwen, "--clean", "--no-normalize"]),
        ("jingwen clean (no conversion)", [str(JINGWEN), "clean", str(text)]),
        ("python -c read + write (no conversion)", [str(PYTHON), "-c", COPY, str(text)]),
    ]
    for key, package in OTHER_BACKENDS.items():
        if not getattr(args, f"skip_{key}"):
            contenders.append((f"{package} (python -c, own venv)",
                               [str(backend_python(package, args.venvs)), "-c", RAW, str(text)]))

    results = []
    for i, (label, command) in enumerate(contenders):
        result = run(label, command, out / f"{i}.txt", args.runs)
        results.append(result)
        print(f"  {label:48} {result.seconds:7.2f} s  {size_mb / result.seconds:6.2f} MB/s", flush=True)

    raw = results[0]
    print("\nratios (throughput relative to the raw binding, whole process):")
    for result in results[1:]:
        print(f"  {result.label:48} {raw.seconds / result.seconds:6.2f}×")
    by = {r.label.split(" (")[0] if r.label.startswith("jingwen clean") else r.label: r for r in results}
    copy, clean_only, full = by["python -c read + write (no conversion)"], by["jingwen clean"], results[2]
    raw_cost, jingwen_cost = raw.seconds - copy.seconds, full.seconds - clean_only.seconds
    print("\nwhat conversion adds to a run (time with conversion minus time without):")
    print(f"  raw binding: {raw_cost:.2f} s; jingwen convert over jingwen clean: {jingwen_cost:.2f} s "
          f"({raw_cost / jingwen_cost:.2f}× the raw binding's throughput)")
    stage_s, raw_s = stage(text, args.runs)
    print(f"  in one process: convert_document {stage_s:.2f} s, OpenCC.convert {raw_s:.2f} s "
          f"({raw_s / stage_s:.2f}×)")
    card = next((r for r in results if r.label.startswith(OTHER_BACKENDS["card"])), None)
    if card:
        print(f"\nagainst {OTHER_BACKENDS['card']}:")
        for result in results[:4]:
            print(f"  {result.label:48} {card.seconds / result.seconds:6.1f}× faster")
    print("\noutput check against the raw binding (lines that differ):")
    for result in results[1:]:
        if "no conversion" not in result.label:
            print(f"  {result.label:48} {differing_lines(raw.output, result.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
