#!/usr/bin/env python3
"""The shared Python module of bench/ and bin/ (python3 standard library only), and the
helper commands of bench/run.sh.

Imported by the other Python scripts for their HTTP calls and readiness waiting, after
putting this directory on sys.path relative to the script:

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "lib"))                  # a script in bench/
    sys.path.insert(0, os.path.join(here, "..", "bench", "lib"))   # a script in bin/
    import benchctl

  request(method, url, ...)   one HTTP call: an Answer (status None when nothing answered)
  Http(base).call(...)        one call to a base URL; retries on 429, exits if nothing answers
  register(base, ...), login(base, ...)   POST /users/ (JSON) and POST /login/ (form)
  wait_ready(url, ...)        polls a URL (e.g. /actuator/health/readiness) until 200

Subcommands (python3 bench/lib/benchctl.py COMMAND --help):
  prepare      create this run's users and posts through the API, probe which scenarios the
               target has, write a state file (JSON)
  token        log in as one of the state file's users, print the access token
  get          print one value of the state file (dotted key)
  reset-votes  remove the voter's votes on the vote posts (dir 0; 204 or 404 both fine)
  find-pid     the PID of the process listening on a TCP port (ss -ltnp)
  sample-rss   sample VmRSS of a process and its descendants until SIGTERM
  record       turn one wrk run's output (+ RSS samples) into one JSON line
  record-startup  one launched side's time from start to ready, as one JSON line
  report       print the summary table of a results.jsonl
  wrk-line     one line for a wrk run's output on stdin: req/s, p50, p99, statuses
"""

import argparse
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import NamedTuple, Optional

PASSWORD = "bench-password-12345"
CREATE_BODY = {"post_id": 0, "post_data": "benchmark post", "user_id": "x"}

# Scenarios in the order run.sh runs them; create last, because it adds rows.
SCENARIOS = ["read_one", "list_all", "feed", "vote", "login", "unauth", "create"]

# A probe answered with one of these means "the target has no such route": the scenario is
# reported as n/a for that target. Any other unexpected answer is an error (FLAGGED).
MISSING_ROUTE = {404, 405}
# The Python peer answers GET /posts/feed/ with 422: its /posts/{post_id}/ route takes "feed"
# for a post id and fails to parse it. The bare Spring stack (bench/vs-bare.sh) does the same
# with a 400.
MISSING_FEED = {400, 404, 405, 422}


# ---------------------------------------------------------------------------- HTTP


class Answer(NamedTuple):
    status: Optional[int]  # None: no answer (refused, reset, timed out)
    headers: dict
    body: bytes  # when nothing answered: why
    seconds: float

    def json(self):
        return _parse(self.body)

    def header(self, name, default=None):
        """A header's value, whatever the case of its name."""
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), default)


def request(method, url, *, body=None, json_body=None, form=None, token=None, headers=None, timeout=60):
    """One HTTP call, never raising for an HTTP or network error. body: bytes or str, sent as
    is; json_body / form: serialized, with their Content-Type; token: a bearer token."""
    headers = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body)
        headers["Content-Type"] = "application/json"
    elif form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if isinstance(body, str):
        body = body.encode()
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Answer(resp.status, dict(resp.headers), resp.read(), time.monotonic() - start)
    except urllib.error.HTTPError as err:
        return Answer(err.code, dict(err.headers), err.read(), time.monotonic() - start)
    except (urllib.error.URLError, OSError) as err:
        return Answer(None, {}, str(getattr(err, "reason", err)).encode(), time.monotonic() - start)


def register(base, user_id, password, *, email=None, **kwargs):
    """POST /users/: an Answer (201 when registered). email defaults to USER_ID@example.com."""
    user = {"user_id": user_id, "email": email or f"{user_id}@example.com", "password": password}
    return request("POST", base.rstrip("/") + "/users/", json_body=user, **kwargs)


def login(base, username, password, **kwargs):
    """POST /login/ with the password form: an Answer (200 with access_token when right)."""
    return request("POST", base.rstrip("/") + "/login/", form={"username": username, "password": password},
                   **kwargs)


