import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { AppendsCommitted } from './appends-committed';

/** What the log's thread is started with: plain data, as a worker's start-up data must be. */
export interface LogThreadOptions {
  /** A direct connection (not through a pooler): the integrator holds a session-level advisory lock. */
  databaseUrl: string;
  /** The log's note signer key, `PRIVATE+KEY+…`. */
  signerKey: string;
  integrateMs: number;
  checkpointMs: number;
  passSpacingMs: number;
  logLevel: string;
}

/** A thread that ended unasked is started again after this long. */
const RESTART_MS = 5_000;

/**
 * The log's integrator (LogRunner) on a worker thread with connections of its
 * own (log-thread.worker.ts). On the main thread a pass waited behind the
 * ingest's work between each of its statements (parsing, sealing and
 * answering 1,000-entry calls held the event loop for seconds under load),
 * and the checkpoint with it. Each append committed in this process is passed
 * on as a wake-up.
 */
export class LogThread {
  private worker: Worker | undefined;
  private stopping = false;
  private restart: NodeJS.Timeout | undefined;
  private readonly unlisten: () => void;

  constructor(
    private readonly options: LogThreadOptions,
    commits: AppendsCommitted,
    private readonly logger: Logger,
  ) {
    this.unlisten = commits.listen(() => this.worker?.postMessage('wake'));
  }

  start(): void {
    // Run from TypeScript (tests, scripts), the worker compiles its source as it loads it, as the process did.
    const typescript = path.extname(__filename) === '.ts';
    const worker = new Worker(path.join(__dirname, `log-thread.worker${path.extname(__filename)}`), {
      workerData: this.options,
      execArgv: typescript ? ['-r', '@swc-node/register'] : [],
      // A pass holds at most INTEGRATION_BATCH entries (about 20 MB at its peak): the thread's heap is kept small beside the server's.
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
    });
    worker.on('error', (error) => this.logger.error({ err: error }, 'log thread failed'));
    worker.on('exit', (code) => {
      this.worker = undefined;
      if (this.stopping) return;
      this.logger.error({ code, restartInMs: RESTART_MS }, 'log thread ended unasked; starting it again');
      this.restart = setTimeout(() => this.start(), RESTART_MS);
    });
    this.worker = worker;
  }

  /** Ends the thread once its pass is done and its lock released. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unlisten();
    clearTimeout(this.restart);
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
    });
  }
}
