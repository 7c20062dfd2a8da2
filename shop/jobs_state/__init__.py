"""The record of every background job: what it is, how far it got, what it returned.

``models`` holds the ``job`` table, ``services`` its writes (create, claim, progress, finish,
fail, prune), ``queries`` its reads. The queue itself and the jobs it runs are in
``shop.jobs``; nothing here imports it.
"""
