"""No answer is given away: a wrong answer's message never holds the value the exercise asks for.

Where the answer is the value itself (exercise 2's shapes, exercise 10's numbers and letters, the
seed layer's counts of exercises 4 and 5), feedback says what is wrong with the learner's value,
never the value expected (shared/DESIGN.md, principle 10). Here many wrong answers are graded
through the CLI, as a learner grades: every known mistake, type slips and random perturbations,
each scenario and question answered wrongly in several ways, every workspace wrong everywhere at
once. Every failing message is searched for the expected value in the forms a learner would read
it, must say what is wrong, and must end with a pointer to a hint. The searches are themselves
tried on messages that do leak, so a search that finds nothing cannot pass by being blind.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.catalog import load
from grader.checks import check_ex02_predict_shapes as ex02
from grader.checks import check_ex04_count_parameters as ex04
from grader.checks import check_ex05_count_macs as ex05
from grader.checks import check_ex10_interview_questions as ex10
from grader.checks.plan import call
from grader.reference import reference

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED = 7  # fixed inputs for the random configurations of ex04 and ex05
NEXT = re.compile(r"Next: \S*python\S* -m grader hint (ex\d\d) (\d+)")

# The answers the exercises ask for, from the reference solutions (the kit's own truth).
SHAPES = reference("ex02_predict_shapes").predict_shapes()
INTERVIEW = {name: getattr(reference("ex10_interview_questions"), name)() for name in [*ex10.NUMERIC, *ex10.CHOICES]}
SEED_CONV = reference("ex04_count_parameters").conv2d_parameter_count(3, 8, 3)
SEED_LINEAR = reference("ex04_count_parameters").linear_parameter_count(3 * 64 * 64, 8 * 64 * 64)
SEED_MACS = reference("ex05_count_macs").conv2d_macs(3, 8, 3, 64, 64)
SEED_COUNTS = (SEED_CONV, SEED_LINEAR, SEED_MACS)
# One grader run per workspace, each holding a wrong answer to everything: as many workspaces as
# the scenario of exercise 2 with the most known mistakes has, so each lands in a workspace of its own.
WORKSPACES = max(len({m.answer() for m in ex02._mistakes(s)}) for s in ex02.SCENARIOS.values())


# --- Searches for an expected value in a message ---------------------------------------------

def number_pattern(value: int | float) -> re.Pattern:
    """value as a standalone number in any spelling a learner reads as it: 402685952, 402,685,952,
    402_685_952, 402 685 952; 0.0 also as 0 or 0.00. Part of a longer number does not count."""
    assert value >= 0 and float(value).is_integer(), value
    digits = str(int(value))
    groups = [digits[max(0, end - 3):end] for end in range(len(digits), 0, -3)][::-1]
    body = r"[,_ '’]?".join(groups) + (r"(?:\.0+)?" if type(value) is float else "")
    return re.compile(rf"(?<![\w.,]){body}(?![\w]|[.,_]\d)")


def number_leaks(text: str, value: int | float) -> list[str]:
    return [m.group() for m in number_pattern(value).finditer(text)]


def tuple_leaks(text: str, expected: tuple[int, ...]) -> list[str]:
    """Runs of comma-separated integers, with or without brackets, that hold the expected tuple in a row."""
    found = []
    for run in re.finditer(r"\d[\d_]*(?:\s*,\s*\d[\d_]*)*", text):
        numbers = [int(n.replace("_", "")) for n in re.findall(r"\d[\d_]*", run.group())]
        if any(tuple(numbers[i:i + len(expected)]) == expected for i in range(len(numbers) - len(expected) + 1)):
            found.append(run.group())
    return found


def letter_leaks(text: str, letter: str) -> list[str]:
    """Phrases that state a letter as the answer: 'B', "B", B), Expected: B, the answer is B, option B."""
    quoted = rf"['\"‘“]{letter}['\"’”]"
    label = rf"(?<!\w){letter}\)"
    stated = rf"(?i:answer|option|choice|letter|expected|correct|right|choose|pick)\W+(?:(?i:is|was|be)\W+)?{letter}(?!\w)"
    return [m.group() for pattern in (quoted, label, stated) for m in re.finditer(pattern, text)]


def without_echo(message: str, *answers: object) -> str:
    """The message less the learner's own answer where its second line repeats it ("Got: ...",
    "Your answer ..."): it may hold right numbers (a list instead of a tuple), theirs already."""
    lines = message.splitlines()
    for answer in answers:
        if len(lines) > 1:
            lines[1] = lines[1].replace(repr(answer), "<your answer>", 1)
    return "\n".join(lines)


def assert_no_leak(message: str, expected: object, *answers: object) -> None:
    """No spelling of expected in message, except inside the learner's own answer."""
    text = without_echo(message, *answers)
    if type(expected) is tuple:
        leaks = tuple_leaks(text, expected)
        body = "\n".join(line for line in text.splitlines() if not line.startswith(("Called ", "Next: ")))
        leaks += [n for e in set(expected) if e > 1 for n in number_leaks(body, e)]  # "H should be 62"
    elif type(expected) is str:
        leaks = letter_leaks(text, expected)
    else:
        leaks = number_leaks(text, expected)
    assert not leaks, f"the message gives the answer {expected!r} away ({leaks}):\n{message}"


