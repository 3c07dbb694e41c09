"""How a command opens the project: mkdocs.yml with only the plugins it needs, then the project.

Loading every plugin (images, feeds, search...) would cost more than checking a thousand
records, so a command loads the options of the plugins it reads and runs none of them.
The project (branchpress/project.py) is then made by the same function as in the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .output import complain

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from branchpress.project import Project

RECORDS = "branchpress/records"
VOLUNTEERS = "branchpress/volunteers"  # its roster options moved to branchpress/records


@dataclass(frozen=True)
class Opened:
    config: MkDocsConfig
    project: Project


def open_project(config_file: Path, *others: str) -> Opened | None:
    """The MkDocs configuration with branchpress/records and the `others` plugins' options,
    and the project; None after printing why they cannot be read."""
    # Imported here so `branchpress --help` stays fast.
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from branchpress.adapter import records_or_none
    from branchpress.records.config import project_of

    names = (RECORDS, VOLUNTEERS, *others)
    try:
        if (wrong := _wrong_shape(config_file)) is not None:
            complain(f"无法读取配置 {config_file}：{wrong}")
            return None
        config = load_config(
            str(config_file), plugins=[e for n in names for e in plugin_entries(config_file, n)]
        )
        records = records_or_none(config)
        if records is None:
            complain(f"{config_file} 没有启用 branchpress/records 插件。")
            return None
        volunteers = config.plugins.get(VOLUNTEERS)
        project, notices = project_of(config, records.config, False, volunteers and volunteers.config)
    except (ConfigurationError, PluginError, OSError) as error:
        complain(f"无法读取配置 {config_file}：{error}")
        return None
    except Abort:  # MkDocs has already logged which option is wrong
        complain(f"无法读取配置 {config_file}：请按上面的提示修改。")
        return None
    for notice in notices:
        complain(f"[警告] {notice}")
    return Opened(config, project)


def _wrong_shape(config_file: Path) -> str | None:
    """Why mkdocs.yml is not a mapping with a list (or mapping) of plugins, in Chinese; None
    when it is. MkDocs says so in English, and a mapping of the wrong shape made us crash."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(config_file, "rb") as handle:
        raw = yaml_load(handle, get_yaml_loader())
    if not isinstance(raw, dict):
        return (
            "整个文件应是“名称: 值”的设置（例如 site_name: 某某支部），现在是一个列表或一段文字。"
            "修改方法：对照 README 的 mkdocs.yml 示例改写；若写错了文件，用 -f 指向网站的 mkdocs.yml。"
        )
    if "plugins" in raw and not isinstance(raw["plugins"], (list, dict, type(None))):
        return f"plugins 应是插件列表，现在是“{raw['plugins']}”。修改方法：每行写一个插件，例如 plugins: 下一行写 - branchpress/records。"
    return None


def plugin_entries(config_file: Path, name: str) -> list:
    """The `plugins` entry of one plugin as mkdocs.yml writes it (list or mapping form)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(config_file, "rb") as handle:
        raw = yaml_load(handle, get_yaml_loader())
    plugins = (raw.get("plugins") if isinstance(raw, dict) else None) or []
    if isinstance(plugins, dict):
        return [{key: options} for key, options in plugins.items() if key == name]
    if not isinstance(plugins, list):
        return []  # MkDocs' own validation names the option
    return [entry for entry in plugins if entry == name or (isinstance(entry, dict) and name in entry)]


def plugin_options(config_file: Path, name: str) -> dict:
    """The options mkdocs.yml writes for one plugin ({} when it is listed without any, or not)."""
    for entry in plugin_entries(config_file, name):
        options = entry.get(name) if isinstance(entry, dict) else None
        if isinstance(options, dict):
            return options
    return {}
