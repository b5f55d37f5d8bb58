"""A real AF_UNIX datagram socket standing in for systemd's notify socket."""

from __future__ import annotations

import socket
import time
from pathlib import Path


class NotifyListener:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.messages: list[str] = []

    def wait_for(self, needle: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if needle in message:
                    self.messages.remove(message)
                    return message
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except TimeoutError:
                pass
        raise AssertionError(f"no {needle!r} from the daemon; got {self.messages}")

    def collect(self, seconds: float) -> list[str]:
        """Everything received from now for `seconds`, plus what was waiting; all consumed."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(min(0.2, left))
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except TimeoutError:
                pass
        self.sock.settimeout(0.2)
        out, self.messages = self.messages, []
        return out

    def close(self) -> None:
        self.sock.close()
