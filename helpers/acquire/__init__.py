"""Problem framing and data acquisition (lesson 01): a local API server and its client,
polite scraping, SQLite storage and generated captchas.
"""
