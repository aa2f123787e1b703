from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation only: nobody signs up by themselves."""

    def is_open_for_signup(self, request):
        return False
