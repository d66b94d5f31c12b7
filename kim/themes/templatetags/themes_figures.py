"""``{{ count|suppress:threshold }}``: the template side of small-count suppression."""

from __future__ import annotations

from django import template

from kim.themes.figures import suppress as _suppress

register = template.Library()


@register.filter
def suppress(count: int | None, threshold: int) -> str:
    return _suppress(int(count or 0), int(threshold))
