#!/usr/bin/env python3
"""Fit the line score's weights (``cleaner/data/line_score.json``) from labelled pages.

    scripts/fit_line_score.py CORPUS [CORPUS ...] [--fit-only FOLDER] [--negatives tests/cases/negative.toml]
                              [--out cleaner/data/line_score.json] [--precision 0.997]

The committed weights: ``scripts/fit_line_score.py ../shared/corpus --fit-only tests/fixtures/unseen
--fit-only ../labelled/sets/tune`` (the tune part of the real pages labelled outside the project;
whole sites of them are kept apart, unseen by the fit, to measure on: ``../labelled/sets/holdout``).

A labelled corpus folder is laid out like ``../shared/corpus``: ``raw/ID.txt`` (the page as
scraped), ``gold/ID.txt`` (the page with every boilerplate line deleted) and ``manifest.jsonl``
(``id`` and ``platform`` of each page). Every line of every page gets the cues the cleaner
computes at run time (``jingwen.cleaner.clean.scoring.page_cues``, the title found by the
generic rules as at run time); a logistic regression (Newton's method with an L2 penalty, pure
Python: no ML library at run time or here) weighs them; the threshold is the lowest one whose
removals are at least ``--precision`` boilerplate on the fitting lines, so the score errs
towards keeping lines.

Sites are split into a fitting part and a held-out part by a hash of the site's name (one site
in three is held out, ``--holdout-share``), so that the held-out pages measure pages and sites
the weights never saw: score them with ``../shared/tools/score_corpus.py`` on a folder holding
only the held-out pages (``--write-split DIR`` writes the two parts as corpus folders).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

L2 = 0.5  # penalty on every weight (not the bias): few pages, keep weights modest


def site_of(platform: str) -> str:
    """``renrendoc(old p- layout)`` and ``renrendoc`` are one site."""
    return platform.split("(")[0].strip().removesuffix("-mirror") or platform


def held_out(platform: str, share: int) -> bool:
    return int(hashlib.sha256(site_of(platform).encode()).hexdigest(), 16) % share == 0


def gold_labels(raw_lines: list[str], gold_lines: list[str]) -> dict[int, bool]:
    """1-based raw line number -> True (body) / False (boilerplate), as the shared scorer labels."""
    gold = [g for g in gold_lines if g.strip()]
    out, g = {}, 0
    for n, line in enumerate(raw_lines, 1):
        if not line.strip():
            continue
        if g < len(gold) and line.strip() == gold[g].strip():
            out[n] = True
            g += 1
        else:
            out[n] = False
    if g != len(gold):
        raise ValueError("gold is not a subsequence of raw")
    return out


def page_examples(raw: str, gold: str) -> list[tuple[dict, bool, str]]:
    """(cues, is_boilerplate, line) of every scored line of one page."""
    from jingwen.cleaner.clean.scoring import page_cues
    from jingwen.cleaner.clean.stage import clean
    from jingwen.cleaner.model.document import Document
    from jingwen.cleaner.readers import read_bytes
    from jingwen.cleaner.ruleset import load_rules
    from jingwen.cleaner.textfold import FILE_EXTENSION, fold_text, key_of_folded

    labels = gold_labels(raw.splitlines(), gold.splitlines())
    doc = read_bytes(raw.encode("utf-8"), "page.txt")
    blocks = list(doc.blocks)
    cleaned = clean(Document(list(blocks)), load_rules().select(["generic"], ["generic.score"]))
    title = cleaned.meta.title
    title_key = key_of_folded(FILE_EXTENSION.sub("", fold_text(title))) if title else None
    cues = page_cues([fold_text(b.text) for b in blocks], title_key)
    kept_lines = {b.line for b in cleaned.blocks}
    title_line = next((b.line for b in blocks if title_key and b.line in kept_lines  # the title line:
                       and key_of_folded(FILE_EXTENSION.sub("", fold_text(b.text))) == title_key), None)  # never scored
    return [(c, not labels[b.line], b.text) for b, c in zip(blocks, cues, strict=True)
            if c is not None and b.line in labels and b.line != title_line]


def corpus_pages(folder: Path) -> list[tuple[str, str, str, str]]:
    """(id, platform, raw, gold) of each page of a labelled folder."""
    out = []
    for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            m = json.loads(line)
            raw = (folder / "raw" / f"{m['id']}.txt").read_text(encoding="utf-8")
            gold = (folder / "gold" / f"{m['id']}.txt").read_text(encoding="utf-8")
            out.append((m["id"], m.get("platform", "?"), raw, gold))
    return out


def negative_examples(path: Path) -> list[tuple[dict, bool, str]]:
    """Every line of the negative cases is body (known failures, ``expect = "fail"``, left out)."""
    import tomllib

    out = []
    for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
        if case.get("expect") == "fail":
            continue
        text = case["input"]
        out += page_examples(text, text)
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a small dense system)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col and m[r][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(rows: list[list[float]], ys: list[int], iterations: int = 25) -> list[float]:
    """Logistic regression by Newton's method; ``rows`` start with a constant 1 (the bias)."""
    k = len(rows[0])
    w = [0.0] * k
    for _ in range(iterations):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in zip(rows, ys, strict=True):
            z = sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
            d, s = p - y, p * (1 - p)
            nz = [(i, xi) for i, xi in enumerate(x) if xi]
            for i, xi in nz:
                grad[i] += d * xi
                for j, xj in nz:
                    hess[i][j] += s * xi * xj
        for i in range(1, k):
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        for i in range(k):
            hess[i][i] += 1e-6
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def choose_threshold(probs: list[float], ys: list[int], precision: float) -> float:
    """The lowest threshold (0.50 … 0.99) whose removals are ``precision`` boilerplate or better."""
    for t in [x / 100 for x in range(50, 100)]:
        removed = [y for p, y in zip(probs, ys, strict=True) if p >= t]
        if removed and sum(removed) / len(removed) >= precision:
            return t
    return 0.99


