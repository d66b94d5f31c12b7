"""Small-count suppression: every figure shown outside the case team passes through ``suppress``."""

from __future__ import annotations

from django.utils.translation import gettext as _


def suppress(count: int, threshold: int) -> str:
    """``count`` as text, or "fewer than <threshold>" for 1 … threshold-1 (0 stays 0: nothing to hide)."""
    if 0 < count < threshold:
        return _("fewer than %(threshold)s") % {"threshold": threshold}
    return str(count)


def is_suppressed(count: int, threshold: int) -> bool:
    return 0 < count < threshold
