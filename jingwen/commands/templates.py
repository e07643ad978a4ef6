"""Template learning across a batch: before ``jingwen clean`` cleans several pages, the lines
repeated on three or more pages of one folder that do not read as body are learnt once as
patterns, their numbers generalised (``jingwen.cleaner.learn.repeated_lines``), and handed to
every page of that folder through its settings, so each worker removes the lines they match as
``template.repeated``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from jingwen.batch.files import LARGE_FILE, InputFile
from jingwen.cleaner.readers import format_of, read_bytes
from jingwen.commands.tasks import TextJob


def _page_lines(item: InputFile, job: TextJob) -> list[str] | None:
    """The page's lines as the cleaner will see them, or None (unreadable, too large: such a
    file is reported by its own task)."""
    from jingwen.cleaner.pipeline import ruleset_for

    try:
        if item.path.stat().st_size > LARGE_FILE:
            return None
        doc = read_bytes(item.path.read_bytes(), item.display, format_of(item.path),
                         ruleset_for(job.settings).html_containers)
    except Exception:  # noqa: BLE001 - the file's own task reports what is wrong with it
        return None
    return [b.text for b in doc.blocks]


def jobs_with_templates(items: Sequence[InputFile], job: TextJob) -> list[TextJob]:
    """One job per item: the items of a folder with ``MIN_PAGES`` or more pages get the template
    lines learnt from that folder; the others the job as given."""
    out = [job] * len(items)
    if len(items) < 2:  # one page has no template: learning's code is not even loaded
        return out
    from jingwen.cleaner.learn import MIN_PAGES, repeated_lines

    if len(items) < MIN_PAGES or not job.settings.clean or not job.settings.learns_templates():
        return out
    folders: dict[object, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        if item.path is not None and not item.error:
            folders[item.path.parent].append(n)
    for members in folders.values():
        if len(members) < MIN_PAGES:
            continue
        pages = [lines for n in members if (lines := _page_lines(items[n], job)) is not None]
        learnt = repeated_lines(pages)
        if learnt:
            settings = job.settings._replace(templates=tuple(sorted(learnt.items())))
            folder_job = job._replace(settings=settings)
            for n in members:
                out[n] = folder_job
    return out
