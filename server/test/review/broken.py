"""A file being edited."""


def locked():
    yield


def half(:
    with locked():
        pass
