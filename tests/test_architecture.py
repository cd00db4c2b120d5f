"""The package keeps the layers of docs/architecture.md: a reader finds a concept by its folder.

Each layer is a subpackage of ``simulator/`` (plus the top-level ``agents/``) that imports only the
layers below it, across layers only the names a subpackage lists in its ``__all__``, and never
one of our modules inside a function (the ``cli`` package excepted: it imports heavy layers
inside its commands so that ``negsim --help`` stays fast). These tests read the source with
``ast``, so imports inside functions and behind ``if`` count too.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600

# The layer table (bottom first) and what each layer may import. ``root`` is the package
# ``simulator`` itself (its ``__version__``). ``rules`` is the model's vocabulary (issue and
# outcome names, the float type): every layer above it may read it.
ALLOWED: dict[str, set[str]] = {
    "root": set(),
    "rules": {"root"},
    "scenario": {"root", "rules"},
    "agents": {"root", "rules"},
    "engine": {"root", "rules", "scenario", "agents"},
    "montecarlo": {"root", "engine", "scenario", "rules"},
    "analysis": {"root", "montecarlo", "engine", "scenario", "rules"},
    "report": {"root", "analysis", "montecarlo", "scenario", "rules"},
    "folders": {"root", "report", "analysis", "montecarlo", "scenario", "rules"},
    "dashboard": {"root", "analysis", "montecarlo", "engine", "scenario", "report", "rules"},
    "cli": {
        "root",
        "rules",
        "scenario",
        "agents",
        "engine",
        "montecarlo",
        "analysis",
        "report",
        "folders",
        "dashboard",
    },
}
LAYERS = tuple(name for name in ALLOWED if name not in ("root", "cli", "agents"))


def module_name(path: Path) -> str:
    """Dotted module name of a source file under the repository root."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules() -> dict[str, Path]:
    """Every module of ``simulator`` and ``agents``, by dotted name."""
    files = [*ROOT.joinpath("simulator").rglob("*.py"), *ROOT.joinpath("agents").rglob("*.py")]
    return {module_name(p): p for p in sorted(files) if "_scenarios" not in p.parts}


MODULES = our_modules()


def layer_of(module: str) -> str:
    """The layer a dotted module name belongs to."""
    parts = module.split(".")
    if parts[0] == "agents":
        return "agents"
    if module == "simulator":
        return "root"
    if parts[1] in ("cli", "__main__"):
        return "cli"
    return parts[1]


def is_ours(module: str) -> bool:
    """Whether a dotted name is one of our packages or modules."""
    return module.split(".")[0] in ("simulator", "agents")


def type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks (type-only imports, never executed)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(path: Path) -> Iterator[tuple[ast.AST, str, list[str], bool, bool]]:
    """Each import of ``path``: node, imported module, names, inside a function, type-only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = type_checking_lines(tree)
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    inside = {id(child) for f in functions for child in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, [], id(node) in inside, node.lineno in typing_only
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            names = [alias.name for alias in node.names]
            yield node, module, names, id(node) in inside, node.lineno in typing_only


def package_all(package: str) -> set[str]:
    """The names a package's ``__init__.py`` lists in ``__all__``."""
    init = MODULES[package]
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return set()


