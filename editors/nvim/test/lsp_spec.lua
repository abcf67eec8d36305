-- Headless check of the language server in Neovim: diagnostics arrive and
-- formatting rewrites the buffer as `handoff fmt` does. Needs the server:
--   HANDOFF_BIN=target/debug/handoff \
--   nvim --headless -u NONE -i NONE -n -c "luafile editors/nvim/test/lsp_spec.lua"
-- (from the repository root, XDG_* dirs pointing at a temporary folder).
-- Exits 0 when every check holds; otherwise prints the failures and exits 1.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local root = vim.fn.fnamemodify(here, ':h:h:h')
vim.opt.runtimepath:prepend(root .. '/editors/nvim')
vim.cmd('filetype plugin indent on')

local failures = {}
local function finish()
  if #failures > 0 then
    io.stderr:write(table.concat(failures, '\n') .. '\n')
    vim.cmd('cquit 1')
  else
    io.stdout:write('language server checks passed\n')
    vim.cmd('qall!')
  end
end
local function expect(ok, message)
  if not ok then
    table.insert(failures, message)
  end
  return ok
end

local bin = os.getenv('HANDOFF_BIN')
if not bin or bin == '' then
  table.insert(failures, 'HANDOFF_BIN is not set')
  finish()
end
local started = require('handoff').setup({ cmd = { bin, 'lsp' } })
expect(started, 'setup found ' .. bin)

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local function write(name, lines)
  local path = dir .. '/' .. name
  vim.fn.writefile(lines, path)
  return path
end

-- Diagnostics: a misspelt clause keyword is reported on its line.
local broken = write('broken.handoff', {
  'business "Corner Bakery"',
  'topic orders:',
  '  about order, cake',
  '  mayy take an order',
  'test "a cake" -> orders',
})
vim.cmd('edit ' .. vim.fn.fnameescape(broken))
local buf = vim.api.nvim_get_current_buf()
local arrived = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 100)
if expect(arrived, 'no diagnostics arrived for broken.handoff within 20 s') then
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    lines[d.lnum + 1] = true
  end
  expect(lines[4], 'no diagnostic on line 4 (mayy): ' .. vim.inspect(vim.diagnostic.get(buf)))
end

-- Formatting: the buffer becomes what `handoff fmt` writes.
local messy = {
  'business   "Corner Bakery"',
  'channels whatsapp,sms',
  'topic orders: about order, cake; may take an order',
  'test "a cake"->orders',
}
local path = write('messy.handoff', messy)
local want = vim.fn.systemlist({ bin, 'fmt', '-' }, messy)
expect(vim.v.shell_error == 0, 'handoff fmt - failed: ' .. table.concat(want, '\n'))
vim.cmd('edit ' .. vim.fn.fnameescape(path))
buf = vim.api.nvim_get_current_buf()
local attached = vim.wait(20000, function()
  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = buf })
  return #clients > 0 and clients[1].server_capabilities.documentFormattingProvider ~= nil
end, 100)
if expect(attached, 'the server did not attach to messy.handoff with formatting within 20 s') then
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = buf, timeout_ms = 10000 })
  else
    vim.lsp.buf.formatting_sync(nil, 10000)
  end
  local got = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  expect(
    vim.deep_equal(got, want),
    'formatting gave\n' .. table.concat(got, '\n') .. '\nwant\n' .. table.concat(want, '\n')
  )
end

finish()
