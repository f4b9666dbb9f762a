#!/usr/bin/env python3
"""serial_slots_server.py ADDRESS MAX_CONNECTIONS: the Python example's
reflect server (examples/python/reflect_server.py) behind an accept loop
that waits for one connection's slot at a time, as the original does
(E-26): for testing that degu-conform reports the missing SRV-MAXCONN-2.
Standard library only."""
import pathlib
import sys
import threading

from relay import listen

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[4] / 'examples' / 'python'))
import reflect_server  # noqa: E402


def serve(conn, slots):
    try:
        with conn:
            reflect_server.serve(conn, 1000, 30.0)
    finally:
        slots.release()


def main(argv):
    listener = listen(argv[1])
    slots = threading.BoundedSemaphore(int(argv[2]))
    while True:
        conn, _ = listener.accept()
        if not slots.acquire(timeout=2.0):  # The next waits its turn.
            conn.close()
            continue
        threading.Thread(target=serve, args=(conn, slots), daemon=True).start()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
