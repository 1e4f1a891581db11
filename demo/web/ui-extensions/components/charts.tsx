// BarChart and LineChart as SVG: the same props as HubSpot's (rows, x/y axes, groupFieldByColor,
// stacking, propertyLabels, title, legend, data labels), drawn in HubSpot's chart colours.
import type { BarChartProps, ChartColor, ChartDataRow, LineChartProps } from '@hubspot/ui-extensions';
import { legacyProp, testIdOf } from './base.ts';

const COLORS: Record<ChartColor, string> = {
  orange: '#ff8f59',
  aqua: '#00bda5',
  purple: '#6a78d1',
  yellow: '#f5c26b',
  pink: '#ea90b1',
  blue: '#2f7edb',
  green: '#7fd1b9',
  darkOrange: '#e66e50',
  darkAqua: '#0b8484',
  darkPurple: '#5c62a6',
  darkYellow: '#cf9b1b',
  darkPink: '#c45785',
  darkBlue: '#1a5aa5',
  darkGreen: '#3d9b81',
};
const PALETTE: ChartColor[] = [
  'blue',
  'orange',
  'aqua',
  'purple',
  'yellow',
  'pink',
  'green',
  'darkBlue',
  'darkOrange',
  'darkAqua',
];

const WIDTH = 640;
const HEIGHT = 300;
const PAD = { left: 56, right: 16, top: 16, bottom: 56 };

interface Series {
  readonly key: string;
  readonly color: string;
  readonly values: Map<string, number>;
}

function prepare(props: BarChartProps | LineChartProps) {
  const rows: ChartDataRow[] = Array.isArray(props.data) ? props.data : props.data.data;
  const labels = Array.isArray(props.data) ? {} : (props.data.options?.propertyLabels ?? {});
  const { x, y } = props.axes;
  const group = props.axes.options?.groupFieldByColor;
  const label = (field: string, value: string) => labels[field]?.[value] ?? value;
  const categories: string[] = [];
  const byKey = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const category = String(row[x.field] ?? '');
    if (!categories.includes(category)) categories.push(category);
    const key = group === undefined ? (y.label ?? y.field) : String(row[group] ?? '');
    const values = byKey.get(key) ?? new Map<string, number>();
    values.set(category, (values.get(category) ?? 0) + Number(row[y.field] ?? 0));
    byKey.set(key, values);
  }
  if (x.fieldType === 'datetime') categories.sort((a, b) => Date.parse(a) - Date.parse(b));
  const named = props.axes.options?.colors ?? {};
  const legacyColors = props.options ? legacyProp(props.options, 'colors') : undefined;
  const palette =
    props.options?.colorList ?? (Array.isArray(legacyColors) ? (legacyColors as ChartColor[]) : PALETTE);
  const series: Series[] = [...byKey.entries()].map(([key, values], index) => ({
    key: group === undefined ? key : label(group, key),
    color: COLORS[named[key] ?? palette[index % palette.length] ?? 'blue'],
    values,
  }));
  const stacked = props.axes.options?.stacking === true;
  const totals = categories.map((category) =>
    stacked
      ? series.reduce((sum, item) => sum + (item.values.get(category) ?? 0), 0)
      : Math.max(0, ...series.map((item) => item.values.get(category) ?? 0)),
  );
  const max = niceMax(Math.max(1, ...totals));
  return {
    categories: categories.map((category) => ({ raw: category, shown: label(x.field, category) })),
    series,
    stacked,
    max,
  };
}

function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return value;
}

