"""Fixed tables of lesson 17: the seed's view of parameter-efficient methods, and
the human-written seed instructions the self-instruct step starts from."""

from __future__ import annotations

SEED_TABLE: tuple[dict[str, str], ...] = (
    {
        "method": "full",
        "seed's parameter share": "100 %",
        "seed's effect": "the reference: best accuracy, one full copy per task",
    },
    {
        "method": "head",
        "seed's parameter share": "< 0.1 %",
        "seed's effect": "a linear probe: cheap, clearly below full fine-tuning",
    },
    {
        "method": "adapter",
        "seed's parameter share": "about 1-4 %",
        "seed's effect": "close to full fine-tuning; adds some inference latency",
    },
    {
        "method": "prefix",
        "seed's parameter share": "about 0.1 %",
        "seed's effect": "near full fine-tuning on generation; needs the MLP to "
        "train stably",
    },
    {
        "method": "prompt",
        "seed's parameter share": "about 0.01 %",
        "seed's effect": "matches full fine-tuning only for very large models; weak "
        "on small ones",
    },
    {
        "method": "lora",
        "seed's parameter share": "about 0.01-1 %",
        "seed's effect": "on par with full fine-tuning; merged, it adds no latency",
    },
)
"""The textbook view of each method (shares as reported for models of 10^8 to
10^11 parameters), next to which lesson 17 puts its own measurements."""

SEED_INSTRUCTIONS: dict[str, tuple[str, ...]] = {
    "reverse": ("reverse the word", "spell backwards", "write backwards"),
    "upper": ("write in capitals", "make uppercase", "shout the word"),
    "count": ("count the letters of", "how many letters in", "give the length of"),
    "first": ("give the first letter of", "first letter of", "start letter of"),
}
"""Human-written seed wordings of each operation (the first is lesson 16's)."""

KEYWORDS: dict[str, tuple[str, ...]] = {
    "reverse": ("reverse", "backward"),
    "upper": ("capital", "upper", "shout"),
    "count": ("count", "how many", "length"),
    "first": ("first", "start"),
}
"""Words that reveal an instruction's operation (a valid instruction has exactly
one operation's words)."""

TRAIN_WORDS: tuple[str, ...] = (
    "apple", "river", "stone", "cloud", "token", "model", "train", "layer",
    "graph", "light", "music", "paper", "table", "water", "green", "night",
)  # fmt: skip
"""Words the synthetic training instructions use (from lesson 16's list)."""

HELD_OUT_WORDS: tuple[str, ...] = (
    "lemon", "tiger", "bench", "dream", "frost", "glass", "horse", "juice",
    "knife", "mouse", "north", "queen",
)  # fmt: skip
"""Words only the held-out instructions use (none is in lesson 16's text)."""
