"""A cache keyed by the MD5 of its keys (a checksum, not a protection)."""
import hashlib
import sys

_STORE = {}


def cache_key(text):
    """The hex MD5 of the text."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def remember(text, value):
    """Store value under text's key."""
    _STORE[cache_key(text)] = value


if __name__ == "__main__":
    remember(sys.argv[1], len(sys.argv[1]))
    print(cache_key(sys.argv[1]), _STORE)
