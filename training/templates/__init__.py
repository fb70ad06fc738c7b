"""Template families of the training corpus, one module per kind of source.

Each module holds ``TEMPLATES``: label -> list of templates, in the syntax of
``training/generate_corpus.py`` (strings with ``{filler}`` and ``{a|b}``
slots, or functions of a ``random.Random`` for lines that need literal
braces). The generator adds them to its own tables.
"""


def hex_id(rng, n: int) -> str:
    """`n` random lowercase hex digits: the ids, hashes and request ids of every family."""
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))