def assert_points_to_a_hint(message: str, exercise: str) -> None:
    found = NEXT.fullmatch(message.splitlines()[-1])
    assert found, f"the message does not end with a pointer to a hint:\n{message}"
    entry = load().get(exercise)
    assert found.group(1) == entry.number and 1 <= int(found.group(2)) <= len(entry.hints), message


def test_the_searches_find_every_spelling_of_a_leak():
    for leak in ["Expected: (1, 8, 62, 62)", "Expected: 1, 8, 62, 62", "[1, 8, 62, 62]", "(1,8,62,62)",
                 "it is 3, 1, 8, 62, 62 in all"]:
        assert tuple_leaks(leak, (1, 8, 62, 62)), leak
    for fine in ["(1, 8, 62, 63)", "(1, 8, 62)", "(11, 8, 62, 62)", "(1, 8, 62, 620)"]:
        assert not tuple_leaks(fine, (1, 8, 62, 62)), fine
    for leak in ["Expected: 402685952", "402,685,952 parameters", "402_685_952", "402 685 952", "(402685952)"]:
        assert number_leaks(leak, 402685952), leak
    for fine in ["1402685952", "402685953", "4026859520", "40268595.2"]:
        assert not number_leaks(fine, 402685952), fine
    assert number_leaks("the slope is 0.", 0.0) and number_leaks("slope 0.0 there", 0.0)
    assert not number_leaks("x = -2.0, slope 1.0", 0.0) and not number_leaks("1224 or 2240", 224)
    assert not number_leaks("predict_shapes()['out_channels_16']", 16)
    for leak in ["Expected: 'B'", "the answer is B", "answer: B", "'B'", '"B"', "option B is right", "B) A cross"]:
        assert letter_leaks(leak, "B"), leak
    for fine in ["A true convolution flips the kernel.", "Both of them", "nn.Conv2d"]:
        assert not letter_leaks(fine, "B") and not letter_leaks(fine, "A"), fine


def test_the_assertions_fail_on_a_message_that_leaks():
    """The checks the graded messages go through reject the old messages, which told the answer."""
    leaking = [
        ("Called predict_shapes()['no_padding'].\nGot: a tuple (1, 8, 64, 64)\nExpected: (1, 8, 62, 62)",
         (1, 8, 62, 62), (1, 8, 64, 64)),
        ("Called predict_shapes()['no_padding'].\nGot: a tuple (1, 8, 64, 64)\nH and W should be 62.",
         (1, 8, 62, 62), (1, 8, 64, 64)),
        ("Called linear_parameter_count(12288, 32768).\nGot: an int 1\nExpected: 402,685,952", 402685952, 1),
        ("Called what_conv2d_computes().\nGot: a str 'A'\nExpected: 'B'", "B", "A"),
        ("Called receptive_field_two_3x3().\nYour answer 6: no: 1 + 2 + 2 = 5.", 5, 6),
    ]
    for message, expected, answer in leaking:
        with pytest.raises(AssertionError):
            assert_no_leak(message, expected, answer)
    with pytest.raises(AssertionError):
        assert_points_to_a_hint("Called f().\nGot: 1\nTry again.", "ex02")
    assert_no_leak("Called f().\nGot: a list [1, 8, 62, 62]\nThe numbers are right, but...", (1, 8, 62, 62),
                   [1, 8, 62, 62])  # the learner's own numbers, repeated, tell nothing new


