#!/usr/bin/env python3
"""Graceful shutdown, shown: starts the service (java -jar with the Dockerfile's JVM
settings, or with --launch as the image starts it: bench/launch.sh), puts slow requests
in flight (logins: bcrypt, cost 12, on one hashing thread per core, so a burst of them
queues for seconds), sends SIGTERM, and watches from outside:

  - readiness reports DOWN (503, OUT_OF_SERVICE) or refuses before the API port closes;
  - every request in flight completes with its normal answer (200 and a token);
  - new connections to the API port are refused from then on;
  - the process ends on its own, graceful shutdown complete, well before any SIGKILL.

  bench/graceful_shutdown.py --datasource-url jdbc:postgresql://127.0.0.1:5432/DB \\
      [--datasource-username postgres] [--port 8890] [--management-port 8891 | --same-port]
      [--logins 24] [--jar target/posts-api-0.1.0-SNAPSHOT.jar] [--launch]

With --management-port (as in docker-compose.yml) readiness is asked on its own port,
which Spring Boot closes only after the API port has drained: it answers 503 meanwhile.
With --same-port (the default single-process run) readiness shares the API port and is
refused once that port closes. The service's log (with the availability state changes)
is kept in a temporary file, named at the end. Exit status 0 when every check passes.
Python 3 standard library only.
"""

import argparse
import base64
import glob
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchctl  # noqa: E402  (the HTTP calls and readiness waiting shared by bench/ and bin/)

PASSWORD = "graceful-password-123"
T0 = time.monotonic()


def now():
    return time.monotonic() - T0


def port_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasource-url", required=True)
    parser.add_argument("--datasource-username", default="postgres")
    parser.add_argument("--datasource-password", default="")
    parser.add_argument("--port", type=int, default=8890)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--management-port", type=int, default=8891)
    group.add_argument("--same-port", action="store_true", help="no management port: readiness on the API port")
    parser.add_argument("--logins", type=int, default=24, help="logins in flight at SIGTERM")
    parser.add_argument("--jar", default=None)
    parser.add_argument("--launch", action="store_true",
                        help="start it with bench/launch.sh: extracted, with the AOT cache (trained on first use)")
    parser.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                        if os.environ.get("JAVA_HOME") else "java", help="default: $JAVA_HOME/bin/java")
    args = parser.parse_args()

    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    jar = args.jar or next(iter(sorted(glob.glob(os.path.join(root, "target", "posts-api-*.jar")))), None)
    if not jar:
        sys.exit("no jar: ./mvnw package -DskipTests first, or --jar")
    management = None if args.same_port else args.management_port
    api = f"http://127.0.0.1:{args.port}"
    readiness = f"http://127.0.0.1:{management or args.port}/actuator/health/readiness"
    for port in filter(None, (args.port, management)):
        if port_accepts(port):
            sys.exit(f"something already listens on {port}")

    env = dict(os.environ, SERVER_PORT=str(args.port), SPRING_DATASOURCE_URL=args.datasource_url,
               SPRING_DATASOURCE_USERNAME=args.datasource_username,
               SPRING_DATASOURCE_PASSWORD=args.datasource_password,
               AUTH_JWT_SECRET=env_secret(),
               # the availability state changes, with their times
               LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_BOOT_AVAILABILITY="debug")
    env.pop("LOGGING_STRUCTURED_FORMAT_CONSOLE", None)  # the log is read as text
    env.pop("MANAGEMENT_SERVER_PORT", None)
    if management:
        env["MANAGEMENT_SERVER_PORT"] = str(management)
    log = tempfile.NamedTemporaryFile(prefix="graceful-shutdown-", suffix=".log", delete=False)
    if args.launch:
        launch = os.path.join(root, "bench", "launch.sh")
        if os.path.dirname(args.java):
            env["JAVA_HOME"] = os.path.dirname(os.path.dirname(args.java))
        # extract and train first (once per jar), on a port of its own and without the
        # management port, so that nothing answers on the watched ports but the service
        training = {k: v for k, v in env.items() if k != "MANAGEMENT_SERVER_PORT"}
        training.setdefault("AOT_TRAINING_PORT", str(args.port + 2))
        print("preparing: bench/launch.sh --prepare (extracts the jar and trains its AOT cache the first time)")
        subprocess.run([launch, "--prepare", jar], env=training, check=True, stdout=subprocess.DEVNULL)
        command = [launch, jar]
    else:
        command = [args.java, *dockerfile_jvm_options(root), "-jar", jar]
    print(f"starting: {' '.join(command)}  (SERVER_PORT={args.port}"
          + (f", MANAGEMENT_SERVER_PORT={management}" if management else ", no management port") + ")")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        return run(args, process, api, readiness, management, log.name)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        print(f"the service's log: {log.name}")


