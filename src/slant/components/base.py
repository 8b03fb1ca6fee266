"""What a pipeline component is, and the registry that names them.

A component declares its ``name``, what it ``requires`` and what it ``assigns`` (spaCy's
model): names of Article layers and labels (``paragraphs``, ``techniques``, ``genre``), of
:class:`~slant.components.encoded.ArticleState` fields (``technique_probs``), and ``encoder``
for the shared encoder pass. The pipeline checks the order when it is built and says what is
missing. Adding a component is one module with a factory plus one line in
:data:`BUILTIN_COMPONENTS`; another package registers one through the ``slant.components``
entry-point group (``name = "package.module:factory"``).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar

from slant.components.encoded import ArticleState
from slant.doc.article import Article
from slant.errors import ConfigError, ModelError

log = logging.getLogger(__name__)

# What reading an article always provides (the reader segments and detects the language).
PROVIDED_BY_READER = frozenset({"text", "paragraphs", "sentences", "language", "metadata"})
# What the runtime provides to components that ask for it: one encoder pass per window, and
# (when asked for) the last layer's token vectors from that same pass.
ENCODER = "encoder"
TOKEN_VECTORS = "token_vectors"


@dataclass
class ComponentOptions:
    """Settings a factory may read: where the model folders are, and per-run choices."""

    models_dir: Path
    precision_first: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Component:
    """Base class of pipeline components. Subclasses set the class attributes and implement
    :meth:`__call__`, which reads and writes the articles (layers, labels) and their states."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()
    # The technique model folder whose encoder this component reads (when it requires ``encoder``).
    encoder_model: str | None = None

    def __call__(self, articles: Sequence[Article], states: Sequence[ArticleState]) -> None:
        raise NotImplementedError

    def model_version(self) -> str | None:
        """A line naming the model and when it was trained, for the document's provenance."""
        return None

    def token_head(self):
        """For a component that requires ``token_vectors``: a head (a
        :class:`slant.components.token_head.TokenHead`) that the encoder runs on each window's
        token vectors as soon as it has encoded it, in its own threads; its probabilities reach
        the component as ``state.encoded.head_probs[self.name]``. None (the default), or a head
        that builds its features per window (``reads_padded_vectors`` false): the component reads
        ``state.encoded.token_vectors``, which are then kept."""
        return None


Factory = Callable[[ComponentOptions], Component]

# name -> "module:factory", in the order a pipeline runs them.
BUILTIN_COMPONENTS: dict[str, str] = {
    "techniques": "slant.components.techniques:create",
    "genre": "slant.components.classifiers:create_genre",
    "frames": "slant.components.classifiers:create_frames",
    "entities": "slant.components.entities:create",
    "attributions": "slant.components.attributions:create",
}
def default_components() -> list[str]:
    """What `Pipeline()` runs when no components are named: the built-ins, in order (components
    registered through entry points run when named)."""
    return list(BUILTIN_COMPONENTS)
ENTRY_POINT_GROUP = "slant.components"


def available_components() -> dict[str, str]:
    """Every registered component: the built-in ones, then those other packages register."""
    found = dict(BUILTIN_COMPONENTS)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name in BUILTIN_COMPONENTS:
            log.warning("entry point %s=%s ignored: %r is a built-in component", entry.name, entry.value, entry.name)
            continue
        found[entry.name] = entry.value
    return found


def load_factory(name: str) -> Factory:
    registered = available_components()
    if name not in registered:
        raise ConfigError(f"unknown pipeline component {name!r}; available: {', '.join(registered)}")
    module_name, _, attribute = registered[name].partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"component {name!r} is registered as {registered[name]!r}, which cannot be loaded: {exc}") from exc


def adapter_digest(model_dir: Path) -> str:
    """The first 16 hex digits of the SHA-256 of a technique model's ``adapter.safetensors``: the
    name of its encoder in caches and in the meta.json of heads that read its vectors."""
    adapter = Path(model_dir) / "adapter.safetensors"
    stat = adapter.stat()
    return _file_digest(str(adapter), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:  # size and time: a rewritten file is read again
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def read_model_config(model_dir: Path, kind: str) -> dict[str, Any]:
    """A model folder's ``config.json``; a missing or unreadable one is a :class:`ModelError`
    saying how to get the folder back (``kind``: techniques, genre, frames, entities)."""
    path = Path(model_dir) / "config.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no {kind} model at {model_dir} (config.json missing): run `slant train {kind}` "
                         "or reinstall slant") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} is unreadable ({exc}): run `slant train {kind}` or reinstall slant") from exc


def check_order(components: Sequence[Component]) -> None:
    """Raise :class:`ConfigError` naming the first requirement no earlier step provides."""
    available = set(PROVIDED_BY_READER) | {ENCODER, TOKEN_VECTORS}
    assigned_by = {name: component.name for component in components for name in component.assigns}
    for component in components:
        missing = [name for name in component.requires if name not in available]
        if missing:
            hints = [f"add {assigned_by[m]!r} before it" if m in assigned_by else f"no component assigns {m!r}"
                     for m in missing]
            raise ConfigError(
                f"pipeline component {component.name!r} requires {', '.join(map(repr, missing))}, which no earlier "
                f"component assigns ({'; '.join(hints)})"
            )
        available.update(component.assigns)