# --- Wrong answers, and the workspaces that hold them ------------------------------------------

def perturbed_shapes(expected: tuple[int, ...], rng: random.Random) -> list:
    """Random wrong shapes near the right one: a dimension moved, dropped, added, two swapped."""
    shapes = []
    for _ in range(12):
        shape = list(expected)
        kind, i = rng.randrange(5), rng.randrange(len(shape))
        if kind == 0:
            shape[i] += rng.choice([-3, -2, -1, 1, 2, 3, 16])
        elif kind == 1:
            shape[i] *= rng.choice([2, 3])
        elif kind == 2:
            del shape[i]
        elif kind == 3:
            shape.insert(i, rng.choice([1, 3, 8]))
        else:
            j = rng.randrange(len(shape))
            shape[i], shape[j] = shape[j], shape[i]
        if tuple(shape) != expected and tuple(shape) not in shapes:
            shapes.append(tuple(shape))
    return shapes


def type_slips(expected: tuple) -> list:
    """Answers of the wrong type, some holding the right numbers."""
    return [list(expected), tuple(float(x) for x in expected), None, str(expected), expected[:1] + (True,) * (len(expected) - 1)]


def spread(candidates: list, count: int = WORKSPACES) -> list:
    """count different wrong answers, in order; a short list comes round again."""
    unique = []
    for candidate in candidates:
        if candidate not in unique:  # a list and a tuple of the same numbers differ here, as they do for the grader
            unique.append(candidate)
    return [unique[i % len(unique)] for i in range(count)]


def known_shape_mistakes(scenario: str) -> dict[tuple, list[str]]:
    """Wrong shape -> the names of the known mistakes that give it."""
    found: dict[tuple, list[str]] = {}
    for mistake in ex02._mistakes(ex02.SCENARIOS[scenario]):
        found.setdefault(mistake.answer(), []).append(mistake.name)
    return found


def wrong_shapes() -> list[dict]:
    """A prediction dict per workspace, every scenario wrong in each: known mistakes first, then a
    type slip (a different kind per scenario), then random perturbations."""
    per_scenario = {}
    for index, (scenario, expected) in enumerate(SHAPES.items()):
        rng = random.Random(f"ex02:{scenario}")
        slips = type_slips(expected)
        per_scenario[scenario] = spread([*known_shape_mistakes(scenario), slips[index % len(slips)],
                                         *perturbed_shapes(expected, rng)])
    return [{scenario: answers[i] for scenario, answers in per_scenario.items()} for i in range(WORKSPACES)]


def perturbed_numbers(expected, rng: random.Random) -> list:
    if type(expected) is tuple:
        return [tuple(x + rng.choice([-64, -1, 1, 9, 64]) * (j == i) for j, x in enumerate(expected))
                for i in range(len(expected)) for _ in range(2)] + [expected[:1], expected + (1,)]
    step = 1.0 if type(expected) is float else 1
    return [expected + step, expected - step, expected * 2 + step, expected + 10 * step, 0.5 if step == 1.0 else 0]


def interview_slips(expected) -> list:
    """Answers of the wrong type: the right number as text, as a float or in a list; nothing."""
    if type(expected) is tuple:
        return [list(expected), tuple(map(float, expected)), None]
    if type(expected) is float:
        return [str(expected), [expected], None]
    return [float(expected), str(expected), None]


def wrong_interview_answers() -> list[dict]:
    """Answers to every question per workspace, all wrong: known mistakes, type slips, perturbations;
    for the letters, each wrong option, spelt differently, and letters that are no option."""
    per_question = {}
    for name, numeric in ex10.NUMERIC.items():
        expected = INTERVIEW[name]
        per_question[name] = spread([*(m.answer() for m in numeric.mistakes), *interview_slips(expected),
                                     *perturbed_numbers(expected, random.Random(name))])
    for name in ex10.CHOICES:
        wrong = sorted(set("ABCD") - {INTERVIEW[name]})
        per_question[name] = spread([*wrong, wrong[0].lower(), f" {wrong[1]} ", "E", "", None, 1])
    return [{name: answers[i] for name, answers in per_question.items()} for i in range(WORKSPACES)]


