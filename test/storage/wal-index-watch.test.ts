// WalIndexWatch: one read of the WAL's shared-memory header tells that nothing was committed, on a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalIndexWatch } from '../../src/storage/sqlite/wal-index-watch.js';

describe('WalIndexWatch', () => {
  let dir: string;
  let file: string;
  let writer: Database.Database;
  let reader: Database.Database;
  let watch: WalIndexWatch;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-watch-'));
    file = path.join(dir, 'ledger.db');
    writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (v INTEGER)');
    reader = new Database(file);
    watch = new WalIndexWatch(file);
  });
  afterEach(() => {
    watch.close();
    reader.close();
    writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const dataVersion = () => reader.pragma('data_version', { simple: true }) as number;

  it('says unchanged only while no connection commits, and changed after every commit', () => {
    expect(watch.unchanged()).toBe(false);
    expect(watch.unchanged()).toBe(true);
    expect(watch.unchanged()).toBe(true);
    for (let i = 0; i < 20; i++) {
      const before = dataVersion();
      writer.prepare('INSERT INTO t VALUES (?)').run(i);
      expect(dataVersion()).not.toBe(before);
      expect(watch.unchanged()).toBe(false);
      expect(watch.unchanged()).toBe(true);
    }
  });

  it('sees a commit of another process', async () => {
    watch.unchanged();
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['-e', `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(file)});
      db.prepare('INSERT INTO t VALUES (1)').run();
      db.close();`], { cwd: process.cwd() });
    expect(watch.unchanged()).toBe(false);
  });

  it('is not moved by a passive checkpoint, which changes no data', () => {
    writer.prepare('INSERT INTO t VALUES (1)').run();
    watch.unchanged();
    expect(watch.unchanged()).toBe(true);
    reader.pragma('wal_checkpoint(PASSIVE)');
    expect(watch.unchanged()).toBe(true);
  });

  it('never says unchanged when there is no shared-memory file to read', () => {
    const missing = new WalIndexWatch(path.join(dir, 'absent.db'));
    expect(missing.unchanged()).toBe(false);
    expect(missing.unchanged()).toBe(false);
    missing.close();
  });

  it('reads the shared memory of the real file when the ledger is reached through a link', () => {
    // A leftover -shm beside the link's name must not be mistaken for the live one: it would never change.
    const link = path.join(dir, 'link.db');
    fs.symlinkSync(file, link);
    fs.copyFileSync(`${file}-shm`, `${link}-shm`);
    const linked = new WalIndexWatch(link);
    linked.unchanged();
    writer.prepare('INSERT INTO t VALUES (1)').run();
    expect(linked.unchanged()).toBe(false);
    linked.close();
  });

  it('never says unchanged about a header SQLite has not initialised', () => {
    const blank = path.join(dir, 'blank.db');
    fs.writeFileSync(blank, '');
    fs.writeFileSync(`${blank}-shm`, Buffer.alloc(32_768));
    const watchBlank = new WalIndexWatch(blank);
    expect(watchBlank.unchanged()).toBe(false);
    expect(watchBlank.unchanged()).toBe(false);
    watchBlank.close();
  });
});
