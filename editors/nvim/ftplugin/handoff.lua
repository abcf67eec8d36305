-- .handoff rule files: `#` comments, two-space indentation under a topic
-- or `log:` (the canonical layout `handoff fmt` writes).
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

local opt = vim.opt_local
opt.commentstring = '# %s'
opt.comments = ':#'
opt.expandtab = true
opt.shiftwidth = 2
opt.softtabstop = 2
opt.tabstop = 8
-- `opening-hours` and `öppettider_db` are one word for `w`, `*` and completion.
opt.iskeyword:append('-')
-- Format comments, not phrases: a long list is wrapped by `handoff fmt`.
opt.formatoptions:remove('t')
opt.formatoptions:append('cqj')

vim.b.undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< tabstop< iskeyword< formatoptions<'
