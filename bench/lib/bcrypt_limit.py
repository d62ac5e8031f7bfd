#!/usr/bin/python3
"""bcrypt verifications per second on this machine, with the C bcrypt of Python's `bcrypt`
module (Debian: python3-bcrypt), in N processes (default: all cores).

This is the ceiling of the Python peer's POST /login/ (passlib calls the same bcrypt). Run
by bench/bcrypt_limit.sh; usage: bcrypt_limit.py [--seconds S] [--procs N] [--cost C]
"""
import argparse
import multiprocessing
import os
import time

import bcrypt

PASSWORD = b"bench-password-12345"


def worker(args):
    hashed, seconds = args
    bcrypt.checkpw(PASSWORD, hashed)  # warm-up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        if not bcrypt.checkpw(PASSWORD, hashed):
            raise SystemExit("checkpw failed")
        n += 1
    return n, time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--procs", type=int, default=os.cpu_count())
    p.add_argument("--cost", type=int, default=12)
    a = p.parse_args()
    hashed = bcrypt.hashpw(PASSWORD, bcrypt.gensalt(rounds=a.cost))
    t0 = time.perf_counter()
    bcrypt.checkpw(PASSWORD, hashed)
    one = time.perf_counter() - t0
    with multiprocessing.Pool(a.procs) as pool:
        results = pool.map(worker, [(hashed, a.seconds)] * a.procs)
    rate = sum(n / t for n, t in results)
    print(f"python bcrypt {bcrypt.__version__} (C), cost {a.cost}: {rate:.2f} verifications/s"
          f" with {a.procs} processes ({rate / a.procs:.2f} per process; one alone took {one * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
