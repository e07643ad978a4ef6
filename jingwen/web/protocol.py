"""The HTTP connection: uvicorn's h11 protocol with a deadline for the request line and headers.

uvicorn times out an idle keep-alive connection, but not a client that sends its headers a byte
at a time; such clients could hold every connection open. Here a connection that has not
completed a request's headers within ``HEADER_SECONDS`` of opening (or of its last response)
is closed. The request body has its own idle limit (``app.Limits.idle_seconds``).
"""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 30.0


class HeaderDeadlineProtocol(H11Protocol):
    """``H11Protocol`` that closes a connection whose request headers come too slowly."""

    header_seconds = HEADER_SECONDS
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:  # a request's headers are in
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():  # kept alive: the next request's headers have a deadline too
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.cycle is None or self.cycle.response_complete:  # still waiting for headers
            self.transport.close()
