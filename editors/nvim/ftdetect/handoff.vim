" .handoff rule files (works on every Neovim and Vim with ftdetect).
autocmd BufRead,BufNewFile *.handoff setfiletype handoff
