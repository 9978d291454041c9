"""The greeting, sans-IO: hello, challenge, auth, then welcome or refusal.

Both ends have one object each (wsproto style: a handshake object hands over
to the connection once it is done). The server side decides with what it is
told (the room's password, when the password gate lets a verdict be told,
whether the nick is valid) and says what to send and when it next needs
waking (`next_deadline()`, `handle_timer(now)`, aioquic style); the room gives
the nick and the welcome once `HandshakeAccepted` comes out. The client side
answers the challenge with the password it was given and reports the welcome
or the refusal. Time is always passed in (monotonic seconds).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from . import errors as codes
from .auth import OneTimeChallenge, answer_challenge
from .messages import Auth, Bye, Challenge, Error, Hello, Message, NickChange, Resume, Welcome
from .plaintext import SILENT_NEWCOMER_GREETING
from .resume_token import SessionIdentity, identity_from_token, new_identity
from .validation import clean_text, nick_problem, normalize_nick

# Someone at netcat who has typed nothing after this long is told how to chat.
SILENT_NEWCOMER_DELAY = 1.0
# A deadline that fires this close to its limit counts as reached.
DEADLINE_SLACK = 0.01


# --- what a handshake asks its adapter to do ---------------------------------


@dataclass(frozen=True)
class SendToPeer:
    message: Message | str  # a str is a notice (plain-text peers read it)


@dataclass(frozen=True)
class RefusePeer:
    """Send `Error(code, message)`, then close with `close_reason`."""

    code: str
    message: str
    close_reason: str


@dataclass(frozen=True)
class ClosePeer:
    reason: str


@dataclass(frozen=True)
class HoldInput:
    """Handle nothing more from the peer until ReleaseInput: a pipelined
    line behind an auth must not hint at the verdict."""


@dataclass(frozen=True)
class ReleaseInput:
    pass


@dataclass(frozen=True)
class HandshakeAccepted:
    """The peer may join the room: as `wanted` ("" = the room picks a guest
    nick), with its hello (None for a plain-text peer) and, for a JSON peer,
    its identity: the one its resume token proves (`resumed`), else a new one.
    Only the token proves who resumes: the public client_id a resume claims
    proves nothing, and a missing or malformed token makes a fresh session."""

    wanted: str
    hello: Hello | None
    identity: SessionIdentity | None = None
    resumed: bool = False


HandshakeEvent = SendToPeer | RefusePeer | ClosePeer | HoldInput | ReleaseInput | HandshakeAccepted


class LocalHandshakeError(Exception):
    """Our own bug: the adapter used the handshake out of turn."""


class ServerHandshakeState(enum.Enum):
    WAITING = "waiting"  # for a hello (or a plain-text first line)
    CHALLENGED = "challenged"  # a challenge sent, waiting for its auth
    VERDICT_DUE = "verdict_due"  # the auth is checked; told when the gate allows
    DONE = "done"
    REFUSED = "refused"


def short_reason(text: str, limit: int = 200) -> str:
    """A peer's bye reason, as one readable line."""
    return clean_text(text).replace("\n", " ")[:limit]


