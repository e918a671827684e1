"""The generator's layout: dependencies point one way, between rooms and between modules, and the README draws it.

A room is a folder of generator/ (load/, model/, render/, …) or a module at its top (build.py, errors.py, …). The
import graph is read from the source with `ast`: every import, inside functions and under `if TYPE_CHECKING:` too,
relative imports resolved. An import of a room's module from another room is an edge between the two rooms; any
cycle, between rooms or between modules, fails and is named in the order its imports run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "generator"

Graph = dict[str, set[str]]


def module_name(path: Path, top: Path) -> str:
    """'generator.load.reader' for generator/load/reader.py, 'generator.load' for generator/load/__init__.py."""
    parts = list(path.relative_to(top.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(top: Path) -> dict[str, Path]:
    """Every module of the package at `top`, by name."""
    return {module_name(path, top): path for path in sorted(top.rglob("*.py"))}


def imported_modules(path: Path, name: str, known: Iterable[str]) -> set[str]:
    """The package's modules that the module `name` (at `path`) imports, wherever the import statement is."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {longest_known(alias.name, known) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                found.add(whole if whole in known else longest_known(base, known))
    return found - {"", name}


def longest_known(dotted: str, known: set[str]) -> str:
    """The longest prefix of `dotted` that is a module of the package ('' when none is)."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return ""


def module_graph(top: Path) -> Graph:
    """Module → the package's modules it imports."""
    modules = modules_of(top)
    return {name: imported_modules(path, name, modules) for name, path in modules.items()}


def room_of(module: str) -> str:
    """'load' for generator.load.reader, 'build' for generator.build, 'generator' for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def room_graph(modules: Graph) -> Graph:
    """Room → the other rooms its modules import."""
    rooms: Graph = {room_of(m): set() for m in modules}
    for module, imported in modules.items():
        rooms[room_of(module)] |= {room_of(i) for i in imported} - {room_of(module)}
    return rooms


def cycles(graph: Graph) -> list[str]:
    """One cycle through each group of nodes that reach each other, as 'a → b → a'; [] when the graph has none."""
    found = []
    for group in strongly_connected(graph):
        start = min(group)
        if len(group) == 1 and start not in graph.get(start, set()):
            continue
        found.append(" → ".join(cycle_through(graph, start, group)))
    return sorted(found)


def strongly_connected(graph: Graph) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, set()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, set())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def cycle_through(graph: Graph, start: str, group: set[str]) -> list[str]:
    """The shortest path from `start` back to itself inside `group` (breadth first)."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for successor in sorted(graph.get(node, set()) & group):
            if successor == start:
                return [*paths[node], start]
            if successor not in paths:
                paths[successor] = [*paths[node], successor]
                queue.append(successor)
    raise AssertionError(f"no cycle through {start}")


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(module_graph(GENERATOR)) == []


def test_rooms_depend_one_way() -> None:
    assert cycles(room_graph(module_graph(GENERATOR))) == []


def test_a_cycle_is_named_in_the_order_its_imports_run() -> None:
    graph = {"load": {"errors"}, "model": {"load"}, "link": {"model", "render"}, "render": {"link"}, "errors": set(),
             "cache": {"cache"}}
    assert cycles(graph) == ["cache → cache", "link → render → link"]


def test_imports_under_type_checking_in_functions_and_relative_ones_are_edges(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "room").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "room" / "__init__.py").write_text("", encoding="utf-8")
    (package / "room" / "first.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..second import Thing\n", encoding="utf-8")
    (package / "second.py").write_text("def later():\n    from .room import first\n", encoding="utf-8")
    graph = module_graph(package)
    assert graph["pkg.room.first"] == {"pkg.second"}
    assert graph["pkg.second"] == {"pkg.room.first"}
    assert cycles(room_graph(graph)) == ["room → second → room"]


def drawn_rooms(readme: str) -> dict[str, int]:
    """The folders and top-level modules of generator/ that the README's drawing names, each with its line (from 0):
    a line's names come before its description (two spaces or more)."""
    drawing = re.search(r"^```text\ngenerator/\n(.*?)^```$", readme, flags=re.M | re.S)
    assert drawing, "README.md has no ```text drawing that starts with generator/"
    names = {}
    for number, line in enumerate(drawing.group(1).splitlines()):
        named = re.split(r"\s{2,}", line.lstrip("│├└─ "), maxsplit=1)[0]
        names |= {name.strip(): number for name in named.split(",") if name.strip()}
    return names


def on_disk() -> list[str]:
    """The rooms of generator/: its folders (with a slash) and its top-level modules."""
    return sorted([f"{p.name}/" for p in GENERATOR.iterdir() if (p / "__init__.py").is_file()]
                  + [p.name for p in GENERATOR.glob("*.py") if p.name != "__init__.py"])


def test_the_readme_draws_every_room_of_the_generator() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert sorted(drawn_rooms(readme)) == on_disk()  # every room drawn, and nothing drawn that is not there


def test_each_room_imports_only_rooms_drawn_above_it() -> None:
    drawn = drawn_rooms((REPO / "README.md").read_text(encoding="utf-8"))
    line = {name.removesuffix("/").removesuffix(".py"): number for name, number in drawn.items()}
    rooms = room_graph(module_graph(GENERATOR))
    upward = sorted(f"{room} imports {imported}" for room, imports in rooms.items() if room in line
                    for imported in imports if imported in line and line[imported] > line[room])
    assert upward == []
