"""The untrusted side: import a submission and perform the operations the grader asks for.

Runs in a fresh child forked from a server that has already imported torch, one child
per submission: exercise after exercise (a "unit" is one check module's work), each
answer streamed back as a frame of plain data (protocol.py) the moment it exists. The
supervisor (supervisor.py) holds the deadline and kills whatever the worker leaves behind.

    hello   {confinement}            after the worker has confined itself
    begin   {unit}                   a unit starts
    import  {unit, ok, error}        its exercise file was imported, or why not
    <op id> {unit, ok, value|error}  one answer
    end     {unit, violations}       the unit is over

What the code prints goes to a second pipe. Before a unit's end is sent, the worker waits
until the grader has read that pipe, and after, until it has read the end: so printed text
is shown under the exercise that printed it, however busy the grader is.
"""

from __future__ import annotations

import array
import fcntl
import importlib.util
import os
import re
import sys
import termios
import time
import traceback

import torch

from grader.paths import KIT_ROOT
from grader.sandbox import cleanup, confine, facilities, namespaces, oom, protocol, seccomp, tripwires

MODULE_FILE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.py$")
READ_WAIT_S = 2.0  # the grader reads between its checks; a background writer costs its own units this at most


def worker_main(request: dict, result_fd: int, uid: int | None, group) -> None:
    """Never returns: the worker ends with os._exit so no submission hook runs at exit."""
    code = 0
    try:
        workspace = _prepare(request, uid, group)
        _serve(request, result_fd, workspace)
    except BaseException:  # noqa: BLE001 - the child reports and leaves, whatever happened
        code = 3
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(code)


