// tenant-ledger request: the curl of this API — signs a request with an AK/SK and prints the response.
import fs from 'node:fs';
import type { Command } from 'commander';
import { signRequest } from '../../auth/signing/sign.js';
import { LedgerError } from '../../domain/errors.js';

interface RequestFlags {
  data?: string;
  ak?: string;
  sk?: string;
  project?: string;
}

/** `/v1/{project_id}/...` names the project the SDK would send in X-Project-Id. */
function projectFromUrl(url: URL): string | undefined {
  return /^\/v\d+\/([^/]+)\//.exec(url.pathname)?.[1];
}

export function registerRequest(program: Command): void {
  program
    .command('request <method> <url>')
    .description('send a request signed with LEDGER_AK / LEDGER_SK and print the response')
    .option('--data <json>', 'request body (@file reads a file, @- standard input)')
    .option('--ak <ak>', 'access key (default $LEDGER_AK)')
    .option('--sk <sk>', 'secret key (default $LEDGER_SK)')
    .option('--project <id>', 'X-Project-Id (default: the project in the URL path)')
    .action(async (method: string, rawUrl: string, f: RequestFlags) => {
      const accessKey = f.ak ?? process.env.LEDGER_AK;
      const secretKey = f.sk ?? process.env.LEDGER_SK;
      if (!accessKey || !secretKey) throw new LedgerError('UNAUTHENTICATED', 'set LEDGER_AK and LEDGER_SK (or --ak and --sk)');
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        throw new LedgerError('INVALID_PARAMETER', `'${rawUrl}' is not an absolute URL`);
      }
      const body = readData(f.data);
      const headers = signRequest({
        method: method.toUpperCase(), url, body, accessKey, secretKey, projectId: f.project ?? projectFromUrl(url),
      });
      const response = await fetch(url, { method: method.toUpperCase(), headers, body: body === undefined ? undefined : body });
      const text = await response.text();
      process.stderr.write(`HTTP ${response.status} X-Request-Id: ${response.headers.get('x-request-id') ?? '-'}\n`);
      process.stdout.write(prettyJson(text) + '\n');
      if (!response.ok) process.exitCode = 1;
    });
}

function readData(data: string | undefined): string | undefined {
  if (data === undefined) return undefined;
  if (data === '@-') return fs.readFileSync(0, 'utf8');
  if (data.startsWith('@')) return fs.readFileSync(data.slice(1), 'utf8');
  return data;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
