"""Evaluation (lessons 00 and 12): metrics, thresholds and the curves that
judge a model."""
