"""A pipeline pickles, before and after its models load, so worker processes can hold one each."""

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import slant
from slant.runtime.encoder import Encoder
from slant.runtime.pipeline import Pipeline

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "port-city-unrest.txt"


def test_the_default_pipeline_pickles_before_its_models_load():
    pipeline = slant.load_pipeline()
    again = pickle.loads(pickle.dumps(pipeline))
    assert isinstance(again, Pipeline) and again is not pipeline
    assert again.component_names == pipeline.component_names == ["techniques", "genre", "frames", "entities", "attributions"]
    assert isinstance(again.encoder, Encoder) and again.encoder.model_dir == pipeline.encoder.model_dir
    assert again.encoder._session is None and again.encoder.threads == pipeline.encoder.threads
    assert again.model_versions() == pipeline.model_versions()


def test_an_encoder_pickles_without_its_session_and_threads():
    pipeline = Pipeline()
    encoder = pipeline.encoder
    # Stand-ins for a loaded onnxruntime session and the encoder's thread pool: neither pickles.
    encoder._session = lambda *args: None
    encoder._runner = ThreadPoolExecutor(1)
    try:
        with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
            pickle.dumps(encoder._session)
        again = pickle.loads(pickle.dumps(pipeline))
    finally:
        encoder._runner.shutdown()
    assert again.encoder._session is None and again.encoder._runner is None
    assert encoder._session is not None  # the original keeps its own


@pytest.fixture(scope="module")
def analysed():
    """A fresh pipeline that has analysed the bundled example (its encoder loaded)."""
    pipeline = Pipeline()
    return pipeline, pipeline(EXAMPLE)


@pytest.mark.slow
def test_a_loaded_pipeline_pickles_and_analyses_the_same(analysed):
    pipeline, first = analysed
    assert pipeline.encoder._session is not None and first.findings
    again = pickle.loads(pickle.dumps(pipeline))
    assert again.encoder._session is None
    assert again(EXAMPLE).to_dict() == first.to_dict()
    assert pipeline(EXAMPLE).to_dict() == first.to_dict()  # the original still works too


@pytest.mark.slow
def test_a_pickled_pipeline_analyses_the_same_in_a_spawned_worker(analysed):
    pipeline, first = analysed
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        # The pipeline itself is the task: pickled here, unpickled and called in the worker.
        in_worker = pool.submit(pipeline, EXAMPLE).result(timeout=600)
    assert in_worker.to_dict() == first.to_dict()
