/**
 * Pictures dropped anywhere on the window or pasted (Ctrl+V) go to the editor. Dropping a file
 * never navigates away (the desktop shell blocks that too); only image files are taken.
 */
import { useEffect, useRef, useState } from 'react';

function firstImage(files: FileList | null | undefined): File | null {
  for (const file of Array.from(files ?? [])) if (file.type === '' || file.type.startsWith('image/')) return file;
  return null;
}

/** Returns whether a drag with files is over the window (to highlight the drop target). */
export function useFileIntake(onFile: (file: File) => void, onRefused: (message: string) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const ref = useRef({ onFile, onRefused });
  ref.current = { onFile, onRefused };
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = firstImage(e.dataTransfer?.files);
      if (file) ref.current.onFile(file);
      else ref.current.onRefused('That is not an image file: drop a PNG, JPEG, WebP, GIF or TIFF picture.');
    };
    const paste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const file = firstImage(e.clipboardData?.files);
      if (!file) return;
      e.preventDefault();
      ref.current.onFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, []);
  return dragging;
}
