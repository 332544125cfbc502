"""The application."""
from constants import *

__all__ = ["run"]


def run():
    """Run it."""
    return 42


if __name__ == "__main__":
    print(run())
