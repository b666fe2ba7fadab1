"""emul init: scaffold a new cluster folder with commented YAML that validates at once."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..model.provinces import (
    FormerProvinceError,
    Province,
    UnknownProvinceError,
    all_provinces,
    find_province,
)
from ..model.schemas import FILE_KINDS, schema_text
from ..resources import GENERATED_FOLDERS, data_dir
from ..text.vietnamese import ascii_slug, nfc
from ..writing.atomic import current_umask, write_atomic, write_text_atomic

RUBRIC_SOURCE = "khoi-so-nganh-ha-noi-2023.yaml"  # written for Hà Nội, the province by default
DEFAULT_PROVINCE = "Hà Nội"
RUBRIC_SOURCE_YEAR, RUBRIC_SOURCE_CLUSTER = 2023, "Cụm thi đua số 7"  # what the bundled rubric's texts name
RUBRIC_TARGET = Path("criteria") / "bo-tieu-chi.yaml"
LEGAL_TEXTS = "legal-bases.yaml"  # in templates/init: the national texts with their validity


def run(folder: Path, name: str | None, code: str | None, year: int | None, province: str | None = None) -> int:
    _refuse_non_empty(folder)
    name = _text_option(name or "Cụm thi đua số 1", "--name")
    code = _text_option(code or default_code(name), "--code")
    year = date.today().year if year is None else year
    if not 1945 <= year <= 2200:
        raise UsageError(_("the year {year} is not plausible").format(year=year))
    where = _province(DEFAULT_PROVINCE if province is None else province, year)
    context = {
        "name": name,
        "code": code,
        "year": year,
        "cluster_id": ascii_slug(name) or "cum-thi-dua",
        "rubric_path": RUBRIC_TARGET.as_posix(),
        "rubric_version": _bundled_rubric_version(),
        "province": where,
    }
    bases = legal_bases_of_year(year)
    context.update(legal_bases=bases, basis_ids=[b["id"] for b in bases])
    _report(folder, _build_in_staging(folder, context, where))
    return 0


def _province(query: str, year: int) -> Province:
    try:
        return find_province(_text_option(query, "--province"), year)
    except FormerProvinceError as exc:
        raise UsageError(
            _("{former} is a province until 2024: since 2025 it is (part of) {successor}").format(
                former=exc.former, successor=exc.successor.full_name
            ),
            hint=_('write: --province "{name}"').format(name=exc.successor.name),
        ) from exc
    except UnknownProvinceError as exc:
        close = exc.close or all_provinces()
        raise UsageError(
            _("there is no province or centrally-run city named '{name}'").format(name=exc.query),
            hint=_("did you mean: {names}").format(names=", ".join(p.name for p in close))
            if exc.close
            else _("the 34 provinces and cities: {names}").format(names=", ".join(p.name for p in close)),
        ) from exc


def default_code(name: str) -> str:
    """'Cụm thi đua số 3' -> 'CTĐ3', 'Khối thi đua số 12' -> 'KTĐ12' (the usual document code)."""
    lowered = name.lower()
    prefix = "KTĐ" if lowered.lstrip().startswith("khối") else "CTĐ"
    match = re.search(r"(?:cụm|khối)\s+thi\s+đua(?:\s+số)?\s+(\d+)", lowered)
    return prefix + (match.group(1) if match else "")


def _text_option(value: str, option: str) -> str:
    text = nfc(value).strip()
    if not text or any(unicodedata.category(ch) == "Cc" for ch in text):
        raise UsageError(_("{option} must be a non-empty line of text").format(option=option))
    return text


def _report(folder: Path, written: list[Path], closing: str | None = None) -> None:
    for path in written:
        print((folder / path).as_posix())
    print(
        (closing or _("Created a cluster folder. Next: edit the files, then run: emul validate {folder}")).format(
            folder=folder.as_posix()
        )
    )


def run_example(folder: Path, example: str) -> int:
    """Copy a bundled example cluster, with its rubric beside it, so it can be tried after a wheel install."""
    _refuse_non_empty(folder)
    examples = data_dir("examples")
    source = examples / example
    if not (source / "cluster.yaml").is_file():
        names = ", ".join(sorted(p.name for p in examples.iterdir() if (p / "cluster.yaml").is_file()))
        raise UsageError(
            _("there is no bundled example '{name}'").format(name=example),
            hint=_("bundled examples: {names}").format(names=names),
        )
    written = _in_staging(folder, lambda staging: [*_copy_example(source, staging), *_write_editor_support(staging)])
    _report(folder, written, _("Copied the example. Try: emul score {folder}"))
    return 0


def _copy_example(source: Path, staging: Path) -> list[Path]:
    written = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        if relative.parts[0] in GENERATED_FOLDERS:  # what `emul report` or `emul forms` wrote is not the example
            continue
        write_atomic(staging / relative, path.read_bytes())
        written.append(relative)
    cluster = staging / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    rubric_line = next((line for line in text.splitlines() if line.strip().startswith("path:")), None)
    if rubric_line is None:  # a cluster ranked by vote has no rubric to copy
        return written
    rubric = (source / rubric_line.split(":", 1)[1].strip()).resolve()
    write_atomic(staging / "criteria" / rubric.name, rubric.read_bytes())
    local = rubric_line.split("path:")[0] + f"path: criteria/{rubric.name}"
    write_text_atomic(cluster, text.replace(rubric_line, local, 1))
    return [*written, Path("criteria") / rubric.name]


def _build_in_staging(folder: Path, context: dict[str, object], province: Province) -> list[Path]:
    def build(staging: Path) -> list[Path]:
        written = _render_scaffold(staging, context)
        write_text_atomic(
            staging / RUBRIC_TARGET, rubric_for(province, int(str(context["year"])), str(context["name"]))
        )
        return [*written, RUBRIC_TARGET, *_write_editor_support(staging)]

    return _in_staging(folder, build)


def _in_staging(folder: Path, build: Callable[[Path], list[Path]]) -> list[Path]:
    """Write every file into a hidden staging folder, then move it into place: all or nothing."""
    try:
        return _stage_and_move(folder, build)
    except OSError as exc:
        raise UsageError(
            _("cannot write '{path}': {reason}").format(path=folder.as_posix(), reason=exc.strerror or exc)
        ) from exc


def _stage_and_move(folder: Path, build: Callable[[Path], list[Path]]) -> list[Path]:
    existing = folder.is_dir()
    parent = folder if existing else folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".emul-init-", dir=parent))
    try:
        os.chmod(staging, 0o777 & ~current_umask())
        written = build(staging)
        if existing:  # keep the folder itself (it may be the current folder, or a fresh git clone)
            for entry in sorted(staging.iterdir()):
                os.replace(entry, folder / entry.name)
            staging.rmdir()
        else:
            os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _refuse_non_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("'{path}' exists and is not a folder").format(path=folder.as_posix()))
    if folder.is_dir() and any(entry.name != ".git" for entry in folder.iterdir()):
        raise UsageError(
            _("'{path}' is not empty; emul init writes only into a new or empty folder").format(path=folder.as_posix()),
            hint=_("choose another folder name"),
        )


def rubric_for(province: Province, year: int, cluster: str) -> str:
    """The bundled illustrative rubric, written for Hà Nội's Cụm thi đua số 7 in 2023, made to name the
    cluster, its year and its province (its texts reach the báo cáo and the score sheets)."""
    text = (data_dir("criteria") / RUBRIC_SOURCE).read_text(encoding="utf-8")
    text = text.replace(f"năm {RUBRIC_SOURCE_YEAR}", f"năm {year}").replace(RUBRIC_SOURCE_CLUSTER, cluster)
    if province.name == DEFAULT_PROVINCE:
        return text
    for old, new in (
        ("khoi-so-nganh-ha-noi", f"khoi-so-nganh-{province.slug}"),
        ("Thành phố Hà Nội", province.full_name),
        ("Thành phố", province.short),
    ):
        text = text.replace(old, new)
    return text


def _bundled_rubric_version() -> str:
    from ..loading.yamltree import read_yaml_file

    doc = read_yaml_file(data_dir("criteria") / RUBRIC_SOURCE, RUBRIC_SOURCE)
    return str(doc.data["version"])


def legal_bases_of_year(year: int) -> list[dict[str, object]]:
    """The bundled national texts in force on some day of the year, with their validity and the comment
    written above each: a current year starts from the texts in force now, an older year from its own."""
    from ..loading.yamltree import read_yaml_file
    from ..model.cluster import LegalBasis
    from ..model.legal import in_force_between

    doc = read_yaml_file(data_dir("templates") / "init" / LEGAL_TEXTS, LEGAL_TEXTS)
    entries = [dict(entry) for entry in doc.data["texts"]]
    notes = {str(entry["id"]): str(entry.pop("note", "")) for entry in entries}
    chosen = in_force_between([LegalBasis.model_validate(e) for e in entries], date(year, 1, 1), date(year, 12, 31))
    return [{**b.model_dump(), "note": textwrap.wrap(notes[b.id], 104)} for b in chosen]


def _render_scaffold(folder: Path, context: dict[str, object]) -> list[Path]:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    source = data_dir("templates") / "init"
    env = SandboxedEnvironment(
        loader=FileSystemLoader(source),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["yaml_str"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    written = []
    for template in sorted(p for p in source.rglob("*.j2")):
        relative = template.relative_to(source).with_suffix("")
        text = env.get_template(template.relative_to(source).as_posix()).render(context)
        write_text_atomic(folder / relative, text)
        written.append(relative)
    return written


def _write_editor_support(folder: Path) -> list[Path]:
    """JSON Schemas and VS Code settings, so the YAML extension completes keys while the officer types."""
    written = []
    mapping = {}
    for kind, (_model, pattern) in FILE_KINDS.items():
        relative = Path(".schemas") / f"{kind}.schema.json"
        write_text_atomic(folder / relative, schema_text(kind))
        written.append(relative)
        mapping[f"./{relative.as_posix()}"] = [pattern]
    settings = Path(".vscode") / "settings.json"
    write_text_atomic(folder / settings, json.dumps({"yaml.schemas": mapping}, ensure_ascii=False, indent=2) + "\n")
    written.append(settings)
    return written
