"""Winnowing fingerprints of Python sources, as copydetect makes them, with hashes that never change.

copydetect tokenises a file with Pygments, replaces every variable name by V, function name by F and
string by S, drops comments and white space, and hashes every K-character window of what is left
(winnowing keeps a subset of those hashes). So a renamed variable, a rewritten comment or moved
functions change nothing that is compared. The hashes of the stub are removed from each submission's
fingerprint: code that every student received is not evidence of anything.

copydetect hashes a window with Python's `hash()`, which is salted per process, so its fingerprints
could be compared only inside the process that made them. Here a window's hash is a 64-bit polynomial
of its characters (window_hashes()), the same in every process: the class store can keep what a
triage found and a re-run compares only what changed (see pairing.py). Everything else is copydetect's
own: its tokeniser (normalise()), its winnowing, its way of setting boilerplate aside (kept()), its
comparison (overlap() through compare_files). Up to a renaming of the hash values, a fingerprint here
is the one copydetect makes (tests/insight/test_insight_fingerprint.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import filter_code, winnow

# copydetect's own defaults (0.5): a match must span 25 normalised characters, and with a guarantee
# threshold equal to it the winnowing window is 1, i.e. every 25-character window is kept. Sources
# here are a few dozen lines, so keeping every window costs little and misses nothing.
K = 25
WINDOW = 1

# Pygments picks its lexer from the file name; every exercise file is Python.
_NAME = "submission.py"

# The polynomial's base (odd, so every power is invertible modulo 2**64) and splitmix64's finaliser,
# which spreads the polynomial's low bits. Two different 25-character windows share a hash with a
# chance of about 2**-64 per pair: never, for a class's few million windows.
_BASE = np.uint64(0x100000001B3)
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
_POWERS = np.array([pow(int(_BASE), K - 1 - i, 1 << 64) for i in range(K)], dtype=np.uint64)


@dataclass(frozen=True)
class Overlap:
    """What two fingerprinted sources share, as copydetect measures it."""

    similarity_a: float  # share of a's own fingerprinted characters also found in b
    similarity_b: float
    shared_a: int  # normalised characters of a inside shared spans
    shared_b: int
    spans_a: tuple[tuple[int, int], ...]  # [start, end) character ranges of a's source text
    spans_b: tuple[tuple[int, int], ...]


Normalised = tuple[str, np.ndarray]  # copydetect's filtered code, and its offsets into the source


def normalise(source: str) -> Normalised:
    """The source tokenised and filtered as copydetect does it (names as V, F, O, strings as S)."""
    return filter_code(source, _NAME, None)


def window_hashes(filtered: str) -> np.ndarray:
    """The hash of every K-character window of the filtered code, in order (int64)."""
    codes = np.frombuffer(filtered.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    count = len(codes) - K + 1
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        hashes = np.lib.stride_tricks.sliding_window_view(codes, K) @ _POWERS  # sum of code * BASE**(K-1-i)
        hashes ^= hashes >> np.uint64(30)
        hashes *= _MIX[0]
        hashes ^= hashes >> np.uint64(27)
        hashes *= _MIX[1]
        hashes ^= hashes >> np.uint64(31)
    return hashes.view(np.int64)


@dataclass
class Windows:
    """A source once tokenised and hashed: what every fingerprint of it is made from."""

    source: str
    filtered: str
    offsets: np.ndarray
    hashes: np.ndarray  # window_hashes(filtered)

    @classmethod
    def of(cls, source: str, normalised: Normalised | None = None) -> "Windows":
        filtered, offsets = normalised if normalised is not None else normalise(source)
        return cls(source, filtered, offsets, window_hashes(filtered))


@dataclass
class Print:
    """A fingerprint: the windows kept once boilerplate is set aside, and how much code they cover."""

    windows: Windows
    hashes: np.ndarray  # the kept windows' hashes, in order (a hash may repeat)
    idx: np.ndarray  # where each starts in the filtered code
    own: int  # normalised characters covered by a kept window: the author's own code
    _unique: np.ndarray | None = field(default=None, repr=False)
    _copydetect: CodeFingerprint | None = field(default=None, repr=False)

    @property
    def unique(self) -> np.ndarray:
        """The distinct kept hashes, sorted."""
        if self._unique is None:
            self._unique = np.unique(self.hashes)
        return self._unique

    def as_copydetect(self) -> CodeFingerprint:
        """The same fingerprint as copydetect's own object, for its compare_files."""
        if self._copydetect is None:
            made = CodeFingerprint.__new__(CodeFingerprint)  # CodeFingerprint.__init__'s fields, as it sets them
            made.filename, made.raw_code = _NAME, self.windows.source
            made.filtered_code, made.offsets, made.k = self.windows.filtered, self.windows.offsets, K
            made.hash_idx = {}
            for value, start in zip(self.hashes.tolist(), self.idx.tolist()):
                made.hash_idx.setdefault(value, []).append(start)
            made.hashes, made.token_coverage = set(made.hash_idx), self.own
            self._copydetect = made
        return self._copydetect


