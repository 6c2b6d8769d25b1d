#!/usr/bin/env python3
"""Entry point: `python generate.py --help`."""
from deck.cli import main

if __name__ == "__main__":
    main(prog_name="python generate.py")
