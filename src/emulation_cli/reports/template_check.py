"""emul template check: a template's syntax errors and unknown variables, each with its place in the document."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from ..i18n import _
from .jinja import (
    BoundedEnvironment,
    TemplateLimit,
    bounded_range,
    bounded_value,
    check_binop,
    check_concat,
    check_filter_call,
    describe_jinja_error,
    html_environment,
    markdown_environment,
    xml_environment,
)
from .variables import Shape, context_for, fields_of

_DOCXTPL_TAG = re.compile(r"\{([%{])(?:p|tr|tc|r)\s")
# Names Jinja itself provides inside templates.
_BUILTINS = {"range", "loop", "dict", "cycler", "joiner", "namespace", "true", "false", "none"}
_NOT_CONSTANT = object()


@dataclass(frozen=True)
class Finding:
    place: str
    message: str


@dataclass(frozen=True)
class TemplateSource:
    """The Jinja text of a template, one line per paragraph (or file line), with the place of each line."""

    text: str
    places: tuple[str, ...]

    def place(self, lineno: int | None) -> str:
        if not lineno or lineno > len(self.places):
            return _("the template")
        return self.places[lineno - 1]


def check_template(path: Path) -> list[Finding]:
    problem = _size_problem(path)
    if problem is not None:  # refused before anything is unpacked or read
        return [Finding(_("the template"), problem)]
    source = read_source(path)
    environment = _environment(path)
    try:
        tree = environment.parse(source.text)
    except TemplateSyntaxError as exc:
        return [_syntax_finding(source, exc)]
    checker = _Checker(
        source, fields_of(context_for(path.name)), set(environment.filters), set(environment.tests), environment
    )
    checker.visit(tree, {})
    return checker.findings


def _environment(path: Path) -> BoundedEnvironment:
    if path.suffix == ".docx":
        return xml_environment()
    return html_environment() if path.name.endswith(".html.j2") else markdown_environment()


def _size_problem(path: Path) -> str | None:
    """What rendering would refuse about the file's size, in the same words."""
    import zipfile

    from .docx import unpacking_problem
    from .markdown import size_problem

    if path.suffix != ".docx":
        return size_problem(path)
    with zipfile.ZipFile(path) as archive:
        return unpacking_problem(archive)


_BLOCK_TAG = re.compile(r"\{%-?\s*(\w+)")
_OPENERS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape"}


def _syntax_finding(source: TemplateSource, exc: TemplateSyntaxError) -> Finding:
    """A block never closed is reported where it opens: Jinja only notices it at the end of the template."""
    message = exc.message or str(exc)
    if message.startswith("Unexpected end of template"):
        opened = _unclosed_block(source.text)
        if opened is not None:
            tag, line = opened
            text = _("'{{% {tag} %}}' is never closed: add '{{% end{tag} %}}' where it should end").format(tag=tag)
            return Finding(source.place(line), _("syntax error: {message}").format(message=text))
    return Finding(source.place(exc.lineno), _("syntax error: {message}").format(message=message))


def _unclosed_block(text: str) -> tuple[str, int] | None:
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for tag in _BLOCK_TAG.findall(line):
            if tag in _OPENERS:
                stack.append((tag, number))
            elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
                stack.pop()
    return stack[-1] if stack else None


def read_source(path: Path) -> TemplateSource:
    if path.suffix != ".docx":
        lines = path.read_text(encoding="utf-8").split("\n")
        return TemplateSource("\n".join(lines), tuple(_("line {n}").format(n=i) for i in range(1, len(lines) + 1)))
    return _docx_source(path)


def _docx_source(path: Path) -> TemplateSource:
    from docx import Document

    document = Document(str(path))
    texts: list[str] = []
    places: list[str] = []
    for place, text in _paragraphs(document):
        texts.append(_DOCXTPL_TAG.sub(r"{\1 ", text.replace("\n", " ")))
        places.append(f"{place} «{_excerpt(text)}»")
    return TemplateSource("\n".join(texts), tuple(places))


