"""Widgets: chat view, user list, panels (connection state, event log), windows.

The UI only listens to the net layer's signals and calls its methods; it never
touches a QTcpSocket.
"""
