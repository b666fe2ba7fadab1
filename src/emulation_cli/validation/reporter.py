"""Collects located findings of the cross-file checks."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from ..i18n import N_, _
from ..loading.diagnostics import Diagnostic, Severity, format_yaml_path, ids_of
from ..loading.document import YamlPath
from ..loading.files import Loaded

# The nouns the messages name, marked for the catalog; the English word stays the diagnostic code.
NOUNS = {
    "unit": N_("unit"),
    "period": N_("period"),
    "criterion": N_("criterion"),
    "section": N_("section"),
    "movement": N_("movement"),
    "commitment": N_("commitment"),
    "award": N_("award"),
    "award title": N_("award title"),
    "gate": N_("gate"),
    "classification": N_("classification"),
    "document": N_("document"),
    "legal basis": N_("legal basis"),
    "scorer": N_("scoring body"),
    "node": N_("section or criterion"),
}
# A reference to a "node" is checked against the ids of both the sections and the criteria.
_ID_KINDS = {"node": ("section", "criterion")}


class Reporter:
    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self._relied_on: frozenset[str] = frozenset()

    @contextmanager
    def relying_on(self, *subjects: str) -> Iterator[None]:
        """Findings reported inside rely on these subjects: they are held back while one of them is broken."""
        outer = self._relied_on
        self._relied_on = outer | frozenset(subjects)
        try:
            yield
        finally:
            self._relied_on = outer

    def error(
        self,
        source: Loaded[Any],
        path: YamlPath,
        code: str,
        message: str,
        hint: str | None = None,
        on_key: bool = False,
        breaks: str | None = None,
    ) -> None:
        """An error; `breaks` names the subject it leaves undecided when it is a root cause of others."""
        self._add(Severity.ERROR, source, path, code, message, hint, on_key, breaks)

    def warning(
        self,
        source: Loaded[Any],
        path: YamlPath,
        code: str,
        message: str,
        hint: str | None = None,
        on_key: bool = False,
    ) -> None:
        self._add(Severity.WARNING, source, path, code, message, hint, on_key)

    def _add(
        self,
        severity: Severity,
        source: Loaded[Any],
        path: YamlPath,
        code: str,
        message: str,
        hint: str | None,
        on_key: bool,
        breaks: str | None = None,
    ) -> None:
        pos = source.doc.key_pos(path) if on_key else source.doc.value_pos(path)
        found = Diagnostic(source.file, pos, severity, code, message, hint, format_yaml_path(path))
        self.diagnostics.append(replace(found, breaks=breaks, relies_on=self._relied_on))


def report_unknown(
    reporter: Reporter,
    source: Loaded[Any],
    path: YamlPath,
    what: str,
    value: str,
    known: Iterable[str],
    on_key: bool = False,
) -> None:
    """Error for a reference to an id that does not exist, with the closest known id as a hint."""
    choices = tuple(sorted(known))
    close = closest(value, choices)
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    if close:
        hint = _("did you mean '{id}'? (known ids: {ids})").format(id=close, ids=shown)
    elif choices:
        hint = _("known ids: {ids}").format(ids=shown)
    else:
        hint = None
    with reporter.relying_on(*(ids_of(kind) for kind in _ID_KINDS.get(what, (what,)))):
        reporter.error(
            source,
            path,
            "unknown-" + what.replace(" ", "-"),
            _("unknown {what} '{id}'").format(what=_(NOUNS[what]), id=value),
            hint,
            on_key,
        )


@functools.lru_cache(maxsize=4096)
def closest(value: str, choices: tuple[str, ...]) -> str | None:
    """The most similar known id; cached because one renamed id is usually misspelt in many files."""
    matches = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def report_duplicate_ids(reporter: Reporter, source: Loaded[Any], base: YamlPath, ids: list[str], what: str) -> None:
    """Error on every repeated id in the list at `base`, naming the line of the first one."""
    report_duplicates(reporter, source, [((*base, index), item_id) for index, item_id in enumerate(ids)], what)


def report_duplicates(
    reporter: Reporter, source: Loaded[Any], items: Iterable[tuple[YamlPath, str]], what: str
) -> None:
    """Error on every repeated id among the items (the path of each item, its id): a root cause, since no
    reference to an id of this kind can be checked while the ids are not unique."""
    first: dict[str, YamlPath] = {}
    for path, item_id in items:
        if item_id not in first:
            first[item_id] = path
            continue
        first_line = source.doc.value_pos((*first[item_id], "id")).line
        reporter.error(
            source,
            (*path, "id"),
            "duplicate-id",
            _("duplicate {what} id '{id}' (first used at line {line})").format(
                what=_(NOUNS[what]), id=item_id, line=first_line
            ),
            _("every id must be unique; rename one of them"),
            breaks=ids_of(what),
        )
