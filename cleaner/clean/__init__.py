"""The clean stage: platform notices, preview residue, repeated titles and the truncated tail
are removed, each removal logged with its rule id (``stage.clean`` is the entry point)."""
