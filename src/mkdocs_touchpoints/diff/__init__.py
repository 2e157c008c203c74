"""Semantic diff of two handbooks."""
