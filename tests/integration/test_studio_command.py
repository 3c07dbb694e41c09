"""`branchpress studio` as staff start it: what it prints, and the server it runs."""

from __future__ import annotations

import os
import re
import subprocess
import urllib.request

import pytest
from helpers.cli import COMMAND, run_cli, write_config
from helpers.serve import free_port, get, wait_for_page
from helpers.sites import SiteBuilder


@pytest.fixture
def started(site: SiteBuilder, request):
    site.record("2025/2025-05-12-one.md", "title: 五月活动\ndate: 2025-05-12\ntype: news")
    write_config(site)
    port = free_port()
    host = getattr(request, "param", "127.0.0.1")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [*COMMAND, "studio", "--no-open", "--port", str(port), "--host", host],
        cwd=site.root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    try:
        wait_for_page(f"http://127.0.0.1:{port}/health", what="branchpress studio", timeout=60)
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=20)


def printed(process) -> str:
    process.terminate()
    output, _ = process.communicate(timeout=20)
    return output


def test_it_listens_on_127_0_0_1_and_says_where(started):
    process, port = started
    status, text = get(f"http://127.0.0.1:{port}/")
    assert status == 200 and "五月活动" in text
    output = printed(process)
    assert f"http://127.0.0.1:{port}/" in output
    assert "访问码" not in output  # nothing to type on this computer
    assert "Traceback" not in output


def test_a_request_naming_another_host_is_refused_by_the_real_server(started):
    _, port = started
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"attacker.test:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 421


@pytest.mark.parametrize("started", ["0.0.0.0"], indirect=True)
def test_open_to_the_network_it_prints_the_code_and_a_qr_code(started):
    process, port = started
    output = printed(process)
    code = re.search(r"访问码：(\d{6})", output)
    assert code, output
    assert re.search(rf"http://[\d.]+:{port}/\?code={code.group(1)}", output)
    assert "█" in output or "▀" in output or "▄" in output  # the QR code, drawn in the terminal


def test_a_missing_configuration_is_a_clear_message(site: SiteBuilder):
    process = run_cli(site, "studio", "--no-open", "-f", "nothing.yml", "--port", str(free_port()))
    assert process.returncode == 2
    assert "无法读取配置" in process.stderr and "Traceback" not in process.stderr


def test_an_impossible_port_is_a_clear_message(site: SiteBuilder):
    process = run_cli(site, "studio", "--no-open", "--port", "70000")
    assert process.returncode == 2
    assert "端口" in process.stderr and "Traceback" not in process.stderr
