"""Winnowing fingerprints of Python sources through copydetect, with the stub as boilerplate.

copydetect tokenises a file with Pygments, replaces every variable name by V, function name by F and
string by S, drops comments and white space, and hashes every K-character window of what is left
(winnowing keeps a subset of those hashes). So a renamed variable, a rewritten comment or moved
functions change nothing that is compared. The hashes of the stub are removed from each submission's
fingerprint: code that every student received is not evidence of anything.

copydetect hashes with Python's `hash()`, which is salted per process: fingerprints are compared only
within the process that made them, never stored. What is costly, and the same in every process, is the
tokenising (normalise()): its result, the filtered code and its offsets, may be kept (the class store
keeps it per source: a re-run tokenises only the sources it has not seen) and given back to fingerprint().
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import filter_code, get_document_fingerprints, get_token_coverage

# copydetect's own defaults (0.5): a match must span 25 normalised characters, and with a guarantee
# threshold equal to it the winnowing window is 1, i.e. every 25-character window is kept. Sources
# here are a few dozen lines, so keeping every window costs little and misses nothing.
K = 25
WINDOW = 1

# Pygments picks its lexer from the file name; every exercise file is Python.
_NAME = "submission.py"


@dataclass(frozen=True)
class Overlap:
    """What two fingerprinted sources share, as copydetect measures it."""

    similarity_a: float  # share of a's own fingerprinted characters also found in b
    similarity_b: float
    shared_a: int  # normalised characters of a inside shared spans
    shared_b: int
    spans_a: tuple[tuple[int, int], ...]  # [start, end) character ranges of a's source text
    spans_b: tuple[tuple[int, int], ...]


def boilerplate(stub: str) -> np.ndarray:
    """Every window hash of the stub, as copydetect's CopyDetector collects boilerplate (window 1)."""
    return np.unique(np.array(list(fingerprint(stub, np.array([]), window=1).hashes)))


Normalised = tuple[str, np.ndarray]  # copydetect's filtered code, and its offsets into the source


def normalise(source: str) -> Normalised:
    """The source tokenised and filtered as copydetect does it (names as V, F, O, strings as S)."""
    return filter_code(source, _NAME, None)


def fingerprint(source: str, ignored: np.ndarray, window: int = WINDOW,
                normalised: Normalised | None = None) -> CodeFingerprint:
    """The fingerprint of one source, without the hashes in `ignored`; normalised: normalise(source),
    when it is known already (the same fingerprint as CodeFingerprint's own, without tokenising)."""
    if normalised is None:
        return CodeFingerprint(_NAME, K, window, boilerplate=ignored, fp=io.StringIO(source))
    filtered, offsets = normalised
    hashes, idx = get_document_fingerprints(filtered, K, window, ignored)
    made = CodeFingerprint.__new__(CodeFingerprint)  # CodeFingerprint.__init__'s fields, as it sets them
    made.filename, made.raw_code, made.filtered_code, made.offsets = _NAME, source, filtered, offsets
    made.hashes, made.hash_idx, made.k = hashes, idx, K
    made.token_coverage = get_token_coverage(idx, K, len(filtered))
    return made


def own_size(print_: CodeFingerprint) -> int:
    """Normalised characters that are the author's own: covered by a hash that is not boilerplate."""
    return int(print_.token_coverage)


def overlap(a: CodeFingerprint, b: CodeFingerprint) -> Overlap:
    _, (sim_a, sim_b), (slices_a, slices_b) = compare_files(a, b)
    spans_a, spans_b = _spans(slices_a, len(a.raw_code)), _spans(slices_b, len(b.raw_code))
    # copydetect's similarity is shared characters over own characters: the product gives the count back.
    shared_a, shared_b = round(float(sim_a) * own_size(a)), round(float(sim_b) * own_size(b))
    return Overlap(float(sim_a), float(sim_b), shared_a, shared_b, spans_a, spans_b)


def _spans(slices: np.ndarray, length: int) -> tuple[tuple[int, int], ...]:
    """copydetect's 2xN array of slice starts and ends as sorted, merged, clipped ranges."""
    if len(slices) == 0 or np.size(slices) == 0:
        return ()
    pairs = sorted((max(0, int(s)), min(length, int(e))) for s, e in zip(slices[0], slices[1]))
    merged: list[tuple[int, int]] = []
    for start, end in pairs:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
