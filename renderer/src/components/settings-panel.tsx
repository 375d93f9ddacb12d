/** Settings kept across restarts: theme, the preferred execution provider, sampler steps. */
import type { Settings, SettingsPatch } from '../../../electron/contract/contract';

const PROVIDERS = ['auto', 'cpu', 'cuda', 'webgpu', 'coreml', 'dml'] as const;

/** `packSteps`: the active pack's default sampler steps, shown while the field is empty. */
export function SettingsPanel({ settings, onChange, packSteps = null }: { settings: Settings | null; onChange: (patch: SettingsPatch) => void; packSteps?: number | null }) {
  if (settings === null) return <section className="settings-panel" aria-label="Settings"><p className="muted">Loading settings…</p></section>;
  return (
    <section className="settings-panel" aria-label="Settings">
      <h2>Settings</h2>
      <label>
        Theme{' '}
        <select aria-label="Theme" value={settings.theme} onChange={(e) => onChange({ theme: e.target.value as Settings['theme'] })}>
          <option value="system">system</option>
          <option value="dark">dark</option>
          <option value="light">light</option>
        </select>
      </label>
      <label>
        Execution provider{' '}
        <select aria-label="Execution provider" value={settings.provider} onChange={(e) => onChange({ provider: e.target.value as Settings['provider'] })}>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <span className="muted"> (used from the next start; --provider overrides it)</span>
      </label>
      <label>
        Sampler steps{' '}
        <input
          type="number"
          className="steps-input"
          aria-label="Sampler steps"
          min={1}
          max={1000}
          value={settings.steps ?? ''}
          placeholder={packSteps === null ? 'pack default' : `pack default (${packSteps})`}
          onChange={(e) => onChange({ steps: e.target.value === '' ? null : Math.max(1, Math.min(1000, Math.round(Number(e.target.value)))) })}
        />
        <span className="muted"> (empty: the pack's own)</span>
      </label>
    </section>
  );
}
