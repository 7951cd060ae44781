/**
 * The read area table (docs/access.md, "What a regulator reads"): every query and subscription of the schema
 * with its area rule, and for each that returns enterprise data the document that shows it.
 * test/access/read-area.test.ts runs it against a TOWN regulator of another town, the town's own TOWN
 * regulator and a DISTRICT regulator, and fails when a query or subscription of the schema is missing here.
 */
export type ReadRule = 'LIST' | 'NAMED' | 'FIGURES' | 'NESTED' | 'FEED' | 'DEPLOYMENT' | 'PUBLIC' | 'REFERENCE' | 'ACCOUNTS';

/** What each rule means for a TOWN regulator; docs/access.md shows these lines. */
export const READ_RULES: Record<ReadRule, string> = {
  LIST: "its town's rows only (another town's enterprise named, or a `town` filter naming another, finds none)",
  NAMED: "another town's enterprise (or its product, chain, licence, inspection) named is `FORBIDDEN` naming the argument",
  FIGURES: "figures counted over its town's enterprises only",
  NESTED: "the enterprise data inside (a plan's inspections and draft report, a draw's result before publication) is its town's",
  FEED: "its town's events only (the subscription's query rules; the same conditions feed webhooks)",
  DEPLOYMENT: 'the whole district\'s records: `FORBIDDEN` naming the query (DISTRICT and CITY read them)',
  PUBLIC: 'public: what anyone reads without a token, the same for every regulator',
  REFERENCE: 'no enterprise data (catalogues, benchmarks, departments, the log and its witnesses)',
  ACCOUNTS: 'accounts and their logs: their own rules (a TOWN regulator manages no account)',
};

/** The fixtures' ids and codes the documents name. */
export type Ids = Record<string, string>;

/**
 * [query or subscription, its rule, the document (TOWN-bounded rules only), its variables, the field a refusal
 * names, what only 高桥镇's answer holds when it names no enterprise or town (figures)]
 */
export type ReadRow = [string, ReadRule, string?, ((ids: Ids) => Record<string, unknown>)?, string?, string?];

const E = (fields = 'creditCode') => `enterprise { ${fields} }`;
const edges = (inner: string) => `edges { node { ${inner} } }`;

