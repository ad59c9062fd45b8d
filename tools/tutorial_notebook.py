#!/usr/bin/env python3
"""Makes a tutorial's notebook from its script, so the two cannot drift.

The script (docs/tutorial/NAME.py) is the source: cells start at lines
"# %%" (code) and "# %% [markdown]" (markdown, each line a comment). The
notebook (NAME.ipynb beside it, nbformat 4, no outputs) holds the same cells.

    /usr/bin/python3 tools/tutorial_notebook.py docs/tutorial/china_2007_whatif.py
    /usr/bin/python3 tools/tutorial_notebook.py --check docs/tutorial/china_2007_whatif.py

--check writes nothing and exits 1 if the notebook is not what the script
gives (the ctest python_tutorial_notebook_current runs it).
"""

import argparse
import json
import pathlib
import sys


def cells_of(script):
    """[(kind, source lines)] of a "# %%" script."""
    cells = []
    for line in script.splitlines():
        if line.startswith("# %%"):
            kind = "markdown" if "[markdown]" in line else "code"
            cells.append((kind, []))
        elif cells:
            cells[-1][1].append(line)
        elif line.strip():
            raise SystemExit("tutorial_notebook: text before the first '# %%' cell")
    out = []
    for kind, lines in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            lines = [l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines]
        out.append((kind, lines))
    return out


def notebook_of(script):
    cells = []
    for kind, lines in cells_of(script):
        source = [l + "\n" for l in lines[:-1]] + lines[-1:]
        cell = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        cells.append(cell)
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    # Cell ids (nbformat 4.5): stable, so the file only changes with the script.
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i:02d}"
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", type=pathlib.Path)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the notebook differs from the script's cells")
    args = parser.parse_args()
    target = args.script.with_suffix(".ipynb")
    text = notebook_of(args.script.read_text(encoding="utf-8"))
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"tutorial_notebook: {target} is not the notebook of {args.script}; "
                  f"run: /usr/bin/python3 tools/tutorial_notebook.py {args.script}",
                  file=sys.stderr)
            return 1
        print(f"tutorial_notebook: {target} holds the cells of {args.script}")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"tutorial_notebook: wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
