/**
 * Settings persisted by the engine side (settings.json in the user data folder): loaded once,
 * changed through `settingsSet` (which answers with the whole new settings). The theme is applied
 * to <html data-theme>, which the stylesheet reads.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReseedApi, Settings, SettingsPatch } from '../../../electron/contract/contract';

export function useSettings(api: ReseedApi) {
  const [settings, setSettings] = useState<Settings | null>(null);

  useEffect(() => {
    let live = true;
    void api.settingsGet().then((r) => {
      // No workflows on this engine (an old server): the editor works with its defaults.
      if (live && r.ok) setSettings(r.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    document.documentElement.dataset.theme = settings?.theme ?? 'system';
  }, [settings?.theme]);

  const update = useCallback(
    async (patch: SettingsPatch) => {
      const r = await api.settingsSet(patch);
      if (r.ok) setSettings(r.value);
      return r;
    },
    [api],
  );

  return { settings, update };
}
