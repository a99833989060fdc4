"""User-facing errors: each names the problem and what to do about it.

Exit codes of the `govaudit` command (see README, "Exit codes"): 0 success; 1 internal error (a bug: one line,
`--debug` shows the traceback); 2 a GovauditError — bad input or a state the user must fix, nothing (more) run;
3 a stage failed (StageFailed) — what was gathered is kept and the report written, but the run is incomplete;
130 interrupted.
"""

EXIT_INTERNAL = 1
EXIT_USER = 2
EXIT_STAGE_FAILED = 3
EXIT_INTERRUPTED = 130


class GovauditError(Exception):
    """An error shown to the user as one clear message (never a traceback)."""

    exit_code = EXIT_USER

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.problem}\n  what to do: {self.hint}" if self.hint else self.problem


class InputError(GovauditError):
    """A user-supplied file (targets, agency report, config) is invalid."""


class StoreError(GovauditError):
    """The run store (run.sqlite) cannot be opened or read: damaged, truncated or not a run store."""


class StageFailed(GovauditError):
    """A run stage failed. The run goes on to write what was gathered, then exits with EXIT_STAGE_FAILED."""

    exit_code = EXIT_STAGE_FAILED

    def __init__(self, stage: str, problem: str, hint: str = "") -> None:
        super().__init__(f"the {stage} stage failed: {problem}", hint)
        self.stage = stage
