"""Turn pydantic validation errors into located, translated diagnostics."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..i18n import N_, _
from .diagnostics import Diagnostic, format_yaml_path
from .document import YamlDocument, YamlPath

_SLUG_HINT = N_("use lower-case ASCII letters, digits and hyphens, e.g. so-gddt")
_CODE_HINT = N_("use ASCII letters, digits, '.', '-' or '_', e.g. I.1 or 2023-H1")


def diagnostics_from_validation(error: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Diagnostic]:
    details = error.errors(include_url=False)
    explained = _missing_keys_explained_by_typos(details, doc)
    found = [_diagnostic(d, doc, model) for d in details if not (d["type"] == "missing" and id(d) in explained)]
    already = {problem.pos for problem in doc.problems}  # reported while reading, in more specific words
    return [d for d in found if d.pos not in already]


def _missing_keys_explained_by_typos(details: list[ErrorDetails], doc: YamlDocument) -> set[int]:
    """A misspelt key shows up twice: as unknown and as missing. Keep only the unknown one, whose
    'did you mean' hint says everything."""
    unknown: dict[YamlPath, list[str]] = {}
    for detail in details:
        if detail["type"] == "extra_forbidden":
            path, _on_key = data_path(detail["loc"], doc.data, detail["type"] != "extra_forbidden")
            unknown.setdefault(path[:-1], []).append(str(path[-1]))
    explained = set()
    for detail in details:
        if detail["type"] == "missing":
            path, _on_key = data_path(detail["loc"], doc.data, detail["type"] != "extra_forbidden")
            if difflib.get_close_matches(str(path[-1]), unknown.get(path[:-1], []), n=1, cutoff=0.6):
                explained.add(id(detail))
    return explained


def _diagnostic(detail: ErrorDetails, doc: YamlDocument, model: type[BaseModel]) -> Diagnostic:
    path, on_key = data_path(detail["loc"], doc.data, detail["type"] != "extra_forbidden")
    kind = detail["type"]
    if kind == "missing":
        return Diagnostic.error(
            doc.file,
            doc.value_pos(path[:-1]),
            "missing-key",
            _("missing required key '{key}'").format(key=path[-1]),
            None,
            format_yaml_path(path),
        )
    if kind == "extra_forbidden":
        return Diagnostic.error(
            doc.file,
            doc.key_pos(path),
            "unknown-key",
            _("unknown key '{key}'").format(key=path[-1]),
            _unknown_key_hint(model, path, doc.data),
            format_yaml_path(path),
        )
    if kind == "union_tag_invalid" and isinstance(_node_at(doc.data, path), dict):
        path = (*path, "kind")
    pos = doc.key_pos(path) if on_key else doc.value_pos(path)
    message, hint = _message(detail, doc.raw.get(path))
    return Diagnostic.error(doc.file, pos, _code(kind), message, hint, format_yaml_path(path))


def data_path(loc: tuple[int | str, ...], data: Any, key_marker: bool = True) -> tuple[YamlPath, bool]:
    """Follow pydantic's loc through the data, dropping the discriminator tags pydantic inserts."""
    path: list[str | int] = []
    node = data
    on_key = False
    tag_skipped: int | None = None
    for index, part in enumerate(loc):
        if key_marker and part == "[key]" and index == len(loc) - 1:  # pydantic: "the key itself is wrong"
            on_key = True
            continue
        if isinstance(node, dict):
            # A tagged union's loc names the tag first: {kind: step, step: 1} gives (..., "step", "step").
            if isinstance(part, str) and node.get("kind") == part and tag_skipped != id(node):
                tag_skipped = id(node)
                continue
            if part in node:
                path.append(part)
                node = node[part]
            else:
                path.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif node is None and path:
            path.append(part)
        else:
            continue
    return tuple(path), on_key