def wait_ready(url, timeout=300, process=None, every=0.2):
    """Polls url until it answers 200: True then; False after timeout seconds or as soon as
    process (a subprocess.Popen) has ended."""
    deadline = time.monotonic() + timeout
    while request("GET", url, timeout=2).status != 200:
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


class Http:
    """Calls to one base URL for bench/run.sh's data: the JSON body parsed, a 429 waited out
    (Retry-After) and tried again, the script ended if nothing answers."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, *, json_body=None, form=None, token=None, retries_on_429=3):
        for attempt in range(retries_on_429 + 1):
            answer = request(method, self.base + path, json_body=json_body, form=form, token=token,
                             headers={"Accept": "application/json"})
            if answer.status is None:
                die(f"{method} {self.base}{path}: {answer.body.decode(errors='replace')}")
            if answer.status == 429 and attempt < retries_on_429:
                wait = min(int(answer.header("Retry-After") or 5), 120)
                log(f"  {method} {path}: 429 rate limited, waiting {wait} s (Retry-After)")
                time.sleep(wait)
                continue
            return answer.status, answer.json()
        raise AssertionError("unreachable")


def _parse(raw):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")[:200]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def info(msg):
    print(msg, flush=True)


def die(msg):
    log("benchctl: " + msg)
    sys.exit(1)


def access_token(http, user):
    status, body = http.call("POST", "/login/", form={"username": user["email"], "password": user["password"]})
    if status != 200 or not isinstance(body, dict) or "access_token" not in body:
        die(f"login of {user['user_id']} at {http.base}/login/ failed: {status} {body}")
    return body["access_token"]


# ---------------------------------------------------------------------------- prepare


def cmd_prepare(args):
    http = Http(args.url)
    stamp = time.strftime("%m%d%H%M%S") + secrets.token_hex(2)  # unique per run
    users = {}
    for role in ("reader", "writer", "author"):
        user_id = f"bench-{role[0]}-{stamp}"
        user = {"user_id": user_id, "email": f"{user_id}@bench.example.com", "password": PASSWORD}
        status, body = http.call("POST", "/users/", json_body=user)
        if status != 201:
            die(f"POST /users/ ({user_id}) answered {status} {body}; cannot prepare data")
        users[role] = user
    info(f"   users: {', '.join(u['user_id'] for u in users.values())} (password {PASSWORD})")

    available = {}
    reader_token = access_token(http, users["reader"])
    available["login"] = "ok"
    available["unauth"] = "ok"  # always run: its status check (401) is the test

    # the reader's posts (read_one, list_all); the first one also probes POST /posts/
    post_ids = []
    status, body = http.call("POST", "/posts/", json_body=CREATE_BODY, token=reader_token)
    if status == 201 and isinstance(body, dict) and "post_id" in body:
        post_ids.append(body["post_id"])
        for _ in range(args.posts - 1):
            status, body = http.call("POST", "/posts/", json_body=CREATE_BODY, token=reader_token)
            if status != 201:
                die(f"POST /posts/ answered {status} {body} after the first post was created")
            post_ids.append(body["post_id"])
        available["create"] = "ok"
    else:
        verdict = probe_verdict("POST /posts/", status, 201, body)
        for s in ("create", "read_one", "list_all", "vote", "feed"):
            available[s] = verdict
    read_post_id = post_ids[len(post_ids) // 2] if post_ids else None

    if post_ids:
        status, body = http.call("GET", f"/posts/{read_post_id}/", token=reader_token)
        available["read_one"] = ("ok" if status == 200
                                 else probe_verdict(f"GET /posts/{read_post_id}/", status, 200, body))
        status, body = http.call("GET", "/posts/all/", token=reader_token)
        if status == 200 and isinstance(body, list) and len(body) == args.posts:
            available["list_all"] = "ok"
        elif status == 200:
            n = len(body) if isinstance(body, list) else "?"
            available["list_all"] = f"error: GET /posts/all/ returned {n} posts, expected {args.posts}"
        else:
            available["list_all"] = probe_verdict("GET /posts/all/", status, 200, body)
        status, body = http.call("GET", "/posts/feed/", token=reader_token)
        if status == 200:
            available["feed"] = "ok"
        else:
            available["feed"] = probe_verdict("GET /posts/feed/", status, 200, body, missing=MISSING_FEED)

    # the author's posts: one per vote connection, voted on by the reader
    vote_post_ids = []
    if post_ids and args.vote_posts > 0:
        author_token = access_token(http, users["author"])
        status, body = http.call("POST", "/posts/", json_body=CREATE_BODY, token=author_token)
        if status != 201:
            die(f"POST /posts/ as the author answered {status} {body}")
        first = body["post_id"]
        s1, b1 = http.call("POST", "/vote/", json_body={"post_id": first, "dir": 1}, token=reader_token)
        if s1 == 201:
            s0, b0 = http.call("POST", "/vote/", json_body={"post_id": first, "dir": 0}, token=reader_token)
            available["vote"] = "ok" if s0 == 204 else probe_verdict("POST /vote/ dir 0", s0, 204, b0)
        else:
            available["vote"] = probe_verdict("POST /vote/ dir 1", s1, 201, b1)
        if available["vote"] == "ok":
            vote_post_ids.append(first)
            for _ in range(args.vote_posts - 1):
                status, body = http.call("POST", "/posts/", json_body=CREATE_BODY, token=author_token)
                if status != 201:
                    die(f"POST /posts/ as the author answered {status} {body}")
                vote_post_ids.append(body["post_id"])

    state = {
        "url": http.base,
        "users": users,
        "posts": post_ids,
        "read_post_id": read_post_id,
        "vote_post_ids": vote_post_ids,
        "vote_post_csv": ",".join(str(i) for i in vote_post_ids),
        "login_form": urllib.parse.urlencode({"username": users["reader"]["email"], "password": PASSWORD}),
        "available": {s: available.get(s, "n/a") for s in SCENARIOS},
    }
    with open(args.state, "w") as f:
        json.dump(state, f, indent=2)
    for s in SCENARIOS:
        info(f"   {s:9} {state['available'][s]}")


def probe_verdict(what, status, wanted, body=None, missing=MISSING_ROUTE):
    """n/a when the answer says the route does not exist, error (FLAGGED) otherwise; the
    answer's detail is quoted so that a missing route and a bug can be told apart."""
    detail = ""
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        detail = f": {body['detail'][:80]}"
    if status in missing:
        return f"n/a: {what} -> {status}{detail} (route missing)"
    return f"error: {what} -> {status}{detail}, expected {wanted}"


