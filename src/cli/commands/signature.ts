// tenant-ledger signature verify: explain why a captured request's signature is accepted or refused.
import fs from 'node:fs';
import type { Command } from 'commander';
import { readVectors, verifyVector } from '../../auth/signing/vectors.js';

export function registerSignatureCommands(program: Command): void {
  const signature = program.command('signature').description('AK/SK signature tools');
  signature
    .command('verify <file>')
    .description('verify captured requests (spec/signing.md section 7 format; - reads standard input)')
    .option('--node-legacy-path', 'accept the Node SDK double-encoded path bug')
    .option('--java-query-quirk', 'accept the Java SDK duplicated query key bug')
    .action(async (file: string, opts: { nodeLegacyPath?: boolean; javaQueryQuirk?: boolean }) => {
      const text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
      let allValid = true;
      for (const vector of readVectors(text)) {
        const line = await verifyVector(vector, opts);
        allValid &&= line.valid;
        process.stdout.write(JSON.stringify(line) + '\n');
      }
      if (!allValid) process.exitCode = 1;
    });
}
