"""The connectivity doctor: bounded checks that answer "why can't they connect?"
in sentences a non-expert can act on. Used by both windows and by chatapp-doctor."""
