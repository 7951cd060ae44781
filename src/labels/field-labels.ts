import { ACCESS_FIELDS } from './access-field-labels';
import { INSPECTION_FIELDS } from './inspection-field-labels';
import { LEDGER_FIELDS } from './ledger-field-labels';
import { LICENSING_FIELDS } from './licensing-field-labels';
import { REGISTRY_FIELDS } from './registry-field-labels';
import { SUPERVISION_FIELDS } from './supervision-field-labels';

/**
 * The Chinese column header of every field a list shows: exports and the
 * console say the same words. A field's label is its type's own entry, else
 * the common one for its name. A test holds the table to the schema: every
 * scalar field of every connection's node type, and of the objects those
 * nodes hold, has a label, so a new field cannot ship without one.
 */
const COMMON: Readonly<Record<string, string>> = {
  id: '编号',
  code: '编码',
  name: '名称',
  status: '状态',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  recordedAt: '登记时间',
  recordedBy: '登记人',
  occurredAt: '发生时间',
  description: '描述',
  address: '地址',
  severity: '严重程度',
  message: '说明',
  detail: '详情',
  reason: '原因',
  kind: '类别',
  type: '类型',
  year: '年度',
  month: '月份',
  department: '部门',
  departments: '参与部门',
  batch: '批号',
  productCode: '产品追溯码',
  quantity: '数量',
  unit: '单位',
  url: '链接',
  number: '编号',
  holder: '持有人',
  title: '标题',
  dedupeKey: '去重键',
  requestId: '请求编号',
  creditCode: '统一社会信用代码',
  enforcementLevel: '执法层级',
  level: '层级',
  trigger: '触发原因',
  publishedAt: '公开时间',
  approvedAt: '批准时间',
  startedAt: '开始时间',
  finishedAt: '结束时间',
  error: '错误',
  registeredAt: '登记时间',
  registeredBy: '登记人',
  grade: '风险等级',
  score: '风险分值',
  town: '属地乡镇',
  industry: '行业',
  enterprise: '企业',
  product: '产品',
  chemical: '化学品',
  warehouse: '仓库',
  counterparty: '交易对方',
  plan: '执法计划',
  inspection: '检查',
  licence: '许可证',
  penalty: '处罚决定',
  evaluation: '评价',
  parent: '上级企业',
  note: '备注',
  entry: '台账记录',
  result: '结果',
  outcome: '结果',
  keyUnit: '重点监管单位',
  treatment: '监管措施',
  groupExempt: '集团豁免',
  inspectionId: '检查编号',
  scheduledDate: '计划检查日期',
  // Audit rows (AuditRecord, RegulatorRead) of a request whose text had to be escaped to be stored.
  escaped: '文本已转义',
};

/** Each domain's own labels, by type. */
const BY_TYPE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ...ACCESS_FIELDS,
  ...INSPECTION_FIELDS,
  ...LEDGER_FIELDS,
  ...LICENSING_FIELDS,
  ...REGISTRY_FIELDS,
  ...SUPERVISION_FIELDS,
};

/** The Chinese header of `type.field`, or null when the table has none. */
export function fieldLabel(type: string, field: string): string | null {
  return BY_TYPE[type]?.[field] ?? COMMON[field] ?? null;
}
