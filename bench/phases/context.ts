/** What every phase of a bench run shares: the run's options, its database, server, callers and the result table. */
import os from 'node:os';
import { Client } from 'pg';
import { GraphQLClient } from '../client';
import { Options } from '../options';
import { BenchServer } from '../server';
import { BenchEnterprise } from '../setup';
import { Row } from '../stats';

export interface Bench {
  options: Options;
  databaseUrl: string;
  sql: Client;
  server: BenchServer;
  api: GraphQLClient;
  jwtSecret: string;
  enterprises: BenchEnterprise[];
  /** An enterprise token per enterprise code. */
  tokens: Map<string, string>;
  regulator: string;
  /** The printed table, in the order the phases add to it. */
  rows: Row[];
  /** What --out writes. */
  results: Record<string, unknown>;
}

export const machineLoad = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
export const log = (message: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
/** A phase's progress lines, each with the machine's load. */
export const logWithLoad = (message: string): void => log(`  ${message} (load ${machineLoad()})`);
