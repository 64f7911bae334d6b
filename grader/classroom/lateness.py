"""When each submission was handed in, and how late, from what its source says.

Only a source that dates a submission gives it a time: nbgrader's timestamp.txt (the latest of a
student's assignments) and Gradescope's `:created_at`. Student folders and zips have none: a
file's modification time says when it was copied, not when it was handed in, so it is never used.
Times are UTC; a --deadline without an offset is UTC too, as nbgrader's timestamps are.
"""

from __future__ import annotations

import datetime
import math

UTC = datetime.timezone.utc


def submitted(meta: dict) -> str | None:
    """The submission's time as 'YYYY-MM-DD HH:MM:SS' in UTC, or None when its source has none."""
    from grader.notebooks.submissions import normalise_timestamp

    found = list((meta.get("submitted") or {}).values()) + [(meta.get("gradescope") or {}).get("created_at")]
    times = []
    for text in found:
        if not text:
            continue
        try:
            times.append(normalise_timestamp(str(text)))
        except ValueError:
            continue  # an unreadable time is no time: never a guess
    return max(times) if times else None


def deadline(text: str) -> datetime.datetime:
    """--deadline as an aware time; ValueError with the forms it takes."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--deadline {text!r} is not a time: write 2026-12-01T23:59 (UTC) or "
                         "2026-12-01T23:59+01:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_text(moment: datetime.datetime) -> str:
    """'YYYY-MM-DD HH:MM:SS' in UTC, as nbgrader writes its times."""
    return str(moment.astimezone(UTC).replace(tzinfo=None))


def late_seconds(submitted_at: str | None, due: datetime.datetime | None) -> float | None:
    """Seconds past the deadline (0 when on time), or None without a deadline or a known time."""
    if due is None or not submitted_at:
        return None
    moment = datetime.datetime.fromisoformat(submitted_at).replace(tzinfo=UTC)
    return max(0.0, (moment - due).total_seconds())


def late_text(seconds: float | None) -> str:
    """'on time', '1 d 02:03:04 late', or '' when not known."""
    if seconds is None:
        return ""
    if seconds <= 0:
        return "on time"
    days, rest = divmod(int(math.ceil(seconds)), 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days} d {hours:02d}:{rest // 60:02d}:{rest % 60:02d} late" if days else \
        f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d} late"
