// Reads outside transactions, pipelined on a few long-lived connections ("lanes") instead of the pool.
import pg from 'pg';
import { LedgerError } from '../../domain/errors.js';
import { batchWrites } from './pg-batch-writes.js';

// Each statement still ends with its own Sync, so it is its own implicit transaction and sees what was committed when
// it starts, exactly as on a pooled connection: nothing is cached. What pipelining saves is the wait: concurrent
// requests' statements queue on a lane's socket, and the server works through them without going to sleep between
// them; on loopback, those wake-ups and per-query socket writes cost more CPU than the queries themselves.

interface Lane {
  client: pg.Client;
  connected: Promise<pg.Client>;
  pending: number;
  ended: boolean;
  idleTimer?: NodeJS.Timeout;
  /** Called when pending drops to 0 (close() waits for the statements in flight). */
  onDrained?: () => void;
}

export interface LaneStats {
  open: number;
  busy: number;
}

export class ReadLanes {
  private readonly lanes: Array<Lane | undefined>;
  private closed = false;

  /** `config` is a client configuration (timeouts, type parsers); `idleMs` closes a lane nobody used for that long. */
  constructor(private readonly config: pg.ClientConfig, size: number, private readonly idleMs: number) {
    this.lanes = Array.from({ length: size }, () => undefined);
  }

  async query(config: pg.QueryConfig): Promise<pg.QueryResult> {
    const lane = this.pick();
    lane.pending++;
    clearTimeout(lane.idleTimer);
    try {
      const client = await lane.connected;
      batchWrites(client);
      return await client.query(config);
    } finally {
      if (--lane.pending === 0) this.rest(lane);
    }
  }

  stats(): LaneStats {
    const open = this.lanes.filter((l) => l !== undefined);
    return { open: open.length, busy: open.filter((l) => l.pending > 0).length };
  }

  /** New reads are refused; the ones in flight finish first. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map(async (lane) => {
      if (!lane) return;
      if (lane.pending > 0) await new Promise<void>((resolve) => (lane.onDrained = resolve));
      await this.drop(lane);
    }));
  }

  // The least busy open lane; a new one only when every open lane has work queued (a quiet server keeps one).
  private pick(): Lane {
    if (this.closed) throw new LedgerError('UNAVAILABLE', 'the database connection is closed');
    let best: Lane | undefined;
    let free = -1;
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i];
      if (!lane) free = free < 0 ? i : free;
      else if (!best || lane.pending < best.pending) best = lane;
    }
    if (best && (best.pending === 0 || free < 0)) return best;
    return (this.lanes[free] = this.open());
  }

  private open(): Lane {
    const client = new pg.Client({ ...this.config, pipeline: true });
    const lane: Lane = { client, connected: undefined as unknown as Promise<pg.Client>, pending: 0, ended: false };
    // A lane that fails takes the statements queued on it down with it (pg rejects them); the next read opens a new one.
    // The listener also keeps a dropped connection's 'error' from ending the process.
    client.on('error', () => void this.drop(lane));
    client.on('end', () => {
      lane.ended = true;
      void this.drop(lane);
    });
    lane.connected = client.connect().then(() => client, (err: unknown) => {
      void this.drop(lane);
      throw err;
    });
    return lane;
  }

  private rest(lane: Lane): void {
    if (lane.onDrained) return lane.onDrained();
    if (!this.lanes.includes(lane)) return;
    lane.idleTimer = setTimeout(() => {
      if (lane.pending === 0) void this.drop(lane);
    }, this.idleMs).unref();
  }

  /** Takes the lane out of use and ends its connection (unless the server already did). */
  private async drop(lane: Lane): Promise<void> {
    clearTimeout(lane.idleTimer);
    const i = this.lanes.indexOf(lane);
    if (i < 0) return;
    this.lanes[i] = undefined;
    if (!lane.ended) await lane.client.end().catch(() => {});
  }
}
