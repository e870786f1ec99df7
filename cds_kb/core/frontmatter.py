"""Front matter: the YAML block at the top of a page, read with the line of each field.

MyST renders front matter into docinfo fields as plain strings. The extension needs
typed values (lists, mappings) and the line of each field so that an error can name
it, so it reads the block itself, once per page, as Sphinx reads the source.
Dates stay strings: the schema checks them as ISO 8601, not YAML's idea of a date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml

FENCE = "---"


# libyaml's parser when PyYAML has it (several times faster than the pure-Python one).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """A safe loader that leaves timestamps as the strings the author wrote."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(ValueError):
    """Front matter that cannot be read; carries the 1-based line of the fault."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def line(self, key: str) -> int:
        """The line a field starts on, or the first line when it is absent."""
        return self.lines.get(key, 1)


def split(text: str) -> tuple[str | None, int]:
    """Return the YAML block (without fences) and the line the body starts on."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        return None, 1
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "\n".join(lines[1:index]), index + 2
    raise FrontMatterError("the front matter has no closing '---' line", 1)


def parse(text: str) -> FrontMatter:
    """Read the front matter of a page's text; an empty one if it has none."""
    block, _ = split(text)
    if block is None or not block.strip():
        return FrontMatter()
    loader = _Loader(block)
    try:
        # Composed once: the nodes give each field's line, and the data is built from them.
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        # Where the faulty construct began (an unclosed list: its line), else where it was found.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(f"the front matter is not valid YAML: {problem}", line) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FrontMatterError("the front matter must be a mapping of 'field: value' lines", 2)
    lines: dict[str, int] = {}
    for key, _value in root.value:
        line = key.start_mark.line + 2
        if key.value in lines:
            # YAML keeps the last value silently: two `tags:` lines would lose the first.
            raise FrontMatterError(
                f"the field {key.value!r} is given twice, on lines {lines[key.value]} and {line} "
                "(YAML would keep only the last); merge them into one line", line,
            )
        lines[key.value] = line
    return FrontMatter(data, lines)


def dump(data: dict[str, Any]) -> str:
    """Write front matter the way the project's pages write it (keys in the given order).

    One line per field, never wrapped; lists in flow style (``[a, b]``); a value that
    YAML would read as something other than text (a date) in double quotes.
    """
    lines = [f"{key}: {_dump_value(value)}" for key, value in data.items()]
    return f"{FENCE}\n" + "".join(f"{line}\n" for line in lines) + f"{FENCE}\n"


def _dump_value(value: Any) -> str:
    if isinstance(value, list):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=float("inf")).strip()
    text = yaml.safe_dump(value, allow_unicode=True, width=float("inf")).removesuffix("\n").removesuffix("\n...")
    if isinstance(value, str) and text.startswith("'"):
        return json.dumps(value, ensure_ascii=False)
    return text
