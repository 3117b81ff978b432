"""Tests of helpers.synth."""
