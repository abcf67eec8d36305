-- The handoff language server (`handoff lsp`, stdio) for .handoff files.
--
--   require('handoff').setup()                     -- `handoff` on PATH
--   require('handoff').setup({ cmd = { '/path/to/handoff', 'lsp' } })
--
-- On Neovim 0.11+ it registers the server with vim.lsp.config and
-- vim.lsp.enable; on older Neovim (Debian's 0.7) it starts one client per
-- project from a FileType autocmd and attaches each .handoff buffer to it.
local M = {}

M.install_command = 'cargo install --path crates/handoff-cli --locked'

local defaults = {
  cmd = { 'handoff', 'lsp' },
  filetypes = { 'handoff' },
  -- A project is the nearest folder up with one of these.
  root_markers = { 'handoff.toml', '.git' },
  on_attach = nil,
  capabilities = nil,
  settings = {},
}

local function notify(message, level)
  vim.notify('handoff: ' .. message, level or vim.log.levels.INFO)
end

local function root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local file = vim.fn.findfile(marker, dir .. ';')
    if file ~= '' then
      return vim.fn.fnamemodify(file, ':p:h')
    end
    -- A directory's full path ends with `/`: one more `:h` for its parent.
    local found = vim.fn.finddir(marker, dir .. ';')
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
  end
  return dir
end

-- Neovim before vim.lsp.config: one client per project root, started on the
-- first .handoff buffer there and shared by the next ones.
local function setup_legacy(config)
  local clients = {}
  local group = vim.api.nvim_create_augroup('handoff_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      local path = vim.api.nvim_buf_get_name(args.buf)
      if path == '' then
        return
      end
      local root = root_dir(path, config.root_markers)
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({
          name = 'handoff',
          cmd = config.cmd,
          root_dir = root,
          workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
          capabilities = config.capabilities,
          settings = config.settings,
          on_attach = config.on_attach,
        })
        if not id then
          notify('could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
          return
        end
        clients[root] = id
      end
      vim.lsp.buf_attach_client(args.buf, id)
    end,
  })
end

local function setup_current(config)
  vim.lsp.config('handoff', {
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    capabilities = config.capabilities,
    settings = config.settings,
    on_attach = config.on_attach,
  })
  vim.lsp.enable('handoff')
end

--- Runs `handoff test` on the current file in a terminal split.
function M.run_tests(program)
  local file = vim.api.nvim_buf_get_name(0)
  if file == '' or vim.bo.filetype ~= 'handoff' then
    notify('open a saved .handoff file to run its tests', vim.log.levels.WARN)
    return
  end
  vim.cmd('silent update')
  vim.cmd('botright split')
  vim.fn.termopen({ program, 'test', file })
end

--- Starts the language server for .handoff buffers. Returns false (and
--- says how to install it) when the `handoff` program is not found.
function M.setup(opts)
  local config = vim.tbl_deep_extend('force', defaults, opts or {})
  local program = config.cmd[1]
  vim.api.nvim_create_user_command('HandoffTest', function()
    M.run_tests(program)
  end, { desc = "Run this .handoff file's tests" })
  if vim.fn.executable(program) ~= 1 then
    notify(
      ('%s not found, so there are no checks, hover or formatting (highlighting still works). Install it with: %s')
        :format(program, M.install_command),
      vim.log.levels.WARN
    )
    return false
  end
  if vim.lsp.config and vim.lsp.enable then
    setup_current(config)
  else
    setup_legacy(config)
  end
  return true
end

return M
