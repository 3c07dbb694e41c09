"""`branchpress/wechat`: 公众号 articles of records (`branchpress wechat`, and a button in `mkdocs serve`)."""
