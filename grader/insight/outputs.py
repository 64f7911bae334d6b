"""The one call `grader class` and `grader report OUT` make: write OUT/report.html and OUT/similarity.csv."""

from __future__ import annotations

from pathlib import Path

from grader.insight import report, similarity


def write_all(out: Path, records: list[dict], catalog, sources: dict[str, dict[str, str]] | None,
              stubs: dict[str, str] | None, with_similarity: bool = True,
              title: str = report.DEFAULT_TITLE, similar: similarity.SimilarityResult | None = None) -> list[Path]:
    """Render and write the report (and the similarity triage unless turned off, or without sources).

    similar: the triage's result when the caller already has it (the class store keeps it between
    runs); the triage is then not run again.

    Returns the paths written. A stale similarity.csv from an earlier run with the triage on is
    removed when it is off, so the folder never shows a triage the report does not.
    """
    out = Path(out)
    written = []
    found = None
    csv_path = out / "similarity.csv"
    if with_similarity and (similar is not None or (sources is not None and stubs is not None)):
        found = similar
        if found is None:
            found = similarity.find_similar(sources, stubs, [e.name for e in catalog.exercises if e.name in stubs])
        similarity.write_csv(found, csv_path)
        written.append(csv_path)
    else:
        csv_path.unlink(missing_ok=True)
    report.write(out / "report.html", report.render(records, catalog, found, title))
    written.append(out / "report.html")
    return written
