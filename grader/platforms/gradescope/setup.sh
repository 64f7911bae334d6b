#!/usr/bin/env bash
# Gradescope runs this once, as root and with network, to build the autograder's image.
# It installs Python (if the image lacks 3.11 or newer), a virtual environment with CPU-only
# torch and the kit's other packages pinned by the kit's constraints.txt, then grades the
# reference solutions once: an image that cannot grade fails here, not on a student.
# Nothing is fetched when a submission is graded.
set -euo pipefail

AUTOGRADER="${CNN_KIT_PLATFORM_ROOT:-}/autograder"  # the variable moves it for a trial run elsewhere
SOURCE="$AUTOGRADER/source"
KIT="$SOURCE/kit"
VENV="$AUTOGRADER/venv"  # outside source/, which only root may read
TORCH_INDEX="@TORCH_INDEX@"  # written by `python -m grader gradescope --torch-index`; empty: pip's own index

python_ok() {  # the kit reads its catalog with tomllib: Python 3.11 or newer, with venv and ensurepip
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}
find_python() {
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if ! PYTHON="$(find_python)"; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # Ubuntu 24.04's python3 is 3.12; 22.04's is 3.10, beside which it has python3.11.
    apt-get install -y -q --no-install-recommends python3 python3-venv
    if ! PYTHON="$(find_python)"; then
        apt-get install -y -q --no-install-recommends python3.11 python3.11-venv
        PYTHON="$(find_python)"
    fi
fi
echo "setup.sh: Python $("$PYTHON" -c 'import platform; print(platform.python_version())') at $PYTHON"

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install --disable-pip-version-check -c "$KIT/constraints.txt")
# torch alone from its CPU wheel index (the default index's Linux wheels are CUDA builds of
# several GB); its own dependencies, and everything else, from pip's index, pinned.
if [ -n "$TORCH_INDEX" ]; then
    "${PIP[@]}" --no-deps --index-url "$TORCH_INDEX" torch
else
    "${PIP[@]}" --no-deps torch
fi
"${PIP[@]}" -e "$KIT"
"$VENV/bin/python" -m pip check

# The grader's files are root's alone: the student's code runs as another user.
chmod 700 "$SOURCE"
chmod 755 "$AUTOGRADER"

# Grade the reference solutions once, as a submission would be graded.
"$VENV/bin/python" -m grader.platforms.gradescope.selftest
