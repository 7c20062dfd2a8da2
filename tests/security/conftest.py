from tests.accounts.helpers import client  # noqa: F401  (a client without leaking sign-ins)
