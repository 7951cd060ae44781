import crypto from 'node:crypto';
import type http from 'node:http';
import { MikroORM } from '@mikro-orm/postgresql';
import { ExecutionArgs, ExecutionResult, getOperationAST, GraphQLError, GraphQLSchema, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { answerRow, isAudited, recordAnswer } from '../access/answer-audit';
import { recordEvents } from '../access/event-audit';
import { Role, Viewer } from '../access/viewer';
import { Config } from '../config';
import { createContext } from '../context';
import { documentLimitError } from '../graphql/document-limits';
import { formatError } from '../graphql/format-error';
import { queryDepth } from '../graphql/limits.plugin';
import { committedTip } from '../db/commit-order';
import { PositionWatch } from '../db/position-watch';
import { LedgerFanOut } from '../ledger/ledger-fan-out';
import { LedgerFeedService, LedgerFeedWatch } from '../ledger/ledger-feed.service';
import { LogTip } from '../ledger/log-tip';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain-error';
import { AuditEvents, auditedSubscribe } from './audited-event-stream';

export interface SubscriptionDeps {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: MikroORM;
  config: Config;
  logger: Logger;
  clock: Clock;
  jwtSecret: string;
  logKey?: string;
  verifyToken: (authorization: string | undefined, address: string) => Promise<Viewer>;
  /** The client's address as TRUST_PROXY lets it be read, as /graphql over HTTP reads it. */
  clientAddress: (req: http.IncomingMessage) => string;
}

interface Caller {
  viewer: Viewer;
  expiresAt: Date | null;
}

/** An operation as sent, by its context: what a subscription's audit rows say was asked. */
interface Sent {
  viewer: Viewer;
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };
  requestId: string;
}

const signInOverHttp = () => {
  throw new DomainError('BAD_REQUEST', 'Sign in, refresh and sign out over HTTP POST /graphql, not over a WebSocket');
};

/**
 * GraphQL over WebSocket (graphql-transport-ws) on /graphql: the token comes in
 * connection_init's `authorization` (or the upgrade request's header) and is
 * checked once for the connection; each operation passes the same document
 * limits as HTTP. One shared reader per process reads each new range of the log
 * once for every live ledger feed (LEDGER_FEED_SHARED_READ=false: one LogTip
 * wakes each feed to read on its own), one PositionWatch over committedTip
 * wakes every alert and notification feed. Every
 * result sent to a partner, and every one of a regulator's reads (each event of
 * a subscription, a query), is written to its audit trail first, as over HTTP:
 * a query's row in onNext, a subscription's events a batch at a time, each row
 * naming its event's position (audited-event-stream.ts).
 */
