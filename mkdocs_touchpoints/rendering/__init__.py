"""Rendering: a handbook in, pages, figures, assets and a nav plan out. No MkDocs here."""
