import autocannon from 'autocannon';

// One load run with autocannon, driven from this process against a server in a child process.
// A run fails loudly when any request answers non-2xx, errors or times out: a fast error is
// not throughput.

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  requests: autocannon.Request[];
  /** Requests per second over all connections (P2's fixed rate); absent means as fast as answers come. */
  overallRate?: number;
}

export interface LoadFigures {
  /** 2xx answers per second of the run. */
  rate: number;
  /** 2xx answers in the run. */
  answered: number;
  /** How long the run lasted, in seconds. */
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

export class LoadFailed extends Error {}

export async function runLoad(label: string, options: LoadOptions): Promise<LoadFigures> {
  const refusals: string[] = [];
  // Every request keeps the first few refusals it sees, with the server's answer, to say why.
  const requests = options.requests.map((request) => {
    const onResponse = request.onResponse;
    if (typeof onResponse === 'string') throw new Error('onResponse as a module path is not supported here');
    return {
      ...request,
      onResponse(status: number, body: string, context: object, headers: autocannon.Request['headers']) {
        if ((status < 200 || status > 299) && refusals.length < 3) refusals.push(`${status} ${body.slice(0, 300)}`);
        onResponse?.(status, body, context, headers);
      },
    };
  });
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests,
    ...(options.overallRate ? { overallRate: Math.max(1, Math.round(options.overallRate)) } : {}),
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result['2xx'] === 0)
    throw new LoadFailed(
      `${label}: ${result['2xx']} answered 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts${refusals.length ? `; first refusals:\n  ${refusals.join('\n  ')}` : ''}`,
    );
  return { rate: result['2xx'] / result.duration, answered: result['2xx'], seconds: result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}
