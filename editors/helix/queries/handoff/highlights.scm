; Highlights for .handoff with Helix's capture names: a copy of
; editors/tree-sitter-handoff/queries/highlights.scm (nvim-treesitter's).

(comment) @comment

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

"test" @keyword.control

[
  "handoff"
  "when"
  "always"
] @keyword.control

(topic name: (name) @type)
(test topic: (name) @type)
(expect_handoff topic: (name) @type)
(reply_test topic: (name) @type)

(system name: (name) @function)
(using system: (name) @function)

(access) @constant.builtin
(fallback_action) @constant.builtin
(risk level: (phrase) @constant.builtin)
(reply_ok) @constant.builtin

(type (type_name) @type.builtin)

(string) @string
(escape_sequence) @constant.character.escape
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
