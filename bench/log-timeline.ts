/**
 * Bench phase 7a, where a call's checkpoint lag goes: the log's tree size is
 * sampled every SAMPLE_MS during the ingest on a connection of its own, so each
 * call's lag splits into commit → integrated (the first sample whose tree holds
 * its last entry) and integrated → signed (the first checkpoint holding it).
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const SAMPLE_MS = 50;

export class LogTimeline {
  /** Wall-clock ms and the tree's size then, oldest first. */
  private readonly samples: { at: number; size: number }[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  private constructor(private readonly sql: Client) {}

  static async start(databaseUrl: string): Promise<LogTimeline> {
    const sql = new Client({ connectionString: databaseUrl, application_name: 'bench log timeline' });
    // The bench drops its database with the connections on it at the end, or on a failure.
    sql.on('error', () => undefined);
    await sql.connect();
    const timeline = new LogTimeline(sql);
    timeline.running = timeline.sample();
    return timeline;
  }

  /** Samples until stopped, or until the database goes (the bench is failing then, and says why). */
  private async sample(): Promise<void> {
    try {
      while (!this.stopped) {
        const started = performance.now();
        const { rows } = await this.sql.query<{ size: string }>('select coalesce(max(log_index) + 1, 0) as size from log_leaf');
        this.samples.push({ at: Date.now(), size: Number(rows[0].size) });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, SAMPLE_MS - (performance.now() - started))));
      }
    } catch {
      this.stopped = true;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    await this.sql.end();
  }

  /** When the tree was first seen holding `logIndex` (wall-clock ms), or null when no sample did. */
  integratedAt(logIndex: number): number | null {
    let low = 0;
    let high = this.samples.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.samples[mid].size > logIndex) high = mid;
      else low = mid + 1;
    }
    return low < this.samples.length ? this.samples[low].at : null;
  }
}
