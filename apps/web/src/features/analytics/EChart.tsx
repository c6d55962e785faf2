import type { EChartsCoreOption } from 'echarts/core';
import { BarChart, FunnelChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([FunnelChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** A click on a data item (a funnel stage, a bar): its `name` as given in the series data. */
  onItemClick?: (name: string) => void;
}

/**
 * A thin React wrapper around one ECharts instance (only the chart types used here are registered, so
 * this module stays small and is loaded with the analytics screens only). The canvas is hidden from
 * screen readers: every chart has its figures in a table beside it, which is the accessible form.
 */
export default function EChart({ option, height, onItemClick }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (typeof params.name === 'string') click.current?.(params.name);
    });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No animation: the figures are there at once (and for people who prefer reduced motion).
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);

  return (
    <div
      ref={box}
      aria-hidden="true"
      style={{ width: '100%', height, cursor: onItemClick ? 'pointer' : undefined }}
    />
  );
}
