"""The commands behind the command line (clean, convert, export, detect, rules, config): each
reads its inputs, runs the stages in worker processes, prints results and writes the report."""