export function serveSubscriptions(deps: SubscriptionDeps): { stop(): Promise<void> } {
  const { config, logger, clock } = deps;
  const sockets = new WebSocketServer({ server: deps.httpServer, path: '/graphql', maxPayload: config.anonymous.maxBytes });
  const ledgerFeed: LedgerFeedWatch = config.ledgerFeedSharedRead ? { fanOut: new LedgerFanOut(LedgerFeedService.sharedSource(deps.orm.em), logger) } : { tip: new LogTip(deps.orm.em) };
  const commitWatch = new PositionWatch(() => committedTip(deps.orm.em.fork(), ['alert', 'notification']));
  const callers = new WeakMap<object, Caller>();
  const sent = new WeakMap<object, Sent>();
  const format = formatError({ debug: config.debugErrors });
  const formatted = (result: ExecutionResult) => (result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : undefined);
  const auditOf = (args: ExecutionArgs): AuditEvents | null => {
    const operation = sent.get(args.contextValue as object);
    if (!operation || !isAudited(operation.viewer)) return null;
    const { viewer, payload, requestId } = operation;
    const operationName = payload.operationName ?? getOperationAST(args.document, args.operationName)?.name?.value ?? null;
    return async (events) => {
      const request = { at: clock.now(), operationName, operationType: 'subscription', query: payload.query, variables: payload.variables ?? {}, requestId };
      try {
        await recordEvents(deps.orm.em.fork(), viewer, request, events.map((e) => ({ ...e, answer: formatted(e.answer as ExecutionResult) ?? e.answer })));
      } catch (error) {
        logger.error({ err: error, requestId }, 'audit write failed');
        throw error;
      }
    };
  };
  const server = useServer(
    {
      schema: deps.schema,
      onConnect: async (ctx) => {
        const given = ctx.connectionParams?.authorization;
        const authorization = typeof given === 'string' ? given : ctx.extra.request.headers.authorization;
        try {
          const viewer = await deps.verifyToken(authorization, deps.clientAddress(ctx.extra.request));
          const token = authorization?.replace(/^Bearer\s+/i, '') ?? '';
          const exp = token.split('.').length === 3 ? decodeJwt(token).exp : undefined;
          callers.set(ctx, { viewer, expiresAt: exp ? new Date(exp * 1000) : null });
          return true;
        } catch {
          return false; // 4403 Forbidden: a bad or expired token opens no connection
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        const tooLarge = documentLimitError(payload.query, config.documentLimits);
        if (tooLarge) return [tooLarge];
        try {
          const depth = queryDepth(parse(payload.query), payload.operationName);
          if (depth > config.maxQueryDepth) return [new GraphQLError(`Query depth ${depth} exceeds ${config.maxQueryDepth}`, { extensions: { code: 'QUERY_TOO_DEEP' } })];
        } catch {
          // A syntax error is answered by the server's own parse.
        }
        return undefined;
      },
      subscribe: (args) => auditedSubscribe(args, auditOf(args)),
      context: (ctx, _id, payload) => {
        const caller = callers.get(ctx)!;
        const context = createContext({
          em: deps.orm.em.fork(),
          viewer: caller.viewer,
          clock,
          config,
          logger,
          requestId: crypto.randomUUID(),
          logKey: deps.logKey,
          session: {
            clientAddress: deps.clientAddress(ctx.extra.request),
            jwtSecret: deps.jwtSecret,
            refreshCookie: { read: () => undefined, set: signInOverHttp, clear: signInOverHttp },
          },
          ledgerFeed,
          commitWatch,
          credentialExpiresAt: caller.expiresAt,
        });
        sent.set(context, { viewer: caller.viewer, payload, requestId: context.requestId });
        return context;
      },
      onNext: async (ctx, _id, payload, args, result) => {
        const answer = formatted(result);
        const { viewer } = callers.get(ctx)!;
        const operation = getOperationAST(args.document, args.operationName);
        const type = operation?.operation ?? null;
        // A subscription's events were audited before auditedSubscribe handed them out.
        if (!isAudited(viewer) || type === 'subscription' || (viewer.role === Role.REGULATOR && type === 'mutation')) return answer;
        const row = answerRow(
          { at: clock.now(), operationName: payload.operationName ?? operation?.name?.value ?? null, operationType: type, query: payload.query, variables: payload.variables ?? {}, requestId: (args.contextValue as { requestId: string }).requestId },
          (answer ?? result) as never,
        );
        try {
          await recordAnswer(deps.orm.em.fork(), viewer, row, result.data);
          return answer;
        } catch (error) {
          logger.error({ err: error }, 'audit write failed');
          return { errors: [new GraphQLError('The event could not be audited, so it is not sent', { extensions: { code: 'AUDIT_UNAVAILABLE' } }).toJSON()] };
        }
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
    },
    sockets,
  );
  sockets.on('error', (error) => logger.error({ err: error }, 'websocket server failed'));
  return {
    stop: async () => {
      ('fanOut' in ledgerFeed ? ledgerFeed.fanOut : ledgerFeed.tip).stop();
      commitWatch.stop();
      await server.dispose();
    },
  };
}
