"""The questions the evaluation screens list, by number.

An explicit list, extended by hand when a question module is written: a question that
does not exist yet is simply absent (the index shows it as "not available yet"), and an
import error in a question that does exist fails loudly instead of being hidden.

To register a question: import its module below and add ``qN.QUESTION`` to ``_ALL``
(one line each; questions 5 to 8 are added by the engineer who writes them).
"""

from . import q1, q2, q3, q4, q5, q6, q7, q8

_ALL = (
    q1.QUESTION,
    q2.QUESTION,
    q3.QUESTION,
    q4.QUESTION,
    q5.QUESTION,
    q6.QUESTION,
    q7.QUESTION,
    q8.QUESTION,
)

QUESTIONS = {question.number: question for question in _ALL}
