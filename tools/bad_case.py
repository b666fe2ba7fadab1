"""Build one case of the bad-input gallery and show (or save) what `emul validate` prints for it.

    python tools/bad_case.py tests/data/bad/NN-name             # print output and exit code (English)
    python tools/bad_case.py tests/data/bad/NN-name --lang vi   # the same in Vietnamese
    python tools/bad_case.py tests/data/bad/NN-name --write     # save expected.txt (or expected.vi.txt)
    python tools/bad_case.py tests/data/bad/NN-name --keep      # keep the built folder and print its path

The case is built exactly as tests/test_bad_inputs.py builds it (its `build_case`). With --write the exit
code goes to `exit_code` when it is not 1 (and a stale `exit_code` is removed when it is 1). Read the output
before writing it: the gallery records what emul *should* print, not whatever it prints today.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_bad_inputs import GOLDEN, build_case  # noqa: E402


def run_case(case: Path, lang: str, keep: bool) -> tuple[int, str, str]:
    temp = Path(tempfile.mkdtemp(prefix="emul-case-"))
    folder = build_case(case, temp / "cum")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("EMUL_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "emulation_cli", "--lang", lang, "validate", "."],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if keep:
        print(f"[built in {folder}]", file=sys.stderr)
    else:
        shutil.rmtree(temp)
    return done.returncode, done.stdout, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", type=Path, help="the case folder, e.g. tests/data/bad/02-unclosed-quote")
    parser.add_argument("--lang", choices=sorted(GOLDEN), default="en")
    parser.add_argument("--write", action="store_true", help="save the output as the case's golden file")
    parser.add_argument("--keep", action="store_true", help="keep the built folder")
    args = parser.parse_args()
    case = args.case.resolve()
    if not case.is_dir():
        parser.error(f"{args.case} is not a folder")
    code, out, err = run_case(case, args.lang, args.keep)
    sys.stdout.write(out)
    if err:
        sys.stderr.write(err)
    print(f"[exit code {code}]", file=sys.stderr)
    if args.write:
        (case / GOLDEN[args.lang]).write_text(out, encoding="utf-8")
        exit_file = case / "exit_code"
        if code != 1:
            exit_file.write_text(f"{code}\n", encoding="utf-8")
        elif exit_file.exists():
            exit_file.unlink()
        print(f"[wrote {GOLDEN[args.lang]}]", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
