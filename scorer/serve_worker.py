"""The gunicorn worker `scorer serve` runs: gunicorn's threaded worker, except that a request is read in full by the
worker's event loop before a thread gets it.

Why: gunicorn's sync and gthread workers read the request (headers and body) inside the thread or process that then
answers it, with blocking reads and no overall deadline, so a client that sends one byte a second holds that
thread for as long as it likes; a few such clients hold every worker. Here a connection's bytes are collected
without blocking while the loop keeps serving others; only a complete request (or one the parser will reject
anyway) is handed to a thread, so a slow or idle client costs a socket, not a worker. A request that has not
arrived in full within the read deadline gets 408 and is closed. A thread stuck on one request longer than the
gunicorn timeout stops the worker's heartbeat, so the arbiter replaces the worker, as it does a stuck sync worker.
While every thread is on a long request (a big batch), the worker accepts no new connection: it is left in the
listen queue for a worker that can answer it now. A thread that finishes wakes the loop, which accepts again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import selectors
import socket
import time
from functools import partial

from gunicorn.workers import gthread

from scorer.serve import DEFAULT_READ_TIMEOUT, READ_TIMEOUT_ENV

# Bytes of request head (request line + headers) a client may send; more is handed to gunicorn's parser, which
# answers 400/431 under its own limits (limit_request_line 4094, 100 fields of 8190 bytes).
MAX_HEAD_BYTES = 64 * 1024
READ_SIZE = 64 * 1024
_TIMEOUT_BODY = b'{"title":"Request Timeout","status":408,"detail":"the request did not arrive in full in time"}'
REQUEST_TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\n"
                            b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_TIMEOUT_BODY), _TIMEOUT_BODY))
CONTINUE_RESPONSE = b"HTTP/1.1 100 Continue\r\n\r\n"
# A request running this long is a batch or a huge text (one article takes milliseconds). A worker whose threads are
# all on such requests leaves new connections to the others. Pausing whenever every thread was busy starved new
# connections under steady load, where kept-alive clients keep every thread of every worker busy.
LONG_REQUEST_SECONDS = 0.1


def _headers(head: bytes) -> dict[str, str]:
    """Lower-cased header names -> values of a request head (without the request line); the last one wins."""
    fields = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return fields


def request_ready(buffer: bytes, body_cap: int) -> bool:
    """Whether `buffer` holds a whole request, or enough for the app to refuse it (a declared body over the cap, a
    head over MAX_HEAD_BYTES, a body already past the cap, an unreadable length): then a thread may take it."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return len(buffer) > MAX_HEAD_BYTES
    fields = _headers(buffer[:head_end])
    body_bytes = len(buffer) - head_end - 4
    if body_bytes > body_cap:
        return True
    if "chunked" in fields.get("transfer-encoding", "").lower():
        return buffer.endswith(b"0\r\n\r\n")  # the last chunk (trailers are not used by any client of this API)
    declared = fields.get("content-length", "0")
    if not declared.isdigit():
        return True  # gunicorn's parser answers 400
    return int(declared) > body_cap or body_bytes >= int(declared)


def expects_continue(buffer: bytes) -> bool:
    """A head, complete but with no body yet, whose client waits for `100 Continue` before sending the body."""
    head_end = buffer.find(b"\r\n\r\n")
    return (0 <= head_end == len(buffer) - 4
            and _headers(buffer[:head_end]).get("expect", "").lower() == "100-continue")


def without_expect(buffer: bytes) -> bytes:
    """The request with its Expect header removed (the loop has answered it), so gunicorn does not answer again."""
    head_end = buffer.find(b"\r\n\r\n")
    lines = buffer[:head_end].split(b"\r\n")
    kept = [line for line in lines if not line.lower().startswith(b"expect:")]
    return b"\r\n".join(kept) + buffer[head_end:]


