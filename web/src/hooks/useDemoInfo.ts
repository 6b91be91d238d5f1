import { useEffect, useState } from "react";
import type { DemoInfo } from "../../../server/api/types.ts";
import { api } from "../api.ts";

// Demo mode doesn't change while the server runs, so one request serves the nav and the compose page.
let cached: Promise<DemoInfo | null> | null = null;

function loadDemoInfo(): Promise<DemoInfo | null> {
  cached ??= api.getDemoInfo().catch(() => {
    cached = null;
    return null;
  });
  return cached;
}

/** The server's demo settings; null while loading or when the server can't say. */
export function useDemoInfo(): DemoInfo | null {
  const [info, setInfo] = useState<DemoInfo | null>(null);
  useEffect(() => {
    let active = true;
    void loadDemoInfo().then((loaded) => {
      if (active) setInfo(loaded);
    });
    return () => {
      active = false;
    };
  }, []);
  return info;
}