def place_files(request: dict, run_dir: str, uid: int | None) -> tuple[str, str]:
    """Write the submission's files into a folder of this run: (workspace, scratch).

    Run as root (when the grader is), before dropping privileges: the folders belong to
    the run's own uid and nobody else may read them."""
    workspace, scratch = os.path.join(run_dir, "ws"), os.path.join(run_dir, "scratch")
    for folder in (run_dir, workspace, scratch):
        os.mkdir(folder, 0o700)
    for name, text in request["files"].items():
        if not MODULE_FILE.match(name):
            continue  # sources only hand over module names; anything else is not written
        fd = os.open(os.path.join(workspace, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o400)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
    if uid is not None:
        for folder in (run_dir, workspace, scratch):
            os.chown(folder, uid, uid)
        for name in os.listdir(workspace):
            os.chown(os.path.join(workspace, name), uid, uid)
    return workspace, scratch


def remove_run_folder(request: dict) -> None:
    """The supervisor's clean-up of the run's folder on disk, if it made one; never fails."""
    if os.path.lexists(request["run_dir"]):
        cleanup.remove_tree(request["run_dir"])


def _prepare(request: dict, uid: int | None, group) -> str:
    """Confine this process, in an order that matters: join the memory cgroup and become
    the OOM killer's first choice, take private mounts (a capped /tmp that holds the run's
    files), write the files, then rlimits, a new uid and Landlock, and seccomp last."""
    sandbox = request["sandbox"]
    if sandbox["broken"]:
        raise RuntimeError("the run's namespaces are half made: the submission must not run")
    notes = list(sandbox["notes"])
    if group is not None:
        group.add()
    if facilities.proc():  # Linux's /proc: under memory pressure the kernel ends a run, never the grader
        oom.set_oom_score_adj(1000)
    run_dir = request["run_dir"]
    if sandbox["namespaced"]:  # the files live on a private tmpfs, capped, gone with the run
        mounts = namespaces.private_mounts(request["scratch_mb"] << 20, request["scratch_files"],
                                           keep_read_only=tuple(confine.python_read_paths()))
        notes.append(mounts)
        if "/tmp capped" in mounts:
            run_dir = "/tmp/run"
    workspace, scratch = place_files(request, run_dir, uid)
    if sandbox["user_namespace"]:
        namespaces.drop_capabilities()  # every capability of the user namespace, gone before any code runs
    os.chdir(scratch)
    os.environ.update(HOME=scratch, TMPDIR=scratch, PYTHONDONTWRITEBYTECODE="1")
    sys.dont_write_bytecode = True
    device = request["device"]
    memory = None if device == "cuda" else request["memory_mb"]
    notes.append(confine.confine(workspace, scratch, uid, memory))
    notes.append(seccomp.install())
    request["confinement"] = "; ".join(notes)
    torch.set_num_threads(1)  # parallelism comes from grading several runs at once
    # Same numerics as the grader's reference: TF32 stays at PyTorch's defaults on both sides.
    kit, prefix = os.path.realpath(KIT_ROOT), os.path.realpath(sys.prefix)
    sys.path[:] = [workspace] + [p for p in sys.path if p and _importable_from(os.path.realpath(p), kit, prefix)]
    return workspace


def _importable_from(real: str, kit: str, prefix: str) -> bool:
    """Interpreter and package folders stay importable; the kit's own folder does not."""
    inside_kit = real == kit or real.startswith(kit + os.sep)
    return not inside_kit or real.startswith(prefix + os.sep)


def _serve(request: dict, result_fd: int, workspace: str) -> None:
    def send(node: dict, tensors: dict | None = None) -> None:
        frame = protocol.pack(node, tensors or {})
        view = memoryview(frame)
        while view:
            view = view[os.write(result_fd, view):]

    send({"id": "hello", "confinement": request["confinement"]})
    output = os.dup(1)  # the output pipe, still reachable if the code closes its stdout
    args_node, arg_tensors = protocol.unpack_frames(request["inputs"])[0]
    device = torch.device(request["device"])
    arg_tensors = {k: v.to(device) for k, v in arg_tensors.items()}
    for index in range(request.get("first_unit", 0), len(request["units"])):
        unit = request["units"][index]
        send({"id": "begin", "unit": index})
        restore = tripwires.install(unit["forbidden"])
        try:
            _run_unit(send, index, unit, workspace, args_node[str(index)], arg_tensors)
        finally:
            # What a unit printed is the unit's, however late the grader reads: its output is
            # read before its end is sent, and its end before the next unit can print.
            _flush()
            _wait_read(output)
            send({"id": "end", "unit": index, "violations": sorted(set(tripwires.VIOLATIONS))})
            _wait_read(result_fd)
            restore()


def _wait_read(fd: int, limit_s: float = READ_WAIT_S) -> None:
    """Wait (up to limit_s) until the grader has read every byte in this pipe."""
    waiting, deadline = array.array("i", [0]), time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            fcntl.ioctl(fd, termios.FIONREAD, waiting)
        except OSError:
            return  # closed or replaced by the code: only its own output's place is at stake
        if waiting[0] == 0:
            return
        time.sleep(0.0002)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a closed or replaced stream loses only its own output
            pass


def _run_unit(send, index: int, unit: dict, workspace: str, nodes: dict, tensors: dict) -> None:
    try:
        module = _import(workspace, unit["module"])
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        send({"id": "import", "unit": index, "ok": False, "error": describe_error(exc)})
        return
    send({"id": "import", "unit": index, "ok": True})
    for op in unit["ops"]:
        out: dict[str, torch.Tensor] = {}
        try:
            value = perform(module, op, nodes[op["id"]], tensors)
            node = {"id": op["id"], "unit": index, "ok": True, "value": protocol.encode(value, out)}
        except BaseException as exc:  # noqa: BLE001
            node = {"id": op["id"], "unit": index, "ok": False, "error": describe_error(exc)}
        send(node, out)


def _import(workspace: str, name: str):
    """A fresh import of the exercise file for each unit."""
    path = os.path.join(workspace, name + ".py")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or not os.path.isfile(path):
        raise FileNotFoundError(f"no file {name}.py in the submission")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _arg(node: object, tensors: dict[str, torch.Tensor]) -> object:
    value = protocol.decode(node, tensors)
    if isinstance(value, protocol.Received):
        return value.tensor.clone().requires_grad_(value.requires_grad)
    return value


def perform(module, op: dict, nodes: dict, tensors: dict[str, torch.Tensor]) -> object:
    """Run one operation: a function call, or build a module and run it forward and back."""
    target = getattr(module, op["name"], None)
    if target is None:
        raise AttributeError(f"the file defines no {op['name']}")
    args = [_arg(n, tensors) for n in nodes["args"]]
    kwargs = {k: _arg(n, tensors) for k, n in nodes["kwargs"].items()}
    if op["op"] == "call":
        value = target(*args, **kwargs)
        if op.get("report_args"):
            return {"returned": value, "args_after": tuple(args)}
        return value
    model = target(*args, **kwargs)
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"{op['name']}(...) built a {type(model).__name__}, not an nn.Module")
    report = {"parameters": _parameters(model, op.get("report_values", False)),
              "children": [[n, type(m).__name__, m.extra_repr()[:200]] for n, m in model.named_children()]}
    if nodes.get("load_state") is not None:
        state = {k: _arg(n, tensors).detach() for k, n in nodes["load_state"].items()}
        try:
            model.load_state_dict(state)
        except BaseException as exc:  # noqa: BLE001 - the layer cannot hold the grader's weights
            report["load_error"] = describe_error(exc)
            return report
    if nodes.get("assign_by_shape") is not None:
        report["assigned"] = _assign_by_shape(model, [_arg(n, tensors).detach() for n in nodes["assign_by_shape"]])
    model.to(tensors_device(tensors))
    report["forwards"] = [_forward(model, x_node, g_node, tensors)
                          for x_node, g_node in zip(nodes["inputs"], nodes["grad_outputs"])]
    return report


