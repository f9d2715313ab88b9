"""The worker process: Lambda's Python runtime, run as ``python -m fourbeat.functions._bootstrap``.

It opens the same data directory as its parent and activates it, so boto3 in the handler is
served by fourbeat under the credentials in the environment (the execution role's session), as
on Lambda. Then it loads the handler and answers invocations one at a time until its pipe
closes. Everything the handler prints goes to the worker's stdout, which the parent reads as
the function's log.

What it reports follows Lambda's Python runtime interface client: init faults
(``Runtime.ImportModuleError`` …) with an empty ``requestId``, handler exceptions with their
type, message and stack, and the ``[ERROR]`` log record the runtime prints for either.
https://docs.aws.amazon.com/lambda/latest/dg/python-exceptions.html
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import resource
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from fourbeat.clock import FollowingClock
from fourbeat.functions._context import LambdaContext
from fourbeat.functions._frames import WORKER_VARIABLE, ChannelClosed, read_frame, write_frame

_LOG_FORMAT = "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"

Handler = Callable[[Any, LambdaContext], Any]


class Fault(Exception):
    """A failure of the runtime rather than of the handler: Lambda names it ``Runtime.*``."""

    def __init__(self, kind: str, message: str, trace: list[str] | None = None) -> None:
        super().__init__(message)
        self.error_type = f"Runtime.{kind}"
        self.message = message
        self.trace = trace or []


def load_handler(spec: str) -> Handler:
    """``module.function`` imported from the task root, or the Fault Lambda reports."""
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as exc:
        raise Fault("MalformedHandlerName", f"Bad handler '{spec}': {exc}") from None
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise Fault(
            "BuiltInModuleConflict", f"Cannot use built-in module {module_name} as a handler module"
        )
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as exc:
        raise Fault(
            "ImportModuleError", f"Unable to import module '{module_name}': {exc}"
        ) from None
    except SyntaxError as exc:
        trace = [f'  File "{exc.filename}" Line {exc.lineno}\n    {exc.text}']
        raise Fault(
            "UserCodeSyntaxError", f"Syntax error in module '{module_name}': {exc}", trace
        ) from None
    handler = getattr(module, function_name, None)
    if handler is None:
        raise Fault(
            "HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'"
        )
    return handler  # type: ignore[no-any-return]


def error_result(exc: BaseException, request_id: str) -> dict[str, Any]:
    """The error document Lambda returns as the payload of a failed invocation."""
    if isinstance(exc, Fault):
        return _error(exc.message, exc.error_type, exc.trace, request_id)
    frames = traceback.extract_tb(exc.__traceback__)
    own = [i for i, frame in enumerate(frames) if frame.filename == __file__]
    user_frames = traceback.StackSummary.from_list(frames[own[-1] + 1 if own else 0 :])
    return _error(str(exc), type(exc).__name__, user_frames.format(), request_id)


def _error(message: str, error_type: str, trace: list[str], request_id: str) -> dict[str, Any]:
    return {
        "errorMessage": message,
        "errorType": error_type,
        "requestId": request_id,
        "stackTrace": trace,
    }


def log_error(result: dict[str, Any]) -> None:
    """The ``[ERROR]`` record: one log event whose lines are joined by carriage returns and
    whose indentation is kept with no-break spaces, as Lambda's runtime writes it."""
    lines = [f"[ERROR] {result['errorType']}: {result['errorMessage']}".rstrip(": ")]
    lines.append("Traceback (most recent call last):")
    for element in result["stackTrace"]:
        for line in element.splitlines():
            stripped = line.lstrip(" ")
            lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


class Runtime:
    """Answers invocations with one handler, loading it on first use as Lambda's init does."""

    def __init__(self, handler_spec: str, clock: FollowingClock) -> None:
        self._spec = handler_spec
        self._handler: Handler | None = None
        self._clock = clock
        self.request_id = ""

    def invoke(self, header: dict[str, Any], body: bytes) -> tuple[bool, bytes]:
        """(succeeded, payload) for one invocation."""
        self.request_id = header["request_id"]
        self._clock.follow(header["now"])
        try:
            handler = self._load()
            event = _unmarshal(body)
            context = LambdaContext(header, self._clock.now)
            return True, _marshal(handler(event, context))
        except Exception as exc:  # the handler's failure is the invocation's result
            in_init = isinstance(exc, Fault) and self._handler is None
            result = error_result(exc, "" if in_init else header["request_id"])
            log_error(result)
            return False, json.dumps(result).encode()

    def init(self) -> None:
        """Lambda's init phase: load the handler before the first event. A failure is logged
        now and again when an invocation retries the load, as Lambda retries a failed init."""
        try:
            self._load()
        except Exception as exc:
            log_error(error_result(exc, ""))

    def _load(self) -> Handler:
        if self._handler is None:
            self._handler = load_handler(self._spec)
        return self._handler


def _unmarshal(body: bytes) -> Any:
    try:
        return json.loads(body) if body else {}
    except ValueError as exc:
        raise Fault("UnmarshalError", f"Unable to unmarshal input: {exc}") from None


def _marshal(result: Any) -> bytes:
    if isinstance(result, bytes):
        return result
    try:
        return json.dumps(result).encode()
    except (TypeError, ValueError) as exc:
        raise Fault("MarshalError", f"Unable to marshal response: {exc}") from None


def _setup_logging(runtime: Runtime) -> None:
    logging.Formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stdout)
    handler.terminator = ""
    handler.setFormatter(logging.Formatter(_LOG_FORMAT, "%Y-%m-%dT%H:%M:%S"))

    class _RequestId(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.aws_request_id = runtime.request_id
            return True

    handler.addFilter(_RequestId())
    logging.getLogger().addHandler(handler)


def serve(
    invoke_fd: int, reply_fd: int, runtime: Runtime, after: Callable[[], None] = lambda: None
) -> None:
    """Initialize, say so, then answer invocations until the parent closes the pipe;
    ``after`` runs once an invocation is done (writing what IAM decided during it)."""
    runtime.init()
    sys.stdout.flush()
    write_frame(reply_fd, {"ready": True})
    while True:
        try:
            frame = read_frame(invoke_fd)
        except ChannelClosed:
            return
        assert frame is not None
        ok, payload = runtime.invoke(*frame)
        after()
        sys.stdout.flush()
        sys.stderr.flush()
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        write_frame(reply_fd, {"ok": ok, "max_memory_kib": peak_kib}, payload)


def main() -> None:
    settings = json.loads(os.environ.pop(WORKER_VARIABLE))
    sys.path[:0] = settings["path"]
    os.chdir(settings["task_root"])
    from fourbeat.cloud import Cloud  # after the path is set: the handler's imports come first

    clock = FollowingClock()
    runtime = Runtime(os.environ["_HANDLER"], clock)
    _setup_logging(runtime)
    cloud = Cloud(
        settings["data_dir"],
        clock=clock,
        account=settings["account"],
        region=os.environ["AWS_REGION"],
        engine=False,
    )
    journal = cloud.authorizer.journal
    with cloud:
        serve(
            settings["invoke_fd"],
            settings["reply_fd"],
            runtime,
            journal.flush if journal else _nothing,
        )


def _nothing() -> None:
    return None


if __name__ == "__main__":
    main()
