"""The bodies of the 定期注册 JSON API (issuer._cycle_api), each turned into what the services
take (:meth:`CycleIn.plan`, :meth:`DetailsIn.details`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from core.rules import Window
from issuer import _cycle as cycles
from issuer import _cycle_steps as steps

Ids = Annotated[list[int], Field(min_length=1, max_length=5000)]

class CycleIn(BaseModel):
    region: str = Field(min_length=6, max_length=6, description="county division code")
    year: int
    period_start: dt.date
    apply_from: dt.date
    apply_until: dt.date
    school_from: dt.date
    school_until: dt.date
    county_from: dt.date
    county_until: dt.date
    city_from: dt.date
    city_until: dt.date
    title: str = Field("", max_length=100)
    notice_days: int = 7
    points: list[dict[str, Any]] = Field(default_factory=list, max_length=50)

    def plan(self) -> cycles.CyclePlan:
        return cycles.CyclePlan(
            region=self.region, year=self.year, period_start=self.period_start,
            apply=Window(self.apply_from, self.apply_until),
            school=Window(self.school_from, self.school_until),
            county=Window(self.county_from, self.county_until),
            city=Window(self.city_from, self.city_until), title=self.title,
            notice_days=self.notice_days, points=tuple(self.points))


class DetailsIn(BaseModel):
    school: str = Field(max_length=100)
    school_type: Literal["public", "private"] = "public"
    post: str = Field("", max_length=64)
    training_hours: int | None = Field(None, ge=0, le=10_000)
    assessments: list[dict[str, Any]] = Field(default_factory=list, max_length=10)

    def details(self) -> steps.ApplicationDetails:
        return steps.ApplicationDetails(self.school, self.school_type, self.post,
                                        self.training_hours, tuple(self.assessments))


class ApplyIn(DetailsIn):
    certificate_number: str = Field(max_length=32)


class Versioned(BaseModel):
    row_version: int | None = Field(None, description="the version you saw (stale: 409)")


class CorrectIn(Versioned):
    changes: dict[str, Any] = Field(max_length=5)


class SchoolReviewIn(Versioned):
    passed: bool
    note: str = Field("", max_length=500)


class DecisionIn(BaseModel):
    conclusion: str = Field(max_length=8, description="注册合格 | 暂缓注册 | 注册不合格")
    reason: str | None = Field(None, max_length=32, description="core.states.RegistrationReason")
    reason_text: str = Field("", max_length=500)


class DecideIn(DecisionIn, Versioned):
    pass


class NoteIn(Versioned):
    note: str = Field("", max_length=500)


class ObjectionIn(BaseModel):
    text: str = Field(max_length=1000)
    contact: str | None = Field(None, max_length=100)


class ResolveIn(BaseModel):
    resolution: str = Field(max_length=500)
    conclusion: str | None = Field(None, max_length=8, description="a changed conclusion")
    reason: str | None = Field(None, max_length=32)
    reason_text: str = Field("", max_length=500)


class BatchDecideIn(DecisionIn):
    application_ids: Ids


class BatchSchoolIn(BaseModel):
    application_ids: Ids
    passed: bool
    note: str = Field("", max_length=500)


class BatchNoteIn(BaseModel):
    application_ids: Ids
    note: str = Field("", max_length=500)


class PublishIn(BaseModel):
    application_ids: list[int] | None = Field(None, max_length=5000)


class FileIn(BaseModel):
    authority: str | None = Field(None, max_length=100)
