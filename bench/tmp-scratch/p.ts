import { projectPackages } from '../package-mix.js';
import { projectIdOf } from '../bench-credentials.js';
let t = Date.now();
const ids = Array.from({ length: 20000 }, (_, i) => projectIdOf(i));
console.log('ids', Date.now() - t); t = Date.now();
for (let i = 0; i < 20000; i++) projectPackages(ids[i]!, i, Date.now());
console.log('pk', Date.now() - t);
