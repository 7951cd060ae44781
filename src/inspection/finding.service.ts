import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { assertRegulator } from '../access/policy';
import { isRegulator, Role, Viewer } from '../access/viewer';
import { Clock } from '../shared/clock';
import { AccessError, inputField } from '../shared/domain-error';
import { shanghaiDate } from '../shared/shanghai-calendar';
import { optionalText, requiredText } from '../shared/text-input';
import { ChecklistItem } from './checklist-item.entity';
import { Finding } from './finding.entity';
import { Inspection } from './inspection.entity';
import { FindingStatus, InspectionStatus } from './inspection.enums';
import { InspectionError } from './inspection.errors';
import { RecheckFindingInput, RecordFindingInput, RecordRectificationInput } from './inspection.inputs';
import { assertInspectionJurisdiction, checkDate, checkId, inspectionForPart, inspectionForWrite, requireStatus } from './inspection-rules';

/** Findings (隐患), their rectification and the re-check (复查). */
export class FindingService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return shanghaiDate(this.clock.now());
  }

  async recordFinding(viewer: Viewer, input: RecordFindingInput): Promise<Finding> {
    const deadline = checkDate(input.rectificationDeadline, inputField('rectificationDeadline'));
    if (deadline < this.today()) throw InspectionError.invalid(inputField('rectificationDeadline'), `${deadline} is in the past`);
    return this.em.transactional(async (em) => {
      const { inspection, department } = await inspectionForPart(em, viewer, input.inspectionId, inputField('inspectionId'));
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS], 'recording a finding', inputField('inspectionId'));
      let checklistItem: ChecklistItem | null = null;
      if (input.checklistItemId) {
        const field = inputField('checklistItemId');
        checklistItem = await em.findOne(ChecklistItem, { id: checkId(input.checklistItemId, field), inspection });
        if (!checklistItem) throw InspectionError.checklistItemNotFound(input.checklistItemId, field);
        if (department && checklistItem.department !== department) throw InspectionError.forbidden(`Checklist item ${checklistItem.id} is not department ${department}'s part`, field);
      }
      return em.create(Finding, {
        inspection,
        checklistItem,
        description: requiredText(input.description, inputField('description'), 2000),
        severity: input.severity,
        rectificationDeadline: deadline,
        originalDeadline: deadline,
        recordedBy: viewer.subject!,
        department,
        createdAt: this.clock.now(),
      } as never);
    });
  }

  /** OPEN → RECTIFIED: reported by a regulator or by the inspected enterprise itself; the re-check follows. */
  async recordRectification(viewer: Viewer, input: RecordRectificationInput): Promise<Finding> {
    const field = inputField('findingId');
    if (viewer.role === null) throw AccessError.unauthenticated();
    if (!isRegulator(viewer) && viewer.role !== Role.ENTERPRISE) throw AccessError.forbidden('Only a regulator or the enterprise itself reports a rectification');
    checkId(input.findingId, field);
    const now = this.clock.now();
    const rectifiedAt = input.rectifiedAt ?? now;
    if (!(rectifiedAt instanceof Date) || Number.isNaN(rectifiedAt.getTime()) || rectifiedAt > now) {
      throw InspectionError.invalid(inputField('rectifiedAt'), 'rectifiedAt must not be in the future');
    }
    return this.em.transactional(async (em) => {
      const finding = await em.findOne(Finding, { id: input.findingId });
      if (!finding) throw InspectionError.findingNotFound(input.findingId, field);
      const inspection = await em.findOneOrFail(Inspection, { id: finding.inspection.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await em.populate(inspection, ['enterprise']);
      if (viewer.role === Role.ENTERPRISE && viewer.enterprise !== inspection.enterprise.creditCode) {
        throw InspectionError.forbidden(`This token may not report on finding ${finding.id}`, field);
      }
      if (viewer.role !== Role.ENTERPRISE) await assertInspectionJurisdiction(em, viewer, inspection, field);
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 'reporting a rectification', field);
      if (finding.status !== FindingStatus.OPEN) throw InspectionError.invalidTransition(`Finding ${finding.id}`, finding.status, FindingStatus.RECTIFIED, field);
      if (rectifiedAt < finding.createdAt) throw InspectionError.invalid(inputField('rectifiedAt'), 'rectifiedAt is before the finding was recorded');
      finding.status = FindingStatus.RECTIFIED;
      finding.rectifiedAt = rectifiedAt;
      return finding;
    });
  }

  /** 复查: RECTIFIED → VERIFIED, or back to OPEN with a new deadline. */
  async recheckFinding(viewer: Viewer, input: RecheckFindingInput): Promise<Finding> {
    assertRegulator(viewer);
    const field = inputField('findingId');
    checkId(input.findingId, field);
    let newDeadline: string | null = null;
    if (!input.rectified) {
      if (!input.newDeadline) throw InspectionError.invalid(inputField('newDeadline'), 'A failed re-check sets a new rectification deadline');
      newDeadline = checkDate(input.newDeadline, inputField('newDeadline'));
      if (newDeadline < this.today()) throw InspectionError.invalid(inputField('newDeadline'), `${newDeadline} is in the past`);
    }
    return this.em.transactional(async (em) => {
      const finding = await em.findOne(Finding, { id: input.findingId });
      if (!finding) throw InspectionError.findingNotFound(input.findingId, field);
      const inspection = await inspectionForWrite(em, viewer, finding.inspection.id, field);
      requireStatus(inspection, [InspectionStatus.IN_PROGRESS, InspectionStatus.COMPLETED], 're-checking a finding', field);
      const to = input.rectified ? FindingStatus.VERIFIED : FindingStatus.OPEN;
      if (finding.status !== FindingStatus.RECTIFIED) throw InspectionError.invalidTransition(`Finding ${finding.id}`, finding.status, to, field);
      const now = this.clock.now();
      finding.status = to;
      finding.recheckedAt = now;
      finding.recheckNote = optionalText(input.note, inputField('note'), 2000);
      if (input.rectified) {
        finding.verifiedAt = now;
      } else {
        finding.failedRechecks += 1;
        finding.rectificationDeadline = newDeadline!;
      }
      return finding;
    });
  }

}
