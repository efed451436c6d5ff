"""Event coding: (source, PLOVER type, target) from the dependency parse (see `coder`)."""

from .coder import code_events

__all__ = ["code_events"]
