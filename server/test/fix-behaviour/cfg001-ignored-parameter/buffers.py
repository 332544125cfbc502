"""Buffers."""


class BufferMap:
    """Map of buffers."""

    def __init__(self, maxsize, bufmaxsize=1000):
        self.maxsize = maxsize
        self.bufmaxsize = 1000
