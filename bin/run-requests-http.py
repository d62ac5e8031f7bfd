#!/usr/bin/env python3
"""Runs an .http file (requests.http by default) top to bottom against a running service and
checks each answer's status, as IntelliJ's HTTP Client would run it. Python 3 standard
library only.

  bin/run-requests-http.py [--var NAME=VALUE ...] [--verbose] [FILE]

It understands the part of the format that requests.http uses:
  - requests separated by lines starting with ###; # and // comment lines;
  - in-place variables (@name = value) and {{name}} substitution, with --var taking
    precedence over variables set by handlers, and those over in-place ones (IntelliJ's
    order); dynamic variables {{$timestamp}}, {{$uuid}}, {{$random.uuid}};
  - the request line, headers up to a blank line, the body up to the response handler;
  - in a response handler (> {% ... %}): the expected status, written
    response.status === NNN, and client.global.set("name", response.body.path).
    Anything else in a handler is ignored (it is JavaScript, run by the IDE only).

Exit status 0 when every request answered its expected status and every variable was
resolved; 1 otherwise.
"""

import argparse
import json
import os
import re
import sys
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "lib"))
import benchctl  # noqa: E402  (the HTTP calls shared by bench/ and bin/)

VARIABLE = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
FILE_VARIABLE = re.compile(r"^@([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$")
REQUEST_LINE = re.compile(r"^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+(\S+)(?:\s+HTTP/[\d.]+)?\s*$")
EXPECTED_STATUS = re.compile(r"response\.status\s*===?\s*(\d{3})")
GLOBAL_SET = re.compile(r"client\.global\.set\(\s*[\"'](\w+)[\"']\s*,\s*response\.body((?:\.\w+)*)\s*\)")


class Request:
    def __init__(self, title, line_number):
        self.title = title
        self.line_number = line_number
        self.method = None
        self.url = None
        self.headers = []
        self.body_lines = []
        self.handler = ""

    @property
    def body(self):
        lines = list(self.body_lines)
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines) if lines else None


def parse(text):
    """Returns (in-place variables, requests)."""
    file_variables = {}
    requests = []
    current = None
    state = "between"  # between, headers, body, handler
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if line.startswith("###"):
            current = Request(line[3:].strip(), number)
            requests.append(current)
            state = "before"
            continue
        if state in ("between", "before"):
            stripped = line.strip()
            if not stripped or stripped.startswith("#") or stripped.startswith("//"):
                continue
            match = FILE_VARIABLE.match(stripped)
            if match:
                file_variables[match.group(1)] = match.group(2)
                continue
            if current is None:  # a request before the first ###
                current = Request("", number)
                requests.append(current)
            match = REQUEST_LINE.match(stripped)
            if not match:
                sys.exit(f"line {number}: not a request line: {line!r}")
            current.method, current.url = match.group(1), match.group(2)
            state = "headers"
            continue
        if state == "headers":
            if not line.strip():
                state = "body"
            elif line.lstrip().startswith("> {%"):
                state = "handler"
                current.handler += line.split("> {%", 1)[1] + "\n"
            elif line.lstrip().startswith(("#", "//")):
                continue
            else:
                name, _, value = line.partition(":")
                current.headers.append((name.strip(), value.strip()))
            continue
        if state == "body":
            if line.lstrip().startswith("> {%"):
                state = "handler"
                current.handler += line.split("> {%", 1)[1] + "\n"
                if "%}" in line:
                    state = "after"
            else:
                current.body_lines.append(line)
            continue
        if state == "handler":
            if "%}" in line:
                current.handler += line.split("%}", 1)[0]
                state = "after"
            else:
                current.handler += line + "\n"
            continue
        # after the handler, up to the next ###: only blank lines and comments
        if line.strip() and not line.strip().startswith(("#", "//")):
            sys.exit(f"line {number}: unexpected text after a response handler: {line!r}")
    return file_variables, [r for r in requests if r.method]


class Variables:
    def __init__(self, file_variables, overrides):
        self.file_variables = file_variables
        self.globals = {}
        self.overrides = overrides

    def resolve(self, text, where):
        def replace(match):
            name = match.group(1)
            if name == "$timestamp":
                return str(int(time.time()))
            if name in ("$uuid", "$random.uuid"):
                return str(uuid.uuid4())
            for scope in (self.overrides, self.globals, self.file_variables):
                if name in scope:
                    # in-place variables may refer to others
                    return self.resolve(scope[name], where)
            raise KeyError(f"{where}: unresolved variable {{{{{name}}}}}")

        return VARIABLE.sub(replace, text)


def body_value(payload, path):
    value = payload
    for part in path.split(".")[1:]:
        if not isinstance(value, dict) or part not in value:
            raise KeyError(f"the response body has no {path[1:]}")
        value = value[part]
    return value if isinstance(value, str) else json.dumps(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "requests.http"))
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                        help="set a variable, over the file's (e.g. host=http://localhost:8080)")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--verbose", action="store_true", help="print each answer's headers and body")
    args = parser.parse_args()

    with open(args.file, encoding="utf-8") as file:
        file_variables, requests = parse(file.read())
    overrides = dict(item.split("=", 1) for item in args.var)
    variables = Variables(file_variables, overrides)
    failures = 0
    for index, request in enumerate(requests, start=1):
        where = f"#{index} (line {request.line_number})"
        try:
            url = variables.resolve(request.url, where)
            headers = [(name, variables.resolve(value, where)) for name, value in request.headers]
            body = variables.resolve(request.body, where) if request.body is not None else None
        except KeyError as missing:
            print(f"FAIL {missing.args[0]}")
            failures += 1
            continue
        expected = [int(code) for code in EXPECTED_STATUS.findall(request.handler)]
        reply = benchctl.request(request.method, url, body=body, headers=headers, timeout=args.timeout)
        status, answer = reply.status, reply.body
        ok = status is not None and (status in expected if expected else 200 <= status < 300)
        request_id = reply.header("X-Request-Id", "-")
        print(f"{'ok  ' if ok else 'FAIL'} {index:2} {request.method:6} {url}  -> {status or 'no answer'}"
              f" (expected {'/'.join(map(str, expected)) or '2xx'}; X-Request-Id {request_id})  {request.title}")
        if args.verbose or not ok:
            print("       " + answer.decode(errors="replace")[:500].replace("\n", "\n       "))
        if not ok:
            failures += 1
            continue
        captures = GLOBAL_SET.findall(request.handler)
        if captures:
            try:
                payload = json.loads(answer)
                for name, path in captures:
                    variables.globals[name] = body_value(payload, path)
            except (ValueError, KeyError) as error:
                print(f"FAIL {where}: cannot keep {', '.join(n for n, _ in captures)}: {error}")
                failures += 1
    print(f"{len(requests) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
