import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { JobRunStatus, JobTrigger } from './supervision.enums';

@ObjectType({ description: 'A named count of a job run, e.g. sent = 12' })
export class JobCount {
  @Field()
  name!: string;

  @Field(() => Int)
  value!: number;
}

/**
 * One run of a scheduled job. A CRON run carries the cron slot it ran for;
 * (job, scheduledFor) is unique, so a slot runs once across every process.
 */
@ObjectType({ description: 'One run of a supervision job: when, how it ended, what it counted' })
@Entity({ tableName: 'job_run' })
@Index({ properties: ['job', 'id'] })
@Unique({ name: 'job_run_slot_unique', properties: ['job', 'scheduledFor'] })
export class JobRun {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: 'The job name, e.g. "expiry-reminders"' })
  @Property({ type: 'string', length: 64 })
  job!: string;

  @Field(() => JobTrigger)
  @Enum({ items: () => JobTrigger, nativeEnumName: 'job_trigger' })
  trigger!: JobTrigger;

  @Field(() => JobRunStatus)
  @Enum({ items: () => JobRunStatus, nativeEnumName: 'job_run_status' })
  status!: JobRunStatus;

  @Field(() => Date, { nullable: true, description: 'The cron slot a CRON run ran for' })
  @Property({ type: 'datetime', nullable: true })
  scheduledFor?: Date | null;

  @Field(() => String, { nullable: true, description: 'The regulator who started a MANUAL run' })
  @Property({ type: 'text', nullable: true })
  requestedBy?: string | null;

  @Field({ description: 'host:pid of the process that ran it' })
  @Property({ type: 'text' })
  instance!: string;

  @Field()
  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'jsonb', default: '{}' })
  counts: Record<string, number> = {};

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  progressDone?: number | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  progressTotal?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the run failed, or the first per-item failures' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;
}
