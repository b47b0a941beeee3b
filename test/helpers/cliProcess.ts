// Runs the `qiao` CLI as a user would: a real process (bin/qiao.mjs through tsx) on a given QIAO_HOME.
// Asynchronous on purpose: the provider simulator runs in the test's process and must keep answering.
import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve('bin/qiao.mjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runQiao(argv: string[], options: { home: string; input?: string; cwd?: string; timeoutMs?: number }): Promise<CliResult> {
  const child = spawn(process.execPath, [bin, ...argv], {
    cwd: options.cwd,
    env: { ...process.env, QIAO_HOME: options.home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

/** `qiao(...args)` where an `{ input }` argument is written to standard input. */
export function qiaoIn(home: () => string, record?: (result: CliResult) => void) {
  return async (...args: Array<string | { input: string }>): Promise<CliResult> => {
    const input = args.find((a): a is { input: string } => typeof a === 'object')?.input;
    const result = await runQiao(
      args.filter((a): a is string => typeof a === 'string'),
      { home: home(), ...(input !== undefined ? { input } : {}) },
    );
    record?.(result);
    return result;
  };
}
