import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { assertDeploymentWide, assertInArea, assertJurisdiction, assertKeepsRegister, assertReadsDeployment } from '../access/jurisdiction';
import { assertCanReadEnterprise, assertCanReadEnterpriseRow, assertRegulator, enterpriseWhere } from '../access/policy';
import { describeViewer, isRegulator, Role, Viewer } from '../access/viewer';
import { Config } from '../config';
import { paginate } from '../db/paginate';
import { isValidCreditCode } from '../proof/credit-code';
import { Enterprise } from '../registry/enterprise.entity';
import { assertNamedInArea } from '../registry/named-in-area';
import { Warehouse } from '../registry/warehouse.entity';
import { AccessError, FieldPath, inputField } from '../shared/domain-error';
import { Clock } from '../shared/clock';
import { requiredText } from '../shared/text-input';
import { Page, PageArgs, pageByName } from '../shared/page';
import { isCalendarDate } from '../shared/shanghai-calendar';
import { Accident } from './accident.entity';
import { Complaint } from './complaint.entity';
import { GroupSelfSupervision } from './group-self-supervision.entity';
import { JobRun } from './job-run.entity';
import { MajorHazardStatus, toMajorHazardStatus, WarehouseHazardData } from './major-hazard-status';
import { JobRunner } from './job-runner';
import { Notification } from './notification.entity';
import { NotificationFilter, notificationConditions } from './notification-visibility';
import { Publication, PublicationKind } from './publication.entity';
import { PublishedInspectionTargets, PublishedTarget } from './published-targets';
import { isMonth } from '../shared/shanghai-calendar';
import { RiskGradeChange } from './risk-grade.entity';
import { SpecialOperationCertificate } from './special-operation-certificate.entity';
import { SupervisionProposal } from './supervision-proposal.entity';
import { ComplaintStatus, JobRunStatus, JobTrigger, ProposalStatus } from './supervision.enums';
import { SupervisionError } from './supervision.errors';
import { RecordAccidentInput, RecordCertificateReviewInput, RecordComplaintInput, RegisterCertificateInput } from './supervision.inputs';

type HazardLoader = { load(id: string): Promise<WarehouseHazardData> };

export interface JobInfo {
  name: string;
  description: string;
  schedule: string;
}

export interface JobRunFilter {
  job?: string | null;
  status?: JobRunStatus | null;
}