def report(name: str, probs: list[float], examples: list, t: float) -> None:
    boiler = [p for p, (_, y, _) in zip(probs, examples, strict=True) if y]
    body = [(p, line) for p, (_, y, line) in zip(probs, examples, strict=True) if not y]
    recall = sum(p >= t for p in boiler) / len(boiler) if boiler else 0.0
    lost = [line for p, line in body if p >= t]
    print(f"{name}: {len(boiler)} boilerplate lines, recall {recall:.3f}; {len(body)} body lines, "
          f"{len(lost)} would be removed", file=sys.stderr)
    for line in lost[:10]:
        print(f"  body scored as boilerplate: {line[:80]}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    from jingwen.cleaner.clean.cues import CUES
    from jingwen.cleaner.clean.line_weights import WEIGHTS_FILE

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--negatives", type=Path, default=ROOT / "tests" / "cases" / "negative.toml")
    ap.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    ap.add_argument("--precision", type=float, default=0.997)
    ap.add_argument("--holdout-share", type=int, default=3, help="hold out one site in N (0: none)")
    ap.add_argument("--fit-only", type=Path, action="append", default=[],
                    help="a labelled folder whose pages are all fitted on, none held out (pages written to teach "
                         "the score shapes no real page showed it yet, such as tests/fixtures/unseen)")
    ap.add_argument("--write-split", type=Path, help="write the fitting and held-out pages as corpus folders here")
    a = ap.parse_args(argv)

    fitting, holding = [], []
    for folder in a.corpora + a.fit_only:
        for sid, platform, raw, gold in corpus_pages(folder):
            hold = folder not in a.fit_only and a.holdout_share and held_out(platform, a.holdout_share)
            out = holding if hold else fitting
            out.append((folder, sid, platform, page_examples(raw, gold)))
    train = [e for *_, ex in fitting for e in ex] + negative_examples(a.negatives)
    rows = [[1.0] + [c[name] for name in CUES] for c, _, _ in train]
    ys = [int(y) for _, y, _ in train]
    w = fit(rows, ys)
    probs = [1 / (1 + math.exp(-max(-60, min(60, sum(wi * xi for wi, xi in zip(w, r, strict=True))))))
             for r in rows]
    threshold = choose_threshold(probs, ys, a.precision)
    report("fitting lines", probs, train, threshold)
    held = [e for *_, ex in holding for e in ex]
    if held:
        hprobs = [1 / (1 + math.exp(-max(-60, min(60, w[0] + sum(wi * c[n] for wi, n in zip(w[1:], CUES,
                                                                                         strict=True))))))
                  for c, _, _ in held]
        report("held-out lines", hprobs, held, threshold)
    data = {
        "about": "Line score weights, fitted by scripts/fit_line_score.py; do not edit by hand.",
        "fitted_on": sorted({site_of(p) for _, _, p, _ in fitting}),
        "held_out": sorted({site_of(p) for _, _, p, _ in holding}),
        "lines": len(train), "precision": a.precision,
        "bias": round(w[0], 4), "threshold": threshold,
        "weights": {name: round(wi, 4) for name, wi in zip(CUES, w[1:], strict=True)},
    }
    a.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out}: threshold {threshold}", file=sys.stderr)
    if a.write_split:
        for part, pages in (("fit", fitting), ("heldout", holding)):
            dest = a.write_split / part
            shutil.rmtree(dest, ignore_errors=True)
            (dest / "raw").mkdir(parents=True)
            (dest / "gold").mkdir()
            with open(dest / "manifest.jsonl", "w", encoding="utf-8") as manifest:
                for folder, sid, _, _ in pages:
                    for sub in ("raw", "gold"):
                        shutil.copy(folder / sub / f"{sid}.txt", dest / sub / f"{sid}.txt")
                    m = next(json.loads(x) for x in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
                             if x.strip() and json.loads(x)["id"] == sid)
                    manifest.write(json.dumps(m, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
