"""Export compliance: destinations the shop may not ship to, and items that need a staff
review before they leave. Every order records its screening result."""
