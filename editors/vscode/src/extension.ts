// The Handoff extension: starts `handoff lsp` over stdio for .handoff files
// and runs a file's tests. Highlighting, snippets and the language
// configuration are declared in package.json and need no code.
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

const INSTALL_COMMAND = "cargo install --path crates/handoff-cli --locked";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Handoff");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("handoff.runTests", (uri?: vscode.Uri) => runTests(uri)),
    vscode.commands.registerCommand("handoff.restartServer", () => restartServer()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("handoff.server")) {
        void restartServer();
      }
    }),
  );
  await startServer();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function restartServer(): Promise<void> {
  await client?.stop();
  client = undefined;
  await startServer();
}

async function startServer(): Promise<void> {
  const program = findHandoff();
  if (!program) {
    void reportMissing();
    return;
  }
  const extraArgs = vscode.workspace
    .getConfiguration("handoff")
    .get<string[]>("server.extraArgs", []);
  const run = { command: program, args: ["lsp", ...extraArgs], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "handoff" },
      { scheme: "untitled", language: "handoff" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.handoff"),
    },
    outputChannel: output,
  };
  // The trace level is read from `handoff.trace.server` by the client itself.
  client = new LanguageClient("handoff", "Handoff", serverOptions, clientOptions);
  try {
    await client.start();
    output.appendLine(`Started ${program} lsp`);
  } catch (error) {
    output.appendLine(`Could not start ${program} lsp: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `The handoff language server did not start (${program} lsp). See the Handoff output for the reason.`,
    );
    client = undefined;
  }
}

/** The `handoff` program: the `handoff.server.path` setting, then PATH. */
function findHandoff(): string | undefined {
  const configured = vscode.workspace
    .getConfiguration("handoff")
    .get<string>("server.path", "")
    .trim();
  if (configured) {
    const resolved = resolveConfigured(configured);
    return isExecutable(resolved) ? resolved : undefined;
  }
  return findOnPath("handoff");
}

function resolveConfigured(setting: string): string {
  const expanded = setting.startsWith("~") ? path.join(homedir(), setting.slice(1)) : setting;
  if (path.isAbsolute(expanded)) {
    return expanded;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return folder ? path.join(folder, expanded) : path.resolve(expanded);
}

function findOnPath(name: string): string | undefined {
  const extensions =
    process.platform === "win32" ? (process.env.PATHEXT ?? ".EXE").split(";") : [""];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension.toLowerCase());
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function reportMissing(): Promise<void> {
  const configured = vscode.workspace.getConfiguration("handoff").get<string>("server.path", "");
  const where = configured.trim()
    ? `at ${configured} (the handoff.server.path setting)`
    : "on your PATH";
  const copy = "Copy install command";
  const settings = "Open settings";
  const choice = await vscode.window.showErrorMessage(
    `The handoff program was not found ${where}, so checks, hover and formatting are off; ` +
      `highlighting still works. Install it from the handoff repository with: ${INSTALL_COMMAND}`,
    copy,
    settings,
  );
  if (choice === copy) {
    await vscode.env.clipboard.writeText(INSTALL_COMMAND);
  } else if (choice === settings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "handoff.server.path");
  }
}

/** Runs `handoff test FILE` and shows its report in the Handoff output. */
async function runTests(uri?: vscode.Uri): Promise<void> {
  const document = uri
    ? await vscode.workspace.openTextDocument(uri)
    : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== "handoff" || document.uri.scheme !== "file") {
    void vscode.window.showWarningMessage("Open a saved .handoff file to run its tests.");
    return;
  }
  const program = findHandoff();
  if (!program) {
    void reportMissing();
    return;
  }
  if (document.isDirty) {
    await document.save();
  }
  const file = document.uri.fsPath;
  output.show(true);
  output.appendLine(`$ handoff test ${file}`);
  const child = spawn(program, ["test", file], {
    cwd: path.dirname(file),
    env: { ...process.env, NO_COLOR: "1" },
  });
  child.stdout.on("data", (chunk: Buffer) => output.append(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => output.append(chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    child.on("error", (error) => {
      output.appendLine(`Could not run ${program}: ${error.message}`);
      resolve(null);
    });
    child.on("close", resolve);
  });
  if (code === 0) {
    void vscode.window.showInformationMessage(`All tests in ${path.basename(file)} pass.`);
  } else if (code !== null) {
    void vscode.window.showWarningMessage(
      `Some tests in ${path.basename(file)} fail: see the Handoff output.`,
    );
  }
}
