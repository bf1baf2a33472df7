"""Mutation testing: plant one small bug at a time and see whether the tests notice.

    .venv/bin/python tests/mutate.py qtrack/lights.py qtrack/periods.py … [--sample N] [-j 2]

Each mutant is one edit a careless hand could make, planted in a private copy of the checkout:
a comparison moved across its boundary (`<` for `<=`), `==` for `!=`, `and` for `or`, a number
off by one, a condition negated, a `+` for a `-`, or the same inside an SQL string (`<` for
`<=`, `AND` for `OR`, `MIN` for `MAX`, `ASC` for `DESC`).

Which tests judge a mutant: by default the SQLite half (`-k "not postgresql"`) of the test files
that cover the module, found by name: those that import it (or its package) and those named for
it (tests/test_<name>*.py), with tests/test_boundaries.py and any --tests given (--tests-only:
those alone). One coverage run of them shows they pass with no mutant planted and which tests ran
each line; a mutant the tests of its line all pass is a survivor (a line none ran: a survivor; a
statement run at import, as a module's SQL constants are, is judged by all the selected files). --confirm-all is the slow, thorough way: the tests that ran the mutated line
(coverage contexts of one whole-suite run) first, then the whole suite on both engines before a
mutant is called a survivor, so tests that only reach the line through a subprocess still count.

The score of a module is killed / (mutants − equivalent), where tests/mutation-equivalent.txt
lists the mutants that cannot change any answer, each with why. --only re-runs the mutants named
in a file (one id a line, as `--list` prints them or a run's survivors), e.g. after new tests.
Not part of CI (a run takes many minutes); the README gives the last scores.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "mutation-equivalent.txt"
TIMEOUT_S = 600  # a mutant that makes the suite hang (a loop that never ends) counts as killed

COMPARE = {ast.Lt: ("<", "<="), ast.LtE: ("<=", "<"), ast.Gt: (">", ">="), ast.GtE: (">=", ">"),
           ast.Eq: ("==", "!="), ast.NotEq: ("!=", "=="), ast.In: ("in", "not in"),
           ast.NotIn: ("not in", "in"), ast.Is: ("is", "is not"), ast.IsNot: ("is not", "is")}
SQL_HINT = re.compile(r"\b(SELECT|WHERE|CASE\s+WHEN|JOIN|HAVING)\b")
# Inside SQL text: (pattern, replacement); a comparison at its boundary first.
SQL_EDITS = ((r"<=", "<"), (r">=", ">"), (r"(?<![<>!])<(?![=>])", "<="), (r"(?<![<>!-])>(?!=)", ">="),
             (r"\bAND\b", "OR"), (r"\bMAX\(", "MIN("), (r"\bMIN\(", "MAX("), (r"\bDESC\b", "ASC"),
             (r"(?<![<>!])=(?!=)", "<>"))


@dataclass(frozen=True)
class Mutant:
    module: str  # path relative to the checkout
    line: int
    col: int  # where on the line the edit starts, in bytes: with the line, it names the mutant
    start: int  # byte offsets of the replaced span in the module's source
    end: int
    new: bytes
    kind: str  # "compare", "sql", "boolop", "number", "negate", "arith"
    what: str  # human-readable: 'line 42: <= → <'

    @property
    def id(self) -> str:
        return f"{self.module}:{self.line}:{self.col}:{self.kind}:{self.what.split(': ', 1)[1]}"

    def apply(self, source: bytes) -> bytes:
        return source[:self.start] + self.new + source[self.end:]


class _Finder(ast.NodeVisitor):
    """Walks one module's tree and records every mutant, with byte offsets into its source."""

    def __init__(self, module: str, source: bytes):
        self.module, self.source = module, source
        self.line_starts = [0]
        for i, byte in enumerate(source):
            if byte == 0x0A:
                self.line_starts.append(i + 1)
        self.found: list[Mutant] = []

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col  # ast columns are UTF-8 byte offsets

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def add(self, line: int, start: int, end: int, new: str, kind: str, old: str) -> None:
        col = start - self.line_starts[line - 1]
        self.found.append(Mutant(self.module, line, col, start, end, new.encode(), kind,
                                 f"line {line}: {old} → {new.strip()}"))

    def between(self, left: ast.AST, right: ast.AST, old: str, new: str, kind: str) -> None:
        """Replace the operator written between two operands (the tree keeps no position for it)."""
        start, end = self.span(left)[1], self.span(right)[0]
        gap = self.source[start:end].decode()
        match = re.search(rf"(?<![\w<>=!])\s*{re.escape(old)}\s*(?![\w<>=])" if not old[0].isalpha()
                          else rf"\b{re.escape(old)}\b", gap)
        if match:
            self.add(left.end_lineno, start + len(gap[:match.start()].encode()),
                     start + len(gap[:match.end()].encode()), f" {new} ", kind, old)

    def visit_Compare(self, node: ast.Compare) -> None:
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if type(op) in COMPARE:
                old, new = COMPARE[type(op)]
                self.between(left, right, old, new, "compare")
            left = right
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        for left, right in zip(node.values, node.values[1:]):
            self.between(left, right, old, new, "boolop")
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        strings = (ast.JoinedStr, ast.List, ast.Tuple)
        texty = any(isinstance(side, strings) or (isinstance(side, ast.Constant) and not isinstance(side.value, int))
                    for side in (node.left, node.right))
        if isinstance(node.op, (ast.Add, ast.Sub)) and not texty:
            old, new = ("+", "-") if isinstance(node.op, ast.Add) else ("-", "+")
            self.between(node.left, node.right, old, new, "arith")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        start, end = self.span(node)
        if isinstance(value, int) and not isinstance(value, bool):
            self.add(node.lineno, start, end, str(value + 1), "number", str(value))
            if value > 0:
                self.add(node.lineno, start, end, str(value - 1), "number", str(value))
        elif isinstance(value, str) and SQL_HINT.search(value):
            self.sql(node, start, end)

    def sql(self, node: ast.Constant, start: int, end: int) -> None:
        text = self.source[start:end].decode()
        for pattern, new in SQL_EDITS:
            for match in re.finditer(pattern, text):
                line = node.lineno + text[:match.start()].count("\n")
                col = start + len(text[:match.start()].encode()) - self.line_starts[line - 1]
                mutated = text[:match.start()] + new + text[match.end():]
                self.found.append(Mutant(self.module, line, col, start, end, mutated.encode(), "sql",
                                         f"line {line}: SQL {match.group().strip()} → {new}"))

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        for value in node.values:  # an f-string's SQL is mutated through its expressions only
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def negate(self, test: ast.AST) -> None:
        start, end = self.span(test)
        old = self.source[start:end].decode()
        self.add(test.lineno, start, end, f"not ({old})", "negate", f"if {old[:40]}")

    def visit_If(self, node: ast.If) -> None:
        self.negate(node.test)
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.negate(node.test)
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:  # docstrings are no code
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            self.generic_visit(node)


