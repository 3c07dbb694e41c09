"""Organization life (组织生活): the kinds of sittings, the rules of how often each is due,
and the private 三会一课 ledger that shows whether the branch kept them.

The site publishes only the public view of a meeting record; the ledger is the one
reader of records as written (absentees, recorder, internal records).
"""
