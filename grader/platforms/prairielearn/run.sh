#!/bin/bash
# PrairieLearn's external grader runs this (the question's entrypoint) in the grader image,
# as root: grade /grade/student into /grade/results/results.json with the kit in
# serverFilesCourse (grader/platforms/prairielearn/grade.py). The image's python3 must hold
# the kit's packages (the Dockerfile beside this file builds such an image).
GRADE="${CNN_KIT_PLATFORM_ROOT:-}/grade"  # the variable moves it for a trial run elsewhere
KIT_FILES="$GRADE/serverFilesCourse/cnn_kit"
RESULTS="$GRADE/results/results.json"

mkdir -p "$GRADE/results"  # PrairieLearn does not make it
chmod 755 "$GRADE/results"
# The kit, its reference solutions, the hidden checks and the job's data are the grader's:
# the student's code runs as another user and must not read them.
chmod -R go-rwx "$GRADE/serverFilesCourse" "$GRADE/tests" "$GRADE/data" 2>/dev/null

# From the kit's own folder, so the course's copy of the kit is the one imported.
(cd "$KIT_FILES/kit" && python3 -m grader.platforms.prairielearn.grade)

if [ ! -s "$RESULTS" ]; then  # the grader never got as far as a result: the course's problem, not the student's
    printf '%s\n' '{"gradable": false, "message": "The grader could not run (see the job log: the grader image may lack the kit'"'"'s packages). This submission was not graded and no attempt was used."}' > "$RESULTS"
fi