# A fresh interpreter (warnings as errors) imports the heavy third-party packages once, then
# forks one child per module of ours: each child starts with none of our modules imported, so
# it shows that the module imports on its own, without paying for mesa's start-up each time.
IMPORT_ALONE = """
import importlib, os, sys, traceback
for heavy in (
    "numpy", "numba", "pydantic.main", "pydantic.types", "pydantic.json_schema", "yaml", "click",
    "mesa", "matplotlib.figure", "solara", "concurrent.futures.process",
):
    importlib.import_module(heavy)
assert not any(name.split(".")[0] in ("simulator", "agents") for name in sys.modules)
failed, running = 0, 0
for module in sys.argv[1:]:
    if running == 2:  # two at a time: the machine has two cores
        failed += os.wait()[1] != 0
        running -= 1
    if os.fork() == 0:
        try:
            importlib.import_module(module)
        except BaseException:
            print(module, traceback.format_exc().strip().splitlines()[-1], flush=True)
            os._exit(1)
        os._exit(0)
    running += 1
while running:
    failed += os.wait()[1] != 0
    running -= 1
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_alone_in_a_fresh_interpreter_with_warnings_as_errors():
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", IMPORT_ALONE, *MODULES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_import_of_our_modules_follows_the_layer_table():
    wrong = []
    for name, path in MODULES.items():
        here = layer_of(name)
        for node, module, _, _, _ in imports(path):
            if not is_ours(module):
                continue
            there = layer_of(module)
            if there != here and there not in ALLOWED[here]:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} ({here}) imports {module}")
    assert not wrong, "imports against the layer table:\n" + "\n".join(wrong)


def test_across_layers_only_the_names_a_package_lists_in_all_are_imported():
    wrong = []
    for name, path in MODULES.items():
        here = layer_of(name)
        for node, module, names, _, _ in imports(path):
            if not is_ours(module) or layer_of(module) in (here, "root"):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if module not in MODULES or MODULES[module].name != "__init__.py":
                wrong.append(f"{where} imports the module {module}: import from its package")
                continue
            missing = sorted(set(names) - package_all(module))
            if not names or missing:
                wrong.append(f"{where} imports {missing or module} not in {module}.__all__")
    assert not wrong, "\n".join(wrong)


def test_within_a_layer_modules_import_each_other_by_module_path():
    wrong = []
    for name, path in MODULES.items():
        here = layer_of(name)
        for node, module, names, _, _ in imports(path):
            if not is_ours(module) or layer_of(module) != here or here in ("root", "cli"):
                continue
            submodules_only = names and all(f"{module}.{n}" in MODULES for n in names)
            is_package = MODULES.get(module, Path()).name == "__init__.py"
            if path.name != "__init__.py" and is_package and not submodules_only:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports its own package")
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_one_of_ours_inside_a_function_except_the_cli_commands():
    wrong = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {module} inside a function"
        for name, path in MODULES.items()
        if layer_of(name) != "cli"
        for node, module, _, inside, _ in imports(path)
        if inside and is_ours(module)
    ]
    assert not wrong, "\n".join(wrong)


def test_there_is_no_import_cycle_among_our_modules():
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for _, module, names, inside, typing_only in imports(path):
            if not is_ours(module) or inside or typing_only:
                continue
            submodules = {f"{module}.{n}" for n in names} & MODULES.keys()
            graph[name] |= ({module} | submodules) & MODULES.keys() - {name}
    done: set[str] = set()

    def cycle_from(node: str, trail: list[str]) -> list[str]:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                return [*trail[trail.index(nxt) :], nxt]
            if nxt not in done and (found := cycle_from(nxt, [*trail, nxt])):
                return found
        done.add(node)
        return []

    cycles = [
        c for start in sorted(graph) if start not in done and (c := cycle_from(start, [start]))
    ]
    assert not cycles, "import cycle: " + " -> ".join(cycles[0])


def test_no_module_is_longer_than_about_six_hundred_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_names_itself_what_it_may_import_and_lists_all(layer):
    init = MODULES[f"simulator.{layer}"]
    tree = ast.parse(init.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree) or ""
    assert "may import" in doc.lower(), f"{init}: the docstring names the layer and its imports"
    assert package_all(f"simulator.{layer}"), f"{init} lists no __all__"


def test_names_listed_in_all_are_public_and_exist():
    packages = [f"simulator.{layer}" for layer in LAYERS]
    for package in packages:
        assert all(not n.startswith("_") for n in package_all(package)), package
    # One fresh interpreter imports every layer and lists, per package, the names it lacks.
    done = subprocess.run(
        [sys.executable, "-c", MISSING_FROM_ALL, *packages],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    missing = json.loads(done.stdout)
    assert missing == {package: [] for package in packages}, f"__all__ names missing: {missing}"


MISSING_FROM_ALL = """
import importlib, json, sys
found = {}
for package in sys.argv[1:]:
    module = importlib.import_module(package)
    found[package] = [n for n in module.__all__ if not hasattr(module, n)]
print(json.dumps(found))
"""


def test_only_the_cli_imports_click():
    users = [
        name
        for name, path in MODULES.items()
        if layer_of(name) != "cli"
        for _, module, _, _, _ in imports(path)
        if module.split(".")[0] == "click"
    ]
    assert not users, users
