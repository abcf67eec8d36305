// External scanner for .handoff: line breaks, comments and quoted text.
//
// A line break means one of three things, decided by the next line that has
// code (blank lines and comment-only lines are looked past):
// - LINE_BREAK: that line starts at column 0, a new declaration (or the file
//   ends);
// - CLAUSE_BREAK: that line is indented, more clauses of the topic or log;
// - CONTINUATION: the list before ended with `,` and the very next line is
//   indented deeper than the logical line it continues (layout.rs).
// The token itself ends where the next non-blank line starts, so a comment
// on a line of its own is a comment node of its own line, followed by
// another break of the same kind.
// Comments and quoted text are scanned here because `#` starts a comment
// only outside quotes.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum TokenType {
  LINE_BREAK,
  CLAUSE_BREAK,
  CONTINUATION,
  COMMENT,
  STRING_TEXT,
};

typedef struct {
  // Indentation of the logical line being parsed, in characters.
  uint32_t indent;
} Scanner;

void *tree_sitter_handoff_external_scanner_create(void) {
  Scanner *scanner = calloc(1, sizeof(Scanner));
  return scanner;
}

void tree_sitter_handoff_external_scanner_destroy(void *payload) {
  free(payload);
}

unsigned tree_sitter_handoff_external_scanner_serialize(void *payload, char *buffer) {
  memcpy(buffer, payload, sizeof(Scanner));
  return sizeof(Scanner);
}

void tree_sitter_handoff_external_scanner_deserialize(void *payload, const char *buffer,
                                                      unsigned length) {
  Scanner *scanner = payload;
  scanner->indent = 0;
  if (length == sizeof(Scanner)) {
    memcpy(scanner, buffer, sizeof(Scanner));
  }
}

static void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static bool is_line_end(int32_t c) { return c == '\n' || c == '\r'; }

static void skip_to_line_end(TSLexer *lexer) {
  while (!lexer->eof(lexer) && !is_line_end(lexer->lookahead)) {
    advance(lexer);
  }
}

bool tree_sitter_handoff_external_scanner_scan(void *payload, TSLexer *lexer,
                                               const bool *valid_symbols) {
  Scanner *scanner = payload;
  // In error recovery every symbol is valid; quoted text is not scanned then,
  // so that a stray `"` cannot swallow the rest of a line.
  bool recovering = valid_symbols[LINE_BREAK] && valid_symbols[STRING_TEXT];

  if (valid_symbols[STRING_TEXT] && !recovering) {
    bool any = false;
    while (!lexer->eof(lexer) && lexer->lookahead != '"' && lexer->lookahead != '\\' &&
           !is_line_end(lexer->lookahead)) {
      advance(lexer);
      any = true;
    }
    lexer->result_symbol = STRING_TEXT;
    return any;
  }

  while (lexer->lookahead == ' ' || lexer->lookahead == '\t') {
    lexer->advance(lexer, true);
  }

  if (lexer->lookahead == '#') {
    skip_to_line_end(lexer);
    lexer->result_symbol = COMMENT;
    return true;
  }

  if (lexer->eof(lexer) || !is_line_end(lexer->lookahead)) {
    return false;
  }

  // At a line end: find the next line with code.
  bool marked = false;
  bool next_line_has_code = false;
  bool code_found = false;
  uint32_t indent = 0;
  for (bool first = true;; first = false) {
    if (lexer->lookahead == '\r') {
      advance(lexer);
    }
    if (lexer->lookahead == '\n') {
      advance(lexer);
    }
    indent = 0;
    while (lexer->lookahead == ' ' || lexer->lookahead == '\t') {
      advance(lexer);
      indent++;
    }
    if (lexer->eof(lexer)) {
      break;
    }
    if (is_line_end(lexer->lookahead)) {
      continue;
    }
    if (!marked) {
      lexer->mark_end(lexer);
      marked = true;
    }
    if (lexer->lookahead != '#') {
      next_line_has_code = first;
      code_found = true;
      break;
    }
    skip_to_line_end(lexer);
    if (lexer->eof(lexer)) {
      break;
    }
  }
  if (!marked) {
    lexer->mark_end(lexer);
  }

  if (valid_symbols[CONTINUATION] && next_line_has_code && indent > scanner->indent &&
      !recovering) {
    lexer->result_symbol = CONTINUATION;
    return true;
  }
  if (code_found && indent > 0) {
    if (valid_symbols[CLAUSE_BREAK]) {
      scanner->indent = indent;
      lexer->result_symbol = CLAUSE_BREAK;
      return true;
    }
    // An indented line where no clause can be: a syntax error, reported by
    // the parser at the line break.
    return false;
  }
  if (valid_symbols[LINE_BREAK]) {
    scanner->indent = 0;
    lexer->result_symbol = LINE_BREAK;
    return true;
  }
  return false;
}
