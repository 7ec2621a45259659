/**
 * The one chart component of the analytics pages: Apache ECharts 5 (tree-shaken: core, line and
 * bar charts, grid/tooltip/legend, SVG renderer) drawn into a `role="img"` element named by the
 * chart's title and described (`aria-describedby`) by a summary and the data table, which is the
 * accessible alternative: a `<table>` with a caption inside a `<details>` toggle.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { TableScroll } from '../../ui';
import './analytics.css';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/** The ECharts options this wrapper supports (line and bar series with a grid, tooltip and legend). */
export type ChartOption = echarts.ComposeOption<LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

/** Series colours from the design tokens (accent, muted, warning, success): AA contrast on white. */
export const CHART_COLORS = ['#0b5cad', '#4f5560', '#7a4b00', '#1e6b34', '#b3261e'];

/** The data table shown as the chart's alternative: header cells and rows of already formatted cells. */
export interface ChartTable {
  columns: string[];
  rows: ReactNode[][];
}

/**
 * A chart with its accessible table. `title` names both (figure caption and table caption),
 * `summary` is a one-sentence description read with the chart, `height` in px (default 280).
 */
export function Chart({ title, option, table, summary, height = 280 }: { title: string; option: ChartOption; table: ChartTable; summary?: string; height?: number }) {
  const { t } = useTranslation();
  const id = useId();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(() => instance.resize()) : null;
    observer?.observe(el.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLORS, animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, true);
  }, [option]);

  return (
    <figure className="an-chart">
      <figcaption id={`${id}-title`} className="an-chart-title">{title}</figcaption>
      <div ref={el} className="an-chart-canvas" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary ${id}-caption`} style={{ height }} />
      <p id={`${id}-summary`} className="sr-only">{summary ?? t('analytics.chart.seeTable')}</p>
      <details className="an-chart-table">
        <summary>{t('analytics.chart.showTable')}</summary>
        <TableScroll className="an-scroll">
          <table className="table">
            <caption id={`${id}-caption`}>{title}</caption>
            <thead>
              <tr>{table.columns.map((c, i) => <th key={i} scope="col" className={i === 0 ? undefined : 'num'}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i} className="num">{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