/** Job runs, the outbox, certificates, accidents, complaints, grades and proposals, as viewers may see them. */
export class SupervisionService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly env?: { config: Config; logger: Logger },
  ) {}

  private runner(): JobRunner {
    if (!this.env) throw new Error('SupervisionService needs config and logger to run jobs');
    return new JobRunner({ em: this.em, clock: this.clock, ...this.env });
  }

  // ── jobs ──────────────────────────────────────────────────────────────

  /** By name: the list is the code's, the same in every process. */
  jobs(viewer: Viewer, page: PageArgs): Page<JobInfo> {
    assertRegulator(viewer);
    const runner = this.runner();
    const jobs = runner.names().sort().map((name) => ({ name, description: runner.job(name).description, schedule: this.env!.config.jobs.schedules[name] }));
    return pageByName(jobs, page, (job) => job.name);
  }

  async jobRuns(viewer: Viewer, filter: JobRunFilter, page: PageArgs): Promise<Page<JobRun>> {
    assertRegulator(viewer);
    assertReadsDeployment(viewer, 'jobRuns');
    const where: Record<string, unknown> = {};
    if (filter.job) where.job = filter.job;
    if (filter.status) where.status = filter.status;
    return paginate(this.em, JobRun, where, page);
  }

  async jobRun(viewer: Viewer, id: string): Promise<JobRun> {
    assertRegulator(viewer);
    assertReadsDeployment(viewer, 'jobRun');
    if (!/^\d{1,18}$/.test(id)) throw SupervisionError.jobRunNotFound(id);
    const run = await this.em.findOne(JobRun, { id });
    if (!run) throw SupervisionError.jobRunNotFound(id);
    return run;
  }

  /** Starts a job now; returns its run as recorded (RUNNING, or SKIPPED when another process runs it). Poll jobRun(id). */
  async runJobNow(viewer: Viewer, name: string): Promise<JobRun> {
    assertRegulator(viewer);
    assertDeploymentWide(viewer, 'runJobNow');
    const started = await this.runner().start(name, { trigger: JobTrigger.MANUAL, requestedBy: describeViewer(viewer) });
    return started.run!;
  }

  // ── outbox ────────────────────────────────────────────────────────────

  /** notificationConditions: an enterprise its own notices, regulators every notice, fire rescue the major-hazard ones. */
  notifications(viewer: Viewer, filter: NotificationFilter & { newestFirst?: boolean }, page: PageArgs): Promise<Page<Notification>> {
    return paginate(this.em, Notification, notificationConditions(viewer, filter), page, { descending: filter.newestFirst === true });
  }

  // ── special-operation certificates ────────────────────────────────────

  async registerCertificate(viewer: Viewer, input: RegisterCertificateInput): Promise<SpecialOperationCertificate> {
    const enterprise = await this.writableEnterprise(viewer, input.enterprise);
    if (!isCalendarDate(input.reviewDate)) throw SupervisionError.invalid(inputField('reviewDate'), 'reviewDate must be a date YYYY-MM-DD');
    const number = requiredText(input.number, inputField('number'), 64);
    const certificate = this.em.create(SpecialOperationCertificate, {
      enterprise,
      holder: requiredText(input.holder, inputField('holder'), 100),
      type: input.type,
      number,
      reviewDate: input.reviewDate,
      createdAt: this.clock.now(),
    });
    try {
      await this.em.persistAndFlush(certificate);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw SupervisionError.certificateExists(number);
      throw error;
    }
    return certificate;
  }

  /** A review done: the next review date replaces the old one (and reminders start again for it). */
  async recordCertificateReview(viewer: Viewer, input: RecordCertificateReviewInput): Promise<SpecialOperationCertificate> {
    if (!/^\d{1,18}$/.test(input.id)) throw SupervisionError.certificateNotFound(input.id);
    const certificate = await this.em.findOne(SpecialOperationCertificate, { id: input.id }, { populate: ['enterprise'] });
    if (!certificate) throw SupervisionError.certificateNotFound(input.id);
    await this.writableEnterprise(viewer, certificate.enterprise.creditCode, inputField('id'));
    if (!isCalendarDate(input.nextReviewDate)) throw SupervisionError.invalid(inputField('nextReviewDate'), 'nextReviewDate must be a date YYYY-MM-DD');
    certificate.reviewDate = input.nextReviewDate;
    await this.em.flush();
    return certificate;
  }

  async certificates(viewer: Viewer, creditCode: string | null | undefined, page: PageArgs): Promise<Page<SpecialOperationCertificate>> {
    if (creditCode && !isValidCreditCode(creditCode)) throw SupervisionError.invalid(['enterprise'], 'Not a valid credit code');
    if (viewer.role === Role.PARTNER) throw AccessError.forbidden('Partner departments do not read certificates');
    const enterprise = enterpriseWhere(viewer, creditCode);
    return paginate(this.em, SpecialOperationCertificate, enterprise ? { enterprise } : {}, page);
  }

  // ── accidents and complaints (recorded by the bureau) ──────────────────

  async recordAccident(viewer: Viewer, input: RecordAccidentInput): Promise<Accident> {
    assertRegulator(viewer);
    const enterprise = await this.enterpriseByCode(input.enterprise, inputField('enterprise'));
    assertInArea(viewer, enterprise, inputField('enterprise'));
    if (input.deaths < 0 || input.injuries < 0) throw SupervisionError.invalid(inputField('deaths'), 'deaths and injuries must not be negative');
    if (input.occurredAt.getTime() > this.clock.now().getTime()) throw SupervisionError.invalid(inputField('occurredAt'), 'occurredAt is in the future');
    const accident = this.em.create(Accident, {
      enterprise,
      occurredAt: input.occurredAt,
      severity: input.severity,
      deaths: input.deaths,
      injuries: input.injuries,
      description: requiredText(input.description, inputField('description'), 2000),
      recordedBy: describeViewer(viewer),
      recordedAt: this.clock.now(),
    });
    await this.em.persistAndFlush(accident);
    return accident;
  }

  async accidents(viewer: Viewer, creditCode: string | null | undefined, page: PageArgs): Promise<Page<Accident>> {
    if (creditCode && !isValidCreditCode(creditCode)) throw SupervisionError.invalid(['enterprise'], 'Not a valid credit code');
    if (viewer.role === Role.PARTNER) throw AccessError.forbidden('Partner departments do not read accidents');
    const enterprise = enterpriseWhere(viewer, creditCode);
    return paginate(this.em, Accident, enterprise ? { enterprise } : {}, page);
  }

  async recordComplaint(viewer: Viewer, input: RecordComplaintInput): Promise<Complaint> {
    assertRegulator(viewer);
    const enterprise = await this.enterpriseByCode(input.enterprise, inputField('enterprise'));
    assertInArea(viewer, enterprise, inputField('enterprise'));
    const complaint = this.em.create(Complaint, {
      enterprise,
      channel: requiredText(input.channel, inputField('channel'), 100),
      content: requiredText(input.content, inputField('content'), 2000),
      receivedAt: input.receivedAt,
      status: ComplaintStatus.OPEN,
      recordedBy: describeViewer(viewer),
    });
    await this.em.persistAndFlush(complaint);
    return complaint;
  }

  /** Complaints name who complained about what: regulators only. */
  async complaints(viewer: Viewer, creditCode: string | null | undefined, page: PageArgs): Promise<Page<Complaint>> {
    assertRegulator(viewer);
    if (creditCode && !isValidCreditCode(creditCode)) throw SupervisionError.invalid(['enterprise'], 'Not a valid credit code');
    const enterprise = enterpriseWhere(viewer, creditCode);
    return paginate(this.em, Complaint, enterprise ? { enterprise } : {}, page);
  }

  // ── risk grades, group self-supervision, proposals ────────────────────

  async riskGradeHistory(viewer: Viewer, creditCode: string, page: PageArgs, newestFirst = false): Promise<Page<RiskGradeChange>> {
    if (!isValidCreditCode(creditCode)) throw SupervisionError.invalid(['enterprise'], 'Not a valid credit code');
    if (viewer.role === Role.PARTNER) throw AccessError.forbidden('Partner departments do not read risk grades');
    assertCanReadEnterprise(viewer, creditCode);
    await assertNamedInArea(this.em, viewer, creditCode, ['enterprise']);
    return paginate(this.em, RiskGradeChange, { enterprise: { creditCode } }, page, { descending: newestFirst });
  }

  async acceptGroupSelfSupervision(viewer: Viewer, groupCode: string): Promise<GroupSelfSupervision> {
    assertRegulator(viewer);
    const group = await this.enterpriseByCode(groupCode, ['group']);
    assertJurisdiction(viewer, group, { field: ['group'] });
    const existing = await this.em.findOne(GroupSelfSupervision, { group });
    if (existing) {
      existing.revokedAt = null;
      existing.since = this.clock.now();
      existing.acceptedBy = describeViewer(viewer);
      await this.em.flush();
      return existing;
    }
    const row = this.em.create(GroupSelfSupervision, { group, since: this.clock.now(), acceptedBy: describeViewer(viewer) });
    await this.em.persistAndFlush(row);
    return row;
  }

  async revokeGroupSelfSupervision(viewer: Viewer, groupCode: string): Promise<GroupSelfSupervision> {
    assertRegulator(viewer);
    const group = await this.enterpriseByCode(groupCode, ['group']);
    assertJurisdiction(viewer, group, { field: ['group'] });
    const existing = await this.em.findOne(GroupSelfSupervision, { group });
    if (!existing) throw SupervisionError.invalid(['group'], `Group ${groupCode} has no self-supervision arrangement`);
    existing.revokedAt = this.clock.now();
    await this.em.flush();
    return existing;
  }

  async proposals(viewer: Viewer, status: ProposalStatus | null | undefined, page: PageArgs): Promise<Page<SupervisionProposal>> {
    assertRegulator(viewer);
    const enterprise = enterpriseWhere(viewer);
    return paginate(this.em, SupervisionProposal, { ...(status ? { status } : {}), ...(enterprise ? { enterprise } : {}) }, page, { populate: ['inspection'] });
  }

  // ── publication ───────────────────────────────────────────────────────

  /** Public: a month's inspection targets as published (null before the monthly publication). */
  async publishedInspectionTargets(month: string): Promise<PublishedInspectionTargets | null> {
    if (!isMonth(month)) throw SupervisionError.invalidMonth(month);
    const publication = await this.em.findOne(Publication, { kind: PublicationKind.MONTHLY_TARGETS, period: month });
    if (!publication) return null;
    return { month, publishedAt: publication.publishedAt, targets: publication.content as PublishedTarget[] };
  }

  // ── major hazards ─────────────────────────────────────────────────────

  /** S of one warehouse from live stock: regulators, FIRE_RESCUE (mandate checked at the edge), the enterprise itself. */
  async majorHazardStatus(viewer: Viewer, creditCode: string, warehouseCode: string, load: HazardLoader): Promise<MajorHazardStatus> {
    if (!isValidCreditCode(creditCode)) throw SupervisionError.invalid(['enterprise'], 'Not a valid credit code');
    assertCanReadEnterprise(viewer, creditCode);
    await assertNamedInArea(this.em, viewer, creditCode, ['enterprise']);
    const warehouse = await this.em.findOne(Warehouse, { enterprise: { creditCode }, code: warehouseCode });
    if (!warehouse) throw SupervisionError.warehouseNotFound(`${creditCode}/${warehouseCode}`);
    return toMajorHazardStatus(await load.load(warehouse.id), this.clock.now());
  }

  /** The same for a warehouse already loaded (the Warehouse.majorHazard field). */
  async warehouseMajorHazard(viewer: Viewer, warehouse: Warehouse, enterpriseOf: (id: string) => Promise<Enterprise | undefined>, load: HazardLoader): Promise<MajorHazardStatus> {
    const enterprise = await enterpriseOf(warehouse.enterprise.id);
    assertCanReadEnterpriseRow(viewer, enterprise!);
    return toMajorHazardStatus(await load.load(warehouse.id), this.clock.now());
  }

  // ── helpers ───────────────────────────────────────────────────────────

  private async enterpriseByCode(creditCode: string, field: FieldPath): Promise<Enterprise> {
    if (!isValidCreditCode(creditCode)) throw SupervisionError.invalid(field, `"${creditCode}" is not a valid credit code`);
    const enterprise = await this.em.findOne(Enterprise, { creditCode });
    if (!enterprise) throw SupervisionError.enterpriseNotFound(creditCode, field);
    return enterprise;
  }

  /** Regulators write the enterprises whose register they keep; an enterprise token only its own. */
  private async writableEnterprise(viewer: Viewer, creditCode: string, field: FieldPath = inputField('enterprise')): Promise<Enterprise> {
    if (viewer.role === null) throw AccessError.unauthenticated();
    const own = viewer.role === Role.ENTERPRISE && viewer.enterprise === creditCode;
    if (!isRegulator(viewer) && !own) throw AccessError.forbidden(`This token may not write enterprise ${creditCode}`, field);
    const enterprise = await this.enterpriseByCode(creditCode, field);
    assertKeepsRegister(viewer, enterprise, { level: field, town: field });
    return enterprise;
  }
}
