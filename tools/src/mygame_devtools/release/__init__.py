"""Release one distribution at a time (``__main__``), and the tools around releases."""

__all__: list[str] = []
