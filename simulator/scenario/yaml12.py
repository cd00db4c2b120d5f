"""Safe YAML loading with YAML 1.2 scalars and the line and column of every key.

PyYAML speaks YAML 1.1, where ``1e-3`` is a string and ``no`` is false; users write YAML 1.2
(``1e-3`` a number, only ``true``/``false`` booleans), so the implicit resolvers are swapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from simulator.scenario.text import is_refused, terminal_safe

Path = tuple[str | int, ...]


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's booleans, nulls, ints and floats."""


_YAML_1_1_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("bool", "float", "int", "null")}
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML_1_1_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


MAX_INT_DIGITS = 30
"""Longest whole number read: every count and seed of a scenario fits in 20 digits."""


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if len(text.lstrip("+-")) > MAX_INT_DIGITS:
        raise ValueError(f"a whole number of {len(text)} characters is too long")
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 0) if text.startswith("0x") else int(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass(frozen=True)
class Mark:
    """Where a value was written: file, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class YamlProblem(Exception):  # noqa: N818 (a problem with the text, reported, not raised on)
    """The text is not YAML we accept; carries where (and the dotted key, when known)."""

    def __init__(
        self, message: str, mark: Mark | None, key: str | None = None, dropped: bool = False
    ):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.key = key
        self.dropped = dropped  # the value at ``key`` was left out of the document read


MAX_NODES = 100_000
"""Largest document accepted, counting values reached through aliases (no "billion laughs")."""
MAX_BYTES = 1_000_000
"""Largest YAML text accepted (UTF-8 bytes), checked before parsing: shipped ones are ~10 kB."""


class _CountingLoader(Yaml12Loader):
    """Counts nodes as it composes them: an over-long document stops before it is built."""

    node_count = 0

    def compose_node(self, parent, index):
        self.node_count += 1
        if self.node_count > MAX_NODES:
            mark = self.peek_event().start_mark
            raise YamlProblem(
                f"the document is too large (more than {MAX_NODES:,} values)",
                Mark(self.name, mark.line + 1, mark.column + 1),
            )
        return super().compose_node(parent, index)


_KEY_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:merge")


def load_with_marks(
    text: str, file: str, problems: list[YamlProblem] | None = None
) -> tuple[object, dict[Path, Mark]]:
    """Parse YAML text safely; return the data and the mark of every mapping key and item.

    Given a ``problems`` list, a problem that leaves the rest readable (a key written twice, a
    key that is not a name, a number or date that cannot be built) is added to it and reading
    goes on without that entry, so that every problem of a file is found in one pass; without
    one, the first problem is raised. Text that is not YAML is always raised.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise YamlProblem(
            f"the document is too large ({size:,} bytes; at most {MAX_BYTES:,})", Mark(file, 1, 1)
        )
    loader = None
    try:
        loader = _CountingLoader(text)
        loader.name = file
        node = loader.get_single_node()
        if node is None:
            return None, {}
        marks: dict[Path, Mark] = {}
        if isinstance(node, yaml.ScalarNode) and (problem := _check_scalar(node, (), file)):
            raise problem
        _walk(node, (), file, marks, set(), [0], problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        where = exc.problem_mark or exc.context_mark
        mark = Mark(file, where.line + 1, where.column + 1) if where else None
        raise YamlProblem(f"not valid YAML: {exc.problem or exc}", mark) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}", None) from None
    except RecursionError:
        raise YamlProblem("not valid YAML: nested too deeply", None) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # e.g. a date such as 2025-13-45, which the timestamp resolver accepts but cannot build
        raise YamlProblem(f"not a value YAML can read: {exc}", None) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, marks


def _dotted(path: Path) -> str | None:
    return ".".join(str(p) for p in path) or None


def _check_scalar(node: yaml.ScalarNode, path: Path, file: str) -> YamlProblem | None:
    """Numbers and dates YAML resolves but cannot build are problems at their line and key."""
    if node.tag == "tag:yaml.org,2002:int" and len(node.value.lstrip("+-")) > MAX_INT_DIGITS:
        return YamlProblem(
            f"a whole number of {len(node.value):,} digits is too long (at most {MAX_INT_DIGITS})",
            _mark(file, node),
            _dotted(path),
            dropped=True,
        )
    if node.tag == "tag:yaml.org,2002:timestamp":
        try:
            Yaml12Loader("").construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            return YamlProblem(
                f"not a valid date ({exc}); write a date such as 2025-03-13",
                _mark(file, node),
                _dotted(path),
                dropped=True,
            )
    return None


def _mark(file: str, node: yaml.Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _note(problems: list[YamlProblem] | None, problem: YamlProblem) -> None:
    """Keep a problem that leaves the rest readable, or raise it when nobody collects them."""
    if problems is None:
        raise problem
    if not any(p.mark == problem.mark and p.message == problem.message for p in problems):
        problems.append(problem)  # a node reached twice through an alias is reported once


def _key_problem(key_node: yaml.Node, seen: dict, mark: Mark, path: Path) -> YamlProblem | None:
    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _KEY_TAGS:
        shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a collection"
        return YamlProblem(f"keys must be names (text); got {shown!r}", mark, _dotted(path))
    key = key_node.value
    if any(is_refused(c) for c in key):
        return YamlProblem(
            f"keys must be names; {terminal_safe(repr(key))} holds a control character",
            mark,
            _dotted(path),
        )
    if key in seen:
        return YamlProblem(
            f"appears twice (first at line {seen[key].line}); the first one is read",
            mark,
            _dotted((*path, key)),
        )
    return None


_NULL = "tag:yaml.org,2002:null"


def _walk(
    node: yaml.Node,
    path: Path,
    file: str,
    marks: dict[Path, Mark],
    open_: set,
    count: list,
    problems: list[YamlProblem] | None,
) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlProblem(
            f"the document is too large (more than {MAX_NODES} values once aliases are expanded)",
            _mark(file, node),
        )
    if id(node) in open_:
        raise YamlProblem("an alias (*name) refers to a value that contains it", _mark(file, node))
    if isinstance(node, yaml.MappingNode):
        open_.add(id(node))
        seen: dict[object, Mark] = {}
        kept = []
        for key_node, value_node in node.value:
            mark = _mark(file, key_node)
            if problem := _key_problem(key_node, seen, mark, path):
                _note(problems, problem)
                continue
            key = key_node.value
            if isinstance(value_node, yaml.ScalarNode) and (
                problem := _check_scalar(value_node, (*path, key), file)
            ):
                _note(problems, problem)
                continue
            seen[key] = mark
            marks[(*path, key)] = mark
            kept.append((key_node, value_node))
            _walk(value_node, (*path, key), file, marks, open_, count, problems)
        node.value = kept
        open_.discard(id(node))
    elif isinstance(node, yaml.SequenceNode):
        open_.add(id(node))
        for i, item in enumerate(node.value):
            marks[(*path, i)] = _mark(file, item)
            if isinstance(item, yaml.ScalarNode) and (
                problem := _check_scalar(item, (*path, i), file)
            ):
                _note(problems, problem)
                node.value[i] = yaml.ScalarNode(_NULL, "", item.start_mark, item.end_mark)
                continue
            _walk(item, (*path, i), file, marks, open_, count, problems)
        open_.discard(id(node))


def load_value(text: str) -> object:
    """Read one YAML 1.2 flow value, as ``--set KEY=VALUE`` takes it (``1e-3``, ``[0, 1]``)."""
    data, _ = load_with_marks(text, "--set")
    return data
