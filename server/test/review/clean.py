"""Nothing to say about this module."""

VALUE = 1