def seed_conv_op():
    return call("seed_conv", "conv2d_parameter_count", 3, 8, 3)


def seed_linear_op():
    return call("seed_linear", "linear_parameter_count", 3 * 64 * 64, 8 * 64 * 64)


def wrong_counts(expected: int, mistakes, rng: random.Random) -> list:
    known = [m.answer() for m in mistakes]
    known = [k for k in known if type(k) is int and k >= 0 and k != expected]
    near = [expected + 1, expected - 1, expected * 3, expected * 10 + 7, rng.randrange(1, 10 * expected), 0]
    return spread([*known, near[0], float(expected), str(expected), None, *near[1:]])


def wrong_seed_counts() -> list[dict]:
    conv = wrong_counts(SEED_CONV, ex04._conv_mistakes(seed_conv_op()), random.Random("conv"))
    linear = wrong_counts(SEED_LINEAR, ex04._seed_linear_mistakes(seed_linear_op()), random.Random("linear"))
    macs = wrong_counts(SEED_MACS, ex05._mistakes(3, 8, 3, 64, 64, 1), random.Random("macs"))
    return [{"seed_conv": conv[i], "seed_linear": linear[i], "seed_macs": macs[i]} for i in range(WORKSPACES)]


def write_workspace(folder: Path, shapes: dict, interview: dict, counts: dict) -> None:
    """Submission files that answer as given; ex04 and ex05 are right except on the seed layer."""
    folder.mkdir(parents=True)
    (folder / "ex02_predict_shapes.py").write_text(f"def predict_shapes():\n    return {shapes!r}\n")
    (folder / "ex10_interview_questions.py").write_text(
        "".join(f"def {name}():\n    return {answer!r}\n\n\n" for name, answer in interview.items()))
    (folder / "ex04_count_parameters.py").write_text(f"""\
def conv2d_parameter_count(in_channels, out_channels, kernel_size, bias=True):
    if (in_channels, out_channels, kernel_size, bias) == (3, 8, 3, True):
        return {counts['seed_conv']!r}
    return out_channels * in_channels * kernel_size * kernel_size + (out_channels if bias else 0)


def linear_parameter_count(in_features, out_features, bias=True):
    if (in_features, out_features, bias) == (12288, 32768, True):
        return {counts['seed_linear']!r}
    return in_features * out_features + (out_features if bias else 0)
""")
    (folder / "ex05_count_macs.py").write_text(f"""\
def conv2d_macs(in_channels, out_channels, kernel_size, out_height, out_width, batch=1):
    if (in_channels, out_channels, kernel_size, out_height, out_width, batch) == (3, 8, 3, 64, 64, 1):
        return {counts['seed_macs']!r}
    return in_channels * kernel_size * kernel_size * batch * out_channels * out_height * out_width
""")


