"""Clearway's four compliance services and the runtime they share (``services.common``)."""
