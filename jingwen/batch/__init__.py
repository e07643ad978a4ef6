"""Running many inputs: worker processes, progress, the report, files found and written
atomically, errors as one line. Used by the commands and corpus mode; knows nothing of either."""
