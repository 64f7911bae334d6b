"""Each platform's results.json format as a JSON schema, written from its documentation.

Gradescope: "Autograder Specifications" (gradescope-autograders.readthedocs.io/en/latest/specs/):
top-level score (required unless every test has one), execution_time, output, visibility,
stdout_visibility, extra_data, tests (score, max_score, name, number, output, tags,
visibility, extra_data), leaderboard. The tests' "status" (passed/failed) is the kit's
exporter's, accepted here as Gradescope's newer docs describe it.

PrairieLearn: "External Grading", Grading results (prairielearn.readthedocs.io/en/latest/externalGrading/):
gradable, score in [0, 1] (required when gradable), message, output, images, format_errors,
tests (name, description, points, max_points, message, output, images).
The schemas refuse unknown keys, so a typo in a key fails the tests instead of being ignored.
"""

VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}

GRADESCOPE = {
    "type": "object",
    "required": ["score", "tests", "output"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "leaderboard": {"type": "array"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "score", "max_score", "output", "visibility"],
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "number", "minimum": 0},
                    "max_score": {"type": "number", "minimum": 0},
                    "name": {"type": "string", "minLength": 1},
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                    "status": {"enum": ["passed", "failed"]},
                    "extra_data": {"type": "object"},
                },
            },
        },
    },
}

_PL_TEST = {
    "type": "object",
    "required": ["name", "points", "max_points", "output"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "points": {"type": "number", "minimum": 0},
        "max_points": {"type": "number", "minimum": 0},
        "message": {"type": "string"},
        "output": {"type": "string"},
        "images": {"type": "array"},
    },
}

PRAIRIELEARN = {
    "type": "object",
    "required": ["gradable"],
    "additionalProperties": False,
    "properties": {
        "gradable": {"type": "boolean"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "points": {"type": "number", "minimum": 0},
        "max_points": {"type": "number", "minimum": 0},
        "message": {"type": "string"},
        "output": {"type": "string"},
        "images": {"type": "array"},
        "format_errors": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "tests": {"type": "array", "items": _PL_TEST},
    },
    "if": {"properties": {"gradable": {"const": True}}},
    "then": {"required": ["gradable", "score", "message", "tests"]},
    "else": {"required": ["gradable", "message"], "not": {"required": ["score"]}},
}


def check(document: dict, schema: dict) -> None:
    import jsonschema

    jsonschema.validate(document, schema)