def find_mutants(module: str) -> list[Mutant]:
    source = (ROOT / module).read_bytes()
    finder = _Finder(module, source)
    finder.visit(ast.parse(source))
    seen, out = set(), []
    for m in finder.found:  # one mutant per distinct edit; the same span can be found twice
        key = (m.start, m.end, m.new)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def sample(mutants: list[Mutant], n: int | None, rng: random.Random) -> list[Mutant]:
    """Comparisons (Python's and SQL's) at their boundary first, then a random draw of the rest up to n.

    When there are more comparisons than n, they are drawn by operator in turn ('<= → <', then
    '== → !=', …) so that every operator the module uses is in the sample."""
    if n is None or len(mutants) <= n:
        return mutants
    by_operator: dict[str, list[Mutant]] = {}
    for m in mutants:
        if m.kind in ("compare", "sql"):
            by_operator.setdefault(m.what.split(": ", 1)[1], []).append(m)
    for group in by_operator.values():
        rng.shuffle(group)
    chosen: list[Mutant] = []
    while len(chosen) < n and any(by_operator.values()):
        for group in by_operator.values():
            if group and len(chosen) < n:
                chosen.append(group.pop())
    rest = [m for m in mutants if m.kind not in ("compare", "sql")]
    chosen += rng.sample(rest, min(len(rest), n - len(chosen)))
    return sorted(chosen, key=lambda m: (m.module, m.start, m.new))


