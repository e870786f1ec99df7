"""Errors a person can fix: shown as one line, never as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem the person running the command can fix; shown without a traceback."""
