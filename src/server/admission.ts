import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * At most `slots` requests handled at once and the next `waiting` of them queued in arrival
 * order; past that a request is not admitted. A slot is held until the response is finished
 * or its connection closes, and handed to the next in line when the client left while waiting.
 */
export class Admission {
  private busy = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly waiting = Number.POSITIVE_INFINITY,
  ) {}

  /** Calls `next` now or once a slot is free; false, without calling it, when the queue is full. */
  admit(req: IncomingMessage, res: ServerResponse, next: () => void): boolean {
    const enter = () => {
      if (res.writableEnded || req.destroyed) return this.release();
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        this.release();
      };
      res.once('finish', leave);
      res.once('close', leave);
      next();
    };
    if (this.busy < this.slots) {
      this.busy += 1;
      enter();
      return true;
    }
    if (this.queue.length >= this.waiting) return false;
    this.queue.push(enter);
    return true;
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.busy -= 1;
  }
}
