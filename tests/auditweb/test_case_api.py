"""The officer's API over the store, served by uvicorn: named officers sign in, act on a
case, and every action is theirs; four eyes before a false positive is written; a review the
broker does not take leaves the case as it was."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import Engine

from services.auditweb import caseapi
from services.auditweb.app import build_app
from services.auditweb.auth import Credentials
from services.auditweb.cases import ReviewToWrite
from services.auditweb.db.projector import Record, project
from services.auditweb.reader import Notifier
from services.auditweb.store import DecisionStore
from tests.auditweb.records import SANCTIONS_REASON, T0, decision
from tests.auditweb.serving import serving

PASSWORDS = {"anna": "anna-password-1", "ben": "ben-password-22", "vera": "vera-password-3"}
OFFICERS = Credentials(
    users={
        "anna": (PASSWORDS["anna"], frozenset({"reviewer"})),
        "ben": (PASSWORDS["ben"], frozenset({"approver"})),
        "vera": (PASSWORDS["vera"], frozenset({"viewer"})),
    }
)
REASON = {
    **SANCTIONS_REASON,
    "evidence": {
        **SANCTIONS_REASON["evidence"],
        "partner_fingerprint": "pf-1",
        "entry_fingerprint": "ef-1",
    },
}


class FakeRecorder:
    def __init__(self, fail: bool = False) -> None:
        self.written: list[ReviewToWrite] = []
        self.fail = fail

    async def record(self, write: ReviewToWrite) -> dict[str, Any]:
        if self.fail:
            raise ConnectionError("the broker is away")
        self.written.append(write)
        return {}


def as_(name: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{PASSWORDS[name]}".encode()).decode()
    return {"Authorization": f"Basic {token}", "X-Clearway-Page": "1"}


def app_for(engine: Engine, recorder: FakeRecorder) -> Any:
    return build_app(
        DecisionStore(),
        Notifier(),
        credentials=OFFICERS,
        extra_routes=caseapi.routes(
            engine, recorder=recorder, clock=lambda: T0 + timedelta(hours=1)
        ),
    )


def red_case(engine: Engine) -> None:
    value = decision(
        1,
        outcome="red_flag",
        service="screening",
        subject="P-022",
        decision_id="d-red",
        reasons=[REASON],
    )
    project(engine, [Record("audit", 0, 0, value, int(T0.timestamp() * 1000))])


REVIEW = {
    "decision_id": "d-red",
    "list": "us_ofac_sdn",
    "entry_id": "306",
    "verdict": "false_positive",
    "note": "a bank of that name in Madrid, not the Cuban one",
}


async def test_two_officers_four_eyes_through_the_api(engine: Engine) -> None:
    red_case(engine)
    recorder = FakeRecorder()
    async with serving(app_for(engine, recorder)) as url, httpx.AsyncClient(base_url=url) as http:
        me = (await http.get("/api/me", headers=as_("anna"))).json()
        assert me == {
            "signed_in": True,
            "name": "anna",
            "roles": ["reviewer"],
            "language": None,  # not chosen: the page follows the browser
            "preferences": True,
        }
        assert (await http.get("/api/cases")).status_code == 401
        (case,) = (await http.get("/api/cases?view=unassigned", headers=as_("vera"))).json()[
            "items"
        ]
        cid = case["id"]
        # a viewer reads but may not act; a request without the page's header is refused
        assert (
            await http.post(f"/api/cases/{cid}/assign", headers=as_("vera"), json={})
        ).status_code == 409
        forged = {"Authorization": as_("anna")["Authorization"]}
        assert (
            await http.post(f"/api/cases/{cid}/assign", headers=forged, json={})
        ).status_code == 403
        assigned = await http.post(f"/api/cases/{cid}/assign", headers=as_("anna"), json={})
        assert assigned.json()["case"]["assignee"] == "anna"
        first = await http.post(f"/api/cases/{cid}/review", headers=as_("anna"), json=REVIEW)
        assert first.status_code == 200, first.text
        assert first.json()["case"]["status"] == "awaiting_second" and not recorder.written
        own = await http.post(f"/api/cases/{cid}/approve", headers=as_("anna"), json={})
        assert own.status_code == 409  # anna has no approver role, and it is her review
        second = await http.post(f"/api/cases/{cid}/approve", headers=as_("ben"), json={})
        assert second.status_code == 200 and second.json()["review_written"]
        (written,) = recorder.written
        assert (written.reviewer, written.first_reviewer) == ("ben", "anna")
        assert (written.partner_fingerprint, written.entry_fingerprint) == ("pf-1", "ef-1")
        detail = (await http.get(f"/api/cases/{cid}", headers=as_("vera"))).json()
        assert detail["status"] == "closed" and detail["resolution"] == "false_positive"
        assert [(h["actor"], h["kind"]) for h in detail["history"]] == [
            ("clearway", "decision"),
            ("anna", "assigned"),
            ("anna", "reviewed_pending_second"),
            ("ben", "approved"),
        ]
        found = (
            await http.get("/api/search?name=banco&outcome=red_flag", headers=as_("vera"))
        ).json()
        assert [r["decision_id"] for r in found["items"]] == ["d-red"]


async def test_a_review_the_broker_does_not_take_leaves_the_case_as_it_was(engine: Engine) -> None:
    red_case(engine)
    recorder = FakeRecorder(fail=True)
    confirmed = {**REVIEW, "verdict": "confirmed", "note": "same bank"}
    async with serving(app_for(engine, recorder)) as url, httpx.AsyncClient(base_url=url) as http:
        (case,) = (await http.get("/api/cases", headers=as_("anna"))).json()["items"]
        answer = await http.post(
            f"/api/cases/{case['id']}/review", headers=as_("anna"), json=confirmed
        )
        assert answer.status_code == 503 and "not recorded" in answer.json()["error"]
        after = (await http.get(f"/api/cases/{case['id']}", headers=as_("anna"))).json()
        assert after["status"] == "open" and len(after["history"]) == 1
        missing = {**REVIEW, "entry_id": "999"}
        assert (
            await http.post(f"/api/cases/{case['id']}/review", headers=as_("anna"), json=missing)
        ).status_code == 404


async def test_a_review_of_another_subjects_decision_is_refused(engine: Engine) -> None:
    """The match reviewed must be one of the case's own latest decision: never another
    subject's (whose fingerprints the page would sign for this partner)."""
    red_case(engine)
    other = decision(
        2,
        outcome="needs_review",
        service="screening",
        subject="P-999",
        decision_id="d-other",
        reasons=[REASON],
    )
    project(engine, [Record("audit", 0, 1, other, int(T0.timestamp() * 1000) + 1)])
    recorder = FakeRecorder()
    async with serving(app_for(engine, recorder)) as url, httpx.AsyncClient(base_url=url) as http:
        cases = (await http.get("/api/cases?subject=P-022", headers=as_("anna"))).json()["items"]
        (case,) = cases
        wrong = {**REVIEW, "decision_id": "d-other", "verdict": "confirmed"}
        answer = await http.post(f"/api/cases/{case['id']}/review", headers=as_("anna"), json=wrong)
        assert answer.status_code == 409 and not recorder.written
        closing = await http.post(
            f"/api/cases/{case['id']}/close",
            headers=as_("anna"),
            json={"resolution": "false_positive"},
        )
        assert closing.status_code == 409  # a red case: not closed by one reviewer
