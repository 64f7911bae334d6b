"""The result store: OUT/results.sqlite, the class's one source of truth.

A plain SQLite file an instructor can open and query (sqlite3 OUT/results.sqlite), one
table per kind of record, the schema made idempotently on open, WAL so readers never
block the grader, and each result committed the moment it exists: a run that is
interrupted or killed loses nothing it finished, and the next run grades only what is
missing.

    results      (submission, fingerprint) -> a graded verdict (JSON of SubmissionResult)
    submissions  submission -> its files (the report's similarity triage reads them)
    roster       the class as the last run read it: student -> submission, metadata
    infra_errors the grader's own failures: never a verdict, graded again next run
    runs         one row per run: when, how, what happened
    meta         the class's own data (the nbgrader assignments, the last fingerprint, the report's
                 hash and the similarity triage's last result: see report_command.py)
    exported     student -> a hash of the record (and the kit) their files in OUT were drawn from
    normalised   sha256 of an exercise file -> its code as the similarity triage tokenises it
                 (copydetect's filtered code, and its offsets as a .npy file): tokenised once per content

One run writes a store at a time: an exclusive lock on OUT/results.lock, held for the
run, released by the kernel however the run ends.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from pathlib import Path

FILE = "results.sqlite"
LOCK = "results.lock"
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    submission TEXT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
    score REAL, max_score REAL, result TEXT NOT NULL, graded_at TEXT NOT NULL,
    PRIMARY KEY (submission, fingerprint));
CREATE TABLE IF NOT EXISTS submissions (submission TEXT PRIMARY KEY, files TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS roster (
    student TEXT PRIMARY KEY, submission TEXT NOT NULL, extras TEXT NOT NULL, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS infra_errors (
    submission TEXT NOT NULL, fingerprint TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (submission, fingerprint));
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, command TEXT NOT NULL,
    fingerprint TEXT NOT NULL, outcome TEXT, graded_now INTEGER, from_store INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exported (student TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS normalised (source TEXT PRIMARY KEY, filtered TEXT NOT NULL, offsets BLOB NOT NULL);
"""


class StoreError(RuntimeError):
    """The store cannot be used; the message is the one line the instructor reads."""


