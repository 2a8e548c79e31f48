import { useTranslation } from 'react-i18next';
import type { AugmentationConfig } from '../../contract';
import { NumberField } from '../controls/NumberField';

/** One numeric value of the augmentation config: its catalogue key, its range, how to read and change it. */
interface OpField {
  key: string;
  min: number;
  max: number;
  step: number;
  get: (c: AugmentationConfig) => number;
  set: (c: AugmentationConfig, v: number) => AugmentationConfig;
}

const rrc = (c: AugmentationConfig, change: Partial<AugmentationConfig['randomResizedCrop']>) => ({ ...c, randomResizedCrop: { ...c.randomResizedCrop, ...change } });
const jitter = (c: AugmentationConfig, change: Partial<AugmentationConfig['colorJitter']>) => ({ ...c, colorJitter: { ...c.colorJitter, ...change } });
const blur = (c: AugmentationConfig, change: Partial<AugmentationConfig['gaussianBlur']>) => ({ ...c, gaussianBlur: { ...c.gaussianBlur, ...change } });
const erase = (c: AugmentationConfig, change: Partial<AugmentationConfig['randomErasing']>) => ({ ...c, randomErasing: { ...c.randomErasing, ...change } });

/** Every operation the engine has, grouped as torchvision names them; the ranges are the contract's. */
export const OP_GROUPS: { group: string; fields: OpField[] }[] = [
  { group: 'flip', fields: [
    { key: 'horizontalFlip', min: 0, max: 1, step: 0.1, get: (c) => c.horizontalFlip, set: (c, v) => ({ ...c, horizontalFlip: v }) },
    { key: 'verticalFlip', min: 0, max: 1, step: 0.1, get: (c) => c.verticalFlip, set: (c, v) => ({ ...c, verticalFlip: v }) },
  ] },
  { group: 'rotation', fields: [
    { key: 'rotationDegrees', min: 0, max: 180, step: 1, get: (c) => c.rotationDegrees, set: (c, v) => ({ ...c, rotationDegrees: v }) },
  ] },
  { group: 'crop', fields: [
    { key: 'scaleMin', min: 0.01, max: 1, step: 0.05, get: (c) => c.randomResizedCrop.scaleMin, set: (c, v) => rrc(c, { scaleMin: v }) },
    { key: 'scaleMax', min: 0.01, max: 1, step: 0.05, get: (c) => c.randomResizedCrop.scaleMax, set: (c, v) => rrc(c, { scaleMax: v }) },
    { key: 'ratioMin', min: 0.1, max: 10, step: 0.05, get: (c) => c.randomResizedCrop.ratioMin, set: (c, v) => rrc(c, { ratioMin: v }) },
    { key: 'ratioMax', min: 0.1, max: 10, step: 0.05, get: (c) => c.randomResizedCrop.ratioMax, set: (c, v) => rrc(c, { ratioMax: v }) },
  ] },
  { group: 'colour', fields: [
    { key: 'brightness', min: 0, max: 2, step: 0.05, get: (c) => c.colorJitter.brightness, set: (c, v) => jitter(c, { brightness: v }) },
    { key: 'contrast', min: 0, max: 2, step: 0.05, get: (c) => c.colorJitter.contrast, set: (c, v) => jitter(c, { contrast: v }) },
    { key: 'saturation', min: 0, max: 2, step: 0.05, get: (c) => c.colorJitter.saturation, set: (c, v) => jitter(c, { saturation: v }) },
    { key: 'hue', min: 0, max: 0.5, step: 0.01, get: (c) => c.colorJitter.hue, set: (c, v) => jitter(c, { hue: v }) },
    { key: 'grayscaleProbability', min: 0, max: 1, step: 0.05, get: (c) => c.grayscaleProbability, set: (c, v) => ({ ...c, grayscaleProbability: v }) },
  ] },
  { group: 'blur', fields: [
    { key: 'blurProbability', min: 0, max: 1, step: 0.05, get: (c) => c.gaussianBlur.probability, set: (c, v) => blur(c, { probability: v }) },
    { key: 'sigmaMax', min: 0, max: 10, step: 0.1, get: (c) => c.gaussianBlur.sigmaMax, set: (c, v) => blur(c, { sigmaMax: v }) },
  ] },
  { group: 'erasing', fields: [
    { key: 'erasingProbability', min: 0, max: 1, step: 0.05, get: (c) => c.randomErasing.probability, set: (c, v) => erase(c, { probability: v }) },
    { key: 'areaMin', min: 0.01, max: 1, step: 0.01, get: (c) => c.randomErasing.areaMin, set: (c, v) => erase(c, { areaMin: v }) },
    { key: 'areaMax', min: 0.01, max: 1, step: 0.01, get: (c) => c.randomErasing.areaMax, set: (c, v) => erase(c, { areaMax: v }) },
  ] },
  { group: 'mixing', fields: [
    { key: 'mixupAlpha', min: 0, max: 10, step: 0.1, get: (c) => c.mixupAlpha, set: (c, v) => ({ ...c, mixupAlpha: v }) },
    { key: 'cutmixAlpha', min: 0, max: 10, step: 0.1, get: (c) => c.cutmixAlpha, set: (c, v) => ({ ...c, cutmixAlpha: v }) },
  ] },
];

/** A control per augmentation value, and the random crop's on/off. */
export function AugmentationFields({ value, disabled, onChange }: { value: AugmentationConfig; disabled: boolean; onChange: (next: AugmentationConfig) => void }) {
  const { t } = useTranslation('augmentation');
  return (
    <>
      {OP_GROUPS.map(({ group, fields }) => (
        <fieldset key={group} className="augmentation-group">
          <legend>{t(`group.${group}`)}</legend>
          {group === 'crop' && (
            <label>
              <input type="checkbox" checked={value.randomResizedCrop.enabled} disabled={disabled} onChange={(e) => onChange(rrc(value, { enabled: e.target.checked }))} />{' '}
              {t('field.cropEnabled')}
            </label>
          )}
          {fields.map((f) => (
            <NumberField key={f.key} label={t(`field.${f.key}`)} value={f.get(value)} min={f.min} max={f.max} step={f.step}
              disabled={disabled || (group === 'crop' && !value.randomResizedCrop.enabled)} onCommit={(v) => onChange(f.set(value, v))} />
          ))}
        </fieldset>
      ))}
    </>
  );
}
