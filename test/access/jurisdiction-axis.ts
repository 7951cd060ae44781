/**
 * The jurisdiction axis (docs/access.md, "The jurisdiction axis"): every regulator mutation with its rule,
 * and what each rule makes of each regulator's relation to a DISTRICT enterprise of 高桥镇 (or a DISTRICT
 * plan, or the deployment). test/access/jurisdiction-services.test.ts runs it; a regulator mutation
 * missing here fails that test.
 */
export type Rule = 'ENTERPRISE' | 'AREA' | 'PLAN' | 'REGISTER' | 'DEPLOYMENT';
export type Relation = 'OWN' | 'GAOQIAO' | 'XINQIAO' | 'CITY';
export const RELATIONS: [Relation, string][] = [
  ['OWN', 'same level'],
  ['GAOQIAO', 'lower level, same town'],
  ['XINQIAO', 'lower level, other town'],
  ['CITY', 'higher level'],
];
export const OUTCOME: Record<Rule, Record<Relation, 'allowed' | 'FORBIDDEN'>> = {
  ENTERPRISE: { OWN: 'allowed', GAOQIAO: 'FORBIDDEN', XINQIAO: 'FORBIDDEN', CITY: 'FORBIDDEN' },
  AREA: { OWN: 'allowed', GAOQIAO: 'allowed', XINQIAO: 'FORBIDDEN', CITY: 'allowed' },
  PLAN: { OWN: 'allowed', GAOQIAO: 'FORBIDDEN', XINQIAO: 'FORBIDDEN', CITY: 'FORBIDDEN' },
  REGISTER: { OWN: 'allowed', GAOQIAO: 'FORBIDDEN', XINQIAO: 'FORBIDDEN', CITY: 'allowed' },
  DEPLOYMENT: { OWN: 'allowed', GAOQIAO: 'FORBIDDEN', XINQIAO: 'FORBIDDEN', CITY: 'allowed' },
};

/** The fixtures' ids and codes the documents name. */
export type Ids = Record<string, string>;
const when = '2025-03-20T02:00:00Z';

