"""`python -m qtrack` runs the command line."""

from qtrack.cli import main

main()
