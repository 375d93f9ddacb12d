/** Files in and out of the browser side: reading a picture as base64, saving an export. */
import { MAX_IMAGE_FILE_BYTES } from '../../electron/contract/editor-schemas';

/** Base64 of a file's bytes (chunked: String.fromCharCode on megabytes at once overflows the stack). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Why a file cannot be opened before it is even sent, or null. */
export function fileProblem(file: Blob & { name?: string }): string | null {
  const name = file.name || 'the file';
  if (file.size === 0) return `${name} is empty`;
  if (file.size > MAX_IMAGE_FILE_BYTES) return `${name} is larger than ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB`;
  return null;
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Saves bytes as a download (the browser's downloads; in the desktop app Electron asks where to
 * save). A blob: URL, so nothing leaves the machine.
 */
export function saveFile(bytes: Uint8Array<ArrayBuffer>, fileName: string, type = 'image/png'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A request id for cancel and progress (crypto.randomUUID exists in secure contexts: file:, localhost). */
export function newRequestId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
