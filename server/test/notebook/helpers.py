"""Helpers the notebook star-imports."""

__all__ = ["join_path", "path_exists"]


def join_path(*parts):
    """Join path parts with slashes."""
    return "/".join(parts)


def path_exists(path):
    """Tell whether `path` names something (always False here)."""
    return False
