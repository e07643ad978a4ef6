"""``jingwen serve`` as users run it: start, answer, refuse foreign hosts, stop and clean up."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, jingwen_command

from jingwen.web.server import is_loopback
from jingwen.web.store import PREFIX, Workspace, sweep_stale


class Server:
    """``jingwen serve --port 0`` in a subprocess: its URL and private folder, read from its output."""

    def __init__(self, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> None:
        env = {**os.environ, "TMPDIR": str(tmp_path), **(env or {})}
        self.stderr_path = tmp_path / "serve.err"
        self.process = subprocess.Popen([*jingwen_command(), "serve", "--port", "0", *args], cwd=tmp_path, env=env,
                                        stdout=subprocess.PIPE, stderr=self.stderr_path.open("wb"), text=True)
        first = self.process.stdout.readline()
        second = self.process.stdout.readline()
        if not first.startswith("净文 jingwen: http://"):
            self.process.kill()
            raise AssertionError(f"no URL from jingwen serve: {first!r} {self.stderr_path.read_text()}")
        self.url = first.split()[-1]
        self.folder = Path(second.split("working folder ")[1].split(" (")[0])

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url.rstrip("/") + path, headers={"Host": host} if host else {})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=120)
        finally:
            self.process.stdout.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_answers_locally_and_removes_its_folder_on_exit(tmp_path, sig):
    server = Server(tmp_path)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.folder.parent == tmp_path and server.folder.name.startswith(PREFIX)
        assert oct(server.folder.stat().st_mode & 0o777) == "0o700"
        status, body = server.get("/")
        assert status == 200 and "净文".encode() in body
        status, body = server.get("/", host="attacker.example")
        assert status == 400 and b"bad-host" in body
        status, _ = server.get("/", host=f"localhost:{server.url.rsplit(':', 1)[1].strip('/')}")
        assert status == 200
    finally:
        code = server.stop(sig)
    assert code == 0, server.stderr_path.read_text()
    assert not server.folder.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(PREFIX)] == []


def test_stop_while_starting_leaves_nothing_behind(tmp_path):
    server = Server(tmp_path)  # the folder exists once the URL is printed; uvicorn may not run yet
    assert server.stop(signal.SIGTERM) == 0, server.stderr_path.read_text()
    assert not server.folder.exists()
    assert server.stderr_path.read_text().strip().endswith("jingwen: stopped; working folder removed")


def test_open_starts_the_browser_on_the_page(tmp_path):
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "opener.py"
    opener.write_text(f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\n")
    server = Server(tmp_path, "--open", env={"BROWSER": f"{sys.executable} {opener} %s", "DISPLAY": ""})
    try:
        for _ in range(100):
            if opened.exists() and opened.read_text():
                break
            time.sleep(0.1)
        assert opened.read_text() == server.url
    finally:
        assert server.stop() == 0


def test_serve_reports_a_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([*jingwen_command(), "serve", "--port", str(port)], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.strip() == (f"jingwen: port {port} on 127.0.0.1 is in use: choose another with --port N "
                                   f"(--port 0 takes any free port)")
    assert [p for p in tmp_path.iterdir() if p.name.startswith(PREFIX)] == []


def test_serve_without_the_web_extra_names_it():
    code = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None\n"
            "from jingwen.cli import main; sys.exit(main(['serve', '--port', '0']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "pip install 'jingwen[web]'" in done.stderr and done.stderr.startswith("jingwen: the web page needs")


def test_command_line_does_not_import_the_web_framework():
    code = ("import sys, jingwen.cli; jingwen.cli.build_parser()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'starlette', 'uvicorn', 'anyio'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


def test_folders_of_killed_servers_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Workspace.create(str(tmp_path))
    (stale.root / "pid").write_text(str(dead.pid))
    (stale.root / "uploads" / "x").write_bytes(b"left behind")
    live = Workspace.create(str(tmp_path))  # this process: still running
    assert sweep_stale(str(tmp_path)) == [stale.root]
    assert not stale.root.exists() and live.root.exists()
    live.close()


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("127.8.0.1") and is_loopback("[::1]") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("192.168.1.2")
