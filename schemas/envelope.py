"""The CloudEvents 1.0 envelope in structured JSON mode, as the contract fixes it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator


class CloudEvent(BaseModel):
    """Envelope fields common to every Clearway event (CloudEvents 1.0, structured mode).

    Extension attributes other than ``correlationid`` are allowed and kept.
    Subclasses fix ``type`` to a literal and ``data`` to a payload model.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: Literal["1.0"]
    id: Annotated[str, Field(min_length=1, max_length=256)]
    source: Annotated[str, Field(min_length=1, max_length=1_024)]
    type: str
    subject: Annotated[str, Field(max_length=256)] | None = None
    time: AwareDatetime | None = None
    datacontenttype: Annotated[str, Field(max_length=128)] | None = None
    correlationid: Annotated[str, Field(max_length=256)] | None = None
    data: Any = None


class InputEvent(CloudEvent):
    """An event that asks for a decision: it must say on which date it is judged.

    The evaluation date is ``data.as_of`` where present, else ``time``. An event with
    neither is rejected: Clearway never falls back to the wall clock, so that a
    replay gives the same decision.
    """

    @model_validator(mode="after")
    def _has_evaluation_date(self) -> InputEvent:
        if self.time is None and getattr(self.data, "as_of", None) is None:
            msg = "the event has neither 'time' nor 'data.as_of': no evaluation date"
            raise ValueError(msg)
        return self

    def evaluated_at(self) -> datetime:
        """The evaluation instant in UTC: ``data.as_of`` at 00:00 UTC, else ``time``."""
        as_of: date | None = getattr(self.data, "as_of", None)
        if as_of is not None:
            return datetime.combine(as_of, time(0, 0), tzinfo=UTC)
        assert self.time is not None  # guaranteed by _has_evaluation_date
        return self.time.astimezone(UTC)