def kept(windows: Windows, ignored: np.ndarray, window: int = WINDOW) -> Print:
    """The fingerprint of one source without the hashes in `ignored` (sorted, unique).

    As copydetect's get_document_fingerprints: winnow, then drop the ignored hashes with
    np.intersect1d(assume_unique=True) on hashes that are not unique. What that call drops is every
    occurrence of an ignored hash and every occurrence but the last of any other repeated one; it is
    copydetect's behaviour, kept (with a cheaper computation) so that its measures hold here."""
    hashes, idx = winnow(windows.hashes, window_size=window, remove_duplicates=False)
    order = np.argsort(hashes, kind="stable")  # equal hashes stay in file order: the last is last
    ordered = hashes[order]
    last = np.ones(len(ordered), dtype=bool)
    last[:-1] = ordered[1:] != ordered[:-1]
    if len(ignored) > 0:
        at = np.minimum(np.searchsorted(ignored, ordered), len(ignored) - 1)
        chosen = last & (ignored[at] != ordered)
        keep = np.zeros(len(hashes), dtype=bool)
        keep[order[chosen]] = True
        hashes, idx, unique = hashes[keep], idx[keep], ordered[chosen]
    else:
        unique = ordered[last]
    own = covered(np.zeros(len(idx), dtype=np.int64), idx, 1)[0]
    return Print(windows, hashes, idx, int(own), unique)


def covered(group: np.ndarray, start: np.ndarray, groups: int) -> np.ndarray:
    """Per group: the characters covered by that group's windows [start, start + K) (copydetect's token
    coverage, where a character covered twice counts once)."""
    if not len(group):
        return np.zeros(groups, dtype=np.int64)
    order = np.lexsort((start, group))
    group, start = group[order], start[order]
    reach = np.full(len(start), K)
    same = group[1:] == group[:-1]  # a window's share: up to the next window of its group, at most K
    reach[:-1][same] = np.minimum(np.diff(start)[same], K)
    return np.bincount(group, weights=reach, minlength=groups).astype(np.int64)


@functools.lru_cache(maxsize=64)  # a few stubs, asked for once per exercise and per fingerprinted file
def boilerplate(stub: str) -> np.ndarray:
    """Every window hash of the stub, sorted and unique, as copydetect's CopyDetector collects it."""
    hashes = np.unique(window_hashes(filter_code(stub, _NAME, None)[0]))
    hashes.flags.writeable = False  # shared by every caller
    return hashes


def fingerprint(source: str, ignored: np.ndarray, window: int = WINDOW,
                normalised: Normalised | None = None) -> CodeFingerprint:
    """copydetect's fingerprint of one source without the hashes in `ignored`; normalised:
    normalise(source), when it is known already (the source is not tokenised again)."""
    return kept(Windows.of(source, normalised), ignored, window).as_copydetect()


def own_size(print_: CodeFingerprint | Print) -> int:
    """Normalised characters that are the author's own: covered by a hash that is not boilerplate."""
    return print_.own if isinstance(print_, Print) else int(print_.token_coverage)


def overlap(a: CodeFingerprint | Print, b: CodeFingerprint | Print) -> Overlap:
    a, b = (p.as_copydetect() if isinstance(p, Print) else p for p in (a, b))
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
