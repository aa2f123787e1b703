"""Where e-mail goes when no SMTP server is configured and DEBUG is off."""

import os

from django.core.mail.backends.filebased import EmailBackend


class OperatorFileBackend(EmailBackend):
    """Django's file backend, readable by the account that runs Maillage only.

    Messages hold password-reset and invitation links: they must not reach standard output
    (the logs) nor files other local accounts can read.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self):
        if self.stream is None:
            descriptor = os.open(
                self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
            )
            self.stream = os.fdopen(descriptor, "ab")
            return True
        return False
