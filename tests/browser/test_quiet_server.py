"""The test server stays quiet when a client hangs up early, and only then (tests/browser/conftest.py).

No browser is needed: a raw socket asks for a large file and resets the
connection, as Chromium does with a request it no longer needs.
"""

from __future__ import annotations

import functools
import socket
import struct
import threading

from tests.browser.conftest import HOST, QuietServer, _QuietHandler


def serve(folder):
    server = QuietServer((HOST, 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_client_that_hangs_up_early_prints_nothing(tmp_path, capsys):
    (tmp_path / "big.bin").write_bytes(bytes(32 * 1024 * 1024))  # far more than the socket buffers hold
    server = serve(tmp_path)
    try:
        for _ in range(3):
            client = socket.create_connection(server.server_address)
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            client.recv(1024)  # the answer has begun
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()  # a reset, not a clean close
    finally:
        server.shutdown()
        server.server_close()  # waits for the request threads
    assert server.disconnects >= 1, "the early hang-up did not reach the server: the test proves nothing"
    assert capsys.readouterr().err == ""


def test_any_other_error_is_still_printed(capsys):
    server = QuietServer((HOST, 0), _QuietHandler)
    try:
        try:
            raise ValueError("a real fault")
        except ValueError:
            server.handle_error(None, (HOST, 1))
    finally:
        server.server_close()
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError: a real fault" in err
    assert server.disconnects == 0
