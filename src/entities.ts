import { LedgerChain } from './ledger/ledger-chain.entity';
import { LedgerEntry } from './ledger/ledger-entry.entity';
import { LedgerRequest } from './ledger/ledger-request.entity';
import { LogCheckpoint } from './ledger/log-checkpoint.entity';
import { LogCosignature } from './ledger/log-cosignature.entity';
import { LogLeaf } from './ledger/log-leaf.entity';
import { LogTile } from './ledger/log-tile.entity';
import { LogWitness } from './ledger/log-witness.entity';
import { ProductionInput } from './ledger/production-input.entity';
import { Shipment } from './ledger/shipment.entity';
import { StockBalance } from './ledger/stock-balance.entity';
import { WarehouseStock } from './ledger/warehouse-stock.entity';
import { AuditRecord } from './access/audit-record.entity';
import { DepartmentEvent } from './access/department-event.entity';
import { PartnerDepartment } from './access/partner-department.entity';
import { RegulatorRead } from './access/regulator-read.entity';
import { AccountEvent } from './accounts/account-event.entity';
import { ApiKey } from './accounts/api-key.entity';
import { RefreshToken } from './accounts/refresh-token.entity';
import { SignIn } from './accounts/sign-in.entity';
import { User } from './accounts/user.entity';
import { Alert } from './licensing/alert.entity';
import { CalendarDay } from './licensing/calendar-day.entity';
import { LicenceEvent } from './licensing/licence-event.entity';
import { LicenceScopeItem } from './licensing/licence-scope-item.entity';
import { Licence } from './licensing/licence.entity';
import { ChecklistItem } from './inspection/checklist-item.entity';
import { EnforcementPlan } from './inspection/enforcement-plan.entity';
import { Finding } from './inspection/finding.entity';
import { InspectionEvaluation } from './inspection/inspection-evaluation.entity';
import { Inspection } from './inspection/inspection.entity';
import { PenaltyDecision } from './inspection/penalty-decision.entity';
import { RandomDraw } from './inspection/random-draw.entity';
import { CreditRepair } from './inspection/credit-repair.entity';
import { InsurancePolicy, ItemCheck } from './inspection/self-check.entity';
import { TypicalCase } from './inspection/typical-case.entity';
import { ComplianceGuide, ComplianceGuideItem } from './inspection/compliance-guide.entity';
import { AssistanceRequest } from './inspection/assistance-request.entity';
import { DepartmentTask } from './inspection/department-task.entity';
import { ChecklistTemplate } from './inspection/checklist-template.entity';
import { ThirdPartyAdvice, ThirdPartyOrganisation } from './inspection/third-party.entity';
import { DiscretionBenchmark, PenaltyNotice } from './inspection/penalty-notice.entity';
import { Batch } from './registry/batch.entity';
import { Chemical } from './registry/chemical.entity';
import { Enterprise } from './registry/enterprise.entity';
import { Product } from './registry/product.entity';
import { Warehouse } from './registry/warehouse.entity';
import { Accident } from './supervision/accident.entity';
import { Complaint } from './supervision/complaint.entity';
import { IntakeSignal } from './supervision/intake-signal.entity';
import { GroupSelfSupervision } from './supervision/group-self-supervision.entity';
import { JobRun } from './supervision/job-run.entity';
import { MajorHazardFlag } from './supervision/major-hazard-flag.entity';
import { Notification } from './supervision/notification.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { WebhookSubscription } from './webhooks/webhook-subscription.entity';
import { Publication } from './supervision/publication.entity';
import { RiskGradeChange } from './supervision/risk-grade.entity';
import { SpecialOperationCertificate } from './supervision/special-operation-certificate.entity';
import { SupervisionProposal } from './supervision/supervision-proposal.entity';

/** Every entity of every domain: the ORM discovers exactly these. */
export const entities = [Enterprise, Chemical, Product, Warehouse, Batch, LedgerEntry, LedgerChain, LedgerRequest, StockBalance, WarehouseStock, Shipment, ProductionInput, LogLeaf, LogTile, LogCheckpoint, LogWitness, LogCosignature,
  // licensing, access
  Licence,
  LicenceEvent,
  LicenceScopeItem,
  Alert,
  CalendarDay,
  AuditRecord,
  RegulatorRead,
  PartnerDepartment,
  DepartmentEvent,
  // accounts
  User,
  SignIn,
  RefreshToken,
  AccountEvent,
  ApiKey,
  // inspection
  EnforcementPlan,
  Inspection,
  ChecklistItem,
  Finding,
  PenaltyDecision,
  InspectionEvaluation,
  RandomDraw,
  DiscretionBenchmark,
  PenaltyNotice,
  CreditRepair,
  InsurancePolicy,
  ItemCheck,
  TypicalCase,
  ComplianceGuide,
  ComplianceGuideItem,
  AssistanceRequest,
  DepartmentTask,
  ChecklistTemplate,
  ThirdPartyOrganisation,
  ThirdPartyAdvice,
  // supervision
  JobRun,
  Notification,
  WebhookSubscription,
  WebhookDelivery,
  SpecialOperationCertificate,
  Accident,
  Complaint,
  IntakeSignal,
  RiskGradeChange,
  GroupSelfSupervision,
  SupervisionProposal,
  MajorHazardFlag,
  Publication,
];
