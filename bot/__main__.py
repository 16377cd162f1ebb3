from __future__ import annotations

from bot.shell.cli import main

if __name__ == "__main__":
    main()
