import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * Serves the files of a directory on 127.0.0.1, on a port the system picks. The page is
 * cross-origin isolated (COOP + COEP), the only way Chromium gives performance.now() a
 * resolution of microseconds rather than a tenth of a millisecond: our keystrokes take
 * well under a millisecond.
 */
export async function serveDirectory(dir: string, files: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const name = request.url === '/' ? 'index.html' : decodeURIComponent(request.url ?? '').slice(1);
    if (!files.includes(name)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    response.end(await readFile(join(dir, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
