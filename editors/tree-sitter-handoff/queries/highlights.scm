; Highlights for .handoff, with nvim-treesitter's capture names.
; editors/helix/queries/handoff/highlights.scm is the same with Helix's.

(comment) @comment @spell

[
  "business"
  "channels"
  "channel"
  "languages"
  "language"
  "tone"
  "never"
  "promise"
  "fallback"
  "system"
  "topic"
  "log"
  "about"
  "risk"
  "may"
  "must"
  "not"
  "collect"
  "save"
  "redact"
  "using"
  "reply"
  "on"
  "breaks"
  "no"
] @keyword

"test" @keyword.function

[
  "handoff"
  "when"
  "always"
] @keyword.conditional

(topic name: (name) @type.definition)
(test topic: (name) @type)
(expect_handoff topic: (name) @type)
(reply_test topic: (name) @type)

(system name: (name) @function)
(using system: (name) @function.call)

(access) @constant.builtin
(fallback_action) @constant.builtin
(risk level: (phrase) @constant.builtin)
(reply_ok) @constant.builtin

(type (type_name) @type.builtin)

(string) @string
(escape_sequence) @string.escape
(bare_phrase) @string.special

"->" @operator

[
  ","
  ";"
  ":"
] @punctuation.delimiter

[
  "("
  ")"
] @punctuation.bracket
