import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const BIN = resolve(ROOT, 'bin/femtosim.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the femtosim command (compiled in dist/) and captures its output. */
export function femtosim(args: string[], opts: { timeout?: number; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: opts.timeout ?? 120000, cwd: opts.cwd ?? ROOT });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