def _assign_by_shape(model: torch.nn.Module, values: list[torch.Tensor]) -> dict:
    """Copy each of the grader's tensors into the one parameter of its shape: {name: index}."""
    assigned = {}
    parameters = dict(model.named_parameters())
    for index, value in enumerate(values):
        matches = [n for n, p in parameters.items() if tuple(p.shape) == tuple(value.shape) and n not in assigned]
        if len(matches) == 1:
            with torch.no_grad():
                parameters[matches[0]].copy_(value)
            assigned[matches[0]] = index
    return assigned


def _forward(model: torch.nn.Module, x_node: object, g_node: object, tensors: dict) -> dict:
    """One forward pass, and the backward only when the output has the shape the grader's
    gradient has: the learner never reads an error from a backward they did not write."""
    model.zero_grad(set_to_none=True)
    x = _arg(x_node, tensors).requires_grad_(True)
    try:
        out = model(x)
    except BaseException as exc:  # noqa: BLE001
        return {"error": describe_error(exc)}
    step = {"output": out, "input_grad": None, "param_grads": {}, "backward": "not asked"}
    g = _arg(g_node, tensors)
    if g is None:
        return step
    if type(out) is not torch.Tensor or tuple(out.shape) != tuple(g.shape):
        step["backward"] = "skipped: the output's shape is not the layer's"
    elif not out.requires_grad:
        step["backward"] = "skipped: the output does not require grad"
    else:
        try:
            (out * g).sum().backward()  # out.backward(g)'s gradients, without its first-call import of sympy
            step["backward"] = "done"
            step["input_grad"] = x.grad
            step["param_grads"] = {n: p.grad for n, p in model.named_parameters()}
        except BaseException as exc:  # noqa: BLE001 - autograd through the learner's forward failed
            step["backward"] = "failed"
            step["backward_error"] = describe_error(exc)
    return step


def _parameters(model: torch.nn.Module, with_values: bool) -> dict:
    found = {}
    for name, p in model.named_parameters():
        entry = {"shape": tuple(int(s) for s in p.shape), "requires_grad": bool(p.requires_grad)}
        if with_values:
            entry["value"] = p.detach()
        found[name] = entry
    return found


def tensors_device(tensors: dict[str, torch.Tensor]) -> torch.device:
    return next(iter(tensors.values())).device if tensors else torch.device("cpu")


def describe_error(exc: BaseException) -> dict:
    """The exception's type, message, and the submission line that raised it."""
    try:
        where = ""
        workspace = os.path.realpath(sys.path[0]) + os.sep
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if os.path.realpath(frame.filename).startswith(workspace):
                where = f"{os.path.basename(frame.filename)}, line {frame.lineno}: {(frame.line or '').strip()}"
                break
        if isinstance(exc, SyntaxError) and exc.lineno:
            where = f"{os.path.basename(exc.filename or '')}, line {exc.lineno}: {(exc.text or '').strip()}"
        message = f"exit code {exc.code!r}" if isinstance(exc, SystemExit) else str(exc)
        return {"type": type(exc).__name__[:100], "message": str(message)[:1000], "where": where[:300]}
    except BaseException:  # noqa: BLE001 - a hostile __str__ must not silence the report
        return {"type": "Exception", "message": "(the exception could not be described)", "where": ""}
