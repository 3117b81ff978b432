"""Getting labels (lessons 05-08): the labeling decision guide, crowdsourcing,
self-training, active learning and weak supervision, plus the shared "what are the
labels worth" curves.
"""