def _excerpt(text: str, width: int = 40) -> str:
    """The start of the paragraph, so the officer can find it in Word (which does not number paragraphs)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _paragraphs(document: object) -> Iterator[tuple[str, str]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    yield from _margins(document, header=True)
    paragraph_number = table_number = 0
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            paragraph_number += 1
            yield _("paragraph {n}").format(n=paragraph_number), block.text
        elif isinstance(block, Table):
            table_number += 1
            yield from _table_paragraphs(block, table_number)
    yield from _margins(document, header=False)


def _margins(document: object, header: bool) -> Iterator[tuple[str, str]]:
    """Every header (or footer) of every section, each part once (sections often share them)."""
    seen: set[int] = set()
    label = _("header") if header else _("footer")
    for section in document.sections:  # type: ignore[attr-defined]
        kinds = ("first_page_header", "even_page_header", "header")
        if not header:
            kinds = ("first_page_footer", "even_page_footer", "footer")
        for kind in kinds:
            part = getattr(section, kind)
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            for paragraph in part.paragraphs:
                yield label, paragraph.text
            for number, table in enumerate(part.tables, start=1):
                for place, text in _table_paragraphs(table, number):
                    yield f"{label}, {place}", text


def _table_paragraphs(table: object, number: int) -> Iterator[tuple[str, str]]:
    for row_index, row in enumerate(table.rows, start=1):  # type: ignore[attr-defined]
        seen: set[int] = set()
        for cell_index, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            place = _("table {t}, row {r}, cell {c}").format(t=number, r=row_index, c=cell_index)
            for paragraph in cell.paragraphs:
                yield place, paragraph.text
            for inner in cell.tables:
                yield from _table_paragraphs(inner, number)


@dataclass
class _Checker:
    source: TemplateSource
    context: dict[str, Shape]
    filters: set[str]
    tests: set[str]
    environment: Any
    findings: list[Finding] = field(default_factory=list)

    def visit(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if self._past_a_limit(node):
            return
        if isinstance(node, nodes.Output):
            for printed in node.nodes:
                if not self._printed_past_a_limit(printed):
                    self.visit(printed, scope)
            return
        if isinstance(node, nodes.For):
            self._for(node, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            self._assign(node, scope)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            names = [a.name for a in node.args] + ["caller", "varargs", "kwargs"]
            inner: dict[str, Shape] = dict(scope) | dict.fromkeys(names)
            for child in node.body:
                self.visit(child, inner)
            if isinstance(node, nodes.Macro):
                scope[node.name] = None  # callable from here on, like a `set`
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.shape(node, scope)
            return
        if isinstance(node, nodes.Filter | nodes.Test):
            self._known_function(node)
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _for(self, node: nodes.For, scope: dict[str, Shape]) -> None:
        iterable = self.shape(node.iter, scope)
        item = iterable[1] if isinstance(iterable, tuple) and iterable[0] == "list" else None
        item_shape: Shape = None if isinstance(node.target, nodes.Tuple) else item  # type: ignore[assignment]
        inner: dict[str, Shape] = dict(scope) | dict.fromkeys(_targets(node.target), item_shape)
        inner["loop"] = None
        if node.test is not None:
            self.visit(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)

    def _assign(self, node: nodes.Assign | nodes.AssignBlock, scope: dict[str, Shape]) -> None:
        value = self.shape(node.node, scope) if isinstance(node, nodes.Assign) else None
        if isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.visit(child, scope)
        for name in _targets(node.target):
            scope[name] = value  # `set` holds until the end of the enclosing block, as in Jinja

    def shape(self, node: nodes.Node, scope: dict[str, Shape]) -> Shape:
        """The shape of an expression; reports an unknown name or field on the way."""
        if self._past_a_limit(node):
            return None
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.context:
                return self.context[node.name]
            if node.name not in _BUILTINS:
                self._unknown(node, node.name, list(self.context) + list(scope))
            return None
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int):
            owner = self.shape(node.node, scope)
            return owner[1] if isinstance(owner, tuple) and owner[0] == "list" else None  # type: ignore[return-value]
        attribute = _attribute_name(node)
        if attribute is not None:
            owner = self.shape(node.node, scope)  # type: ignore[attr-defined]
            if isinstance(owner, type):
                known = fields_of(owner)
                if attribute in known:
                    return known[attribute]
                self._unknown(node, f"{_dotted(node.node)}.{attribute}", list(known))  # type: ignore[attr-defined]
            return None
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return None

    def _past_a_limit(self, node: nodes.Node) -> bool:
        """A computation with constant operands that rendering would refuse, reported with its message."""
        return self._reported_limit(node, lambda: self._compute_checked(node))

    def _compute_checked(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.BinExpr | nodes.Concat):
            self._constant(node)
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
            numbers = [self._constant(arg) for arg in node.args]
            if _NOT_CONSTANT not in numbers and all(isinstance(n, int) for n in numbers):
                bounded_range(*numbers)
        elif isinstance(node, nodes.Filter) and node.name is not None:
            value = self._constant(node.node) if node.node is not None else _NOT_CONSTANT
            args = tuple(self._constant(arg) for arg in node.args)
            kwargs = {str(pair.key): self._constant(pair.value) for pair in node.kwargs}
            check_filter_call(node.name, None if value is _NOT_CONSTANT else value, args, kwargs)

    def _printed_past_a_limit(self, node: nodes.Node) -> bool:
        """A constant printed is written out whole, a list as its text: past the limit, it is reported."""
        if isinstance(node, nodes.TemplateData):
            return False
        return self._reported_limit(node, lambda: bounded_value(self._constant(node)))

    def _reported_limit(self, node: nodes.Node, check: Callable[[], object]) -> bool:
        """Run a limit check; a breach becomes a finding at the node's line (True), anything else is not ours."""
        try:
            check()
        except TemplateLimit as exc:
            self.findings.append(Finding(self.source.place(node.lineno), describe_jinja_error(exc)))
            return True
        except (TypeError, ValueError):
            pass
        return False

    def _constant(self, node: nodes.Node) -> Any:
        """The value of a constant expression, each operation checked as rendering checks it; _NOT_CONSTANT
        when it depends on the data (or cannot be computed)."""
        if isinstance(node, nodes.Const):
            return node.value
        if isinstance(node, nodes.Neg | nodes.Pos):
            value = self._constant(node.node)
            return value if value is _NOT_CONSTANT or isinstance(node, nodes.Pos) else -value
        if isinstance(node, nodes.List | nodes.Tuple | nodes.Concat):
            parts = node.nodes if isinstance(node, nodes.Concat) else node.items
            items = [self._constant(part) for part in parts]
            if any(item is _NOT_CONSTANT for item in items):
                return _NOT_CONSTANT
            if isinstance(node, nodes.Concat):
                check_concat(items)
                return "".join(map(str, items))
            return tuple(items) if isinstance(node, nodes.Tuple) else items
        if not isinstance(node, nodes.BinExpr) or node.operator not in self.environment.binop_table:
            return _NOT_CONSTANT
        left, right = self._constant(node.left), self._constant(node.right)
        if _NOT_CONSTANT in (left, right):
            return _NOT_CONSTANT
        check_binop(node.operator, left, right)
        try:
            return bounded_value(self.environment.binop_table[node.operator](left, right))
        except ArithmeticError:
            return _NOT_CONSTANT

    def _known_function(self, node: nodes.Filter | nodes.Test) -> None:
        known = self.filters if isinstance(node, nodes.Filter) else self.tests
        if node.name not in known:
            message = (
                _("unknown filter '{name}'") if isinstance(node, nodes.Filter) else _("unknown test '{name}'")
            ).format(name=node.name)
            close = difflib.get_close_matches(node.name, sorted(known), n=1)
            if close:
                message += "; " + _("did you mean '{name}'?").format(name=close[0])
            self.findings.append(Finding(self.source.place(node.lineno), message))

    def _unknown(self, node: nodes.Node, name: str, known: list[str]) -> None:
        message = _("unknown variable '{name}'").format(name=name)
        close = difflib.get_close_matches(name.rsplit(".", 1)[-1], known, n=1)
        if close:
            message += "; " + _("did you mean '{name}'?").format(name=close[0])
        self.findings.append(Finding(self.source.place(node.lineno), message))


def _attribute_name(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    attribute = _attribute_name(node)
    if attribute is not None:
        return f"{_dotted(node.node)}.{attribute}"  # type: ignore[attr-defined]
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"


def _targets(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        return [name for item in target.items for name in _targets(item)]
    return []