def copy_checkout(dest: Path) -> Path:
    """The checkout's files as git sees them (tracked, and new ones not ignored): no venv, no caches."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    env.pop("QTRACK_DEBUG", None)
    return env


def tests_for(module: str, extra: list[str], only: bool = False) -> list[str]:
    """The test files that cover a module by name: they import it (or its package), or are named for it."""
    dotted = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    package, _, stem = dotted.rpartition(".")
    names = {dotted}
    init = ROOT / package.replace(".", "/") / "__init__.py"
    if package != "qtrack" and re.search(rf"from (\.|{re.escape(package)}\.){stem} import", init.read_text()):
        names.add(package)  # the package hands on the module's names
    if only:
        return sorted(extra)
    found = set(extra) | {"tests/test_boundaries.py"}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        if path.name.startswith(f"test_{stem}"):
            found.add(f"tests/{path.name}")
            continue
        for node in ast.walk(ast.parse(path.read_bytes())):
            imported = set()
            if isinstance(node, ast.Import):
                imported = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
            if imported & names:
                found.add(f"tests/{path.name}")
                break
    return sorted(found)


def sqlite_half(files: list[str]) -> list[str]:
    return ["-k", "not postgresql", *files]


def pytest(copy: Path, args: list[str], timeout: int = TIMEOUT_S) -> int:
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *args]
    try:
        return subprocess.run(cmd, cwd=copy, env=environment(copy), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return -1


def coverage_map(copy: Path, modules: list[str], selection: list[str]) -> dict[tuple[str, int], set[str]]:
    """(module, line) → the tests that ran that line, from one run of `selection` (pytest's
    arguments; none: the whole suite) under coverage."""
    data, rc_file = copy / ".coverage", copy / ".coveragerc-mutate"
    rc_file.write_text("[run]\ndynamic_context = test_function\n")
    rc = subprocess.run([sys.executable, "-m", "coverage", "run", f"--rcfile={rc_file}", f"--data-file={data}",
                         "--include=" + ",".join(str(copy / m) for m in modules), "-m", "pytest", "-q",
                         "-p", "no:cacheprovider", *selection],
                        cwd=copy, env=environment(copy), stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL).returncode
    if rc != 0:  # every mutant would look killed
        sys.exit(f"mutate: pytest {' '.join(selection)} fails with no mutant planted (exit {rc}); make it pass first")
    from coverage import CoverageData

    cov = CoverageData(basename=str(data))
    cov.read()
    out: dict[tuple[str, int], set[str]] = {}
    for module in modules:
        path = str(copy / module)
        for line, contexts in (cov.contexts_by_lineno(path) or {}).items():
            out[(module, line)] = {c for c in contexts if c}
    return out


def test_files_for(contexts: set[str]) -> list[str]:
    """Coverage's test_function contexts ('test_x.test_y' or 'test_x.Class.test_y') → pytest ids."""
    ids = set()
    for context in contexts:
        parts = context.split(".")
        if parts and parts[0].startswith("test_"):
            ids.add(f"tests/{parts[0]}.py::" + "::".join(parts[1:]))
    return sorted(ids)


def run_one(copy: Path, mutant: Mutant, first: list[str], confirm: list[str] | None) -> str:
    """Plant the mutant, run the first tests (if any) then the confirming ones (if any), and put the module back."""
    target = copy / mutant.module
    original = target.read_bytes()
    target.write_bytes(mutant.apply(original))
    try:
        try:
            compile(mutant.apply(original), mutant.module, "exec")
        except SyntaxError:
            return "invalid"
        if first and pytest(copy, first) != 0:
            return "killed"
        return "killed" if confirm is not None and pytest(copy, confirm) != 0 else "survived"
    finally:
        target.write_bytes(original)


