/**
 * Where a workload's CPU went, read from /proc before and after it: the server process, every PostgreSQL
 * process (backends, WAL writer, checkpointer: a commit's flush is the WAL writer's or the backend's), the
 * bench's own process (its clients), and the machine as a whole. Per call, so workloads compare directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import { cpuSeconds } from './resource-probe';

const TICKS_PER_SECOND = 100;

export interface CpuReading {
  server: number;
  postgres: number;
  bench: number;
  /** Busy and total seconds of every core (/proc/stat). */
  busy: number;
  total: number;
}

/** CPU seconds of every process named postgres, and of its children gone (a closed connection's backend, an autovacuum worker). */
function postgresSeconds(): number {
  let seconds = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1].split(' ');
      seconds += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
    } catch {
      // gone between the listing and the read
    }
  }
  return seconds;
}

function machineSeconds(): { busy: number; total: number } {
  const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const ticks = cpu.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3] + ticks[4];
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

export function readCpu(serverPid: number): CpuReading {
  const self = process.cpuUsage();
  return { server: cpuSeconds(serverPid), postgres: postgresSeconds(), bench: (self.user + self.system) / 1e6, ...machineSeconds() };
}

/** What happened between two readings, added into `into`. */
export function addCpu(into: CpuReading, before: CpuReading, after: CpuReading): void {
  for (const k of Object.keys(into) as (keyof CpuReading)[]) into[k] += after[k] - before[k];
}

export const noCpu = (): CpuReading => ({ server: 0, postgres: 0, bench: 0, busy: 0, total: 0 });

/**
 * "1,534 µs a call (server 906, PostgreSQL 510, bench 96), 75 % of 2 cores busy: at most 1,304/s": the machine's
 * busy CPU a call, each process's part, and the rate at which that cost would take every core.
 */
export function describeCpu(cpu: CpuReading, calls: number, unit = 'a call'): string {
  const us = (s: number) => Math.round((s * 1e6) / Math.max(1, calls)).toLocaleString('en-US');
  const cores = os.cpus().length;
  const ceiling = cpu.busy ? Math.round((cores * calls) / cpu.busy).toLocaleString('en-US') : '–';
  const busy = cpu.total ? Math.round((100 * cpu.busy) / cpu.total) : 0;
  return `${us(cpu.busy)} µs ${unit} (server ${us(cpu.server)}, PostgreSQL ${us(cpu.postgres)}, bench ${us(cpu.bench)}), ${busy} % of ${cores} cores busy: at most ${ceiling}/s`;
}
