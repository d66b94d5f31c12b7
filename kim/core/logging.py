"""Log filters: secret tokens in URLs never reach the log."""

from __future__ import annotations

import logging
import re

# /gremien/kalender/abo/<token>/… and /gremien/rueckmeldung/<token>/
_TOKEN_PATH = re.compile(r"(/(?:abo|rueckmeldung)/)[^/\s]+")


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(r"\1[…]", text)


class RedactTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = redact(record.getMessage())
            record.args = ()
        else:
            record.msg = redact(str(record.msg))
        return True
