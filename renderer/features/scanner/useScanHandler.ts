import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useStores } from '../../app/context';
import type { ScanHandler } from './scannerStore';

/** Render order: a screen renders before the parts inside it, and a later screen after earlier ones. */
let mountCounter = 0;

/**
 * Subscribes the calling screen to scans while it is mounted. The innermost, most recently
 * mounted handler is asked first; answering null passes the scan on (in the end to the global
 * "scanning anywhere" router). The handler may change on every render; the latest one is used.
 */
export function useScanHandler(handler: ScanHandler): void {
  const stores = useStores();
  const latest = useRef(handler);
  // Taken during the first render, which runs parent before child (effects run child first).
  const [order] = useState(() => ++mountCounter);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => stores.scanner.getState().register((scan) => latest.current(scan), order), [stores, order]);
}
