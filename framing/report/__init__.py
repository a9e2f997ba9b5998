"""Renderers of ``Analysis`` and ``Comparison``: terminal, Markdown, JSON, CSV, HTML. They compute nothing."""
