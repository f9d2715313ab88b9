"""One execution environment: a worker process running one function's handler, one
invocation at a time, kept warm between invocations.

The worker's stdout and stderr go to a file opened for appending; after each invocation the
parent reads what was added and empties it, so the log of an invocation is exactly what the
handler printed during it, fd-level output of native code included. The platform's own lines
(START, END, REPORT, a timeout) are the parent's, as on Lambda.

A timeout or a crash ends the worker: the next invocation starts a fresh one (a cold start).
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from fourbeat.errors import FourbeatError
from fourbeat.functions._frames import WORKER_VARIABLE, ChannelClosed, read_frame, write_frame
from fourbeat.functions._spec import FunctionSpec, Invocation, Outcome
from fourbeat.iam import Credentials

INIT_SECONDS = 10.0
"""Lambda gives a function's initialization ten seconds of its own (on-demand functions)."""
_BASE_ENVIRONMENT = ("PATH", "HOME", "LANG", "SYSTEMROOT", "TMPDIR")


class Worker:
    def __init__(self, spec: FunctionSpec, credentials: Credentials, now: float) -> None:
        self.spec = spec
        self.credentials = credentials
        self.log_stream = _log_stream_name(spec.version, now)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the worker)
        # Appending (shared with the child through the inherited file description) lets the
        # parent empty the file between invocations while the child's offset follows.
        flags = fcntl.fcntl(self._log.fileno(), fcntl.F_GETFL)
        fcntl.fcntl(self._log.fileno(), fcntl.F_SETFL, flags | os.O_APPEND)
        invoke_read, self._invoke_fd = os.pipe()
        self._reply_fd, reply_write = os.pipe()
        settings = {
            "invoke_fd": invoke_read,
            "reply_fd": reply_write,
            "data_dir": str(spec.data_dir.resolve()),
            "account": spec.account,
            "task_root": str(spec.task_root),
            "path": [str(spec.task_root), *map(str, spec.library_paths)],
        }
        self._started = time.monotonic()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "fourbeat.functions._bootstrap"],
                env={**self._environment(), WORKER_VARIABLE: json.dumps(settings)},
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                pass_fds=(invoke_read, reply_write),
                cwd=spec.task_root,
            )
        except OSError as exc:
            self._log.close()
            os.close(self._invoke_fd)
            os.close(self._reply_fd)
            raise WorkerStartError(
                f"cannot start a worker for function {spec.name}: {exc.strerror}",
                where=str(spec.task_root),
            ) from exc
        finally:
            os.close(invoke_read)
            os.close(reply_write)
        self.init_ms: float | None = None
        """How long the worker took to be ready; None until it was, then reported once."""
        self.alive = True

    def _environment(self) -> dict[str, str]:
        """Lambda's reserved variables, then the function's own.
        https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
        """
        spec, creds = self.spec, self.credentials
        env = {name: os.environ[name] for name in _BASE_ENVIRONMENT if name in os.environ}
        env.update(
            {
                "_HANDLER": spec.handler,
                "AWS_REGION": spec.region,
                "AWS_DEFAULT_REGION": spec.region,
                "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
                "AWS_LAMBDA_FUNCTION_NAME": spec.name,
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_mb),
                "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
                "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
                "AWS_LAMBDA_LOG_GROUP_NAME": spec.log_group,
                "AWS_LAMBDA_LOG_STREAM_NAME": self.log_stream,
                "AWS_ACCESS_KEY_ID": creds.access_key_id,
                "AWS_SECRET_ACCESS_KEY": creds.secret_access_key,
                "AWS_SESSION_TOKEN": creds.session_token or "",
                "LAMBDA_TASK_ROOT": str(spec.task_root),
                "LAMBDA_RUNTIME_DIR": str(spec.task_root),
                "TZ": ":UTC",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(spec.environment)
        return env

    def invoke(self, invocation: Invocation) -> Outcome:
        """Run one invocation; a worker that timed out or crashed is not alive afterwards."""
        deadline_ms = int((invocation.now + self.spec.timeout) * 1000)
        header = {
            "request_id": invocation.request_id,
            "now": invocation.now,
            "deadline_ms": deadline_ms,
            "invoked_function_arn": invocation.invoked_arn,
            "client_context": invocation.client_context,
        }
        cold = self.init_ms is None
        started = time.monotonic()
        try:
            if cold:
                self._await_ready()
                started = time.monotonic()
            write_frame(self._invoke_fd, header, invocation.payload)
            reply = read_frame(self._reply_fd, self.spec.timeout)
        except ChannelClosed:
            return self._crashed(invocation, started, cold)
        if reply is None:
            return self._timed_out(invocation, started, cold)
        meta, payload = reply
        duration = (time.monotonic() - started) * 1000
        used_mb = math.ceil(meta["max_memory_kib"] / 1024)
        log = self._platform_log(invocation.request_id, duration, used_mb, cold)
        error = None if meta["ok"] else "Unhandled"
        return Outcome(payload, error, log, duration, self._init(cold), self.log_stream)

    def _await_ready(self) -> None:
        ready = read_frame(self._reply_fd, INIT_SECONDS + self.spec.timeout)
        if ready is None:
            self._stop()
            raise ChannelClosed
        self.init_ms = (time.monotonic() - self._started) * 1000

    def _init(self, cold: bool) -> float | None:
        return self.init_ms if cold else None

    def _timed_out(self, invocation: Invocation, started: float, cold: bool) -> Outcome:
        """Lambda stops the environment: the handler gets no chance to clean up.
        https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
        used_mb = _peak_memory_mb(self._process.pid)
        self._stop()
        timeout = f"{self.spec.timeout:.2f}"
        request_id = invocation.request_id
        stamp = _timestamp(invocation.now + self.spec.timeout)
        self._append(f"{stamp} {request_id} Task timed out after {timeout} seconds\n")
        duration = (time.monotonic() - started) * 1000
        log = self._platform_log(request_id, duration, used_mb, cold, status="timeout")
        message = f"RequestId: {request_id} Error: Task timed out after {timeout} seconds"
        error = {"errorType": "Sandbox.Timedout", "errorMessage": message}
        return Outcome(
            json.dumps(error).encode(),
            "Unhandled",
            log,
            duration,
            self._init(cold),
            self.log_stream,
        )

    def _crashed(self, invocation: Invocation, started: float, cold: bool) -> Outcome:
        code = self._process.wait()
        self._stop()
        status = f"signal: {_signal_name(-code)}" if code < 0 else f"exit status {code}"
        request_id = invocation.request_id
        error = {
            "errorType": "Runtime.ExitError",
            "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: {status}",
        }
        self._append(f"{error['errorMessage']}\nRuntime.ExitError\n")
        duration = (time.monotonic() - started) * 1000
        log = self._platform_log(request_id, duration, None, cold, status="error")
        return Outcome(
            json.dumps(error).encode(),
            "Unhandled",
            log,
            duration,
            self._init(cold),
            self.log_stream,
        )

    def _append(self, text: str) -> None:
        self._log.write(text.encode())
        self._log.flush()

    def _platform_log(
        self,
        request_id: str,
        duration_ms: float,
        used_mb: int | None,
        cold: bool,
        status: str | None = None,
    ) -> str:
        """START, the function's output, END and REPORT, as one invocation's log.
        https://docs.aws.amazon.com/lambda/latest/dg/python-logging.html"""
        self._log.seek(0)
        output = self._log.read().decode(errors="replace")
        self._log.truncate(0)
        report = [
            f"REPORT RequestId: {request_id}",
            f"Duration: {duration_ms:.2f} ms",
            f"Billed Duration: {math.ceil(duration_ms)} ms",
            f"Memory Size: {self.spec.memory_mb} MB",
        ]
        if used_mb is not None:  # unknown once a crashed process is gone
            report.append(f"Max Memory Used: {used_mb} MB")
        if cold and self.init_ms is not None:
            report.append(f"Init Duration: {self.init_ms:.2f} ms")
        if status is not None:
            report.append(f"Status: {status}")
        return (
            f"START RequestId: {request_id} Version: {self.spec.version}\n"
            f"{output}"
            f"END RequestId: {request_id}\n" + "\t".join(report) + "\t\n"
        )

    def _stop(self) -> None:
        """End the process; its log stays readable until ``close``."""
        if not self.alive:
            return
        self.alive = False
        for fd in (self._invoke_fd, self._reply_fd):
            os.close(fd)
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        self._stop()
        self._log.close()


def _peak_memory_mb(pid: int) -> int | None:
    """The process's peak resident memory (VmHWM), read before it is stopped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return math.ceil(int(line.split()[1]) / 1024)
    return None


def _log_stream_name(version: str, now: float) -> str:
    day = time.strftime("%Y/%m/%d", time.gmtime(now))
    return f"{day}/[{version}]{uuid.uuid4().hex}"


def _timestamp(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch % 1 * 1000):03d}Z"


def _signal_name(number: int) -> str:
    """Go's names for signals, which Lambda's platform prints (``signal: killed``)."""
    return {9: "killed", 11: "segmentation fault", 6: "aborted", 15: "terminated"}.get(
        number, f"signal {number}"
    )


class WorkerStartError(FourbeatError):
    """A worker process could not be started."""
