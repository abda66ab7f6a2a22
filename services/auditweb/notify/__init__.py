"""Notifications to officers: who is told of which decision (rules), the outbox in the
decision store (outbox), and sending by e-mail and webhook (deliver)."""
