"""Checks for exercise 8: conv2d forward vectorised, against F.conv2d, on the seed's sizes too."""

from grader.checks import conv2d_forward

EXERCISE = "ex08_conv2d_unfold"
FUNCTION = "conv2d_unfold"
CASES = [case[0] for case in conv2d_forward.SMALL_CASES] + [conv2d_forward.SEED_CASE[0]]


def plan(draw):
    return conv2d_forward.plan_for(FUNCTION, draw, with_seed_case=True)


globals().update(conv2d_forward.make_tests(FUNCTION, CASES))
