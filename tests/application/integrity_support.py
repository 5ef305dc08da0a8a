"""Sealing, verifying and exporting in the integrity suites, with keys and witnesses in the test's folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from application.integrity.bundle import BundleReport, verify_bundle
from application.integrity.log import Sealed
from application.integrity.verify import VerifyReport
from application.ledger import CaseLedger
from infrastructure.integrity.keys import signature_ok
from infrastructure.settings import Settings
from interface.composition import (
    Views,
    build_bundle_writer,
    build_log,
    build_verifier,
    trusted_log_keys,
    trusted_witness_keys,
)


def integrity_settings(database_url: str, folder: Path, *, witness: bool = True) -> Settings:
    """The log's key, a witness and the verifier's memory, each in a folder of its own (as in production)."""
    return Settings(
        database_url=database_url,
        signing_key=str(folder / "keys" / "log.pem"),
        witnesses=(str(folder / "witness"),) if witness else (),
        verifier_state=str(folder / "verifier"),
    )


def seal(settings: Settings, ledger: CaseLedger, views: Views, at: datetime) -> Sealed:
    return build_log(settings, ledger, views).seal(at)


def verify(settings: Settings, ledger: CaseLedger, views: Views) -> VerifyReport:
    return build_verifier(settings, ledger, views).run()


def bundle(settings: Settings, ledger: CaseLedger, views: Views, case_no: str, at: datetime) -> bytes:
    seal(settings, ledger, views, at)
    return "".join(build_bundle_writer(settings, ledger, views).lines([case_no], {"case": case_no}, at)).encode()


def check_bundle(settings: Settings, data: bytes) -> BundleReport:
    return verify_bundle(data, trusted_log_keys(settings), signature_ok, trusted_witness_keys(settings))
