"""Exchange with other tools: CSV, JSON and Mermaid out, Mermaid in, CODEOWNERS blocks.

Every reader here goes through `reading.loader`; every writer takes a valid handbook.
"""
