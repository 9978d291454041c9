"""The lab window's pages: one guided lesson of TCP (or UDP) each, with real sockets."""
