"""`deploy:` of branchpress/records in mkdocs.yml, read into one `DeploySettings`.

Every problem is a Chinese sentence naming mkdocs.yml, the key and the fix; all of them are
reported together. A key that looks like a credential is an error whatever its value (which
is never repeated back): credentials come only from the environment.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY_ENV = "BRANCHPRESS_DEPLOY_ACCESS_KEY_ID"
SECRET_KEY_ENV = "BRANCHPRESS_DEPLOY_SECRET_ACCESS_KEY"
SESSION_TOKEN_ENV = "BRANCHPRESS_DEPLOY_SESSION_TOKEN"

DEFAULT_MAX_DELETES = 256
WHERE = "mkdocs.yml 的 branchpress/records → deploy"
KNOWN = ("target", "endpoint", "region", "addressing", "signature", "max_deletes", "gzip", "after_deploy")
ADDRESSING = ("virtual", "path")
SIGNATURES = {"v4": "s3v4", "v2": "s3"}
# Key names that carry a secret: access_key, secret_key, password, token, ak/sk...
CREDENTIAL = re.compile(r"access|secret|passw|token|credential|key_?id|^(ak|sk|key)$", re.IGNORECASE)
BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


class DeploySettingsError(ValueError):
    """`deploy:` cannot be used; `problems` are the Chinese sentences, one per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DeployTarget:
    """Where the site goes: a bucket and key prefix (`s3`), or a folder (`file`)."""

    scheme: str
    bucket: str = ""
    prefix: str = ""
    """Key prefix inside the bucket: empty, or ending with "/"."""
    folder: Path | None = None

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.scheme == "s3" else f"file://{self.folder}/"


@dataclass(frozen=True)
class DeploySettings:
    target: DeployTarget
    endpoint: str | None = None
    region: str | None = None
    addressing: str = "virtual"
    signature: str = "v4"
    max_deletes: int = DEFAULT_MAX_DELETES
    gzip: bool = True
    """Store text gzip-compressed with Content-Encoding: gzip (object storage only)."""
    after_deploy: str | None = None
    """A command run after a successful deploy that changed something (a CDN refresh)."""

    @property
    def signature_version(self) -> str:
        """botocore's name of the signature."""
        return SIGNATURES[self.signature]


def credentials_from(environ: dict) -> tuple[str, str, str | None] | None:
    """(access key id, secret, session token) from the environment only: ours, else the usual
    AWS variables; never a file or a metadata service."""
    for key, secret, token in (
        (ACCESS_KEY_ENV, SECRET_KEY_ENV, SESSION_TOKEN_ENV),
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
    ):
        if environ.get(key) and environ.get(secret):
            return environ[key], environ[secret], environ.get(token) or None
    return None


MISSING_CREDENTIALS = (
    f"没有找到发布用的密钥：请在运行 branchpress deploy 的环境里设置环境变量 {ACCESS_KEY_ENV} 和 "
    f"{SECRET_KEY_ENV}（云服务控制台里为这个存储桶创建的 AccessKey ID 和 AccessKey Secret；"
    f"临时密钥另设 {SESSION_TOKEN_ENV}）。不要把密钥写进 mkdocs.yml。"
)


def credential_problem(key: str) -> str:
    return (
        f"{WHERE} 里写了密钥“{key}”：密钥不能写进 mkdocs.yml（它会随文件被复制、提交到版本库）。"
        f"修改方法：删除这一项，在运行 branchpress deploy 的环境里设置环境变量 {ACCESS_KEY_ENV} 和 "
        f"{SECRET_KEY_ENV}，并到云服务控制台停用已经写进文件的这把密钥、换一把新的。"
    )


