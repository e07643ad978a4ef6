"""Sample corpora for the corpus tests: records whose texts are the cleaning cases, the negative
cases (body text that must come out untouched) and the seeds, with id/url/nested fields."""
from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from conftest import SEEDS, load_cases


def sample_texts() -> list[str]:
    texts = [case["input"] for case in load_cases("cleaning.toml") + load_cases("negative.toml")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append(texts[0].replace("\n", "\r\n"))  # Windows line endings are kept
    texts.append(texts[1].rstrip("\n"))  # no final newline: none added
    texts.append("")  # an empty text stays empty
    return texts


def make_records(count: int, seed: int = 0) -> list[dict]:
    rnd, texts = random.Random(seed), sample_texts()
    return [{"id": f"doc-{n:06d}", "url": f"https://example.cn/d/{n}", "text": rnd.choice(texts),
             "meta": {"lang": "zh", "score": round(rnd.random(), 3), "tags": ["a", "b"][: n % 3]}}
            for n in range(count)]


def dump(records: list[dict], extra: list[str] = ()) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra)
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_corpus(path: Path, records: list[dict], extra: list[str] = ()) -> Path:
    """Write ``records`` as JSON Lines (compressed by the suffix), then ``extra`` raw lines."""
    data = dump(records, extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    elif path.name.endswith(".zst"):
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zst"):
        import io

        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True).read()
    return data


def read_records(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    return [json.loads(line) for line in read_bytes(path).decode("utf-8").splitlines()]


def reference(records: list[dict], **settings) -> list[dict]:
    """The single-process answer: ``clean_record`` on each record."""
    from jingwen import clean_record

    return [clean_record(r, **settings) for r in records]