# ---------------------------------------------------------------------------- small commands


def load_state(path):
    with open(path) as f:
        return json.load(f)


def cmd_token(args):
    state = load_state(args.state)
    print(access_token(Http(state["url"]), state["users"][args.role]))


def cmd_get(args):
    value = load_state(args.state)
    for part in args.key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    print("" if value is None else value)


def cmd_reset_votes(args):
    state = load_state(args.state)
    http = Http(state["url"])
    token = os.environ.get("BENCH_TOKEN") or access_token(http, state["users"]["reader"])
    bad = []
    for post_id in state["vote_post_ids"]:
        status, body = http.call("POST", "/vote/", json_body={"post_id": post_id, "dir": 0}, token=token)
        if status not in (204, 404):
            bad.append(f"{post_id}: {status}")
    if bad:
        die("removing votes failed: " + ", ".join(bad[:5]))


def cmd_find_pid(args):
    try:
        out = subprocess.run(["ss", "-ltnpH", f"sport = :{args.port}"], capture_output=True, text=True,
                             check=False).stdout
    except FileNotFoundError:
        return
    pids = {int(p) for p in re.findall(r"pid=(\d+)", out)}
    # several processes share the socket with multi-process servers (uvicorn/gunicorn
    # --workers N): report the one whose parent is not among them, i.e. the master
    roots = sorted(p for p in pids if _ppid(p) not in pids)
    if roots:
        print(roots[0])


