import crypto from 'node:crypto';
import { Role } from '../../src/access/viewer';
import type { ConsoleServer } from './browser';
import { creditCode } from './fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

/**
 * Seeds the browser tests' data the way a client would: GraphQL over HTTP
 * to the running server, with tokens it signed. A GraphQL error fails the seed.
 */
export async function callApi<T = any>(app: ConsoleServer, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${app.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new Error(`seed: ${body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
  return body.data as T;
}

export interface SeededEnterprise {
  code: string;
  name: string;
  /** Its chlorine product's traceability code (KG). */
  product: string;
  token: string;
}

const REGISTER = `mutation($e: RegisterEnterpriseInput!, $w1: RegisterWarehouseInput!, $w2: RegisterWarehouseInput!, $p: RegisterProductInput!) {
  registerEnterprise(input: $e) { creditCode }
  w1: registerWarehouse(input: $w1) { code }
  w2: registerWarehouse(input: $w2) { code }
  registerProduct(input: $p) { traceCode }
}`;

/** An enterprise with warehouses W1 and W2 and a chlorine product in KG, registered by a regulator. */
export async function seedEnterprise(app: ConsoleServer, n: number, name: string, town = '高桥镇'): Promise<SeededEnterprise> {
  const code = creditCode(n);
  const warehouse = (w: string) => ({ enterprise: code, code: w, name: `${w} 号库`, address: `上海市浦东新区港城路${n}号`, storageType: 'WAREHOUSE', capacityTonnes: '500.000' });
  const data = await callApi(app, await app.token({ role: Role.REGULATOR, level: EnforcementLevel.DISTRICT }), REGISTER, {
    e: { creditCode: code, name, address: `上海市浦东新区港城路${n}号`, town, enforcementLevel: 'DISTRICT', industry: 'HAZCHEM_TRADE' },
    w1: warehouse('W1'),
    w2: warehouse('W2'),
    p: { enterprise: code, chemicalSerial: 1381, tradeName: `${name} 液氯`, specification: '≥99.5%', packaging: '钢瓶 1 t', unit: 'KG' },
  });
  return { code, name, product: data.registerProduct.traceCode, token: await app.token({ role: Role.ENTERPRISE, enterprise: code, subject: `user-${n}` }) };
}

export interface Movement {
  direction: 'IN' | 'OUT';
  reason: string;
  product: string;
  batch: string;
  quantity: string;
  warehouse?: string;
  counterparty?: string;
  transportDoc?: string;
  sourceHash?: string;
  inputs?: { product: string; batch: string }[];
  occurredAt?: string;
}

/** Records movements on the enterprise's own chain; returns the entries' hashes in order. */
export async function seedMovements(app: ConsoleServer, enterprise: SeededEnterprise, movements: Movement[]): Promise<string[]> {
  const occurredAt = new Date(Date.now() - 3600_000).toISOString();
  const data = await callApi(app, enterprise.token, `mutation($i: RecordMovementsInput!) { recordMovements(input: $i) { entries { hash } } }`, {
    i: { requestId: crypto.randomUUID(), entries: movements.map((m) => ({ warehouse: 'W1', unit: 'KG', occurredAt, ...m })) },
  });
  return data.recordMovements.entries.map((e: { hash: string }) => e.hash);
}
