"""Tests of helpers.capstone."""
