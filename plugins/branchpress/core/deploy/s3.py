"""An object-storage target over the S3 API (Aliyun OSS, Tencent COS, Huawei OBS, AWS S3):
the only module that imports boto3.

One client, shared by the deploy's worker threads (boto3 clients are thread-safe), with
botocore's standard retries (timeouts, 5xx, throttling, with backoff), and checksums only where
an operation requires them: since boto3 1.36 the default adds CRC32 checksums that several
S3-compatible services reject. Each upload carries Content-MD5 instead, which all of them check.
Objects are deleted one by one (DeleteObjects needs a checksum that not every service accepts).
Every botocore failure becomes a DeployError in Chinese; credentials are never printed.
"""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from .headers import Headers
from .plan import MANIFEST, RemoteObject, hidden
from .publish import WORKERS, DeployError
from .settings import ACCESS_KEY_ENV, SECRET_KEY_ENV, DeploySettings

MAX_ATTEMPTS = 5
CREDENTIAL_CODES = {
    "AccessDenied",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidSecurity",
    "ExpiredToken",
    "InvalidToken",
    "AuthorizationHeaderMalformed",
    "403",
}
QUOTA_CODES = {
    "QuotaExceeded",
    "InsufficientStorage",
    "StorageQuotaExceeded",
    "EntityTooLarge",
    "TooManyBuckets",
}
RETRY_HINT = "已经上传的文件不会白传：问题解决后再运行一次 branchpress deploy，就会接着完成发布。"


class S3Backend:
    def __init__(
        self, settings: DeploySettings, credentials: tuple[str, str, str | None], workers: int = WORKERS
    ) -> None:
        target = settings.target
        self.bucket, self.prefix = target.bucket, target.prefix
        self.where = settings.endpoint or "AWS S3"
        config = Config(
            signature_version=settings.signature_version,
            s3={"addressing_style": settings.addressing},
            retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            max_pool_connections=workers,
            connect_timeout=10,
            read_timeout=60,
        )
        key, secret, token = credentials
        session = boto3.session.Session(
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            aws_session_token=token,
            region_name=settings.region or "us-east-1",
        )
        self.client = session.client("s3", endpoint_url=settings.endpoint, config=config)

    def list(self) -> dict[str, RemoteObject]:
        found = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        with self._errors("列出存储桶里的文件"):
            for page in pages:
                for item in page.get("Contents", ()):
                    path = item["Key"][len(self.prefix) :]
                    if path and not hidden(path) and not path.endswith("/"):
                        found[path] = RemoteObject(int(item["Size"]), item.get("ETag"))
        return found

    def read_manifest(self) -> bytes | None:
        with self._errors("读取发布记录"):
            try:
                answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + MANIFEST)
            except ClientError as error:
                if _code(error) in ("NoSuchKey", "404"):
                    return None
                raise
            return answer["Body"].read()

    def put(self, path: str, body: bytes, headers: Headers, md5: str) -> None:
        extra = {"ContentEncoding": headers.encoding} if headers.encoding else {}
        with self._errors(f"上传 {path} "):
            self.client.put_object(
                Bucket=self.bucket,
                Key=self.prefix + path,
                Body=body,
                ContentType=headers.content_type,
                CacheControl=headers.cache_control,
                ContentMD5=md5,
                **extra,
            )

    def delete(self, path: str) -> None:
        with self._errors(f"删除 {path} "):
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + path)

    def write_manifest(self, body: bytes) -> None:
        with self._errors("写入发布记录"):
            self.client.put_object(
                Bucket=self.bucket,
                Key=self.prefix + MANIFEST,
                Body=body,
                ContentType="application/json; charset=utf-8",
                CacheControl="no-store",
            )

    def _errors(self, what: str) -> _Translate:
        return _Translate(self, what)


class _Translate:
    """Turns botocore's exceptions into a DeployError saying what failed and what to do."""

    def __init__(self, backend: S3Backend, what: str) -> None:
        self.backend, self.what = backend, what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, trace) -> bool:
        if error is None or not isinstance(error, BotoCoreError | ClientError):
            return False
        raise DeployError(f"{self.what}失败：{self._reason(error)}{RETRY_HINT}") from None

    def _reason(self, error: Exception) -> str:
        bucket, where = self.backend.bucket, self.backend.where
        if isinstance(
            error, EndpointConnectionError | ConnectTimeoutError | ConnectionClosedError | ReadTimeoutError
        ):
            return f"连不上对象存储 {where}（网络不通或超时，已重试 {MAX_ATTEMPTS} 次）。请检查网络和 deploy 的 endpoint。"
        if isinstance(error, ClientError):
            code = _code(error)
            message = error.response.get("Error", {}).get("Message") or ""
            if code in CREDENTIAL_CODES:
                return (
                    f"对象存储拒绝了访问（{code}）。请检查环境变量 {ACCESS_KEY_ENV} 和 {SECRET_KEY_ENV} 是否正确、"
                    f"这把密钥是否有存储桶 {bucket} 的读写和列出权限，以及 deploy 的 region 和 signature。"
                )
            if code in ("NoSuchBucket", "404"):
                return (
                    f"存储桶 {bucket} 不存在。请在云服务控制台创建它，或改正 deploy 的 target 和 endpoint。"
                )
            if code in QUOTA_CODES:
                return f"存储空间或配额不够（{code}）。请在云服务控制台扩容或清理后再试。"
            return f"对象存储返回错误 {code}{'：' + message if message else ''}。"
        return f"{type(error).__name__}：{error}。"


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
