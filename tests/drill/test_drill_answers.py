"""Every accepted spelling of a right answer is right; a wrong one is wrong; nonsense is unreadable."""

import pytest

from grader.drill import answers
from grader.drill.oracle import INVALID

SHAPE = (4, 32, 16, 16)


@pytest.mark.parametrize("text", ["(4, 32, 16, 16)", "[4, 32, 16, 16]", "4 32 16 16", "4,32,16,16", " (4,32,16,16) ",
                                  "4x32x16x16", "torch.Size([4, 32, 16, 16])", "(4, 32, 16, 16,)", "4, 32, 16, 16"])
def test_a_shape_in_every_spelling(text):
    assert answers.same(answers.parse(text, SHAPE), SHAPE)


@pytest.mark.parametrize("text", ["(4, 32, 16)", "4 32 16 17", "(32, 16, 16)"])
def test_a_wrong_shape_is_wrong(text):
    assert not answers.same(answers.parse(text, SHAPE), SHAPE)


@pytest.mark.parametrize("text", ["invalid", "Error", " INVALID "])
def test_invalid_is_an_answer_to_a_shape(text):
    assert answers.parse(text, INVALID) == INVALID
    assert not answers.same(answers.parse(text, SHAPE), SHAPE)


@pytest.mark.parametrize("text", ["12832", "12_832", "12,832", " 12832 "])
def test_a_count_in_every_spelling(text):
    assert answers.same(answers.parse(text, 12832), 12832)


@pytest.mark.parametrize("text,value", [("yes", True), ("Y", True), ("true", True), ("no", False), ("n", False),
                                        ("False", False)])
def test_yes_and_no(text, value):
    assert answers.parse(text, True) is value


@pytest.mark.parametrize("text", ["[0, 0, 2.5]", "(0, 0, 2.5)", "0 0 2.5", "0., 0., 2.5", "[0.0, 0.0, 2.50]"])
def test_values_in_every_spelling(text):
    assert answers.same(answers.parse(text, [0.0, 0.0, 2.5]), [0.0, 0.0, 2.5])


@pytest.mark.parametrize("text,expected", [("four", SHAPE), ("(4, 3.5, 2)", SHAPE), ("12 832", 12832), ("1,2", 12),
                                           ("maybe", True), ("", 5)])
def test_nonsense_is_unreadable(text, expected):
    with pytest.raises(answers.Unreadable):
        answers.parse(text, expected)
