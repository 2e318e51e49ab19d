// Reads a secret from standard input, so it never appears in the process list or the shell history.
import { invalidParameter } from '../domain/errors.js';

export async function readSecretFromStdin(what: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${what}: `);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is how `echo` and a terminal end the line; it is not part of the secret.
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text === '') throw invalidParameter(`${what}: nothing on standard input`);
  return text;
}
