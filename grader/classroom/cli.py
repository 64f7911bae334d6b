"""`python -m grader class SUBMISSIONS --out OUT`: grade a whole class (contract in shared/DESIGN.md).

The class path flows one way:

    source   sources.open_class      a Submission per student, wherever they came from
    store    store.Store             what the store holds under this fingerprint is not graded again
    runner   LocalRunner / Dask      a future per submission; each result committed as it arrives
    exports  exports.write_all       gradebook.csv, per-student files, report.html: from the store

A run with nobody to grade starts no runner: no torch, no fork server. The exports rewrite only
the files whose bytes change, and the report is drawn again only when what it is made of changed
(report_command.py): a re-run in which nothing changed costs reading the class and the store.

SIGINT and SIGTERM stop the run within seconds: every sandbox is killed, every result
already committed stays, the exports are written from the store (ungraded students get no
score), and the run exits 130 or 143 saying how to finish. A grader failure is retried
once, then listed and never scored; the run exits 3 while any remains.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import gc
import signal
import sys
import time
from pathlib import Path

from grader.catalog import load

EXIT_INFRA = 3
POLL_S = 0.2
DEVICE_MEMO = "device"  # the store's meta: the device torch chose, and on what machine (devices.remember)


class BadInput(ValueError):
    """The class cannot be graded as given; the message says why."""


def run(args: argparse.Namespace) -> int:
    try:
        exercises = _exercises(args.exercises)
        _validate(args)
        _check_walls(args)
    except (BadInput, KeyError) as exc:
        return _error(str(exc.args[0] if isinstance(exc, KeyError) else exc))
    stop = _StopSignal()
    zygotes: list = []  # the fork server, started only once someone must be graded (_runner)
    try:
        return _grade(args, exercises, stop, zygotes)
    finally:
        stop.restore()
        for zygote in zygotes:
            zygote.close(wait=False)  # the runner has closed it; this covers the runs that end before one


def _grade(args: argparse.Namespace, exercises: list[str], stop: "_StopSignal", zygotes: list) -> int:
    from grader.sources import BadClass, open_class

    out = Path(args.out)
    try:
        # Reading a class, and the grader's own imports (torch), may take a while: a signal ends them at once.
        with stop.raising():
            source = open_class(Path(args.submissions), exercises)
            from grader.classroom import exports, records, store as stores
            from grader.classroom.progress import Progress
    except BadClass as exc:
        return _error(str(exc))
    except _Stopped as stopped:
        print(f"Interrupted ({signal.Signals(stopped.signum).name}) while reading the submissions: nothing was "
              "graded or written by this run; run the same command again.", file=sys.stderr)
        return 128 + stopped.signum
    if source.exercises is not None and not args.exercises:
        exercises = [e for e in exercises if e in source.exercises]  # what the course released
    try:
        rules = _adjustments(args, source, exercises)
    except ValueError as exc:
        return _error(str(exc))
    try:
        out.mkdir(parents=True, exist_ok=True)
        store = stores.Store(out)
    except (OSError, stores.StoreError) as exc:
        return _error(str(exc))
    try:
        for note in store.notes:
            print(f"note: {note}", file=sys.stderr)
        for name, why in source.refused:
            print(f"refused: {name!r}: {why}", file=sys.stderr)
        try:
            settings, key, todo, done = _what_to_grade(args, exercises, source, store)
        except ValueError as exc:
            return _error(str(exc))
        store.set_roster(source.submissions, source.meta)
        store.set_meta("fingerprint", key)
        store.set_meta("exercises", list(settings.exercises))
        store.set_meta("assignments", source.assignments or {})
        store.set_meta("adjustments", [rule.to_dict() for rule in rules])  # what the exports apply
        store.set_meta("deadline", args.deadline)
        run_id = store.start_run(" ".join(sys.argv[1:]) or "class", key)
        started = time.monotonic()
        broken_store, now, failed = None, set(), 0
        if todo:  # nobody to grade: no torch, no fork server, no runner
            try:
                runner = _runner(args, settings, zygotes)
            except BadInput as exc:
                return _error(str(exc))
            progress = Progress(len(todo))
            try:
                now, failed = _grade_all(runner, store, key, list(todo.values()), progress, stop)
            except stores.StoreWriteError as exc:  # a full disk, a read-only OUT: stop, keep what is stored
                broken_store, now, failed = exc, exc.graded, 0
            finally:
                progress.close()
                runner.stop() if stop.signum or broken_store else None
                runner.shutdown(wait=not (stop.signum or broken_store))
        if broken_store is not None:
            kept = sum(1 for s in source.submissions if s.digest() in (done | now))
            print(f"error: the result store could not be written ({broken_store}): {kept} of "
                  f"{len(source.submissions)} students are graded and kept in {out / stores.FILE}; no score was "
                  "written for the others. Fix OUT (space, permissions) and run the same command again.",
                  file=sys.stderr)
            return EXIT_INFRA
        seconds = time.monotonic() - started
        outcome = "interrupted" if stop.signum else ("infra errors" if failed else "graded")
        graded_now = sum(1 for s in source.submissions if s.digest() in now)  # students, not distinct files
        stored = store.graded(key)  # with --force, what an earlier run graded and this one did not reach
        from_store = sum(1 for s in source.submissions if s.digest() in stored and s.digest() not in now)
        try:
            store.finish_run(run_id, outcome, graded_now, from_store)
            found = records.records(store, key, list(settings.exercises))
            exported = store.exported()
            written = exports.write_all(out, found, list(settings.exercises), source.assignments, exported)
            store.set_exported(exported)
            if stop.signum:  # stop fast: the report waits for the next run, or `grader report OUT`
                print(f"note: report.html was not rewritten: run `python -m grader report {out}`", file=sys.stderr)
            else:
                written += _report(out, store, found, args)
        except store.WRITE_ERRORS as exc:
            print(f"error: the results are in {out / stores.FILE}, but writing the exports failed ({exc}); "
                  f"fix OUT and run `python -m grader class` again (nothing is graded twice)", file=sys.stderr)
            return EXIT_INFRA
        print(_summary(found, now, seconds, settings.device, source.kind))
        print(f"Wrote {', '.join(written)} in {out} (results in {out / stores.FILE}).")
        if stop.signum:
            print(_interrupted(found, now, stop.signum, args.force))
            # Exit now: the interpreter's last garbage collection of torch's (and Dask's) objects
            # alone takes a second; everything is written and closed, nothing needs it.
            gc.freeze()
            return 128 + stop.signum
        failures = [r for r in found if r["status"] == "infra_error"]
        if failures:
            print(f"The grader failed on {len(failures)} student(s); they have no score, and the next run grades "
                  "them again:", file=sys.stderr)
            for record in failures:
                print(f"  {record['student']}: {record['infra']}", file=sys.stderr)
            return EXIT_INFRA
        return 0
    except stores.StoreError as exc:
        return _error(str(exc))
    finally:
        store.close()


def _what_to_grade(args, exercises: list[str], source, store):
    """(settings, fingerprint, the submissions to grade, those the store holds graded).

    The device is the one an earlier run resolved where nothing it depends on changed (devices.remembered):
    a re-run with nobody to grade imports no torch, even on a machine with a GPU. Before anyone is graded,
    torch is asked again; if it now answers otherwise, the fingerprint and the list follow its answer.
    On Dask the workers grade: --device is checked there (dask_worker.py), not on this machine."""
    from grader import devices
    from grader.classroom.fingerprint import fingerprint
    from grader.engine.settings import settings_for

    requested, check = getattr(args, "device", None), not args.scheduler
    known = devices.remembered(requested, check, store.meta(DEVICE_MEMO))

    def under(settings):
        key = fingerprint(settings)
        done = set() if args.force else store.graded(key)
        return settings, key, {s.digest(): s for s in source.submissions if s.digest() not in done}, done

    settings, key, todo, done = under(settings_for(args, tuple(exercises), check_device=check, device=known))
    if todo and known:  # torch is loaded for them anyway: its answer, not the memo's, decides
        settings, key, todo, done = under(settings_for(args, tuple(exercises), check_device=check))
    store.set_meta(DEVICE_MEMO, devices.remember(requested, check, settings.device))
    return settings, key, todo, done


def _grade_all(runner, store, key: str, todo: list, progress, stop) -> tuple[set[str], int]:
    """Submit everything, commit each result as it arrives; (the submissions graded now, grader failures)."""
    from grader.classroom.store import StoreWriteError
    from grader.engine.engine import Interrupted
    from grader.result import SubmissionResult

    futures = {runner.submit(sub): (sub, False) for sub in todo}
    graded_now, failed = set(), 0
    while futures and not stop.signum:
        ready, _ = concurrent.futures.wait(futures, timeout=POLL_S, return_when=concurrent.futures.FIRST_COMPLETED)
        for future in ready:
            sub, retried = futures.pop(future)
            try:
                result = future.result()
            except (Interrupted, concurrent.futures.CancelledError):
                continue
            except Exception as exc:  # noqa: BLE001 - the grader's own failure (a worker that died...)
                result = SubmissionResult("infra_error", 0.0, 0.0, "", None, "", infra=f"{type(exc).__name__}: {exc}")
            if result.status == "infra_error" and not retried and not stop.signum:
                futures[runner.submit(sub)] = (sub, True)  # once more, then it is listed
                continue
            try:
                if result.status == "infra_error":
                    store.put_infra(sub.digest(), key, result.infra)
                    failed += 1
                else:
                    store.put(sub.digest(), key, result)
                    graded_now.add(sub.digest())
            except store.WRITE_ERRORS as exc:
                raise StoreWriteError(str(exc), graded_now) from exc
            progress.advance(infra_error=result.status == "infra_error")
    return graded_now, failed


def _runner(args: argparse.Namespace, settings, zygotes: list):
    """The runner, started when the first student must be graded; BadInput when it cannot start."""
    if not args.scheduler:
        from grader.sandbox.zygote import Zygote

        zygotes.append(Zygote(many_runs=True))  # first: its torch import overlaps the engine's own (below)
    from grader.classroom.runner import RunnerError
    from grader.engine.engine import BrokenChecks

    try:
        if args.scheduler:
            from grader.classroom.dask_runner import DaskRunner

            return DaskRunner(settings, args.scheduler, args.jobs)
        from grader.classroom.runner import LocalRunner

        return LocalRunner(settings, args.jobs, zygotes[0])
    except (BrokenChecks, RunnerError) as exc:
        raise BadInput(str(exc)) from exc


def _report(out: Path, store, found: list[dict], args: argparse.Namespace) -> list[str]:
    from grader.classroom import report_command

    return report_command.write(out, store, found, with_similarity=not args.no_similarity)


def _summary(found: list[dict], now: set[str], seconds: float, device: str, kind: str) -> str:
    """What the gradebook of this run says, counted from the same records it was written from."""
    from grader.classroom.records import counted, graded

    graded_now = sum(1 for r in found if graded(r) and r["submission"] in now)
    from_store = sum(1 for r in found if graded(r) and r["submission"] not in now)
    scores = [r["score"] for r in found if counted(r)]
    statuses: dict[str, int] = {}
    for record in found:
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
    rate = f" ({graded_now / seconds:.1f} per second)" if graded_now and seconds > 0 else ""
    left_out = sum(1 for r in found if graded(r) and not counted(r))
    mean = f"mean {sum(scores) / len(scores):.2f} / {found[0]['max_score']:g}" if scores else "no scores yet"
    if scores and left_out:
        mean += f" of the {len(scores)} who handed in work"
    return (f"Class of {len(found)} students ({kind}) on {device}: {graded_now} graded now in {seconds:.1f} s{rate}, "
            f"{from_store} from the store; {mean}.\n"
            f"Statuses: {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}.")


def _interrupted(found: list[dict], now: set[str], signum: int, force: bool) -> str:
    from grader.classroom.records import graded

    kept = [r for r in found if graded(r)]
    earlier = sum(1 for r in kept if r["submission"] not in now)
    left = len(found) - len(kept)
    line = (f"Interrupted ({signal.Signals(signum).name}): {len(kept)} of {len(found)} students have a result "
            f"({len(kept) - earlier} graded now, {earlier} kept from an earlier run")
    if force and earlier:
        line += ", not graded again by this --force run"
    line += ")"
    if not left:
        return line + "."
    again = "the same command without --force" if force else "the same command again"
    return line + f"; run {again} to grade the other {left}."


def _adjustments(args: argparse.Namespace, source, exercises: list[str]) -> list:
    """--adjustments, checked against the class; --deadline checked too (ValueError says what is wrong)."""
    from grader.classroom import adjustments, lateness

    if args.deadline:
        lateness.deadline(args.deadline)
    if not args.adjustments:
        return []
    rules = adjustments.read(Path(args.adjustments), [s.student for s in source.submissions], exercises)
    if any(rule.per for rule in rules) and not args.deadline:
        late = next(rule for rule in rules if rule.per)
        raise ValueError(f"{args.adjustments} line {late.line}: a late policy ({late.text}) needs --deadline")
    return rules


def _exercises(option: str | None) -> list[str]:
    names = [e.name for e in load().exercises]
    if not option:
        return names
    chosen = {load().get(part).name for part in option.split(",") if part.strip()}
    return [n for n in names if n in chosen]


def _validate(args: argparse.Namespace) -> None:
    if args.jobs is not None and args.jobs < 1:
        raise BadInput("--jobs must be at least 1")
    if args.jobs is not None and args.scheduler and args.scheduler != "local":
        raise BadInput("--jobs is for this machine; on a Dask cluster each worker grades its --nthreads at a time")
    if args.timeout is not None and args.timeout <= 0:
        raise BadInput("--timeout must be a positive number of seconds")
    if args.memory is not None and args.memory < 256:
        raise BadInput("--memory must be at least 256 (MB): torch alone needs that much")
    if args.hidden is not None and not Path(args.hidden).is_dir():
        raise BadInput(f"--hidden {args.hidden} is not a folder")
    root, out = Path(args.submissions).resolve(), Path(args.out).resolve()
    if out == root or out.is_relative_to(root):
        raise BadInput(f"--out {args.out} is inside {args.submissions}: it would be graded as a student next time")
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {args.out} is a file; give a folder")


def _check_walls(args: argparse.Namespace) -> None:
    """Untrusted code is graded here only behind the sandbox's walls, or when the instructor says --unconfined."""
    from grader.sandbox import facilities

    if args.scheduler and args.scheduler != "local":
        return  # the workers grade, on their own systems; each result's isolation says what held there
    missing = facilities.class_walls_missing()
    if missing and not getattr(args, "unconfined", False):
        raise BadInput(f"this system lacks the sandbox walls class grading needs ({', '.join(missing)}: "
                       f"{facilities.reason() or 'see README, What isolation protects'}), so one student's code "
                       "could reach the kit, OUT, other students' files or the network; grade on Linux 5.13+ "
                       "with libseccomp, or add --unconfined to grade anyway (only code you trust)")
    if missing:
        print(f"note: --unconfined: grading without {', '.join(missing)}; each result's isolation says what held",
              file=sys.stderr)


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


class _Stopped(BaseException):
    """A stop signal while the class was being read (BaseException: no `except Exception` keeps it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StopSignal:
    """SIGINT and SIGTERM set a flag the class loop looks at: it stops, cleans up, exports.
    Inside `raising()` (reading the submissions, where there is no loop to look) they raise _Stopped."""

    def __init__(self) -> None:
        self.signum = 0
        self._raise = False
        self._previous = {s: signal.signal(s, self._handle) for s in (signal.SIGINT, signal.SIGTERM)}

    def _handle(self, signum, frame) -> None:
        self.signum = self.signum or signum
        if self._raise:
            self._raise = False
            raise _Stopped(signum)

    @contextlib.contextmanager
    def raising(self):
        if self.signum:
            raise _Stopped(self.signum)
        self._raise = True
        try:
            yield
        finally:
            self._raise = False

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
