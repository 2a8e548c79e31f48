import type { DatasetManifest } from '../../contract';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n/i18n';
import { useRef, useState } from 'react';
import { useDatasets } from '../../store/datasetsStore';
import { filesFromInput } from '../../data/import/collectFiles';
import { StoredThumbnail } from './StoredThumbnail';
import { useCamera } from '../../store/cameraStore';

const THUMBNAILS_SHOWN = 12;

/** One class of a dataset: rename, merge, delete, add images, and its thumbnails (each removable). */
export function ClassRow({ manifest, classIndex, disabled }: { manifest: DatasetManifest; classIndex: number; disabled: boolean }) {
  const { t } = useTranslation('data');
  const name = manifest.classNames[classIndex];
  const images = manifest.images.filter((image) => image.classIndex === classIndex);
  const [showAll, setShowAll] = useState(false);
  const [mergeInto, setMergeInto] = useState<number>(classIndex === 0 ? 1 : 0);
  const actions = useDatasets.getState();
  const importing = useDatasets((s) => s.importing !== null);
  const addInput = useRef<HTMLInputElement>(null);
  const cameraCount = images.filter((image) => image.source === 'camera').length;
  const shown = showAll ? images : images.slice(0, THUMBNAILS_SHOWN);
  return (
    <li className="class-row">
      <div className="class-actions">
        <label>
          {t('classRow.name')}{' '}
          <input
            aria-label={t('classRow.nameOf', { name })} defaultValue={name} key={name} disabled={disabled} maxLength={100}
            onBlur={(e) => { if (e.target.value !== name) void actions.renameClass(manifest.id, classIndex, e.target.value); }}
            onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }}
          />
        </label>
        <span className="class-count">{t('classRow.count', { count: images.length, number: formatNumber(images.length) })}{cameraCount > 0 ? t('classRow.fromCamera', { count: cameraCount }) : ''}</span>
        {manifest.classNames.length > 1 && (
          <span className="merge">
            <label>
              {t('classRow.mergeInto', { name })}{' '}
              <select aria-label={t('classRow.mergeInto', { name })} value={mergeInto} disabled={disabled} onChange={(e) => setMergeInto(Number(e.target.value))}>
                {manifest.classNames.map((other, i) => (i === classIndex ? null : <option key={i} value={i}>{other}</option>))}
              </select>
            </label>{' '}
            <button type="button" className="small" aria-label={t('classRow.mergeLabel', { name })} disabled={disabled} onClick={() => void actions.mergeClasses(manifest.id, classIndex, mergeInto)}>
              {t('classRow.merge')}
            </button>
          </span>
        )}
        <button type="button" className="small" disabled={disabled || importing} onClick={() => addInput.current?.click()}>{t('classRow.addImages', { name })}</button>
        <input
          ref={addInput} type="file" hidden multiple accept="image/*" aria-label={t('classRow.imagesToAdd', { name })}
          onChange={(e) => { void actions.importFiles(filesFromInput(e.target.files), { datasetId: manifest.id, intoClass: name }); e.target.value = ''; }}
        />
        <button type="button" className="small" onClick={() => useCamera.getState().openPanel({ datasetId: manifest.id, className: name ?? '' })}>
          {t('classRow.cameraInto', { name })}
        </button>
        <button type="button" className="small" disabled={disabled} onClick={() => void actions.deleteClass(manifest.id, classIndex)}>{t('classRow.delete', { name })}</button>
      </div>
      <ul className="thumbnails" aria-label={t('classRow.imagesOf', { name })}>
        {shown.map((image) => (
          <li key={image.id} title={t(image.source === 'camera' ? 'classRow.imageTitleCamera' : 'classRow.imageTitle', { path: image.path, split: t(`splits.${image.split}`) })}>
            <StoredThumbnail datasetId={manifest.id} imageId={image.id} alt={image.path} />
            <button type="button" className="remove" disabled={disabled} aria-label={t('classRow.remove', { path: image.path })} onClick={() => void actions.removeImage(manifest.id, image.id)}>×</button>
          </li>
        ))}
      </ul>
      {images.length > THUMBNAILS_SHOWN && (
        <button type="button" className="small" onClick={() => setShowAll(!showAll)}>{showAll ? t('classRow.showFewer') : t('classRow.showAll', { count: images.length })}</button>
      )}
    </li>
  );
}
