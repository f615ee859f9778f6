import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url).pathname;

/** An engine server running in a child process (engine/server.ts from source). */
export interface Server {
  url: string;
  child: ChildProcess;
  output: string[];
}

/** Starts engine/server.ts; answers once it prints the URL it listens on. */
export function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), 60_000);
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /running at (http:\/\/localhost:\d+)/.exec(output.join(''));
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1].replace('localhost', '127.0.0.1'), child, output });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it started:\n${output.join('')}`));
    });
  });
}

export async function stopServer(server: Server | undefined): Promise<void> {
  // Exited by itself, or killed (a signal leaves exitCode null): nothing to wait for.
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

