"""The local broker tooling (the broker itself is exercised by every Kafka test)."""

from __future__ import annotations

from services.common import localkafka


def test_cluster_ids_are_valid_and_never_look_like_an_option() -> None:
    ids = {localkafka.new_cluster_id() for _ in range(5_000)}  # ~78 would start with "-" unfiltered
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_stopping_a_broker_that_does_not_run_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert localkafka.LocalKafka(tmp_path, port=localkafka.free_port()).stop() is False