def parse_deploy(options: object) -> DeploySettings | None:
    """The settings, None when `deploy:` is not written; DeploySettingsError with every problem."""
    if options is None:
        return None
    if not isinstance(options, dict):
        raise DeploySettingsError(
            [f"{WHERE} 应当是一组“键: 值”（target、endpoint……），现在是 {type(options).__name__}。"]
        )
    problems: list[str] = []
    for key in options:
        name = str(key)
        if CREDENTIAL.search(name):
            problems.append(credential_problem(name))
        elif name not in KNOWN:
            problems.append(f"{WHERE} 里有不认识的选项“{name}”。可以写的选项：{'、'.join(KNOWN)}。")
    target = _target(options.get("target"), problems)
    endpoint = _endpoint(options.get("endpoint"), problems)
    region = _text(options, "region", problems)
    addressing = _choice(options, "addressing", ADDRESSING, "virtual", problems)
    signature = _choice(options, "signature", tuple(SIGNATURES), "v4", problems)
    max_deletes = options.get("max_deletes", DEFAULT_MAX_DELETES)
    if isinstance(max_deletes, bool) or not isinstance(max_deletes, int) or max_deletes < 0:
        problems.append(
            f"{WHERE} 的 max_deletes 应当是 0 或正整数（一次发布最多删除多少个文件），现在是 {max_deletes!r}。"
        )
    gzip = options.get("gzip", True)
    if not isinstance(gzip, bool):
        problems.append(f"{WHERE} 的 gzip 应当写 true 或 false，现在是 {gzip!r}。")
    after = _text(options, "after_deploy", problems)
    if problems:
        raise DeploySettingsError(problems)
    assert target is not None
    if target.scheme == "file" and endpoint:
        raise DeploySettingsError(
            [f"{WHERE} 的 target 是文件夹（file://），不用写 endpoint；请删除 endpoint。"]
        )
    return DeploySettings(target, endpoint, region, addressing, signature, max_deletes, gzip, after)


def _target(value: object, problems: list[str]) -> DeployTarget | None:
    example = "例如 target: s3://dangjian-site/ 或 target: file:///srv/www/dangjian/"
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{WHERE} 缺少 target（发布到哪里），{example}。")
        return None
    parsed = urllib.parse.urlsplit(value.strip())
    if parsed.query or parsed.fragment:
        problems.append(f"{WHERE} 的 target“{value}”不能带 ? 或 #，{example}。")
        return None
    if parsed.scheme == "s3":
        bucket, prefix = parsed.netloc, parsed.path.strip("/")
        if not BUCKET.fullmatch(bucket):
            problems.append(
                f"{WHERE} 的 target“{value}”里的存储桶名“{bucket}”不对：应当由 3–63 个小写字母、数字、"
                f"“-”或“.”组成，{example}。"
            )
            return None
        if prefix and not _clean(prefix):
            problems.append(f"{WHERE} 的 target“{value}”的路径部分不能含有 .、..、空段或反斜杠。")
            return None
        return DeployTarget("s3", bucket=bucket, prefix=f"{prefix}/" if prefix else "")
    if parsed.scheme == "file":
        path = urllib.parse.unquote(parsed.path)
        if parsed.netloc or not path.startswith("/") or not _clean(path.strip("/")):
            problems.append(
                f"{WHERE} 的 target“{value}”应当是一个文件夹的绝对路径（三个斜杠开头，例如 "
                f"file:///srv/www/dangjian/），不能含有 .. 段。"
            )
            return None
        if path.strip("/") == "":
            problems.append(f"{WHERE} 的 target 不能是根目录“/”，请写网站专用的文件夹。")
            return None
        return DeployTarget("file", folder=Path(path))
    problems.append(f"{WHERE} 的 target“{value}”应当以 s3:// 或 file:// 开头，{example}。")
    return None


def _clean(path: str) -> bool:
    """A relative path of ordinary segments: no `.`/`..`, no empty segment, no backslash."""
    return "\\" not in path and all(part not in ("", ".", "..") for part in path.split("/"))


def _endpoint(value: object, problems: list[str]) -> str | None:
    if value is None:
        return None
    parsed = urllib.parse.urlsplit(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(
            f"{WHERE} 的 endpoint 应当是服务地址，例如 https://oss-cn-hangzhou.aliyuncs.com，现在是 {value!r}。"
        )
        return None
    if parsed.username or parsed.password:
        problems.append(credential_problem("endpoint 里的用户名和密码"))
        return None
    return value.rstrip("/")


def _text(options: dict, key: str, problems: list[str]) -> str | None:
    value = options.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{WHERE} 的 {key} 应当是一段文字，现在是 {value!r}。")
        return None
    return value.strip()


def _choice(options: dict, key: str, allowed: tuple[str, ...], default: str, problems: list[str]) -> str:
    value = options.get(key, default)
    if value not in allowed:
        problems.append(f"{WHERE} 的 {key} 只能写 {' 或 '.join(allowed)}，现在是 {value!r}。")
        return default
    return value


def contains(outer: Path, inner: Path) -> bool:
    """`inner` is `outer` or inside it (resolved, so symlinks and `..` do not hide it)."""
    outer, inner = outer.resolve(), inner.resolve()
    return outer == inner or outer in inner.parents


def overlaps(a: Path, b: Path) -> bool:
    """One folder is the other or inside it."""
    return contains(a, b) or contains(b, a)
