import { PlainStatement } from '../db/plain-connection';
import { Activity, AlertCode } from './licensing.enums';

/** An alert a check of appended movements raises: OPEN, NORMAL severity, about one entry. */
export interface RaisedAlert {
  code: AlertCode;
  enterprise: string;
  chain: string;
  entry: string;
  entryHash: string;
  entrySeq: number;
  activity?: Activity | null;
  chemical: number;
  counterparty: string | null;
  licence?: string | null;
  message: string;
  occurredAt: Date;
}

/**
 * The insert of alerts raised inside the ledger's transaction: one statement, the rows one JSON document, sent by
 * the ledger on its own connection (no query builder: issue 12). A movement is checked once; should the ledger
 * ever report the same entry again, a licence alert already raised for its code and activity is not doubled.
 */
export function alertInsert(alerts: readonly RaisedAlert[]): PlainStatement | null {
  if (alerts.length === 0) return null;
  return {
    name: 'hz_alerts_raised',
    text: `insert into "alert" (code, status, enterprise_id, chain, entry_id, entry_hash, entry_seq, activity, chemical_serial, counterparty, licence_id, message, occurred_at)
           select a.code::alert_code, 'OPEN', a.enterprise, a.chain, a.entry, a."entryHash", a."entrySeq", a.activity::licence_activity, a.chemical,
                  a.counterparty, a.licence, a.message, a."occurredAt"
             from json_to_recordset($1::json) as a(code text, enterprise bigint, chain text, entry bigint, "entryHash" text, "entrySeq" int, activity text,
                  chemical int, counterparty text, licence bigint, message text, "occurredAt" timestamptz)
           on conflict (entry_id, code, activity) do nothing`,
    values: [JSON.stringify(alerts)],
  };
}
