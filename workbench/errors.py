"""The workbench's errors. Each carries a stable English ``key``, a French message for people,
and where it applies the file, row, column, what was expected and what was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Problem:
    """One problem found in an input, as data (a widget shows a table of them, a test asserts)."""

    key: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    expected: str | None = None
    found: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


class WorkbenchError(Exception):
    """Base of every error the workbench raises on purpose."""

    key: str = "workbench_error"

    def __init__(
        self,
        message: str,
        *,
        key: str | None = None,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if key:
            self.key = key
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found

    def __str__(self) -> str:
        return f"{self.message} [{self.key}]"

    def as_problem(self) -> Problem:
        return Problem(
            key=self.key,
            message=self.message,
            file=self.file,
            row=self.row,
            column=self.column,
            expected=self.expected,
            found=self.found,
        )


class FrameworkError(WorkbenchError, ValueError):
    """The framework file is invalid."""

    key = "framework_invalid"


class ImportProblem(WorkbenchError, ValueError):
    """A raw file cannot be imported; ``problems`` lists every problem found."""

    key = "import_failed"

    def __init__(self, message: str, *, problems: list[Problem] | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.problems: list[Problem] = problems or ([self.as_problem()] if kw else [])


class StoreError(WorkbenchError, RuntimeError):
    """The store is missing, locked or of an unknown schema."""

    key = "store_error"


class SecretError(WorkbenchError, OSError):
    """The pseudonymisation secret cannot be read or created."""

    key = "secret_unavailable"


@dataclass
class ProblemList:
    """Collects problems while validating a file, then raises them together."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str, message: str, **kw: Any) -> None:
        self.problems.append(Problem(key=key, message=message, file=self.file, **kw))

    def raise_if_any(self) -> None:
        if self.problems:
            first = self.problems[0]
            more = len(self.problems) - 1
            suffix = f" (et {more} autre(s) problème(s))" if more else ""
            raise ImportProblem(
                first.message + suffix,
                key=first.key,
                problems=self.problems,
                file=first.file,
                row=first.row,
                column=first.column,
                expected=first.expected,
                found=first.found,
            )
