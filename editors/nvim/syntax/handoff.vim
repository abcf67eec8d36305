" Syntax for .handoff rule files, for Neovim (and Vim) without tree-sitter.
" Keywords are case-insensitive; names keep their dashes (opening-hours).
if exists('b:current_syntax')
  finish
endif

syntax case ignore
setlocal iskeyword+=-

" Quoted phrases first: a `#` inside quotes is not a comment.
syntax region handoffString start=+"+ skip=+\\[\\"]+ end=+"+ end=+$+ contains=handoffEscape,handoffBadEscape oneline
syntax match handoffBadEscape contained +\\[^\\"]+
syntax match handoffEscape contained +\\[\\"]+
syntax match handoffComment "#.*$" contains=@Spell

" Declarations start at column 0.
syntax match handoffDeclaration "^\%(business\|channels\=\|languages\=\|tone\|fallback\|system\|topic\|log\|test\)\>"
syntax match handoffDeclaration "^never\s\+promise\>"
syntax match handoffHandoff "^handoff\s\+when\>"

" Clauses: on an indented line, after a topic's or log's colon, after `;`.
syntax match handoffClause "\%(^\s\+\|[:;]\s*\)\@<=\%(about\|may\|must\s\+not\|collect\|risk\|save\|redact\)\>"
syntax match handoffHandoff "\%(^\s\+\|[:;]\s*\)\@<=handoff\s\+\%(when\|always\)\>"
syntax match handoffKeyword "\<using\>"

" Names: topics after `topic`, `->`, `on`; systems after `system`, `using`.
syntax match handoffTopicName "\%(^topic\s\+\)\@<=[^ \t\"#(),;:]\+"
syntax match handoffSystemName "\%(^system\s\+\)\@<=[^ \t\"#(),;:]\+"
syntax match handoffSystemName "\%(\<using\s\+\)\@<=[^ \t\"#(),;:]\+"
syntax match handoffTopicName "\%(^test\s\+reply\s.*\<on\s\+\)\@<=[^ \t\"#(),;:]\+"
syntax match handoffTopicName "\%(->\s*\%(handoff\s\+\)\=\)\@<=[^ \t\"#(),;:]\+"
syntax match handoffArrow "->"
syntax match handoffHandoff "\%(->\s*\)\@<=handoff\>"
syntax match handoffKeyword "\%(->\s*\)\@<=\%(no\s\+topic\|breaks\)\>"
syntax match handoffConstant "\%(->\s*\)\@<=ok\>"
syntax match handoffKeyword "\%(^test\s\+\)\@<=reply\>"
syntax match handoffKeyword "\%(^test\s\+reply\s.*\)\@<=\<on\>"

" Fixed values.
syntax match handoffConstant "\%(^system\s.*:\s*\)\@<=\%(write\s\+with\s\+approval\|write\|read\)\>"
syntax match handoffConstant "\%(\<risk\s\+\)\@<=\%(fact\|binding\|judgment\|internal\)\>"
syntax match handoffConstant "\%(^fallback\s\+\)\@<=\%(handoff\|answer\)\>"
syntax match handoffType "([^()\"#,;]*)"
syntax match handoffDelimiter "[,;:]"

highlight default link handoffComment Comment
highlight default link handoffString String
highlight default link handoffEscape SpecialChar
highlight default link handoffBadEscape Error
highlight default link handoffDeclaration Keyword
highlight default link handoffClause Keyword
highlight default link handoffKeyword Keyword
highlight default link handoffHandoff Conditional
highlight default link handoffTopicName Type
highlight default link handoffSystemName Function
highlight default link handoffArrow Operator
highlight default link handoffConstant Constant
highlight default link handoffType Type
highlight default link handoffDelimiter Delimiter

let b:current_syntax = 'handoff'
