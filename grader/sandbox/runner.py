"""The untrusted side: import a submission and perform the operations the grader asks for.

Runs in a fresh child forked from a server that has already imported torch. The
supervisor (supervisor.py) forks the worker, enforces the deadline and kills whatever the
worker leaves behind. Each answer goes back as one frame of plain data (protocol.py).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback

import torch

from grader.paths import KIT_ROOT
from grader.sandbox import confine, protocol, tripwires


def worker_main(request: dict, result_fd: int, scratch: str, uid: int | None) -> None:
    """Never returns: the worker ends with os._exit so no submission hook runs at exit."""
    code = 0
    try:
        _prepare(request, scratch, uid)
        _serve(request, result_fd)
    except BaseException:  # noqa: BLE001 - the child reports and leaves, whatever happened
        code = 3
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(code)


def _prepare(request: dict, scratch: str, uid: int | None) -> None:
    os.chdir(scratch)
    os.environ.update(HOME=scratch, TMPDIR=scratch, PYTHONDONTWRITEBYTECODE="1")
    sys.dont_write_bytecode = True
    device = request["device"]
    memory = None if device == "cuda" else request["memory_mb"]
    request["confinement"] = confine.confine(request["workspace"], scratch, uid, memory)
    torch.set_num_threads(1)  # parallelism comes from grading several runs at once
    # Same numerics as the grader's reference: TF32 stays at PyTorch's defaults on both sides.
    kit, prefix = os.path.realpath(KIT_ROOT), os.path.realpath(sys.prefix)
    sys.path[:] = [request["workspace"]] + [p for p in sys.path if p and _importable_from(os.path.realpath(p), kit, prefix)]
    tripwires.install(request["forbidden"])


def _importable_from(real: str, kit: str, prefix: str) -> bool:
    """Interpreter and package folders stay importable; the kit's own folder does not."""
    inside_kit = real == kit or real.startswith(kit + os.sep)
    return not inside_kit or real.startswith(prefix + os.sep)


def _serve(request: dict, result_fd: int) -> None:
    def send(node: dict, tensors: dict | None = None) -> None:
        frame = protocol.pack(node, tensors or {})
        view = memoryview(frame)
        while view:
            view = view[os.write(result_fd, view):]

    send({"id": "hello", "confinement": request["confinement"]})
    try:
        module = _import(request["workspace"], request["module"])
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        send({"id": "import", "ok": False, "error": describe_error(exc)})
        return
    send({"id": "import", "ok": True})
    inputs = protocol.unpack_frames(request["inputs"])[0]
    args_node, arg_tensors = inputs
    device = torch.device(request["device"])
    arg_tensors = {k: v.to(device) for k, v in arg_tensors.items()}
    for op in request["ops"]:
        tensors: dict[str, torch.Tensor] = {}
        try:
            value = perform(module, op, args_node[op["id"]], arg_tensors)
            node = {"id": op["id"], "ok": True, "value": protocol.encode(value, tensors)}
        except BaseException as exc:  # noqa: BLE001
            node = {"id": op["id"], "ok": False, "error": describe_error(exc)}
        node["violations"] = sorted(set(tripwires.VIOLATIONS))
        send(node, tensors)
    send({"id": "end", "violations": sorted(set(tripwires.VIOLATIONS))})


def _import(workspace: str, name: str):
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
    report = {"initial": _parameters(model)}
    if nodes.get("load_state") is not None:
        state = {k: _arg(n, tensors).detach() for k, n in nodes["load_state"].items()}
        model.load_state_dict(state)
    model.to(tensors_device(tensors))
    report["state"] = {k: v for k, v in model.state_dict().items()}
    report["children"] = [[n, type(m).__name__, m.extra_repr()[:200]] for n, m in model.named_children()]
    forwards = []
    for x_node, g_node in zip(nodes["inputs"], nodes["grad_outputs"]):
        model.zero_grad(set_to_none=True)
        x = _arg(x_node, tensors).requires_grad_(True)
        out = model(x)
        step = {"output": out, "input_grad": None, "param_grads": {}}
        if g_node is not None and type(out) is torch.Tensor and out.requires_grad:
            out.backward(_arg(g_node, tensors))
            step["input_grad"] = x.grad
            step["param_grads"] = {n: p.grad for n, p in model.named_parameters()}
        forwards.append(step)
    report["forwards"] = forwards
    return report


def _parameters(model: torch.nn.Module) -> dict:
    return {
        name: {"shape": tuple(int(s) for s in p.shape), "requires_grad": bool(p.requires_grad),
               "value": p.detach()}
        for name, p in model.named_parameters()
    }


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
