"""Representations (lesson 09): pretext tasks, contrastive learning (SimCLR, InfoNCE),
linear probes and 2-D projections.
"""
