// The statements of one transaction, pipelined on its connection wherever not waiting cannot change the outcome.
import type pg from 'pg';
import { batchWrites } from './pg-batch-writes.js';
import { translate } from './pg-errors.js';
import { executor, statementName, type Executor } from './pg-executor.js';

// The server runs a connection's statements one after the other, in the order they were sent, whether or not the
// client waited in between: a statement sees everything sent before it. What the client may not do is act on an
// answer it has not read. So: a write whose result nobody needs is sent and not waited for (defer); the first such
// write that failed is reported by the next statement that is waited for, or by commit, before anything else. COMMIT
// goes out behind them: the server turns it into a ROLLBACK if any of them failed, so whatever must abort the
// transaction has to fail on the server, never be decided from a deferred answer.

const SELECT = /^\s*SELECT\b/i;
const ignore = () => {};

export interface TxExecutor extends Executor {
  /**
   * A write nobody needs the answer of: resolves once it is sent. `failure` may replace the error it fails with (the
   * driver's, before translation); returning undefined keeps the usual one.
   */
  defer(sql: string, params?: unknown[], failure?: (err: unknown) => unknown): Promise<void>;
  /** Waits for every deferred statement; throws the first failure. */
  flush(): Promise<void>;
  /** Flushes, then commits; throws if anything in the transaction failed. */
  commit(): Promise<void>;
}

class PipelinedTx implements TxExecutor {
  private readonly db: Executor;
  /** BEGIN, sent and not yet confirmed. */
  private begin: Promise<void> | undefined;
  private pending: Array<Promise<unknown>> = [];

  constructor(private readonly client: pg.PoolClient) {
    this.db = executor(client);
    batchWrites(client);
    this.begin = this.db.exec('BEGIN');
    this.begin.catch(ignore);
  }

  async rows(sql: string, params?: unknown[]) {
    return this.answered(sql, () => this.db.rows(sql, params));
  }

  async run(sql: string, params?: unknown[]) {
    return this.answered(sql, () => this.db.run(sql, params));
  }

  async rowsUnprepared(sql: string, params: unknown[]) {
    return this.answered(sql, () => this.db.rowsUnprepared(sql, params));
  }

  async exec(sql: string) {
    return this.answered(sql, () => this.db.exec(sql));
  }

  async defer(sql: string, params?: unknown[], failure?: (err: unknown) => unknown): Promise<void> {
    const begin = this.beginFor(sql);
    if (begin) await begin;
    batchWrites(this.client);
    const config = params === undefined ? { text: sql } : { name: statementName(sql), text: sql, values: params };
    const sent = this.client.query(config).catch((err: unknown) => {
      throw failure?.(err) ?? translate(err);
    });
    sent.catch(ignore);
    this.pending.push(sent);
  }

  async flush(): Promise<void> {
    const begin = this.begin;
    const pending = this.pending;
    this.begin = undefined;
    this.pending = [];
    await begin;
    for (const statement of pending) await statement;
  }

  async commit(): Promise<void> {
    const begin = this.beginFor('COMMIT');
    if (begin) await begin;
    batchWrites(this.client);
    const commit = this.client.query({ text: 'COMMIT' });
    commit.catch(ignore);
    // A failed statement makes the server answer COMMIT with ROLLBACK: its own error is the one to report.
    await this.flush();
    let result: pg.QueryResult;
    try {
      result = await commit;
    } catch (err) {
      throw translate(err);
    }
    if (result.command !== 'COMMIT') throw new Error(`COMMIT was answered with ${result.command}: the transaction did not commit`);
  }

  // Sent at once (synchronously, so statements leave in the order they were called), then waited for behind what was
  // sent before it, whose failures come first.
  private async answered<T>(sql: string, send: () => Promise<T>): Promise<T> {
    const begin = this.beginFor(sql);
    if (begin) await begin;
    batchWrites(this.client);
    const answer = send();
    answer.catch(ignore);
    await this.flush();
    return answer;
  }

  // Only a SELECT may go out before BEGIN is confirmed: had BEGIN failed, it ran on its own and changed nothing
  // (a lock it took ended with it). Anything else outside a transaction would commit by itself.
  private beginFor(sql: string): Promise<void> | undefined {
    if (!this.begin || SELECT.test(sql)) return undefined;
    const begin = this.begin;
    this.begin = undefined;
    return begin;
  }
}

/** Sends BEGIN on the client (without waiting) and returns the transaction's executor. */
export function txExecutor(client: pg.PoolClient): TxExecutor {
  return new PipelinedTx(client);
}
