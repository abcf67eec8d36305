-- Headless check of the runtime files, no server needed:
--   nvim --headless -u NONE -i NONE -n -c "luafile editors/nvim/test/syntax_spec.lua"
-- (from the repository root, XDG_* dirs pointing at a temporary folder).
-- Exits 0 when every check holds; otherwise prints the failures and exits 1.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local root = vim.fn.fnamemodify(here, ':h:h:h')
vim.opt.runtimepath:prepend(root .. '/editors/nvim')
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')

local failures, checks = {}, 0
local function expect(ok, message)
  checks = checks + 1
  if not ok then
    table.insert(failures, message)
  end
end

-- The syntax group at the first `needle` on line `lnum` (after `from`).
local function group_at(lnum, needle, from)
  local line = vim.fn.getline(lnum)
  local col = line:find(needle, from or 1, true)
  if not col then
    return '(no "' .. needle .. '" on line ' .. lnum .. ')'
  end
  return vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), 'name')
end

local function check_groups(file, cases)
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file))
  expect(vim.bo.filetype == 'handoff', file .. ': filetype is "' .. vim.bo.filetype .. '"')
  for _, case in ipairs(cases) do
    local lnum, needle, want, from = case[1], case[2], case[3], case[4]
    local got = group_at(lnum, needle, from)
    expect(got == want, ('%s:%d "%s": %s, want %s'):format(file, lnum, needle, got, want))
  end
end

check_groups('examples/salon.handoff', {
  { 1, '#', 'handoffComment' },
  { 3, 'business', 'handoffDeclaration' },
  { 3, '"Salon', 'handoffString' },
  { 4, ',', 'handoffDelimiter' },
  { 8, 'never', 'handoffDeclaration' },
  { 10, 'handoff', 'handoffHandoff' },
  { 13, 'calendar', 'handoffSystemName' },
  { 14, 'write', 'handoffConstant' },
  { 16, 'opening-hours', 'handoffTopicName' },
  { 16, 'hours "', 'handoffTopicName' },
  { 17, 'about', 'handoffClause' },
  { 17, 'open', '' },
  { 19, 'fact', 'handoffConstant' },
  { 25, 'using', 'handoffKeyword' },
  { 25, 'calendar', 'handoffSystemName' },
  { 26, 'must', 'handoffClause' },
  { 27, '(number)', 'handoffType' },
  { 47, 'handoff', 'handoffHandoff' },
  { 50, 'log', 'handoffDeclaration' },
  { 51, 'save', 'handoffClause' },
  { 55, 'test', 'handoffDeclaration' },
  { 55, '->', 'handoffArrow' },
  { 55, 'booking', 'handoffTopicName' },
  { 57, 'handoff', 'handoffHandoff', 40 },
  { 57, 'booking', 'handoffTopicName', 40 },
})

check_groups('tests/corpus/valid/edge-cases.handoff', {
  { 3, 'BUSINESS', 'handoffDeclaration' },
  { 3, '\\"', 'handoffEscape' },
  { 4, '# a comment', 'handoffComment' },
  { 12, 'öppettider_db', 'handoffSystemName' },
  { 15, 'öppettider', 'handoffTopicName' },
  { 15, 'about', 'handoffClause' },
  { 15, 'risk', 'handoffClause' },
  { 15, 'may', 'handoffClause' },
  { 18, '"using the word using"', 'handoffString' },
  { 19, 'MAY', 'handoffClause' },
  { 20, 'MUST NOT', 'handoffClause' },
  { 20, '# trailing', 'handoffComment' },
  { 30, 'something', 'handoffString' },
})

-- Edge cases written here: a `#` inside quotes, replies, no topic.
vim.cmd('enew')
vim.bo.filetype = 'handoff'
vim.api.nvim_buf_set_lines(0, 0, -1, false, {
  'business "Café # not a comment"',
  'test "hello" -> no topic',
  'test reply "20% off" on booking -> breaks discount',
  'test reply "Fine." -> ok',
  '  about "bad \\n escape"',
})
vim.cmd('syntax sync fromstart')
local cases = {
  { 1, '# not', 'handoffString' },
  { 2, 'no topic', 'handoffKeyword' },
  { 3, 'reply', 'handoffKeyword' },
  { 3, 'on booking', 'handoffKeyword' },
  { 3, 'booking', 'handoffTopicName' },
  { 3, 'breaks', 'handoffKeyword' },
  { 4, 'ok', 'handoffConstant' },
  { 5, '\\n', 'handoffBadEscape' },
}
for _, case in ipairs(cases) do
  local got = group_at(case[1], case[2])
  expect(got == case[3], ('scratch:%d "%s": %s, want %s'):format(case[1], case[2], got, case[3]))
end

-- ftplugin and indent.
expect(vim.bo.commentstring == '# %s', 'commentstring is ' .. vim.bo.commentstring)
expect(vim.bo.shiftwidth == 2 and vim.bo.expandtab, 'two spaces, expanded')
expect(vim.bo.indentexpr:find('HandoffIndent') ~= nil, 'indentexpr is ' .. vim.bo.indentexpr)
vim.api.nvim_buf_set_lines(0, 0, -1, false, {
  'topic orders "Orders": # header',
  '  about order, cake,',
  '        bread',
  '  # a comment',
  '  may answer',
  'log:',
  'x',
  'test "x" -> orders',
})
local want_indent = { [2] = 2, [3] = 4, [4] = 2, [5] = 2, [7] = 2, [8] = 0 }
for lnum, want in pairs(want_indent) do
  local got = vim.fn.HandoffIndent(lnum)
  expect(got == want, ('indent of line %d: %d, want %d'):format(lnum, got, want))
end

-- The LSP setup says how to install a missing server, and starts nothing.
local messages = {}
vim.notify = function(message)
  table.insert(messages, message)
end
local handoff = require('handoff')
local started = handoff.setup({ cmd = { root .. '/no/such/handoff', 'lsp' } })
expect(started == false, 'setup with a missing program returns false')
expect(
  messages[1] ~= nil and messages[1]:find(handoff.install_command, 1, true) ~= nil,
  'the message names the install command: ' .. tostring(messages[1])
)
expect(vim.fn.exists(':HandoffTest') == 2, ':HandoffTest exists')

if #failures > 0 then
  io.stderr:write(table.concat(failures, '\n') .. '\n')
  io.stderr:write(('%d of %d checks failed\n'):format(#failures, checks))
  vim.cmd('cquit 1')
else
  io.stdout:write(('%d checks passed\n'):format(checks))
  vim.cmd('qall!')
end
