"""Wrong on purpose: a syntax error on line 4."""


def receptive_field_two_3x3() -> int
    return 5
