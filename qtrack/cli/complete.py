"""Shell completion of values (bash, zsh, fish through Typer): plan ids for --plan, department
names and aliases for --dept (typed in pinyin too: `zl` → 质量司), and references for show,
update and measure (`2016/` → 2016/1, 2016/T1, …). Read through the store without the ORM, and
never an error: a database that cannot be read completes nothing."""

from __future__ import annotations

import typer


def _store(ctx: typer.Context):
    from qtrack.store import completion

    return completion.open_as_is(ctx.params.get("db"))


def _reading(ctx: typer.Context, read) -> list:
    from qtrack.errors import QtrackError

    try:
        store = _store(ctx)
    except QtrackError:
        return []
    try:
        return read(store)
    except QtrackError:
        return []
    finally:
        store.close()


def plans(ctx: typer.Context, incomplete: str) -> list[str]:
    from qtrack.store import completion

    return _reading(ctx, lambda store: completion.plan_ids(store, incomplete))


def departments(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names and aliases that start with what was typed; typed in ASCII, the names whose pinyin
    or initials start with it."""
    from qtrack.pinyin import looks_like_pinyin
    from qtrack.store import completion

    typed = incomplete.strip()
    latin = looks_like_pinyin(typed) and typed.lower()

    def read(store) -> list[str]:
        out: list[str] = []
        for word, name, full, initials in completion.department_words(store):
            hit = word.startswith(typed) or (latin and word == name and (
                (full or "").startswith(latin) or (initials or "").startswith(latin)))
            if hit and word not in out:
                out.append(word)
        return out

    return _reading(ctx, read)


def refs(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]] | list[str]:
    """Without a slash, the plans (`2016/`); after one, the plan's codes with their titles."""
    from qtrack.store import completion

    plan, slash, code = incomplete.partition("/")
    if not slash:
        return _reading(ctx, lambda store: [f"{p}/" for p in completion.plan_ids(store, plan)])
    return _reading(ctx, lambda store: [(f"{plan}/{c}", title) for c, title in completion.codes(store, plan)
                                        if c.startswith(code)])
