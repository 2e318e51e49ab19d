// Child process of the SQLite store test: waits for a common start instant, then opens and migrates one ledger file.
import { SqliteStore } from '../../dist/storage/sqlite/sqlite-store.js';

const [file, startAt] = process.argv.slice(2);
// Spinning, not a timer: processes that started at different moments must open the file in the same millisecond.
while (Date.now() < Number(startAt));
let store;
try {
  store = SqliteStore.open(file);
  await store.migrate();
  process.stdout.write('ok\n');
} catch (err) {
  process.stdout.write(`failed: ${err.message} ${err.code} ${err.stack.split('\n').slice(1, 5).join(' | ')}\n`);
} finally {
  await store?.close();
}
