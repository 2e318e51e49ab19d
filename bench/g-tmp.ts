import crypto from 'node:crypto';
import { generateLedger } from './generate-ledger.js';
const t = Date.now();
const r = generateLedger('/dev/shm/g-test.db', Number(process.argv[2]), crypto.randomBytes(32));
console.log(r.seconds, 'total', Date.now() - t);
