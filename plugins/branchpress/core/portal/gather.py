"""Every member's items for this build: fetched in parallel, or read from the cache.

A member that cannot be fetched or read keeps its last good items and is reported with
its cause; nothing here raises for a member's failure. Offline, nothing is fetched. Items
that cannot be used are reported with their reasons; at most `Limits.max_items` are kept.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from .cache import MemberState, PortalCache
from .feeds import NotAFeed, parse_feed
from .fetch import Fetcher, FetchError, Limits, Validators, read_file
from .items import PortalItem, newest, safe_items
from .members import Member


class Outcome(enum.Enum):
    UPDATED = "updated"  # a new version of the feed was read
    UNCHANGED = "unchanged"  # the server answered 304 Not Modified
    OFFLINE = "offline"  # not fetched: the build is offline
    FAILED = "failed"  # fetching or reading failed: the last good items stand


@dataclass(frozen=True)
class MemberReport:
    member: Member
    outcome: Outcome
    items: tuple[PortalItem, ...]
    cause: str = ""  # why it failed (Chinese)
    seconds: float = 0.0
    undated: int = 0  # entries left out for want of a date
    cached: bool = False  # the items are the last good ones from the cache
    rejected: tuple[str, ...] = ()  # why each unusable item was left out (Chinese)
    beyond_cap: int = 0  # older items left out: only the newest `Limits.max_items` are kept
    cap: int = 0

    @property
    def line(self) -> str:
        """The progress line of this member, in Chinese."""
        name, count = self.member.name, len(self.items)
        if self.outcome is Outcome.UPDATED:
            undated = f"，{self.undated} 条没有日期未收录" if self.undated else ""
            capped = (
                f"；另有 {self.beyond_cap} 条较早的动态未收录，每个成员支部最多收录最新的 {self.cap} 条"
                if self.beyond_cap
                else ""
            )
            return f"成员支部“{name}”：已更新，{count} 条（{self.seconds:.1f} 秒{undated}{capped}）。"
        if self.outcome is Outcome.UNCHANGED:
            return f"成员支部“{name}”：没有变化（HTTP 304），沿用缓存的 {count} 条。"
        if self.outcome is Outcome.OFFLINE:
            if not self.cached:
                return f"成员支部“{name}”：离线生成，缓存里没有它的内容。"
            return f"成员支部“{name}”：离线生成，取自缓存 {count} 条。"
        kept = f"本次沿用上次取得的 {count} 条" if self.cached else "缓存里也没有它的内容"
        return f"成员支部“{name}”的订阅源无法更新：{self.cause}。{kept}。"

    @property
    def warning(self) -> str | None:
        """The warning about this member's unusable items, in Chinese; None when all could be used."""
        if not self.rejected:
            return None
        return (
            f"成员支部“{self.member.name}”的订阅源有 {len(self.rejected)} 条动态无法收录，已略过"
            f"（{self.rejected[0]}）；其余动态照常显示。请该支部检查这些动态的日期和链接。"
        )


Progress = Callable[[MemberReport], None]


def gather(
    members: Sequence[Member],
    cache: PortalCache,
    fetcher: Fetcher | None,
    limits: Limits,
    workers: int,
    progress: Progress,
) -> list[MemberReport]:
    """One report per member, in the members' order; `fetcher` None means offline."""

    def one(member: Member) -> MemberReport:
        return _member(member, cache, fetcher, limits)

    if len(members) <= 1 or workers <= 1:
        reports = [one(member) for member in members]
        for report in reports:
            progress(report)
        return reports
    by_slug: dict[str, MemberReport] = {}
    with ThreadPoolExecutor(max_workers=min(workers, len(members))) as pool:
        for future in as_completed([pool.submit(one, member) for member in members]):
            report = future.result()
            by_slug[report.member.slug] = report
            progress(report)
    return [by_slug[member.slug] for member in members]


def _member(member: Member, cache: PortalCache, fetcher: Fetcher | None, limits: Limits) -> MemberReport:
    state = cache.load(member)
    # A cache written before the cap (or under a larger one) is held to it too.
    last_good = tuple(newest(state.items, limits.max_items)[0]) if state is not None else ()
    if fetcher is None:
        return MemberReport(member, Outcome.OFFLINE, last_good, cached=state is not None)
    start = time.monotonic()
    try:
        if member.local_feed is not None:
            body, content_type, validators = read_file(member.local_feed, limits), "", Validators()
        else:
            asked = state.usable_validators(member) if state is not None else None
            response = fetcher.get(member.feed, validators=asked)
            if response.body is None and state is not None:
                return MemberReport(member, Outcome.UNCHANGED, last_good, cached=True)
            if response.body is None:  # a 304 to a request that was not conditional
                raise FetchError("服务器返回 HTTP 304，但缓存里没有内容")
            body, content_type, validators = response.body, response.content_type, response.validators
        kept = safe_items(member, parse_feed(body, member.base_url, content_type), limits.max_items)
    except (FetchError, NotAFeed) as error:
        return MemberReport(member, Outcome.FAILED, last_good, str(error), cached=state is not None)
    cache.save(member, MemberState(member.feed, validators, tuple(kept.items)))
    return MemberReport(
        member,
        Outcome.UPDATED,
        tuple(kept.items),
        seconds=time.monotonic() - start,
        undated=kept.undated,
        rejected=tuple(kept.rejected),
        beyond_cap=kept.beyond_cap,
        cap=limits.max_items,
    )
