"""What the organizations tell the apps above them.

The organizations sit low (most apps point to them), so they never import those apps:
an app that must act when an organization appears listens here.
"""

from django.dispatch import Signal

#: Sent inside the transaction that created ``organization``, by ``actor`` (or ``None``).
#: The outreach seeds its default strategies.
organization_created = Signal()
