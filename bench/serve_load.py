"""Load and abuse of `slant serve`: concurrent clients analysing real articles, then bodies the
service must refuse (50 MB, malformed JSON, a binary upload) and a check that it still serves.

    python bench/serve_load.py                           # starts slant serve, 20 clients, 100 requests
    python bench/serve_load.py --clients 20 --requests 200 --language all
    python bench/serve_load.py --url http://127.0.0.1:8000  # a service already running

Articles: examples/*.txt, ../shared/examples/*.txt and the SemEval-2023 articles of our dev split
(read from ../shared/data/semeval2023 at run time), sent in turn as {"text": ...}. Every answer
must be an analysis document (kind slant.analysis) whose text is the article's: anything else
counts as an error. Reports the time to ready (when it starts the service), throughput,
p50/p95/max latency and errors, on stdout and, with --json, in a file.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FOLDERS = {"en": "en", "fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}


def articles(language: str, limit: int) -> list[tuple[str, str]]:
    """(name, text) of the example files and of up to ``limit`` dev-split SemEval articles."""
    found = [(path.name, path.read_text(encoding="utf-8"))
             for folder in (REPO / "examples", SHARED / "examples") for path in sorted(folder.glob("*.txt"))]
    sys.path.insert(0, str(REPO / "src"))
    from slant.training.data import is_dev

    languages = list(FOLDERS) if language == "all" else [language]
    dev = []
    for code in languages:
        folder = SHARED / "data" / "semeval2023" / FOLDERS[code] / "train-articles-subtask-3"
        dev += [path for path in sorted(folder.glob("article*.txt")) if is_dev(path.stem.removeprefix("article"))]
    found += [(f"{path.parent.parent.name}/{path.name}", path.read_text(encoding="utf-8")) for path in dev[:limit]]
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_service(db: Path, log: Path) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "slant.cli", "serve", "--port", str(port), "--db", str(db)],
                               env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    while True:
        if process.poll() is not None:
            raise SystemExit(f"slant serve stopped ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return process, url, time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.perf_counter() - started > 600:
                process.kill()
                raise SystemExit("slant serve was not ready in 10 minutes") from None
            time.sleep(0.25)


def analyse(url: str, name: str, text: str) -> tuple[float, str | None, int]:
    """(seconds, error or None, findings) of one POST /api/v1/analyze."""
    body = json.dumps({"text": text}).encode("utf-8")
    request = urllib.request.Request(url + "/api/v1/analyze", data=body, method="POST",
                                     headers={"content-type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            document = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return time.perf_counter() - started, f"{name}: HTTP {exc.code} {exc.read()[:200]!r}", 0
    except (OSError, ValueError) as exc:
        return time.perf_counter() - started, f"{name}: {type(exc).__name__}: {exc}", 0
    elapsed = time.perf_counter() - started
    if document.get("kind") != "slant.analysis" or not isinstance(document.get("findings"), list):
        return elapsed, f"{name}: the answer is not an analysis document", 0
    return elapsed, None, len(document["findings"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def load(url: str, texts: list[tuple[str, str]], clients: int, requests: int) -> dict:
    jobs = [texts[i % len(texts)] for i in range(requests)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda job: analyse(url, *job), jobs))
    wall = time.perf_counter() - started
    latencies = [seconds for seconds, error, _ in results if error is None]
    errors = [error for _, error, _ in results if error is not None]
    return {
        "clients": clients, "requests": requests, "answered": len(results), "ok": len(latencies),
        "errors": len(errors), "error_examples": errors[:5], "seconds": round(wall, 2),
        "throughput_per_s": round(len(latencies) / wall, 3),
        "latency_p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "latency_p95_s": round(percentile(latencies, 0.95), 2) if latencies else None,
        "latency_max_s": round(max(latencies), 2) if latencies else None,
        "findings": sum(count for *_, count in results),
        "characters": sum(len(text) for _, text in jobs),
    }


def raw_request(url: str, path: str, headers: dict[str, str], body: bytes | None = None,
                declared_length: int | None = None) -> int:
    """The status of a request sent by hand: a declared Content-Length with no body sent, or a body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("POST", path)
    for key, value in headers.items():
        connection.putheader(key, value)
    if declared_length is not None:
        connection.putheader("Content-Length", str(declared_length))
    elif body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    if body is not None:
        # the service may answer and close before the body is all sent
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.send(body)
    status = connection.getresponse().status
    connection.close()
    return status


def streamed_request(url: str, size: int) -> int:
    """POST ``size`` bytes chunked (no Content-Length): the limit must count what arrives."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    chunk = b"x" * (1 << 20)

    def chunks():
        for _ in range(size // len(chunk)):
            yield chunk

    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.request("POST", "/api/v1/analyze", body=chunks(), headers={"content-type": "text/plain"},
                           encode_chunked=True)
    status = connection.getresponse().status
    connection.close()
    return status


def abuse(url: str) -> dict:
    fifty_mb = 50 * 1000 * 1000
    results = {
        "50 MB declared (Content-Length)": raw_request(url, "/api/v1/analyze", {"content-type": "application/json"},
                                                       declared_length=fifty_mb),
        "50 MB sent": raw_request(url, "/api/v1/analyze", {"content-type": "text/plain"}, body=b"y" * fifty_mb),
        "50 MB chunked": streamed_request(url, fifty_mb),
        "malformed JSON": raw_request(url, "/api/v1/analyze", {"content-type": "application/json"},
                                      body=b'{"text": "unterminated'),
    }
    boundary = "slantbench"
    upload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\n"
              "Content-Type: image/png\r\n\r\n").encode() + b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64 + \
        f"\r\n--{boundary}--\r\n".encode()
    results["binary upload"] = raw_request(url, "/api/v1/analyze",
                                           {"content-type": f"multipart/form-data; boundary={boundary}"}, body=upload)
    _, error, findings = analyse(url, "after the abuse", (REPO / "examples" / "port-city-unrest.txt").read_text())
    results["still serving"] = "yes" if error is None else error
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running service (default: start slant serve on a free port)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--language", default="en", help="dev-split language, or 'all' (default en)")
    parser.add_argument("--limit", type=int, default=40, help="dev-split articles used (default 40)")
    parser.add_argument("--no-abuse", action="store_true", help="skip the bodies the service must refuse")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    texts = articles(args.language, args.limit)
    results: dict = {"cpu_count": os.cpu_count(), "distinct_articles": len(texts)}
    process = None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            if args.url:
                url = args.url.rstrip("/")
            else:
                process, url, ready = start_service(Path(tmp) / "corpus.db", Path(tmp) / "serve.log")
                results["ready_s"] = round(ready, 1)
                print(f"slant serve ready in {ready:.1f} s at {url}")
            analyse(url, "warm-up", texts[0][1])  # one request first: connection set-up is not load
            results["load"] = load(url, texts, args.clients, args.requests)
            figures = results["load"]
            print(f"{figures['requests']} requests of {len(texts)} articles from {args.clients} clients: "
                  f"{figures['ok']} ok, {figures['errors']} errors in {figures['seconds']} s -> "
                  f"{figures['throughput_per_s']} requests/s; latency p50 {figures['latency_p50_s']} s, "
                  f"p95 {figures['latency_p95_s']} s, max {figures['latency_max_s']} s")
            for example in figures["error_examples"]:
                print("  error:", example)
            if not args.no_abuse:
                results["abuse"] = abuse(url)
                for name, status in results["abuse"].items():
                    print(f"{name}: {status}")
        finally:
            if process is not None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
