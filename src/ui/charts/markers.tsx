import { ReferenceLine } from 'recharts';
import type { ChartMarker } from '../../store/chartSeries';

const COLOURS: Record<ChartMarker['kind'], string> = {
  freeze: '#5b8def', thaw: '#e8762d', backend: '#c0392b', resume: '#57606a',
  best: '#1a7f37', 'lr-drop': '#8250df', 'early-stop': '#57606a', 'restore-best': '#1a7f37',
};

/**
 * Vertical, labelled lines at each freeze/thaw or backend switch, on any chart whose x axis is the step.
 * Labels of markers near the right edge (`lastStep`) go on the line's left, where there is room.
 */
export function markerLines(markers: ChartMarker[], lastStep: number) {
  return markers.map((m, i) => {
    const side = m.step > 0.75 * lastStep ? 'Right' : 'Left';
    return (
      <ReferenceLine
        key={`${m.step}-${i}`} x={m.step} stroke={COLOURS[m.kind]} strokeDasharray="4 3"
        // Alternating label rows keep markers at nearby steps readable.
        // eslint-disable-next-line i18next/no-literal-string -- recharts position names, not words shown
        label={{ value: m.label, position: i % 2 === 0 ? `insideTop${side}` : `insideBottom${side}`, fontSize: 11, fill: COLOURS[m.kind] }}
        className={`marker marker-${m.kind}`}
      />
    );
  });
}

/** Whether two marker lists draw the same lines. */
export function sameMarkers(a: ChartMarker[], b: ChartMarker[]): boolean {
  return a.length === b.length && a.every((m, i) => m.step === b[i]?.step && m.label === b[i]?.label && m.kind === b[i]?.kind);
}