class StoreWriteError(RuntimeError):
    """A result could not be committed (disk full, OUT read-only); graded: what was committed before."""

    def __init__(self, message: str, graded: set[str]) -> None:
        super().__init__(message)
        self.graded = graded


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class Store:
    WRITE_ERRORS = (sqlite3.Error, OSError)

    def __init__(self, out: Path, lock: bool = True) -> None:
        self.out = Path(out)
        self.path = self.out / FILE
        self.notes: list[str] = []
        self._lock_fd = self._lock() if lock else None
        self.db = self._open()

    def _lock(self) -> int:
        fd = os.open(self.out / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise StoreError(f"{self.out} is being graded by another run (pid {holder}): wait for it to finish, "
                             "or choose another --out") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return fd

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not self._lock_fd:
                raise StoreError(f"{self.path} cannot be read ({exc})") from None
            aside = self.path.with_name(f"{FILE}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(self.path) + suffix)
                if source.exists():
                    os.replace(source, Path(str(aside) + suffix))
            self.notes.append(f"{self.path} was unreadable ({exc}); it is kept as {aside.name} and every "
                              "submission is graded again into a new store.")
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the integrity check failed")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a killed process
            db.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        self.db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # --- writing: one transaction per record, committed at once

    def set_roster(self, submissions, meta: dict[str, dict]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM roster")
            kept = {row[0] for row in self.db.execute("SELECT submission FROM submissions")}
            for sub in submissions:
                self.db.execute("INSERT INTO roster VALUES (?, ?, ?, ?)",
                                (sub.student, sub.digest(), json.dumps(sub.extras), json.dumps(meta.get(sub.student, {}))))
                if sub.digest() not in kept:  # a submission is its files' hash: one already kept is these files
                    self.db.execute("INSERT INTO submissions VALUES (?, ?)",
                                    (sub.digest(), json.dumps(sub.files, sort_keys=True)))
                    kept.add(sub.digest())

    def put(self, submission: str, fingerprint: str, result) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (submission, fingerprint, result.status, result.score, result.max_score,
                             json.dumps(result.to_dict(), sort_keys=True), _now()))
            self.db.execute("DELETE FROM infra_errors WHERE submission = ? AND fingerprint = ?", (submission, fingerprint))

    def put_infra(self, submission: str, fingerprint: str, message: str) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("INSERT OR REPLACE INTO infra_errors VALUES (?, ?, ?, ?)",
                            (submission, fingerprint, message[:2000], _now()))

    def set_meta(self, key: str, value: object) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, sort_keys=True)))

    def start_run(self, command: str, fingerprint: str) -> int:
        with self.db:
            cursor = self.db.execute("INSERT INTO runs (started, command, fingerprint) VALUES (?, ?, ?)",
                                     (_now(), command, fingerprint))
        return cursor.lastrowid

    def finish_run(self, run_id: int, outcome: str, graded_now: int, from_store: int) -> None:
        with self.db:
            self.db.execute("UPDATE runs SET finished = ?, outcome = ?, graded_now = ?, from_store = ? WHERE id = ?",
                            (_now(), outcome, graded_now, from_store, run_id))

    def set_exported(self, exported: dict[str, str]) -> None:
        """After the exports are written (an interrupted write is drawn again: its hash is not kept)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM exported")
            self.db.executemany("INSERT INTO exported VALUES (?, ?)", sorted(exported.items()))

    def put_normalised(self, found: dict[str, tuple[str, bytes]]) -> None:
        """source hash -> (filtered code, offsets as .npy bytes), in one transaction."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("INSERT OR REPLACE INTO normalised VALUES (?, ?, ?)",
                                [(source, filtered, offsets) for source, (filtered, offsets) in found.items()])

    # --- reading

    def exported(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT student, digest FROM exported"))

    def normalised(self, sources) -> dict[str, tuple[str, bytes]]:
        """put_normalised's rows of these source hashes, those the store holds."""
        sources, found = list(sources), {}
        for start in range(0, len(sources), 500):  # SQLite's limit on the parameters of one query
            chunk = sources[start:start + 500]
            rows = self.db.execute(f"SELECT source, filtered, offsets FROM normalised WHERE source IN "
                                   f"({', '.join('?' * len(chunk))})", chunk)
            found.update((source, (filtered, bytes(offsets))) for source, filtered, offsets in rows)
        return found

    def graded(self, fingerprint: str) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT submission FROM results WHERE fingerprint = ?", (fingerprint,))}

    def meta(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def roster(self) -> list[dict]:
        rows = self.db.execute("SELECT student, submission, extras, meta FROM roster ORDER BY student")
        return [{"student": s, "submission": d, "extras": json.loads(e), "meta": json.loads(m)} for s, d, e, m in rows]

    def result(self, submission: str, fingerprint: str):
        from grader.result import SubmissionResult

        row = self.db.execute("SELECT result FROM results WHERE submission = ? AND fingerprint = ?",
                              (submission, fingerprint)).fetchone()
        return SubmissionResult.from_dict(json.loads(row[0])) if row else None

    def result_data(self, submission: str, fingerprint: str) -> dict | None:
        """result()'s verdict as the plain dict its to_dict() gives, without building the objects: the
        fingerprint covers grader/result.py, so what is stored under it has today's fields."""
        row = self.db.execute("SELECT result FROM results WHERE submission = ? AND fingerprint = ?",
                              (submission, fingerprint)).fetchone()
        return json.loads(row[0]) if row else None

    def infra(self, submission: str, fingerprint: str) -> str | None:
        row = self.db.execute("SELECT message FROM infra_errors WHERE submission = ? AND fingerprint = ?",
                              (submission, fingerprint)).fetchone()
        return row[0] if row else None

    def files(self, submission: str) -> dict[str, str]:
        row = self.db.execute("SELECT files FROM submissions WHERE submission = ?", (submission,)).fetchone()
        return json.loads(row[0]) if row else {}
