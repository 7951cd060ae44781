import pino, { Logger } from 'pino';

/** Structured JSON logs on stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'hazchem-ledger' }, timestamp: pino.stdTimeFunctions.isoTime });
}
