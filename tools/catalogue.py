"""The command line's message catalogue, kept with Babel (a development tool: the `test` extra).

    python tools/catalogue.py update    qtrack.po gains every message id the command line has, keeping
                                        the translations made; ids no longer used are dropped
    python tools/catalogue.py compile   every .po of qtrack/locale compiled to its .mo (shipped)

The ids are the `_()` and `ngettext()` literals of qtrack/cli (and qtrack/i18n.py), and the help
texts as the built app holds them (docstrings, option help, Typer's and Click's help of their own
options), which qtrack/cli/speech.py translates as the help is drawn; with them Typer's headings and
Click's usage sentences (speech.py's tables). tests/test_catalogues.py checks that what is shipped is
what this compiles.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "qtrack" / "locale"
CLI_PO = LOCALE / "zh" / "LC_MESSAGES" / "qtrack.po"


def help_texts() -> list[str]:
    """Every help text of the whole command line, as speech.localise() looks them up."""
    import typer.main

    from qtrack import cli

    root = typer.main.get_command(cli.app)
    found: list[str] = []

    def walk(command, parent) -> None:
        ctx = command.context_class(command, parent=parent, info_name=command.name)
        for text in (command.help, command.short_help, command.epilog):
            if text:
                found.append(text)
        found.extend(p.help for p in command.get_params(ctx) if getattr(p, "help", None))
        for sub in getattr(command, "commands", {}).values():
            walk(sub, ctx)

    walk(root, None)
    return found


def table_words() -> list[str | tuple[str, str]]:
    """Ids the code looks up from a table rather than a literal: Typer's headings, Click's usage
    sentences (speech.py), the import's counts and verbs (plan_cmds), import-progress's counts."""
    from qtrack.cli import export_cmds, plan_cmds, speech

    return ["Usage: ", *speech._HEADINGS.values(), *(template for _, template in speech._PATTERNS), *speech._REASONS,
            *((one, many) for _, one, many in plan_cmds._KINDS), *plan_cmds._VERBS.values(),
            *export_cmds.RECORDED.values()]


def code_messages() -> list[str | tuple[str, str]]:
    """The literals given to _() and ngettext() in the command line's code."""
    from babel.messages.extract import extract_from_file

    found = []
    for path in sorted((ROOT / "qtrack" / "cli").glob("*.py")) + [ROOT / "qtrack" / "i18n.py"]:
        for _line, message, _comments, _context in extract_from_file("python", str(path),
                                                                        keywords={"_": None, "ngettext": (1, 2)}):
            found.append(message)
    return found


def update() -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    old = read_po(CLI_PO.open("rb"), locale="zh_Hans_CN") if CLI_PO.exists() else Catalog(locale="zh_Hans_CN")
    new = Catalog(locale="zh_Hans_CN", domain="qtrack", project="qtrack", fuzzy=False)
    for message in [*code_messages(), *help_texts(), *table_words()]:
        key = message[0] if isinstance(message, tuple) else message
        if key in new:
            continue
        kept = old.get(key)
        string = kept.string if kept is not None else (("", "") if isinstance(message, tuple) else "")
        new.add(message, string)
    with CLI_PO.open("wb") as out:
        write_po(out, new, width=0, omit_header=False, sort_output=False)


def compiled(po: Path) -> bytes:
    """A .po compiled as it is shipped: fuzzy and untranslated entries left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source, locale="zh_Hans_CN", domain=po.stem)
    out = BytesIO()
    write_mo(out, catalogue)
    return out.getvalue()


def compile_all() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po.with_suffix(".mo").write_bytes(compiled(po))


if __name__ == "__main__":
    {"update": update, "compile": compile_all}[sys.argv[1]]()
