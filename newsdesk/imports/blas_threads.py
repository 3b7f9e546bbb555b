"""One BLAS thread for imports: imported by runner.py before anything imports numpy.

py3langid (languageid.py) scores each article's text with one small matrix product.
OpenBLAS, left to itself, runs it on every core and keeps its threads spinning between
articles: CPU time the import spends for nothing (about a tenth of it for HTML pages),
taken from the other processes of the machine, and with ``--jobs N`` N times as many
spinning threads. OpenBLAS reads the variable once, when numpy loads it (trafilatura
imports numpy); a value set outside is kept.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
