"""A corpus: many analysed articles in one database (:class:`Store`), added by
:func:`add_articles` and read back as analysis documents. ``slant corpus`` is its command line."""

from slant.corpus.add import ENGINES, AddCounts, add_articles, check_engine
from slant.corpus.store import Store, StoredArticle, database_url

__all__ = ["ENGINES", "AddCounts", "Store", "StoredArticle", "add_articles", "check_engine", "database_url"]
