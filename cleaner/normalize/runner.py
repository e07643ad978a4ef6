"""The stage: ``normalize(doc, settings, only)`` runs the enabled steps phase by phase (line
steps together, round after round on each editable block; document steps alone), masking what
no step may see and logging each change as an edit; ``normalize_text`` for a plain string."""
from __future__ import annotations

from collections.abc import Collection, Iterable

from jingwen.cleaner.model.document import FURNITURE, VERBATIM, Block, Document, replace
from jingwen.cleaner.normalize.blocks import blocks_matching, editable
from jingwen.cleaner.normalize.context import MASK
from jingwen.cleaner.normalize.masking import mask, unmask
from jingwen.cleaner.normalize.step import Step
from jingwen.cleaner.normalize.steps import STEPS
from jingwen.cleaner.patterns import compile_pattern

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from jingwen.cleaner.settings import Settings


def _active(settings: Settings | None, only: Collection[str] | None = None) -> list[Step]:
    out = []
    for step in STEPS:
        if only is not None and step.id not in only:
            continue
        if step.option is not None and not getattr(settings, step.option, False):
            continue
        if settings is not None and hasattr(settings, "enabled") and not settings.enabled(step.id):
            continue
        out.append(step)
    return out


def _phases(steps: Iterable[Step]) -> list[Step | list[Step]]:
    """Consecutive line steps grouped (one pass over the blocks each); document steps alone."""
    phases: list[Step | list[Step]] = []
    for step in steps:
        if step.document is not None:
            phases.append(step)
        elif phases and isinstance(phases[-1], list):
            phases[-1].append(step)
        else:
            phases.append([step])
    return phases


_HTML_COMMENT_OPEN = compile_pattern(r"<!--(?!.*-->)")


MAX_ROUNDS = 10  # a guard only: every step changes text one way, so rounds end when nothing does


# a line made only of these has nothing for any line step to do (a fast path for correct text; a
# Taiwan byline's slash, 記者林柏宇/台北報導, is punct-width's);
# not with --space, which puts spaces between Chinese and the letters and digits allowed here
SETTLED_SCAN = 20_000  # the shortcut's regex keeps a frame per character: not for huge lines
_SETTLED = compile_pattern("(?:[\u3400-\u4dbf\u4e00-\u9fff\u3007\u3040-\u30ff①-⑳"
                      "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—"
                      "A-Za-z0-9%+=#]|……|\\.(?!\\.)|-(?!-)|/(?![\u4e00-\u9fff]{2,3}(?:報導|报道)))*")


def _line_phase(doc: Document, steps: list[Step], only: set[int] | None = None) -> None:
    """Run line steps on every editable block (or the blocks ``only`` names). A line goes round
    the steps again until nothing changes, since one step's result can be another's context
    (``的)"`` → ``的）"`` → ``的）”``); a step whose input is what it left last time is skipped."""
    markdown = doc.meta.format == "md"
    in_comment = False
    emptied: list[int] = []
    settled = None if any(step.option for step in steps) else _SETTLED.fullmatch
    if all(step.quick for step in steps):  # only the lines one of the steps finds work in
        found = set(blocks_matching(doc, [compile_pattern(step.quick) for step in steps]))
        only = found if only is None else found & only
    plan = [(step.id, step.markdown_fix if markdown and step.markdown_fix else step.fix, step.masked, step.once)
            for step in steps]
    for i, block in enumerate(doc.blocks):
        if block.kind in (VERBATIM, FURNITURE) or block.protected:
            continue
        if markdown:
            if in_comment:  # inside an HTML comment that spans lines: leave it alone
                in_comment = "-->" not in block.text
                continue
            in_comment = bool(_HTML_COMMENT_OPEN.search(block.text.replace("`", "")))
        if only is not None and i not in only:
            continue
        text = block.text
        if settled is not None and len(text) <= SETTLED_SCAN and settled(text):
            continue
        line_plan = [p for p in plan if editable(block, p[0])] if block.ignore else plan
        if len(text) > LONG_LINE:  # a megabyte-long line: by sentences, so memory stays near a piece's
            text = "".join(_fix_line(doc, block, piece, line_plan, markdown) for piece in _pieces(text))
        else:
            text = _fix_line(doc, block, text, line_plan, markdown)
        if text != block.text:
            block.text = text  # the stage owns the document: blocks change in place
            if not text.strip():
                emptied.append(i)
    if emptied:
        _drop_blank(doc, emptied)


