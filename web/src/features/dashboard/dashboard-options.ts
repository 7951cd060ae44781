import type { SupervisionOverviewQuery } from '../../gql/graphql';
import type { MessageId } from '../../lib/messages';
import type { ChartOption } from './EChart';

type Overview = SupervisionOverviewQuery['supervisionOverview'];
export interface Words {
  grade(grade: string | null): string;
  alert(code: string): string;
  t(id: MessageId): string;
}

// A (highest risk) red to D green; never graded grey.
const GRADE_COLOURS: Record<string, string> = { A: '#c5221f', B: '#e37400', C: '#f9ab00', D: '#188038', none: '#9aa0a6' };

/** Enterprises per town, stacked by current grade. */
export function gradesOption(rows: Overview['enterprisesByGrade'], words: Words): ChartOption {
  const towns = [...new Set(rows.map((r) => r.town))];
  const grades = ['A', 'B', 'C', 'D', null] as const;
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 80 },
    xAxis: { type: 'category', data: towns },
    yAxis: { type: 'value', minInterval: 1 },
    series: grades.map((g) => ({
      name: words.grade(g),
      type: 'bar',
      stack: 'grade',
      itemStyle: { color: GRADE_COLOURS[g ?? 'none'] },
      data: towns.map((town) => rows.find((r) => r.town === town && r.grade === g)?.count ?? 0),
    })),
  };
}

/** Highly toxic and precursor stock per town, in tonnes. */
export function stockOption(rows: Overview['hazardStockByTown'], words: Words): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 56, right: 16, top: 16, bottom: 56 },
    xAxis: { type: 'category', data: rows.map((r) => r.town) },
    yAxis: { type: 'value', name: words.t('tonnes') },
    series: [
      { name: words.t('highlyToxic'), type: 'bar', itemStyle: { color: '#c5221f' }, data: rows.map((r) => Number(r.highlyToxicTonnes)) },
      { name: words.t('precursor'), type: 'bar', itemStyle: { color: '#e37400' }, data: rows.map((r) => Number(r.precursorTonnes)) },
    ],
  };
}

/** Unresolved alerts by code, by the API's labels. */
export function alertsOption(rows: Overview['unresolvedAlerts'], words: Words): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: rows.map((r) => ({ name: words.alert(r.code), value: r.count })) }],
  };
}
