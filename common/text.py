"""The Nietzsche corpus shipped with the project (gzipped UTF-8), the
character-RNN text of the Keras and MXNet examples."""
import gzip
from pathlib import Path

NIETZSCHE = Path(__file__).resolve().parent / "data" / "text" / "nietzsche.txt.gz"


def load_nietzsche(path=NIETZSCHE):
    """The whole text as one str (600,893 characters)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read()
