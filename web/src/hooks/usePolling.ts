import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../api.ts";

export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** Loads again now; resolves with the fresh data, or null when the load failed. */
  reload: () => Promise<T | null>;
}

/**
 * Loads `load` (memoize it with useCallback) on mount and whenever it changes, then every `intervalMs`
 * when given. A failed refresh keeps the last good data and reports the error beside it.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number | null): Polled<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  // Responses from an older `load` (say, the previous item's id) must not overwrite the current one.
  const generationRef = useRef(0);

  const run = useCallback(
    async (generation: number): Promise<T | null> => {
      try {
        const data = await load();
        if (generationRef.current === generation) setState({ data, error: null });
        return data;
      } catch (error) {
        if (generationRef.current === generation) {
          setState((previous) => ({ data: previous.data, error: errorMessage(error) }));
        }
        return null;
      }
    },
    [load],
  );

  useEffect(() => {
    generationRef.current += 1;
    const generation = generationRef.current;
    setState({ data: null, error: null });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await run(generation);
      if (intervalMs !== null && generationRef.current === generation) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      generationRef.current += 1;
      clearTimeout(timer);
    };
  }, [run, intervalMs]);

  const reload = useCallback(() => run(generationRef.current), [run]);
  return { data: state.data, error: state.error, reload };
}

/** A flag that turns false on unmount, so long-running loops (post-send polling) can stop. */
export function useMountedRef(): { readonly current: boolean } {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
