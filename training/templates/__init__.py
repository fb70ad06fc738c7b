"""Template families of the training corpus, one module per kind of source.

Each module holds ``TEMPLATES``: label -> list of templates, in the syntax of
``training/generate_corpus.py`` (strings with ``{filler}`` and ``{a|b}``
slots, or functions of a ``random.Random`` for lines that need literal
braces). The generator adds them to its own tables.
"""
