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
import { Migration20261205161616_feed_commit_order as M25 } from './Migration20261205161616_feed_commit_order';
import { Migration20261205164047_plan_town as M26 } from './Migration20261205164047_plan_town';
import { Migration20261205164512_regulator_reads as M27 } from './Migration20261205164512_regulator_reads';
import { Migration20261205165519_balance_page_index as M28 } from './Migration20261205165519_balance_page_index';
import { Migration20261205172115_webhooks as M29 } from './Migration20261205172115_webhooks';
import { Migration20261205210000_log_tile_interior as M30 } from './Migration20261205210000_log_tile_interior';
import { Migration20261205214958_webhook_secret_rotation as M31 } from './Migration20261205214958_webhook_secret_rotation';
import { Migration20261205220349_departments as M32 } from './Migration20261205220349_departments';
import { Migration20261206022338_department_reactivated as M33 } from './Migration20261206022338_department_reactivated';
import { Migration20261206022419_audit_escaped as M34 } from './Migration20261206022419_audit_escaped';
import { Migration20261206024550_typical_case_review as M35 } from './Migration20261206024550_typical_case_review';
import { Migration20261206032239_compliance_guides as M36 } from './Migration20261206032239_compliance_guides';
import { Migration20261206042000_shipment_codes as M37 } from './Migration20261206042000_shipment_codes';

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
  { name: 'Migration20261205161616_feed_commit_order', class: M25 },
  { name: 'Migration20261205164047_plan_town', class: M26 },
  { name: 'Migration20261205164512_regulator_reads', class: M27 },
  { name: 'Migration20261205165519_balance_page_index', class: M28 },
  { name: 'Migration20261205172115_webhooks', class: M29 },
  { name: 'Migration20261205210000_log_tile_interior', class: M30 },
  { name: 'Migration20261205214958_webhook_secret_rotation', class: M31 },
  { name: 'Migration20261205220349_departments', class: M32 },
  { name: 'Migration20261206022338_department_reactivated', class: M33 },
  { name: 'Migration20261206022419_audit_escaped', class: M34 },
  { name: 'Migration20261206024550_typical_case_review', class: M35 },
  { name: 'Migration20261206032239_compliance_guides', class: M36 },
  { name: 'Migration20261206042000_shipment_codes', class: M37 },
];
