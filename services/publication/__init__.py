"""Publication service: may this paper go out yet? Notice and objection periods of the
consortium agreement, patent filings before disclosure, export-controlled content."""
