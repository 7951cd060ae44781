// Written by `npm run migration:create`: every migration, in order.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126130151_schema as M0 } from './Migration20261126130151_schema';
import { Migration20261126130152_catalogue as M1 } from './Migration20261126130152_catalogue';
import { Migration20261126130153_append_only as M2 } from './Migration20261126130153_append_only';
import { Migration20261126141059_trace_function as M3 } from './Migration20261126141059_trace_function';
import { Migration20261126141137_registry_kept as M4 } from './Migration20261126141137_registry_kept';
import { Migration20261126153747_canonical_agrees as M5 } from './Migration20261126153747_canonical_agrees';
import { Migration20261205103521_random_draw as M6 } from './Migration20261205103521_random_draw';
import { Migration20261205105029_penalty_procedure as M7 } from './Migration20261205105029_penalty_procedure';
import { Migration20261205105351_credit_repair as M8 } from './Migration20261205105351_credit_repair';
import { Migration20261205105555_joint_partner_parts as M9 } from './Migration20261205105555_joint_partner_parts';
import { Migration20261205105756_third_parties as M10 } from './Migration20261205105756_third_parties';
import { Migration20261205110106_intake_signals as M11 } from './Migration20261205110106_intake_signals';
import { Migration20261205110536_item_library_on_site_plan as M12 } from './Migration20261205110536_item_library_on_site_plan';
import { Migration20261205110952_assistance_requests as M13 } from './Migration20261205110952_assistance_requests';
import { Migration20261205111131_typical_cases as M14 } from './Migration20261205111131_typical_cases';
import { Migration20261205111603_self_checks_insurance as M15 } from './Migration20261205111603_self_checks_insurance';
import { Migration20261205112943_transparency_log as M16 } from './Migration20261205112943_transparency_log';
import { Migration20261205112952_log_append_only as M17 } from './Migration20261205112952_log_append_only';
import { Migration20261205124000_batches as M18 } from './Migration20261205124000_batches';
import { Migration20261205124331_department_tasks as M19 } from './Migration20261205124331_department_tasks';
import { Migration20261205125013_log_witnesses as M20 } from './Migration20261205125013_log_witnesses';
import { Migration20261205125748_accounts as M21 } from './Migration20261205125748_accounts';
import { Migration20261205131114_shipment_scans as M22 } from './Migration20261205131114_shipment_scans';
import { Migration20261205134315_api_keys as M23 } from './Migration20261205134315_api_keys';
import { Migration20261205135128_traceability_alerts as M24 } from './Migration20261205135128_traceability_alerts';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126130151_schema', class: M0 },
  { name: 'Migration20261126130152_catalogue', class: M1 },
  { name: 'Migration20261126130153_append_only', class: M2 },
  { name: 'Migration20261126141059_trace_function', class: M3 },
  { name: 'Migration20261126141137_registry_kept', class: M4 },
  { name: 'Migration20261126153747_canonical_agrees', class: M5 },
  { name: 'Migration20261205103521_random_draw', class: M6 },
  { name: 'Migration20261205105029_penalty_procedure', class: M7 },
  { name: 'Migration20261205105351_credit_repair', class: M8 },
  { name: 'Migration20261205105555_joint_partner_parts', class: M9 },
  { name: 'Migration20261205105756_third_parties', class: M10 },
  { name: 'Migration20261205110106_intake_signals', class: M11 },
  { name: 'Migration20261205110536_item_library_on_site_plan', class: M12 },
  { name: 'Migration20261205110952_assistance_requests', class: M13 },
  { name: 'Migration20261205111131_typical_cases', class: M14 },
  { name: 'Migration20261205111603_self_checks_insurance', class: M15 },
  { name: 'Migration20261205112943_transparency_log', class: M16 },
  { name: 'Migration20261205112952_log_append_only', class: M17 },
  { name: 'Migration20261205124000_batches', class: M18 },
  { name: 'Migration20261205124331_department_tasks', class: M19 },
  { name: 'Migration20261205125013_log_witnesses', class: M20 },
  { name: 'Migration20261205125748_accounts', class: M21 },
  { name: 'Migration20261205131114_shipment_scans', class: M22 },
  { name: 'Migration20261205134315_api_keys', class: M23 },
  { name: 'Migration20261205135128_traceability_alerts', class: M24 },
];
