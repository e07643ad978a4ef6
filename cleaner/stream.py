"""Large text files, cleaned piece by piece with bounded memory.

A text file above ``LARGE_FILE`` bytes is decoded incrementally and cut into segments of
about ``SEGMENT_CHARS`` characters, at a blank line where one is near. The first segment is
cleaned as the start of a page (header, title), the last as its end (truncated tail), the
others as body; the platform found in the first carries over. Output streams into a
temporary file that replaces the target only when complete, so memory stays near the size of
one segment whatever the size of the file.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jingwen.cleaner.clean.running import RunningNotices
from jingwen.cleaner.clean.stage import DETECT_BLOCKS, CleanOptions
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.model.tally import ChangeTally
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.pipeline import ruleset_for, run_stages
from jingwen.cleaner.readers import format_of
from jingwen.cleaner.readers.code_blocks import FENCE, closes
from jingwen.cleaner.readers.decode import decode_bytes
from jingwen.cleaner.readers.directives import DIRECTIVE
from jingwen.cleaner.readers.markdown import mark_markdown
from jingwen.cleaner.readers.text import text_document
from jingwen.cleaner.ruleset import start_union
from jingwen.cleaner.settings import Settings
from jingwen.cleaner.textfold import FILE_EXTENSION, fold_text

SEGMENT_CHARS = 2**20
_SECTION_START_CHARS = 200  # a section's start is a short label: longer lines are not folded to look
_CONTINUED_CHUNK = compile_pattern(r"\s*(?:[2-9]|[1-9]\d+)、")
HARD_LIMIT_CHARS = 4 * SEGMENT_CHARS  # no blank line for this long: cut at a line end
_PROBE = 256 * 1024
_LABEL_CHARS = 16  # a line of text this short or shorter introduces what follows: no cut after it
_REPEAT_REACH = 12  # lines of text back a repeated line (a title's copy) is looked for before a cut


@dataclass
class Segment:
    lines: list[str]  # with their line endings
    first_line: int  # 1-based number of lines[0] in the file
    first: bool
    last: bool = False
    open_end: bool = False  # ends inside a line (a line too long for one segment), not at a line end


@dataclass
class StreamResult:
    changes: ChangeTally = field(default_factory=ChangeTally)  # of every segment, bounded
    chars_in: int = 0
    chars_out: int = 0
    truncated_tail: str | None = None
    tail_kept: bool = False
    platform: str | None = None
    platform_confidence: float = 0.0
    script: str = "none"
    language: str | None = None
    title: str | None = None
    changed: bool = False


def detect_encoding(path: Path) -> str:
    """The encoding of a large file, judged on its first bytes (cut at a line end)."""
    with open(path, "rb") as f:
        head = f.read(_PROBE)
    cut = head.rfind(b"\n") + 1 if len(head) == _PROBE else len(head)
    if cut <= 0:  # no line end in the probe: cut anywhere, then step back over a character
        cut = len(head)  # the cut may have split (up to 3 bytes in UTF-8 and GB18030)
    error = None
    for back in range(4 if len(head) == _PROBE else 1):
        try:
            return _stream_codec(decode_bytes(head[:cut - back])[1])
        except InputError as e:
            error = error or e
    raise error


def _stream_codec(encoding: str) -> str:
    return {"utf-16": "utf-16", "utf-32": "utf-32"}.get(encoding, encoding)


def _pieces(text: io.TextIOBase) -> Iterator[str]:
    """The lines of ``text`` with their endings; a line longer than ``SEGMENT_CHARS`` comes in
    several pieces (never splitting a ``\\r\\n``)."""
    held = ""  # a piece cut by the limit right after a \r: its \n may come next
    while True:
        piece = text.readline(SEGMENT_CHARS)
        if not piece:
            if held:
                yield held
            return
        cut = len(piece) == SEGMENT_CHARS
        if held:
            if piece.startswith("\n"):
                held, piece = held + "\n", piece[1:]
            yield held
            held = ""
            if not piece:
                continue
        if cut and piece.endswith("\r"):
            held = piece
        else:
            yield piece


class _Regions:
    r"""Whether a line sits inside a region a cut must not split: a ``jingwen: off`` region
    (any format) or a fenced code block. Cutting there would lose the protection in the next
    segment.

    >>> r = _Regions("md")
    >>> [r.inside_after(line) for line in ["```\n", "查看更多\n", "```\n", "正文\n"]]
    [True, True, False, False]
    """

    def __init__(self, fmt: str) -> None:
        self.fences = fmt in ("md", "txt")
        self.off = False
        self.fence: str | None = None

    def inside_after(self, line: str) -> bool:
        """Update the state with ``line``; whether the text after it is inside a region."""
        if "jingwen" in line and (m := DIRECTIVE.match(line.rstrip("\r\n"))):
            verb = m.group("verb").lower()
            self.off = {"off": True, "on": False}.get(verb, self.off)
        elif self.fences and (m := FENCE.match(line)):
            if self.fence is None:
                self.fence = m.group("fence")
            elif closes(self.fence, line):
                self.fence = None
        return self.off or self.fence is not None


def section_reach(settings: Settings) -> tuple[re.Pattern | None, int]:
    """Any section start of the rules in force (``猜你喜欢``, ``关键词:``) and the most lines of
    text a section takes after its start: no cut falls within that reach, so a section is
    judged whole whatever the segment size."""
    rules = tuple(r for r in ruleset_for(settings).rules if r.sections)
    return start_union(rules), max((s.within + s.then for r in rules for s in r.sections), default=0)


def read_segments(path: Path, encoding: str, fmt: str = "txt", section_start: re.Pattern | None = None,
                  reach: int = 0) -> Iterator[Segment]:
    """The file's lines, decoded incrementally, grouped into segments. A line longer than
    ``SEGMENT_CHARS`` is read in pieces, and a segment may end inside it (``open_end``).
    Cuts fall at blank lines outside protected regions and fenced code (``_Regions``) and not
    within ``reach`` lines of text after a line ``section_start`` matches (``section_reach``);
    the first segment holds at least the ``DETECT_BLOCKS`` lines the page start is judged on."""
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        lines: list[str] = []
        size, number, start, first = 0, 0, 1, True
        inside = False  # the last piece read ended inside a line
        ready = False  # past SEGMENT_CHARS at a blank line: cut before the next line of text
        last_length = 0  # of the last line of text, stripped
        pending = None  # a cut waiting for the lines after it: (index in lines, its line number, recent, lines seen)
        recent: deque[str] = deque(maxlen=_REPEAT_REACH)  # the last lines of text (_repeat_key)
        regions, protected = _Regions(fmt), False
        text_lines = 0  # in the first segment: the page start is judged in one piece
        section_open = 0  # lines of text counted down after a section's start: no cut before 0
        try:
            for line in _pieces(text):
                if not inside:
                    number += 1
                if number == 1 and not inside and line.startswith("\ufeff"):
                    line = line[1:]
                if "\x00" in line:
                    raise InputError(f"binary data, not text (NUL on line {number})")
                ends = line.endswith(("\n", "\r"))
                blank = not inside and ends and not line.strip()
                if ready and not blank:
                    ready = False
                    # a line repeating one of the last few stays with them: rules comparing
                    # neighbours (a title printed twice, with a platform's widgets between the
                    # copies) see the pair whatever the cut; the cut waits for the next lines
                    # of text to show no copy either (a file that repeats itself all along is
                    # cut anyway, half a segment later); a chunk numbered 2、 3、 … of a chunked
                    # preview stays with the run, which is judged whole
                    # nor does a cut follow a short line (a label such as 文档简介, a heading):
                    # it belongs with the text it introduces
                    if pending is None and last_length > _LABEL_CHARS and not _CONTINUED_CHUNK.match(line):
                        pending = (len(lines), number, frozenset(recent), 0)
                if pending is not None and not blank and not inside:
                    cut, cut_number, before, seen = pending
                    if _repeat_key(line) in before and size < SEGMENT_CHARS + SEGMENT_CHARS // 2:
                        pending = None  # a copy of a line above: no cut here
                    elif seen + 1 < _REPEAT_REACH:
                        pending = (cut, cut_number, before, seen + 1)
                    else:
                        pending = None
                        yield Segment(lines[:cut], start, first)
                        lines, start, first = lines[cut:], cut_number, False
                        size = sum(map(len, lines))
                lines.append(line)
                size += len(line)
                if not blank:
                    recent.append(_repeat_key(line))
                    last_length = len(line.strip())
                inside = not ends
                if not blank and not inside:
                    protected = regions.inside_after(line)
                    text_lines += 1
                    section_open = max(0, section_open - 1)
                    if (section_start is not None and len(line) <= _SECTION_START_CHARS
                            and section_start.fullmatch(fold_text(line.rstrip("\r\n")))):
                        section_open = reach
                if (blank and size >= SEGMENT_CHARS and not protected and not section_open
                        and (not first or text_lines >= DETECT_BLOCKS)):
                    ready = True
                elif size >= HARD_LIMIT_CHARS or (inside and size >= SEGMENT_CHARS):
                    yield Segment(lines, start, first, open_end=inside)
                    lines, size, first, ready, pending = [], 0, False, False, None
                    start = number if inside else number + 1
        except UnicodeDecodeError as e:
            raise InputError(f"invalid {encoding} near byte offset {raw.tell() - len(e.object) + e.start} "
                             f"(line {number + 1})") from None
        if lines or first:  # not an empty piece after a cut at the very end
            yield Segment(lines, start, first, last=True)


def _repeat_key(line: str) -> str:
    """A short line's text for spotting its copy: a title printed with and without its file
    extension (``规程.docx``, ``规程``) compares equal.

    >>> _repeat_key("  设备维护规程.DOCX ") == _repeat_key("设备维护规程")
    True
    """
    text = line.strip()
    if len(text) > _SECTION_START_CHARS:
        return text
    return (FILE_EXTENSION.sub("", text) if "." in text else text).lower()


def _trailing_blank_lines(lines: list[str]) -> int:
    """Blank lines a segment ends with: they separate its last paragraph from the next segment's.

    >>> _trailing_blank_lines(["正文。\\n", "\\n", " \\n"])
    2
    """
    count = 0
    for line in reversed(lines):
        if line.strip():
            break
        count += 1
    return count


@dataclass
class CleanedSegment:
    """What one segment gives back (plain data: it may come from a worker process)."""

    text: str | None  # the cleaned text of its body (None: nothing left)
    gap: int  # blank lines before its first body block
    newline: str
    changes: ChangeTally  # the segment's removals and edits, bounded (a segment may hold millions)
    chars_in: int
    chars_out: int
    platform: str | None
    platform_confidence: float
    scraped: bool
    title: str | None
    script: str
    language: str
    truncated_tail: str | None
    tail_kept: bool


def running_notices(path: Path, encoding: str, settings: Settings) -> tuple[frozenset[str], frozenset[str]] | None:
    """The notices the whole file repeats (``residue.running_notice``), counted in a first pass
    so that every segment removes the same copies (None: the rule is not in force)."""
    rule = next((r for r in ruleset_for(settings).rules if r.builtin == "running_notice"), None)
    if rule is None:
        return None
    counter = RunningNotices.for_params(rule.params)
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        held, partial = "", ""  # the last whole lines read, not counted yet; a line still being read
        while chunk := f.read(SEGMENT_CHARS):
            text = partial + chunk
            cut = text.rfind("\n") + 1
            whole, partial = text[:cut], text[cut:]
            if len(partial) > HARD_LIMIT_CHARS:  # a line that long holds no notice
                partial = ""
            if whole:
                if held:
                    counter.add_text(held, lookahead=whole)
                held = whole
        counter.add_text(held + partial)
    return counter.found()


def clean_segment(segment: Segment, path: str, settings: Settings, known_platform: str | None,
                  newline: str | None, fmt: str = "txt", known_scraped: bool = False,
                  notices: tuple[frozenset[str], frozenset[str]] | None = None) -> CleanedSegment:
    """Clean one segment: the first as a page start, the last as a page end, the others as body
    (``known_platform``, ``known_scraped``: found in the first; ``notices``: counted over the whole
    file). Depends on nothing else, so segments after the first can be cleaned in any process,
    in any order."""
    raw_text = "".join(segment.lines)
    doc = text_document(raw_text, path, fmt=fmt, first_line=segment.first_line)
    if fmt == "md":
        mark_markdown(doc)
    doc = run_stages(doc, settings, CleanOptions(header=segment.first, tail=segment.last,
                                                 known_platform=known_platform, known_scraped=known_scraped,
                                                 running_notices=notices))
    doc.trailing_newline = False
    doc.newline = newline or ("\r\n" if raw_text.count("\r\n") > raw_text.count("\n") // 2 else "\n")
    body = next(iter(doc.body()), None)
    return CleanedSegment(
        text=doc.to_text() if body is not None else None, gap=body.gap if body is not None else 0,
        newline=doc.newline,
        changes=ChangeTally().add_all(doc.log),
        chars_in=len(raw_text), chars_out=doc.chars_out(),
        platform=doc.meta.platform, platform_confidence=doc.meta.platform_confidence, scraped=doc.meta.scraped,
        title=doc.meta.title,
        script=doc.meta.script, language=doc.meta.language, truncated_tail=doc.truncated_tail, tail_kept=doc.tail_kept)


def _clean_segment_task(args: tuple) -> CleanedSegment:
    return clean_segment(*args)


def _with_last(segments: Iterator[Segment]) -> Iterator[Segment]:
    """The segments with ``last`` set on the final one (one segment of look-ahead)."""
    pending: Segment | None = None
    for segment in segments:
        if pending is not None:
            yield pending
        pending = segment
    if pending is not None:
        pending.last = True
        yield pending


def _cleaned_in_order(segments: Iterator[Segment], path: str, settings: Settings, newline: str | None,
                      jobs: int, fmt: str = "txt", notices: tuple | None = None
                      ) -> Iterator[tuple[Segment, CleanedSegment]]:
    """Each segment with its cleaned result, in file order. The first is cleaned here (its
    platform and script decide how the rest is cleaned); with ``jobs`` > 1 the rest are spread
    over that many worker processes, at most one per worker read ahead (memory stays bounded)."""
    segments = _with_last(segments)
    first = next(segments, None)
    if first is None:
        return
    cleaned = clean_segment(first, path, settings, None, newline, fmt, notices=notices)
    yield first, cleaned
    known_platform, known_scraped = cleaned.platform, cleaned.scraped
    if settings.convert and not settings.force:  # the first segment passed the script check:
        settings = settings._replace(force=True)  # the rest of the book converts as a whole
    if jobs <= 1:
        for segment in segments:
            yield segment, clean_segment(segment, path, settings, known_platform, newline, fmt, known_scraped,
                                         notices)
        return
    import multiprocessing
    import sys
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        waiting: deque = deque()
        for segment in segments:
            task = (segment, path, settings, known_platform, newline, fmt, known_scraped, notices)
            waiting.append((segment, pool.submit(_clean_segment_task, task)))
            while len(waiting) > jobs:
                done, future = waiting.popleft()
                yield done, future.result()
        while waiting:
            done, future = waiting.popleft()
            yield done, future.result()


def clean_large_file(path: Path, settings: Settings, sink, newline: str | None = None,
                     jobs: int = 1) -> StreamResult:
    """Clean ``path`` segment by segment, writing UTF-8 text to ``sink`` (anything with
    ``write(bytes)``, or None to only check). Returns what a report needs. ``jobs`` > 1 cleans
    the segments after the first in that many worker processes; the output is the same."""
    encoding = detect_encoding(path)
    result = StreamResult()
    digest_in, digest_out = hashlib.blake2b(), hashlib.blake2b()
    encoder = codecs.getincrementalencoder("utf-8")()
    written_any, ends_with_newline = False, False
    joint = 1  # line ends between the last text written and the next: 0 inside a line cut in two

    def digested(segments: Iterator[Segment]) -> Iterator[Segment]:
        nonlocal ends_with_newline
        for segment in segments:
            raw_text = "".join(segment.lines)
            digest_in.update(raw_text.encode("utf-8", "surrogatepass"))
            ends_with_newline = raw_text.endswith(("\n", "\r"))
            yield segment

    fmt = "md" if format_of(path) == "md" else "txt"
    segments = read_segments(path, encoding, fmt, *section_reach(settings))
    notices = running_notices(path, encoding, settings)
    for segment, cleaned in _cleaned_in_order(digested(segments), str(path), settings, newline, jobs, fmt,
                                              notices):
        if segment.first:
            result.platform, result.platform_confidence = cleaned.platform, cleaned.platform_confidence
            result.title, result.script, result.language = cleaned.title, cleaned.script, cleaned.language
        if segment.last:
            result.truncated_tail, result.tail_kept = cleaned.truncated_tail, cleaned.tail_kept
        result.changes.merge(cleaned.changes)
        result.chars_in += cleaned.chars_in
        result.chars_out += cleaned.chars_out
        if cleaned.text is None:
            if not segment.open_end:
                joint += _trailing_blank_lines(segment.lines)
            continue
        piece = cleaned.text
        if written_any:
            # blank lines on both sides of a joint count once, as when the file is cleaned whole
            # (the gap after a removed block is the larger of the gaps around it)
            piece = cleaned.newline * (1 + max(joint - 1, cleaned.gap) if joint else 0) + piece
        written_any = True
        joint = 0 if segment.open_end else 1 + _trailing_blank_lines(segment.lines)
        data = encoder.encode(piece)
        digest_out.update(data)
        if sink is not None:
            sink.write(data)
    if written_any and ends_with_newline:
        data = encoder.encode(newline or "\n")
        digest_out.update(data)
        if sink is not None:
            sink.write(data)
    result.changed = digest_in.digest() != digest_out.digest()
    return result
