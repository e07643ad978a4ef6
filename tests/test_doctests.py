"""Every docstring example in the package runs and shows what it says (modules by their
installed names, so ``jingwen.cleaner`` is tested as users import it)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest


def _modules() -> list[str]:
    """Every module, walked from each folder the installed package is made of (an editable
    install maps ``jingwen.cleaner`` to ``cleaner/``, outside ``jingwen.__path__``)."""
    names = set()
    for root in ("jingwen", "jingwen.cleaner", "jingwen.exporters"):
        package = importlib.import_module(root)
        names.update(info.name for info in pkgutil.walk_packages(package.__path__, root + ".")
                     if info.name.split(".")[1] not in ("cleaner", "exporters") or root != "jingwen")
    return sorted(n for n in names if not n.endswith("__main__"))


def test_the_walk_sees_every_layer():
    names = _modules()
    for layer in ("jingwen.cli", "jingwen.cleaner.pipeline", "jingwen.cleaner.model.document",
                  "jingwen.exporters.pdf", "jingwen.corpus.records", "jingwen.web.app"):
        assert layer in names


@pytest.mark.parametrize("name", ["jingwen", *_modules()])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
