"""Protocol errors, split the way h11 splits them.

RemoteProtocolError: the peer sent something wrong. It carries the `code`
that goes into the `error` frame the peer receives, so the peer learns what
it did. LocalProtocolError: we were asked to do something the protocol does
not allow; that is a bug on our side and should surface loudly in tests.
"""

from __future__ import annotations


class ProtocolError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


class RemoteProtocolError(ProtocolError):
    """The peer broke the protocol; `code` is sent back in an `error` frame."""


class LocalProtocolError(ProtocolError):
    """We tried to send something invalid (our bug)."""


# Error codes sent in `error` frames. Documented in docs/PROTOCOL.md.
FRAME_TOO_LARGE = "frame_too_large"
INVALID_UTF8 = "invalid_utf8"
INVALID_JSON = "invalid_json"
NOT_AN_OBJECT = "not_an_object"
UNKNOWN_TYPE = "unknown_type"
UNEXPECTED_TYPE = "unexpected_type"
BAD_FIELD = "bad_field"
HELLO_REQUIRED = "hello_required"
ALREADY_GREETED = "already_greeted"
UNSUPPORTED_VERSION = "unsupported_version"
TLS_NOT_SUPPORTED = "tls_not_supported"
INVALID_NICK = "invalid_nick"
UNKNOWN_USER = "unknown_user"
UNKNOWN_COMMAND = "unknown_command"
TOO_MANY_ERRORS = "too_many_errors"
SERVER_FULL = "server_full"
RATE_LIMITED = "rate_limited"
FLOODING = "flooding"
TOO_MANY_CONNECTIONS = "too_many_connections"
HANDSHAKE_TIMEOUT = "handshake_timeout"
PASSWORD_REQUIRED = "password_required"
WRONG_PASSWORD = "wrong_password"
AUTH_REQUIRED = "auth_required"
SEND_QUEUE_EXCEEDED = "send_queue_exceeded"
KICKED = "kicked"
HTTP_NOT_SUPPORTED = "http_not_supported"
# The server could not store a chat (disk full, read-only, I/O error): sent to
# the sender with the say's id, and without an id to the room while it lasts.
STORAGE_FAILED = "storage_failed"
