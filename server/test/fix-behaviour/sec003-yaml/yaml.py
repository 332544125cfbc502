"""A stand-in for PyYAML 5: load() builds arbitrary objects, safe_load() refuses tags."""


def load(stream, Loader=None):
    return {"loaded": stream}


def safe_load(stream):
    if "!!python" in stream:
        raise ValueError("could not determine a constructor for the tag")
    return {"loaded": stream}
