"""What the referrals tell the apps above them.

The register of service gaps is built from referrals and sits above them, so the referrals
never import it: it listens here.
"""

from django.dispatch import Signal

#: Sent inside the transaction that closed ``referral`` as not used or refused, by ``actor``.
#: The service gaps suggest gaps at once, not only when someone next opens the register.
referral_not_received = Signal()
