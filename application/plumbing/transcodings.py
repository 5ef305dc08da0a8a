"""How the ledger stores values the JSON transcoder does not know: dates, enums and value objects.

Each value object is stored as ``{"_type_": name, "_data_": {field: value}}``; names are stable
strings (never class paths), so classes can move without breaking stored events.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import orjson
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Transcoding, UUIDAsHex

from application.integrity.seal import Checkpoint
from domain.agency.mandate import MandateTerms
from domain.calendar.schedule import YearSchedule
from domain.calendar.working_days import DueDate, Pause
from domain.case.values import (
    Applicant,
    CaseStatus,
    DeliveryMethod,
    OpinionKind,
    Outcome,
    SpecialProcedureType,
    StepRecord,
    WarningLevel,
)
from domain.catalogue.guide import Guide
from domain.catalogue.terms import ItemKind, ItemTerms, Procedure, StepDefinition
from domain.clocks import Clock, ClockName, TimeLimit, TimeUnit
from domain.organisation.actors import Actor, Authority, Channel, Role
from domain.organisation.directory import Contact, ServicePointKind
from domain.prereview.appointment import AppointmentStatus
from domain.prereview.consultation import ConsultationKind
from domain.prereview.prereview import PreReviewSetting
from domain.projects.meeting import MeetingAction
from domain.projects.plan import Milestone, PlannedPermit
from domain.quality.corrective_action import CapaStatus
from domain.quality.internal_audit import CaseCheck, Nature
from domain.quality.management_review import PackLine, ReviewAction
from domain.supervision.complaint import ComplaintKind, Satisfaction, Source, Verification
from domain.supervision.evaluation import (
    CentreFigures,
    DepartmentFigures,
    DepartmentGrade,
    EvaluationPolicy,
    Grade,
    Recommendation,
)
from domain.supervision.finding import ChainRole, Responsibility, Sanction, Severity
from domain.supervision.order import Finding, OrderStatus, Subject, WarningType

if TYPE_CHECKING:
    from application.personal_data import SealedApplicant


def _tuples(value: Any) -> Any:
    """JSON has no tuples: value objects hold tuples, so lists come back as tuples."""
    return tuple(_tuples(v) if v.__class__ is list else v for v in value) if value.__class__ is list else value


def _float(value: float) -> orjson.Fragment:
    """A float as the library's encoder writes it (Python's repr: ``2.5e-07``, where orjson writes
    ``2.5e-7``), so that a state's bytes, which its hash covers, do not depend on the encoder."""
    if math.isnan(value):
        return orjson.Fragment(b"NaN")
    if math.isinf(value):
        return orjson.Fragment(b"Infinity" if value > 0 else b"-Infinity")
    return orjson.Fragment(float.__repr__(value).encode())


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class FrozenSetAsList(Transcoding):
    type = frozenset
    name = "frozenset"

    def encode(self, obj: frozenset[Any]) -> list[Any]:
        return sorted(obj)

    def decode(self, data: list[Any]) -> frozenset[Any]:
        return frozenset(data)


