"""Withheld names where no replacement can reach them: file names, slugs and mkdocs.yml.

A record's text is published through its public view (周建国 becomes 志愿者), but a file
name is its URL (`周建国.jpg`, or the pinyin a slug makes of it), and a setting of
mkdocs.yml reaches every page's head and footer, the 404 page and every feed. None of
them can be rewritten without breaking a link or a setting staff chose, so each is
refused (a Chinese name, a setting) or warned about (a name's pinyin, which other words
can also spell), naming the file or the key and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from pypinyin import Style, lazy_pinyin

from branchpress.core.problems import Problem, Severity

from .names import mask_name, normalize_name, redact

CONFIG_FILE = "mkdocs.yml"
FILE_NAME = "文件名"


def pinyin_of(name: str) -> str:
    """周建国 -> zhoujianguo: the syllables of a name as a slug would hold them, run together."""
    return "".join(lazy_pinyin(normalize_name(name), style=Style.NORMAL)).lower()


def spells_pinyin(slug: str, pinyin: str) -> bool:
    """Whether whole words of a slug spell the pinyin, written together or apart:
    zhoujianguo-shufa and zhou-jian-guo-shufa do; azhoujianguo and zhoujiangke do not."""
    words = [word for word in slug.lower().replace("_", "-").split("-") if word]
    for first in range(len(words)):
        joined = ""
        for word in words[first:]:
            joined += word
            if joined == pinyin:
                return True
            if not pinyin.startswith(joined):
                break
    return False


def withheld_in_file_names(paths: Iterable[str], withheld: tuple[str, ...]) -> list[Problem]:
    """A problem for each published file whose name (its URL) spells a withheld name: an error
    for the name itself, a warning for its pinyin."""
    names = {normalize_name(form): form for form in withheld if normalize_name(form)}
    sounds = {pinyin_of(form): form for form in names.values() if pinyin_of(form).isascii()}
    problems = []
    for path in paths:
        name = PurePosixPath(path).name
        stem = normalize_name(PurePosixPath(path).stem)
        spelled = next((form for key, form in names.items() if key in stem), None)
        if spelled is not None:
            problems.append(
                Problem(
                    path,
                    None,
                    FILE_NAME,
                    f"文件名“{name}”含有名册中不公开姓名（public: false）的志愿者姓名 {mask_name(spelled)}："
                    "文件名就是它在网站上的网址，会和文件一起公开。",
                    "给文件改一个不含姓名的名字（例如 2025-03-05-1.jpg），"
                    "记录里 photos 或 cover 的写法也一起改。",
                )
            )
            continue
        heard = next((form for sound, form in sounds.items() if spells_pinyin(stem, sound)), None)
        if heard is not None:
            problems.append(
                Problem(
                    path,
                    None,
                    FILE_NAME,
                    f"文件名“{name}”含有不公开姓名的志愿者 {mask_name(heard)} 的拼音，会出现在网址里。",
                    "给文件改一个不含姓名拼音的名字。",
                    Severity.WARNING,
                )
            )
    return problems


def withheld_in_settings(
    values: Iterable[tuple[str, str]], withheld: tuple[str, ...], config_text: str = ""
) -> list[Problem]:
    """An error for each text setting of mkdocs.yml (key path, text) that spells a withheld
    name however a reader would see it spelled, on the line where it is written."""
    if not withheld:
        return []
    lines = config_text.splitlines()
    problems = []
    for key, text in values:
        if redact(text, withheld)[1] == 0:
            continue
        spelled = next(form for form in withheld if redact(text, (form,))[1])
        line = next((n for n, row in enumerate(lines, 1) if redact(row, (spelled,))[1]), None)
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                key,
                f"这项设置里有名册中不公开姓名（public: false）的志愿者姓名 {mask_name(normalize_name(spelled))}："
                "它会出现在每一页的页头或页脚、404 页和订阅源里。",
                "从这项设置里删去这个姓名；如果本人同意公开，在名册里把他的 public 改为 true。",
            )
        )
    return problems
