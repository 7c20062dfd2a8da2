"""Spreadsheet imports of products, prices and stock, and their export.

``models`` (the upload, its preview rows, its events), ``files`` (the stored upload),
``parse`` (a row's cells into typed values), ``plan`` (the preview: what each row would
add or change, or why it cannot), ``apply`` (writing a preview, all or nothing),
``services`` (the use cases views and jobs call), ``queries`` (reads for pages) and
``export`` (the CSV download). The jobs are in ``shop.inventory.tasks``.
"""
