import * as echarts from 'echarts';
import type { DigestData } from './digest-data.js';

/**
 * Digest charts drawn by ECharts' server-side SVG renderer: no DOM, no browser, no hand-written
 * SVG. Each function returns a standalone <svg> string to inline in the HTML digest.
 */
export interface ChartText {
  trendTitle: string;
  verdictTitle: string;
  unitTitle: string;
  label: (key: string) => string;
  verdict: (key: string) => string;
  collected: string;
  flagged: string;
  reviewed: string;
  none: string;
  /** Axis and slice numbers in the reader's format (1.234 in Vietnamese). */
  number?: (n: number) => string;
}

// Colour-blind-safe palette (Okabe–Ito), also legible in grey print.
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

// Drawn at about a phone's width, so that a phone shows the text near its drawn size (a 640-wide
// chart shrank to 7-px labels at 360 px); on a desktop the charts sit side by side.
const CHART_WIDTH = 400;

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'sans-serif', fontSize: 13 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Flagged items per label, one line per label over the trend weeks. */
export function trendChart(data: DigestData, text: ChartText, width = CHART_WIDTH, height = 320): string {
  const labels = Object.keys(data.trend.series);
  return render(
    {
      title: { text: text.trendTitle, left: 'center', textStyle: { fontSize: 14 } },
      legend: { top: 34, data: labels.map((l) => text.label(l)) },
      grid: { left: 48, right: 16, top: 96, bottom: 32 },
      xAxis: { type: 'category', data: data.trend.weeks.map((w) => w.slice(5)) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: text.number } },
      series: labels.map((l) => ({
        name: text.label(l),
        type: 'line',
        data: data.trend.series[l],
        symbolSize: 6,
      })),
    },
    width,
    height,
  );
}

/** Share of each verdict kind this week. */
export function verdictChart(data: DigestData, text: ChartText, width = CHART_WIDTH, height = 320): string {
  const slices = Object.entries(data.headline.verdicts)
    .filter(([, d]) => d.current > 0)
    .map(([k, d]) => ({ name: text.verdict(k), value: d.current }));
  const count = new Map(slices.map((x) => [x.name, text.number ? text.number(x.value) : String(x.value)]));
  return render(
    {
      // An empty week says so instead of drawing a ring for nothing.
      title: { text: text.verdictTitle, subtext: slices.length === 0 ? text.none : undefined, left: 'center', textStyle: { fontSize: 14 } },
      // Counts in the legend rather than beside the ring, where long verdict names ran off a phone's width.
      legend: { bottom: 0, formatter: (name: string) => `${name}: ${count.get(name) ?? ''}` },
      series: [
        {
          type: 'pie',
          radius: ['32%', '58%'],
          center: ['50%', '45%'],
          label: { show: false },
          data: slices,
          showEmptyCircle: false,
        },
      ],
    },
    width,
    slices.length > 0 ? height : 64,
  );
}

/**
 * Posts, flagged and reviewed per member union as horizontal bars: unit names sit on their own rows
 * at the left (never overlapping, however many or long), and the chart grows with the unit count.
 */
export function unitChart(data: DigestData, text: ChartText, width = CHART_WIDTH): string {
  const rows = data.byUnit.slice(0, 15).reverse(); // ECharts draws the first category at the bottom
  const height = 110 + Math.max(1, rows.length) * 44;
  return render(
    {
      title: { text: text.unitTitle, left: 'center', textStyle: { fontSize: 14 } },
      legend: { top: 34 },
      grid: { left: 8, right: 24, top: 72, bottom: 8, containLabel: true },
      yAxis: { type: 'category', data: rows.map((r) => r.unit || text.none), axisLabel: { interval: 0, width: 110, overflow: 'break' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: text.number } },
      series: [
        { name: text.collected, type: 'bar', data: rows.map((r) => r.collected) },
        { name: text.flagged, type: 'bar', data: rows.map((r) => r.flagged) },
        { name: text.reviewed, type: 'bar', data: rows.map((r) => r.reviewed) },
      ],
    },
    width,
    height,
  );
}
