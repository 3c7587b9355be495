"""Errors raised while turning a submitted job into tasks.

The client-facing ones subclass :class:`flamenco.errors.BadRequest`: each of them means the submission
cannot become a job as sent, and the app reports them as 400 with the message. Declaration problems of
a job type are the admin's, not the client's, so they are a plain ``ValueError`` that the registry logs.
"""

from __future__ import annotations

from collections.abc import Mapping

from flamenco.errors import BadRequest


class UnknownJobType(BadRequest):
    """The submitted job names a type this Manager does not have (any more)."""

    def __init__(self, name: object, known: list[str]) -> None:
        super().__init__(f"unknown job type {name!r}; this Manager has: {', '.join(known) or 'none'}")
        self.job_type = name


class JobSettingsError(BadRequest):
    """One or more settings do not match the job type's declaration.

    All problems are reported at once, so a client fixes its submission in one round trip. The message
    names every offending key; ``problems`` maps each key to what is wrong with it, and ``key`` is the
    first of them for callers that only want one.
    """

    def __init__(self, problems: Mapping[str, str]) -> None:
        if not problems:
            raise ValueError("JobSettingsError needs at least one problem")
        self.problems = dict(problems)
        self.key = next(iter(self.problems))
        message = "; ".join(f"setting {key!r} {text}" for key, text in self.problems.items())
        super().__init__(message)


class JobCompileError(BadRequest):
    """The job type could not turn the submission into a valid set of tasks."""


class JobTypeDefinitionError(ValueError):
    """A job type module is unusable: bad ``JOB_TYPE`` declaration or no ``compile_job``.

    Never shown to clients: the registry logs it and skips the module.
    """
