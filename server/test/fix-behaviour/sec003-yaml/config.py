"""Configuration."""
import sys

import yaml


def parse(text):
    """Parse configuration text."""
    return yaml.load(text)


if __name__ == "__main__":
    print(parse(sys.argv[1]))
