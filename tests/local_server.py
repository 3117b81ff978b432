"""Settings shared by the tests that run lesson 01's real local server."""

# Fast and forgiving unless a test asks otherwise: no failures, a large burst.
EASY = {"n_records": 45, "page_size": 10, "fail_rate": 0.0, "burst": 1000}
