"""Types of the compiled core, `handoff._handoff` (re-exported by `handoff`)."""

from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any, Literal, Required, TypedDict

__version__: str

class Diagnostic(TypedDict):
    code: str
    name: str
    severity: Literal["error", "warning"]
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    help: str | None

class MatchedWord(TypedDict):
    word: str
    rule_word: str
    match: Literal["exact", "prefix", "typo"]

class Reason(TypedDict):
    rule: Literal[
        "about", "handoff_always", "handoff_when", "must_not", "global_handoff_when", "fallback"
    ]
    phrase: str | None
    matched: list[MatchedWord]
    line: int | None

class Span(TypedDict):
    line: int
    column: int
    end_line: int
    end_column: int

class Field(TypedDict):
    name: str
    type: Literal["text", "number", "date", "time", "phone", "email", "yes/no"]
    span: Span

class Broken(TypedDict):
    rule: Literal["never promise", "must not", "handoff"]
    phrase: str
    topic: str | None
    line: int
    piece: str
    start: int
    end: int
    why: str

class ArgumentProblem(TypedDict):
    argument: str
    problem: str

class HandoffCheck(TypedDict):
    ok: bool
    topic: str | None
    problems: list[ArgumentProblem]
    reply: str | None

class TestResult(TypedDict):
    kind: Literal["message", "reply"]
    line: int
    text: str
    topic: str | None
    passed: bool
    expected: str
    got: str
    why: list[str]
    detail: dict[str, Any]

class CoverageGap(TypedDict):
    line: int
    message: str

class TestRun(TypedDict):
    results: list[TestResult]
    coverage: list[CoverageGap]

class RulesError(ValueError):
    """Rules that cannot be loaded; str() is the report the CLI prints."""

    diagnostics: list[Diagnostic]

class FormatWarning(UserWarning):
    """A JSON policy of a newer minor format version: it loads, new keys ignored."""

class Decision:
    """The decision for one customer message."""

    @property
    def topic(self) -> str | None: ...
    @property
    def handoff(self) -> bool: ...
    @property
    def reasons(self) -> list[Reason]: ...
    @property
    def collect(self) -> list[Field]: ...
    def to_dict(self) -> dict[str, Any]: ...
    @staticmethod
    def from_dict(record: dict[str, Any]) -> Decision: ...

class Verdict:
    """Whether a reply may be sent."""

    @property
    def ok(self) -> bool: ...
    @property
    def broken(self) -> list[Broken]: ...
    def to_dict(self) -> dict[str, Any]: ...
    @staticmethod
    def from_dict(record: dict[str, Any]) -> Verdict: ...

class LogRecord(TypedDict, total=False):
    """One line of the conversation log (`handoff build --emit log-schema`):
    the decision always, the saved fields as the rules' `log:` says."""

    time: Required[str]
    policy: Required[str]
    conversation: str
    channel: str
    topic: Required[str | None]
    handed_off: Required[bool]
    rules: Required[list[dict[str, Any]]]
    held: Required[list[dict[str, Any]]]
    question: str
    answer: str | None
    sources: list[str]

class Recorder:
    """Appends a record of each customer message to a conversation log."""

    def record(
        self,
        message: str,
        *,
        decision: Decision | None = None,
        reply: str | None = None,
        verdict: Verdict | None = None,
        channel: str | None = None,
        conversation: str | None = None,
        sources: list[str] | None = None,
        handed_off: bool | None = None,
        time: str | datetime | None = None,
        extra: dict[str, str] | None = None,
    ) -> LogRecord: ...
    @property
    def path(self) -> Path: ...

class Policy:
    """A compiled `.handoff` file, ready to route messages and check replies."""

    @staticmethod
    def from_file(path: str | PathLike[str]) -> Policy: ...
    @staticmethod
    def from_source(text: str) -> Policy: ...
    @staticmethod
    def from_json(text: str) -> Policy: ...
    def reload(self, path: str | PathLike[str] | None = None) -> None: ...
    def snapshot(self) -> Policy: ...
    def route(self, message: str) -> Decision: ...
    def check_reply(self, reply: str, topic: str | None = None) -> Verdict: ...
    def check_handoff(self, arguments: str | dict[str, Any]) -> HandoffCheck: ...
    def run_tests(self) -> TestRun: ...
    def prompt(self) -> str: ...
    def tool(
        self,
        shape: Literal["openai", "openai_strict", "anthropic", "json_schema", "json-schema"] = "openai",
    ) -> dict[str, Any]: ...
    @property
    def policy(self) -> dict[str, Any]: ...
    @property
    def warnings(self) -> list[Diagnostic]: ...
    def to_json(self) -> str: ...
    def recorder(self, path: str | PathLike[str], *, channel: str | None = None) -> Recorder: ...
