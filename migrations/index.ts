// Written by `npm run migration:create`: every migration, in order. Each module is required when the
// migrator runs, not by a start that finds none pending (src/db/migration-state.ts reads the names only).
import type { MigrationObject } from '@mikro-orm/core';

const migration = (name: string, exported: string): MigrationObject => ({
  name,
  get class() {
    return require(`./${name}`)[exported];
  },
});

export const migrationsList: MigrationObject[] = [
  migration('Migration20261126130151_schema', 'Migration20261126130151_schema'),
  migration('Migration20261126130152_catalogue', 'Migration20261126130152_catalogue'),
  migration('Migration20261126130153_append_only', 'Migration20261126130153_append_only'),
  migration('Migration20261126141059_trace_function', 'Migration20261126141059_trace_function'),
  migration('Migration20261126141137_registry_kept', 'Migration20261126141137_registry_kept'),
  migration('Migration20261126153747_canonical_agrees', 'Migration20261126153747_canonical_agrees'),
  migration('Migration20261205103521_random_draw', 'Migration20261205103521_random_draw'),
  migration('Migration20261205105029_penalty_procedure', 'Migration20261205105029_penalty_procedure'),
  migration('Migration20261205105351_credit_repair', 'Migration20261205105351_credit_repair'),
  migration('Migration20261205105555_joint_partner_parts', 'Migration20261205105555_joint_partner_parts'),
  migration('Migration20261205105756_third_parties', 'Migration20261205105756_third_parties'),
  migration('Migration20261205110106_intake_signals', 'Migration20261205110106_intake_signals'),
  migration('Migration20261205110536_item_library_on_site_plan', 'Migration20261205110536_item_library_on_site_plan'),
  migration('Migration20261205110952_assistance_requests', 'Migration20261205110952_assistance_requests'),
  migration('Migration20261205111131_typical_cases', 'Migration20261205111131_typical_cases'),
  migration('Migration20261205111603_self_checks_insurance', 'Migration20261205111603_self_checks_insurance'),
  migration('Migration20261205112943_transparency_log', 'Migration20261205112943_transparency_log'),
  migration('Migration20261205112952_log_append_only', 'Migration20261205112952_log_append_only'),
  migration('Migration20261205124000_batches', 'Migration20261205124000_batches'),
  migration('Migration20261205124331_department_tasks', 'Migration20261205124331_department_tasks'),
  migration('Migration20261205125013_log_witnesses', 'Migration20261205125013_log_witnesses'),
  migration('Migration20261205125748_accounts', 'Migration20261205125748_accounts'),
  migration('Migration20261205131114_shipment_scans', 'Migration20261205131114_shipment_scans'),
  migration('Migration20261205134315_api_keys', 'Migration20261205134315_api_keys'),
  migration('Migration20261205135128_traceability_alerts', 'Migration20261205135128_traceability_alerts'),
  migration('Migration20261205161616_feed_commit_order', 'Migration20261205161616_feed_commit_order'),
  migration('Migration20261205164047_plan_town', 'Migration20261205164047_plan_town'),
  migration('Migration20261205164512_regulator_reads', 'Migration20261205164512_regulator_reads'),
  migration('Migration20261205165519_balance_page_index', 'Migration20261205165519_balance_page_index'),
  migration('Migration20261205172115_webhooks', 'Migration20261205172115_webhooks'),
  migration('Migration20261205210000_log_tile_interior', 'Migration20261205210000_log_tile_interior'),
  migration('Migration20261205214958_webhook_secret_rotation', 'Migration20261205214958_webhook_secret_rotation'),
  migration('Migration20261205220349_departments', 'Migration20261205220349_departments'),
  migration('Migration20261206022338_department_reactivated', 'Migration20261206022338_department_reactivated'),
  migration('Migration20261206022419_audit_escaped', 'Migration20261206022419_audit_escaped'),
  migration('Migration20261206024550_typical_case_review', 'Migration20261206024550_typical_case_review'),
  migration('Migration20261206032239_compliance_guides', 'Migration20261206032239_compliance_guides'),
  migration('Migration20261206042000_shipment_codes', 'Migration20261206042000_shipment_codes'),
  migration('Migration20261206204011_subscription_event_position', 'Migration20261206204011_subscription_event_position'),
  migration('Migration20261207124658_warehouse_stock', 'Migration20261207124658_warehouse_stock'),
];
