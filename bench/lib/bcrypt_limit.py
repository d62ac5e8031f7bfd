#!/usr/bin/python3
"""bcrypt verifications per second on this machine, in N processes (default: all cores), with
  - python: the C bcrypt of Python's `bcrypt` module (Debian: python3-bcrypt), what the
    Python peer's passlib calls: the ceiling of its POST /login/;
  - libcrypt: the system's libcrypt (libxcrypt's crypt_rn, `$2b$`), called through ctypes:
    the C code this service calls through the Foreign Function & Memory API.

Run by bench/bcrypt_limit.sh; usage: bcrypt_limit.py [--seconds S] [--procs N] [--cost C]
[--impl python|libcrypt]
"""
import argparse
import ctypes
import ctypes.util
import multiprocessing
import os
import time

PASSWORD = b"bench-password-12345"


def python_check():
    import bcrypt

    return (lambda hashed: bcrypt.checkpw(PASSWORD, hashed)), f"python bcrypt {bcrypt.__version__} (C)"


def libcrypt_check():
    name = ctypes.util.find_library("crypt") or "libcrypt.so.1"
    lib = ctypes.CDLL(name)
    lib.crypt_rn.restype = ctypes.c_char_p
    lib.crypt_rn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    data = ctypes.create_string_buffer(32768)  # struct crypt_data is 32768 bytes in libxcrypt

    def check(hashed):
        out = lib.crypt_rn(PASSWORD, hashed, data, len(data))
        return out is not None and out == hashed

    return check, f"libcrypt ({name}, crypt_rn)"


IMPLS = {"python": python_check, "libcrypt": libcrypt_check}


def worker(args):
    impl, hashed, seconds = args
    check, _ = IMPLS[impl]()
    check(hashed)  # warm-up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        if not check(hashed):
            raise SystemExit(f"{impl}: verification failed")
        n += 1
    return n, time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--procs", type=int, default=os.cpu_count())
    p.add_argument("--cost", type=int, default=12)
    p.add_argument("--impl", choices=sorted(IMPLS), default="python")
    a = p.parse_args()
    import bcrypt  # the hash to verify comes from the same place for both

    hashed = bcrypt.hashpw(PASSWORD, bcrypt.gensalt(rounds=a.cost))
    check, label = IMPLS[a.impl]()
    t0 = time.perf_counter()
    if not check(hashed):
        raise SystemExit(f"{a.impl}: verification failed")
    one = time.perf_counter() - t0
    with multiprocessing.Pool(a.procs) as pool:
        results = pool.map(worker, [(a.impl, hashed, a.seconds)] * a.procs)
    rate = sum(n / t for n, t in results)
    print(f"{label}, cost {a.cost}: {rate:.2f} verifications/s"
          f" with {a.procs} processes ({rate / a.procs:.2f} per process; one alone took {one * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
