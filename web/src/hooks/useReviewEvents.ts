import { useEffect, useRef, useState } from "react";
import type { ReviewEvent, ReviewViewer } from "../../../server/api/types.ts";

// Bursts of changes (a bulk import, a busy minute) cause one reload, not one per item.
const debounceMs = 300;

/**
 * Live review events over SSE: calls `onChange` (debounced) when items are created or changed, and
 * returns who else is viewing `viewing`. EventSource reconnects by itself after a network drop.
 */
export function useReviewEvents(onChange: (event: ReviewEvent) => void, viewing?: string): ReviewViewer[] {
  const [viewers, setViewers] = useState<ReviewViewer[]>([]);
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    const query = viewing ? `?viewing=${encodeURIComponent(viewing)}` : "";
    const source = new EventSource(`/api/review/events${query}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as ReviewEvent;
      if (viewing && event.itemId !== viewing) return;
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(event), debounceMs);
    };
    source.addEventListener("item.created", changed);
    source.addEventListener("item.changed", changed);
    source.addEventListener("presence", (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as ReviewEvent;
      if (event.type === "presence" && event.itemId === viewing) setViewers(event.viewers);
    });
    source.addEventListener("ready", (message: MessageEvent<string>) => {
      setViewers((JSON.parse(message.data) as { viewers: ReviewViewer[] }).viewers);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [viewing]);
  return viewers;
}
