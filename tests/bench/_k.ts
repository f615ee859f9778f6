import { runKeystrokeBenchmark } from './keystroke/keystroke.bench.js';
console.log(await runKeystrokeBenchmark());