def equivalents() -> dict[str, str]:
    out = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                mutant_id, _, why = line.partition("  # ")
                out[mutant_id.strip()] = why.strip()
    return out


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="+", help="module files, e.g. qtrack/lights.py")
    parser.add_argument("--sample", type=int, help="at most N mutants per module (boundaries first)")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("-j", "--jobs", type=int, default=1, help="copies run side by side (1 or 2 on a shared machine)")
    parser.add_argument("--tests", nargs="+", default=[], metavar="FILE",
                        help="test files to add to those found by name (e.g. ones that reach the module by the CLI)")
    parser.add_argument("--tests-only", action="store_true", help="judge by the --tests files alone (a quick look)")
    parser.add_argument("--confirm-all", action="store_true",
                        help="the covering tests from a coverage run, then the whole suite on both engines, "
                             "before a survivor is named (slow: many minutes a survivor)")
    parser.add_argument("--only", type=Path, metavar="FILE", help="run only the mutants whose ids this file lists")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    rng = random.Random(args.seed)
    modules = [str(Path(m)) for m in args.modules]
    mutants = [m for module in modules for m in sample(find_mutants(module), args.sample, rng)]
    if args.only:
        wanted = {line.strip() for line in args.only.read_text(encoding="utf-8").splitlines()}
        mutants = [m for module in modules for m in find_mutants(module) if m.id in wanted]
    if args.list:
        for m in mutants:
            print(m.id)
        return
    equivalent = equivalents()
    with tempfile.TemporaryDirectory(prefix="qtrack-mutate-") as tmp:
        copies = [copy_checkout(Path(tmp) / f"copy{i}") for i in range(args.jobs)]
        judges = plan_judges(copies[0], modules, args)
        free = list(copies)
        results: dict[Mutant, str] = {}

        def work(mutant: Mutant) -> None:
            copy = free.pop()
            try:
                status = "equivalent" if mutant.id in equivalent else run_one(copy, mutant, *judges(mutant))
            finally:
                free.append(copy)
            results[mutant] = status
            print(f"{status:10} {mutant.id}", flush=True)

        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(work, mutants))
    report(modules, mutants, results, args.json)


def plan_judges(copy: Path, modules: list[str], args: argparse.Namespace):
    """For each mutant, (the tests to run first, the tests that confirm a survivor or None), from one
    coverage run that also shows they pass with no mutant planted."""
    if args.confirm_all:
        covered = coverage_map(copy, modules, [])
        return lambda m: (test_files_for(covered.get((m.module, m.line), set())), [])
    files = sorted({f for module in modules for f in tests_for(module, args.tests, args.tests_only)})
    print("judged by the SQLite half of " + " ".join(files), flush=True)
    covered = coverage_map(copy, modules, sqlite_half(files))

    shapes = {module: statements(module) for module in modules}

    def judges(m: Mutant) -> tuple[list[str], None]:
        # Coverage counts a statement on its first line: an edit on a later line of a long SQL
        # string is judged by the tests that ran the statement.
        first, at_import = shapes[m.module].get(m.line, (m.line, False))
        if (m.module, first) not in covered:
            return [], None  # a line no test runs: no test can kill it
        if at_import:
            # A statement run at import (a module's SQL constants, its tables) runs once, in whichever
            # test imports the module first, or before any test: every selected file judges it.
            return sqlite_half(files), None
        return sqlite_half(test_files_for(covered[(m.module, first)]) or files), None

    return judges


def statements(module: str) -> dict[int, tuple[int, bool]]:
    """Each line of a module → (the first line of the innermost statement holding it, whether that
    statement runs at import: outside any function's body)."""
    out: dict[int, tuple[int, bool]] = {}

    def walk(node: ast.AST, at_import: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = at_import and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.stmt):
                for line in range(child.lineno, child.end_lineno + 1):
                    out[line] = (child.lineno, inner)  # an inner statement, visited later, overrides
            walk(child, inner)

    walk(ast.parse((ROOT / module).read_bytes()), True)
    return out


def report(modules: list[str], mutants: list[Mutant], results: dict[Mutant, str], json_path: Path | None) -> None:
    print("\n| module | mutants | equivalent | killed | survived | score |\n|---|---:|---:|---:|---:|---:|")
    summary = {}
    for module in modules:
        mine = [results[m] for m in mutants if m.module == module and results[m] != "invalid"]
        killed, survived, eq = mine.count("killed"), mine.count("survived"), mine.count("equivalent")
        score = killed / (killed + survived) if killed + survived else 1.0
        summary[module] = {"mutants": len(mine), "equivalent": eq, "killed": killed, "survived": survived,
                           "score": round(score, 3)}
        print(f"| {module} | {len(mine)} | {eq} | {killed} | {survived} | {score:.0%} |")
    survivors = [m.id for m in mutants if results[m] == "survived"]
    if survivors:
        print("\nsurvivors:\n" + "\n".join(f"  {s}" for s in survivors))
    if json_path:
        json_path.write_text(json.dumps({"modules": summary, "survivors": survivors}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
