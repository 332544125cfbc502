# Copyright the authors.
import math

"""Areas of shapes."""

__all__ = ["circle"]


def circle(radius):
    """The area of a circle."""
    return math.pi * radius * radius
