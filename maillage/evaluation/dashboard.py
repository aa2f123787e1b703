"""The eight answers at once: the evaluation's home page, its dashboard.

``answers(scope)`` computes every question for one scope. On PostgreSQL it computes them
``EVALUATION_WORKERS`` at a time (two by default), each on a database connection of its
own, because one question's queries leave the database idle while Python builds the
next query and reads the rows (``docs/benchmarks.md``). Each worker thread speaks the page's
language, runs with the scope's planner settings (``evaluation_queries``), takes the next
question until none is left, and closes its connection when done.

One at a time instead: on SQLite (an embedded database for one organization, where the
whole dashboard takes milliseconds), with one worker, and inside a transaction (a test,
or a caller's ``atomic`` block), whose rows other connections could not see.
"""

from __future__ import annotations

import queue
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, connections
from django.utils import translation

from .questions.base import QuestionResult
from .questions.registry import QUESTIONS
from .scope import Scope, evaluation_queries

#: The costliest questions first (measured on the province dataset), so that two workers
#: finish together rather than one waiting for the other's last long question.
COSTLIEST_FIRST = (5, 4, 7, 2, 6, 1, 3, 8)


def _cost_rank(number: int) -> tuple[int, int]:
    rank = COSTLIEST_FIRST.index(number) if number in COSTLIEST_FIRST else len(COSTLIEST_FIRST)
    return rank, number


def concurrent() -> bool:
    """Whether ``answers`` computes several questions at once here."""
    return (
        connection.vendor == "postgresql"
        and settings.EVALUATION_WORKERS > 1
        and not connection.in_atomic_block
    )


def answers(scope: Scope) -> dict[int, QuestionResult]:
    """``{number: result}`` of every question for ``scope``, in the order of the numbers."""
    numbers = sorted(QUESTIONS, key=_cost_rank)
    if not concurrent():
        with evaluation_queries(scope):
            results = {number: QUESTIONS[number].compute(scope) for number in numbers}
    else:
        language = translation.get_language()
        waiting = queue.SimpleQueue()
        for number in numbers:
            waiting.put(number)

        def worker(_index: int) -> dict[int, QuestionResult]:
            # One connection per worker for all its questions, closed when it is done.
            done = {}
            try:
                with translation.override(language), evaluation_queries(scope):
                    while True:
                        try:
                            number = waiting.get_nowait()
                        except queue.Empty:
                            return done
                        done[number] = QUESTIONS[number].compute(scope)
            finally:
                connections.close_all()  # this thread's connections only

        workers = settings.EVALUATION_WORKERS
        results = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for done in pool.map(worker, range(workers)):
                results.update(done)
    return {number: results[number] for number in sorted(results)}
