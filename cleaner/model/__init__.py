"""The model: the ``Document`` every reader makes and every exporter reads, the project's
errors, and the facts of Chinese text. It imports nothing else of jingwen."""
