; Clauses are indented under a topic or the log; a new declaration is not.
[
  (topic)
  (log)
] @indent.begin

(comment) @indent.auto
