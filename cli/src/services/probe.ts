import { spawn } from 'node:child_process';
import { connect } from 'node:net';

/** Resolves true when something accepts TCP connections on host:port within `timeoutMs`. */
export function isPortOpen(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (isOpen: boolean) => {
      socket.destroy();
      resolve(isOpen);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command to completion, capturing stdout and stderr together. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 127, output: error.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function hasCommand(command: string): Promise<boolean> {
  return (await run('sh', ['-c', `command -v ${command}`])).code === 0;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs Debian packages when we are root on Debian; otherwise says exactly what to install. */
export async function installDebianPackages(packages: string[], log: (message: string) => void): Promise<void> {
  if (!isRoot() || !(await hasCommand('apt-get'))) {
    throw new Error(
      `not installed: ${packages.join(', ')}. Install it (Debian: sudo apt-get install ${packages.join(' ')}) and retry.`,
    );
  }
  log(`installing ${packages.join(', ')} from the system packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run('apt-get', ['update', '-q'], env);
  const install = await run('apt-get', ['install', '-y', '-q', ...packages], env);
  if (update.code !== 0 || install.code !== 0) {
    throw new Error(`apt-get install ${packages.join(' ')} failed:\n${(update.output + install.output).slice(-2000)}`);
  }
}
