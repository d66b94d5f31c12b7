"""Demo data: the reference installation Kreis Siegen-Wittgenstein and a small second region.

The data are plain records (``siegen_wittgenstein``, ``musterkreis``, ``state``); the
builders in ``builders`` load them idempotently. Run it with ``manage.py seed_demo``.
Every person is invented; demo logins share the published password ``kim-demo``.
"""