def _node_at(data: Any, path: YamlPath) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _message(detail: ErrorDetails, source_text: str | None) -> tuple[str, str | None]:
    kind = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    value = detail.get("input")
    found = describe(value)
    if kind == "string_type":
        quoted = source_text if source_text is not None else _plain(value)
        hint = _("put it in quotes") + ': "' + quoted + '"' if _is_scalar(value) else None
        return _("expected text, found {found}").format(found=found), hint
    if kind == "string_pattern_mismatch":
        slug = "A-Z" not in str(ctx.get("pattern", ""))
        return (
            _("'{value}' is not a valid id").format(value=value),
            _(_SLUG_HINT) if slug else _(_CODE_HINT),
        )
    if kind in ("string_too_short", "too_short"):
        return _("must not be empty (at least {n} item(s) or character(s))").format(n=ctx.get("min_length", 1)), None
    if kind == "string_too_long":
        return _("is too long (at most {n} characters)").format(n=ctx.get("max_length")), None
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, found {found}").format(found=found), _number_hint(value)
    if kind in ("decimal_type", "decimal_parsing", "float_type", "float_parsing"):
        return _("expected a number, found {found}").format(found=found), _number_hint(value)
    if kind == "finite_number":
        shown = found if source_text is None else _("the number {value}").format(value=source_text)
        return _("expected a finite number, found {found}").format(found=shown), _(
            "write an ordinary number such as 0.5 or 12; .inf and .nan mean infinity and 'not a number' in YAML"
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _bound_message(kind, ctx, found), None
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("expected a date, found {found}").format(found=found), _date_hint(value)
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, found {found}").format(found=found), _(
            "write true (yes, có) or false (no, không)"
        )
    if kind == "literal_error":
        choices = _choices(str(ctx.get("expected", "")))
        return _("'{value}' is not allowed here; expected one of: {expected}").format(
            value=_plain(value), expected=", ".join(choices)
        ), _did_you_mean(_plain(value), choices)
    if kind == "union_tag_invalid" and ctx.get("tag") in (None, "None"):
        return _("missing key '{field}' that says which kind this is").format(field="kind"), None
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", ""))
        close = difflib.get_close_matches(str(ctx.get("tag")), _choices(expected), n=1)
        return (
            _("unknown {field} '{tag}'; expected one of: {expected}").format(
                field=ctx.get("discriminator", "kind").strip("'"), tag=ctx.get("tag"), expected=expected
            ),
            _("did you mean '{key}'?").format(key=close[0]) if close else None,
        )
    if kind == "union_tag_not_found":
        return _("missing key '{field}' that says which kind this is").format(
            field=ctx.get("discriminator", "kind").strip("'")
        ), None
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("expected a mapping (key: value), found {found}").format(found=found), None
    if kind in ("list_type", "tuple_type"):
        return (
            _("expected a list, found {found}").format(found=found),
            _("start each item on its own line with '- '"),
        )
    if kind == "value_error":
        return _(str(ctx.get("error", detail["msg"]))), None
    if kind.startswith("fraction"):
        return _("not a fraction such as 1/2, 2/3, 0.5 or 50%"), None
    return detail["msg"], None


def _choices(expected: str) -> list[str]:
    """pydantic's "'a', 'b' or 'c'" as ['a', 'b', 'c']."""
    return [part.strip(" '") for part in re.split(r",| or ", expected) if part.strip(" '")]


def _did_you_mean(value: str, choices: list[str]) -> str | None:
    from ..text.vietnamese import strip_diacritics

    folded = strip_diacritics(value).strip().lower().replace("-", "_").replace(" ", "_")
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.5)
    return _("did you mean '{key}'?").format(key=close[0]) if close else None


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return bool(text)


def _date_hint(value: Any) -> str:
    """For a Vietnamese-style date (31/3/2026) give the exact rewrite; otherwise show the format."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return _("remove the quotes: YAML reads {value} as a date without them").format(value=value.strip())
    match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value) if isinstance(value, str) else None
    if match:
        day, month, year = (int(part) for part in match.groups())
        return _("write it as {fixed} (YYYY-MM-DD)").format(fixed=f"{year:04d}-{month:02d}-{day:02d}")
    return _("write dates as YYYY-MM-DD, e.g. 2023-04-04")


def _bound_message(kind: str, ctx: dict[str, Any], found: str) -> str:
    templates = {
        "greater_than_equal": (N_("must be at least {limit}, found {found}"), "ge"),
        "greater_than": (N_("must be greater than {limit}, found {found}"), "gt"),
        "less_than_equal": (N_("must be at most {limit}, found {found}"), "le"),
        "less_than": (N_("must be less than {limit}, found {found}"), "lt"),
    }
    template, key = templates[kind]
    return _(template).format(limit=ctx.get(key), found=found)


def _code(kind: str) -> str:
    return "schema-" + kind.replace("_", "-")


def describe(value: Any) -> str:
    """A short, translated description of what YAML gave us."""
    if value is None:
        return _("nothing (an empty value)")
    if isinstance(value, bool):
        return _("true/false ({value})").format(value=str(value).lower())
    if isinstance(value, int | Decimal):
        return _("the number {value}").format(value=value)
    if isinstance(value, datetime | date):
        return _("the date {value}").format(value=value.isoformat())
    if isinstance(value, str):
        return _("the text '{value}'").format(value=value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, int | Decimal | date | datetime | bool)


def _number_hint(value: Any) -> str | None:
    if isinstance(value, str) and "," in value:
        return _("use a decimal point, not a comma: {fixed}").format(fixed=value.replace(",", "."))
    if isinstance(value, str) and _is_decimal(value.strip()):
        return _("remove the quotes: YAML reads {value} as a number without them").format(value=value.strip())
    if isinstance(value, str) and value.strip().endswith("%"):
        return _("write the number without %: {fixed}").format(fixed=value.strip()[:-1].strip())
    return None


def _unknown_key_hint(model: type[BaseModel], path: YamlPath, data: Any) -> str | None:
    allowed = allowed_keys(model, path[:-1], data)
    if not allowed:
        return None
    close = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return _("did you mean '{key}'?").format(key=close[0])
    return _("allowed keys here: {keys}").format(keys=", ".join(allowed))


def allowed_keys(model: type[BaseModel], path: YamlPath, data: Any) -> list[str]:
    """The keys the model accepts at `path` (empty when the path does not lead to a model)."""
    from .schema_walk import model_at

    target = model_at(model, path, data)
    if target is None:
        return []
    return [field.alias or name for name, field in target.model_fields.items()]