LONG_LINE = 200_000
PIECE = 50_000
_SENTENCE_END = compile_pattern(r"[。！？!?](?![”’」』）)】\"'])")


def _pieces(text: str) -> list[str]:
    """``text`` cut after sentence ends into pieces of about ``PIECE`` characters."""
    pieces, start = [], 0
    while len(text) - start > PIECE:
        m = _SENTENCE_END.search(text, start + PIECE)
        if m is None or m.end() - start > 4 * PIECE:
            cut = start + PIECE  # no sentence end near: any place will do
        else:
            cut = m.end()
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _fix_line(doc: Document, block: Block, text: str, line_plan: list, markdown: bool) -> str:
    """One line (or piece of a line) through the line steps until nothing changes."""
    masked, spans = mask(text, markdown)
    seen: dict[str, str] = {}  # what each (pure, idempotent) step last left: no need to run it on that again
    for round_ in range(MAX_ROUNDS):
        start = text
        for step_id, fix, on_masked, once in line_plan:
            if round_ and once:
                continue
            source = masked if on_masked else text
            if round_ and seen.get(step_id) == source:
                continue
            result = fix(source)  # a step that raises is a bug: the file fails with one line, tests fail
            seen[step_id] = result
            if result == source:
                continue
            if on_masked:
                if result.count(MASK) != len(spans):
                    seen[step_id] = source
                    continue  # a step lost a masked span: refuse the change
                masked, new_text = result, unmask(result, spans)
            else:
                new_text = result
                masked, spans = mask(new_text, markdown)
            doc.record(step_id, block.line, "edit", text=text, before=text, after=new_text)
            text = new_text
        if text == start:
            break
    return text


def _drop_blank(doc: Document, emptied: list[int]) -> None:
    """A line that held only invisible characters or spaces is a blank line now."""
    drop = set(emptied)
    blocks: list[Block] = []
    carried = 0
    for i, block in enumerate(doc.blocks):
        if i in drop:
            carried += block.gap + 1
            continue
        if carried and blocks:
            block = replace(block, gap=block.gap + carried)
        carried = 0
        blocks.append(block)
    doc.blocks = blocks


def normalize(doc: Document, settings: Settings | None = None, only: Collection[str] | None = None) -> Document:
    """Run the enabled normalization steps (``only``: just these ids) on ``doc`` (in place;
    returned), logging each edit.

    >>> doc = normalize(Document.from_lines(["    温州产业集群发展面临挑战:首先,资源制约......"]))
    >>> doc.blocks[0].text
    '温州产业集群发展面临挑战：首先，资源制约……'
    >>> [c.rule for c in doc.log]
    ['norm.indent', 'norm.punct-width', 'norm.ellipsis']
    """
    done: list[Step] = []
    for phase in _phases(_active(settings, only)):
        if isinstance(phase, list):
            _line_phase(doc, phase)
            done.extend(phase)
            continue
        changed = phase.document(doc, phase)  # type: ignore[misc]
        if changed and done:
            _line_phase(doc, done, only=changed)  # joined lines: context across the old line ends
    return doc


def normalize_text(text: str, settings: Settings | None = None) -> str:
    """Normalize a plain text (lines as blocks) and return it; for tests and quick use.

    >>> normalize_text("ＡＢＣ公司发布了新产品(试用版)!")
    'ABC公司发布了新产品（试用版）！'
    """
    doc = Document.from_lines(text.split("\n"))
    doc.trailing_newline = False
    return normalize(doc, settings).to_text()
