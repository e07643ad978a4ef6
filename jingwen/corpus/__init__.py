"""Corpus mode: the text field of every record of JSON Lines and Parquet corpora, cleaned in
shards that a killed run resumes, in this process, in ``-j N`` workers or on Dask."""