export const QUERIES: ReadRow[] = [
  // Lists: a TOWN regulator's rows are its town's.
  ['enterprises', 'LIST', `{ enterprises(first: 50) { ${edges('creditCode')} } }`],
  ['inspections', 'LIST', `{ inspections(first: 50) { ${edges(E())} } }`],
  ['licences', 'LIST', `query($c: CreditCode) { licences(first: 50, holder: $c) { ${edges('holder { creditCode }')} } }`, (i) => ({ c: i.HERE })],
  ['alerts', 'LIST', `query($c: CreditCode) { alerts(first: 50, enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE })],
  ['stock', 'LIST', `query($c: CreditCode) { stock(first: 50, enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE })],
  ['movements', 'LIST', `query($c: CreditCode) { movements(first: 50, enterprise: $c) { ${edges('chain')} } }`, (i) => ({ c: i.HERE })],
  ['epcisEvents', 'LIST', `{ epcisEvents(first: 50) { edges { node } } }`],
  ['shipments', 'LIST', `{ shipments(openOnly: false, first: 50) { ${edges('senderCode receiverCode')} } }`],
  ['products', 'LIST', `query($c: CreditCode) { products(first: 50, enterprise: $c) { ${edges('traceCode enterprise { creditCode }')} } }`, (i) => ({ c: i.HERE })],
  ['specialOperationCertificates', 'LIST', `query($c: CreditCode) { specialOperationCertificates(first: 50, enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE })],
  ['accidents', 'LIST', `query($c: CreditCode) { accidents(first: 50, enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE })],
  ['complaints', 'LIST', `query($c: CreditCode) { complaints(first: 50, enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE })],
  ['supervisionProposals', 'LIST', `{ supervisionProposals(first: 50) { ${edges(`detail ${E()}`)} } }`],
  ['notifications', 'LIST', `query($c: CreditCode) { notifications(first: 50, enterprise: $c) { ${edges(`title ${E()}`)} } }`, (i) => ({ c: i.HERE })],
  ['departmentTasks', 'LIST', `{ departmentTasks(month: "2025-03", first: 50) { ${edges(E())} } }`],
  ['jointVisitProposals', 'LIST', `{ jointVisitProposals(month: "2025-03", first: 50) { ${edges(E())} } }`],
  ['assistanceRequests', 'LIST', `{ assistanceRequests(first: 50) { ${edges('matter')} } }`],
  ['keyUnitsNotCovered', 'LIST', `{ keyUnitsNotCovered(year: 2025, first: 50) { ${edges('creditCode')} } }`],
  // A case the city accepted is its collection, read by every regulator; until then, its town's.
  ['typicalCases', 'LIST', `{ typicalCases(first: 50) { ${edges('title')} } }`],
  // One enterprise (or what belongs to one) named.
  ['enterprise', 'NAMED', `query($c: CreditCode!) { enterprise(creditCode: $c) { creditCode } }`, (i) => ({ c: i.HERE }), 'creditCode'],
  ['creditReport', 'NAMED', `query($c: CreditCode!) { creditReport(creditCode: $c) { ${E()} } }`, (i) => ({ c: i.HERE }), 'creditCode'],
  ['chain', 'NAMED', `query($c: CreditCode!) { chain(creditCode: $c) { chain } }`, (i) => ({ c: i.HERE }), 'creditCode'],
  ['verifyChain', 'NAMED', `query($c: CreditCode!) { verifyChain(creditCode: $c) { chain } }`, (i) => ({ c: i.HERE }), 'creditCode'],
  ['entryProof', 'NAMED', `query($c: CreditCode!) { entryProof(chain: $c, seq: 1) { chain } }`, (i) => ({ c: i.HERE }), 'chain'],
  ['riskGradeHistory', 'NAMED', `query($c: CreditCode!) { riskGradeHistory(enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE }), 'enterprise'],
  ['warehouses', 'NAMED', `query($c: CreditCode!) { warehouses(enterprise: $c) { ${edges(E())} } }`, (i) => ({ c: i.HERE }), 'enterprise'],
  ['majorHazardStatus', 'NAMED', `query($c: CreditCode!) { majorHazardStatus(enterprise: $c, warehouse: "W1") { sum } }`, (i) => ({ c: i.HERE }), 'enterprise'],
  ['licence', 'NAMED', `query($id: ID!) { licence(id: $id) { holder { creditCode } } }`, (i) => ({ id: i.licence }), 'id'],
  ['inspection', 'NAMED', `query($id: ID!) { inspection(id: $id) { ${E()} } }`, (i) => ({ id: i.inspection }), 'id'],
  ['penaltyNotice', 'NAMED', `query($id: ID!) { penaltyNotice(inspectionId: $id) { facts } }`, (i) => ({ id: i.inspection }), 'inspectionId'],
  ['thirdPartyAdvice', 'NAMED', `query($id: ID!) { thirdPartyAdvice(inspectionId: $id) { ${edges('description')} } }`, (i) => ({ id: i.inspection }), 'inspectionId'],
  ['traceBatch', 'NAMED', `query($p: String!) { traceBatch(product: $p, batch: "L1") { nodes { enterpriseCode } } }`, (i) => ({ p: i.product }), 'product'],
  ['batches', 'NAMED', `query($p: String!) { batches(product: $p) { ${edges('originCode')} } }`, (i) => ({ p: i.product }), 'product'],
  // Figures over the area.
  ['supervisionOverview', 'FIGURES', `{ supervisionOverview { enterprisesByGrade { town count } hazardStockByTown { town } } }`],
  ['evaluationAnalysis', 'FIGURES', `{ evaluationAnalysis(month: "2025-03") { overall { count } comments { comment } } }`],
  ['licensingProcessingTimes', 'FIGURES', `{ licensingProcessingTimes(from: "2025-01-01", to: "2025-12-31") { rows { month type decided } } }`, undefined, undefined, '"month":"2025-03"'],
  // Enterprise data inside.
  ['enforcementPlan', 'NESTED', `query($id: ID!) { enforcementPlan(id: $id) { inspections { ${edges(E())} } draftReport { ${edges(E())} } } }`, (i) => ({ id: i.plan })],
  ['enforcementPlans', 'NESTED', `{ enforcementPlans(first: 10) { ${edges(`inspections { ${edges(E())} } draftReport { ${edges(E())} }`)} } }`],
  ['randomDraw', 'NESTED', `query($id: ID!) { randomDraw(id: $id) { result { pool drawn { creditCode } } } }`, (i) => ({ id: i.draw })],
  ['randomDraws', 'NESTED', `query($p: ID!) { randomDraws(planId: $p) { ${edges('result { pool drawn { creditCode } }')} } }`, (i) => ({ p: i.plan })],
  // The whole district's records.
  ['auditLog', 'DEPLOYMENT', `{ auditLog { ${edges('subject')} } }`, undefined, 'auditLog'],
  ['jobRuns', 'DEPLOYMENT', `{ jobRuns { ${edges('job')} } }`, undefined, 'jobRuns'],
  ['jobRun', 'DEPLOYMENT', `{ jobRun(id: "1") { job } }`, undefined, 'jobRun'],
  ['webhooks', 'DEPLOYMENT', `{ webhooks { ${edges('url')} } }`, undefined, 'webhooks'],
  ['webhookDeliveries', 'DEPLOYMENT', `{ webhookDeliveries(webhook: "1") { ${edges('eventId')} } }`, undefined, 'webhookDeliveries'],
  // Not bounded by area.
  ['batchByCode', 'PUBLIC'],
  ['productByCode', 'PUBLIC'],
  ['inspectionByCode', 'PUBLIC'],
  ['publicPenalties', 'PUBLIC'],
  ['publishedInspectionTargets', 'PUBLIC'],
  ['logCheckpoint', 'PUBLIC'],
  ['logKey', 'PUBLIC'],
  ['consistencyProof', 'PUBLIC'],
  ['chemical', 'REFERENCE'],
  ['chemicals', 'REFERENCE'],
  ['checklistTemplates', 'REFERENCE'],
  // A guide item's latestSelfCheck names an enterprise: an enterprise its own, a TOWN regulator one of its town (compliance-guide.test.ts).
  ['complianceGuides', 'REFERENCE'],
  ['complianceGuide', 'REFERENCE'],
  ['discretionBenchmarks', 'REFERENCE'],
  ['enumLabels', 'REFERENCE'],
  ['departments', 'REFERENCE'],
  ['departmentEvents', 'REFERENCE'],
  ['thirdPartyOrganisations', 'REFERENCE'],
  ['logWitnesses', 'REFERENCE'],
  ['jobs', 'REFERENCE'],
  ['me', 'ACCOUNTS'],
  ['user', 'ACCOUNTS'],
  ['users', 'ACCOUNTS'],
  ['apiKeys', 'ACCOUNTS'],
  ['accountEvents', 'ACCOUNTS'],
  ['signIns', 'ACCOUNTS'],
  ['regulatorReadLog', 'ACCOUNTS'],
];

/** Subscriptions, each FEED: [name, rule, the document]; its first event for a TOWN regulator of another town is that town's. */
export const SUBSCRIPTIONS: ReadRow[] = [
  ['alerts', 'FEED', `subscription { alerts { alert { enterprise { creditCode } } } }`],
  ['notifications', 'FEED', `subscription { notifications { notification { enterprise { creditCode } } } }`],
  ['ledgerEntries', 'FEED', `subscription { ledgerEntries { entry { chain } } }`],
];
