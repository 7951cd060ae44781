import { GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import { readPlainFieldsDirectly } from './graphql/plain-fields';
import { passPlainArguments } from './graphql/plain-arguments';
import { applyTextPolicy } from './graphql/text-arguments';
import { serveCompiledFields } from './graphql/json-read-plan';
import { accessResolvers } from './access/audit.resolver';
import { AuthChecker } from './access/auth-checker';
import { accountsResolvers } from './accounts/accounts.resolvers';
import { exchangeResolvers } from './exchange/epcis.resolver';
import { inspectionResolvers } from './inspection/inspection.resolver';
import { planResolvers } from './inspection/plan.resolver';
import { creditResolvers } from './inspection/credit.resolver';
import { onSitePlanResolvers } from './inspection/on-site-plan.resolver';
import { assistanceResolvers } from './inspection/assistance.resolver';
import { jointVisitResolvers } from './inspection/joint-visit.resolver';
import { penaltyResolvers } from './inspection/penalty.resolver';
import { selfCheckResolvers } from './inspection/self-check.resolver';
import { typicalCaseResolvers } from './inspection/typical-case.resolver';
import { complianceGuideResolvers } from './inspection/compliance-guide.resolver';
import { randomDrawResolvers } from './inspection/random-draw.resolver';
import { thirdPartyResolvers } from './inspection/third-party.resolver';
import { labelsResolvers } from './labels/labels.resolver';
import { ledgerResolvers } from './ledger/ledger.resolver';
import { LedgerFeedResolver } from './ledger/ledger-feed.resolver';
import { AlertFeedResolver } from './licensing/alert-feed.resolver';
import { NotificationFeedResolver } from './supervision/notification-feed.resolver';
import { WebhooksResolver } from './webhooks/webhooks.resolver';
import { logResolvers } from './ledger/log.resolver';
import { licensingResolvers } from './licensing/licensing.resolvers';
import { registryResolvers } from './registry/registry.resolver';
import { intakeResolvers } from './supervision/intake.resolver';
import { overviewResolvers } from './supervision/overview.resolver';
import { supervisionResolvers } from './supervision/supervision.resolver';

/** Every domain's resolvers. */
const resolvers = [...registryResolvers, ...ledgerResolvers, LedgerFeedResolver, AlertFeedResolver, NotificationFeedResolver, WebhooksResolver, ...logResolvers, ...licensingResolvers, ...planResolvers, ...randomDrawResolvers, ...penaltyResolvers, ...creditResolvers, ...selfCheckResolvers, ...typicalCaseResolvers, ...complianceGuideResolvers, ...assistanceResolvers, ...jointVisitResolvers, ...onSitePlanResolvers, ...thirdPartyResolvers, ...inspectionResolvers, ...accessResolvers, ...accountsResolvers, ...supervisionResolvers, ...overviewResolvers, ...intakeResolvers, ...exchangeResolvers, ...labelsResolvers] as unknown as NonEmptyArray<Function>;

/**
 * Live feeds bring their own event stream (`@Subscription({ subscribe })` reading the log), so no
 * topic is ever published; type-graphql still asks for a PubSub when a schema has subscriptions.
 */
const NO_TOPICS = {
  publish: () => {
    throw new Error('No subscription topics: feeds read the log');
  },
  subscribe: () => {
    throw new Error('No subscription topics: feeds read the log');
  },
};

/** The single-entry call's hot path: its input read as coerced, not rebuilt as class instances (graphql/plain-arguments.ts). */
const PLAIN_ARGUMENTS = ['Mutation.recordMovements'];

/** The API's schema, every string argument under the text policy. */
export async function buildApiSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker: AuthChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    pubSub: NO_TOPICS,
  });
  return serveCompiledFields(applyTextPolicy(passPlainArguments(readPlainFieldsDirectly(schema), PLAIN_ARGUMENTS, new AuthChecker())));
}
