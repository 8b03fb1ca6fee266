"""A corpus: many analysed articles in one database (:class:`Store`), added by
:func:`add_articles` and read back as analysis documents; :func:`store_syndication` finds the
stored articles that are the same story on different sites. ``slant corpus`` is its command line."""

from slant.corpus.add import ENGINES, AddCounts, add_articles, check_engine
from slant.corpus.store import Store, StoredArticle, database_url
from slant.corpus.syndication import Pair, find_syndication, store_syndication

__all__ = ["ENGINES", "AddCounts", "Pair", "Store", "StoredArticle", "add_articles", "check_engine", "database_url",
           "find_syndication", "store_syndication"]
