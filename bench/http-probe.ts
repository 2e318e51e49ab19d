// One request outside the load generator: to sample answers, and to see whether a route exists before loading it.
import http from 'node:http';
import type { SignedRequest } from './signed-requests.js';

export interface ProbeResponse {
  status: number;
  body: string;
}

export function sendOnce(base: string, req: SignedRequest): Promise<ProbeResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(req.body);
  });
}
