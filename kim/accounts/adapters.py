from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by region admins; nobody signs up."""

    def is_open_for_signup(self, request: HttpRequest, **kwargs: Any) -> bool:
        return False