class ServerHandshake:
    """One newcomer's greeting, as the server sees it."""

    def __init__(
        self,
        *,
        started: float,
        password: str | None,
        hello_timeout: float,
        first_line_timeout: float,
        verdict_time: Callable[[bool, float], float] | None = None,
    ) -> None:
        """`verdict_time(correct, now)` says when a password verdict may be
        told (the address's PasswordGate); without one it is told at once."""
        self.state = ServerHandshakeState.WAITING
        self._started = started
        self._password = password
        self._hello_timeout = hello_timeout
        self._first_line_timeout = first_line_timeout
        self._verdict_time = verdict_time or (lambda _correct, now: now)
        self.speaks_json = False
        self._greeted_while_silent = False
        self._hello: Hello | None = None
        self._challenge: OneTimeChallenge | None = None
        self._verdict: bool | None = None
        # The first deadline comes sooner, to greet someone who waits in silence.
        self._deadline: float | None = started + min(SILENT_NEWCOMER_DELAY, first_line_timeout)

    @property
    def done(self) -> bool:
        return self.state in (ServerHandshakeState.DONE, ServerHandshakeState.REFUSED)

    @property
    def nonce(self) -> str | None:
        return self._challenge.nonce if self._challenge else None

    def next_deadline(self) -> float | None:
        """When handle_timer must be called (monotonic seconds), or None."""
        return None if self.done else self._deadline

    def first_data(self, chunk: bytes, now: float) -> None:
        """A newcomer's bytes: one that speaks JSON is a program, which has
        much less time to say hello than a person at netcat."""
        if self.done or self.speaks_json or self._verdict is not None:
            return
        if chunk.lstrip()[:1] == b"{":
            self.speaks_json = True
            self._deadline = self._started + self._hello_timeout

    def receive(self, event: Message, now: float) -> list[HandshakeEvent]:
        """A message from a peer that has not joined yet. Whatever follows a
        refusal or the acceptance is not the handshake's business."""
        if self.state is ServerHandshakeState.REFUSED:
            return []  # it is being closed: nothing it says matters now
        if self.state is ServerHandshakeState.DONE:
            raise LocalHandshakeError("the handshake is over; the room handles this")
        handler = _SERVER_RECEIVES.get(type(event), ServerHandshake._on_first_line)
        return handler(self, event, now)

    def handle_timer(self, now: float, *, silent: bool = False) -> list[HandshakeEvent]:
        """The deadline passed. `silent`: the peer has sent nothing at all yet
        (only such a peer is told how to chat: a program speaks first)."""
        if self.done:
            return []
        if self.state is ServerHandshakeState.VERDICT_DUE:
            return self._give_verdict()
        limit = self._hello_timeout if self.speaks_json else self._first_line_timeout
        remaining = limit - (now - self._started)
        if remaining > DEADLINE_SLACK:
            self._deadline = now + remaining
            if silent and not self._greeted_while_silent:
                self._greeted_while_silent = True
                return [SendToPeer(SILENT_NEWCOMER_GREETING)]
            return []
        what = "hello" if self.speaks_json else "first line"
        message = f"no {what} within {limit:g} s"
        return self._refuse(codes.HANDSHAKE_TIMEOUT, message, message)

    # --- one handler per message type (the table is _SERVER_RECEIVES) ---------

    def _on_bye(self, bye: Bye, _now: float) -> list[HandshakeEvent]:
        self.state = ServerHandshakeState.REFUSED
        return [ClosePeer(short_reason(bye.reason) or "quit")]

    def _on_hello(self, hello: Hello, _now: float) -> list[HandshakeEvent]:
        if self.state is not ServerHandshakeState.WAITING:
            return [SendToPeer(Error(codes.AUTH_REQUIRED, "answer the password challenge first"))]
        problem = nick_problem(hello.nick)
        if problem:
            return self._refuse(codes.INVALID_NICK, f"{problem}.")
        if self._password is None:
            return self._accept(hello.nick, hello)
        self._hello = hello
        self._challenge = OneTimeChallenge()
        self.state = ServerHandshakeState.CHALLENGED
        return [SendToPeer(Challenge(self._challenge.nonce))]

    def _on_auth(self, auth: Auth, now: float) -> list[HandshakeEvent]:
        """The answer is checked now but told only when the gate says: until
        then nothing more from this connection is handled, and its nonce has
        had its one answer."""
        if self.state is not ServerHandshakeState.CHALLENGED:
            return self._on_first_line(auth, now)
        assert self._password is not None and self._challenge is not None
        correct = self._challenge.check(self._password, auth.mac)
        self._verdict = correct
        self._deadline = self._verdict_time(correct, now)
        self.state = ServerHandshakeState.VERDICT_DUE
        return [HoldInput()]

    def _on_first_line(self, event: Message, _now: float) -> list[HandshakeEvent]:
        """Anything else: before the auth it is out of turn; without a hello it
        is a plain-text peer's first line (its nick, if it was /nick NAME)."""
        if self.state is not ServerHandshakeState.WAITING:
            return [SendToPeer(Error(codes.AUTH_REQUIRED, "answer the password challenge first"))]
        if self._password is not None:
            return self._refuse(
                codes.PASSWORD_REQUIRED, "This room has a password; join with the chatapp client."
            )
        wanted = (
            event.nick
            if isinstance(event, NickChange) and not nick_problem(event.nick)
            else ""
        )
        return self._accept(wanted, None)

    # ---------------------------------------------------------------------------

    def _give_verdict(self) -> list[HandshakeEvent]:
        correct, self._verdict = self._verdict, None
        hello, self._hello = self._hello, None
        if not correct or hello is None:
            return self._refuse(codes.WRONG_PASSWORD, "Wrong password.")
        # What it sent after the auth, in order, once it has joined.
        return [*self._accept(hello.nick, hello), ReleaseInput()]

    def _accept(self, wanted: str, hello: Hello | None) -> list[HandshakeEvent]:
        self.state = ServerHandshakeState.DONE
        self._deadline = None
        if hello is None:
            return [HandshakeAccepted(wanted, None)]
        proved = identity_from_token(hello.resume.token) if hello.resume else None
        return [HandshakeAccepted(wanted, hello, proved or new_identity(), proved is not None)]

    def _refuse(
        self, code: str, message: str, close_reason: str | None = None
    ) -> list[HandshakeEvent]:
        self.state = ServerHandshakeState.REFUSED
        self._deadline = None
        return [RefusePeer(code, message, close_reason or code)]