/** [mutation, its rule, the document, its variables, the field a refusal names] */
export const AXIS: [string, Rule, string, (ids: Ids) => Record<string, unknown>, string][] = [
  // An enterprise's register.
  ['registerEnterprise', 'REGISTER', `mutation($c: CreditCode!) { registerEnterprise(input: { creditCode: $c, name: "新企业", address: "某路1号", town: "高桥镇", enforcementLevel: DISTRICT, industry: HAZCHEM_TRADE }) { id } }`, (i) => ({ c: i.fresh }), 'input.enforcementLevel'],
  ['updateEnterprise', 'REGISTER', `mutation($c: CreditCode!) { updateEnterprise(input: { creditCode: $c, name: "改名企业" }) { id } }`, (i) => ({ c: i.E }), 'input.creditCode'],
  ['registerWarehouse', 'REGISTER', `mutation($c: CreditCode!) { registerWarehouse(input: { enterprise: $c, code: "W9", name: "仓库", address: "某路1号", storageType: WAREHOUSE, capacityTonnes: "10" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['registerProduct', 'REGISTER', `mutation($c: CreditCode!) { registerProduct(input: { enterprise: $c, chemicalSerial: 1381, tradeName: "氯", specification: "99%", packaging: "钢瓶", unit: KG }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['registerBatch', 'REGISTER', `mutation($p: String!) { registerBatch(input: { product: $p, batch: "B20250301" }) { code } }`, (i) => ({ p: i.product }), 'input.product'],
  ['registerSpecialOperationCertificate', 'REGISTER', `mutation($c: CreditCode!) { registerSpecialOperationCertificate(input: { enterprise: $c, holder: "王五", type: HAZCHEM_PROCESS, number: "T-2", reviewDate: "2026-01-01" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['recordCertificateReview', 'REGISTER', `mutation($id: ID!) { recordCertificateReview(input: { id: $id, nextReviewDate: "2027-01-01" }) { id } }`, (i) => ({ id: i.certificate }), 'input.id'],
  // The deployment's own.
  ['defineChecklistTemplate', 'DEPLOYMENT', `mutation { defineChecklistTemplate(input: { industry: HAZCHEM_TRADE, category: "储存", riskTag: "泄漏", item: "检查报警器", basis: "GB 50493" }) { id } }`, () => ({}), 'defineChecklistTemplate'],
  ['publishComplianceGuide', 'DEPLOYMENT', `mutation { publishComplianceGuide(input: { industry: HAZCHEM_TRADE, category: "储存", title: "储存合规指引", introduction: "自查用", items: [{ templateId: "1", guidance: "按标准设置" }] }) { id } }`, () => ({}), 'publishComplianceGuide'],
  ['withdrawComplianceGuide', 'DEPLOYMENT', `mutation { withdrawComplianceGuide(id: "1", reason: "法规修订") { id } }`, () => ({}), 'withdrawComplianceGuide'],
  ['admitThirdParty', 'DEPLOYMENT', `mutation($c: CreditCode!) { admitThirdParty(input: { creditCode: $c, name: "某安全咨询公司", scope: "安全评价" }) { id } }`, (i) => ({ c: i.fresh }), 'admitThirdParty'],
  ['setCalendarDay', 'DEPLOYMENT', `mutation { setCalendarDay(input: { date: "2025-10-01", name: "国庆节", working: false }) { date } }`, () => ({}), 'setCalendarDay'],
  ['registerLogWitness', 'DEPLOYMENT', `mutation { registerLogWitness(input: { holder: "某见证方", key: "not-a-key" }) { id } }`, () => ({}), 'registerLogWitness'],
  ['runJobNow', 'DEPLOYMENT', `mutation { runJobNow(name: "no-such-job") { id } }`, () => ({}), 'runJobNow'],
  ['registerWebhook', 'DEPLOYMENT', `mutation { registerWebhook(input: { url: "https://example.org/hook", event: LEDGER_ENTRIES }) { secret } }`, () => ({}), 'registerWebhook'],
  ['setWebhookEnabled', 'DEPLOYMENT', `mutation { setWebhookEnabled(id: "1", enabled: false) { id } }`, () => ({}), 'setWebhookEnabled'],
  ['rotateWebhookSecret', 'DEPLOYMENT', `mutation { rotateWebhookSecret(id: "1") { secret } }`, () => ({}), 'rotateWebhookSecret'],
  ['replayWebhookDelivery', 'DEPLOYMENT', `mutation { replayWebhookDelivery(id: "1") { id } }`, () => ({}), 'replayWebhookDelivery'],
  // An enterprise's enforcement: its licences, its inspections and what hangs from them.
  ['acceptGroupSelfSupervision', 'ENTERPRISE', `mutation($c: CreditCode!) { acceptGroupSelfSupervision(group: $c) { since } }`, (i) => ({ c: i.E }), 'group'],
  ['revokeGroupSelfSupervision', 'ENTERPRISE', `mutation($c: CreditCode!) { revokeGroupSelfSupervision(group: $c) { since } }`, (i) => ({ c: i.E }), 'group'],
  ['applyForLicence', 'ENTERPRISE', `mutation($c: CreditCode!) { applyForLicence(input: { holder: $c, type: SAFE_USE, legalRepresentative: "甲", issuingAuthority: "局", scope: [{ chemicalSerial: 1381 }] }) { id } }`, (i) => ({ c: i.E }), 'input.holder'],
  ['issueLicence', 'ENTERPRISE', `mutation($id: ID!) { issueLicence(input: { licenceId: $id, number: "沪危化 9" }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['refuseLicence', 'ENTERPRISE', `mutation($id: ID!) { refuseLicence(input: { licenceId: $id, reason: "材料不全" }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['changeLicence', 'ENTERPRISE', `mutation($id: ID!) { changeLicence(input: { licenceId: $id, address: "新址" }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['addLicenceScope', 'ENTERPRISE', `mutation($id: ID!) { addLicenceScope(input: { licenceId: $id, items: [{ chemicalSerial: 2 }] }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['reissueLicence', 'ENTERPRISE', `mutation($id: ID!) { reissueLicence(input: { licenceId: $id }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['suspendLicence', 'ENTERPRISE', `mutation($id: ID!) { suspendLicence(input: { licenceId: $id, reason: "整改" }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['reinstateLicence', 'ENTERPRISE', `mutation($id: ID!) { reinstateLicence(input: { licenceId: $id }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['revokeLicence', 'ENTERPRISE', `mutation($id: ID!) { revokeLicence(input: { licenceId: $id, reason: "违法" }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['cancelLicence', 'ENTERPRISE', `mutation($id: ID!) { cancelLicence(input: { licenceId: $id, reason: "歇业" }) { id } }`, (i) => ({ id: i.licence }), 'input.licenceId'],
  ['scheduleInspection', 'ENTERPRISE', `mutation($c: CreditCode!) { scheduleInspection(input: { enterprise: $c, enforcingLevel: DISTRICT, type: EVENT_TRIGGERED, trigger: "举报", justification: "群众举报，需现场核实", scheduledDate: "2025-04-20" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['draftOnSitePlan', 'ENTERPRISE', `mutation($id: ID!) { draftOnSitePlan(inspectionId: $id) { id } }`, (i) => ({ id: i.inspection }), 'inspectionId'],
  ['approveOnSitePlan', 'ENTERPRISE', `mutation($id: ID!) { approveOnSitePlan(inspectionId: $id) { id } }`, (i) => ({ id: i.inspection }), 'inspectionId'],
  ['startInspection', 'ENTERPRISE', `mutation($id: ID!) { startInspection(input: { id: $id }) { id } }`, (i) => ({ id: i.inspection }), 'input.id'],
  ['addChecklistItem', 'ENTERPRISE', `mutation($id: ID!) { addChecklistItem(input: { inspectionId: $id, item: "检查消防通道" }) { id } }`, (i) => ({ id: i.inspection }), 'input.inspectionId'],
  ['recordChecklistResult', 'ENTERPRISE', `mutation($id: ID!) { recordChecklistResult(input: { checklistItemId: $id, result: COMPLIANT }) { id } }`, (i) => ({ id: i.checklistItem }), 'input.checklistItemId'],
  ['recognizeChecks', 'ENTERPRISE', `mutation($id: ID!) { recognizeChecks(inspectionId: $id) { id } }`, (i) => ({ id: i.inspection }), 'inspectionId'],
  ['recordFinding', 'ENTERPRISE', `mutation($id: ID!) { recordFinding(input: { inspectionId: $id, description: "报警器失效", severity: GENERAL, rectificationDeadline: "2025-04-30" }) { id } }`, (i) => ({ id: i.inspection }), 'input.inspectionId'],
  ['recordRectification', 'ENTERPRISE', `mutation($id: ID!) { recordRectification(input: { findingId: $id }) { id } }`, (i) => ({ id: i.finding }), 'input.findingId'],
  ['recheckFinding', 'ENTERPRISE', `mutation($id: ID!) { recheckFinding(input: { findingId: $id, rectified: true }) { id } }`, (i) => ({ id: i.finding }), 'input.findingId'],
  ['recordThirdPartyAdvice', 'ENTERPRISE', `mutation($id: ID!, $o: ID!) { recordThirdPartyAdvice(input: { inspectionId: $id, organisationId: $o, kind: RECOMMENDED, severity: GENERAL, description: "建议", basis: "GB 15603" }) { id } }`, (i) => ({ id: i.inspection, o: i.organisation }), 'input.inspectionId'],
  ['confirmThirdPartyAdvice', 'ENTERPRISE', `mutation($id: ID!) { confirmThirdPartyAdvice(adviceId: $id, confirmed: false, reason: "不采纳") { id } }`, (i) => ({ id: i.advice }), 'adviceId'],
  ['joinVisit', 'ENTERPRISE', `mutation($id: ID!) { joinVisit(inspectionId: $id, taskIds: ["1"]) { id } }`, (i) => ({ id: i.inspection }), 'inspectionId'],
  ['completeInspection', 'ENTERPRISE', `mutation($id: ID!) { completeInspection(id: $id) { id } }`, (i) => ({ id: i.inspection }), 'id'],
  ['issuePenaltyNotice', 'ENTERPRISE', `mutation($id: ID!, $b: ID!) { issuePenaltyNotice(input: { inspectionId: $id, benchmarkId: $b, factors: ["逾期未改正"], measures: [FINE], amountYuan: "30000", facts: "报警器失效" }) { id } }`, (i) => ({ id: i.inspection, b: i.benchmark }), 'input.inspectionId'],
  ['answerPenaltyStatement', 'ENTERPRISE', `mutation($id: ID!) { answerPenaltyStatement(input: { noticeId: $id, adopted: true, reason: "采纳" }) { id } }`, (i) => ({ id: i.notice }), 'input.noticeId'],
  ['recordPenaltyHearing', 'ENTERPRISE', `mutation($id: ID!) { recordPenaltyHearing(input: { noticeId: $id, heldOn: "2025-03-20", record: "听证记录", adopted: false, reason: "不采纳" }) { id } }`, (i) => ({ id: i.notice }), 'input.noticeId'],
  ['recordPenaltyDecision', 'ENTERPRISE', `mutation($id: ID!) { recordPenaltyDecision(input: { inspectionId: $id, penalized: false, noPenaltyReason: FIRST_OFFENCE }) { id } }`, (i) => ({ id: i.inspection }), 'input.inspectionId'],
  ['closeInspection', 'ENTERPRISE', `mutation($id: ID!) { closeInspection(id: $id) { id } }`, (i) => ({ id: i.inspection }), 'id'],
  ['cancelInspection', 'ENTERPRISE', `mutation($id: ID!) { cancelInspection(id: $id, reason: "重复") { id } }`, (i) => ({ id: i.inspection }), 'id'],
  ['recordInsurancePolicy', 'ENTERPRISE', `mutation($c: CreditCode!) { recordInsurancePolicy(input: { enterprise: $c, insurer: "某保险", policyNumber: "P-2", validFrom: "2025-01-01", validUntil: "2025-12-31", coverYuan: "1000" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['recordInsurerCheck', 'ENTERPRISE', `mutation($id: ID!) { recordInsurerCheck(policyId: $id, input: { templateId: "1", result: COMPLIANT, checkedOn: "2025-03-10" }) { id } }`, (i) => ({ id: i.policy }), 'policyId'],
  ['recordPenaltyCarriedOut', 'ENTERPRISE', `mutation($id: ID!) { recordPenaltyCarriedOut(decisionId: $id, carriedOutOn: "2025-03-20") { id } }`, (i) => ({ id: i.decision }), 'decisionId'],
  ['reviewCreditRepair', 'ENTERPRISE', `mutation($id: ID!) { reviewCreditRepair(repairId: $id, approved: true, reason: "已整改") { id } }`, (i) => ({ id: i.repair }), 'repairId'],
  ['recordTypicalCase', 'ENTERPRISE', `mutation($id: ID!) { recordTypicalCase(input: { inspectionId: $id, title: "案例", summary: "摘要", significance: "意义" }) { id } }`, (i) => ({ id: i.inspection }), 'input.inspectionId'],
  ['reviseTypicalCase', 'ENTERPRISE', `mutation($id: ID!) { reviseTypicalCase(id: $id, input: { title: "改写" }) { id } }`, (i) => ({ id: i.typicalCase }), 'id'],
  ['reportTypicalCase', 'ENTERPRISE', `mutation($id: ID!) { reportTypicalCase(id: $id) { id } }`, (i) => ({ id: i.typicalCase }), 'id'],
  ['acknowledgeAlert', 'ENTERPRISE', `mutation($id: ID!) { acknowledgeAlert(input: { alertId: $id }) { id } }`, (i) => ({ id: i.alert }), 'input.alertId'],
  ['resolveAlert', 'ENTERPRISE', `mutation($id: ID!) { resolveAlert(input: { alertId: $id, note: "已处置" }) { id } }`, (i) => ({ id: i.alert }), 'input.alertId'],
  // What a regulator records in its area, whatever the enterprise's level.
  ['recordPatrolFinding', 'AREA', `mutation($c: CreditCode!) { recordPatrolFinding(input: { enterprise: $c, detail: "围墙破损", occurredAt: "${when}" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['recordReferral', 'AREA', `mutation($c: CreditCode!) { recordReferral(input: { enterprise: $c, detail: "转办", referredBy: "市场监管局", occurredAt: "${when}" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['recordAccident', 'AREA', `mutation($c: CreditCode!) { recordAccident(input: { enterprise: $c, severity: ORDINARY, description: "泄漏", occurredAt: "${when}" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  ['recordComplaint', 'AREA', `mutation($c: CreditCode!) { recordComplaint(input: { enterprise: $c, channel: "12345", content: "异味", receivedAt: "${when}" }) { id } }`, (i) => ({ c: i.E }), 'input.enterprise'],
  // After the advice rows: removing the organisation ends its advice, which their allowed cases record.
  ['removeThirdParty', 'DEPLOYMENT', `mutation($id: ID!) { removeThirdParty(id: $id, reason: "资质过期") { id } }`, (i) => ({ id: i.organisation }), 'removeThirdParty'],
  // A plan's.
  ['createEnforcementPlan', 'PLAN', `mutation { createEnforcementPlan(input: { level: DISTRICT, year: 2026, title: "2026年度计划" }) { id } }`, () => ({}), 'input.level'],
  ['draftEnforcementPlan', 'PLAN', `mutation($id: ID!) { draftEnforcementPlan(input: { level: DISTRICT, year: 2025, planId: $id }) { plan { id } } }`, (i) => ({ id: i.plan }), 'input.level'],
  ['approveEnforcementPlan', 'PLAN', `mutation($id: ID!) { approveEnforcementPlan(id: $id) { id } }`, (i) => ({ id: i.plan }), 'id'],
  ['publishEnforcementPlan', 'PLAN', `mutation($id: ID!) { publishEnforcementPlan(id: $id) { id } }`, (i) => ({ id: i.plan }), 'id'],
  ['announceRandomDraw', 'PLAN', `mutation($id: ID!) { announceRandomDraw(input: { planId: $id, count: 1, roster: ["张伟", "李娜"], scheduledFrom: "2025-05-06", scheduledTo: "2025-05-30" }) { id } }`, (i) => ({ id: i.plan }), 'input.planId'],
  ['performRandomDraw', 'PLAN', `mutation($id: ID!) { performRandomDraw(id: $id) { id } }`, (i) => ({ id: i.draw }), 'id'],
];

/**
 * Regulator mutations with their own rule instead of a column of the axis: an assistance request is asked
 * as the regulator's own level about an enterprise of its area and answered by the level asked; a typical
 * case is reviewed by the CITY level (jurisdiction-services.test.ts's REFUSALS).
 */
export const OWN_RULES = ['requestAssistance', 'answerAssistanceRequest', 'acceptTypicalCase', 'returnTypicalCase'];
