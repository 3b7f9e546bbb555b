"""``until_purged``: an answer many pages read, kept in this process until the next purge.

A purge anywhere (caching/purge.py) moves the page store's token in every process, so an
answer kept with the token it was computed under is as fresh as a stored page: what
changes it is purged, or the pages showing it would be stale too.
"""

import functools
import threading

from newsdesk.caching.store import get_store

_memos: list[dict] = []


def until_purged(function):
    """Keep ``function``'s answer per arguments (hashable) until the page store's token
    changes; for functions whose answers change only with what a purge names."""
    answers: dict = {}
    lock = threading.Lock()
    _memos.append(answers)

    @functools.wraps(function)
    def memo(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        token = get_store().start()
        found = answers.get(key)
        if found is not None and found[0] == token:
            return found[1]
        answer = function(*args, **kwargs)
        with lock:
            answers[key] = (token, answer)
        return answer

    return memo


def forget_all() -> None:
    """Forget every kept answer (with the store itself: caching/store.py reset_store)."""
    for answers in _memos:
        answers.clear()
