"""User-facing errors: each names the problem and what to do about it."""


class GovauditError(Exception):
    """An error shown to the user as one clear message (never a traceback)."""

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.problem}\n  what to do: {self.hint}" if self.hint else self.problem


class InputError(GovauditError):
    """A user-supplied file (targets, agency report, config) is invalid."""