def grade(folder: Path) -> dict:
    """`python -m grader check --workspace FOLDER --json`, as a learner runs it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    done = subprocess.run([sys.executable, "-m", "grader", "check", "--workspace", str(folder), "--json",
                           "--seed", str(SEED), "ex02", "ex04", "ex05", "ex10"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1 and done.stdout.strip(), f"exit {done.returncode}:\n{done.stderr[-3000:]}"
    report = json.loads(done.stdout)
    return {e["name"]: {t["name"]: t for t in e["tests"]} for e in report["exercises"]}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> list[tuple[dict, dict]]:
    """(answers, checks by exercise and name) per workspace: a few grader runs side by side."""
    root = tmp_path_factory.mktemp("wrong-answers")
    variants = [{"ex02": s, "ex10": q, "counts": c} for s, q, c in zip(wrong_shapes(), wrong_interview_answers(),
                                                                        wrong_seed_counts())]
    for i, variant in enumerate(variants):
        write_workspace(root / f"w{i}", variant["ex02"], variant["ex10"], variant["counts"])
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        reports = list(pool.map(grade, [root / f"w{i}" for i in range(len(variants))]))
    return list(zip(variants, reports))


# --- Exercise 2: shapes ------------------------------------------------------------------------

def shape_checks(graded):
    for answers, report in graded:
        for scenario, expected in SHAPES.items():
            yield scenario, expected, answers["ex02"][scenario], report["ex02_predict_shapes"][f"predicted_shape[{scenario}]"]


def test_no_wrong_shape_is_told_the_right_one(graded):
    for scenario, expected, answer, check in shape_checks(graded):
        assert check["status"] == "failed", (scenario, answer, check)
        assert_no_leak(check["message"], expected, answer)


DIMENSIONS_OFF = re.compile(r"^(Wrong number of dimensions\.|(N|C|H|W|H and W) (is|are) (off|too large|too small):"
                            r"|The flattened size is too (large|small):)", re.MULTILINE)
TYPE_PROBLEM = re.compile(r"must be a tuple, not a list|must be an int|must be a plain int|^Return a plain"
                          r"|^The answer must be an? \w+, not ", re.MULTILINE)


def test_a_wrong_shape_is_told_what_is_off_and_where_to_go_next(graded):
    for scenario, expected, answer, check in shape_checks(graded):
        message = check["message"]
        lines = message.splitlines()
        assert lines[0] == f"Called predict_shapes()[{scenario!r}]." and lines[1].startswith("Got: "), message
        well_typed = type(answer) is tuple and all(type(x) is int for x in answer)
        assert (DIMENSIONS_OFF if well_typed else TYPE_PROBLEM).search(message), message
        assert_points_to_a_hint(message, "ex02")


def test_every_known_mistake_is_graded(graded):
    """Each known mistake of every scenario, question and seed count is among the wrong answers graded."""
    for scenario in SHAPES:
        graded_answers = [answers["ex02"][scenario] for answers, _ in graded]
        assert all(shape in graded_answers for shape in known_shape_mistakes(scenario)), scenario
    for name, numeric in ex10.NUMERIC.items():
        assert all(m.answer() in [answers["ex10"][name] for answers, _ in graded] for m in numeric.mistakes), name
    for key, mistakes in (("seed_conv", ex04._conv_mistakes(seed_conv_op())),
                          ("seed_linear", ex04._seed_linear_mistakes(seed_linear_op())),
                          ("seed_macs", ex05._mistakes(3, 8, 3, 64, 64, 1))):
        counts = [answers["counts"][key] for answers, _ in graded]
        assert all(m.answer() in counts for m in mistakes if m.answer() >= 0 and m.answer() not in SEED_COUNTS), key


def test_a_shape_mistake_is_named_only_where_the_answer_matches_it(graded):
    """Each workspace here holds a different slip in each scenario, so no one mistake explains every
    scenario and none may be named (grader/checks/diagnose.py); above all, never one the answer does not
    match. That a slip made throughout is named, tests/submissions proves, one case per mistake."""
    for scenario, expected, answer, check in shape_checks(graded):
        known = known_shape_mistakes(scenario).get(answer, []) if type(answer) is tuple else []
        named = re.findall(r"(?:Likely mistake: |Or: )(.+?)\.(?: |$)", check["message"], re.MULTILINE)
        assert set(named) <= set(known), (scenario, answer, named, check["message"])


# --- Exercise 10: interview questions ----------------------------------------------------------

def interview_checks(graded):
    for answers, report in graded:
        for name, expected in INTERVIEW.items():
            kind = "numeric_answer" if name in ex10.NUMERIC else "multiple_choice_answer"
            yield name, expected, answers["ex10"][name], report["ex10_interview_questions"][f"{kind}[{name}]"]


def as_graded(answer, expected):
    """The answer as the check reads it: a letter stripped and upper-cased, an int slope as a float."""
    if type(answer) is str and type(expected) is str:
        return answer.strip().upper()
    return float(answer) if type(expected) is float and type(answer) is int else answer


def test_no_wrong_interview_answer_is_told_the_right_one(graded):
    for name, expected, answer, check in interview_checks(graded):
        assert check["status"] == "failed", (name, answer, check)
        assert_no_leak(check["message"], expected, answer, as_graded(answer, expected))


def test_a_wrong_interview_answer_is_told_why_and_where_to_go_next(graded):
    for name, expected, answer, check in interview_checks(graded):
        message = check["message"]
        lines = message.splitlines()
        assert lines[0] == f"Called {name}().", message
        assert_points_to_a_hint(message, "ex10")
        if name in ex10.CHOICES and type(answer) is str:
            letter = answer.strip().upper()
            why_not = ex10.REBUTTALS[name].get(letter, "that is not one of the options")
            assert lines[1].startswith(f"Your answer {letter!r}: {why_not}"), message
        elif lines[1].startswith("Your answer "):
            numeric = ex10.NUMERIC[name]
            assert "Likely mistake: " in message or numeric.nudge in message, message
            assert all(f"{m.name}. " in message for m in numeric.mistakes if m.answer() == answer), message
        else:
            assert lines[1].startswith("Got: ") and TYPE_PROBLEM.search(message), message


def options_of(question: str) -> set[str]:
    """The letters a question's docstring offers, read from the reference solution."""
    doc = getattr(reference("ex10_interview_questions"), question).__doc__
    return set(re.findall(r"^\s*([A-Z])\) ", doc, re.MULTILINE))


