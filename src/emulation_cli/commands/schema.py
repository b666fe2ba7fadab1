"""emul schema: print or write the JSON Schema of each file kind."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..model.schemas import FILE_KINDS, schema_for, schema_text
from ..writing.atomic import write_text_atomic


def run(out: Path | None) -> int:
    if out is None:
        combined = {kind: schema_for(kind) for kind in FILE_KINDS}
        print(json.dumps(combined, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if out.exists() and not out.is_dir():
        raise UsageError(_("'{path}' exists and is not a folder").format(path=out))
    for kind in FILE_KINDS:
        target = out / f"{kind}.schema.json"
        try:
            write_text_atomic(target, schema_text(kind))
        except OSError as exc:
            raise UsageError(
                _("cannot write '{path}': {reason}").format(path=target.as_posix(), reason=exc.strerror or exc)
            ) from exc
        print(target.as_posix())
    return 0
