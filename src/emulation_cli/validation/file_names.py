"""Ids that become file or folder names (assessments/<period>/<unit>.yaml, phieu-cham/<unit>.docx, the forms):
each must be a name Windows can create, or the officer's folder cannot be copied to the office PC."""

from __future__ import annotations

import re
from typing import Any

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded
from .reporter import NOUNS, Reporter

# Device names: Windows refuses them as a file's name, whatever the case and whatever extension follows.
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def windows_refuses(name: str) -> bool:
    """Whether Windows cannot create a file or folder of this name: a device name, or a trailing dot or space."""
    return bool(_DEVICE.match(name.rstrip(". "))) or name.endswith((".", " "))


def report_unusable_names(reporter: Reporter, source: Loaded[Any], base: YamlPath, ids: list[str], what: str) -> None:
    """Error on every id of the list at `base` that Windows cannot use as a file name."""
    for index, item_id in enumerate(ids):
        if windows_refuses(item_id):
            reporter.error(
                source,
                (*base, index, "id"),
                "reserved-file-name",
                _("the {what} id '{id}' becomes a file name that Windows cannot create").format(
                    what=_(NOUNS[what]), id=item_id
                ),
                _(
                    "names such as con, prn, aux, nul, com1 or lpt1 and names ending in a dot are reserved; "
                    "choose another id"
                ),
            )
