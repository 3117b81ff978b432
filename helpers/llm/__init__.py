"""The large-model branch (lessons 16-18): a small character-level GPT, its
pretraining text and shipped checkpoints, and data, tensor and pipeline parallelism
run for real with ``torch.distributed``.

Lessons 17 and 18 build on :mod:`helpers.llm.model` (``GPTConfig``, ``GPT`` with
``forward(idx, targets=None) -> (logits, loss)`` and ``generate``),
:mod:`helpers.llm.tokenizer` and :func:`helpers.llm.checkpoints.load_pretrained`.
"""
