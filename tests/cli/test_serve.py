"""`slant serve`: a taken port or a store that cannot be opened is one line and exit status 2;
otherwise the service answers on the port it was given."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest

from slant.cli.main import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_taken_port_is_a_clear_message(capsys, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--db", str(tmp_path / "corpus.db")]) == 2
    err = capsys.readouterr().err
    assert f"slant: error: port {port} on 127.0.0.1 is taken" in err and "--port" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("make_db, words", [
    (lambda tmp: tmp, "is a folder"),
    (lambda tmp: "postgresql+nodriver://u@localhost/db", "cannot open the corpus"),
])
def test_a_store_that_cannot_be_opened_is_a_clear_message(capsys, tmp_path, make_db, words):
    assert main(["serve", "--port", str(free_port()), "--db", str(make_db(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("slant: error:") and words in err and "Traceback" not in err


def test_bad_options(capsys, tmp_path):
    assert main(["serve", "--port", "70000", "--db", str(tmp_path / "c.db")]) == 2
    assert "not a port number" in capsys.readouterr().err
    assert main(["serve", "--workers", "0", "--db", str(tmp_path / "c.db")]) == 2
    assert main(["serve", "--token", "short", "--port", str(free_port()), "--db", str(tmp_path / "c.db")]) == 2
    assert "too short" in capsys.readouterr().err


def test_it_serves_on_the_port_given(fake_models, tmp_path, monkeypatch):
    import uvicorn

    servers = []
    original = uvicorn.Server.run

    def run(self, sockets=None):  # keep a handle on the server to stop it
        servers.append(self)
        return original(self, sockets=sockets)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.setattr(uvicorn.Server, "install_signal_handlers", lambda self: None, raising=False)
    port = free_port()
    result = []
    thread = threading.Thread(target=lambda: result.append(
        main(["serve", "--port", str(port), "--db", str(tmp_path / "corpus.db")])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (servers and servers[0].started):
        assert time.monotonic() < deadline and thread.is_alive(), "slant serve did not start"
        time.sleep(0.05)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/analyze", method="POST",
                                     data=json.dumps({"text": "The shameful hooligans again."}).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["findings"]
    servers[0].should_exit = True
    thread.join(timeout=30)
    assert result == [0]
    assert (tmp_path / "corpus.db").exists()
