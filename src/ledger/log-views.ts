import { parseCheckpoint } from '../proof/checkpoint';
import { parseNote } from '../proof/signed-note';
import type { StoredCheckpoint } from './log-store';
import type { LogCheckpointView } from './log.types';

/** A stored checkpoint as the API shows it. */
export function checkpointView(c: StoredCheckpoint): LogCheckpointView {
  return { origin: parseCheckpoint(parseNote(c.note).text).origin, size: c.size, root: c.root, note: c.note, createdAt: c.createdAt };
}

declare module '../graphql/context' {
  interface Context {
    /** The log's note verifier key (docs/log.md), when the server publishes one. */
    logKey?: string;
  }
}
