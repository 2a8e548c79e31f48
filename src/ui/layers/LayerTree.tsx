import { useState } from 'react';
import { useStudio } from '../../store/studioStore';
import type { BlockSummary } from '../../engine/api';

const formatCount = (n: number) => n.toLocaleString('en-US');

/** The model as a stack of blocks, top (head) first, each with a frozen/trainable switch that works mid-run. */
export function LayerTree() {
  const model = useStudio((s) => s.model);
  const setBlockFrozen = useStudio((s) => s.setBlockFrozen);
  if (!model) return <p>No model yet.</p>;
  const share = model.totalParams > 0 ? (100 * model.trainableParams) / model.totalParams : 0;
  return (
    <div className="layer-tree">
      <p className="trainable-summary" role="status" aria-label="Trainable parameters">
        Trainable: {formatCount(model.trainableParams)} / {formatCount(model.totalParams)} ({share.toFixed(1)}%)
      </p>
      <ul aria-label="Model blocks">
        {[...model.blocks].reverse().map((block) => (
          <BlockRow key={block.id} block={block} onToggle={(frozen) => void setBlockFrozen(block.id, frozen)} />
        ))}
      </ul>
    </div>
  );
}

function BlockRow({ block, onToggle }: { block: BlockSummary; onToggle: (frozen: boolean) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <li className={block.frozen ? 'block frozen' : 'block trainable'} data-block={block.id}>
      <div className="block-row">
        <button type="button" className="expand" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${block.name}`} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        <span className="block-name">{block.name}</span>
        <span className="block-params">{formatCount(block.params)} params</span>
        <label className="switch">
          <input type="checkbox" role="switch" aria-label={`${block.name} trainable`} checked={!block.frozen} onChange={(e) => onToggle(!e.target.checked)} />
          <span>{block.frozen ? 'frozen' : 'trainable'}</span>
        </label>
      </div>
      {open && (
        <table className="layers" aria-label={`Layers of ${block.name}`}>
          <tbody>
            {block.layers.map((l) => (
              <tr key={l.name}>
                <td>{l.name}</td>
                <td>{l.className}</td>
                <td>{JSON.stringify(l.outputShape.slice(1))}</td>
                <td>{formatCount(l.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
