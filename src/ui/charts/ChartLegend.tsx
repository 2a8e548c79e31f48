/**
 * A legend drawn as plain text beside the title: recharts' own legend measures itself on every
 * redraw (a layout read), which live charts cannot afford.
 */
export function ChartLegend({ entries }: { entries: { label: string; colour: string }[] }) {
  return (
    <span className="chart-legend">
      {entries.map((e, i) => (
        <span key={`${i}-${e.label}`} className="chart-legend-item">
          <span className="chart-legend-swatch" style={{ background: e.colour }} aria-hidden="true" />
          {e.label}
        </span>
      ))}
    </span>
  );
}
