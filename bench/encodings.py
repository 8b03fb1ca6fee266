"""How often undeclared legacy-encoded text comes back exactly from `slant.ingest.encoding.decode`.

    python bench/encodings.py                # SemEval snippets in six languages, plus other languages
    python bench/encodings.py --per-article 50

Snippets of 80, 300 and 3,000 characters are cut at random (seeded) from SemEval training
articles of each language, encoded in the legacy encodings that language was written in
(windows-1252 and ISO-8859-1 for English, French, German and Italian; windows-1250 and
ISO-8859-2 for Polish; windows-1251 and KOI8-R for Russian), with no charset declared, and
decoded. A snippet counts as right only if the decoded text equals the original; snippets that
are all ASCII are skipped (any encoding reads them). A second table decodes sentences written
here in languages slant does not analyse: the six-language step takes those its candidates read
with few odd characters (Spanish, Ukrainian, Bulgarian) and leaves the rest to charset-normalizer.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from slant.ingest.encoding import decode  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "semeval2023"
ENCODINGS = {
    "en": ["cp1252"],
    "fr": ["cp1252", "latin-1"],
    "ge": ["cp1252", "latin-1"],
    "it": ["cp1252", "latin-1"],
    "po": ["cp1250", "iso8859-2"],
    "ru": ["cp1251", "koi8-r"],
}
LENGTHS = (80, 300, 3000)
OTHER_LANGUAGES = [
    ("Greek", "cp1253", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας και τους πολίτες."),
    ("Greek", "iso8859-7", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας και τους πολίτες."),
    ("Spanish", "cp1252", "El gobierno anunció hoy nuevas medidas para la economía del país, según el ministro de España."),
    ("Portuguese", "cp1252", "O governo anunciou hoje novas medidas para a economia do país, disse o ministro das Finanças."),
    ("Swedish", "cp1252", "Regeringen meddelade i dag nya åtgärder för landets ekonomi, sade finansministern på fredag."),
    ("Czech", "cp1250", "Vláda dnes oznámila nová opatření pro ekonomiku země, řekl ministr financí České republiky."),
    ("Hungarian", "cp1250", "Az előző évben a fővárosi lakások ára erősen nőtt, írja a gazdasági lap szerdán."),
    ("Romanian", "cp1250", "Guvernul a anunţat astăzi noi măsuri pentru economia ţării, a declarat ministrul."),
    ("Turkish", "cp1254", "Hükümet bugün ülke ekonomisi için yeni önlemler açıkladı, dedi Maliye Bakanı Şimşek."),
    ("Ukrainian", "cp1251", "Уряд сьогодні оголосив нові заходи для економіки країни, повідомив міністр фінансів."),
    ("Bulgarian", "cp1251", "Правителството обяви днес нови мерки за икономиката на страната, каза финансовият министър."),
]


def snippets(data: Path, per_article: int, seed: int):
    rng = random.Random(seed)
    for folder, encodings in ENCODINGS.items():
        articles = sorted(p for p in (data / folder / "train-articles-subtask-3").glob("*.txt") if not p.name.startswith("."))
        for path in rng.sample(articles, min(per_article, len(articles))):
            text = path.read_text(encoding="utf-8")
            for length in LENGTHS:
                start = rng.randrange(0, max(1, len(text) - length))
                piece = text[start : start + length]
                for encoding in encodings:
                    # Characters the encoding lacks (a "€" in ISO-8859-1) are dropped, as a
                    # legacy page would not have them.
                    data_bytes = piece.encode(encoding, errors="ignore")
                    if not data_bytes.isascii():
                        yield folder, encoding, length, data_bytes, data_bytes.decode(encoding)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-article", type=int, default=25, help="articles sampled per language")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no SemEval data at {args.data}: pass --data ../shared/data/semeval2023")
    right, total, misread_as = Counter(), Counter(), Counter()
    for folder, encoding, length, data_bytes, expected in snippets(args.data, args.per_article, args.seed):
        text, used = decode(data_bytes)
        key = (folder, encoding, length)
        total[key] += 1
        if text == expected:
            right[key] += 1
        else:
            misread_as[(folder, encoding, used)] += 1
    print(f"| language | encoding | {' | '.join(f'{n} chars' for n in LENGTHS)} |")
    print("|---|---|" + "---|" * len(LENGTHS))
    for folder, encodings in ENCODINGS.items():
        for encoding in encodings:
            cells = " | ".join(f"{right[(folder, encoding, n)]}/{total[(folder, encoding, n)]}" for n in LENGTHS)
            print(f"| {folder} | {encoding} | {cells} |")
    print(f"exact: {sum(right.values())} of {sum(total.values())} snippets")
    for (folder, encoding, used), count in misread_as.most_common():
        print(f"  {folder} {encoding} read as {used}: {count}")
    print("\nOther languages (one sentence, then the sentence four times):")
    exact = 0
    for language, encoding, sentence in OTHER_LANGUAGES:
        for repeat in (1, 4):
            original = (sentence + "\n") * repeat
            text, used = decode(original.encode(encoding))
            exact += text == original
            print(f"  {language:10s} {encoding:9s} x{repeat}: read as {used:12s} {'exact' if text == original else 'WRONG'}")
    print(f"exact: {exact} of {2 * len(OTHER_LANGUAGES)}")


if __name__ == "__main__":
    main()
