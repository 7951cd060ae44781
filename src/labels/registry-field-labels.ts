/** Field labels by type (see field-labels.ts). The registry: chemicals, products, batches, warehouses. */
export const REGISTRY_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Chemical: {
    aliases: '别名',
    casNumbers: 'CAS号',
    explosivePrecursor: '易制爆',
    highlyToxic: '剧毒',
    name: '品名',
    precursorSerial: '易制毒序号',
    serial: '目录序号',
    thresholdTonnes: '临界量（吨）',
    variants: '变体',
  },
  Batch: {
    batchNumber: '批号',
    code: '批次码',
    expiryDate: '有效期至',
    firstEntryHash: '首条台账哈希',
    originCode: '来源企业信用代码',
    plannedQuantity: '计划数量',
    productionDate: '生产日期',
    retestDate: '复检日期',
  },
  Product: {
    packaging: '包装',
    qrCodeSvg: '二维码（SVG）',
    specification: '规格',
    traceCode: '追溯码',
    tradeName: '商品名',
  },
  Warehouse: { capacityTonnes: '设计储量（吨）', code: '仓库编码', storageType: '储存方式', majorHazard: '重大危险源辨识' },
};
