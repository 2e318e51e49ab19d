import crypto from 'node:crypto';
import { generateLedger } from '../generate-ledger.js';
const n = Number(process.argv[2]);
const r = generateLedger(`/tmp/genbench-${n}.db`, n, crypto.randomBytes(32));
console.log(r);
