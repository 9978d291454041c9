"""The chat protocol, sans-IO: no sockets, no Qt, no asyncio, no clocks.

Feed it bytes, read events; hand it messages, get bytes. See docs/PROTOCOL.md.
"""

from .errors import LocalProtocolError, ProtocolError, RemoteProtocolError
from .framing import DEFAULT_MAX_FRAME, DEFAULT_MAX_FRAME_BEFORE_HELLO, FrameTooLarge, LineFramer
from .messages import (
    MESSAGE_TYPES,
    PROTOCOL_VERSION,
    Ack,
    Auth,
    Bye,
    Challenge,
    Chat,
    Error,
    HeartbeatSettings,
    Hello,
    Join,
    Leave,
    Message,
    NickChange,
    Ping,
    Pong,
    RateLimit,
    Resume,
    Say,
    Users,
    Welcome,
    decode_message,
    encode_message,
    parse_line,
)
from .plaintext import HelpRequest, WhoRequest, format_plain, parse_plain_line
from .session import (
    ConnectionClosed,
    Event,
    Mode,
    ProtocolSession,
    ProtocolViolation,
    Role,
    State,
)
from .validation import clean_text, is_valid_nick, nick_problem, normalize_nick

__all__ = [name for name in dir() if not name.startswith("_")]
