"""BranchPress: MkDocs plugins that turn a Party branch's activity records into its website."""

__version__ = "0.1.0"
