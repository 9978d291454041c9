"""`python -m chatapp`: a server window and a client window already talking."""

import sys

from chatapp.app.cli import demo_main

sys.exit(demo_main())
