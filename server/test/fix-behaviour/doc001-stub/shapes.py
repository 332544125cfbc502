"""Areas of shapes."""

__all__ = ["square"]


def square(side):
    return side * side
