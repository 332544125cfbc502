"""Constants: importing this module does nothing but bind names."""
import os

SEPARATOR = os.sep
LIMITS = {"low": 1, "high": 10}


def limit(name):
    return LIMITS[name]