# One handler per message type; anything else is a plain-text peer's first line.
_SERVER_RECEIVES: dict[type, Callable[..., list[HandshakeEvent]]] = {
    Bye: ServerHandshake._on_bye,
    Hello: ServerHandshake._on_hello,
    Auth: ServerHandshake._on_auth,
}


# --- the client's side -----------------------------------------------------------


@dataclass(frozen=True)
class Welcomed:
    welcome: Welcome
    nick_taken: str  # the nick asked for, when the room gave another; else ""


@dataclass(frozen=True)
class HandshakeRefused:
    """The client gives up this connection: tell the user, do not come back by itself."""

    code: str
    message: str


ClientHandshakeEvent = SendToPeer | Welcomed | HandshakeRefused


class ClientHandshakeState(enum.Enum):
    HELLO_SENT = "hello_sent"
    AUTH_SENT = "auth_sent"
    DONE = "done"
    REFUSED = "refused"


class ClientHandshake:
    """One connection's greeting, as the client sees it: `start()` gives the
    hello, `receive()` takes the server's challenge or welcome."""

    def __init__(
        self, nick: str, client_name: str, password: str | None, resume: Resume | None = None
    ) -> None:
        self.nick = nick
        self.client_name = client_name
        self._password = password or None
        self.resume = resume
        self.state = ClientHandshakeState.HELLO_SENT

    def start(self) -> list[ClientHandshakeEvent]:
        return [SendToPeer(Hello(self.nick, client=self.client_name, resume=self.resume))]

    def receive(self, message: Message) -> list[ClientHandshakeEvent]:
        handler = _CLIENT_RECEIVES.get(type(message))
        if handler is None or self.state in (ClientHandshakeState.DONE,
                                             ClientHandshakeState.REFUSED):
            return []
        return handler(self, message)

    def _on_challenge(self, challenge: Challenge) -> list[ClientHandshakeEvent]:
        if self.state is not ClientHandshakeState.HELLO_SENT:
            return []  # one answer per connection
        if self._password is None:
            self.state = ClientHandshakeState.REFUSED
            return [HandshakeRefused(codes.PASSWORD_REQUIRED, "This room needs a password.")]
        self.state = ClientHandshakeState.AUTH_SENT
        # Only a keyed hash of the server's one-time nonce crosses the network.
        return [SendToPeer(Auth(answer_challenge(self._password, challenge.nonce)))]

    def _on_welcome(self, welcome: Welcome) -> list[ClientHandshakeEvent]:
        self.state = ClientHandshakeState.DONE
        asked = normalize_nick(self.nick)
        taken = asked if asked.casefold() != welcome.nick.casefold() else ""
        return [Welcomed(welcome, taken)]


_CLIENT_RECEIVES: dict[type, Callable[..., list[ClientHandshakeEvent]]] = {
    Challenge: ClientHandshake._on_challenge,
    Welcome: ClientHandshake._on_welcome,
}
