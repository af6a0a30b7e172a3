"""Loopback port checks."""
import socket
import time


def ensure_free(ports):
    """Fails with a clear message if any port on 127.0.0.1 is already taken."""
    for port in ports:
        with socket.socket() as sock:
            # As servers do: connections of a just-stopped cluster lingering in TIME_WAIT do not block a restart.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError as e:
                raise RuntimeError(f"port {port} on 127.0.0.1 is in use ({e}); stop whatever holds it") from e


def is_listening(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def await_listening(ports, timeout_s, alive=lambda: True, what="node"):
    deadline = time.monotonic() + timeout_s
    while True:
        waiting = [p for p in ports if not is_listening(p)]
        if not waiting:
            return
        if not alive():
            raise RuntimeError(f"a {what} exited before listening on {waiting}; see its log")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} ports {waiting} not listening after {timeout_s} s")
        time.sleep(0.5)