class BufferedSocket:
    """A client socket whose first bytes were read by the event loop: `recv` gives those back first, then reads the
    socket; everything else goes to the socket itself."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self.pending = b""

    def fill(self) -> bool:
        """Read what the client has sent so far, without blocking. False when the client has closed or failed."""
        try:
            data = self._sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        self.pending += data
        return bool(data)

    def recv(self, size: int, *flags) -> bytes:
        if self.pending:
            data, self.pending = self.pending[:size], self.pending[size:]
            return data
        return self._sock.recv(size, *flags)

    def __getattr__(self, name):
        return getattr(self._sock, name)


def _body_cap() -> int:
    from api.config import from_env

    return from_env()["MAX_CONTENT_LENGTH"]


def _read_timeout() -> float:
    raw = os.environ.get(READ_TIMEOUT_ENV)
    return float(raw) if raw else DEFAULT_READ_TIMEOUT


class BufferingWorker(gthread.ThreadWorker):
    """gunicorn's gthread worker, reading each request in full in the event loop before a thread answers it."""

    def init_process(self) -> None:
        if self.cfg.is_ssl:  # the loop reads raw bytes: it cannot see where an encrypted request ends
            raise RuntimeError("scorer serve does not terminate TLS; put a TLS proxy in front of it")
        self.reading: dict[gthread.TConn, float] = {}  # connection -> monotonic deadline for its request
        self.running: dict[gthread.TConn, float] = {}  # connection -> when a thread started answering it
        self.paused: dict = {}  # listener -> its accept callback, while every thread is on a long request
        # A thread that finishes writes a byte here while the listeners are paused, so the loop puts them back at once.
        self.wake_up, self.thread_done = socket.socketpair()
        for end in (self.wake_up, self.thread_done):
            end.setblocking(False)
        super().init_process()

    def run(self) -> None:
        self.poller.register(self.wake_up, selectors.EVENT_READ, self.on_thread_done)
        super().run()

    def load_wsgi(self) -> None:
        # Read after gunicorn has installed this worker's signal handlers, not at the top of init_process: until
        # then the worker has the master's handlers, which queue a TERM for a master loop that never runs here, and
        # this (importing the app) took up to seconds on a busy machine: a worker TERMed then never left.
        super().load_wsgi()
        self.body_cap = _body_cap()
        self.read_timeout = _read_timeout()

    # gunicorn's threaded worker ends its loop as soon as `alive` is set False (by TERM, by max-requests), dropping
    # the connections it had accepted but not yet read. Here that starts a drain: accept no more, answer what was
    # accepted, then end the loop (see _drain).
    @property
    def alive(self) -> bool:
        return self._running

    @alive.setter
    def alive(self, value: bool) -> None:
        if value:
            self._running, self.stop_by = True, None
        elif self.stop_by is None:
            self.stop_by = time.monotonic() + self.cfg.graceful_timeout

    def accept(self, server, listener) -> None:
        if self.stop_by is not None:
            return  # the connection waits in the shared listen queue for another worker
        if self._paused_while_every_thread_is_on_a_long_request():
            return
        try:
            sock, client = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        conn = gthread.TConn(self.cfg, BufferedSocket(sock), client, server)
        self.nr_conns += 1
        with self._lock:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))

    def on_client_socket_readable(self, conn, client) -> None:
        if not conn.sock.fill():
            self._drop(conn)
            return
        if conn.initialized:  # a kept-alive connection starts a new request: it is reading now, not idle
            with self._lock:
                if conn in self._keep:
                    self._keep.remove(conn)
        self.reading.setdefault(conn, time.monotonic() + self.read_timeout)
        buffer = conn.sock.pending
        if not request_ready(buffer, self.body_cap):
            if expects_continue(buffer):
                conn.sock.pending = without_expect(buffer)
                self._send_quietly(conn, CONTINUE_RESPONSE)
            return
        del self.reading[conn]
        with self._lock:
            self.poller.unregister(client)
        self.enqueue_req(conn)

    def enqueue_req(self, conn) -> None:
        super().enqueue_req(conn)
        self.futures[-1].started = time.monotonic()

    def handle(self, conn):
        """gunicorn's, on a thread, noting when it started; a thread finishing wakes the loop if it paused accepting."""
        with self._lock:
            self.running[conn] = time.monotonic()
        try:
            return super().handle(conn)
        finally:
            with self._lock:
                del self.running[conn]
                paused = bool(self.paused)
            if paused:
                with contextlib.suppress(OSError):  # a byte is already waiting (the buffer is full)
                    self.thread_done.send(b"\0")

    def _paused_while_every_thread_is_on_a_long_request(self) -> bool:
        """Take the listeners out of the loop if every thread is on a long request. Checked and done under one hold
        of the lock, so a thread finishing meanwhile either counts as free here or sees the pause and wakes the loop."""
        started_before = time.monotonic() - LONG_REQUEST_SECONDS
        with self._lock:
            if sum(started < started_before for started in self.running.values()) < self.cfg.threads:
                return False
            self.paused.update(self._take_listeners_out())
            return True

    def _take_listeners_out(self) -> dict:
        """Unregister the listening sockets still in the loop; {listener: its accept callback}. Hold self._lock."""
        registered = self.poller.get_map()
        return {listener: self.poller.unregister(listener).data for listener in self.sockets
                if listener.fileno() in registered}  # fmt: skip

    def on_thread_done(self, wake_up) -> None:
        """A thread has finished while the listeners were paused: put them back (accept decides again)."""
        with contextlib.suppress(OSError):
            while wake_up.recv(READ_SIZE):
                pass
        with self._lock:
            if self.stop_by is None:  # draining: the listeners stay out (_drain)
                for listener, accept in self.paused.items():
                    self.poller.register(listener, selectors.EVENT_READ, accept)
            self.paused.clear()

    def murder_keepalived(self) -> None:
        """Close idle kept-alive connections (gunicorn's), and requests not read in full by their deadline (408);
        while draining, close every idle connection and end the loop once nothing is being read or answered."""
        if self.stop_by is not None:
            self._drain()
        super().murder_keepalived()
        now = time.monotonic()
        for conn in [c for c, deadline in self.reading.items() if deadline < now]:
            self._send_quietly(conn, REQUEST_TIMEOUT_RESPONSE)
            self._drop(conn)

    def _drain(self) -> None:
        with self._lock:
            self._take_listeners_out()
            for conn in self._keep:
                conn.timeout = 0  # idle: closed by murder_keepalived right after this
        busy = self.reading or any(not future.done() for future in list(self.futures))
        if not busy or time.monotonic() > self.stop_by:
            self._running = False

    def notify(self) -> None:
        """Tell the arbiter this worker is alive, unless a request has been running longer than the timeout: then
        the arbiter kills and replaces the worker, since a thread cannot be stopped from outside."""
        oldest = min((getattr(f, "started", 0.0) for f in list(self.futures) if not f.done()), default=None)
        if oldest is not None and time.monotonic() - oldest > self.cfg.timeout:
            return
        super().notify()

    def _send_quietly(self, conn, data: bytes) -> None:
        with contextlib.suppress(OSError):  # the client is gone or not reading; it is closed next anyway
            conn.sock.send(data)

    def _drop(self, conn) -> None:
        self.reading.pop(conn, None)
        with self._lock:
            with contextlib.suppress(KeyError, ValueError, OSError):  # not registered (any more)
                self.poller.unregister(conn.sock)
            if conn in self._keep:
                self._keep.remove(conn)
        self.nr_conns -= 1
        conn.close()
