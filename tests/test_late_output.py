"""A child's output after its last unit ended belongs to no unit: it is dropped, never the grader's failure.

Under load (a class graded on Dask) a hostile submission's leftover child printed after the
last unit's end frame; the engine then looked up a unit past the end and failed (IndexError).
"""

from grader.engine.attempt import Attempt


def test_output_after_the_last_unit_is_dropped():
    attempt = Attempt(ops=[{"a"}, {"b"}], first=0, timeout_s=1.0, output_limit=100, stopping=lambda: False)
    attempt._output(b"during unit 0\n")
    attempt.current = 2  # both units ended
    attempt._output(b"a leftover child prints\n")
    assert set(attempt.raws) == {0}
    assert bytes(attempt.raws[0].output) == b"during unit 0\n"
