"""Annual reports (年度党建工作报告): a year of the branch's work, built from the store.

Everything a report shows comes from the public view of the year's records, the
build's one volunteer tally and organization life as numbers; the plugin places
staff's own text (content/reports/YYYY.md) beside it and prints it to A4.
"""
