"""The supplier programme: companies apply (``/suppliers/apply``), confirm their e-mail
address, answer staff's questions, and once approved become organisations whose people sign in
to the supplier portal (``/supplier/``). Staff review applications at ``/admin/suppliers``."""
