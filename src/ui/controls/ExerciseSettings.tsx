import { useStudio } from '../../store/studioStore';
import { saveFile } from '../common/saveFile';

/** The model and training settings as a JSON file, to hand out an exercise or repeat a run. */
export function ExerciseSettings({ disabled }: { disabled: boolean }) {
  const download = () => {
    saveFile('thaw-settings.json', useStudio.getState().exerciseSettingsJson(), 'application/json');
  };
  const load = async (file: File | undefined) => {
    if (file) await useStudio.getState().loadExerciseSettings(await file.text());
  };
  return (
    <div className="buttons exercise-settings">
      <button type="button" disabled={disabled} onClick={download}>Download settings (.json)</button>
      <label className="file-button">
        Load settings (.json){' '}
        <input type="file" accept=".json,application/json" disabled={disabled} onChange={(e) => { void load(e.target.files?.[0]); e.target.value = ''; }} />
      </label>
    </div>
  );
}
