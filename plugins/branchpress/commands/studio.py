"""`branchpress studio`: the staff's web app over the project, on this computer.

It listens on 127.0.0.1 unless --host says otherwise. Open to other machines (a phone on
the office Wi-Fi), it prints an access code and a QR code of the address with the code.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import socket
import sys
import webbrowser
from pathlib import Path

from .output import CANNOT_RUN, complain

DEFAULT_PORT = 8001


def add_parser(commands) -> None:
    studio = commands.add_parser(
        "studio", help="打开 BranchPress 工作室（在浏览器里写记录、传照片、预览和发布）"
    )
    studio.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    studio.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口，默认 {DEFAULT_PORT}")
    studio.add_argument(
        "--host",
        default="127.0.0.1",
        help="监听地址，默认只有本机能打开；0.0.0.0 让同一 Wi-Fi 的手机也能打开（需访问码）",
    )
    studio.add_argument("--no-open", action="store_true", help="不自动打开浏览器")
    studio.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    if not 0 < args.port < 65536:
        complain(f"端口 {args.port} 无效。修改方法：写 1–65535 之间的数字，例如 --port {DEFAULT_PORT}。")
        return CANNOT_RUN
    studio = make_studio(Path(args.config_file), args.host, args.port)
    if studio is None:
        return CANNOT_RUN
    from branchpress.studio.app import create_app

    local = f"http://127.0.0.1:{args.port}/"
    print(f"BranchPress 工作室已启动：{local}")
    if studio.guard.open_to_others:
        phone = f"http://{lan_address(args.host)}:{args.port}/?code={studio.guard.code}"
        print(f"同一网络的手机或电脑请打开：{phone}")
        print(f"访问码：{studio.guard.code}（只告诉需要使用工作室的同事）")
        print_qr(phone)
    print("按 Ctrl+C 停止。")
    if not args.no_open and sys.stdout.isatty():
        webbrowser.open(local)
    studio.preview.start()
    try:
        uvicorn.run(
            create_app(studio), host=args.host, port=args.port, log_level="warning", server_header=False
        )
    except OSError as error:
        complain(
            f"无法在 {args.host}:{args.port} 启动（{error.strerror}）。修改方法：换一个端口，例如 --port 8002。"
        )
        return CANNOT_RUN
    finally:
        studio.preview.close()
    return 0


def make_studio(config_file: Path, host: str, port: int):
    """The studio for a project, or None after saying why the project cannot be opened."""
    from branchpress.studio.app import Studio
    from branchpress.studio.preview import PreviewSite
    from branchpress.studio.publish import Publisher
    from branchpress.studio.security import Guard
    from branchpress.studio.uploads import Uploads
    from branchpress.studio.workspace import Workspace

    from .loading import open_project

    opened = open_project(config_file)
    if opened is None:
        return None
    project = opened.project
    config_file = Path(opened.config.config_file_path).resolve()
    folder = project.cache_dir / "studio"
    theme = opened.config.theme.custom_dir
    studio = Studio(
        workspace=Workspace(config_file, project),
        guard=Guard(port=port, open_to_others=not _loopback(host)),
        preview=PreviewSite(config_file, folder / "preview", f"http://127.0.0.1:{port}/preview/"),
        publisher=Publisher(config_file),
        uploads=Uploads(folder / "uploads"),
        theme_dir=Path(theme) if theme else None,
        site_name=opened.config.site_name or "",
    )
    studio.uploads.prune()
    return studio


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address(host: str) -> str:
    """The address a phone on the same network uses: the given one, or this machine's own."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # UDP: picks the outgoing interface, sends nothing
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def print_qr(address: str) -> None:
    import segno

    # A console that cannot draw it still has the address printed above.
    with contextlib.suppress(OSError, UnicodeEncodeError):
        segno.make(address, error="m").terminal(compact=True)
