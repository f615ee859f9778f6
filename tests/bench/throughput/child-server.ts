import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// A server under test in a child process of its own, so that the load generator (autocannon,
// in the parent) never shares its event loop. Started with node (and tsx for a .ts entry), so
// the pid is the server's own process and its RSS is the server's.

export interface ChildServer {
  name: string;
  pid: number;
  url: string;
  /** Peak resident set size since the process started (VmHWM), in bytes. */
  peakRss(): number;
  /** Current resident set size (VmRSS), in bytes. */
  rss(): number;
  /** The last few KiB the process wrote to stdout and stderr: why it failed, when it did. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface ChildOptions {
  name: string;
  entry: string;
  env: Record<string, string | undefined>;
  /** Extra node flags, such as --cpu-prof. */
  nodeFlags?: string[];
  /** A path that answers once the server is ready (any status). */
  readyPath: string;
  readyTimeoutMs?: number;
}

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (!kib) throw new Error(`${field} missing from /proc/${pid}/status`);
  return Number(kib) * 1024;
}

export async function startChild(options: ChildOptions): Promise<ChildServer> {
  const port = await freePort();
  // TypeScript through tsx; a built .js file (the engine's bundle) with plain node, as npm start runs it.
  const loader = options.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, options.entry], {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (gone) throw new Error(`${options.name} exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${output}`);
    }
    try {
      await fetch(url + options.readyPath);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const pid = child.pid!;
  return {
    name: options.name,
    pid,
    url,
    peakRss: () => procStatus(pid, 'VmHWM'),
    rss: () => procStatus(pid, 'VmRSS'),
    recentOutput: () => output,
    async stop() {
      if (gone) return;
      // SIGTERM lets the server close its pool and, under --cpu-prof, write its profile.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Samples a child's RSS while work runs; returns the work's result and the highest sample. */
export async function withRssSampling<T>(child: ChildServer, work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peak = child.rss();
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, child.rss());
    } catch {
      // the child is gone; the work will fail and say why
    }
  }, 100);
  try {
    const result = await work();
    return { result, peakRss: Math.max(peak, child.rss()) };
  } finally {
    clearInterval(timer);
  }
}
