"""Data preparation (lessons 02-04): cleaning against a known truth, features and
leakage, splitting and validation.
"""
