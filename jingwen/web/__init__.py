"""``jingwen serve``: a local web page for people who never open a terminal.

Paste text or drop files, see every removed line struck through with its rule, switch
Simplified/Traditional conversion, and download TXT, DOCX, PDF or EPUB. Everything runs on this
machine: the server binds to loopback, checks the Host header, keeps uploads in a private
temporary folder it removes on exit, and serves downloads by opaque id.

Modules: ``labels`` (plain names and messages, from ``labels.toml``), ``store`` (the private
folder: uploads, results, downloads), ``cleaning`` (read and clean inputs), ``view`` (a cleaned
document as rows for the page), ``exports`` (export jobs with progress), ``security`` (Host and
Origin checks, response headers), ``app`` (the Starlette application), ``server`` (uvicorn).
Only ``app`` and ``server`` import the web framework (``pip install 'jingwen[web]'``).
"""
