#!/usr/bin/env python3
"""Patch an installed Splash 3.5 so it runs on Debian bookworm's Python 3.11.

Run it with the Splash venv's interpreter:  /opt/splash-venv/bin/python patch_splash.py

Each patch is a plain text substitution with an expected number of hits.
The script is idempotent: a patch whose new text is already there (and whose
old text is gone) is reported as "already applied".  If neither the old nor
the new text is found the Splash sources are not the ones this was written for
and the script exits non-zero with a message saying which file/pattern failed.

Why each patch exists:
  json-encoding   json.loads(..., encoding=) was removed in Python 3.9 -> every
                  POST with a JSON body (/execute, scrapy-splash) fails with 500.
  qtimer-int      PyQt5 5.15 on Python 3.10+ refuses float arguments to
                  QTimer.start(int) (TypeError); Splash passes seconds*1000.
  lua-version     lupa >= 2 bundles several Lua builds and `import lupa` picks
                  the newest (5.5 in lupa 2.8).  Splash's sandbox and Lua API
                  are written for, and documented as, Lua 5.2, so bind Splash
                  to lupa.lua52 (Splash's upstream Docker image used Lua 5.2).
                  Override with SPLASH_LUA=lua54 etc. when running this script.
  lua-require     from Lua 5.4 on, require() returns 2 values (module, path);
                  with unpack_returned_tuples=True lupa then hands Splash a
                  tuple instead of the module.  Wrap in parentheses so exactly
                  one value is returned (harmless on 5.2, needed on 5.4+).
"""

import importlib.util
import os
import re
import sys
from pathlib import Path

LUA = os.environ.get("SPLASH_LUA", "lua52")
if not re.fullmatch(r"lua5[1-5]|luajit2[01]", LUA):
    sys.exit(f"patch_splash: SPLASH_LUA must be lua51..lua55/luajit20/luajit21, got {LUA!r}")

# (name, relative file, regex, replacement, already-applied regex, expected count)
PATCHES: list[tuple[str, str, str, str, str, int]] = [
    (
        "json-encoding",
        "render_options.py",
        r"json\.loads\(content, encoding='utf8'\)",
        "json.loads(content)",
        r"json\.loads\(content\)",
        1,
    ),
    (
        "json-encoding",
        "kernel/inspections.py",
        r"json\.loads\(f\.read\(\)\.decode\('utf-8'\), encoding='utf8'\)",
        "json.loads(f.read().decode('utf-8'))",
        r"json\.loads\(f\.read\(\)\.decode\('utf-8'\)\)",
        1,
    ),
    (
        "qtimer-int",
        "browser_tab.py",
        r"(?m)^(\s+)timer\.start\(time_ms\)$",
        r"\1timer.start(int(time_ms))",
        r"timer\.start\(int\(time_ms\)\)",
        1,
    ),
    (
        "qtimer-int",
        "browser_tab.py",
        r"self\._timer\.start\(timeout \* 1000\)",
        "self._timer.start(int(timeout * 1000))",
        r"self\._timer\.start\(int\(timeout \* 1000\)\)",
        1,
    ),
    (
        "qtimer-int",
        "network_manager.py",
        r"(?m)^(\s+)timer\.start\(timeout_ms\)$",
        r"\1timer.start(int(timeout_ms))",
        r"timer\.start\(int\(timeout_ms\)\)",
        1,
    ),
    (
        "lua-require",
        "lua.py",
        r"""eval\("require\('(\w+)'\)"\)""",
        r"""eval("(require('\1'))")""",
        r"""eval\("\(require\('\w+'\)\)"\)""",
        1,
    ),
    (
        "lua-require",
        "lua_runtime.py",
        r"""eval\("require\('(\w+)'\)"\)""",
        r"""eval("(require('\1'))")""",
        r"""eval\("\(require\('\w+'\)\)"\)""",
        1,
    ),
    (
        "lua-require",
        "qtrender_lua.py",
        r"""eval\("require\('(\w+)'\)"\)""",
        r"""eval("(require('\1'))")""",
        r"""eval\("\(require\('\w+'\)\)"\)""",
        8,
    ),
    (
        "lua-require",
        "kernel/completer.py",
        r"""eval\("require\('(\w+)'\)"\)""",
        r"""eval("(require('\1'))")""",
        r"""eval\("\(require\('\w+'\)\)"\)""",
        1,
    ),
    (
        "lua-require",
        "kernel/lua_parser.py",
        r"""eval\("require\('(\w+)'\)"\)""",
        r"""eval("(require('\1'))")""",
        r"""eval\("\(require\('\w+'\)\)"\)""",
        1,
    ),
]
for rel, n in [
    ("lua.py", 2),
    ("lua_runner.py", 1),
    ("qtrender_lua.py", 1),
    ("kernel/errors.py", 1),
    ("kernel/kernel.py", 1),
]:
    PATCHES.append(
        (
            "lua-version",
            rel,
            r"(?m)^(\s*)import lupa(?:\.\w+ as lupa)?$",
            rf"\1import lupa.{LUA} as lupa",
            rf"(?m)^\s*import lupa\.{LUA} as lupa$",
            n,
        )
    )


def main() -> None:
    spec = importlib.util.find_spec("splash")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"patch_splash: FAILED: package 'splash' not importable by {sys.executable}")
    root = Path(next(iter(spec.submodule_search_locations)))
    print(f"patch_splash: patching Splash in {root} (Lua module: lupa.{LUA})")
    try:
        importlib.import_module("lupa." + LUA)
    except ImportError as e:
        sys.exit(
            f"patch_splash: FAILED: lupa.{LUA} not available ({e}); "
            "install a lupa wheel that ships it"
        )

    failed = 0
    for name, rel, old, new, done, count in PATCHES:
        path = root / rel
        src = path.read_text(encoding="utf-8")
        hits_done = len(re.findall(done, src))
        if name == "lua-version":
            # re-running with another SPLASH_LUA rewrites the import line
            patched, n = re.subn(old, new, src)
            if n == count:
                if patched != src:
                    path.write_text(patched, encoding="utf-8")
                    print(f"  [applied] {name:<13} {rel} ({n})")
                else:
                    print(f"  [already] {name:<13} {rel}")
                continue
        else:
            n = len(re.findall(old, src))
            if n == 0 and hits_done == count:
                print(f"  [already] {name:<13} {rel}")
                continue
            if n == count:
                path.write_text(re.sub(old, new, src), encoding="utf-8")
                print(f"  [applied] {name:<13} {rel} ({n})")
                continue
        print(
            f"  [FAILED]  {name:<13} {rel}: pattern {old!r} matched {n} times, expected {count} "
            f"(already-applied pattern matched {hits_done})",
            file=sys.stderr,
        )
        failed += 1
    if failed:
        sys.exit(f"patch_splash: FAILED: {failed} patch(es) did not apply; is this Splash 3.5?")
    print("patch_splash: all patches in place")


if __name__ == "__main__":
    main()
