"""Services: one function per user action; each owns its transaction. No Qt."""
