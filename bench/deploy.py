"""How long `branchpress deploy` takes with nothing changed and after one record's body edit.

Builds bench.py's synthetic site of N records once, starts moto's S3 server on 127.0.0.1 (in
this process; nothing leaves the machine) behind the tests' logging proxy, and runs the real
`branchpress deploy` four times: the first deploy (everything), again with nothing changed,
then after appending a sentence to the newest record's body and building again. It prints,
for each run, the files uploaded against the total, the requests by method, and the seconds.

    .venv/bin/python bench/deploy.py --records 1000
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import REPO, build_env, edit_one_record, make_records, write_full_site

sys.path.insert(0, str(REPO / "tests"))
from helpers.s3 import FAKE_KEY, FAKE_SECRET, LoggingProxy, client, free_port  # noqa: E402

BIN = Path(sys.executable).parent


def run(command: list[str], root: Path, env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, metavar="N")
    args = parser.parse_args(argv)
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    proxy = LoggingProxy(port)
    client(proxy.url).create_bucket(Bucket="bench-site")
    env = dict(
        build_env(),
        BRANCHPRESS_DEPLOY_ACCESS_KEY_ID=FAKE_KEY,
        BRANCHPRESS_DEPLOY_SECRET_ACCESS_KEY=FAKE_SECRET,
        AWS_EC2_METADATA_DISABLED="true",
    )
    with tempfile.TemporaryDirectory(prefix="branchpress-deploy-bench-") as folder:
        root = Path(folder)
        records = make_records(args.records)
        write_full_site(root, records)
        config = root / "mkdocs.yml"
        deploy = (
            f"\\1\n\\2deploy:\n\\2  target: s3://bench-site/\n\\2  endpoint: {proxy.url}\n"
            "\\2  region: us-east-1\n\\2  addressing: path"
        )
        text = re.sub(r"^(( +)now: .*)$", deploy, config.read_text("utf-8"), count=1, flags=re.MULTILINE)
        config.write_text(text, "utf-8")
        build = [str(BIN / "mkdocs"), "build", "-q"]
        command = [str(BIN / "branchpress"), "deploy"]
        print(f"building {args.records} records…", file=sys.stderr)
        run(build, root, env)
        total = sum(1 for p in (root / "site").rglob("*") if p.is_file())
        print("| deploy | uploaded / total | deleted | requests | seconds |\n|---|---|---|---|---|")
        for label in ("first", "nothing changed", "one body edited", "nothing changed again"):
            if label == "one body edited":
                edit_one_record(root, max(records, key=lambda r: r.path))
                run(build, root, env)
                total = sum(1 for p in (root / "site").rglob("*") if p.is_file())
            proxy.reset()
            seconds, out = run(command, root, env)
            summary = re.search(r"上传 (\d+) 个、删除 (\d+) 个、未变 (\d+) 个", out)
            uploaded, deleted, _ = summary.groups()
            requests = ", ".join(f"{n} {m}" for m, n in sorted(Counter(m for m, _ in proxy.log).items()))
            print(f"| {label} | {uploaded} / {total} | {deleted} | {requests} | {seconds:.2f} |", flush=True)
    proxy.close()
    server.stop()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
