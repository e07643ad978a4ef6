"""The stages between readers and exporters, and the model they share (installed as
``jingwen.cleaner``).

``model`` is the document and the errors; ``readers`` turn files into documents; ``pipeline``
runs ``clean`` → ``normalize`` → ``headings`` → ``convert`` as ``settings`` ask. Nothing here
imports the application (``jingwen.cli``, ``jingwen.commands``, ``jingwen.web``, ``jingwen.corpus``).
"""
