; Clauses are indented under a topic or the log.
[
  (topic)
  (log)
] @indent
