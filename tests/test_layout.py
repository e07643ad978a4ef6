"""The package as it installs: one import name, the layers of DESIGN.md, no import cycles.

The contracts themselves are in ``pyproject.toml`` (``[tool.importlinter]``); they are checked
here on a copy of the source laid out as ``pip install .`` lays it out (``package-dir``), since
``jingwen.cleaner`` lives in ``cleaner/`` in the checkout.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PROJECT["tool"]["setuptools"]


@pytest.fixture(scope="module")
def installed_tree(tmp_path_factory) -> Path:
    """The ``jingwen`` package assembled as setuptools installs it."""
    top = tmp_path_factory.mktemp("site")
    for package, folder in sorted(SETUPTOOLS["package-dir"].items(), key=lambda kv: kv[0].count(".")):
        target = top.joinpath(*package.split("."))
        shutil.copytree(ROOT / folder, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "jingwen", "cleaner", "exporters")
                        if package == "jingwen" else shutil.ignore_patterns("__pycache__"))
    return top


GRAPH = """
import json, grimp
graph = grimp.build_graph("jingwen", cache_dir=None)
print(json.dumps({m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}))
"""


@pytest.fixture(scope="module")
def imports(installed_tree) -> dict[str, list[str]]:
    """Module → the modules of ours it imports, read by grimp from the installed layout (in a
    process of its own: this one has imported jingwen from the checkout)."""
    done = subprocess.run([sys.executable, "-c", GRAPH], cwd=installed_tree, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(installed_tree)})
    assert done.returncode == 0, done.stderr
    graph = json.loads(done.stdout)
    assert "jingwen.exporters.pdf" in graph and "jingwen.cleaner.clean.stage" in graph
    return graph


def test_every_code_folder_is_a_listed_package(installed_tree):
    found = {".".join(p.relative_to(installed_tree).parent.parts) for p in installed_tree.rglob("*.py")}
    assert found == set(SETUPTOOLS["packages"])


def test_import_contracts_hold(installed_tree):
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), str(ROOT / "pyproject.toml"),
                           "--no-cache"], cwd=installed_tree, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(installed_tree)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 5 kept, 0 broken." in done.stdout


def test_no_import_cycles_between_modules(imports):
    """Type-only imports included: grimp reads every import statement."""
    modules = sorted(imports)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in modules:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_model_imports_nothing_else_of_ours(imports):
    model = [m for m in imports if m.startswith("jingwen.cleaner.model")]
    assert len(model) >= 3
    assert {(m, i) for m in model for i in imports[m] if not i.startswith("jingwen.cleaner.model")} == set()


def test_exporters_import_only_the_model(imports):
    exporters = [m for m in imports if m.startswith("jingwen.exporters")]
    assert {(m, i) for m in exporters for i in imports[m]
            if not i.startswith(("jingwen.exporters", "jingwen.cleaner.model"))} == set()
