"""What BranchPress Studio knows of a record without a web server: the form a type asks for,
and a record file edited from a form without disturbing what the form did not change."""
