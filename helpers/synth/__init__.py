"""Synthetic data (lesson 10): fitted distributions and templates, augmentation, VAE,
GAN and diffusion, and the synthetic-to-real mix on digits.
"""