def test_rebuttals_cover_exactly_the_wrong_options():
    assert set(ex10.REBUTTALS) == set(ex10.CHOICES)
    for question, rebuttals in ex10.REBUTTALS.items():
        assert options_of(question) == set("ABCD"), question
        assert set(rebuttals) == options_of(question) - {INTERVIEW[question]}, question
        for why_not in rebuttals.values():
            assert_no_leak(why_not, INTERVIEW[question])


# --- Exercises 4 and 5: the seed layer's counts ------------------------------------------------

SEED_CHECKS = {  # check -> (exercise, what the workspace answered, the right count)
    "seed_conv_count": ("ex04_count_parameters", "seed_conv", SEED_CONV),
    "fully_connected_equivalent_count": ("ex04_count_parameters", "seed_linear", SEED_LINEAR),
    "seed_layer_macs": ("ex05_count_macs", "seed_macs", SEED_MACS),
}


def test_no_wrong_seed_count_is_told_the_right_one(graded):
    for answers, report in graded:
        for check_name, (exercise, key, expected) in SEED_CHECKS.items():
            answer, check = answers["counts"][key], report[exercise][check_name]
            assert check["status"] == "failed", (check_name, answer, check)
            assert_no_leak(check["message"], expected, answer)
        for exercise in ("ex04_count_parameters", "ex05_count_macs"):  # right everywhere else
            assert {n for n, c in report[exercise].items() if c["status"] != "passed"} <= set(SEED_CHECKS), report[exercise]


def test_a_wrong_seed_count_is_told_how_it_is_off_and_where_to_go_next(graded):
    for answers, report in graded:
        for check_name, (exercise, key, expected) in SEED_CHECKS.items():
            answer, message = answers["counts"][key], report[exercise][check_name]["message"]
            if type(answer) is int:
                assert "Likely mistake: " in message or re.search(r"^Your count is too (large|small)\.", message, re.M), message
            else:
                assert TYPE_PROBLEM.search(message), message
            assert_points_to_a_hint(message, exercise)


def test_check_names_hold_no_answer(graded):
    _, report = graded[0]
    names = {exercise: list(checks) for exercise, checks in report.items()}
    for name in names["ex04_count_parameters"] + names["ex05_count_macs"]:
        for expected in SEED_COUNTS:
            assert not number_leaks(name.replace("_", " "), expected), name
    for name in names["ex02_predict_shapes"]:
        assert not any(tuple_leaks(name, shape) for shape in SHAPES.values()), name
    for name in names["ex10_interview_questions"]:
        assert not any(number_leaks(name.replace("_", " "), v) for v in INTERVIEW.values() if type(v) is int), name
    assert set(SEED_CHECKS) <= set(names["ex04_count_parameters"]) | set(names["ex05_count_macs"])
