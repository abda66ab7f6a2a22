"""Sanctions and export-control lists: one parser per official format, one entry model."""
