"""Corpus file formats: JSON Lines (plain, gzip, zstandard) and Parquet, read and written as streams.

Nothing here holds more than one line (JSON Lines) or one batch of rows (Parquet) at a time.
Compressed output is written as one gzip member or zstandard frame per part file, so the parts
of a file concatenated byte for byte are a valid compressed file (``gzip -d``, ``zstd -d`` and
Python's readers all read across members and frames).

>>> corpus_format("web/part-0001.jsonl.gz"), corpus_format("notes.txt")
('jsonl.gz', None)
>>> shard_ends([b'{"a":1}\\n', b'{"a":2}\\n', b'{"a":3}\\n'], 10)
[2, 3]
"""
from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from jingwen.batch.files import CORPUS_SUFFIXES

FORMATS = {suffix: suffix[1:] for suffix in CORPUS_SUFFIXES}  # ".jsonl.gz" -> "jsonl.gz"
PARQUET_BATCH_ROWS = 1024
PARQUET_GROUP_BYTES = 16 * 2**20  # output row groups of about this many bytes in memory
GZIP_LEVEL = 6  # as the gzip command; 9 is much slower for a few percent
ZSTD_LEVEL = 3


def corpus_format(path: str | os.PathLike) -> str | None:
    """``jsonl``, ``jsonl.gz``, ``jsonl.zst`` or ``parquet`` by the file name; None for other files."""
    name = os.fspath(path).lower()
    for suffix, fmt in FORMATS.items():
        if name.endswith(suffix):
            return fmt
    return None


def part_suffix(fmt: str) -> str:
    return "." + fmt


def require(fmt: str) -> None:
    """Raise ``JingwenError`` with the install command when ``fmt`` needs a missing module."""
    from jingwen.cleaner.model.errors import JingwenError

    if fmt == "jsonl.zst":
        try:
            import zstandard  # noqa: F401
        except ImportError:
            raise JingwenError(".jsonl.zst files need the zstandard module: pip install zstandard") from None
    elif fmt == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise JingwenError("Parquet files need pyarrow: pip install 'jingwen[parquet]'") from None


# JSON Lines -----------------------------------------------------------------------------------

def open_lines(path: str | os.PathLike, fmt: str) -> IO[bytes]:
    """A binary stream of the file's (decompressed) bytes; iterate it for lines."""
    if fmt == "jsonl":
        return open(path, "rb", buffering=2**20)
    if fmt == "jsonl.gz":
        return io.BufferedReader(gzip.GzipFile(path, "rb"), buffer_size=2**20)
    if fmt == "jsonl.zst":
        import zstandard

        raw = open(path, "rb")
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, buffer_size=2**20)
    raise ValueError(f"not a JSON Lines format: {fmt}")


def read_span(path: str | os.PathLike, start: int, end: int) -> Iterator[bytes]:
    """The lines of a plain ``.jsonl`` file between two line starts (byte offsets)."""
    with open(path, "rb", buffering=2**20) as f:
        f.seek(start)
        position = start
        while position < end:
            line = f.readline()
            if not line:
                return
            position += len(line)
            yield line


def line_spans(path: str | os.PathLike, shard_size: int) -> list[tuple[int, int]]:
    """Byte ranges of a plain ``.jsonl`` file, each ending after the line that reaches
    ``shard_size`` bytes: the same cut as ``shard_ends`` on the stream of lines, found by
    seeking, so planning costs one short read per shard whatever the file size."""
    size = os.path.getsize(path)
    spans, start = [], 0
    with open(path, "rb") as f:
        while start < size:
            end = _line_end(f, start + shard_size - 1, size)
            spans.append((start, end))
            start = end
    return spans or [(0, 0)]


def _line_end(f: IO[bytes], position: int, size: int) -> int:
    """The offset just past the first newline at or after ``position``."""
    if position >= size:
        return size
    f.seek(position)
    while True:
        chunk = f.read(2**16)
        if not chunk:
            return size
        newline = chunk.find(b"\n")
        if newline >= 0:
            return position + newline + 1
        position += len(chunk)


def shard_ends(lines: Iterable[bytes], shard_size: int) -> list[int]:
    """Line counts at which a stream is cut into shards (for tests and documentation)."""
    ends, size, count = [], 0, 0
    for line in lines:
        size += len(line)
        count += 1
        if size >= shard_size:
            ends.append(count)
            size = 0
    if size or not ends:
        ends.append(count)
    return ends


