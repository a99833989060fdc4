"""Reading the files users write (targets, agency inputs, overrides, appeals): strict UTF-8, and YAML in which
a key given twice is an error instead of silently keeping the last one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.errors import InputError


def read_utf8(path: Path, what: str) -> str:
    """The file's text; a file that is not UTF-8 is an InputError naming the first bad byte's position
    (read with errors="replace" it would silently turn names and URLs into U+FFFD)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{what} {path} is not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, "
                         f"column {column} cannot be decoded",
                         "save the file as UTF-8 (e.g. in Notepad: Save as → Encoding: UTF-8); nothing was run"
                         ) from exc


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing ancestor of `path` when it is a file (so nothing can be created below it)."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping names the same key twice (PyYAML would silently keep only the last one)."""

    def __init__(self, key: Any, line: int, first_line: int) -> None:
        super().__init__(problem=f"duplicate key {key!r}")
        self.key, self.line, self.first_line = key, line, first_line

    def __str__(self) -> str:
        return f"line {self.line}: duplicate key {self.key!r} (already given at line {self.first_line})"


class UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that rejects duplicate mapping keys (merge keys `<<` may still be overridden)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: let SafeLoader report it
                continue
            if first is not None:
                raise DuplicateKeyError(key, key_node.start_mark.line + 1, first.line + 1)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """YAML as every user file is read: safe, and a key given twice is an error (DuplicateKeyError)."""
    return yaml.load(text, Loader=UniqueKeyLoader)  # a SafeLoader subclass: no arbitrary objects


def yaml_list(path: Path, key: str) -> list[Any]:
    """The list under `key` of a strict-YAML file (overrides, appeals); InputError naming the file otherwise."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot be read as UTF-8 YAML ({exc})", "fix the file; nothing was applied") from exc
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a mapping with a list under {key!r}",
                         "see docs/workbench.md for the format; nothing was applied")
    return items
