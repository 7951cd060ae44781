import { EntityManager } from '@mikro-orm/postgresql';
import { preparedQuery } from '../db/raw-query';
import { answerRow, Answer } from './answer-audit';
import { PartnerRequest, partnerRowStart } from './audit.service';
import { enterprisesNamed } from './enterprises-named';
import { storableRequest } from './storable-request';
import { Role, Viewer } from './viewer';

/** What a subscription's rows share: the operation as sent, when the batch was written, its request id. */
export type SubscriptionRequest = Omit<PartnerRequest, 'rowsReturned' | 'outcome' | 'errorCodes'>;

/** One event about to be sent: its position in the feed and the answer the subscriber gets. */
export interface AuditedEvent {
  position: string | null;
  answer: Answer;
}

/**
 * Writes one row per event of a subscription, all in one INSERT: a partner's in partner_audit_log, a
 * regulator's in regulator_read_log with the enterprises each event concerns. Each row names its
 * event's position, so the trail says exactly which events were sent. Throws when the rows cannot be
 * written (all or none: one statement), so the caller sends none of the events.
 */
export async function recordEvents(em: EntityManager, viewer: Viewer, request: SubscriptionRequest, events: readonly AuditedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({ event, row: answerRow(request, event.answer) }));
  // The document and variables are the same for every event: escaped once, sent once.
  const sent = storableRequest(rows[0].row);
  const each = JSON.stringify(
    rows.map(({ event, row }) => ({
      position: event.position,
      rowsReturned: row.rowsReturned,
      outcome: row.outcome,
      errorCodes: row.errorCodes,
      ...(viewer.role === Role.REGULATOR ? { enterprises: enterprisesNamed(row.variables, event.answer.data) } : {}),
    })),
  );
  // One prepared statement whatever the batch's size: the events are one JSON array, read in order.
  const fromEvents = `from jsonb_array_elements(?::jsonb) with ordinality as e(value, n) order by e.n`;
  const perEvent = `(e.value->>'rowsReturned')::int, (e.value->>'outcome')::audit_outcome, array(select jsonb_array_elements_text(e.value->'errorCodes')), ?, e.value->>'position'`;
  if (viewer.role === Role.PARTNER) {
    await preparedQuery(
      em,
      'hz_partner_audit_events_insert',
      `insert into "partner_audit_log" (at, subject, department, operation_name, operation_type, query, variables, escaped, rows_returned, outcome, error_codes, request_id, event_position)
       select ?::timestamptz, ?, ?, ?, ?, ?, ?::jsonb, ?, ${perEvent} ${fromEvents}`,
      [...partnerRowStart(viewer, sent), sent.requestId, each],
    );
  } else if (viewer.role === Role.REGULATOR) {
    await preparedQuery(
      em,
      'hz_regulator_read_events_insert',
      `insert into "regulator_read_log" (at, subject, user_id, level, town, operation_name, query, variables, escaped, enterprises, rows_returned, outcome, error_codes, request_id, event_position)
       select ?::timestamptz, ?, ?, ?::enforcement_level, ?, ?, ?, ?::jsonb, ?, array(select jsonb_array_elements_text(e.value->'enterprises')), ${perEvent} ${fromEvents}`,
      [sent.at, viewer.subject, viewer.user ?? null, viewer.level ?? null, viewer.town ?? null, sent.operationName, sent.query, JSON.stringify(sent.variables), sent.escaped, sent.requestId, each],
    );
  }
}
