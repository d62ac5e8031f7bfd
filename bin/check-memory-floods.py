#!/usr/bin/env python3
"""Floods the service, launched as the image launches it (its heap, its Tomcat), with the
requests that each hold the most heap a request may, hundreds at once, and checks that it
answers them and lives on: a page of 1,000 posts of 10,000 characters (40 MB of JSON),
connections that send half a request and wait, JSON bodies of one long string, login forms.
Before BENCHMARKS.md's "Round thirty" each of these stopped the JVM (out of heap).

    python3 bin/check-memory-floods.py http://127.0.0.1:8690

Only the standard library. It registers one account and leaves it and its posts behind;
registration must not be limited per address (AUTH_LIMITS_REGISTRATIONS_PER_ADDRESS=0).
"""
import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port or 80
POST_TEXT = "\U0001F600" * 10_000  # 10,000 characters, 40,000 bytes of UTF-8
PAGE = 1_000
CONNECTIONS = 480  # over the 400 Tomcat takes at once: the rest wait in the listen queue


def call(method, path, body=None, token=None, form=False, timeout=60):
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body).encode() if form else json.dumps(body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
    request = urllib.request.Request(BASE + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:  # no answer at all: refused, reset, closed
        return 0, repr(error).encode()


def alive(step):
    status, body = call("GET", "/actuator/health/liveness", timeout=30)
    if status != 200:
        sys.exit(f"FAIL after {step}: liveness answered {status} {body[:200]!r}")
    print(f"ok   {step}; the service lives on")


def hold(count, request_head, body, last=3, seconds=5):
    """Opens count connections, each sending all but the last bytes of a request; then
    sends the rest on each and returns the status lines (or the errors) by count."""
    sockets = []
    for _ in range(count):
        try:
            connection = socket.create_connection((HOST, PORT), timeout=60)
            connection.sendall(request_head + body[: len(body) - last])
            sockets.append(connection)
        except OSError as error:
            sys.exit(f"FAIL: could not open connection {len(sockets) + 1}: {error}")
    time.sleep(seconds)
    answers = {}
    lock = threading.Lock()

    def finish(connection):
        try:
            connection.sendall(body[len(body) - last:])
            line = connection.recv(64).split(b"\r\n")[0].decode(errors="replace")
        except OSError as error:
            line = type(error).__name__
        finally:
            connection.close()
        with lock:
            answers[line] = answers.get(line, 0) + 1

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(finish, sockets))
    return answers


def head(method, path, content_type, length):
    return (f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n").encode()


def main():
    alive("start")
    user = f"floods{int(time.time() * 1000) % 10**9}"
    password = "correct horse battery"
    status, body = call("POST", "/users", {"user_id": user, "email": f"{user}@example.com", "password": password})
    if status != 201:
        sys.exit(f"FAIL: registration answered {status} {body[:200]!r}")
    status, body = call("POST", "/login", {"username": user, "password": password}, form=True)
    if status != 200:
        sys.exit(f"FAIL: login answered {status} {body[:200]!r}")
    token = json.loads(body)["access_token"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(lambda _: call("POST", "/posts", {"post_data": POST_TEXT}, token)[0], range(PAGE)))
    if created.count(201) != PAGE:
        sys.exit(f"FAIL: creating {PAGE} posts answered {sorted(set(created))}")
    print(f"ok   {PAGE} posts of 10,000 characters made")

    def page(_):
        status, body = call("GET", f"/posts/all?limit={PAGE}", token=token, timeout=120)
        if status != 200:
            return f"{status}"
        posts = json.loads(body)
        return "complete" if len(posts) == PAGE and all(p["post_data"] == POST_TEXT for p in posts) else "incomplete"

    with ThreadPoolExecutor(max_workers=24) as pool:
        pages = list(pool.map(page, range(24)))
    if pages != ["complete"] * 24:
        sys.exit(f"FAIL: 24 pages of {PAGE} such posts at once: {pages}")
    print(f"ok   24 pages of {PAGE} posts each (40 MB of JSON) at once, every one complete")
    alive("the pages")

    answers = hold(CONNECTIONS, b"", f"GET /posts/all?limit={PAGE} HTTP/1.1\r\nHost: {HOST}\r\n"
                   f"Authorization: Bearer {token}\r\nConnection: close\r\n\r\n".encode(), last=2)
    # 503 is the pool busy (Retry-After), an answer; a 500 is a bug
    if any(line.startswith("HTTP/1.1 5") and not line.startswith("HTTP/1.1 503") for line in answers):
        sys.exit(f"FAIL: half-sent requests for a page of {PAGE} posts: {answers}")
    print(f"     {CONNECTIONS} requests for a page of {PAGE} such posts sent but their last bytes, for 5 s: {answers}")
    alive("half-sent requests")

    text = ('{"user_id":"x","email":"x@example.com","password":"' + "\u00e9" * 400_000 + '"}').encode()
    answers = hold(CONNECTIONS, head("POST", "/users", "application/json", len(text)), text)
    if any(line.startswith("HTTP/1.1 5") and not line.startswith("HTTP/1.1 503") for line in answers):
        sys.exit(f"FAIL: JSON of one long string: {answers}")
    print(f"     {CONNECTIONS} JSON bodies of a 400,000-character string, held before their end: {answers}")
    alive("long JSON strings")

    form = urllib.parse.urlencode({"username": "x" * 60_000, "password": "wrong password"}).encode()
    answers = hold(CONNECTIONS, head("POST", "/login", "application/x-www-form-urlencoded", len(form)), form)
    print(f"     {CONNECTIONS} login forms of 60 KB, held before their end: {answers}")
    alive("login forms")
    print("check-memory-floods: passed")


if __name__ == "__main__":
    main()
