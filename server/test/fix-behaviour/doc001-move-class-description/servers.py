"""Test doubles."""

__all__ = ["FakeServer", "Echo"]


class FakeServer:
    __test__ = False
    """A server double: answers every request with 200."""

    def handle(self, request):
        """Answer `request`."""
        return 200


class Echo:
    """Answers with the request."""

    def handle(self, request):
        """Answer `request`."""
        return request
