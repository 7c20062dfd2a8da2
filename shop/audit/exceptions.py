"""What the audit log refuses."""

from __future__ import annotations

from shop.errors import DomainError


class AuditLogIsAppendOnly(DomainError):
    """Something tried to change or delete an audit row."""

    def __init__(self, what: str = "changed"):
        super().__init__(f"Audit entries cannot be {what}.")
