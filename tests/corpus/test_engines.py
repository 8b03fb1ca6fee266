"""The engines of `slant corpus add`: this process and Dask workers (a LocalCluster of 2
processes) store the same corpus (tests/cli/test_corpus_dask.py compares a pool of processes
too); bad articles, and worker processes that die, cost only their own article; a rerun skips
stored articles before they reach a worker; at most a few batches are in flight. The components
are the fakes of engine_components.py, which the worker processes import when they unpickle the
pipeline."""

from __future__ import annotations

import concurrent.futures
import json
import os
from pathlib import Path

import pytest

from corpus.engine_components import troubled_pipeline
from slant.corpus.add import add_articles
from slant.corpus.engines import Backend, analyse_isolated, check_engine, run_bounded
from slant.corpus.store import Store
from slant.corpus.syndication import NUM_PERM, shingles, store_syndication
from slant.errors import ConfigError
from slant.ingest.reader import ReadFailure, read

distributed = pytest.importorskip("distributed")

LEAD = ("The harbour authority closed the north quay on Monday after hooligans damaged two cranes overnight. "
        "Police said four men were arrested near the ferry terminal before dawn. "
        "The port director called the attack shameful and promised the quay would reopen by Friday. "
        "Shipping lines were told to use the south quay until then.")


PLACES = ("bridge", "market", "station", "school", "library", "stadium", "museum", "hospital", "airport", "harbour")
PEOPLE = ("mayor", "bishop", "coach", "headmaster", "librarian", "curator", "surgeon", "pilot", "judge", "sheriff")


