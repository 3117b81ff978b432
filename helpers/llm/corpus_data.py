"""Fixed tables for :mod:`helpers.llm.corpus`: the standard-library modules whose
docstrings make the pretraining text, and the data-mix view of the seed."""

from __future__ import annotations

STDLIB_MODULES: tuple[str, ...] = (
    "abc", "argparse", "ast", "asyncio", "base64", "bisect", "calendar", "cmd",
    "codecs", "collections", "colorsys", "configparser", "contextlib", "copy", "csv",
    "dataclasses", "datetime", "decimal", "difflib", "dis", "doctest",
    "email.message", "enum", "filecmp", "fnmatch", "fractions", "ftplib",
    "functools", "getopt", "gettext", "glob", "graphlib", "gzip", "hashlib", "heapq",
    "hmac", "html", "html.parser", "http.client", "imaplib", "inspect", "io",
    "ipaddress", "itertools", "json", "linecache", "locale", "logging", "mailbox",
    "math", "numbers", "operator", "optparse", "os.path", "pathlib", "pdb",
    "plistlib", "pprint", "pydoc", "queue", "random", "re", "sched", "secrets",
    "selectors", "shlex", "shutil", "smtplib", "socket", "statistics", "string",
    "struct", "subprocess", "tarfile", "tempfile", "textwrap", "threading",
    "timeit", "tokenize", "trace", "types", "typing", "unittest", "urllib.parse",
    "uuid", "wave", "weakref", "xml.dom.minidom", "zipfile",
)  # fmt: skip
"""Pure-Python or always-built modules of CPython 3.11 (no optional C libraries such
as sqlite3 or lzma), so every machine gathers the same text."""

DATA_MIX: tuple[dict[str, str], ...] = (
    {
        "source": "public web text",
        "examples": "crawled pages, forums, encyclopaedias",
        "brings": "breadth: many topics, styles and languages",
        "risks": "noise, duplicates, spam, toxic or personal content",
        "here": "none (we stay offline)",
    },
    {
        "source": "curated professional sources",
        "examples": "books, papers, code, reference documentation",
        "brings": "depth, correct facts, long coherent text",
        "risks": "licences, a narrow or formal style",
        "here": "docstrings of Python's standard library (PSF licence)",
    },
    {
        "source": "company data",
        "examples": "tickets, manuals, internal wikis, logs",
        "brings": "the domain's vocabulary and tasks",
        "risks": "confidentiality, small size, stale content",
        "here": "generated task text: arithmetic and instructions",
    },
    {
        "source": "user-generated content",
        "examples": "chats, reviews, Q&A sites, app feedback",
        "brings": "how people actually ask for things",
        "risks": "consent, privacy, quality varies wildly",
        "here": "none (lesson 18 simulates user prompts)",
    },
)
"""The seed's four kinds of pretraining data, what each brings and where this
lesson's text stands."""

INSTRUCTIONS: tuple[tuple[str, str], ...] = (
    ("reverse the word", "reverse"),
    ("write in capitals", "upper"),
    ("count the letters of", "count"),
    ("give the first letter of", "first"),
)
"""Simple instructions of the task text: (wording, operation)."""

WORDS: tuple[str, ...] = (
    "apple", "river", "stone", "cloud", "python", "token", "model", "train",
    "layer", "graph", "light", "music", "paper", "table", "water", "green",
    "night", "sugar", "house", "bread", "chair", "plant", "smile", "ocean",
)  # fmt: skip
"""Words the generated instructions operate on."""
