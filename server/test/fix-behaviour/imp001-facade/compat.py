"""Typing names for every supported Python: other modules use this module as a namespace."""
try:
    from typing import *
except ImportError:  # pragma: no cover

    def Optional(tp):
        return tp
