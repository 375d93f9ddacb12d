/**
 * The app-info answer. No electron import: `reseed serve` fills the same shape on plain Node,
 * where the Electron and Chromium versions are null.
 */
import type { AppInfo } from '../contract/contract';

export interface AppIdentity {
  name: string;
  version: string;
  isPackaged: boolean;
  userData: string;
  models: string;
}

export type ProcessFacts = Pick<NodeJS.Process, 'platform' | 'arch' | 'versions'>;

export function collectAppInfo(identity: AppIdentity, proc: ProcessFacts = process): AppInfo {
  return {
    name: identity.name,
    version: identity.version,
    platform: proc.platform,
    arch: proc.arch,
    isPackaged: identity.isPackaged,
    versions: {
      node: proc.versions.node,
      electron: proc.versions.electron ?? null,
      chrome: proc.versions.chrome ?? null,
      v8: proc.versions.v8,
    },
    paths: { userData: identity.userData, models: identity.models },
  };
}
