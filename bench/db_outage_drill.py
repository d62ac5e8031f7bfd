#!/usr/bin/env python3
"""The database outage drill: writers keep creating posts while the PostgreSQL server is
stopped and started again; then every answer is checked. See BENCHMARKS.md.

  bench/db_outage_drill.py [--writers N] [--outage S] [--cluster VERSION/main] URL DATABASE

URL is a running service (e.g. http://127.0.0.1:8000) whose database is DATABASE (a psql
connection string, e.g. postgresql://postgres@127.0.0.1/benchapp) on the local cluster that
this script stops and starts with pg_ctlcluster (run it as root, on a machine used for
nothing else: every client of that server loses it for the outage).

Passes (exit 0) when: every answer was 201 or 503; every 503 was problem+json with
Retry-After; no request took 5 s or more; readiness went DOWN during the outage and UP after;
writes succeeded again after the restart; and every post acknowledged with 201 is in the
database with its text. Python 3 standard library only.
"""

import argparse
import glob
import os
import secrets
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchctl  # noqa: E402  (the HTTP calls shared by bench/ and bin/)

PASSWORD = "drill-password-12345"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("database")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--before", type=float, default=5, help="seconds of writes before the stop")
    parser.add_argument("--outage", type=float, default=10, help="seconds the server stays stopped")
    parser.add_argument("--after", type=float, default=15, help="seconds of writes after the start")
    parser.add_argument("--cluster", default=None, help="VERSION/main for pg_ctlcluster (default: the one installed)")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    cluster = args.cluster or (os.path.basename(sorted(glob.glob("/etc/postgresql/*"))[-1]) + "/main")
    version, name = cluster.split("/")

    user = "drill-" + secrets.token_hex(4)
    answer = benchctl.register(url, user, PASSWORD, email=user + "@drill.example.com", timeout=30)
    if answer.status != 201:
        sys.exit(f"registering {user} failed: {answer.status} {answer.body[:200]}")
    answer = benchctl.login(url, user, PASSWORD, timeout=30)
    if answer.status != 200:
        sys.exit(f"login failed: {answer.status} {answer.body[:200]}")
    token = answer.json()["access_token"]

    results = []  # (writer, seq, started_at, status, seconds, headers, body, text)
    readiness = []  # (at, status)
    lock = threading.Lock()
    stop = threading.Event()
    t0 = time.monotonic()

    def writer(index):
        seq = 0
        while not stop.is_set():
            text = f"drill {user} writer {index} post {seq}"
            started = time.monotonic() - t0
            status, resp_headers, answer, seconds = benchctl.request(
                "POST", url + "/posts", json_body={"post_data": text}, token=token, timeout=30)
            with lock:
                results.append((index, seq, started, status, seconds, resp_headers, answer, text))
            seq += 1
            if status != 201:
                time.sleep(0.2)

    def watch_readiness():
        while not stop.is_set():
            status = benchctl.request("GET", url + "/actuator/health/readiness", timeout=10).status
            readiness.append((time.monotonic() - t0, status))
            time.sleep(0.5)

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(args.writers)]
    threads.append(threading.Thread(target=watch_readiness, daemon=True))
    for thread in threads:
        thread.start()
    print(f"== db_outage_drill {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}: {args.writers} writers "
          f"against {url}; cluster {cluster} stopped after {args.before} s for {args.outage} s")
    time.sleep(args.before)
    stopped_at = time.monotonic() - t0
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "stop", "-m", "fast"], check=True)
    print(f"   {stopped_at:6.1f} s  PostgreSQL stopped")
    time.sleep(args.outage)
    started_at = time.monotonic() - t0
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"], check=True)
    print(f"   {started_at:6.1f} s  PostgreSQL started")
    time.sleep(args.after)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    failures = []
    statuses = {}
    for _, _, _, status, _, _, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"   answers: {dict(sorted(statuses.items(), key=lambda kv: str(kv[0])))}")
    unexpected = [r for r in results if r[3] not in (201, 503)]
    if unexpected:
        failures.append(f"{len(unexpected)} answers neither 201 nor 503, e.g. {unexpected[0][3]} "
                        f"{unexpected[0][6][:200]!r}")
    for r in results:
        if r[3] == 503:
            content_type = next((v for k, v in r[5].items() if k.lower() == "content-type"), "")
            retry_after = next((v for k, v in r[5].items() if k.lower() == "retry-after"), None)
            if "application/problem+json" not in content_type or not retry_after:
                failures.append(f"a 503 without problem+json and Retry-After: {r[5]}")
                break
    slowest = max(results, key=lambda r: r[4])
    print(f"   slowest answer: {slowest[4]:.2f} s ({slowest[3]}); during the outage: "
          f"{max((r[4] for r in results if stopped_at <= r[2] <= started_at), default=0):.2f} s")
    if slowest[4] >= 5:
        failures.append(f"a request took {slowest[4]:.1f} s (status {slowest[3]})")

    down = [at for at, status in readiness if stopped_at <= at <= started_at and status == 503]
    up_after = [at for at, status in readiness if at > started_at and status == 200]
    print(f"   readiness: DOWN from {down[0]:.1f} s" if down else "   readiness: never DOWN", end="")
    print(f", UP again at {up_after[0]:.1f} s" if up_after else ", not UP again")
    if not down:
        failures.append("readiness never reported DOWN during the outage")
    if not up_after:
        failures.append("readiness never reported UP after the restart")
    recovered = [r[2] + r[4] for r in results if r[3] == 201 and r[2] > started_at]
    if recovered:
        print(f"   first write acknowledged after the start: {min(recovered) - started_at:.1f} s after it")
    else:
        failures.append("no write succeeded after the restart")

    acknowledged = {r[7] for r in results if r[3] == 201}
    query = f"select post_data from posts where user_id = '{user}'"
    stored = subprocess.run(["psql", args.database, "-qAt", "-c", query], capture_output=True, text=True, check=True)
    stored_texts = set(stored.stdout.splitlines())
    lost = acknowledged - stored_texts
    print(f"   acknowledged writes: {len(acknowledged)}; found in the database: {len(acknowledged & stored_texts)}; "
          f"lost: {len(lost)}; stored though answered 503: {len(stored_texts - acknowledged)}")
    if lost:
        failures.append(f"{len(lost)} acknowledged posts are missing, e.g. {sorted(lost)[0]!r}")

    if failures:
        print("FAILED:\n  - " + "\n  - ".join(failures))
        sys.exit(1)
    print("PASSED: only 201 and 503, no answer after 5 s or more, readiness DOWN then UP, nothing acknowledged lost")


if __name__ == "__main__":
    main()
