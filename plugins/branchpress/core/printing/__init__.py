"""Printable documents: HTML laid out on A4 as a PDF with the Chinese typeface embedded.

The ledger and the annual report are written as HTML first (readable on any screen)
and then printed by this package, so both look alike and neither knows WeasyPrint.
"""
