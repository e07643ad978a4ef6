#!/usr/bin/env python3
"""The web page's server side, in process (Starlette's test client, no browser): median wall
time of cleaning the seed as the page asks for it, of cleaning it again with the user's
decisions (a kept line, a removed line, a rule off), and of the layout preview (the first
pages as PDF, rasterised).

    .venv/bin/python bench/web_page.py [--runs 9]

What a click costs on this machine before the browser draws anything; the browser's own time
is not included.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient

from jingwen.web.app import create_app
from jingwen.web.store import Workspace

SEED = ROOT / "seeds" / "000_2e1bb02e33a77ce7.txt"


def median_time(action, runs: int) -> float:
    action()  # warm: patterns compiled, fonts loaded
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9)
    runs = ap.parse_args().runs
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace.create(tmp)
        with TestClient(create_app(workspace), base_url="http://127.0.0.1:8765") as client:
            def clean(adjust=None):
                response = client.post("/api/clean", json={"text": text, "options": {}, "adjust": adjust or {}})
                assert response.status_code == 200, response.text
                return response.json()

            decisions = {"text": {"keep": [1], "drop": [12], "off": ["norm.punct-width"]}}
            rows = [("clean the seed", median_time(clean, runs)),
                    ("clean with decisions", median_time(lambda: clean(decisions), runs))]
            result = clean()["result"]  # the latest: older ones are pushed out after eight

            def preview():
                response = client.post("/api/previews", json={"result": result, "file": 0, "paper": "A4"})
                assert response.status_code == 200, response.text

            rows.append(("layout preview (first pages)", median_time(preview, runs)))
        workspace.close()
    print(f"{SEED.name}: {len(text)} characters, median of {runs} runs")
    for name, seconds in rows:
        print(f"  {name:30} {seconds * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
