import { useStudio } from '../../store/studioStore';

export function EpochTable() {
  const epochs = useStudio((s) => s.epochs);
  if (epochs.length === 0) return null;
  return (
    <table className="epoch-table" aria-label="Epoch history">
      <thead>
        <tr>
          <th scope="col">Epoch</th><th scope="col">Train loss</th><th scope="col">Train acc</th>
          <th scope="col">Val loss</th><th scope="col">Val acc</th><th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {epochs.map((e) => (
          <tr key={e.epoch}>
            <td data-metric="epoch">{e.epoch}</td>
            <td data-metric="trainLoss">{e.trainLoss.toFixed(4)}</td>
            <td>{(e.trainAccuracy * 100).toFixed(1)}%</td>
            <td data-metric="validationLoss">{e.validationLoss.toFixed(4)}</td>
            <td data-metric="validationAccuracy">{(e.validationAccuracy * 100).toFixed(1)}%</td>
            <td>{e.seconds.toFixed(1)} s</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
