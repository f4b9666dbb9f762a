"""relay.py: what the deliberately broken test adapters share: addresses in
the reference CLIs' form, a byte pump that rewrites what it carries, and
the one-read habit.  Standard library only."""
import socket


def connect(address):
    if address.startswith('@') or address.startswith('/'):
        s = socket.socket(socket.AF_UNIX)
        s.connect(('\0' + address[1:]) if address.startswith('@') else address)
    elif address.startswith('['):
        host, port = address[1:].split(']:')
        s = socket.create_connection((host, int(port)))
    else:
        host, port = address.rsplit(':', 1)
        s = socket.create_connection((host, int(port)))
    return s


def listen(address):
    if address.startswith('@'):
        s = socket.socket(socket.AF_UNIX)
        s.bind('\0' + address[1:])
    elif address.startswith('/'):
        s = socket.socket(socket.AF_UNIX)
        s.bind(address)
    elif address.startswith('['):
        host, port = address[1:].split(']:')
        s = socket.socket(socket.AF_INET6)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(port)))
    else:
        host, port = address.rsplit(':', 1)
        s = socket.socket(socket.AF_INET)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(port)))
    s.listen(64)
    return s


def pump(src, dst, rewrite):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(rewrite(data))
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def first_read_whole(data, state):
    """one-read: the first piece of a connection must hold a CRLFCRLF."""
    if not state and b'\r\n\r\n' not in data:
        raise OSError('the first read does not hold the whole preamble')
    state.append(True)
    return data
