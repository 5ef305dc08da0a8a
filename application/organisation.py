"""The organisation: departments with their sections and windows, and the service points outside the hall."""

from __future__ import annotations

from application.plumbing.store import LedgerStore
from domain.errors import AlreadyExists, phrase
from domain.organisation.directory import Department, ServicePoint, ServicePointKind


class Organisation:
    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def register_department(self, code: str, name: str) -> int:
        return self.store.create_or_refuse(
            Department(code=code, name=name), AlreadyExists("department {code} already exists", code=code)
        )

    def department(self, code: str) -> Department:
        return self.store.load(Department, Department.create_id(code), phrase("department {code}", code=code))

    def has_department(self, code: str) -> bool:
        return self.store.exists(Department.create_id(code))

    def add_section(self, department: str, code: str, name: str) -> int:
        dept = self.department(department)
        dept.add_section(code=code, name=name)
        return self.store.commit(dept)

    def open_window(self, department: str, code: str, location: str) -> int:
        dept = self.department(department)
        dept.open_window(code=code, location=location)
        return self.store.commit(dept)

    def register_service_point(self, code: str, name: str, kind: ServicePointKind, township: str) -> int:
        point = ServicePoint(code=code, name=name, kind=kind, township=township)
        return self.store.create_or_refuse(point, AlreadyExists("service point {code} already exists", code=code))
