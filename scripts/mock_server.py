"""`make mock-server`: the fake API on 127.0.0.1, to try the client or the suite against.

It is the same FakeAPI that the contract tests put behind respx, so what passes here passes
there. Free: it starts no paid work.
"""

from __future__ import annotations

import argparse
import contextlib
import threading

from contract_tests.fake import BROKEN_VARIANTS, FakeAPI
from contract_tests.served import serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--api-key", default="test-key", help="the key the fake accepts")
    parser.add_argument("--broken", choices=sorted(BROKEN_VARIANTS), help="break one rule")
    args = parser.parse_args()
    with serve(FakeAPI(api_key=args.api_key, broken=args.broken), port=args.port) as url:
        print(f"The fake Highway API is serving on {url} (key: {args.api_key}). Ctrl-C stops it.")
        if args.broken:
            print(f"Broken on purpose: {args.broken}: {BROKEN_VARIANTS[args.broken]}")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
