"""The pure core of BranchPress: no MkDocs import anywhere below this package.

It holds the record model, validation, the record store and aggregation, so it can
be tested without a build and survive a change of site engine.
"""
