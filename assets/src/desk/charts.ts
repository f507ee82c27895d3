// ECharts, modular: only what the dashboards draw.  Imported dynamically by
// the dashboard, so no other page downloads it.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([AriaComponent, BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export { echarts };

// Series colours: each 3:1 or more against white (WCAG 1.4.11), and apart.
const COLORS = ['#c8161d', '#1d4ed8', '#137333', '#a14a06', '#6d28d9', '#0e7490', '#4b5563', '#be185d'];
const theme = (size: number) => ({
  color: COLORS,
  textStyle: { fontSize: size },
  categoryAxis: { axisLabel: { fontSize: size, color: '#4a4e55' } },
  valueAxis: { axisLabel: { fontSize: size, color: '#4a4e55' } },
  legend: { textStyle: { fontSize: size, color: '#1f2329' } },
  tooltip: { textStyle: { fontSize: size } },
  pie: { label: { fontSize: size, color: '#1f2329' } },
});
echarts.registerTheme('hl', theme(12));
echarts.registerTheme('hl-large', theme(18));

/** The theme of the current mode: text at 18 px in 大字模式 (适老化). */
export const chartTheme = () => (document.documentElement.classList.contains('hl-large') ? 'hl-large' : 'hl');

/**
 * What every chart's option carries (无障碍): the data in words for screen
 * readers, which ECharts puts in the element's aria-label (the element needs
 * role="img").
 */
export function baseOption(title: string, description: string) {
  return { title: { text: title, show: false }, aria: { enabled: true, label: { description: `${title}：${description}` } } };
}
