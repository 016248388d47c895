"""Find import cycles among kazasu's modules: `python scripts/import_cycles.py [PACKAGE ...]`.

The import graph is grimp's (the one import-linter checks the contracts on): every import a module
makes, at module level or inside a function, under `if TYPE_CHECKING:` too. A cycle is a group of
modules that reach each other through imports (a strongly connected component with more than one
module, or a module importing itself). Each is printed with the imports that close it (file line and
statement); the exit status is 1 when there is one, 0 when there is none. The packages are found on
the Python path (default: kiosk, devices, forms, sync); tests/test_architecture.py runs this on the
tree and on a copy with a cycle planted.
"""

from __future__ import annotations

import sys

import grimp

PACKAGES = ("kiosk", "devices", "forms", "sync")


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The graph's cycles: each strongly connected component of two or more modules (or a module
    importing itself), sorted (Tarjan's algorithm, iterative: no recursion limit to hit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            module, edges = work[-1]
            step = next(edges, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = counter
                    counter += 1
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph.find_modules_directly_imported_by(step)))))
                elif step in on_stack:
                    low[module] = min(low[module], index[step])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or graph.direct_import_exists(importer=module, imported=module):
                    found.append(sorted(group))
    return sorted(found)


def describe(graph: grimp.ImportGraph, group: list[str]) -> list[str]:
    """The imports between the modules of `group`: "importer -> imported (line n: statement)"."""
    members = set(group)
    lines = []
    for importer in group:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            for detail in graph.get_import_details(importer=importer, imported=imported):
                lines.append(f"{importer} -> {imported} (line {detail['line_number']}: "
                             f"{detail['line_contents']})")
    return lines


def main(argv: list[str]) -> int:
    packages = argv or list(PACKAGES)
    graph = grimp.build_graph(*packages, cache_dir=None)
    found = cycles(graph)
    for group in found:
        print(f"import cycle: {' <-> '.join(group)}")
        for line in describe(graph, group):
            print(f"    {line}")
    print(f"{len(found)} import cycle(s) among {len(graph.modules)} modules of {', '.join(packages)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
