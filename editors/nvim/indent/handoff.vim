" Indentation for .handoff: clauses two spaces under `topic ...:` and `log:`,
" a continued list (its line ends with `,`) one step deeper, declarations at
" column 0.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=HandoffIndent(v:lnum)
setlocal indentkeys=o,O,!^F,0=test,0=topic,0=system,0=business,0=log
setlocal autoindent
let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*HandoffIndent')
  finish
endif

" The line's code, without a comment (a `#` outside quotes) or trailing space.
function! s:Code(lnum) abort
  let line = getline(a:lnum)
  let code = ''
  let quoted = 0
  let i = 0
  while i < len(line)
    let c = line[i]
    if quoted && c ==# '\'
      let code .= line[i : i + 1]
      let i += 2
      continue
    endif
    if c ==# '"'
      let quoted = !quoted
    elseif c ==# '#' && !quoted
      break
    endif
    let code .= c
    let i += 1
  endwhile
  return substitute(code, '\s\+$', '', '')
endfunction

function! HandoffIndent(lnum) abort
  let current = getline(a:lnum)
  if current =~? '^\s*\%(business\|channels\=\|languages\=\|tone\|never\|fallback\|system\|topic\|log\|test\)\>'
    return 0
  endif
  " The previous line with code: blank and comment-only lines do not count.
  let prev = prevnonblank(a:lnum - 1)
  while prev > 0 && s:Code(prev) =~# '^\s*$'
    let prev = prevnonblank(prev - 1)
  endwhile
  if prev == 0
    return 0
  endif
  let code = s:Code(prev)
  if code =~? '^\%(topic\>.*\|log\s*\):$'
    return shiftwidth()
  endif
  if code =~# ',$'
    return indent(prev) + shiftwidth()
  endif
  " After a continued line, back to the clause it continues.
  let start = prev
  while start > 1 && indent(start) > 0
    let before = prevnonblank(start - 1)
    if before == 0 || s:Code(before) !~# ',$'
      break
    endif
    let start = before
  endwhile
  return indent(start)
endfunction
