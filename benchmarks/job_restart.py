"""A large file as a job over curl, the server killed (SIGKILL) in the middle and restarted.

Generates `--rows` rows (`benchmarks/logs.py`), starts `python server.py` with
a fresh JOBS_DIR and `--chunk-size` rows per chunk, submits the file with
`curl -F file=@...` to `/jobs/`, kills the server once `--kill-at` of the rows
are done, starts it again on the same JOBS_DIR, waits for the job, and checks
that its result is byte for byte what the synchronous `POST /classify/` answers
for the same file. Prints where the job was when killed, where it resumed
(rows done at the first poll after the restart), the job's total time and the
synchronous time. The LLM tier is off (GROQ_API_KEY empty).

    python benchmarks/job_restart.py [--rows 1000000] [--chunk-size 50000] [--kill-at 0.4] [--json]
"""

import argparse
import hashlib
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO_ROOT, child_env, load_average, report  # noqa: E402
from benchmarks.logs import write_csv  # noqa: E402
from tests.conftest import free_port  # noqa: E402


def start(port: int, env: dict, log: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, str(REPO_ROOT / "server.py"), "--port", str(port)],
                               cwd=REPO_ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text()[-3000:]}")
        if subprocess.run(["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{port}/ready"]).returncode == 0:
            return process
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def curl_json(*args: str) -> dict:
    return json.loads(subprocess.run(["curl", "-sS", *args], check=True, capture_output=True).stdout)


def digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction of rows done at the kill")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "big.csv"
        write_csv(str(source), args.rows)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        size_mb = source.stat().st_size / 2**20
        env = child_env(JOBS_DIR=str(folder / "jobs"), CHUNK_SIZE=str(args.chunk_size),
                        MAX_UPLOAD_MB=str(int(size_mb) + 10), MAX_ROWS=str(args.rows), LOG_LEVEL="WARNING")
        log = folder / "server.log"

        server = start(port, env, log)
        submitted = time.perf_counter()
        job = curl_json("-F", f"file=@{source}", f"{base}/jobs/")
        while (status := curl_json(job["url"]))["rows_done"] < args.kill_at * args.rows:
            if status["state"] in ("done", "failed"):
                raise SystemExit(f"the job ended before the kill: {status}")
            time.sleep(0.2)
        server.send_signal(signal.SIGKILL)
        server.wait()
        killed_at = status["rows_done"]

        restarted = time.perf_counter()
        server = start(port, env, log)
        resumed_at = curl_json(job["url"])["rows_done"]
        while (status := curl_json(job["url"]))["state"] not in ("done", "failed"):
            time.sleep(0.5)
        job_s = time.perf_counter() - submitted
        down_s = time.perf_counter() - restarted
        subprocess.run(["curl", "-sS", "-o", str(folder / "job.csv"), f"{job['url']}/result"], check=True)

        started = time.perf_counter()
        subprocess.run(["curl", "-sS", "-o", str(folder / "sync.csv"), "-F", f"file=@{source}",
                        f"{base}/classify/"], check=True)
        sync_s = time.perf_counter() - started
        server.terminate()
        server.wait()
        identical = digest(folder / "job.csv") == digest(folder / "sync.csv")

    figures = {
        "rows": args.rows, "upload_mb": round(size_mb, 1), "chunk_size": args.chunk_size,
        "state": status["state"], "rows_done_at_kill": killed_at, "rows_done_after_restart": resumed_at,
        "job_s_including_restart": round(job_s, 1), "restart_to_done_s": round(down_s, 1),
        "sync_s": round(sync_s, 1), "result_identical_to_sync": identical, "load_average": load_average(),
    }
    report("A job across a SIGKILL and a restart", [
        ("input", f"{args.rows:,} rows, {size_mb:.1f} MB, chunks of {args.chunk_size:,}"),
        ("job state", status["state"]),
        ("rows done when killed", f"{killed_at:,} (at least; checkpoints may be further)"),
        ("rows done at the first poll after restart", f"{resumed_at:,} (kept across the kill)"),
        ("job, submit to done (kill and restart included)", f"{job_s:.1f} s"),
        ("synchronous POST /classify/ of the same file", f"{sync_s:.1f} s"),
        ("result byte-identical to the synchronous answer", str(identical)),
        ("load average", load_average()),
    ], figures, args.json)


if __name__ == "__main__":
    main()
