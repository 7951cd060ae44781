// Written by `npm run migration:create`: every migration, in order.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126112357_registry as M0 } from './Migration20261126112357_registry';
import { Migration20261126112400_catalogue as M1 } from './Migration20261126112400_catalogue';
import { Migration20261126113448_ledger as M2 } from './Migration20261126113448_ledger';
import { Migration20261126113454_ledger_immutable as M3 } from './Migration20261126113454_ledger_immutable';
import { Migration20261126113512_supervision as M4 } from './Migration20261126113512_supervision';
import { Migration20261126113518_supervision_job_slot as M5 } from './Migration20261126113518_supervision_job_slot';
import { Migration20261126113553_licensing as M6 } from './Migration20261126113553_licensing';
import { Migration20261126113601_licensing_append_only as M7 } from './Migration20261126113601_licensing_append_only';
import { Migration20261126113614_ledger_in_transit as M8 } from './Migration20261126113614_ledger_in_transit';
import { Migration20261126114235_supervision_jobs as M9 } from './Migration20261126114235_supervision_jobs';
import { Migration20261126115453_alert_chain_broken as M10 } from './Migration20261126115453_alert_chain_broken';
import { Migration20261126115714_plan_drafting as M11 } from './Migration20261126115714_plan_drafting';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126112357_registry', class: M0 },
  { name: 'Migration20261126112400_catalogue', class: M1 },
  { name: 'Migration20261126113448_ledger', class: M2 },
  { name: 'Migration20261126113454_ledger_immutable', class: M3 },
  { name: 'Migration20261126113512_supervision', class: M4 },
  { name: 'Migration20261126113518_supervision_job_slot', class: M5 },
  { name: 'Migration20261126113553_licensing', class: M6 },
  { name: 'Migration20261126113601_licensing_append_only', class: M7 },
  { name: 'Migration20261126113614_ledger_in_transit', class: M8 },
  { name: 'Migration20261126114235_supervision_jobs', class: M9 },
  { name: 'Migration20261126115453_alert_chain_broken', class: M10 },
  { name: 'Migration20261126115714_plan_drafting', class: M11 },
];
