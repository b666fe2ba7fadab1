"""The cluster's own wording (`templates/phrases.yaml`): every key a known phrase, every field one it takes."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from ..errors import InternalError
from ..i18n import _
from ..loading.diagnostics import Diagnostic, Pos
from ..loading.document import YamlDocument, YamlProblem
from ..loading.files import LoadResult
from ..loading.yamltree import read_yaml_file
from ..resources import data_dir
from ..text.phrases import SPEC, Phrases, Takes, parse
from .reporter import Reporter, closest

PHRASES_FILE = "phrases.yaml"


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.phrases is not None:
        reporter.diagnostics.extend(problems(result.phrases))


def problems(doc: YamlDocument) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for key, text in doc.data.items():
        found += _key_problems(doc, str(key), text)
    return found


def _key_problems(doc: YamlDocument, key: str, text: object) -> list[Diagnostic]:
    if key not in SPEC:
        near = closest(key, tuple(sorted(SPEC)))
        hint = (
            _("did you mean '{key}'?").format(key=near)
            if near
            else _("the phrases are listed in {file}").format(file=default_file().name)
        )
        message = _("unknown phrase '{key}'").format(key=key)
        return [Diagnostic.error(doc.file, doc.key_pos((key,)), "unknown-phrase", message, hint, key)]
    pos = doc.value_pos((key,))
    if not isinstance(text, str) or not text.strip():
        message = _("the phrase must be a text (put it in quotes)")
        return [Diagnostic.error(doc.file, pos, "phrase-not-text", message, None, key)]
    return _field_problems(doc.file, pos, key, text, SPEC[key])


def _field_problems(file: str, pos: Pos, key: str, text: str, takes: Takes) -> list[Diagnostic]:
    parsed = parse(text)
    allowed = _("this phrase takes: {fields}").format(fields=_listed(takes.fields)) if takes.fields else None
    allowed = allowed or _("this phrase takes no field")
    found: list[Diagnostic] = []
    if parsed.stray_brace is not None:
        message = _("a lone brace in the phrase (at character {at})").format(at=parsed.stray_brace + 1)
        found.append(Diagnostic.error(file, pos, "phrase-brace", message, _("write {{ or }} for a brace"), key))
    for field in parsed.fields:
        if field.name is None:
            message = _("'{{{field}}}' is not a plain field name").format(field=field.text)
            found.append(Diagnostic.error(file, pos, "phrase-field-bad", message, allowed, key))
        elif field.name not in takes.fields:
            message = _("the phrase does not take '{{{field}}}'").format(field=field.name)
            found.append(Diagnostic.error(file, pos, "phrase-field-unknown", message, allowed, key))
    if found:
        return found  # a field written wrongly may be the required one: that is said once the phrase reads well
    used = {f.name for f in parsed.fields}
    for name in sorted(takes.required - used):
        message = _("the phrase must keep '{{{field}}}': it carries what the sentence says").format(field=name)
        found.append(Diagnostic.error(file, pos, "phrase-field-missing", message, allowed, key))
    return found


def _listed(fields: frozenset[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(fields))


def default_file() -> Path:
    return data_dir("templates") / "report" / PHRASES_FILE


@functools.cache
def default_phrases() -> Phrases:
    """The shipped wording; a fault in it is a bug of emul, not of the officer's folder."""
    try:
        doc = read_yaml_file(default_file(), PHRASES_FILE)
    except YamlProblem as problem:
        raise InternalError(f"the shipped {PHRASES_FILE} cannot be read: {problem}") from problem
    faults = problems(doc) if isinstance(doc.data, dict) else ["not a mapping"]
    if faults or set(doc.data) != set(SPEC):
        raise InternalError(f"the shipped {PHRASES_FILE} does not match the phrases emul uses: {faults}")
    return Phrases(MappingProxyType(dict(doc.data)))


def cluster_phrases(doc: YamlDocument | None) -> Phrases:
    """The shipped wording with the cluster's own (already validated) in place of its keys."""
    own: Mapping[str, str] = doc.data if doc is not None else {}
    return default_phrases().with_own(own)