class EnumAsValue(Transcoding):
    def __init__(self, cls: type[enum.Enum], name: str) -> None:
        self.type = cls
        self.name = name
        self.members: dict[Any, enum.Enum] = dict(cls._value2member_map_)

    def encode(self, obj: enum.Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> enum.Enum:
        member = self.members.get(data)  # what Enum(value) finds, without the call
        return member if member is not None else self.type(data)


class ValueObjectAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields.

    A stored value is read back without its constructor when it has exactly the class's fields: it
    was checked when it was made, and a recorded fact must load even if a rule has tightened since.
    An older shape (fields added or renamed since) goes through the constructor, which fills defaults.
    """

    def __init__(self, cls: type[Any], name: str) -> None:
        self.type = cls
        self.name = name
        self.fields = tuple(f.name for f in dataclasses.fields(cls))
        self.field_names = frozenset(self.fields)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self.fields}

    def decode(self, data: dict[str, Any]) -> Any:
        values = {k: _tuples(v) if v.__class__ is list else v for k, v in data.items()}
        if data.keys() != self.field_names:
            return self.type(**values)
        obj: Any = object.__new__(self.type)
        object.__setattr__(obj, "__dict__", values)  # as a frozen dataclass's constructor leaves it
        return obj


ENUMS: dict[str, type[enum.Enum]] = {
    "role": Role,
    "authority": Authority,
    "channel": Channel,
    "clock": ClockName,
    "time_unit": TimeUnit,
    "item_kind": ItemKind,
    "procedure": Procedure,
    "case_status": CaseStatus,
    "outcome": Outcome,
    "art45": SpecialProcedureType,
    "opinion": OpinionKind,
    "warning_level": WarningLevel,
    "delivery": DeliveryMethod,
    "service_point_kind": ServicePointKind,
    "capa_status": CapaStatus,
    "order_subject": Subject,
    "order_status": OrderStatus,
    "warning_type": WarningType,
    "finding": Finding,
    "complaint_source": Source,
    "complaint_kind": ComplaintKind,
    "verification": Verification,
    "satisfaction": Satisfaction,
    "chain_role": ChainRole,
    "responsibility": Responsibility,
    "severity": Severity,
    "sanction": Sanction,
    "grade": Grade,
    "audit_nature": Nature,
    "milestone": Milestone,
    "appointment_status": AppointmentStatus,
    "consultation_kind": ConsultationKind,
}
VALUE_OBJECTS: dict[str, type[Any]] = {
    "actor": Actor,
    "applicant": Applicant,
    "time_limit": TimeLimit,
    "due_date": DueDate,
    "pause": Pause,
    "clock_v1": Clock,
    "step": StepDefinition,
    "item_terms": ItemTerms,
    "step_record": StepRecord,
    "year_schedule": YearSchedule,
    "checkpoint": Checkpoint,
    "evaluation_policy": EvaluationPolicy,
    "department_figures": DepartmentFigures,
    "department_grade": DepartmentGrade,
    "centre_figures": CentreFigures,
    "recommendation": Recommendation,
    "case_check": CaseCheck,
    "pack_line": PackLine,
    "review_action": ReviewAction,
    "planned_permit": PlannedPermit,
    "meeting_action": MeetingAction,
    "mandate_terms": MandateTerms,
    "contact": Contact,
    "pre_review_setting": PreReviewSetting,
    "guide": Guide,
}


class LedgerTranscoder(JSONTranscoder):
    """The JSON transcoder with the ledger's value types, giving back tuples where events hold tuples."""

    def __init__(self, subject_cipher: Any = None) -> None:
        super().__init__()
        for default in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO(), FrozenSetAsList()):
            self.register(default)
        for name, enum_cls in ENUMS.items():
            self.register(EnumAsValue(enum_cls, name))
        for name, cls in VALUE_OBJECTS.items():
            self.register(ValueObjectAsDict(cls, name))
        self.sealed: SealedApplicant | None = None
        if subject_cipher is not None:
            # Registered last, so applicants are written sealed; "applicant" still reads older events.
            from application.personal_data import SealedApplicant

            self.sealed = SealedApplicant(subject_cipher)
            self.register(self.sealed)
        self.decoder = json.JSONDecoder(object_hook=self._decode_typed)

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._decoders = {name: t.decode for name, t in self.names.items()}
        self._encoders = {cls: self._encoder_of(t) for cls, t in self.types.items()}

    # -- encoding --------------------------------------------------------------------------------------

    def encode(self, obj: Any) -> bytes:
        """The library's JSON, byte for byte, made without its encoder calling back for every typed value:
        the state is first turned into plain JSON values here, then written at once."""
        # Copied to its exact size: orjson's result keeps the room of its buffer (kB for a small event),
        # and an in-memory ledger keeps every stored state.
        return memoryview(orjson.dumps(self._plain(obj), option=orjson.OPT_NON_STR_KEYS)).tobytes()

    def _plain(self, value: Any) -> Any:
        cls = value.__class__
        if cls is str or cls is int or value is None or cls is bool:
            return value
        if cls is float:
            return _float(value)
        encoder = self._encoders.get(cls)
        if encoder is not None:
            return encoder(value)
        if cls is tuple or cls is list:
            return [item if item.__class__ is str else self._plain(item) for item in value]
        if cls is dict:
            return {key: self._plain(item) for key, item in value.items()}
        return self._plain_subclass(value)

    def _plain_subclass(self, value: Any) -> Any:
        if isinstance(value, float):
            return _float(value)
        if isinstance(value, str | int):
            return value  # a subclass of a JSON type is written as that type, as the library's encoder does
        if isinstance(value, tuple | list | dict):
            return self._plain(dict(value) if isinstance(value, dict) else list(value))
        return self._encode_obj(value)  # the library's own error for an unregistered type

    def _encoder_of(self, transcoding: Transcoding) -> Callable[[Any], dict[str, Any]]:
        """How one registered type becomes ``{"_type_": name, "_data_": plain value}``; the common kinds
        without the general transcoding's intermediate values."""
        name, plain = transcoding.name, self._plain
        if isinstance(transcoding, EnumAsValue):
            return lambda member: {"_type_": name, "_data_": member._value_}
        if isinstance(transcoding, ValueObjectAsDict):
            fields = transcoding.fields
            return lambda obj: {"_type_": name, "_data_": {field: plain(getattr(obj, field)) for field in fields}}
        if transcoding.type is datetime or transcoding.type is date:
            return lambda moment: {"_type_": name, "_data_": moment.isoformat()}
        return lambda obj: {"_type_": name, "_data_": plain(transcoding.encode(obj))}

    # -- decoding --------------------------------------------------------------------------------------

    def decode(self, data: bytes) -> Any:
        """What the library's decoder gives, with lists as tuples in the state and in value objects: the
        JSON read by orjson, then each typed dict replaced from the inside out, as the object hook would."""
        try:
            state = orjson.loads(data)
        except orjson.JSONDecodeError:  # what only Python's JSON reads (NaN, integers beyond 64 bits)
            state = self.decoder.decode(data.decode("utf8"))
        else:
            if state.__class__ is dict:
                state = self._typed(state)
            elif state.__class__ is list:
                self._typed_in(state)
        if isinstance(state, dict):
            return {key: _tuples(value) if value.__class__ is list else value for key, value in state.items()}
        return state

    def _typed(self, d: dict[str, Any]) -> Any:
        for key, value in d.items():
            cls = value.__class__
            if cls is dict:
                d[key] = self._typed(value)
            elif cls is list:
                self._typed_in(value)
        return self._decode_typed(d)

    def _typed_in(self, items: list[Any]) -> None:
        for index, value in enumerate(items):
            cls = value.__class__
            if cls is dict:
                items[index] = self._typed(value)
            elif cls is list:
                self._typed_in(value)

    def _decode_typed(self, d: dict[str, Any]) -> Any:
        """The library's object hook, minus its generality."""
        if len(d) == 2 and "_type_" in d and "_data_" in d:
            try:
                decode = self._decoders[d["_type_"]]
            except KeyError:
                return super()._decode_obj(d)  # the library's own error for an unknown name
            return decode(d["_data_"])
        return d

    def read_ahead(self, states: Iterable[bytes]) -> None:
        """Prepare to decode these stored states: the personal-data keys they need are read at once."""
        if self.sealed is not None:
            self.sealed.read_ahead(states)
