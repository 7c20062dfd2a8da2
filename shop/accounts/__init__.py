"""Accounts: users, roles, sign-in, profile and address book."""
