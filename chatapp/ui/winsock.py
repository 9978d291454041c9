"""The VB6 Winsock control's vocabulary, for Qt's socket states and signals.

Teachers know the Winsock demo: its `State` property (sckClosed 0 ...
sckError 9) and its events (ConnectionRequest, Connect, DataArrival,
SendComplete, Close, Error). Showing both names side by side is how the
panels bridge the old demo and Qt. Pure functions; no widgets here.
"""

from __future__ import annotations

from PySide6.QtNetwork import QAbstractSocket

SocketState = QAbstractSocket.SocketState

# Winsock's StateConstants, in the control's own numbering.
WINSOCK_STATES = {
    0: "sckClosed",
    1: "sckOpen",
    2: "sckListening",
    3: "sckConnectionPending",
    4: "sckResolvingHost",
    5: "sckHostResolved",
    6: "sckConnecting",
    7: "sckConnected",
    8: "sckClosing",
    9: "sckError",
}
SCK_CLOSED, SCK_OPEN, SCK_LISTENING, SCK_CONNECTION_PENDING = 0, 1, 2, 3
SCK_RESOLVING_HOST, SCK_HOST_RESOLVED, SCK_CONNECTING, SCK_CONNECTED = 4, 5, 6, 7
SCK_CLOSING, SCK_ERROR = 8, 9

# sckHostResolved and sckConnectionPending have no Qt state of their own: Qt
# goes from HostLookupState straight to ConnectingState, and a pending
# connection is a QTcpServer matter (newConnection), not a socket state.
_QT_TO_WINSOCK = {
    SocketState.UnconnectedState: SCK_CLOSED,
    SocketState.HostLookupState: SCK_RESOLVING_HOST,
    SocketState.ConnectingState: SCK_CONNECTING,
    SocketState.ConnectedState: SCK_CONNECTED,
    SocketState.BoundState: SCK_OPEN,
    SocketState.ListeningState: SCK_LISTENING,
    SocketState.ClosingState: SCK_CLOSING,
}

# Winsock event names, by the ConnectionService / ChatServer signal that matches.
CONNECTION_REQUEST = "ConnectionRequest"
CONNECT = "Connect"
DATA_ARRIVAL = "DataArrival"
SEND_PROGRESS = "SendProgress"
SEND_COMPLETE = "SendComplete"
CLOSE = "Close"
ERROR = "Error"


def qt_state_name(state: SocketState) -> str:
    """ "ConnectedState": the enum's own name, as Qt's documentation spells it."""
    return getattr(state, "name", str(state))


def winsock_state(state: SocketState, error: bool = False) -> int:
    """The Winsock `State` value for a Qt socket state; sckError after an error
    that left the socket closed (Winsock stays in sckError until Close)."""
    if error and state == SocketState.UnconnectedState:
        return SCK_ERROR
    return _QT_TO_WINSOCK.get(state, SCK_CLOSED)


def winsock_state_text(value: int) -> str:
    """ "sckConnected (7)"."""
    return f"{WINSOCK_STATES.get(value, '?')} ({value})"


def send_event(bytes_still_queued: int) -> str:
    """SendComplete when the queue is empty, SendProgress while data remains."""
    return SEND_PROGRESS if bytes_still_queued > 0 else SEND_COMPLETE
