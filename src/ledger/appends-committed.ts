/**
 * Appends committed in this process, heard by the log's integrator so that it
 * integrates them at once rather than on its next look (LogRunner). Only a
 * wake-up: what was committed is read from the database, and appends
 * committed by other processes are found by the integrator's own look.
 */
export class AppendsCommitted {
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` after each committed append; returns how to stop. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The process's one signal: every append path notifies it, the integrator of this process listens. */
export const appendsCommitted = new AppendsCommitted();
