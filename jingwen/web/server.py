"""``jingwen serve``: start the page on this machine with uvicorn, and clean up after it.

The socket is bound here (so ``--port 0`` can print the port it got, and a port in use is one
clear line), the private folder is made here and removed when the server stops, however it
stops short of being killed; folders of killed servers are removed at the next start.
"""
from __future__ import annotations

import argparse
import ipaddress
import signal
import socket
import sys
import threading
import time
import webbrowser
from types import ModuleType

from jingwen.cleaner.model.errors import JingwenError

EXTRA = "pip install 'jingwen[web]'"


def _load_framework() -> ModuleType:
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as e:
        raise JingwenError(f"the web page needs the web extra ({e.name} is missing): {EXTRA}") from None
    return uvicorn


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port), or one clear error."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as e:
        raise JingwenError(f"cannot listen on {host}: {e.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        if e.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise JingwenError(f"port {port} on {host} is in use: choose another with --port N "
                               f"(--port 0 takes any free port)") from None
        raise JingwenError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def url_for(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(args: argparse.Namespace) -> int:
    """Run the page until interrupted (SIGINT, SIGTERM); returns the exit status.

    Our signal handler is in place from the start and only takes note (raising inside library
    code, such as logging's setup, would turn a stop into an error): a stop that comes while
    the server is still starting ends it as soon as it can, and the folder is removed all the
    same. While uvicorn runs it handles the signals itself and shuts down gracefully.
    """
    stop = _StopRequest()
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _serve(args, stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not args.quiet:
        print("jingwen: stopped; working folder removed", file=sys.stderr)
    _exit_if_busy()
    return 0


def _exit_if_busy() -> None:
    """The server has stopped and its folder is gone; a cleaning or export thread may still be
    in the middle of a long document, and Python would wait for it before exiting (minutes
    after a SIGTERM). Nothing it makes can be delivered any more: exit now."""
    busy = [t for t in threading.enumerate() if t.is_alive() and not t.daemon and t is not threading.main_thread()]
    if busy:
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


class _StopRequest:
    """The signal handler: notes the stop and tells a server that is being set up."""

    def __init__(self) -> None:
        self.requested = False
        self.server: object | None = None

    def __call__(self, signum: int, frame: object) -> None:
        self.requested = True
        if self.server is not None:
            self.server.should_exit = True


def _serve(args: argparse.Namespace, stop: _StopRequest) -> None:
    uvicorn = _load_framework()
    from jingwen.config import settings_from
    from jingwen.web.app import create_app
    from jingwen.web.security import allowed_hosts
    from jingwen.web.store import Workspace, sweep_stale
    from jingwen.web.user_rules import UserRules

    settings, _ = settings_from(args)  # a broken rule file is one error before the server starts
    if args.port < 0 or args.port > 65535:
        raise JingwenError(f"--port {args.port}: choose 0 to 65535")
    sock = bind(args.host, args.port)
    sweep_stale()
    try:
        workspace = Workspace.create()
    except BaseException:
        sock.close()
        raise
    try:
        hosts = allowed_hosts(args.host)
        user_rules = UserRules.locate(path=getattr(args, "rules_file", None))
        app = create_app(workspace, settings, hosts=hosts, user_rules=user_rules)
        url = url_for(sock, args.host)
        print(f"净文 jingwen: {url}", flush=True)
        print(f"jingwen: working folder {workspace.root} (removed when the server stops); Ctrl+C stops",
              flush=True)
        print(f"jingwen: rules you add on the page go to {user_rules.path}", file=sys.stderr, flush=True)
        if not is_loopback(args.host):
            print(f"jingwen: warning: listening on {args.host}: other machines on your network can use "
                  f"this page (host names accepted: {', '.join(sorted(hosts))})", file=sys.stderr)
        from jingwen.web.protocol import HeaderDeadlineProtocol

        config = uvicorn.Config(app, log_level="debug" if args.debug else "warning", access_log=bool(args.verbose),
                                proxy_headers=False, server_header=False, lifespan="on",
                                timeout_graceful_shutdown=3, http=HeaderDeadlineProtocol)
        server = uvicorn.Server(config)
        stop.server = server
        if stop.requested:  # stopped while starting
            return
        if args.open:
            threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
        server.run(sockets=[sock])
    finally:
        sock.close()
        workspace.close()


def _open_when_started(server: object, url: str) -> None:
    """Open the page in the default browser once uvicorn accepts connections (10 s at most)."""
    for _ in range(200):
        if getattr(server, "started", False):
            webbrowser.open(url)
            return
        time.sleep(0.05)
