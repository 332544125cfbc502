"""A worker whose exit codes are a protocol: its supervisor restarts it only on exit code 3."""
import sys


def serve(request):
    """Serve one request."""
    try:
        if request == "interrupt":
            raise KeyboardInterrupt
        if request == "bad":
            raise ValueError(request)
        return "served " + request
    except KeyboardInterrupt:
        sys.exit(0)
    except ValueError:
        sys.exit(3)


if __name__ == "__main__":
    print(serve(sys.argv[1]))
