"""The compliance officer's audit page: ``clearway audit serve``.

A small read-only web application over the audit topic. It reads decisions with
``read_committed`` into memory (no database), keeps them in :mod:`store`, and serves a
page with a live list, filters, a detail view, a subject history, counts, a plot of
decisions per hour and CSV / JSON-lines export. Layout:

- ``store.py``: the decisions held and every question the page asks of them (pure);
- ``judged.py``: where each judged input event lies, and what of it may be shown;
- ``reader.py``: the Kafka readers feeding both (the only module here that talks to Kafka);
- ``auth.py``: optional basic / bearer protection (ASGI middleware);
- ``app.py``: the Starlette application factory and its routes;
- ``settings.py``: ``CLEARWAY_AUDIT_*`` settings, built once in the entry point;
- ``static/``: the page itself (HTML, CSS, plain JavaScript, no build step).
"""
