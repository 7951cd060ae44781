import 'reflect-metadata';
import { sealEntries } from '../proof/canonical-entry';
import { creditCodeCheckCharacter } from '../proof/credit-code';
import { MAX_BUNDLE_ENTRY_BYTES } from '../proof/tiles';
import { formatTraceCode } from '../proof/trace-code';
import { Unit } from '../registry/registry.enums';
import { Direction, MovementReason } from './ledger.enums';
import { businessFields, checkSubmission, MAX_INPUTS } from './movement-submission';

const body = '91310100000000001';
const product = formatTraceCode(body + creditCodeCheckCharacter(body), 999_999);
/** 64 characters of 4 UTF-8 bytes each, the longest text a field takes, ending in `tag`. */
const longest = (tag: string) => '\u{20000}'.repeat(64 - tag.length) + tag;

describe('the canonical text of the largest entry the ledger accepts', () => {
  it(`fits one entry of a C2SP entry bundle (${MAX_BUNDLE_ENTRY_BYTES} bytes), with ${MAX_INPUTS} inputs and every text at its limit`, () => {
    const now = new Date('2026-11-26T08:30:00.000Z');
    const inputs = Array.from({ length: MAX_INPUTS }, (_, i) => ({ product, batch: longest(String(i)) }));
    const entry = {
      direction: Direction.IN,
      reason: MovementReason.PRODUCTION,
      warehouse: longest('W'),
      product,
      batch: longest('B'),
      quantity: '999999999999999.999',
      unit: Unit.KG,
      inputs,
      transportDoc: longest('T'),
      occurredAt: now.toISOString(),
    };
    const { movements } = checkSubmission({ requestId: longest('R'), entries: [entry] }, now, 0);
    const [sealed] = sealEntries(product.slice(0, 18), 2_147_483_646, 'f'.repeat(64), [{ ...businessFields(movements[0]), recordedAt: now.toISOString(), requestId: longest('R') }]);
    const bytes = Buffer.byteLength(sealed.canonical, 'utf8');
    // The fields a PRODUCTION leaves null (counterparty, sourceHash, corrects) hold at most 146 bytes more in another entry.
    expect(bytes + 146).toBeLessThan(MAX_BUNDLE_ENTRY_BYTES);
    expect(() => checkSubmission({ requestId: 'r', entries: [{ ...entry, inputs: [...inputs, { product, batch: 'one more' }] }] }, now, 0)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'entries', 0, 'inputs'] }),
    );
  });
});
