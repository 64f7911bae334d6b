"""Checks for exercise 7: conv2d forward with loops, against F.conv2d."""

from grader.checks import conv2d_forward

EXERCISE = "ex07_conv2d_loops"
FUNCTION = "conv2d_loops"
CASES = [case[0] for case in conv2d_forward.SMALL_CASES]


def plan(draw):
    return conv2d_forward.plan_for(FUNCTION, draw, with_seed_case=False)


globals().update(conv2d_forward.make_tests(FUNCTION, CASES))