def dockerfile_jvm_options(root):
    """The Dockerfile's ARG JVM_OPTIONS="...", as bench/launch.sh reads it."""
    with open(os.path.join(root, "Dockerfile"), encoding="utf-8") as file:
        match = re.search(r'^ARG JVM_OPTIONS="(.*)"$', file.read(), re.M)
    if not match:
        sys.exit("no ARG JVM_OPTIONS=\"...\" line in the Dockerfile")
    return match.group(1).split()


def env_secret():
    return base64.b64encode(secrets.token_bytes(32)).decode()


def run(args, process, api, readiness, management, log_name):
    if not benchctl.wait_ready(readiness, timeout=300, process=process):
        print(f"FAIL: not ready (exit {process.poll()})")
        return 1
    print(f"{now():6.2f}s ready")

    user = "graceful_" + secrets.token_hex(4)
    answer = benchctl.register(api, user, PASSWORD)
    if answer.status != 201:
        print(f"FAIL: registering: {answer.status} {answer.body[:200]}")
        return 1
    one_login = benchctl.login(api, user, PASSWORD).seconds
    print(f"{now():6.2f}s one login alone takes {one_login:.2f}s (bcrypt); {args.logins} at once queue up")

    # a connection kept alive from before the signal, used again after it
    kept = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
    kept.request("GET", "/users/me")
    kept.getresponse().read()

    stop = threading.Event()
    probes = []  # (t, what, result)
    lock = threading.Lock()

    def probe_readiness():
        while not stop.is_set():
            status = benchctl.request("GET", readiness, timeout=2).status
            with lock:
                probes.append((now(), "readiness", status if status is not None else "refused"))
            time.sleep(0.02)

    def probe_port():
        while not stop.is_set():
            accepted = port_accepts(args.port)
            with lock:
                probes.append((now(), "api-port", "accepts" if accepted else "refused"))
            time.sleep(0.02)

    results = [None] * args.logins

    def login(index):
        sent = now()
        answer = benchctl.login(api, user, PASSWORD)
        token = answer.status == 200 and "access_token" in answer.json()
        results[index] = (sent, now(), answer.status, token, answer.body[:120])

    probers = [threading.Thread(target=probe_readiness), threading.Thread(target=probe_port)]
    for thread in probers:
        thread.start()
    clients = [threading.Thread(target=login, args=(i,)) for i in range(args.logins)]
    for thread in clients:
        thread.start()
    time.sleep(0.5)  # every login accepted and waiting for its hash
    sigterm = now()
    process.send_signal(signal.SIGTERM)
    print(f"{sigterm:6.2f}s SIGTERM, {args.logins} logins in flight")

    time.sleep(0.3)
    try:
        kept.request("GET", "/users/me")
        response = kept.getresponse()
        kept_result = f"{response.status} {response.read()[:80]!r}"
    except OSError as error:
        kept_result = f"{type(error).__name__}: {error}"
    print(f"{now():6.2f}s a request on a connection kept alive from before: {kept_result}")

    try:
        exit_code = process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        exit_code = None
    exited = now()
    for thread in clients:
        thread.join(timeout=30)
    stop.set()
    for thread in probers:
        thread.join()

    print(f"{exited:6.2f}s the process ended, exit status {exit_code}")
    print()
    return report(args, sigterm, exited, exit_code, results, probes, management, log_name)


