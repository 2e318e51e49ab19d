// The baseline: a bare node:http server answering every request with one fixed JSON body (path in argv[2]) — Node's ceiling here.
import fs from 'node:fs';
import http from 'node:http';

const bodyFile = process.argv[2];
if (!bodyFile) {
  process.stderr.write('usage: baseline-server.ts BODY_FILE\n');
  process.exit(2);
}
const body = fs.readFileSync(bodyFile);
const headers = { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };

const server = http.createServer((req, res) => {
  // Read (and drop) any request body so keep-alive connections stay usable, as the real server does.
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stderr.write(`baseline: listening on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
