import { EntityManager } from '@mikro-orm/postgresql';
import type { WriteInRead } from '../db/raw-query';
import { assertRegulator } from '../access/policy';
import { assertNamedInArea } from '../registry/named-in-area';
import { Viewer } from '../access/viewer';
import { ChainVerification } from '../proof/verify-chain';
import { crossCheckChain, Disagreement } from './chain-cross-checks';
import { verifyStoredChain } from './chain-walk';
import { LedgerError } from './ledger.errors';
import { checkCreditCode } from './ledger.service';

/**
 * Checks a chain as the spec says, straight from the entry table, in constant
 * memory however long the chain: one statement where it proves the chain
 * sound, else pages of at most PAGE rows in (seq, id) order, so that a
 * duplicated or missing seq is seen rather than hidden (verifyStoredChain).
 */
export class ChainVerificationService {
  constructor(private readonly em: EntityManager) {}

  /**
   * The chain as the spec says, and unless told not to, what the rest of the database says against it (crossCheckChain).
   * Without the cross-checks, `audit` (the request's audit row) is written by the statement that proves the chain sound.
   */
  async verifyChain(viewer: Viewer, creditCode: string, options: { crossCheck?: boolean; audit?: WriteInRead } = {}): Promise<ChainVerification & { disagreements: Disagreement[] }> {
    assertRegulator(viewer);
    checkCreditCode(creditCode, ['creditCode']);
    await assertNamedInArea(this.em, viewer, creditCode, ['creditCode']);
    const crossCheck = options.crossCheck !== false;
    const result = await verifyStoredChain(this.em, creditCode, { enterpriseMustExist: true, audit: crossCheck ? undefined : options.audit });
    if (!result) throw LedgerError.chainNotFound(creditCode);
    const disagreements = crossCheck ? await crossCheckChain(this.em, creditCode) : [];
    return { ...result, ok: result.ok && disagreements.length === 0, disagreements };
  }
}
