"""Writes of the content domain, one module per entity: posts (with their status), revisions,
comments (with moderation) and media. Services add and flush; the entry point commits."""
