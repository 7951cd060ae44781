import { DefaultLogger, LogContext, LoggerNamespace, LoggerOptions, Options } from '@mikro-orm/core';
import type { Logger } from 'pino';

/**
 * MikroORM's and knex's own messages (deprecations, discovery, pool and connection warnings, queries
 * when debugging) as pino lines of the server's log, instead of their console writes: one stream, JSON,
 * with a level a collector can filter on.
 */
class PinoOrmLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly pino: Logger,
  ) {
    super(options);
  }

  override log(namespace: LoggerNamespace | string, message: string, context?: LogContext): void {
    if (!this.isEnabled(namespace as LoggerNamespace, context)) return;
    const fields = { component: 'mikro-orm', namespace, ...(context?.label ? { label: context.label } : {}) };
    const text = message.replace(/\s+/g, ' ').trim();
    if (context?.level === 'error') this.pino.error(fields, text);
    else if (context?.level === 'warning') this.pino.warn(fields, text);
    else this.pino.debug(fields, text);
  }
}

const knexLine = (pino: Logger, level: 'warn' | 'error' | 'debug') => (message: unknown) => pino[level]({ component: 'knex' }, typeof message === 'string' ? message : JSON.stringify(message));

/** The ORM options that send MikroORM's logger and knex's `log` to `pino`; driverOptions to merge with the rest. */
export function ormLogging(pino: Logger): { loggerFactory: NonNullable<Options['loggerFactory']>; knexLog: Record<string, (message: unknown) => void> } {
  return {
    loggerFactory: (options) => new PinoOrmLogger(options, pino),
    knexLog: { warn: knexLine(pino, 'warn'), error: knexLine(pino, 'error'), deprecate: knexLine(pino, 'warn'), debug: knexLine(pino, 'debug') },
  };
}
