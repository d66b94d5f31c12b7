"""Domain errors: a rule was broken, with a message a person can act on.

Views turn them into form errors or an API error body; they never become a 500.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """Base for every rule violation raised by a service."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(ApplicationError):
    """Input does not satisfy a business rule."""


class PermissionDeniedError(ApplicationError):
    """The actor may not do this."""


class ConflictError(ApplicationError):
    """Someone else changed the record since it was loaded."""


class InvalidTransition(ApplicationError):
    """A status change that the transitions table does not allow."""
