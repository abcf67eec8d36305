/**
 * Tree-sitter grammar for `.handoff` rule files.
 *
 * Mirrors grammar/handoff.pest and the layout rules of
 * crates/handoff-syntax/src/layout.rs: a line at column 0 is a declaration,
 * an indented line holds clauses of the `topic` or `log:` above it, and a
 * list whose line ends with `,` continues on the next, more deeply indented
 * line. Line breaks carry that meaning, so src/scanner.c turns them into
 * tokens (and reads comments and quoted text, where `#` means different
 * things).
 */

// Keywords are case-insensitive: `Topic`, `TOPIC` and `topic` are one word.
// Each is aliased to its lower-case spelling, the name queries use.
const kwRegex = (word) =>
  new RegExp(
    [...word]
      .map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c))
      .join(''),
  );
const kw = (word) => alias(kwRegex(word), word);

const commaSep1 = ($, rule) =>
  seq(rule, repeat(seq(',', optional($._continuation), rule)));

module.exports = grammar({
  name: 'handoff',

  externals: ($) => [
    $._line_break,
    $._clause_break,
    $._continuation,
    $.comment,
    $._string_text,
  ],

  extras: ($) => [/[ \t]/, $.comment],

  word: ($) => $._word,

  // `using` always ends a bare phrase, as in the pest grammar, so
  // `about coffee using machine` is an error outside a `may` clause.
  reserved: {
    global: (_) => [kwRegex('using')],
  },

  rules: {
    source_file: ($) =>
      seq(
        repeat(seq(optional($._declaration), $._line_break)),
        optional($._declaration),
      ),

    _declaration: ($) =>
      choice(
        $.topic,
        $.test,
        $.reply_test,
        $.system,
        $.business,
        $.channels,
        $.language,
        $.tone,
        $.never_promise,
        $.handoff_when,
        $.fallback,
        $.log,
      ),

    // ------------------------------------------------------------ declarations

    business: ($) => seq(kw('business'), $.phrase),
    channels: ($) => seq(choice(kw('channels'), kw('channel')), $.phrases),
    language: ($) => seq(choice(kw('languages'), kw('language')), $.phrases),
    tone: ($) => seq(kw('tone'), $.phrases),
    never_promise: ($) => seq(kw('never'), kw('promise'), $.phrases),
    handoff_when: ($) => seq(kw('handoff'), kw('when'), $.phrases),
    fallback: ($) => seq(kw('fallback'), field('action', $.fallback_action)),
    fallback_action: ($) => choice(kw('handoff'), kw('answer')),

    system: ($) =>
      seq(kw('system'), field('name', $.name), ':', field('access', $.access)),
    access: ($) =>
      choice(seq(kw('write'), kw('with'), kw('approval')), kw('write'), kw('read')),

    topic: ($) =>
      seq(
        kw('topic'),
        field('name', $.name),
        optional(field('title', $.string)),
        ':',
        optional($._topic_clauses),
        repeat(seq($._clause_break, optional($._topic_clauses))),
      ),

    log: ($) =>
      seq(
        kw('log'),
        ':',
        optional($._log_clauses),
        repeat(seq($._clause_break, optional($._log_clauses))),
      ),

    test: ($) =>
      seq(kw('test'), field('message', $.string), '->', $._expect),
    _expect: ($) =>
      choice(
        $.expect_handoff,
        $.expect_no_topic,
        field('topic', $.name),
        // `-> no` is a topic called `no`, as in the pest grammar.
        field('topic', alias(kwRegex('no'), $.name)),
      ),
    expect_handoff: ($) => seq(kw('handoff'), optional(field('topic', $.name))),
    expect_no_topic: ($) => seq(kw('no'), kw('topic')),

    reply_test: ($) =>
      seq(
        kw('test'),
        kw('reply'),
        field('reply', $.string),
        optional(seq(kw('on'), field('topic', $.name))),
        '->',
        choice($.reply_ok, $.reply_breaks),
      ),
    reply_ok: (_) => kw('ok'),
    reply_breaks: ($) => seq(kw('breaks'), $.phrase),

    // ------------------------------------------------------------ clauses

    // Pieces between `;` may be empty (`;;`); the formatter drops them.
    _topic_clauses: ($) => clauseList($, $._topic_clause),
    _log_clauses: ($) => clauseList($, $._log_clause),

    _topic_clause: ($) =>
      choice(
        $.about,
        $.risk,
        $.may,
        $.must_not,
        $.handoff_always,
        $.handoff_when_clause,
        $.collect,
      ),
    _log_clause: ($) => choice($.save, $.redact),

    about: ($) => seq(kw('about'), $.phrases),
    risk: ($) => seq(kw('risk'), field('level', $.phrase)),
    may: ($) => seq(kw('may'), $.phrases, optional($.using)),
    using: ($) => seq(kw('using'), field('system', $.name)),
    must_not: ($) => seq(kw('must'), kw('not'), $.phrases),
    handoff_always: ($) => seq(kw('handoff'), kw('always')),
    handoff_when_clause: ($) => seq(kw('handoff'), kw('when'), $.phrases),
    collect: ($) => seq(kw('collect'), commaSep1($, $.field)),
    field: ($) => seq($.phrase, optional(field('type', $.type))),
    type: ($) => seq('(', alias(repeat1($._word), $.type_name), ')'),
    save: ($) => seq(kw('save'), $.phrases),
    redact: ($) => seq(kw('redact'), $.phrases),

    // ------------------------------------------------------------ words

    phrases: ($) => commaSep1($, $.phrase),
    phrase: ($) => choice($.string, $.bare_phrase),
    bare_phrase: ($) => prec.right(repeat1(choice($._word, ':'))),

    string: ($) =>
      seq('"', repeat(choice($._string_text, $.escape_sequence)), token.immediate('"')),
    escape_sequence: (_) => token.immediate(/\\["\\]/),

    // Topic and system names are one bare word (`opening-hours`,
    // `öppettider_db`); a name with a space is an error.
    name: ($) => $._word,

    // A bare word: any run of characters but spaces and `"#(),;:`.
    _word: (_) => /[^\s"#(),;:]+/,
  },
});

function clauseList($, clause) {
  return choice(
    seq(clause, repeat(seq(';', optional(clause)))),
    repeat1(seq(';', optional(clause))),
  );
}
