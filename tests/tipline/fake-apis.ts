import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake platform API received: path, headers and the JSON body. */
export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/**
 * A local stand-in for the Zalo OA API and the Telegram Bot API on 127.0.0.1: records each call and
 * answers as the real API does on success ({"error":0} / {"ok":true}). The product never calls out in tests.
 */
export async function fakeApi(): Promise<{ base: string; calls: Received[]; waitFor(n: number): Promise<void>; close(): Promise<void> }> {
  const calls: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw || '{}') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url?.includes('/oa/message') ? { error: 0, message: 'Success', data: { message_id: 'm1' } } : { ok: true, result: { message_id: 1 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    calls,
    async waitFor(n: number) {
      for (let i = 0; i < 200 && calls.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