function Frame(props: {
  title: string | undefined;
  xLabel: string | undefined;
  yLabel: string | undefined;
  max: number;
  series: Series[];
  legend: boolean;
  testId: string | undefined;
  children: React.ReactNode;
}) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  return (
    <figure {...testIdOf(props.testId)} className="hs-chart">
      {props.title !== undefined && <figcaption className="hs-chart__title">{props.title}</figcaption>}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={props.title ?? 'chart'}>
        {ticks.map((tick) => {
          const y = PAD.top + plotHeight * (1 - tick);
          return (
            <g key={tick}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} className="hs-chart__grid" />
              <text x={PAD.left - 8} y={y + 4} textAnchor="end" className="hs-chart__tick">
                {Math.round(props.max * tick).toLocaleString()}
              </text>
            </g>
          );
        })}
        {props.children}
        {props.xLabel !== undefined && (
          <text
            x={(PAD.left + WIDTH - PAD.right) / 2}
            y={HEIGHT - 6}
            textAnchor="middle"
            className="hs-chart__axis"
          >
            {props.xLabel}
          </text>
        )}
        {props.yLabel !== undefined && (
          <text
            x={14}
            y={PAD.top + plotHeight / 2}
            textAnchor="middle"
            transform={`rotate(-90 14 ${PAD.top + plotHeight / 2})`}
            className="hs-chart__axis"
          >
            {props.yLabel}
          </text>
        )}
      </svg>
      {props.legend && (
        <div className="hs-chart__legend">
          {props.series.map((item) => (
            <span key={item.key}>
              <i style={{ background: item.color }} /> {item.key}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}

export function BarChart(props: BarChartProps) {
  const { categories, series, stacked, max } = prepare(props);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const band = plotWidth / Math.max(1, categories.length);
  const barWidth = stacked ? band * 0.6 : (band * 0.7) / Math.max(1, series.length);
  const height = (value: number) => (value / max) * plotHeight;
  return (
    <Frame
      title={props.options?.title}
      xLabel={props.axes.x.label}
      yLabel={props.axes.y.label}
      max={max}
      series={series}
      legend={props.options?.showLegend ?? series.length > 1}
      testId={props.testId}
    >
      {categories.map((category, index) => {
        let stackedHeight = 0;
        const left = PAD.left + band * index + (stacked ? band * 0.2 : band * 0.15);
        return (
          <g key={category.raw}>
            {series.map((item, position) => {
              const value = item.values.get(category.raw) ?? 0;
              const h = height(value);
              const x = stacked ? left : left + barWidth * position;
              const y = PAD.top + plotHeight - h - (stacked ? stackedHeight : 0);
              if (stacked) stackedHeight += h;
              return (
                <g key={item.key}>
                  <rect x={x} y={y} width={Math.max(1, barWidth - 2)} height={h} fill={item.color} rx={2}>
                    <title>{`${category.shown} · ${item.key}: ${value}`}</title>
                  </rect>
                  {props.options?.showDataLabels && value > 0 && (
                    <text x={x + barWidth / 2 - 1} y={y - 4} textAnchor="middle" className="hs-chart__value">
                      {value}
                    </text>
                  )}
                </g>
              );
            })}
            <text
              x={PAD.left + band * index + band / 2}
              y={PAD.top + plotHeight + 16}
              textAnchor="middle"
              className="hs-chart__tick"
            >
              {category.shown.length > 16 ? `${category.shown.slice(0, 15)}…` : category.shown}
            </text>
          </g>
        );
      })}
    </Frame>
  );
}

export function LineChart(props: LineChartProps) {
  const { categories, series, max } = prepare(props);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const step = plotWidth / Math.max(1, categories.length - 1);
  const point = (index: number, value: number) =>
    [PAD.left + step * index, PAD.top + plotHeight - (value / max) * plotHeight] as const;
  return (
    <Frame
      title={props.options?.title}
      xLabel={props.axes.x.label}
      yLabel={props.axes.y.label}
      max={max}
      series={series}
      legend={props.options?.showLegend ?? series.length > 1}
      testId={props.testId}
    >
      {series.map((item) => (
        <g key={item.key}>
          <polyline
            fill="none"
            stroke={item.color}
            strokeWidth={2}
            points={categories
              .map((category, index) => point(index, item.values.get(category.raw) ?? 0).join(','))
              .join(' ')}
          />
          {categories.map((category, index) => {
            const [x, y] = point(index, item.values.get(category.raw) ?? 0);
            return <circle key={category.raw} cx={x} cy={y} r={3} fill={item.color} />;
          })}
        </g>
      ))}
      {categories.map((category, index) => (
        <text
          key={category.raw}
          x={PAD.left + step * index}
          y={PAD.top + plotHeight + 16}
          textAnchor="middle"
          className="hs-chart__tick"
        >
          {category.shown}
        </text>
      ))}
    </Frame>
  );
}
