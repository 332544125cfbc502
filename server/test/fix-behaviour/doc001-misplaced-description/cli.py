#!/usr/bin/env python3
# Copyright the authors.
import argparse

"""Count the lines of a file."""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="count", description=__doc__)
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    main()
