"""Constants shared by the net tests (a unique module name: test folders have no
__init__.py); they are the tests' root's, in shared_support.py."""

from shared_support import LOOPBACK, WAIT_MS

__all__ = ["LOOPBACK", "WAIT_MS"]
