"""Payments: card payments through Stripe (behind ``gateway``, the only module that imports
``stripe``) and invoice / bank transfer / purchase order payments marked paid by staff."""
