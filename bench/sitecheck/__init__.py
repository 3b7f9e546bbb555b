"""The reader site against the issue #14 bar: Lighthouse, axe, the Nu HTML checker and
checks of JSON-LD, feeds and sitemaps, on one page of each type in every edition.

Run it with ``make sitecheck`` (installs the npm tools of package.json with ``npm ci``) or
``python -m bench.sitecheck.run --help``; see BENCHMARKS.md, "Reader site checks".

- discover.py: which pages to check, from the sitemaps and the pages' own links;
- documents.py: JSON-LD, feeds and sitemaps, checked in Python (lxml, feedparser, extruct);
- tools.py: Lighthouse, axe-core and vnu.jar, run and their results read;
- report.py: the table, failures grouped by message, and who owns each;
- run.py: a fresh demo site, every checker on it, the report and the exit status.
"""
