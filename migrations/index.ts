// Written by `npm run migration:create`: every migration, in order.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126112357_registry as M0 } from './Migration20261126112357_registry';
import { Migration20261126112400_catalogue as M1 } from './Migration20261126112400_catalogue';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126112357_registry', class: M0 },
  { name: 'Migration20261126112400_catalogue', class: M1 },
];
