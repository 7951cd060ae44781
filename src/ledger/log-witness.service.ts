import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertDeploymentWide } from '../access/jurisdiction';
import { assertRegulator } from '../access/policy';
import { Viewer } from '../access/viewer';
import { paginate } from '../db/paginate';
import { rawQuery } from '../db/raw-query';
import { Checkpoint, openCheckpoint, verifyCosignature } from '../proof/checkpoint';
import { COSIGNATURE_TYPE, NoteError, NoteKey, parseNote, parseVerifierKey } from '../proof/signed-note';
import { Clock } from '../shared/clock';
import { CommonCode } from '../shared/domain-error';
import { Page, PageArgs } from '../shared/page';
import { notify } from '../supervision/outbox';
import { NotificationAudience, NotificationKind, NotificationSeverity } from '../supervision/supervision.enums';
import { LedgerError } from './ledger.errors';
import { rootOfSize } from './log-integrator';
import { checkpointOfSize, StoredCheckpoint, treeSize } from './log-store';
import { LogWitness } from './log-witness.entity';

export interface RegisterWitness {
  key: string;
  holder: string;
}

export interface CosignatureSubmission {
  size: number;
  cosignature: string;
}

export interface InconsistencyReport {
  /** The checkpoint note the witness holds, signed by the log. */
  checkpoint: string;
  /** Who reports, and what it saw: for the regulators' notice only (the evidence is the signed checkpoint). */
  witness?: string;
  message?: string;
}

/**
 * Witnesses of the log (docs/verification.md): registered by regulators,
 * their cosignatures accepted when they verify and served with the
 * checkpoint, and their reports of a rewritten history checked against the
 * log's own tree. Submissions need no token: a cosignature is signed by a
 * registered key, and a report carries a checkpoint signed by the log.
 */
export class LogWitnessService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async register(viewer: Viewer, input: RegisterWitness): Promise<LogWitness> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'registerLogWitness');
    let key: NoteKey;
    try {
      key = parseVerifierKey(input.key.trim());
    } catch (error) {
      if (!(error instanceof NoteError)) throw error;
      throw LedgerError.invalidArgument(['input', 'key'], `Not a note verifier key: ${error.message}`);
    }
    if (key.type !== COSIGNATURE_TYPE) throw LedgerError.invalidArgument(['input', 'key'], 'A witness key is a cosignature key (type 0x04, C2SP tlog-cosignature)');
    const holder = input.holder.trim();
    if (holder === '' || holder.length > 200) throw LedgerError.invalidArgument(['input', 'holder'], 'Name the department or body holding the key (1 to 200 characters)');
    const witness = this.em.create(LogWitness, { name: key.name, key: input.key.trim(), holder, registeredBy: viewer.subject!, registeredAt: this.clock.now() });
    try {
      await this.em.persistAndFlush(witness);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new LedgerError(CommonCode.CONFLICT, `A witness named ${key.name} is registered already`, ['input', 'key']);
      throw error;
    }
    return witness;
  }

  witnesses(viewer: Viewer, page: PageArgs): Promise<Page<LogWitness>> {
    assertRegulator(viewer);
    return paginate(this.em, LogWitness, {}, page);
  }

  /** Keeps a registered witness's valid cosignature of a signed checkpoint; `created` false when it had one already. */
  async acceptCosignature(input: CosignatureSubmission): Promise<{ witness: string; size: number; cosignedAt: Date; created: boolean }> {
    const line = `${String(input.cosignature ?? '').replace(/\n$/, '')}\n`;
    const name = /^\u2014 (\S+) /.exec(line)?.[1];
    if (!name || line.slice(0, -1).includes('\n')) throw LedgerError.invalidArgument(['cosignature'], 'A cosignature is one signature line: "— <name> <base64>"');
    const witness = await this.em.findOne(LogWitness, { name });
    if (!witness) throw new LedgerError(CommonCode.NOT_FOUND, `No witness named ${name} is registered`, ['cosignature']);
    if (!Number.isSafeInteger(input.size) || input.size < 0) throw LedgerError.invalidArgument(['size'], 'size is a tree size');
    const checkpoint = await checkpointOfSize(this.em, input.size);
    if (!checkpoint) throw LedgerError.checkpointNotFound(input.size, ['size']);
    let time: number;
    try {
      time = verifyCosignature(parseNote(`${noteText(checkpoint)}\n${line}`), parseVerifierKey(witness.key));
    } catch (error) {
      if (!(error instanceof NoteError)) throw error;
      throw LedgerError.invalidArgument(['cosignature'], `The cosignature does not verify: ${error.message}`);
    }
    const cosignedAt = new Date(time * 1000);
    const rows = await rawQuery(
      this.em,
      `insert into log_cosignature (witness_id, size, line, cosigned_at, received_at) values (?, ?, ?, ?, ?) on conflict do nothing returning size`,
      [witness.id, input.size, line, cosignedAt, this.clock.now()],
    );
    return { witness: name, size: input.size, cosignedAt, created: rows.length > 0 };
  }

  /**
   * A witness's report that the log no longer extends a checkpoint it holds.
   * Believed only when the checkpoint is signed by the log and the log's own
   * tree disagrees with it (shorter, or another root at that size): then a
   * CRITICAL LOG_INCONSISTENT notice goes to the regulators, once per
   * checkpoint. A report the tree contradicts is refused (CONFLICT).
   */
  async reportInconsistency(logKey: NoteKey, report: InconsistencyReport): Promise<{ size: number; raised: boolean }> {
    let held: Checkpoint;
    try {
      held = openCheckpoint(String(report.checkpoint ?? ''), logKey);
    } catch (error) {
      if (!(error instanceof NoteError)) throw error;
      throw LedgerError.invalidArgument(['checkpoint'], `Not a checkpoint signed by this log: ${error.message}`);
    }
    const finding = await this.disagreement(held);
    if (!finding) throw new LedgerError(CommonCode.CONFLICT, `The log's tree still extends the checkpoint of size ${held.size}`, ['checkpoint']);
    const witness = String(report.witness ?? 'a witness').slice(0, 200);
    const raised = await notify(
      this.em,
      {
        audience: NotificationAudience.REGULATORS,
        kind: NotificationKind.LOG_INCONSISTENT,
        severity: NotificationSeverity.CRITICAL,
        title: `CRITICAL: the ledger's log no longer extends its own checkpoint of size ${held.size}: history was rewritten`,
        payload: { size: held.size, root: held.root.toString('base64'), finding, witness, message: String(report.message ?? '').slice(0, 1000), checkpoint: report.checkpoint },
        dedupeKey: `log-inconsistent:${held.size}:${held.root.toString('base64')}`,
      },
      this.clock.now(),
    );
    return { size: held.size, raised };
  }

  /** How the log's tree now disagrees with a checkpoint it signed, or null when it still extends it. */
  private async disagreement(held: Checkpoint): Promise<string | null> {
    const size = await treeSize(this.em);
    if (size < held.size) return `the tree holds ${size} entries, fewer than the checkpoint's ${held.size}`;
    if (held.size === 0) return null;
    try {
      return (await rootOfSize(this.em, held.size)).equals(held.root) ? null : `the tree's root at size ${held.size} is not the checkpoint's`;
    } catch {
      return `the tree's tiles no longer give a root at size ${held.size}`;
    }
  }
}

/** The signed text of a stored checkpoint (its note before the blank line). */
function noteText(checkpoint: StoredCheckpoint): string {
  return parseNote(checkpoint.note).text;
}
