"""Every output of the package as a sink with its own escaping, in one place each.

A bottom layer: these modules import only the standard library, and every other layer may
use them. One module per output (docs/security.md lists them with their tests):

- `terminal`: text for a terminal or a log (diagnostics, `diff --format text`, MkDocs'
  warnings): control characters, escape sequences, C1 and bidirectional controls become
  visible escapes (`\\x1b`, `\\u202e`);
- `github`: GitHub workflow commands (`::error file=...::message`);
- `markdown`: the pull-request comment (table cells, HTML blocks, `<details>`), with
  mentions and references made non-notifying;
- `mermaid`: Mermaid `journey` diagrams;
- `codeowners`: CODEOWNERS paths;
- `csv`: spreadsheet cells (the formula guard).
"""
