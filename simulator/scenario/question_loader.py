"""Loading forecast question files: the shipped ones, a named file, every problem at once.

Question files are read like scenarios (YAML 1.2 with line marks, size limit, clear messages with
file:line and key); they are data beside the scenarios and never change one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from simulator.scenario.errors import ScenarioError, locate, reading_order, validation_problems
from simulator.scenario.library import scenarios_dir
from simulator.scenario.loader import read_document
from simulator.scenario.questions import Question
from simulator.scenario.yaml12 import MAX_BYTES, YamlProblem, load_with_marks

QUESTION_KEYS = "id, title, source, opened, measure, bins"
QUESTION_SCHEMA_FILE = "question.schema.json"
"""Name of the JSON Schema kept beside the shipped question files (editors read it)."""


@dataclass(frozen=True)
class LoadedQuestion:
    """A validated question and the file it came from (a shipped id or a path)."""

    question: Question
    source: str


def questions_dir() -> Path:
    """Folder of the shipped question files (beside the shipped scenarios)."""
    return scenarios_dir() / "questions"


def shipped_questions() -> dict[str, Path]:
    """Shipped question ids and files."""
    return {p.stem: p for p in sorted(questions_dir().glob("*.yaml"))}


def is_question_file(name_or_path: str) -> bool:
    """Whether ``negsim validate`` should read this as a question file rather than a scenario.

    A shipped question id, or a YAML mapping with a question's ``measure`` and ``bins`` keys and
    no scenario ``actors``; anything unreadable is left to the scenario loader to explain.
    """
    if name_or_path in shipped_questions():
        return True
    try:
        head = Path(name_or_path).read_text(encoding="utf-8")[:MAX_BYTES]
        data, _ = load_with_marks(head, name_or_path)
    except (OSError, ValueError, YamlProblem):
        return False
    return isinstance(data, dict) and {"measure", "bins"} <= set(data) and "actors" not in data


def _resolve(name_or_path: str) -> Path:
    shipped = shipped_questions()
    if name_or_path in shipped:
        return shipped[name_or_path]
    path = Path(name_or_path)
    try:
        if path.is_file():
            return path
    except (OSError, ValueError):
        pass
    known = ", ".join(shipped) or "none"
    raise ScenarioError(
        f"no question named '{name_or_path}' and no such file; shipped questions: {known}"
    )


def _load_one(name_or_path: str, problems: list[ScenarioError]) -> LoadedQuestion | None:
    try:
        path = _resolve(name_or_path)
        found: list[ScenarioError] = []
        data, marks = read_document(path, found, "a question file", QUESTION_KEYS)
    except ScenarioError as exc:
        problems.extend(exc.problems)
        return None
    problems.extend(found)
    file = str(path)
    try:
        question = Question.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, marks, file, root=Question))
        return None
    own = question.problems()
    for loc, message in own:
        where, mark = locate(loc, marks, file)
        key = ".".join(str(p) for p in loc)
        problems.append(ScenarioError(message, file=where, mark=mark, key=key))
    if own or found:
        return None
    shipped = shipped_questions().get(path.stem) == path
    return LoadedQuestion(question, path.stem if shipped else file)


def load_questions(
    names_or_paths: list[str] | tuple[str, ...] | None = None,
) -> list[LoadedQuestion]:
    """Validated questions (the shipped ones when none are named); every problem at once.

    Two files with the same ``id`` are a problem: forecast.json keys its questions by id.
    """
    names = list(shipped_questions()) if names_or_paths is None else list(names_or_paths)
    problems: list[ScenarioError] = []
    loaded = [q for name in names if (q := _load_one(name, problems)) is not None]
    seen: dict[str, str] = {}
    for item in loaded:
        other = seen.setdefault(item.question.id, item.source)
        if other != item.source:
            problems.append(
                ScenarioError(
                    f"question id '{item.question.id}' is also the id of {other}; ids are unique",
                    file=item.source,
                    key="id",
                )
            )
    if problems:
        raise ScenarioError.of(sorted(problems, key=reading_order))
    return loaded


def question_json_schema_text() -> str:
    """The JSON Schema of a question file (stable key order, final newline)."""
    schema = Question.model_json_schema(by_alias=True)
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "negsim forecast question",
        **{k: v for k, v in schema.items() if k != "title"},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
