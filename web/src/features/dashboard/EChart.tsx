import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard draws, so its chunk stays small.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts chart; `label` names it for screen readers (ECharts' aria adds a description of the data). */
export function EChart({ option, label, height = 300, onClick }: { option: ChartOption; label: string; height?: number; onClick?(name: string, series: string): void }) {
  const element = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const chart = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    chart.on('click', (event) => click.current?.(String(event.name), String(event.seriesName ?? '')));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    echarts.getInstanceByDom(element.current!)?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);
  return <div ref={element} role="img" aria-label={label} data-testid="chart" style={{ width: '100%', height }} />;
}
