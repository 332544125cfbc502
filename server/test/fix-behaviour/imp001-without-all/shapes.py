"""Shapes, built on geometry."""
from geometry import *



def area_of_square(side):
    """Area of a square."""
    return square(side)


def describe():
    """Pi, rounded."""
    return "pi is %.3f" % PI
