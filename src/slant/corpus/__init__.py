"""A corpus: many analysed articles in one database (:class:`Store`), added by
:func:`add_articles` and read back as analysis documents. Over it: :func:`store_syndication`
(and :func:`store_syndication_groups`) find the stored articles that are the same story on
different sites, copied or translated; :func:`outlet_profiles` profiles each outlet;
:func:`find_stories` groups the articles into stories; :func:`write_corpus_report` writes one
page over it all. ``slant corpus`` is its command line."""

from slant.corpus.add import ENGINES, AddCounts, add_articles, check_engine
from slant.corpus.outlets import outlet_profiles
from slant.corpus.report import render_corpus_report, write_corpus_report
from slant.corpus.store import Store, StoredArticle, database_url
from slant.corpus.stories import find_stories
from slant.corpus.syndication import Pair, find_syndication, store_syndication, store_syndication_groups

__all__ = ["ENGINES", "AddCounts", "Pair", "Store", "StoredArticle", "add_articles", "check_engine", "database_url",
           "find_stories", "find_syndication", "outlet_profiles", "render_corpus_report", "store_syndication",
           "store_syndication_groups", "write_corpus_report"]
