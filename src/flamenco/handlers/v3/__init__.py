"""HTTP handlers of `/api/v3` (Flamenco 3.8's spec), one thin module per spec tag, as the seed door's.

They call the same scheduler and store as `flamenco.handlers` and render with `flamenco.api.v3`;
Connexion routes to them through `flamenco.operations_v3`.
"""
