import { createHash, timingSafeEqual } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { Logger } from 'pino';
import { Clock } from '../shared/clock';
import { CommonCode, DomainError } from '../shared/domain-error';
import { acceptJsonText } from '../shared/text-policy';
import { IntakeService, MonitoringAlarm } from './intake.service';

export interface IntakeRoutesDeps {
  orm: MikroORM;
  clock: Clock;
  logger: Logger;
  /** SHA-256 (hex) of each platform's key → the platform's name. */
  platforms: ReadonlyMap<string, string>;
  /** Charges a request without a known key to its address, or refuses it (429): the server's per-address limit. */
  unknownCallerLimit: express.RequestHandler;
}

const STATUS: Record<string, number> = { [CommonCode.BAD_USER_INPUT]: 400, [CommonCode.NOT_FOUND]: 404 };

/** The platform whose key the request bears (Authorization: Bearer <key>), or null. */
function platformOf(platforms: ReadonlyMap<string, string>, authorization: string | undefined): string | null {
  const match = /^Bearer (\S{16,200})$/.exec(authorization ?? '');
  if (!match) return null;
  const hash = createHash('sha256').update(match[1], 'utf8').digest();
  for (const [known, name] of platforms) {
    if (timingSafeEqual(hash, Buffer.from(known, 'hex'))) return name;
  }
  return null;
}

/**
 * POST /intake/alarms: a monitoring platform (监测预警平台) posts an alarm
 * {alarmId, enterprise, sensor, reading, threshold, unit?, occurredAt} with
 * its key. 201 stored, 200 already stored (a resend), 400/404 with the field,
 * 401 without a known key. The triggered-supervision job proposes from it.
 * The key is checked before the body is read: a caller without one is
 * refused unread, and counted against its address like any caller without
 * credentials; a platform's own bursts (a backlog sent on reconnecting) are not.
 */
export function intakeRoutes(deps: IntakeRoutesDeps): express.Router {
  const router = express.Router();
  const knownPlatform: express.RequestHandler = (req, res, next) => {
    const platform = platformOf(deps.platforms, req.headers.authorization);
    if (platform) {
      res.locals.platform = platform;
      return next();
    }
    deps.unknownCallerLimit(req, res, () => {
      res.status(401).json({ code: CommonCode.UNAUTHENTICATED, message: 'A monitoring platform key is required (Authorization: Bearer <key>)' });
    });
  };
  router.post('/alarms', knownPlatform, express.json({ limit: '16kb' }), async (req, res) => {
    const platform = res.locals.platform as string;
    try {
      const { signal, created } = await new IntakeService(deps.orm.em.fork(), deps.clock).recordAlarm(platform, acceptJsonText(req.body ?? {}) as MonitoringAlarm);
      res.status(created ? 201 : 200).json({ signalId: signal.id, created });
    } catch (error) {
      if (error instanceof DomainError && STATUS[error.code]) {
        res.status(STATUS[error.code]).json({ code: error.code, field: error.field?.join('.') ?? null, message: error.message });
        return;
      }
      deps.logger.error({ err: error, platform }, 'intake alarm failed');
      res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message: 'The alarm was not stored; send it again' });
    }
  });
  return router;
}
