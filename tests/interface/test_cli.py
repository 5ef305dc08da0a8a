"""The ``caseledger`` command line, run in-process against a real store."""

from __future__ import annotations

import io
import json
import random
import signal
from datetime import datetime
from pathlib import Path

import pytest
from eventsourcing.utils import get_topic

from domain.business_time import SHANGHAI
from domain.case.events.intake import Received
from domain.organisation.actors import Authority
from infrastructure.demo.centre import build_catalogue
from infrastructure.integrity.keys import FileSigner
from infrastructure.settings import Settings
from interface.cli.main import main
from interface.composition import build_ledger, build_views


@pytest.fixture
def store(stored_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CASELEDGER_DATABASE_URL", stored_database_url)
    monkeypatch.setenv("COLUMNS", "200")
    return stored_database_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    # ``main`` sets SIGPIPE to its default, which ends a program writing to a closed pipe, and a worker
    # catches SIGINT and SIGTERM to finish its pass: right for the command line, but this test process
    # would die once a later test's server wrote to a client it killed, and would not stop when told.
    signals = (signal.SIGPIPE, signal.SIGINT, signal.SIGTERM)
    before = {sig: signal.getsignal(sig) for sig in signals}
    try:
        code = main(list(argv))
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    return code, capsys.readouterr().out


def test_add_working_days_prints_the_due_date(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "calendar", "add-working-days", "2026-09-30", "3") == (0, "2026-10-10\n")
    assert run(capsys, "calendar", "add-working-days", "2026-12-30", "3") == (0, "2027-01-05  provisional\n")


def test_show_lists_holidays_and_adjusted_working_days(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "calendar", "show", "2026")
    assert code == 0 and "official" in out and "248 working days in 2026" in out
    assert "2026-02-14" in out and "adjusted working day" in out
    code, out = run(capsys, "calendar", "show", "2027")
    assert code == 0 and "provisional" in out and "2027-02-05" in out


def test_publish_records_a_new_calendar_version(store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notice = tmp_path / "2027.toml"
    notice.write_text(
        'year = 2027\nnotice = "国办发明电〔2026〕N号"\n'
        'holidays = ["2027-01-01", "2027-02-05..2027-02-11"]\nadjusted_workdays = ["2027-02-20"]\n',
        encoding="utf-8",
    )
    code, out = run(capsys, "calendar", "publish", str(notice))
    assert code == 0 and "version 2" in out
    assert run(capsys, "calendar", "add-working-days", "2027-02-04", "1") == (0, "2027-02-12\n")


def test_a_bad_schedule_file_is_a_clear_error(store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('year = 2027\nholidays = ["2027-01-01"]\n', encoding="utf-8")
    code, out = run(capsys, "calendar", "publish", str(bad))
    assert code == 2 and "invalid-value" in out


def test_demo_loads_the_centre_and_simulates_cases(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "demo", "--cases", "120", "--seed", "5", "--until", "2026-11-20")
    assert code == 0
    assert "120 cases" in out and "on-time rate" in out and "Cases by outcome" in out
    # and the year's supervision and quality work: three quarters ended by 20 November
    assert "Supervision and quality" in out and "evaluation 2026Q3" in out and "2026Q4" not in out
    assert "internal audit" in out and "management review" in out
    assert "Working modes" in out and "2026年度政务服务工作情况" in out and "critical path now" in out
    ledger = build_ledger(Settings.from_env())
    try:
        page = ledger.store.recorder.select_notifications(None, 100_000, topics=[get_topic(Received)])
        numbers = [event.case_no for event in ledger.store.domain_events(page)]
        assert sum("-S5-" in n for n in numbers) == 120  # every simulated case is in the ledger
        # and the working modes' own: the projects' permits and the pre-reviews filed as cases
        assert all("-S5-" in n or "-XM" in n or ledger.case_store.case(n).channel.value == "online" for n in numbers)
        last = build_catalogue(random.Random(5))[-1]
        assert ledger.catalogue.item_terms(last.code) == last  # all 262 items of the catalogue are registered
        assert Authority.DECIDE in ledger.people.actor("SJJ-CR1").authorities  # the chief representative's delegation
    finally:
        ledger.close()
    code, out = run(capsys, "demo", "--cases", "120", "--seed", "5", "--until", "2026-11-20")
    assert code == 0 and "already holds the demo year for seed 5" in out


def test_views_and_reports_from_the_command_line(
    store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "demo", "--cases", "150", "--seed", "6", "--until", "2026-11-20")[0] == 0
    code, out = run(capsys, "project", "rebuild")
    assert code == 0 and "rebuilt queue, responsibility, supervision, quality, catalogue" in out
    code, out = run(capsys, "project", "status")
    assert code == 0 and "up to date" in out
    code, out = run(capsys, "report", "kpi", "--format", "json")
    kpi = json.loads(out)
    ledger = build_ledger(Settings(database_url=store))
    try:  # the 150 simulated, the projects' permits and the pre-reviews filed: every receipt in the log
        received = len(ledger.store.recorder.select_notifications(None, 100_000, topics=[get_topic(Received)]))
    finally:
        ledger.close()
    assert kpi[-1]["group"] == "ALL" and kpi[-1]["received"] == received > 150
    code, out = run(capsys, "report", "queue", "--format", "json", "--as-of", "2026-11-20")
    assert all("case_no" in row for row in json.loads(out))
    code, out = run(capsys, "report", "responsibility", "--group", "department", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("department,cases_held,working_days_held")
    # In a terminal of 80 columns a wide report is printed a row at a time, in Chinese under --lang zh,
    # and nothing is cut off (no ellipsis); one the terminal holds stays a table.
    monkeypatch.setenv("COLUMNS", "80")
    code, out = run(capsys, "report", "attribution", "--lang", "zh")
    assert code == 0 and out.startswith("责任倒查明细 (attribution)") and "办件编号" in out and "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    monkeypatch.setenv("COLUMNS", "120")
    code, out = run(capsys, "report", "screen", "--lang", "zh")
    assert code == 0 and "┃ 部门" in out and "ALL" in out and "绿灯" in out
    code, out = run(capsys, "watch", "--once")
    assert code == 0 and "recorded" in out


def test_seal_verify_export_and_verify_bundle(
    store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASELEDGER_SIGNING_KEY", str(tmp_path / "keys" / "log.pem"))
    monkeypatch.setenv("CASELEDGER_WITNESSES", str(tmp_path / "witness"))
    monkeypatch.setenv("CASELEDGER_VERIFIER_STATE", str(tmp_path / "verifier"))
    code, out = run(capsys, "verify")
    assert code == 2 and "no trusted log key" in out  # nothing to trust yet: never a key from the database
    assert run(capsys, "demo", "--cases", "30", "--seed", "3")[0] == 0
    code, out = run(capsys, "seal")
    assert code == 0 and "signed a head of" in out and "witness witness/witness: size" in out
    assert (tmp_path / "keys" / "log.vkey").read_text().startswith("caseledger/ledger+")
    code, out = run(capsys, "verify")
    assert code == 0 and "clean" in out and "witnessed: witness/witness at" in out
    bundle = tmp_path / "period.jsonl"
    code, out = run(capsys, "export", "--period", "2026-01-01", "2026-12-31", "--out", str(bundle))
    assert code == 0 and int(out.split(" case(s) exported")[0]) > 20
    code, out = run(capsys, "verify-bundle", str(bundle))
    assert code == 0 and "valid" in out
    assert run(capsys, "verify-bundle", str(bundle), "--key", "someone+00000000+AAAA")[0] == 2
    other = FileSigner(tmp_path / "other.pem").publish_vkey("caseledger/ledger", tmp_path / "other.vkey")
    assert run(capsys, "verify-bundle", str(bundle), "--key", other.text())[0] == 1
    bundle.write_bytes(bundle.read_bytes().replace(b'"version": 2', b'"version": 3', 1))
    assert run(capsys, "verify-bundle", str(bundle))[0] == 1


def test_an_argument_the_ledger_cannot_keep_is_refused(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("SJJ\udcff", "SJJ\ud800"):  # bytes that were not UTF-8 arrive as lone surrogates
        code, out = run(capsys, "report", "queue", "--department", bad)
        assert code == 2 and "invalid-text" in out


def test_rotating_the_log_key(
    store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "keys" / "log.pem", tmp_path / "keys" / "log-2.pem"
    monkeypatch.setenv("CASELEDGER_SIGNING_KEY", str(first))
    monkeypatch.setenv("CASELEDGER_WITNESSES", str(tmp_path / "witness"))
    monkeypatch.setenv("CASELEDGER_VERIFIER_STATE", str(tmp_path / "verifier"))
    assert run(capsys, "demo", "--cases", "10", "--seed", "4")[0] == 0
    assert run(capsys, "seal")[0] == 0
    code, out = run(capsys, "rotate-log-key", str(second))
    assert code == 0 and "the log is handed to caseledger/ledger+" in out
    monkeypatch.setenv("CASELEDGER_SIGNING_KEY", str(second))
    monkeypatch.setenv("CASELEDGER_LOG_KEYS", f"{first.with_suffix('.vkey')},{second.with_suffix('.vkey')}")
    code, out = run(capsys, "seal")  # the witness is told the new key
    assert code == 0 and "signed a head" in out and "witness witness/witness: size" in out
    monkeypatch.setenv("CASELEDGER_LOG_KEYS", str(first.with_suffix(".vkey")))  # a verifier trusting the first only
    code, out = run(capsys, "verify")
    assert code == 0 and "clean" in out and "2 signed heads" in out


def test_a_stopped_view_is_named_by_status_and_its_reports_say_so(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "demo", "--cases", "20", "--seed", "2")[0] == 0
    assert run(capsys, "project", "rebuild")[0] == 0
    settings = Settings(database_url=store)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    try:
        views.store.stop("supervision", 7, "event 8: UntranslatableCharacter")
    finally:
        views.close()
        ledger.close()
    code, out = run(capsys, "project", "status")
    assert code == 1 and "stopped" in out and "event 8: UntranslatableCharacter" in out
    code, out = run(capsys, "report", "redflags")
    assert code == 2 and "view-stopped" in out
    assert run(capsys, "report", "queue")[0] == 0  # a report from running views answers


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "warnings", "--level", "RED"),
        ("report", "queue", "--status", "bogus"),
        ("report", "queue", "--department", "XXX"),
        ("report", "kpi", "--from", "2026-03-31", "--to", "2026-03-01"),
    ],
)
def test_bad_report_filters_are_a_clear_message_and_exit_2(
    store: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out = run(capsys, *argv)
    assert code == 2 and "invalid-value" in out


def test_times_are_taken_as_people_type_them(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "demo", "--cases", "10", "--seed", "7", "--until", "2026-11-20")[0] == 0
    ledger = build_ledger(Settings(database_url=store))
    try:
        [received] = ledger.store.domain_events(
            ledger.store.recorder.select_notifications(None, 1, topics=[get_topic(Received)])
        )
    finally:
        ledger.close()
    case_no = received.case_no
    today = datetime.now(tz=SHANGHAI).date().isoformat()  # events were recorded today: their record time
    for at in ("2026-11-26", "2026-11-26T09:30", "2026-11-26T09:30+08:00"):  # a date, a local time, an instant
        code, out = run(capsys, "case", case_no, "--at", at, "--known-at", today)
        assert code == 0 and case_no in out, out
    for bad, words in (("2026-13-01", "is not a time"), ("yesterday", "is not a time"), ("0001-01-01", "outside")):
        with pytest.raises(SystemExit) as exited:
            run(capsys, "case", case_no, "--at", bad)
        assert exited.value.code == 2 and words in capsys.readouterr().err


def test_users_of_a_department_that_does_not_exist_get_no_token(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "users", "add", "x1", "--role", "window_clerk", "--department", "NOPE")
    assert code == 2 and "no department 'NOPE'" in out
    assert run(capsys, "users", "department", "NOPE", "--name", "新设部门")[0] == 0
    code, out = run(capsys, "users", "add", "x1", "--role", "window_clerk", "--department", "NOPE")
    assert code == 0 and "x1 (window_clerk, NOPE)" in out
    code, out = run(capsys, "users", "list")
    assert code == 0 and "x1" in out


def test_a_console_password_is_set_from_stdin_and_only_its_hash_is_kept(
    store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "users", "department", "SJJ", "--name", "市场监督管理局")[0] == 0
    assert run(capsys, "users", "add", "SJJ-WC9", "--role", "window_clerk", "--department", "SJJ")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("短\n"))
    code, out = run(capsys, "users", "set-password", "SJJ-WC9", "--stdin")
    assert code == 2 and "at least 10 characters" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("窗口服务二〇二五年度口令\n"))
    code, out = run(capsys, "users", "set-password", "SJJ-WC9", "--stdin")
    assert code == 0 and "password is set" in out
    ledger = build_ledger(Settings(database_url=store))
    try:
        assert ledger.people.check_password("SJJ-WC9", "窗口服务二〇二五年度口令").person_id == "SJJ-WC9"
        events = ledger.store.domain_events(ledger.store.recorder.select_notifications(None, 10_000))
        said = [vars(e) for e in events if type(e).__name__ == "PasswordSet"]
        assert len(said) == 1 and said[0]["password_hash"].startswith("$argon2id$")
        assert "窗口服务" not in str(said)
    finally:
        ledger.close()


def test_notify_sends_nothing_about_an_old_history_and_the_years_report_counts_it(
    store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "demo", "--cases", "30", "--seed", "3", "--until", "2026-11-20")[0] == 0
    # The demo ran the notifier as its last day ended: only that day's notices were sent (to the log).
    code, out = run(capsys, "notify", "--status")
    expired = next(line for line in out.splitlines() if "expired" in line)
    assert code == 0 and int(expired.split("│")[2]) > 30, "each receipt at least"
    assert run(capsys, "notify", "--once")[1] == "", "a second pass has nothing to do"
    code, out = run(capsys, "annual-report", "2026", "--format", "json", "--as-of", "2026-11-20")
    figures = json.loads(out)
    ledger = build_ledger(Settings(database_url=store))
    try:  # the receipts of 2026, counted from the log itself
        page = ledger.store.recorder.select_notifications(None, 1000, topics=[get_topic(Received)])
        in_2026 = sum(1 for e in ledger.store.domain_events(page) if e.occurred_at.year == 2026)
    finally:
        ledger.close()
    assert code == 0 and figures["received"] == in_2026 > 20 and figures["items"] > 0
    code, out = run(capsys, "annual-report", "2026", "--as-of", "2026-11-20")
    assert code == 0 and "2026年度政务服务工作情况" in out and f"收件{figures['received']}件" in out
