"""Instructor-only test cases added by the autograder (never shipped in the student release)."""

from .cases import HIDDEN_CASES

__all__ = ["HIDDEN_CASES"]
