import { Migration } from '@mikro-orm/migrations';

export class Migration20261126113518_supervision_job_slot extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "job_run" add constraint "job_run_slot_unique" unique ("job", "scheduled_for");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "job_run" drop constraint "job_run_slot_unique";`);
  }

}
