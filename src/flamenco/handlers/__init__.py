"""HTTP handlers, one module per spec tag. Thin: parse, call the store or scheduler, answer.

Connexion routes each operationId here through the table in `flamenco.operations`
(generated from the spec by `tools/regen.py`).
"""
