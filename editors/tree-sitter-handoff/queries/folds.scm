; A topic or the log folds to its header line.
[
  (topic)
  (log)
] @fold