def _ppid(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _tree(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _ppid(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    result, todo = [], [root]
    while todo:
        pid = todo.pop()
        result.append(pid)
        todo.extend(children.get(pid, []))
    return result


def _rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmd_sample_rss(args):
    """Sum of VmRSS (KiB) over the process and its descendants, one line per sample."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    pids = _tree(args.pid)
    next_tree = time.monotonic() + 5
    with open(args.out, "w") as out:
        while not stop:
            if time.monotonic() > next_tree:  # workers may be restarted
                pids, next_tree = _tree(args.pid), time.monotonic() + 5
            total = sum(_rss_kib(p) for p in pids)
            if total:
                out.write(f"{total}\n")
                out.flush()
            time.sleep(args.interval)


def _cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        return 0


def cmd_cpu_seconds(args):
    """Prints the CPU seconds (user + system) the process and its descendants have used so far:
    read before and after a measured run, the difference over its requests is the side's CPU
    per request: how much of a difference in requests/s is the side's own work."""
    hz = os.sysconf("SC_CLK_TCK")
    print(f"{sum(_cpu_ticks(p) for p in _tree(args.pid)) / hz:.2f}")


def cmd_settle(args):
    """Waits until the processes (and their descendants) together use less than --below of one
    core over a second, at most --timeout seconds; prints the seconds waited, and exits 3 if
    they were still busy then. A side keeps working after wrk stops (queued logins still hash
    their passwords), and that work would otherwise land in the next side's run."""
    hz = os.sysconf("SC_CLK_TCK")
    start = time.monotonic()
    trees = [p for root in args.pid for p in _tree(root)]
    before = sum(_cpu_ticks(p) for p in trees)
    while True:
        time.sleep(1)
        after = sum(_cpu_ticks(p) for p in trees)
        idle = (after - before) / hz < args.below
        before = after
        if idle or time.monotonic() - start >= args.timeout:
            break
    print(f"{time.monotonic() - start:.0f}")
    if not idle:
        sys.exit(3)


# ---------------------------------------------------------------------------- record / report


def cmd_record(args):
    rec = {"round": args.round, "side": args.side, "label": args.label, "url": args.url,
           "scenario": args.scenario, "connections": args.connections, "wrk_threads": args.threads,
           "duration_s": args.duration, "loadavg_before": args.loadavg}
    if args.status != "ok":
        rec["status"] = args.status
    else:
        with open(args.wrk_output) as f:
            result = wrk_result(f)
        if result is None:
            rec["status"] = f"error: wrk printed no result (exit {args.wrk_exit}), see {args.wrk_output}"
        else:
            e = result["errors"]
            socket_errors = e["connect"] + e["read"] + e["write"] + e["timeout"]
            seconds = result["duration_us"] / 1e6
            rec.update({
                "status": "ok",
                "requests": result["requests"],
                "rps": result["requests"] / seconds if seconds else 0.0,
                "p50_ms": result["latency_us"]["p50"] / 1000.0,
                "p99_ms": result["latency_us"]["p99"] / 1000.0,
                "max_ms": result["latency_us"]["max"] / 1000.0,
                "statuses": result["statuses"],
                "expected": result["expected"],
                "unexpected": result["unexpected"],
                "socket_errors": socket_errors,
                "errors": e,
                "wrk_exit": args.wrk_exit,
            })
            rec["flagged"] = bool(result["unexpected"] or socket_errors or args.wrk_exit != 0
                                  or result["counted"] != result["requests"])
    if rec["status"] == "ok" and args.cpu_before is not None and args.cpu_after is not None and rec["requests"]:
        rec["cpu_us_per_request"] = (args.cpu_after - args.cpu_before) * 1e6 / rec["requests"]
    samples = []
    if args.rss_file and os.path.exists(args.rss_file):
        with open(args.rss_file) as f:
            samples = [int(x) for x in f.read().split()]
    if samples:
        rec["rss_mib"] = {"median": statistics.median(samples) / 1024, "max": max(samples) / 1024,
                          "samples": len(samples)}
        rec["rss_samples_kib"] = samples
    line = json.dumps(rec)
    with open(args.results, "a") as f:
        f.write(line + "\n")
    print(describe(rec))


def wrk_result(lines):
    """The summary that bench/lua/common.lua prints (the last BENCH_RESULT line), or None."""
    result = None
    for line in lines:
        if line.startswith("BENCH_RESULT "):
            result = json.loads(line[len("BENCH_RESULT "):])
    return result


def cmd_wrk_line(args):
    r = wrk_result(sys.stdin)
    if r is None:
        die(f"{args.label}: wrk printed no result")
    rps = r["requests"] / (r["duration_us"] / 1e6)
    lat = r["latency_us"]
    print("%-34s %10.1f req/s  p50 %8.1f ms  p99 %8.1f ms  statuses %s"
          % (args.label, rps, lat["p50"] / 1000, lat["p99"] / 1000, r["statuses"]))


def cmd_record_startup(args):
    rec = {"kind": "startup", "side": args.side, "label": args.label, "url": args.url,
           "ready_ms": args.ready_ms, "ready_path": args.ready_path, "ready_status": args.ready_status}
    with open(args.results, "a") as f:
        f.write(json.dumps(rec) + "\n")


def describe(rec):
    head = f"[round {rec['round']}] {rec['label']:>8} {rec['scenario']:9}"
    if rec["status"] != "ok":
        return f"{head} {rec['status']}"
    text = (f"{head} {rec['rps']:9.1f} req/s  p50 {rec['p50_ms']:8.2f} ms  p99 {rec['p99_ms']:8.2f} ms"
            f"  unexpected {rec['unexpected']}  socket errors {rec['socket_errors']}")
    if "cpu_us_per_request" in rec:
        text += f"  CPU {rec['cpu_us_per_request']:.0f} us/req"
    if "rss_mib" in rec:
        text += f"  RSS max {rec['rss_mib']['max']:.0f} MiB"
    if rec["flagged"]:
        text += "  <<< FLAGGED: " + flag_reason(rec)
    return text


def flag_reason(rec):
    reasons = []
    if rec["unexpected"]:
        wanted = set(str(c) for c in rec["expected"])
        bad = {k: v for k, v in rec["statuses"].items() if k not in wanted}
        reasons.append("unexpected statuses " + ", ".join(f"{k} x{v}" for k, v in sorted(bad.items())))
    if rec["socket_errors"]:
        e = rec["errors"]
        reasons.append("socket errors " + ", ".join(f"{k} {e[k]}" for k in ("connect", "read", "write", "timeout") if e[k]))
    if rec.get("wrk_exit"):
        reasons.append(f"wrk exit {rec['wrk_exit']}")
    if not reasons:
        reasons.append("status count does not match request count")
    return "; ".join(reasons)


def cmd_report(args):
    recs, startups = [], []
    with open(args.results) as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                (startups if rec.get("kind") == "startup" else recs).append(rec)
    if not recs:
        die("no results")
    sides = []
    for r in recs:
        if (r["side"], r["label"]) not in sides:
            sides.append((r["side"], r["label"]))
    scenarios = [s for s in SCENARIOS if any(r["scenario"] == s for r in recs)]
    first = next((r for r in recs if r["round"] >= 1), recs[0])
    rounds = max(r["round"] for r in recs)
    print()
    print(f"Summary: {rounds} round(s), {first['duration_s']} s per run, {first['connections']} connections"
          f" (wrk threads {first['wrk_threads']}; vote: one thread per connection);"
          " req/s, p50 and p99 are medians over the rounds")
    any_flag = False

    def cell(side, scenario):
        runs = [r for r in recs if r["side"] == side and r["scenario"] == scenario]
        ok = [r for r in runs if r["status"] == "ok"]
        other = [r["status"] for r in runs if r["status"] != "ok"]
        if not ok:
            text = other[0] if other else "not run"
            return {"text": text, "flag": text.startswith("error"), "rps": None}
        errors = [o for o in other if o.startswith("error")]
        c = {"rps": statistics.median(r["rps"] for r in ok),
             "p50": statistics.median(r["p50_ms"] for r in ok),
             "p99": statistics.median(r["p99_ms"] for r in ok),
             "unexpected": sum(r["unexpected"] for r in ok),
             "socket": sum(r["socket_errors"] for r in ok),
             "runs": len(ok),
             "flag": any(r["flagged"] for r in ok) or bool(errors),
             "why": "; ".join(sorted({flag_reason(r) for r in ok if r["flagged"]} | set(errors)))}
        return c

    if len(sides) == 1:
        side, label = sides[0]
        print(f"Target {label}: {first['url']}")
        print(f"{'scenario':9} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'unexpected':>10} {'sock err':>8}  result")
        for s in scenarios:
            c = cell(side, s)
            if c["rps"] is None:
                print(f"{s:9} {c['text']}")
                any_flag |= c["flag"]
                continue
            verdict = "FLAGGED: " + c["why"] if c["flag"] else "clean"
            any_flag |= c["flag"]
            mark = "!" if c["flag"] else " "
            print(f"{s:9} {c['rps']:9.1f}{mark} {c['p50']:9.2f} {c['p99']:9.2f} {c['unexpected']:10} {c['socket']:8}  {verdict}")
    elif len(sides) == 3:
        any_flag |= report_three(sides, scenarios, recs, cell)
    else:
        (sa, la), (sb, lb) = sides[0], sides[1]
        urls = {r["side"]: r["url"] for r in recs}
        print(f"A = {la}: {urls[sa]}")
        print(f"B = {lb}: {urls[sb]}")
        print(f"{'scenario':9} {'A req/s':>10} {'B req/s':>10} {'A/B':>7}   {'A p50/p99 ms':>17} {'B p50/p99 ms':>17}  result")
        for s in scenarios:
            a, b = cell(sa, s), cell(sb, s)

            def rps(c):
                if c["rps"] is None:
                    return f"{'ERROR' if c['flag'] else 'n/a':>10}"
                return f"{c['rps']:9.1f}!" if c["flag"] else f"{c['rps']:10.1f}"

            def lat(c):
                return f"{c['p50']:7.2f} / {c['p99']:7.2f}" if c["rps"] is not None else f"{'':>17}"

            ratio = f"{a['rps'] / b['rps']:7.2f}" if a["rps"] and b["rps"] else f"{'n/a':>7}"
            notes = []
            for name, c in (("A", a), ("B", b)):
                if c["rps"] is None:
                    notes.append(f"{name} {c['text']}")
                elif c["flag"]:
                    notes.append(f"{name} FLAGGED: {c['why']}")
            flag = a["flag"] or b["flag"]
            any_flag |= flag
            if flag and ratio.strip() != "n/a":
                ratio = ratio.strip() + "!"
                ratio = f"{ratio:>7}"
            print(f"{s:9} {rps(a)} {rps(b)} {ratio}   {lat(a)} {lat(b)}  {'; '.join(notes) if notes else 'clean'}")
    print()
    cpu_sides = [(side, label) for side, label in sides
                 if any("cpu_us_per_request" in r for r in recs if r["side"] == side)]
    if cpu_sides:
        print("CPU per request, us (each side's process tree over its measured runs, median of the rounds;"
              " the database's CPU not included)")
        print(f"{'scenario':9} " + " ".join(f"{label:>10}" for _, label in cpu_sides))
        for s in scenarios:
            row = []
            for side, _ in cpu_sides:
                values = [r["cpu_us_per_request"] for r in recs
                          if r["side"] == side and r["scenario"] == s and "cpu_us_per_request" in r]
                row.append(f"{statistics.median(values):10.0f}" if values else f"{'-':>10}")
            print(f"{s:9} " + " ".join(row))
        print()
    for st in startups:
        print(f"Start to ready of {st['label']}: {st['ready_ms'] / 1000:.1f} s"
              f" (until {st['ready_path']} answered {st.get('ready_status', 200)})")
    for side, label in sides:
        cold = [r for r in recs if r["side"] == side and r["scenario"] == "read_one_cold"]
        if not cold:
            continue
        c = cold[0]
        steady = cell(side, "read_one")
        if c["status"] != "ok":
            print(f"read_one cold on {label}: {c['status']}")
            any_flag |= c["status"].startswith("error")
            continue
        any_flag |= c["flagged"]
        share = f" = {100 * c['rps'] / steady['rps']:.0f} % of its steady read_one ({steady['rps']:.1f} req/s)" \
            if steady.get("rps") else ""
        print(f"read_one cold on {label}: {c['rps']:.1f} req/s in the first {c['duration_s']:.0f} s of load{share},"
              f" p99 {c['p99_ms']:.1f} ms{'  FLAGGED: ' + flag_reason(c) if c['flagged'] else ''}")
    for side, label in sides:
        samples = rss_samples(recs, side)
        if samples:
            print(f"RSS of {label} under load: median {statistics.median(samples) / 1024:.0f} MiB,"
                  f" max {max(samples) / 1024:.0f} MiB ({len(samples)} samples, process tree sum of VmRSS)")
        else:
            print(f"RSS of {label}: not sampled (no PID: give --pid-{side.lower()} or run it on this machine)")
    loads = [r["loadavg_before"] for r in recs if r.get("loadavg_before") is not None]
    if loads:
        print(f"1-min load average before the runs: min {min(loads):.2f}, max {max(loads):.2f}"
              " (anything else using the 2 cores skews the numbers)")
    if any_flag:
        print("\nFLAGGED: at least one run had unexpected statuses, socket errors or a failed probe;"
              " its numbers are NOT a clean result (a ratio marked ! involves such a run).")
    else:
        print("\nAll runs clean: only expected statuses, no socket errors.")
    sys.exit(3 if any_flag else 0)


def rss_samples(recs, side):
    """Every RSS sample (KiB) taken of a side during its measured runs."""
    return [x for r in recs if r["side"] == side for x in r.get("rss_samples_kib", [])]


def report_three(sides, scenarios, recs, cell):
    """The table of three sides (bench/vs-bare.sh: service, bare, original): each side's median
    req/s, A/B and A/C, then the latencies. Returns whether anything was flagged."""
    (sa, la), (sb, lb), (sc, lc) = sides
    urls = {r["side"]: r["url"] for r in recs}
    for (side, label) in sides:
        print(f"{side} = {label}: {urls[side]}")
    heads = ["scenario", f"{la} req/s", f"{lb} req/s", f"{la}/{lb}", f"{lc} req/s", f"{la}/{lc}"]
    widths = [9] + [max(10, len(h)) for h in heads[1:]]

    def rps(c, w):
        if c["rps"] is None:
            return f"{'ERROR' if c['flag'] else 'n/a':>{w}}"
        return f"{c['rps']:{w - 1}.1f}!" if c["flag"] else f"{c['rps']:{w}.1f}"

    def ratio(x, y, w):
        if not (x["rps"] and y["rps"]):
            return f"{'n/a':>{w}}"
        text = f"{x['rps'] / y['rps']:.2f}" + ("!" if x["flag"] or y["flag"] else "")
        return f"{text:>{w}}"

    print("  ".join(f"{h:{'<' if i == 0 else '>'}{w}}" for i, (h, w) in enumerate(zip(heads, widths))) + "  result")
    any_flag = False
    cells = {}
    for s in scenarios:
        a, b, c = (cell(side, s) for side, _ in sides)
        cells[s] = (a, b, c)
        notes = []
        for (side, _), x in zip(sides, (a, b, c)):
            if x["rps"] is None:
                notes.append(f"{side} {x['text']}")
            elif x["flag"]:
                notes.append(f"{side} FLAGGED: {x['why']}")
        any_flag |= a["flag"] or b["flag"] or c["flag"]
        w = widths
        print(f"{s:9}  {rps(a, w[1])}  {rps(b, w[2])}  {ratio(a, b, w[3])}  {rps(c, w[4])}  {ratio(a, c, w[5])}"
              f"  {'; '.join(notes) if notes else 'clean'}")

    def rss(side, w):
        samples = rss_samples(recs, side)
        text = f"{statistics.median(samples) / 1024:.0f} / {max(samples) / 1024:.0f}" if samples else "-"
        return f"{text:>{w}}"
    w = widths
    print(f"{'RSS MiB':9}  {rss(sa, w[1])}  {rss(sb, w[2])}  {'':>{w[3]}}  {rss(sc, w[4])}  {'':>{w[5]}}"
          "  median / max under load (all runs)")
    print()
    lw = max(17, *(len(label) for _, label in sides))
    print(f"{'p50 / p99 ms':12}  " + "  ".join(f"{label:>{lw}}" for _, label in sides))
    for s in scenarios:
        print(f"{s:12}  " + "  ".join(f"{x['p50']:7.2f} / {x['p99']:7.2f}".rjust(lw) if x["rps"] is not None
                                      else " " * lw for x in cells[s]))
    return any_flag


# ---------------------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("prepare")
    s.add_argument("--url", required=True)
    s.add_argument("--state", required=True)
    s.add_argument("--posts", type=int, default=20)
    s.add_argument("--vote-posts", type=int, default=32)
    s.set_defaults(func=cmd_prepare)

    s = sub.add_parser("token")
    s.add_argument("--state", required=True)
    s.add_argument("--role", default="reader", choices=["reader", "writer", "author"])
    s.set_defaults(func=cmd_token)

    s = sub.add_parser("get")
    s.add_argument("--state", required=True)
    s.add_argument("key")
    s.set_defaults(func=cmd_get)

    s = sub.add_parser("reset-votes")
    s.add_argument("--state", required=True)
    s.set_defaults(func=cmd_reset_votes)

    s = sub.add_parser("find-pid")
    s.add_argument("--port", required=True, type=int)
    s.set_defaults(func=cmd_find_pid)

    s = sub.add_parser("sample-rss")
    s.add_argument("--pid", required=True, type=int)
    s.add_argument("--interval", type=float, default=0.5)
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_sample_rss)

    s = sub.add_parser("settle")
    s.add_argument("--pid", required=True, type=int, action="append")
    s.add_argument("--below", type=float, default=0.1)
    s.add_argument("--timeout", type=float, default=30)
    s.set_defaults(func=cmd_settle)

    s = sub.add_parser("record")
    for name in ("results", "side", "label", "url", "scenario", "status"):
        s.add_argument("--" + name, required=True)
    s.add_argument("--round", type=int, required=True)
    s.add_argument("--connections", type=int, required=True)
    s.add_argument("--threads", type=int, required=True)
    s.add_argument("--duration", type=float, required=True)
    s.add_argument("--wrk-output")
    s.add_argument("--wrk-exit", type=int, default=0)
    s.add_argument("--rss-file")
    s.add_argument("--loadavg", type=float)
    s.add_argument("--cpu-before", type=float)
    s.add_argument("--cpu-after", type=float)
    s.set_defaults(func=cmd_record)

    s = sub.add_parser("cpu-seconds")
    s.add_argument("--pid", type=int, required=True)
    s.set_defaults(func=cmd_cpu_seconds)

    s = sub.add_parser("record-startup")
    for name in ("results", "side", "label", "url", "ready-path"):
        s.add_argument("--" + name, required=True)
    s.add_argument("--ready-ms", type=int, required=True)
    s.add_argument("--ready-status", type=int, default=200)
    s.set_defaults(func=cmd_record_startup)

    s = sub.add_parser("report")
    s.add_argument("--results", required=True)
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("wrk-line")
    s.add_argument("--label", required=True)
    s.set_defaults(func=cmd_wrk_line)

    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
