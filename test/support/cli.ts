// Test fixture: runs the built tenant-ledger command and starts real server processes.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/tenant-ledger.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs a CLI command that must succeed and parses its JSON output. */
export async function cliJson<T = Record<string, unknown>>(args: string[], env: Record<string, string> = {}): Promise<T> {
  const r = await runCli(args, env);
  if (r.code !== 0) throw new Error(`tenant-ledger ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export interface RunningServer {
  base: string;
  process: ChildProcess;
  stderr: () => string;
  /** What it wrote on stdout (the JSON request log), when started with captureStdout; '' otherwise. */
  stdout: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `tenant-ledger serve --port 0` and waits for the address it prints. */
export function startServerProcess(
  args: string[], env: Record<string, string> = {}, opts: { captureStdout?: boolean } = {},
): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env }, stdio: ['ignore', opts.captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: m[1]!, process: child, stderr: () => stderr, stdout: () => stdout,
          stop: (signal = 'SIGTERM') => (child.exitCode !== null ? Promise.resolve(child.exitCode) : (child.kill(signal), exited)),
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}
