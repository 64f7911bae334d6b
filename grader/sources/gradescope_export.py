"""A Gradescope "Download submissions" export: submission_metadata.yml and one folder per
submission (submission_<id>/), each holding what the student uploaded.

The metadata names the submitters of each folder (`:submitters:` with `:name:`, `:sid:`,
`:email:`); the student id is the sid, else the email, else the folder's name. A group
submission counts for each of its submitters. Read with PyYAML's safe loader only.
"""

from __future__ import annotations

from pathlib import Path

from grader.sources import BadClass, ClassSource
from grader.sources.upload import read_upload

METADATA = "submission_metadata.yml"
MAX_METADATA = 32 << 20


def _root(path: Path) -> Path | None:
    if (path / METADATA).is_file():
        return path
    children = [p for p in path.iterdir() if p.is_dir() and not p.is_symlink()]
    if len(children) == 1 and (children[0] / METADATA).is_file():
        return children[0]
    return None


def recognises(path: Path) -> bool:
    return _root(path) is not None


def read(path: Path, exercises: list[str]) -> ClassSource:
    import yaml

    root = _root(path)
    metadata_file = root / METADATA
    if metadata_file.is_symlink() or metadata_file.stat().st_size > MAX_METADATA:
        raise BadClass(f"{metadata_file} is not a metadata file the grader reads")
    try:
        metadata = yaml.safe_load(metadata_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise BadClass(f"{metadata_file} is not valid YAML: {exc}") from None
    if not isinstance(metadata, dict):
        raise BadClass(f"{metadata_file} does not map submissions to their submitters")
    found = ClassSource("a Gradescope export")
    for folder_name, entry in sorted(metadata.items(), key=lambda item: str(item[0])):
        folder = root / str(folder_name)
        if "/" in str(folder_name) or not folder.is_dir() or folder.is_symlink():
            found.refused.append((str(folder_name), "listed in the metadata, but no such submission folder"))
            continue
        for student in _submitters(entry) or [str(folder_name)]:
            submission = read_upload(student, folder, exercises)
            created = entry.get(":created_at") if isinstance(entry, dict) else None
            found.add(submission, {"gradescope": {"submission": str(folder_name), "created_at": str(created or "")}})
    return found


def _submitters(entry: object) -> list[str]:
    if not isinstance(entry, dict) or not isinstance(entry.get(":submitters"), list):
        return []
    ids = []
    for person in entry[":submitters"]:
        if isinstance(person, dict):
            chosen = next((str(person[k]) for k in (":sid", ":email", ":name") if person.get(k)), None)
            if chosen:
                ids.append(chosen.strip())
    return ids
