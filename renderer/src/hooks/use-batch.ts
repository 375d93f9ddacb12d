/**
 * The batch panel's controller: the folders and options, the job running (one at a time per
 * window), its progress from `batch` events, Cancel by request id, and the results read back from
 * the output folder's index (so a re-run or a reload shows what earlier runs did). With a recipe
 * (issue #19) the run carries its fields (state/recipe-draft.ts: batchEditFields) and the results
 * of a re-edit from seeds are read with the seeds' folder.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatchOutcome } from '../../../electron/contract/batch-outcome';
import type { BatchProgressInfo, BatchResults, BatchSummaryInfo, EmbedMethodName, Polarity, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo } from '../../../electron/contract/result';
import { newRequestId } from '../files';
import { outcomeOf } from '../state/batch-notice';
import type { BatchEditFields, BatchViewMemory } from '../state/recipe-draft';

/** What a run adds for an edit: a recipe (saved or inline), the whole photo, the seeds to re-edit. */
export type BatchEditRequest = Extract<BatchEditFields, { ok: true }>['fields'];

export interface BatchFolders {
  input: string;
  out: string;
}

/** `steps`: the Settings value (null: what the pack's embedder was trained for). */
export function useBatch(
  api: ReseedApi,
  initial: BatchFolders,
  onFolders: (folders: BatchFolders) => void,
  onEnd?: (outcome: BatchOutcome) => void,
  steps: number | null = null,
  memory: BatchViewMemory = {},
) {
  const [folders, setFolders] = useState<BatchFolders>(memory.folders ?? initial);
  // The choices the view had when it was last shown (the editor keeps them across views).
  const [recursive, setRecursive] = useState(memory.recursive ?? false);
  const [method, setMethod] = useState<EmbedMethodName>(memory.method ?? 'network');
  /** Negate each picture or not (auto: each from its own border). */
  const [polarity, setPolarity] = useState<Polarity>(memory.polarity ?? 'auto');
  useEffect(() => {
    Object.assign(memory, { folders, recursive, method, polarity });
  }, [memory, folders, recursive, method, polarity]);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<BatchProgressInfo | null>(null);
  const [summary, setSummary] = useState<BatchSummaryInfo | null>(null);
  const [results, setResults] = useState<BatchResults | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  /** What "Open output folder" did (the folder it handed to the file manager). */
  const [opened, setOpened] = useState<string | null>(null);
  const runningRef = useRef<string | null>(null);

  // Settings load after the first render: take their folders while the user has typed none.
  useEffect(() => {
    setFolders((f) => ({ input: f.input || initial.input, out: f.out || initial.out }));
  }, [initial.input, initial.out]);

  useEffect(
    () =>
      api.on('batch', (event) => {
        if (event.requestId === runningRef.current) setProgress(event.progress);
      }),
    [api],
  );

  const loadResults = useCallback(
    async (input: string, out: string, fromSeeds?: string) => {
      const r = await api.batchResults({ input, out, limit: 60, ...(fromSeeds ? { fromSeeds } : {}) });
      if (r.ok) setResults(r.value);
      else setError(r.error);
    },
    [api],
  );

  const run = useCallback(async (edit: BatchEditRequest = {}) => {
    const requestId = newRequestId();
    runningRef.current = requestId;
    setRunning(requestId);
    setError(null);
    setSummary(null);
    setProgress(null);
    onFolders(folders);
    const started = performance.now();
    const r = await api.batchRun({ requestId, input: folders.input, out: folders.out, recursive, method, polarity, ...(steps === null ? {} : { steps }), ...edit });
    runningRef.current = null;
    setRunning(null);
    onEnd?.(outcomeOf(r, (performance.now() - started) / 1000));
    if (r.ok) {
      setSummary(r.value);
      setProgress(r.value);
      await loadResults(folders.input, folders.out, edit.fromSeeds);
    } else {
      setError(r.error);
    }
  }, [api, folders, recursive, method, polarity, onFolders, onEnd, loadResults, steps]);

  const cancel = useCallback(() => {
    if (runningRef.current !== null) void api.cancel({ requestId: runningRef.current });
  }, [api]);

  /** "Open output folder": the system's file manager on the output folder (checked by the engine). */
  const openOutput = useCallback(async () => {
    setOpened(null);
    const r = await api.openFolder({ path: folders.out });
    if (r.ok) setOpened(r.value.path);
    else setError(r.error);
  }, [api, folders.out]);

  return { opened, folders, setFolders, recursive, setRecursive, method, setMethod, polarity, setPolarity, running: running !== null, progress, summary, results, error, setError, run, cancel, loadResults, openOutput };
}
