"""A cluster far beyond any real size is refused before any document is built for it.

A cụm thi đua has 5 to 15 units; the largest khối a province's Ban declares has about 100. Every figure and
document grows with the number of units (a score sheet and a workbook sheet each), and past a few hundred
units the officer would wait minutes for a batch no meeting could read. So a year listing more than
MAX_UNITS members is an error (not a warning: a warning would still let `emul report` spend the time and
memory), most likely a pasted or generated list rather than a cluster.
"""

from __future__ import annotations

from ..i18n import _
from ..loading.files import LoadResult
from .reporter import Reporter

MAX_UNITS = 500


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.cluster is None:
        return
    for index, entry in enumerate(result.cluster.model.members):
        if len(entry.members) > MAX_UNITS:
            reporter.error(
                result.cluster,
                ("members", index, "members"),
                "too-many-units",
                _("{count} units are listed for {year}; a cluster may have at most {limit}").format(
                    count=len(entry.members), year=entry.year, limit=MAX_UNITS
                ),
                _("a cluster has 5 to 15 units (a province's khối about 100): check that this is the list you meant"),
            )
