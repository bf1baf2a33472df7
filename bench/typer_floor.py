"""The floor qtrack is measured against: the smallest Typer app with one command and a few
options, doing no work. `python bench/typer_floor.py hello --name x` and `… --help`."""

from typing import Optional

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world", count: int = 1, loud: bool = False, db: Optional[str] = None) -> None:
    """Say hello."""
    for _ in range(count):
        typer.echo(f"hello {name}".upper() if loud else f"hello {name}")


@app.command()
def bye() -> None:
    """Say goodbye (a second command, so that the app is a group like qtrack)."""
    typer.echo("bye")


if __name__ == "__main__":
    app()
