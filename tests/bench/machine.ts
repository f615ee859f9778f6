import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** The machine a benchmark ran on, as BENCHMARKS.md states it: figures mean little without it. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  chromium: string;
  date: string;
}

export function describeMachine(chromium: string): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  return {
    cpu: model,
    cores: availableParallelism(),
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium,
    date: new Date().toISOString().slice(0, 10),
  };
}
