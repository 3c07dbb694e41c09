"""Records as 公众号 (WeChat Official Account) articles: `body.py` makes a body fit for the
editor (links as numbered notes, absolute images, list markers as text), `article.py`
builds the article from a record's public view and inlines its styles."""
