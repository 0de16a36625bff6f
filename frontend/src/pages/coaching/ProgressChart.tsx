import {
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { chartSeries, chartSummary, tableOf, type SeriesDef } from "./progressData";
import type { WeekPoint } from "./queries";

// Only the pieces these line charts use, so the rest of Chart.js is tree-shaken away.
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const TEXT = "#1d2527";
const GRID = "#ddd8cd";

export interface AxisRange {
  min: number;
  max: number;
  title: string;
}

interface ProgressChartProps {
  title: string;
  weeks: readonly WeekPoint[];
  series: readonly SeriesDef[];
  /** The left axis ("y") and, for questionnaires on another scale, the right one ("y1"). */
  axes: { y: AxisRange; y1?: AxisRange };
}

function chartConfig(
  data: ReturnType<typeof chartSeries>,
  axes: ProgressChartProps["axes"],
): ChartConfiguration<"line", (number | null)[], string> {
  const usesRight = data.datasets.some((dataset) => dataset.def.axis === "y1");
  const axis = (range: AxisRange, position: "left" | "right", grid: boolean) => ({
    type: "linear" as const,
    position,
    min: range.min,
    max: range.max,
    title: { display: true, text: range.title, color: TEXT },
    ticks: { color: TEXT, precision: 0 },
    grid: { color: GRID, display: grid },
  });
  return {
    type: "line",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(({ def, data: values }) => ({
        label: def.label,
        data: values,
        yAxisID: def.axis,
        borderColor: def.color,
        backgroundColor: def.color,
        borderDash: def.dash,
        borderWidth: 2,
        pointRadius: 3,
        pointHoverRadius: 5,
        spanGaps: true,
        tension: 0.2,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { color: TEXT, usePointStyle: false } },
        tooltip: { enabled: true },
      },
      scales: {
        x: { type: "category", ticks: { color: TEXT, autoSkip: true, maxRotation: 0 }, grid: { color: GRID } },
        y: axis(axes.y, "left", true),
        ...(usesRight && axes.y1 ? { y1: axis(axes.y1, "right", false) } : {}),
      },
    },
  };
}

/**
 * A Chart.js line chart of weekly averages, with the same numbers as a table one click away.
 * The canvas is an image with a text summary; the table (with a caption) is the real alternative.
 */
export function ProgressChart({ title, weeks, series, axes }: ProgressChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const data = useMemo(() => chartSeries(weeks, series), [weeks, series]);
  const table = useMemo(() => tableOf(weeks, series), [weeks, series]);
  const summary = chartSummary(title, weeks, series);

  useEffect(() => {
    const context = canvasRef.current?.getContext("2d");
    if (!context) return undefined; // no canvas support (tests): the table still works
    const chart = new Chart(context, chartConfig(data, axes));
    return () => chart.destroy();
  }, [data, axes]);

  return (
    <div className="progress-chart">
      <div className="chart-box">
        <canvas ref={canvasRef} role="img" aria-label={summary}>
          {summary}
        </canvas>
      </div>
      <p>
        <button
          type="button"
          className="button button--quiet button--small"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((shown) => !shown)}
        >
          {showTable ? "Hide the table" : "Show the numbers as a table"}
        </button>
      </p>
      <div className="table-wrap" id={tableId} hidden={!showTable}>
        <table className="data-table">
          <caption>{title}: weekly averages</caption>
          <thead>
            <tr>
              {table.columns.map((column, index) => (
                <th key={column} scope="col" className={index === 0 ? undefined : "num"}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.week}>
                <th scope="row">{row.week}</th>
                {row.cells.map((cell, index) => (
                  <td key={table.columns[index + 1]} className="num">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
