/** Field labels by type (see field-labels.ts). Supervision: accidents, complaints, risk grades, proposals, notifications, jobs. */
export const SUPERVISION_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Accident: { deaths: '死亡人数', injuries: '受伤人数' },
  Complaint: { channel: '渠道', content: '内容', receivedAt: '受理时间' },
  Job: { schedule: '执行计划（cron）' },
  JobRun: {
    counts: '计数',
    instance: '运行实例',
    job: '任务',
    progressDone: '已完成',
    progressTotal: '总量',
    requestedBy: '发起人',
    scheduledFor: '计划时间',
  },
  JobCount: { value: '数量' },
  Notification: {
    attempts: '投递次数',
    audience: '接收方',
    deliveredAt: '投递时间',
    deliveryStatus: '投递状态',
    lastError: '最近错误',
    nextAttemptAt: '下次投递时间',
    payload: '内容',
  },
  RiskGradeChange: { gradedAt: '评定时间', groupExempt: '集团豁免', previousGrade: '原风险等级', treatment: '监管措施', windowStart: '评分期起' },
  RiskReason: { factor: '因素', points: '分值' },
  SpecialOperationCertificate: { reviewDate: '复审日期', type: '证书类型' },
  SupervisionProposal: { inspectionCode: '检查码', kind: '建议类型', outcome: '处理结果' },
};
