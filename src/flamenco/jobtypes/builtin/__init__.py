"""Built-in job types, one module per type; the type name is the module name with ``_`` → ``-``.

Each module follows the contract in :mod:`flamenco.jobtypes.registry`. They are ordinary package
modules so they ship with the Manager; admins override them with same-named files in their job types
directory.
"""