def first(probes, what, predicate, after):
    return next((t for t, w, r in probes if w == what and t >= after and predicate(r)), None)


def report(args, sigterm, exited, exit_code, results, probes, management, log_name):
    with open(log_name, encoding="utf-8", errors="replace") as file:
        log = file.read()

    def logged(pattern):
        match = re.search(r"^(\S+)\s+\S+ .*" + pattern, log, re.M)
        return match.group(1)[11:23] if match else None

    readiness_down = first(probes, "readiness", lambda r: r != 200, sigterm)
    readiness_503 = first(probes, "readiness", lambda r: r == 503, sigterm)
    port_closed = first(probes, "api-port", lambda r: r == "refused", sigterm)
    accepted_after_close = [t for t, w, r in probes if w == "api-port" and port_closed and t > port_closed
                            and r == "accepts"]
    readiness_after = sorted({str(r) for t, w, r in probes if w == "readiness" and t >= sigterm})
    completed = [r for r in results if r]
    ok = [r for r in completed if r[2] == 200 and r[3]]
    last_done = max((r[1] for r in completed), default=None)
    finished_after_close = [r for r in ok if port_closed and r[1] > port_closed]

    print("timeline (seconds after start of this script)")
    print(f"  SIGTERM                                     {sigterm:6.2f}")
    print(f"  readiness first not 200                     {fmt(readiness_down)}"
          f"  ({'503 OUT_OF_SERVICE' if readiness_503 == readiness_down else 'refused'})")
    print(f"  API port first refuses a connection         {fmt(port_closed)}")
    print(f"  last in-flight login answered               {fmt(last_done)}")
    print(f"  process ended                               {exited:6.2f}")
    print("the service's log, in its order (UTC time of day)")
    for label, pattern in (("readiness -> REFUSING_TRAFFIC", r"ReadinessState.*REFUSING_TRAFFIC"),
                           ("Tomcat: commencing graceful shutdown", r"Commencing graceful shutdown"),
                           ("Tomcat: graceful shutdown complete", r"Graceful shutdown complete"),
                           ("connection pool closed", r"Shutdown completed")):
        print(f"  {label:42}  {logged(pattern)}")
    print(f"  readiness answers seen after SIGTERM: {', '.join(readiness_after)}")
    print()

    state_first = logged(r"ReadinessState.*REFUSING_TRAFFIC")
    tomcat_first = logged(r"Commencing graceful shutdown")
    checks = [
        ("readiness went DOWN before the API port closed (the service's log)",
         state_first is not None and tomcat_first is not None and state_first <= tomcat_first
         and log.index("REFUSING_TRAFFIC") < log.index("Commencing graceful shutdown")),
        (("readiness answered 503 while in-flight requests were still running" if management else
          "readiness, on the API port, refused from when the port closed"),
         (readiness_503 is not None and last_done is not None and readiness_503 < last_done) if management
         else (readiness_down is not None and port_closed is not None and abs(readiness_down - port_closed) < 0.5)),
        (f"all {args.logins} in-flight logins completed with 200 and a token ({len(ok)} did)",
         len(ok) == args.logins),
        (f"some of them completed after the port had closed ({len(finished_after_close)} did): it drained",
         len(finished_after_close) > 0),
        ("no new connection accepted after the port closed", port_closed is not None and not accepted_after_close),
        ("graceful shutdown complete, not aborted (the service's log)",
         "Graceful shutdown complete" in log and "Graceful shutdown aborted" not in log),
        (f"the process ended by itself: exit status {exit_code} (143 = 128 + SIGTERM: how the JVM ends on "
         "SIGTERM once its shutdown hooks have run; 0 if it had exited by itself)", exit_code in (0, 143)),
    ]
    for what, passed in checks:
        print(f"{'ok  ' if passed else 'FAIL'} {what}")
    failed = [what for what, passed in checks if not passed]
    if any(r for r in completed if r not in ok):
        print("answers that were not 200 with a token:", [r[2:] for r in completed if r not in ok][:5])
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def fmt(value):
    return f"{value:6.2f}" if value is not None else "   n/a"


if __name__ == "__main__":
    sys.exit(main())
