"""`branchpress/material`: corrections to what Material for MkDocs does in the visitor's browser."""
