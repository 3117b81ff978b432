"""Training (lesson 11): model families, the training loop, losses and optimisers."""
