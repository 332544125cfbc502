"""Session tokens."""
import random
import sys

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def session_token(length=16):
    """A new session token."""
    return "".join(random.choice(ALPHABET) for _ in range(length))


if __name__ == "__main__":
    random.seed(int(sys.argv[1]))  # the test suite makes tokens reproducible
    print(session_token())
