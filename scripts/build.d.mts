/** Types of scripts/build.mjs for the TypeScript that imports it (tests/bench/startup.bench.ts). */
export interface BuildTarget {
  name: string;
  config: string;
  stamp: string;
  sources: string[];
}
export const TARGETS: BuildTarget[];
export function isStale(target: BuildTarget): boolean;
export function build(target: BuildTarget): void;
export function buildStale(force?: boolean): string[];