class LineWriter:
    """Writes lines to a binary file, compressed as ``fmt`` says; ``close`` ends the member/frame
    but leaves the file open (the caller owns it)."""

    def __init__(self, raw: IO[bytes], fmt: str) -> None:
        self.raw, self.bytes = raw, 0
        if fmt == "jsonl":
            self.out: Any = raw
        elif fmt == "jsonl.gz":
            self.out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0)
        elif fmt == "jsonl.zst":
            import zstandard

            self.out = zstandard.ZstdCompressor(level=ZSTD_LEVEL).stream_writer(raw, closefd=False)
        else:
            raise ValueError(f"not a JSON Lines format: {fmt}")
        self.buffer: list[bytes] = []
        self.buffered = 0

    def write(self, line: bytes) -> None:
        self.bytes += len(line)
        self.buffer.append(line)
        self.buffered += len(line)
        if self.buffered >= 2**20:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.out.write(b"".join(self.buffer))
            self.buffer, self.buffered = [], 0

    def close(self) -> None:
        self.flush()
        if self.out is not self.raw:
            self.out.close()


# Parquet --------------------------------------------------------------------------------------

def jingwen_type():
    """The Arrow type of the ``jingwen`` column (fixed, so every part has the same schema)."""
    import pyarrow as pa

    return pa.struct([
        ("platform", pa.string()), ("script", pa.string()), ("title", pa.string()),
        ("changed", pa.bool_()), ("removed", pa.int32()), ("rules", pa.list_(pa.string())),
        ("truncated_tail", pa.string()), ("tail_kept", pa.bool_()), ("error", pa.string()),
    ])


def parquet_text_type(schema, field: str):
    """The Arrow type of the text column as written (dictionary columns are decoded)."""
    import pyarrow as pa

    from jingwen.cleaner.model.errors import InputError

    if schema.get_field_index(field) < 0:
        names = ", ".join(schema.names[:8])
        raise InputError(f"no column {field!r} (columns: {names}); choose one with --field")
    kind = schema.field(field).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    textual = pa.types.is_string(kind) or pa.types.is_large_string(kind)
    textual = textual or getattr(pa.types, "is_string_view", lambda _: False)(kind)
    if not textual:
        raise InputError(f"column {field!r} holds {kind}, not text; choose the text column with --field")
    return kind


def parquet_output_schema(schema, field: str):
    """The input schema with the text column decoded and a ``jingwen`` column last."""
    import pyarrow as pa

    text_type = parquet_text_type(schema, field)  # no such column, or not text: InputError
    fields = [pa.field(field, text_type) if f.name == field else f for f in schema if f.name != "jingwen"]
    return pa.schema([*fields, pa.field("jingwen", jingwen_type())], metadata=schema.metadata)


def row_group_spans(path: str | os.PathLike, shard_size: int) -> list[tuple[int, ...]]:
    """Consecutive row groups of a Parquet file, grouped until they reach ``shard_size`` bytes
    (uncompressed, from the file's metadata)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    spans, current, size = [], [], 0
    for group in range(meta.num_row_groups):
        current.append(group)
        size += meta.row_group(group).total_byte_size
        if size >= shard_size:
            spans.append(tuple(current))
            current, size = [], 0
    if current or not spans:
        spans.append(tuple(current))
    return spans


def parquet_batches(path: str | os.PathLike, row_groups: tuple[int, ...]):
    """Record batches of the given row groups, a few hundred rows at a time."""
    import pyarrow.parquet as pq

    if not row_groups:
        return
    with pq.ParquetFile(path) as pf:
        yield from pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=list(row_groups))


class ParquetPartWriter:
    """Writes processed batches to a Parquet file in row groups of about 16 MB."""

    def __init__(self, raw: IO[bytes], schema) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(raw, schema)
        self.schema, self.pending, self.pending_bytes = schema, [], 0

    def write(self, batch) -> None:
        self.pending.append(batch)
        self.pending_bytes += batch.nbytes
        if self.pending_bytes >= PARQUET_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.pending:
            self.writer.write_table(pa.Table.from_batches(self.pending, schema=self.schema))
            self.pending, self.pending_bytes = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


def concatenate_parquet(parts: list[str], out: IO[bytes]) -> None:
    """Copy the row groups of Parquet ``parts``, in order, into one file (one group in memory)."""
    import pyarrow.parquet as pq

    writer = None
    for part in parts:
        with pq.ParquetFile(part) as pf:
            if writer is None:
                writer = pq.ParquetWriter(out, pf.schema_arrow)
            for group in range(pf.metadata.num_row_groups):
                writer.write_table(pf.read_row_group(group))
    if writer is not None:
        writer.close()
