import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Enterprise } from '../registry/enterprise.entity';

/**
 * The head of one chain: locked FOR UPDATE by every append, so appends to one
 * chain run one at a time; UNIQUE(chain, seq) on the entries is the backstop.
 */
@Entity({ tableName: 'ledger_chain' })
export class LedgerChain {
  @PrimaryKey({ type: 'string', length: 18 })
  chain!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict', unique: true })
  enterprise!: Enterprise;

  @Property({ type: 'integer', default: 0 })
  lastSeq: number = 0;

  @Property({ type: 'character', length: 64 })
  lastHash!: string;
}