def story(number: int, word: str = "") -> str:
    """A short article of its own: no two numbers share a sentence."""
    place, person = PLACES[number % 10], PEOPLE[(number // 10 + number) % 10]
    return (f"Trouble at the {place} on day {number} {word}\n\n"
            f"The hooligans gathered at the {place} on day {number} while {person} Ada {number} watched.\n\n"
            f"The {person} asked the {place} crowd for calm and promised a meeting in week {number}.\n")


def article(text: str, source: str, url: str | None = None):
    read_article = read(text, url=url)
    read_article.source = source
    return read_article


def corpus_items(extra: tuple[str, ...] = ()) -> list:
    """Eight stories, a copy of a wire story on two sites, the articles named by ``extra``
    (``refuseme``, ``breakme``, ``crashme``) and an input that could not be read."""
    items = [article(story(number), f"story{number}.txt") for number in range(8)]
    for site, credit in (("wire.example", ""), ("herald.example", "\n\nFirst published by Wire Example.")):
        items.append(article(f"Quay closed after overnight attack\n\n{LEAD}{credit}\n", f"{site}.html",
                             url=f"https://{site}/quay"))
    items.extend(article(story(100 + index, word), f"{word}.txt") for index, word in enumerate(extra))
    items.insert(3, ReadFailure("broken.warc.gz", "broken.warc.gz: the WARC file is truncated"))
    return items


def stored(db: Path) -> tuple[set[str], set[tuple[str, str]], list[dict]]:
    with Store(db, create=False) as store:
        documents = set(store.iter_documents())
        failures = {(failure.source, failure.reason) for failure in store.failures()}
        pairs = [pair.to_dict() for pair in store_syndication(store)]
    return documents, failures, pairs


def journal_pids(journal: Path) -> list[int]:
    return [int(line.split("\t")[0]) for line in journal.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster of 2 worker processes; a task whose worker dies fails at once (no retries)."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50) as cluster:
        yield cluster.scheduler_address


def test_every_engine_stores_the_same_corpus(tmp_path, scheduler):
    results = {}
    for name, options in {"here": {}, "dask": {"engine": "dask", "scheduler": scheduler}}.items():
        journal = tmp_path / f"{name}.journal"
        with Store(tmp_path / f"{name}.db") as store:
            counts = add_articles(store, corpus_items(("refuseme", "breakme")), troubled_pipeline(str(journal)),
                                  batch_size=3, **options)
        assert (counts.added, counts.failed) == (10, 3)
        results[name] = stored(tmp_path / f"{name}.db")
        pids = set(journal_pids(journal))
        assert (pids == {os.getpid()}) if name == "here" else (os.getpid() not in pids)

    documents, failures, pairs = results["here"]
    assert len(documents) == 10
    assert {json.loads(document)["source"] for document in documents} >= {"story0.txt", "wire.example.html"}
    assert {Path(source).name for source, _ in failures} == {"broken.warc.gz", "refuseme.txt", "breakme.txt"}
    assert ("https://herald.example/quay", "https://wire.example/quay", "copy") in [
        (pair["a"], pair["b"], pair["relation"]) for pair in pairs]
    assert results["dask"] == results["here"]  # byte for byte: the documents are their JSON texts


@pytest.mark.parametrize("engine", ["pool", "dask"])
def test_a_worker_that_dies_costs_only_its_article(tmp_path, scheduler, engine):
    options = {"workers": 2} if engine == "pool" else {"engine": "dask", "scheduler": scheduler}
    items = [article(story(number), f"story{number}.txt") for number in range(4)]
    items.insert(2, article(story(50, "crashme"), "crashme.txt"))
    with Store(tmp_path / "c.db") as store:
        counts = add_articles(store, items, troubled_pipeline(), batch_size=5, **options)
        failures = store.failures()
        sources = {row.source for row in store.iter_articles()}
        run = store.runs()[-1]
    assert (counts.added, counts.failed) == (4, 1)
    assert sources == {f"story{number}.txt" for number in range(4)}
    assert [failure.source for failure in failures] == ["crashme.txt"]
    assert "died" in failures[0].reason or "stopped" in failures[0].reason
    assert run["status"] == "done"


def test_a_rerun_sends_only_unstored_articles_to_the_workers(tmp_path, scheduler):
    db, journal = tmp_path / "c.db", tmp_path / "journal"
    first = [article(story(number), f"story{number}.txt") for number in range(3)]
    with Store(db) as store:
        add_articles(store, first, troubled_pipeline())
    everything = [article(story(number), f"story{number}.txt") for number in range(5)]
    with Store(db) as store:
        counts = add_articles(store, everything, troubled_pipeline(str(journal)), engine="dask",
                              scheduler=scheduler, batch_size=2)
        assert store.count() == 5
        assert store.runs()[-1]["engine"] == "dask"
    assert (counts.stored_before, counts.added) == (3, 2)
    analysed = [line.split("\t")[1] for line in journal.read_text(encoding="utf-8").splitlines()]
    assert sorted(analysed) == sorted(article.id for article in everything[3:])


def test_a_raising_article_leaves_the_rest_of_its_batch_as_if_alone():
    pipeline = troubled_pipeline()
    batch = [article(story(number, word), f"{number}.txt") for number, word in enumerate(["", "breakme", ""])]
    analyses, failures = analyse_isolated(pipeline, batch)
    alone = [pipeline.analyse_batch([article(story(number), f"{number}.txt")])[0][0] for number in (0, 2)]
    assert [analysis.to_dict() for analysis in analyses] == [analysis.to_dict() for analysis in alone]
    assert [failure.source for failure in failures] == ["1.txt"]
    assert "RuntimeError: the test component broke" in failures[0].error


class CountingBackend(Backend):
    """Batches run in a thread; records how many were in flight at most."""

    slots = 3

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.runner = concurrent.futures.ThreadPoolExecutor(1)
        self.in_flight = 0
        self.most = 0

    def submit(self, articles):
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        return self.runner.submit(analyse_isolated, self.pipeline, articles)

    def wait(self, futures):
        done = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED).done
        self.in_flight -= len(done)
        return done


def test_batches_in_flight_are_bounded_and_inputs_read_as_needed():
    backend = CountingBackend(troubled_pipeline())
    read_so_far = []

    def items():
        for number in range(40):
            read_so_far.append(number)
            yield article(story(number), f"story{number}.txt")

    results = run_bounded(backend, items(), 2)
    first = next(results)
    assert first.article.source.startswith("story")
    assert len(read_so_far) <= (backend.slots + 1) * 2  # not the whole input
    assert len([first, *results]) == 40
    assert backend.most <= backend.slots


def test_dask_map_keeps_the_order_and_computes_the_same_sketches(scheduler):

    from slant.corpus.dask_engine import dask_map, sketch_map

    texts = [story(number) for number in range(25)]
    with distributed.Client(scheduler) as client:
        assert list(dask_map(client, len, texts, chunk_size=4, in_flight=2)) == [len(text) for text in texts]
        remote = list(sketch_map(client, chunk_size=7)(iter(texts), sketch))
    assert [list(values) for values in remote] == [list(sketch(text)) for text in texts]


def sketch(text: str):
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([gram.encode("utf-8") for gram in shingles(text)])
    return minhash.hashvalues


def test_engine_options_that_cannot_work_are_refused():
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        check_engine("spark")
    with pytest.raises(ConfigError, match="--scheduler names a Dask scheduler"):
        check_engine("local", scheduler="tcp://10.0.0.5:8786")
    with pytest.raises(ConfigError, match="not both"):
        check_engine("dask", scheduler="tcp://10.0.0.5:8786", workers=2)
    with pytest.raises(ConfigError, match="1 or more"):
        check_engine("local", workers=0)
    assert check_engine("dask", workers=2) == "dask"


def test_a_worker_without_the_model_folders_stops_the_run_with_the_path(tmp_path, scheduler):
    from slant.errors import ModelError

    pipeline = troubled_pipeline(models=tmp_path / "elsewhere")
    with Store(tmp_path / "c.db") as store:
        with pytest.raises(ModelError, match=r"has no model folder at .*elsewhere.*same path"):
            add_articles(store, [article(story(1), "story1.txt")], pipeline, engine="dask", scheduler=scheduler)
        assert store.count() == 0
        assert store.runs()[-1]["status"] == "interrupted"


def test_syndication_sketches_made_on_dask_find_the_same_pairs(tmp_path, scheduler):
    from slant.corpus.dask_engine import sketch_map

    with Store(tmp_path / "c.db") as store:
        add_articles(store, corpus_items(), troubled_pipeline())
        here = store_syndication(store)
        with distributed.Client(scheduler) as client:
            there = store_syndication(store, map_sketches=sketch_map(client, chunk_size=3))
    assert here
    assert [pair.to_dict() for pair in there] == [pair.to_dict() for pair in here]


@pytest.mark.slow
def test_translation_vectors_made_on_dask_find_the_same_pairs(scheduler):
    """The lead sentences' vectors, made by the workers' own sentence encoders, are the ones made
    here: the same translation is found with the same evidence."""
    import slant
    from corpus.test_syndication import ORIGINAL
    from corpus.test_translations import GERMAN, GERMAN_SAME_EVENT
    from slant.corpus.dask_engine import sketch_map
    from slant.corpus.syndication import find_syndication
    from slant.doc.analysis import Analysis

    documents = []
    for paragraphs, language, url in ((ORIGINAL, "en", "https://wire.example/flood"),
                                      (GERMAN, "de", "https://zeitung.example/flut"),
                                      (GERMAN_SAME_EVENT, "de", "https://blatt.example/flut")):
        documents.append(Analysis(slant.read("\n\n".join(paragraphs), kind="text", url=url, language=language)).to_dict())
    here = find_syndication(documents)
    with distributed.Client(scheduler) as client:
        there = find_syndication(documents, map_sketches=sketch_map(client, chunk_size=1),
                                 map_vectors=sketch_map(client, chunk_size=1))
    assert [(pair.a, pair.b, pair.relation) for pair in here] == [
        ("https://wire.example/flood", "https://zeitung.example/flut", "translation")]
    assert [pair.to_dict() for pair in there] == [pair.to_dict() for pair in here]
